/**
 * JSON Lines: one JSON object per non-blank line. Columns are the union of the keys in order of
 * first appearance; a key missing from a row is a missing cell. Numbers stay numbers, strings go
 * through the cell rules (NA tokens, number literals), booleans become "true"/"false", nested
 * objects and arrays become their JSON text.
 */
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../json-depth.js';
import { InputError } from '../../errors.js';
import { NA_TOKENS, cutText, textCell } from './cells.js';
import { ChunkedReader } from './chunked.js';
import { RowSampler, hashBytes, hashHex, rowKey } from './sampler.js';
import { MAX_CELL_BYTES, MAX_COLUMNS } from './types.js';
const LF = 0x0a;
export function jsonValue(v, raw, maxBytes = MAX_CELL_BYTES) {
    if (v === null || v === undefined)
        return null;
    if (typeof v === 'number')
        return Number.isNaN(v) ? null : v;
    if (typeof v === 'string') {
        // a text longer than the cell cap keeps its first bytes plus `…` and is never a number or missing (as in CSV)
        const kept = cutText(v, maxBytes);
        if (kept !== v)
            return kept;
        return raw ? (NA_TOKENS.has(v) ? null : v) : textCell(v);
    }
    if (typeof v === 'boolean')
        return v ? 'true' : 'false';
    if (typeof v === 'bigint')
        return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
    return cutText(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x)), maxBytes);
}
export class JsonlReader extends ChunkedReader {
    file;
    opts;
    line = 1;
    rows = 0;
    atFileStart = true;
    names = [];
    index = new Map();
    raw;
    decoder = new TextDecoder('utf-8', { fatal: true });
    // full mode: one array per column, backfilled with nulls when a column first appears
    cols = [];
    keys;
    sampler;
    constructor(file, opts) {
        super();
        this.file = file;
        this.opts = opts;
        this.raw = new Set(opts.rawColumns ?? []);
        this.sampler = opts.sampleSize > 0 ? new RowSampler(opts.sampleSize, opts.seed) : null;
        this.keys = opts.sampleSize <= 0 && opts.rowKeys !== false ? [] : null;
    }
    finish() {
        this.parse(true);
        if (this.rows === 0)
            throw new InputError(this.file, 'no data rows (no JSON objects)');
        const columns = new Map();
        let rowKeys = [];
        if (this.sampler) {
            const entries = this.sampler.entries();
            rowKeys = entries.map((e) => hashHex(e.hash));
            this.names.forEach((name, j) => {
                columns.set(name, entries.map((e) => e.value.get(j) ?? null));
            });
        }
        else {
            this.names.forEach((name, j) => {
                const col = this.cols[j];
                while (col.length < this.rows)
                    col.push(null);
                columns.set(name, col);
            });
            if (this.keys)
                rowKeys = this.keys.map(hashHex);
        }
        return { columns, rowKeys, totalRows: this.rows, format: 'jsonl' };
    }
    parse(eof) {
        const b = this.buf;
        const n = this.len;
        let pos = 0;
        if (this.atFileStart) {
            if (n < 3 && !eof)
                return;
            if (n >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf)
                pos = 3;
            this.atFileStart = false;
        }
        while (pos < n) {
            let end = b.indexOf(LF, pos);
            if (end < 0 || end >= n) {
                if (!eof)
                    break;
                end = n;
            }
            const next = end + 1;
            if (end > pos && b[end - 1] === 0x0d)
                end--;
            this.record(b, pos, end);
            this.line++;
            pos = next;
        }
        b.copyWithin(0, Math.min(pos, n), n);
        this.len = n - Math.min(pos, n);
    }
    record(b, start, end) {
        let s = start;
        while (s < end && (b[s] === 0x20 || b[s] === 0x09))
            s++;
        if (s === end)
            return; // blank line
        let text;
        try {
            text = this.decoder.decode(b.subarray(start, end));
        }
        catch {
            throw new InputError(this.file, 'undecodable bytes (not valid UTF-8)', this.line);
        }
        if (nestsDeeperThan(b, s, end))
            throw new InputError(this.file, `JSON nested more than ${MAX_JSON_DEPTH} levels deep`, this.line);
        let obj;
        try {
            obj = JSON.parse(text);
        }
        catch (err) {
            throw new InputError(this.file, `malformed JSON (${err.message})`, this.line);
        }
        if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
            throw new InputError(this.file, 'expected a JSON object on each line', this.line);
        }
        const row = this.rows++;
        if (this.sampler) {
            // register keys of every row so the columns are the union over the whole file
            const entries = Object.entries(obj);
            for (const [k] of entries)
                this.columnIndex(k);
            const h = hashBytes(b, start, end, this.opts.seed);
            if (!this.sampler.accepts(h))
                return;
            const values = new Map();
            for (const [k, v] of entries)
                values.set(this.columnIndex(k), jsonValue(v, this.raw.has(k), this.opts.maxCellBytes));
            this.sampler.offer(h, rowKey(b, start, end), values);
            return;
        }
        if (this.keys)
            this.keys.push(hashBytes(b, start, end, this.opts.seed));
        for (const k in obj) {
            const j = this.columnIndex(k);
            const col = this.cols[j];
            while (col.length < row)
                col.push(null);
            col.push(jsonValue(obj[k], this.raw.has(k), this.opts.maxCellBytes));
        }
    }
    columnIndex(k) {
        let j = this.index.get(k);
        if (j === undefined) {
            if (this.names.length >= MAX_COLUMNS) {
                throw new InputError(this.file, `more than ${MAX_COLUMNS.toLocaleString('en-US')} distinct keys (columns; at most that many per table)`, this.line);
            }
            j = this.names.length;
            this.names.push(k);
            this.index.set(k, j);
            this.cols.push([]);
        }
        return j;
    }
}
