/**
 * `readTable`: one entry for every table format. The format comes from the name (.csv, .tsv/.tab,
 * .jsonl/.ndjson, .parquet/.pq; a trailing .gz is gunzipped) or, failing that, from the content.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { InputError, errorMessage } from '../../errors.js';
import { DelimitedReader } from './delimited.js';
import { JsonlReader } from './jsonl.js';
import { readParquet } from './parquet.js';
import { SNIFF_BYTES, sniffDelimiter } from './sniff.js';
const CHUNK = 1 << 20;
/**
 * What a gzipped table may inflate to (docs/config.md "Limits"): the data-file cap bounds what a pull
 * request stores, not what it inflates to (gzip reaches about 1000:1, so a 100 MiB blob could claim
 * 100 GiB). Inflating streams (CSV, TSV, JSON Lines are read chunk by chunk); a gzipped Parquet file is
 * held whole, so the same cap bounds its memory.
 */
export const MAX_INFLATED_BYTES = 1024 * 1024 * 1024;
function sizeText(n) {
    const GiB = 1024 ** 3;
    if (n >= GiB && n % GiB === 0)
        return `${n / GiB} GiB`;
    if (n >= 1024 ** 2)
        return `${+(n / 1024 ** 2).toFixed(1)} MiB`;
    return `${+(n / 1024).toFixed(1)} KiB`;
}
export function formatFromName(name) {
    const lower = name.toLowerCase().replace(/\.gz$/, '');
    if (lower.endsWith('.csv'))
        return 'csv';
    if (lower.endsWith('.tsv') || lower.endsWith('.tab'))
        return 'tsv';
    if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson'))
        return 'jsonl';
    if (lower.endsWith('.parquet') || lower.endsWith('.pq'))
        return 'parquet';
    return undefined;
}
/** Is this a table file the readers understand (by name)? */
export function isTableFile(name) {
    return formatFromName(name) !== undefined;
}
function sniff(head) {
    if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x41 && head[2] === 0x52 && head[3] === 0x31)
        return 'parquet';
    let i = 0;
    if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf)
        i = 3;
    while (i < head.length && (head[i] === 0x20 || head[i] === 0x0a || head[i] === 0x0d || head[i] === 0x09))
        i++;
    if (head[i] === 0x7b)
        return 'jsonl';
    let tabs = 0;
    let commas = 0;
    for (let j = i; j < head.length && head[j] !== 0x0a; j++) {
        if (head[j] === 0x09)
            tabs++;
        else if (head[j] === 0x2c)
            commas++;
    }
    return tabs > commas ? 'tsv' : 'csv';
}
function inputName(input) {
    return 'path' in input ? input.path : input.name;
}
/** Inflate a gzip stream chunk by chunk, at most `limit` bytes in all. */
async function* inflate(source, file, limit) {
    const gunzip = createGunzip({ chunkSize: 256 * 1024 });
    // pipe() does not forward the source's errors: a read error ends the loop below instead of hanging it
    source.on('error', (err) => gunzip.destroy(err));
    source.pipe(gunzip);
    let total = 0;
    try {
        for await (const c of gunzip) {
            total += c.length;
            if (total > limit) {
                throw new InputError(file, `inflates to more than ${sizeText(limit)} (the limit for a gzipped table)`);
            }
            yield c;
        }
    }
    catch (err) {
        if (err instanceof InputError || err.syscall)
            throw err;
        throw new InputError(file, `not valid gzip (${errorMessage(err)})`);
    }
    finally {
        source.unpipe(gunzip);
        source.destroy();
        gunzip.destroy();
    }
}
/** Read a table: a deterministic sample of `opts.sampleSize` rows (0 = every row) as columns. */
export async function readTable(input, opts) {
    const file = inputName(input);
    const gz = file.toLowerCase().endsWith('.gz');
    let size;
    if ('path' in input) {
        try {
            const st = statSync(input.path);
            if (st.isDirectory())
                throw new InputError(file, 'is a directory, not a table file');
            // a FIFO would block the read forever, a socket cannot be read: only regular files
            if (!st.isFile())
                throw new InputError(file, 'is not a regular file');
            size = st.size;
        }
        catch (err) {
            if (err instanceof InputError)
                throw err;
            const code = err.code;
            if (code === 'ENOENT')
                throw new InputError(file, 'file not found');
            throw new InputError(file, `cannot read (${errorMessage(err)})`);
        }
    }
    else {
        size = input.data.length;
    }
    if (size === 0)
        throw new InputError(file, 'empty file (0 bytes)');
    try {
        return await readContent(input, file, gz, size, opts);
    }
    catch (err) {
        // a file that cannot be opened or read (permissions, I/O) is an input error naming it, not a crash
        if (!(err instanceof InputError) && typeof err.code === 'string' && err.syscall) {
            throw new InputError(file, `cannot read (${errorMessage(err)})`);
        }
        throw err;
    }
}
async function readContent(input, file, gz, size, opts) {
    let format = opts.format ?? formatFromName(file);
    if (!format)
        format = sniff(await firstBytes(input, gz, 4096, opts.maxInflatedBytes));
    if (format === 'parquet') {
        if (gz) {
            const parts = [];
            for await (const c of chunks(input, gz, file, opts.maxInflatedBytes))
                parts.push(c);
            return readParquet({ name: file, data: Buffer.concat(parts) }, file, opts);
        }
        return readParquet(input, file, opts);
    }
    if (format === 'jsonl') {
        const reader = new JsonlReader(file, opts);
        for await (const chunk of chunks(input, gz, file, opts.maxInflatedBytes)) {
            reader.push(chunk);
            opts.onBytes?.(chunk.length);
        }
        return reader.finish();
    }
    // the delimiter is sniffed (comma, semicolon, tab, pipe); the name's convention breaks ties
    const first = await firstBytes(input, gz, SNIFF_BYTES, opts.maxInflatedBytes);
    const delimiter = sniffDelimiter(first, first.length < SNIFF_BYTES || first.length === size, format === 'tsv' ? '\t' : ',');
    const reader = new DelimitedReader(file, delimiter.charCodeAt(0), format, opts);
    for await (const chunk of chunks(input, gz, file, opts.maxInflatedBytes)) {
        reader.push(chunk);
        opts.onBytes?.(chunk.length);
    }
    return { ...reader.finish(), delimiter };
}
/** The first `max` bytes of the (inflated) content: a gzipped file is inflated only that far. */
async function firstBytes(input, gz, max, limit) {
    if (gz) {
        const parts = [];
        let n = 0;
        for await (const c of chunks(input, gz, inputName(input), limit)) {
            parts.push(c);
            n += c.length;
            if (n >= max)
                break;
        }
        return Buffer.concat(parts).subarray(0, max);
    }
    if (!('path' in input))
        return input.data.subarray(0, max);
    const fd = openSync(input.path, 'r');
    try {
        const b = Buffer.allocUnsafe(max);
        const n = readSync(fd, b, 0, max, 0);
        return b.subarray(0, n);
    }
    finally {
        closeSync(fd);
    }
}
async function* chunks(input, gz, file, limit = MAX_INFLATED_BYTES) {
    if (gz) {
        yield* inflate('path' in input ? createReadStream(input.path, { fd: openSync(input.path, 'r') }) : Readable.from([input.data]), file, limit);
        return;
    }
    if (!('path' in input)) {
        yield input.data;
        return;
    }
    const fd = openSync(input.path, 'r');
    try {
        const b = Buffer.allocUnsafe(CHUNK);
        for (;;) {
            const n = readSync(fd, b, 0, CHUNK, null);
            if (n === 0)
                break;
            yield b.subarray(0, n);
        }
    }
    finally {
        closeSync(fd);
    }
}
