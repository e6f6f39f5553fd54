/**
 * The page codecs Parquet files are read with: hyparquet's own SNAPPY, and GZIP, BROTLI and ZSTD through
 * node:zlib (ZSTD where Node has it: 22.15 and later, so the action's node24). Each decompresses into at
 * most the page's declared uncompressed size, which parquet-pages.ts has bounded before; more output is an
 * error, never an allocation. LZ4 and LZO are not read: such a file is unreadable, and says why.
 */
import zlib from 'node:zlib';
import { snappyUncompress } from 'hyparquet';
const zstd = zlib.zstdDecompressSync;
const bounded = (fn) => (input, outputLength) => {
    const out = fn(input, { maxOutputLength: Math.max(1, outputLength) });
    if (out.length !== outputLength)
        throw new Error(`a page decompressed to ${out.length} bytes, its header declares ${outputLength}`);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
};
/** hyparquet's `compressors`: the codecs beyond SNAPPY and UNCOMPRESSED, each bounded by the declared size. */
export const PARQUET_DECOMPRESSORS = {
    GZIP: bounded((b, o) => zlib.unzipSync(b, o)), // RFC 1952 gzip as the format says; a zlib stream too
    BROTLI: bounded((b, o) => zlib.brotliDecompressSync(b, o)),
    ...(zstd ? { ZSTD: bounded((b, o) => zstd(b, o)) } : {}),
};
/** Decompresses one page body, or returns why it cannot be (a codec this runtime does not read). */
export function decompressPage(codec, input, outputLength) {
    if (codec === 'UNCOMPRESSED')
        return input;
    if (codec === 'SNAPPY') {
        const out = new Uint8Array(outputLength);
        snappyUncompress(input, out);
        return out;
    }
    const fn = PARQUET_DECOMPRESSORS[codec];
    if (!fn)
        throw new Error(unsupportedCodec(codec));
    return fn(input, outputLength);
}
/** Why a codec is not read, or null when it is. */
export function codecProblem(codec) {
    if (codec === 'UNCOMPRESSED' || codec === 'SNAPPY' || codec in PARQUET_DECOMPRESSORS)
        return null;
    return unsupportedCodec(codec);
}
function unsupportedCodec(codec) {
    if (codec === 'ZSTD')
        return `pages compressed with ZSTD, which needs Node.js 22.15 or later (this is ${process.version}; the action runs on Node 24)`;
    return `pages compressed with ${codec}, which is not read (SNAPPY, GZIP, BROTLI, ZSTD and uncompressed pages are)`;
}
