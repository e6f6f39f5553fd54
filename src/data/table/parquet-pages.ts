/**
 * A pre-pass over a Parquet column chunk's page headers, before hyparquet decodes it. hyparquet trusts
 * the headers: a page declaring num_values 2^31 in a 1,000-row group allocates ~8 GB, and
 * uncompressed_page_size is allocated as claimed (a 1 KB page can claim 2 GB). This walks the headers
 * with its own bounded Thrift compact reader, and returns the reason a chunk is refused, or null.
 *
 * It also trusts the RLE runs inside a page body: a run's count is written into the output array without
 * a bound. So the body of a data page with levels or dictionary indices is read too (decompressed as
 * hyparquet will, parquet-codecs.ts) and its runs scanned (hybridOverrun); pages without runs (a
 * required column's PLAIN values) are skipped by their compressed_page_size.
 */
import type { ColumnMetaData } from 'hyparquet';
import { codecProblem, decompressPage } from './parquet-codecs.js';

/** Bytes a page may declare uncompressed (docs/config.md "Limits"). */
export const MAX_PARQUET_PAGE_BYTES = 256 * 1024 * 1024;
/** uncompressed_page_size / compressed_page_size a compressed page may declare, above the floor. */
export const MAX_PARQUET_PAGE_RATIO = 1000;
/** Below this many uncompressed bytes a page's compression ratio is not checked. */
const RATIO_FLOOR_BYTES = 1024 * 1024;
/** Snappy emits at most 64 bytes per 3 input bytes (a copy with a 2-byte offset), so ~21×. */
const SNAPPY_RATIO = 32;
/** Values one column chunk may declare (a repeated column may hold more values than rows). */
export const MAX_PARQUET_CHUNK_VALUES = 20_000_000;
/**
 * Pages one column chunk may hold (docs/config.md "Limits"). Each page costs a header parse, an allocation
 * and a decode call in this pre-pass and in hyparquet, and hyparquet walks a flat column's headers again for
 * every slice it is asked for: a 37 MB file of 1 M one-value pages took 9 s to read. Writers cut pages at
 * ~1 MiB or 20,000 rows (pyarrow, parquet-mr, parquet-rs), so a chunk at the 20 M-value cap holds ~1,000.
 * Besides this, a chunk holds at most as many data pages as values (one if it has none) and one dictionary page.
 */
export const MAX_PARQUET_CHUNK_PAGES = 100_000;
/** Bytes one page header may take (its statistics hold min/max values; writers truncate them to KiBs). */
const MAX_HEADER_BYTES = 1 << 20;
/** Bytes fetched per header (more when a header with large statistics needs them); page bodies are skipped. */
const FIRST_WINDOW = 4096;

export interface PageSource {
  byteLength: number;
  slice(start: number, end?: number): Promise<ArrayBuffer> | ArrayBuffer;
}

class Truncated extends Error {}

export interface PageHeader {
  type: number;
  uncompressed: number;
  compressed: number;
  /** DATA_PAGE / DATA_PAGE_V2 / DICTIONARY_PAGE num_values */
  numValues?: number;
  /** DATA_PAGE_V2 */
  numNulls?: number;
  numRows?: number;
  defBytes?: number;
  repBytes?: number;
  isCompressed?: boolean;
  /** the data page's value encoding (Thrift Encoding enum: 0 PLAIN, 2 PLAIN_DICTIONARY, 3 RLE, 8 RLE_DICTIONARY, …) */
  encoding?: number;
}

const PAGE_DATA = 0;
const PAGE_DICTIONARY = 2;
const PAGE_DATA_V2 = 3;

/** A bounded Thrift compact-protocol reader over one window of bytes. */
class Compact {
  off = 0;
  constructor(
    private readonly b: Uint8Array,
    /** the window ends where the chunk does (no more bytes to fetch) */
    private readonly final: boolean,
  ) {}

  private byte(): number {
    if (this.off >= this.b.length) {
      if (this.final) throw new Error('page header runs past its column chunk');
      throw new Truncated();
    }
    return this.b[this.off++]!;
  }

  varint(): number {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      const x = this.byte();
      result += (x & 0x7f) * mul;
      if (!(x & 0x80)) return result;
      mul *= 128;
    }
    throw new Error('malformed page header (varint longer than 10 bytes)');
  }

  /** zigzag i32/i64 as a double (exact up to 2^53, which is all a bound check needs) */
  zigzag(): number {
    const z = this.varint();
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }

  skipBytes(n: number): void {
    if (n < 0) throw new Error('malformed page header (negative length)');
    if (this.off + n > this.b.length) {
      if (this.final) throw new Error('page header runs past its column chunk');
      throw new Truncated();
    }
    this.off += n;
  }

  skip(type: number, depth: number): void {
    if (depth > 16) throw new Error('malformed page header (nested more than 16 levels)');
    switch (type) {
      case 1:
      case 2:
        return;
      case 3:
        return this.skipBytes(1);
      case 4:
      case 5:
      case 6:
        this.varint();
        return;
      case 7:
        return this.skipBytes(8);
      case 8:
        return this.skipBytes(this.varint());
      case 9:
      case 10: {
        const h = this.byte();
        const n = h >> 4 === 15 ? this.varint() : h >> 4;
        const et = h & 0x0f;
        for (let i = 0; i < n; i++) this.skip(et === 1 || et === 2 ? 3 : et, depth + 1);
        return;
      }
      case 11: {
        const n = this.varint();
        if (n === 0) return;
        const kv = this.byte();
        for (let i = 0; i < n; i++) {
          this.skip(kv >> 4, depth + 1);
          this.skip(kv & 0x0f, depth + 1);
        }
        return;
      }
      case 12:
        this.struct(depth + 1, () => false);
        return;
      default:
        throw new Error(`malformed page header (thrift type ${type})`);
    }
  }

  /** Walks a struct; `field` reads the fields it knows (returns true) and the rest are skipped. */
  struct(depth: number, field: (id: number, type: number) => boolean): void {
    let id = 0;
    for (;;) {
      const h = this.byte();
      const type = h & 0x0f;
      if (type === 0) return;
      id = h >> 4 ? id + (h >> 4) : this.zigzag();
      if (!field(id, type)) this.skip(type, depth);
    }
  }

  int(type: number): number {
    if (type < 3 || type > 6) throw new Error('malformed page header (field of the wrong type)');
    return type === 3 ? this.byte() : this.zigzag();
  }
}

export function readPageHeader(bytes: Uint8Array, final: boolean): { header: PageHeader; length: number } {
  const r = new Compact(bytes, final);
  const h: PageHeader = { type: -1, uncompressed: -1, compressed: -1 };
  const counts = (into: 'v1' | 'v2' | 'dict') => (id: number, t: number) => {
    if (id === 1) h.numValues = r.int(t);
    else if (into === 'v1' && id === 2) h.encoding = r.int(t);
    else if (into !== 'v2') return false;
    else if (id === 4) h.encoding = r.int(t);
    else if (id === 2) h.numNulls = r.int(t);
    else if (id === 3) h.numRows = r.int(t);
    else if (id === 5) h.defBytes = r.int(t);
    else if (id === 6) h.repBytes = r.int(t);
    else if (id === 7 && (t === 1 || t === 2)) h.isCompressed = t === 1;
    else return false;
    return true;
  };
  r.struct(0, (id, t) => {
    if (id === 1) h.type = r.int(t);
    else if (id === 2) h.uncompressed = r.int(t);
    else if (id === 3) h.compressed = r.int(t);
    else if (id === 5 && t === 12) r.struct(1, counts('v1'));
    else if (id === 7 && t === 12) r.struct(1, counts('dict'));
    else if (id === 8 && t === 12) r.struct(1, counts('v2'));
    else return false;
    return true;
  });
  return { header: h, length: r.off };
}

const n = (x: number) => x.toLocaleString('en-US');

function pageProblem(h: PageHeader, codec: string, chunkValues: number, groupRows: number): string | null {
  if (h.compressed < 0 || h.uncompressed < 0) return 'a page header without its sizes';
  if (h.uncompressed > MAX_PARQUET_PAGE_BYTES) {
    return `a page declares ${n(h.uncompressed)} bytes uncompressed (at most ${n(MAX_PARQUET_PAGE_BYTES)})`;
  }
  const compressedBody = h.type !== PAGE_DATA_V2 || h.isCompressed !== false;
  if (codec !== 'UNCOMPRESSED' && compressedBody) {
    const ratio = codec === 'SNAPPY' ? SNAPPY_RATIO : MAX_PARQUET_PAGE_RATIO;
    if (h.uncompressed > Math.max(RATIO_FLOOR_BYTES, h.compressed * ratio)) {
      return `a ${n(h.compressed)}-byte ${codec} page declares ${n(h.uncompressed)} bytes uncompressed (more than ${ratio}× its size)`;
    }
  } else if (h.uncompressed !== h.compressed) {
    return `an uncompressed page declares ${n(h.uncompressed)} bytes but holds ${n(h.compressed)}`;
  }
  if (h.type === PAGE_DATA || h.type === PAGE_DATA_V2 || h.type === PAGE_DICTIONARY) {
    const what = h.type === PAGE_DICTIONARY ? 'dictionary page' : 'data page';
    if (h.numValues === undefined || h.numValues < 0) return `a ${what} without its value count`;
    if (h.numValues > chunkValues) {
      return `a ${what} declares ${n(h.numValues)} values in a column chunk of ${n(chunkValues)}`;
    }
  }
  if (h.type === PAGE_DATA_V2) {
    const { numNulls = -1, numRows = -1, defBytes = -1, repBytes = -1 } = h;
    if (numNulls < 0 || numRows < 0 || defBytes < 0 || repBytes < 0) return 'a data page (v2) header without its counts';
    if (numNulls > h.numValues! || numRows > groupRows) {
      return `a data page (v2) declares ${n(numRows)} rows and ${n(numNulls)} nulls of ${n(h.numValues!)} values in a row group of ${n(groupRows)} rows`;
    }
    if (defBytes + repBytes > Math.min(h.compressed, h.uncompressed)) return 'a data page (v2) whose levels run past the page';
  }
  return null;
}

const ENC_PLAIN_DICTIONARY = 2;
const ENC_RLE = 3;
const ENC_RLE_DICTIONARY = 8;

/** The levels and the column a data page's body is read with (hyparquet's readDataPage / readDataPageV2). */
export interface ColumnLevels {
  maxRepetition: number;
  maxDefinition: number;
  boolean: boolean;
}

const bitWidth = (max: number): number => (max === 0 ? 0 : 32 - Math.clz32(max));

/**
 * Scans one RLE / bit-packed hybrid stream the way hyparquet reads it (until `limit` values), and returns
 * the problem when a run would write past `limit`. hyparquet writes an RLE run's full count into its output
 * array without a bound: a run of 2^31 in a 1,000-value page grows the array until the process dies. Bytes
 * running out end the scan quietly (hyparquet then fails with a read error, which is an input error).
 */
export function hybridOverrun(b: Uint8Array, pos: number, width: number, limit: number, what: string): string | null {
  let seen = 0;
  while (seen < limit) {
    let header = 0;
    let shift = 0;
    for (;;) {
      if (pos >= b.length) return null;
      const x = b[pos++]!;
      header += (x & 0x7f) * 2 ** shift;
      if (!(x & 0x80)) break;
      shift += 7;
      if (shift > 35) return `a malformed run header in the ${what}`;
    }
    const count = Math.floor(header / 2);
    if (header % 2) {
      seen += count * 8;
      pos += count * width;
    } else {
      if (seen + count > limit) return `an RLE run of ${n(count)} values in the ${what}, which holds ${n(limit - seen)} more`;
      seen += count;
      pos += (width + 7) >> 3;
    }
  }
  return null;
}

const u32 = (b: Uint8Array, at: number): number => (at + 4 <= b.length ? (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16)) + b[at + 3]! * 2 ** 24 : -1);

/** The RLE runs of one decompressed data page (v1: levels and values; v2: the values part). */
function pageRunsProblem(h: PageHeader, body: Uint8Array, levels: ColumnLevels, valuesOnly: boolean): string | null {
  const count = h.numValues!;
  let pos = 0;
  if (!valuesOnly) {
    // v1: each level stream is a 4-byte length and its runs
    for (const [max, what] of [
      [levels.maxRepetition, 'repetition levels'],
      [levels.maxDefinition, 'definition levels'],
    ] as const) {
      if (!max) continue;
      const len = u32(body, pos);
      if (len < 0) return null;
      const problem = hybridOverrun(body, pos + 4, bitWidth(max), count, what);
      if (problem) return problem;
      pos += 4 + len;
    }
  }
  const enc = h.encoding;
  if (enc === ENC_RLE && levels.boolean) {
    return u32(body, pos) < 0 ? null : hybridOverrun(body, pos + 4, 1, count, 'values');
  }
  if (enc === ENC_RLE || enc === ENC_PLAIN_DICTIONARY || enc === ENC_RLE_DICTIONARY) {
    if (pos >= body.length) return null;
    const width = body[pos]!;
    if (width > 32) return `dictionary indices of ${width} bits`;
    return width ? hybridOverrun(body, pos + 1, width, count, 'dictionary indices') : null;
  }
  return null;
}

/** A data page v2's level streams (never compressed, at the start of the body, lengths in the header). */
function levelsV2Problem(h: PageHeader, raw: Uint8Array, levels: ColumnLevels): string | null {
  if (levels.maxRepetition) {
    const problem = hybridOverrun(raw.subarray(0, h.repBytes), 0, bitWidth(levels.maxRepetition), h.numValues!, 'repetition levels');
    if (problem) return problem;
  }
  if (levels.maxDefinition) {
    return hybridOverrun(raw.subarray(h.repBytes, h.repBytes! + h.defBytes!), 0, bitWidth(levels.maxDefinition), h.numValues!, 'definition levels');
  }
  return null;
}

const usesRuns = (h: PageHeader, levels: ColumnLevels): boolean =>
  levels.maxDefinition > 0 || levels.maxRepetition > 0 || h.encoding === ENC_RLE || h.encoding === ENC_PLAIN_DICTIONARY || h.encoding === ENC_RLE_DICTIONARY;

/**
 * The RLE runs of one data page's body: read, decompressed as hyparquet will (parquet-codecs.ts), and
 * scanned. A v2 page's levels are read uncompressed.
 */
async function bodyProblem(src: PageSource, at: number, h: PageHeader, codec: string, levels: ColumnLevels): Promise<string | null> {
  if (!usesRuns(h, levels) || h.compressed === 0) return null;
  const raw = new Uint8Array(await src.slice(at, at + h.compressed));
  if (h.type === PAGE_DATA_V2) {
    const problem = levelsV2Problem(h, raw, levels);
    if (problem) return problem;
    const valuesSize = h.uncompressed - h.repBytes! - h.defBytes!;
    let values: Uint8Array = raw.subarray(h.repBytes! + h.defBytes!);
    if (h.isCompressed !== false && valuesSize > 0) values = decompressPage(codec, values, valuesSize);
    return pageRunsProblem(h, values, levels, true);
  }
  return pageRunsProblem(h, decompressPage(codec, raw, h.uncompressed), levels, false);
}

/**
 * Walks one column chunk's page headers (and the runs of its data pages). Returns the reason it is refused,
 * or null. `levels.maxRepetition` 0 means one value per row, so the chunk holds at most num_rows.
 */
export async function checkColumnChunk(
  src: PageSource,
  meta: ColumnMetaData,
  groupRows: number,
  levels: ColumnLevels,
  dataEnd: number,
): Promise<string | null> {
  const { maxRepetition } = levels;
  const chunkValues = Number(meta.num_values);
  const valueCap = maxRepetition > 0 ? MAX_PARQUET_CHUNK_VALUES : groupRows;
  if (!(chunkValues >= 0) || chunkValues > valueCap) {
    return maxRepetition > 0
      ? `a column chunk declares ${n(chunkValues)} values (at most ${n(MAX_PARQUET_CHUNK_VALUES)})`
      : `a column chunk declares ${n(chunkValues)} values in a row group of ${n(groupRows)} rows`;
  }
  const codec = codecProblem(meta.codec);
  if (codec) return codec;
  const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
  const end = start + Number(meta.total_compressed_size);
  if (!(start >= 4) || !(end >= start) || end > dataEnd) return 'a column chunk lies outside the file';
  let off = start;
  let win = new Uint8Array(0);
  let winStart = start;
  let values = 0;
  let pages = 0;
  let dataPages = 0;
  let dictionaryPages = 0;
  const maxDataPages = Math.max(1, chunkValues);
  while (off < end) {
    if (++pages > MAX_PARQUET_CHUNK_PAGES) return `a column chunk of more than ${n(MAX_PARQUET_CHUNK_PAGES)} pages`;
    let parsed: { header: PageHeader; length: number } | null = null;
    let want = FIRST_WINDOW;
    while (!parsed) {
      const have = winStart + win.length - off;
      const final = winStart + win.length >= end;
      if (off >= winStart && have > 0) {
        try {
          parsed = readPageHeader(win.subarray(off - winStart), final);
          break;
        } catch (err) {
          if (!(err instanceof Truncated)) return errText(err);
          if (have >= MAX_HEADER_BYTES) return `a page header longer than ${n(MAX_HEADER_BYTES)} bytes`;
          want = Math.max(want, have * 2);
        }
      }
      const stop = Math.min(end, off + Math.min(want, MAX_HEADER_BYTES));
      win = new Uint8Array(await src.slice(off, stop));
      winStart = off;
      if (win.length === 0) return 'a column chunk lies outside the file';
    }
    const { header, length } = parsed;
    const problem = pageProblem(header, meta.codec, chunkValues, groupRows);
    if (problem) return problem;
    if (header.type === PAGE_DATA || header.type === PAGE_DATA_V2) {
      if (++dataPages > maxDataPages) return `a column chunk of ${n(chunkValues)} values in more than ${n(maxDataPages)} data pages`;
    } else if (header.type === PAGE_DICTIONARY && ++dictionaryPages > 1) {
      return 'a column chunk with more than one dictionary page';
    }
    off += length;
    if (off + header.compressed > end) {
      return `a page of ${n(header.compressed)} bytes runs past its column chunk`;
    }
    if (header.type === PAGE_DATA || header.type === PAGE_DATA_V2) {
      const runs = await bodyProblem(src, off, header, meta.codec, levels);
      if (runs) return runs;
    }
    off += header.compressed;
    if (header.type === PAGE_DATA || header.type === PAGE_DATA_V2) {
      values += header.numValues!;
      if (values > chunkValues) break;
    }
  }
  if (values !== chunkValues) {
    return `its pages hold ${values > chunkValues ? 'more than ' : ''}${n(values)} values, its column chunk declares ${n(chunkValues)}`;
  }
  return null;
}

function errText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
