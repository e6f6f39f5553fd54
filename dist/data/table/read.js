/**
 * `readTable`: one entry for every table format. The format comes from the name (.csv, .tsv/.tab,
 * .jsonl/.ndjson, .parquet/.pq; a trailing .gz is gunzipped) or, failing that, from the content.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import { createGunzip, gunzipSync } from 'node:zlib';
import { InputError, errorMessage } from '../../errors.js';
import { DelimitedReader } from './delimited.js';
import { JsonlReader } from './jsonl.js';
import { readParquet } from './parquet.js';
import { SNIFF_BYTES, sniffDelimiter } from './sniff.js';
const CHUNK = 1 << 20;
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
        format = sniff(firstBytes(input, gz));
    if (format === 'parquet') {
        if (gz) {
            const data = 'path' in input ? gunzipFile(input.path, file) : gunzipBytes(input.data, file);
            return readParquet({ name: file, data }, file, opts);
        }
        return readParquet(input, file, opts);
    }
    if (format === 'jsonl') {
        const reader = new JsonlReader(file, opts);
        for await (const chunk of chunks(input, gz, file)) {
            reader.push(chunk);
            opts.onBytes?.(chunk.length);
        }
        return reader.finish();
    }
    // the delimiter is sniffed (comma, semicolon, tab, pipe); the name's convention breaks ties
    const first = firstBytes(input, gz, SNIFF_BYTES);
    const delimiter = sniffDelimiter(first, first.length < SNIFF_BYTES || first.length === size, format === 'tsv' ? '\t' : ',');
    const reader = new DelimitedReader(file, delimiter.charCodeAt(0), format, opts);
    for await (const chunk of chunks(input, gz, file)) {
        reader.push(chunk);
        opts.onBytes?.(chunk.length);
    }
    return { ...reader.finish(), delimiter };
}
function firstBytes(input, gz, max = 4096) {
    if (gz) {
        const data = 'path' in input ? gunzipFile(input.path, inputName(input)) : gunzipBytes(input.data, inputName(input));
        return data.subarray(0, max);
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
function gunzipBytes(data, file) {
    try {
        return gunzipSync(data);
    }
    catch (err) {
        throw new InputError(file, `not valid gzip (${errorMessage(err)})`);
    }
}
function gunzipFile(path, file) {
    const fd = openSync(path, 'r');
    try {
        const st = statSync(path);
        const b = Buffer.allocUnsafe(st.size);
        readSync(fd, b, 0, st.size, 0);
        return gunzipBytes(b, file);
    }
    finally {
        closeSync(fd);
    }
}
async function* chunks(input, gz, file) {
    if (!('path' in input)) {
        yield gz ? gunzipBytes(input.data, file) : input.data;
        return;
    }
    if (gz) {
        const source = createReadStream(input.path, { fd: openSync(input.path, 'r') });
        const stream = source.pipe(createGunzip());
        // pipe() does not forward the source's errors: a read error ends the loop below instead of hanging it
        source.on('error', (err) => stream.destroy(err));
        try {
            for await (const c of stream)
                yield c;
        }
        catch (err) {
            if (err.syscall)
                throw err;
            throw new InputError(file, `not valid gzip (${errorMessage(err)})`);
        }
        finally {
            source.destroy();
        }
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
