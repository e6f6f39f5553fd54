/**
 * CSV/TSV: a streaming tokenizer over bytes (RFC 4180 quoting as pandas reads it).
 *
 * - fields are separated by `delimiter`; records end at LF, CRLF or a lone CR;
 * - a field starting with `"` is quoted: it may hold delimiters, newlines and `""` (one quote);
 *   text after the closing quote up to the next delimiter is kept (pandas does the same);
 * - a UTF-8 BOM at the start is dropped; blank lines (only spaces/tabs) are skipped;
 * - the first record is the header (duplicate names get `.1`, `.2` …, empty ones `Unnamed: i`);
 * - every data record must have as many fields as the header, else InputError naming the line;
 * - the bytes must be valid UTF-8, else InputError naming the line.
 *
 * Cells are converted straight from bytes: numbers without creating strings, categories interned. A cell
 * longer than `maxCellBytes` (MAX_CELL_BYTES) keeps the text of its first bytes plus `…` (types.ts).
 */
import { isUtf8 } from 'node:buffer';
import { InputError } from '../../errors.js';
import type { FeatureValue } from '../item.js';
import { CUT_MARK, Interner, isNaBytes, parseNumberBytes, textCell, NA_TOKENS } from './cells.js';
import { ChunkedReader } from './chunked.js';
import { RowSampler, hashBytes, hashHex, rowKey } from './sampler.js';
import { MAX_CELL_BYTES, MAX_COLUMNS, type ReadTableOptions, type TableFormat, type TableSample } from './types.js';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

/** field flags */
const PLAIN = 0;
const QUOTED = 1; // content range excludes the quotes, no escapes inside
const MESSY = 2; // raw range holds quotes / escapes: decode with `unquote`

export class DelimitedReader extends ChunkedReader {
  /** physical line (1-based) at the start of the unparsed data */
  private line = 1;
  private atFileStart = true;
  private header: string[] | null = null;
  private ncols = 0;
  private starts = new Int32Array(16);
  private ends = new Int32Array(16);
  private flags = new Uint8Array(16);
  private rows = 0;
  // full mode
  /** full mode: a column is numbers (NaN = missing) until its first text cell, then values */
  private nums: (Float64Array | null)[] = [];
  private cols: (FeatureValue[] | null)[] = [];
  private interners: (Interner | null)[] = [];
  private raw: boolean[] = [];
  private keys: number[] | null;
  // sample mode
  private sampler: RowSampler<FeatureValue[]> | null;
  private readonly decoder = new TextDecoder('utf-8');
  private readonly maxCell: number;

  constructor(
    private readonly file: string,
    private readonly delimiter: number,
    private readonly format: TableFormat,
    private readonly opts: ReadTableOptions,
  ) {
    super();
    this.sampler = opts.sampleSize > 0 ? new RowSampler<FeatureValue[]>(opts.sampleSize, opts.seed) : null;
    this.keys = opts.sampleSize <= 0 && opts.rowKeys !== false ? [] : null;
    this.maxCell = Math.max(4, opts.maxCellBytes ?? MAX_CELL_BYTES);
  }

  /**
   * Where the kept text of field j ends: its end, or (a field longer than maxCell bytes) the last UTF-8
   * character boundary at most maxCell bytes in; -1 when the field is not cut.
   */
  private cutAt(b: Buffer, j: number): number {
    const s = this.starts[j]!;
    if (this.ends[j]! - s <= this.maxCell) return -1;
    let e = s + this.maxCell;
    while (e > s && (b[e]! & 0xc0) === 0x80) e--;
    return e;
  }

  /** the kept text of a field cut at `cut` (quotes decoded as for an uncut field), marked as cut */
  private cutText(b: Buffer, j: number, cut: number): string {
    const t = this.decoder.decode(b.subarray(this.starts[j]!, cut));
    return (this.flags[j] === MESSY ? unquote(t) : t) + CUT_MARK;
  }

  finish(): TableSample {
    this.parse(true);
    if (this.header === null) throw new InputError(this.file, 'empty file (no header row)');
    if (this.rows === 0) throw new InputError(this.file, 'no data rows (header only)');
    const names = this.header;
    const columns = new Map<string, FeatureValue[]>();
    let rowKeys: string[] = [];
    if (this.sampler) {
      const entries = this.sampler.entries();
      rowKeys = entries.map((e) => hashHex(e.hash));
      names.forEach((name, j) => {
        const col = new Array<FeatureValue>(entries.length);
        for (let i = 0; i < entries.length; i++) col[i] = entries[i]!.value[j]!;
        columns.set(name, col);
      });
    } else {
      const n = this.rows;
      const nanMissing = this.opts.nanMissing === true;
      names.forEach((name, j) => {
        const num = this.nums[j];
        if (num) {
          const out = new Array<FeatureValue>(n);
          if (nanMissing) for (let i = 0; i < n; i++) out[i] = num[i]!;
          else
            for (let i = 0; i < n; i++) {
              const x = num[i]!;
              out[i] = x === x ? x : null;
            }
          columns.set(name, out);
        } else columns.set(name, this.cols[j]!);
      });
      if (this.keys) rowKeys = this.keys.map(hashHex);
    }
    return { columns, rowKeys, totalRows: this.rows, format: this.format };
  }

  /** parse every complete record in the buffer; keep the incomplete tail. */
  protected parse(eof: boolean): void {
    const b = this.buf;
    const n = this.len;
    const delim = this.delimiter;
    let pos = 0;
    if (this.atFileStart) {
      if (n < 3 && !eof) return;
      if (n >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) pos = 3;
      this.atFileStart = false;
    }
    const lineAtStart = this.line;
    const regionStart = pos;
    let line = this.line;
    let consumed = pos;
    records: while (pos < n) {
      const recStart = pos;
      let c = b[pos]!;
      // blank line (empty, or spaces/tabs that are not the delimiter)
      if (c === LF || c === CR || ((c === SPACE || c === TAB) && c !== delim)) {
        let p = pos;
        while (p < n && (b[p] === SPACE || b[p] === TAB) && b[p] !== delim) p++;
        if (p === n && !eof) break;
        if (p === n || b[p] === LF || b[p] === CR) {
          if (p < n && b[p] === CR) {
            if (p + 1 === n && !eof) break;
            p++;
            if (p < n && b[p] === LF) p++;
          } else if (p < n) p++;
          pos = p;
          line++;
          consumed = pos;
          continue;
        }
      }
      let nf = 0;
      let extraLines = 0;
      let recEnd: number;
      for (;;) {
        let fs = pos;
        let fe: number;
        let flag = PLAIN;
        if (pos < n && b[pos] === QUOTE) {
          // quoted field
          let q = pos + 1;
          let escaped = false;
          for (;;) {
            q = q < n ? b.indexOf(QUOTE, q) : -1;
            if (q < 0 || q >= n) {
              if (!eof) break records;
              throw this.fail(lineAtStart, regionStart, recStart, line, 'unterminated quoted field');
            }
            if (q + 1 < n && b[q + 1] === QUOTE) {
              escaped = true;
              q += 2;
              continue;
            }
            if (q + 1 === n && !eof) break records;
            break;
          }
          for (let k = pos + 1; k < q; k++) if (b[k] === LF) extraLines++;
          pos = q + 1;
          if (pos < n && b[pos] !== delim && b[pos] !== LF && b[pos] !== CR) {
            // text after the closing quote: keep it (as pandas does)
            while (pos < n && b[pos] !== delim && b[pos] !== LF && b[pos] !== CR) pos++;
            if (pos === n && !eof) break records;
            flag = MESSY;
            fe = pos;
          } else if (escaped) {
            flag = MESSY;
            fe = pos;
          } else {
            flag = QUOTED;
            fs = fs + 1;
            fe = q;
          }
        } else {
          while (pos < n) {
            c = b[pos]!;
            if (c === delim || c === LF || c === CR) break;
            pos++;
          }
          if (pos === n && !eof) break records;
          fe = pos;
        }
        if (nf < this.starts.length) {
          this.starts[nf] = fs;
          this.ends[nf] = fe;
          this.flags[nf] = flag;
        } else if (this.header === null) {
          this.growFields(nf + 1);
          this.starts[nf] = fs;
          this.ends[nf] = fe;
          this.flags[nf] = flag;
        }
        nf++;
        if (pos === n) {
          recEnd = pos;
          break;
        }
        c = b[pos]!;
        if (c === delim) {
          pos++;
          if (pos === n && !eof) break records;
          continue;
        }
        recEnd = pos;
        if (c === LF) {
          pos++;
        } else {
          // CR or CRLF
          if (pos + 1 === n && !eof) break records;
          pos++;
          if (pos < n && b[pos] === LF) pos++;
        }
        break;
      }
      // a complete record [recStart, recEnd)
      if (this.header === null) {
        this.setHeader(b, nf);
      } else {
        if (nf !== this.ncols) {
          throw this.fail(lineAtStart, regionStart, recStart, line, `expected ${this.ncols} fields (as in the header), found ${nf}`);
        }
        this.rows++;
        if (this.sampler) {
          const h = hashBytes(b, recStart, recEnd, this.opts.seed);
          if (this.sampler.accepts(h)) {
            const row = new Array<FeatureValue>(nf);
            for (let j = 0; j < nf; j++) row[j] = this.cell(b, j);
            this.sampler.offer(h, rowKey(b, recStart, recEnd), row);
          }
        } else {
          if (this.keys) this.keys.push(hashBytes(b, recStart, recEnd, this.opts.seed));
          const row = this.rows - 1;
          const nums = this.nums;
          for (let j = 0; j < nf; j++) {
            const num = nums[j];
            if (num) {
              const x = this.numberCell(b, j);
              if (x !== undefined) {
                if (row >= num.length) this.growColumn(j);
                nums[j]![row] = x;
                continue;
              }
              this.toValues(j, row);
            }
            this.cols[j]!.push(this.cell(b, j));
          }
        }
      }
      line += 1 + extraLines;
      consumed = pos;
    }
    // validate what was parsed (UTF-8), then drop it from the buffer
    if (consumed > regionStart && !isUtf8(b.subarray(regionStart, consumed))) {
      throw this.utf8Error(lineAtStart, regionStart, consumed);
    }
    if (eof && consumed < n) {
      // cannot happen: at eof every byte belongs to a record
      throw new InputError(this.file, 'could not parse the end of the file', line);
    }
    this.line = line;
    b.copyWithin(0, consumed, n);
    this.len = n - consumed;
  }

  private growFields(size: number): void {
    let s = this.starts.length;
    while (s < size) s *= 2;
    const st = new Int32Array(s);
    st.set(this.starts);
    const en = new Int32Array(s);
    en.set(this.ends);
    const fl = new Uint8Array(s);
    fl.set(this.flags);
    this.starts = st;
    this.ends = en;
    this.flags = fl;
  }

  private setHeader(b: Buffer, nf: number): void {
    if (nf > MAX_COLUMNS) throw new InputError(this.file, `${nf} columns in the header (at most ${MAX_COLUMNS.toLocaleString('en-US')} per table)`, 1);
    const names: string[] = [];
    const seen = new Map<string, number>();
    for (let j = 0; j < nf; j++) {
      let name = this.text(b, j);
      if (name === '') name = `Unnamed: ${j}`;
      let out = name;
      let k = seen.get(name) ?? 0;
      while (seen.has(out)) out = `${name}.${++k}`;
      seen.set(name, k);
      seen.set(out, 0);
      names.push(out);
    }
    this.header = names;
    this.ncols = nf;
    if (this.starts.length < nf + 1) this.growFields(nf + 1);
    const raw = new Set(this.opts.rawColumns ?? []);
    this.raw = names.map((nm) => raw.has(nm));
    this.nums = names.map((_, j) => (this.sampler || this.raw[j] ? null : new Float64Array(1024)));
    this.cols = names.map((_, j) => (this.nums[j] ? null : []));
    this.interners = names.map(() => null);
  }

  /** the decoded text of field j of the current record (the header) */
  private text(b: Buffer, j: number): string {
    // header names stay whole (not cut to maxCellBytes): the report shortens them with their full length and a hash
    const s = this.starts[j]!;
    const e = this.ends[j]!;
    if (this.flags[j] === MESSY) return unquote(this.decoder.decode(b.subarray(s, e)));
    return this.decoder.decode(b.subarray(s, e));
  }

  /** field j as a number (NaN = missing), or undefined when it is text */
  private numberCell(b: Buffer, j: number): number | undefined {
    if (this.cutAt(b, j) >= 0) return undefined; // a cut cell is text
    const s = this.starts[j]!;
    const e = this.ends[j]!;
    if (this.flags[j] === MESSY) {
      const v = textCell(unquote(this.decoder.decode(b.subarray(s, e))));
      return v === null ? NaN : typeof v === 'number' ? v : undefined;
    }
    const x = parseNumberBytes(b, s, e);
    if (x === x) return x;
    return isNaBytes(b, s, e) ? NaN : undefined;
  }

  private growColumn(j: number): void {
    const old = this.nums[j]!;
    const next = new Float64Array(old.length * 2);
    next.set(old);
    this.nums[j] = next;
  }

  /** column j met text: from now on it holds values (the first `rows` numbers converted) */
  private toValues(j: number, rows: number): void {
    const num = this.nums[j]!;
    const vals = new Array<FeatureValue>();
    for (let i = 0; i < rows; i++) {
      const x = num[i]!;
      vals.push(x === x ? x : null);
    }
    this.cols[j] = vals;
    this.nums[j] = null;
  }

  /** the value of field j of the current record */
  private cell(b: Buffer, j: number): FeatureValue {
    const cut = this.cutAt(b, j);
    if (cut >= 0) return this.cutText(b, j, cut);
    const s = this.starts[j]!;
    const e = this.ends[j]!;
    if (this.flags[j] === MESSY) {
      const t = unquote(this.decoder.decode(b.subarray(s, e)));
      if (this.raw[j]) return NA_TOKENS.has(t) ? null : t;
      return textCell(t);
    }
    if (!this.raw[j]) {
      const x = parseNumberBytes(b, s, e);
      if (x === x) return x;
    }
    if (isNaBytes(b, s, e)) return null;
    let it = this.interners[j];
    if (!it) it = this.interners[j] = new Interner();
    return it.get(b, s, e);
  }

  private fail(lineAtStart: number, regionStart: number, recStart: number, line: number, reason: string): InputError {
    // report bad bytes before the problem first, as they come first in the file
    if (recStart > regionStart && !isUtf8(this.buf.subarray(regionStart, recStart))) {
      return this.utf8Error(lineAtStart, regionStart, recStart);
    }
    return new InputError(this.file, reason, line);
  }

  private utf8Error(lineAtStart: number, start: number, end: number): InputError {
    const b = this.buf;
    const fatal = new TextDecoder('utf-8', { fatal: true });
    let line = lineAtStart;
    let p = start;
    while (p < end) {
      let q = b.indexOf(LF, p);
      if (q < 0 || q >= end) q = end;
      try {
        fatal.decode(b.subarray(p, q));
      } catch {
        return new InputError(this.file, 'undecodable bytes (not valid UTF-8)', line);
      }
      line++;
      p = q + 1;
    }
    return new InputError(this.file, 'undecodable bytes (not valid UTF-8)', lineAtStart);
  }
}

/** decode a raw quoted field: `"a""b"c` → `a"bc` */
export function unquote(raw: string): string {
  if (raw.charCodeAt(0) !== QUOTE) return raw;
  let out = '';
  let i = 1;
  for (;;) {
    const q = raw.indexOf('"', i);
    if (q < 0) return out + raw.slice(i);
    out += raw.slice(i, q);
    if (raw.charCodeAt(q + 1) === QUOTE) {
      out += '"';
      i = q + 2;
      continue;
    }
    return out + raw.slice(q + 1);
  }
}
