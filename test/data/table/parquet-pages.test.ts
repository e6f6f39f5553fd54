/**
 * Parquet page headers are untrusted (issue: input audit): hyparquet allocates what a page header claims,
 * so the reader walks each column chunk's page headers first and refuses a file whose headers claim more
 * than the chunk holds. The malformed files here are valid hyparquet-writer files with one page header
 * rewritten (the chunk keeps its length, so the footer's offsets stay right).
 */
import { describe, expect, it } from '@jest/globals';
import { parquetMetadata } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { readTable } from '../../../src/data/table/read.js';
import { MAX_PARQUET_CHUNK_PAGES, MAX_PARQUET_PAGE_BYTES, hybridOverrun, readPageHeader } from '../../../src/data/table/parquet-pages.js';
import { InputError } from '../../../src/errors.js';

const all = { sampleSize: 0, seed: 1 };
const ROWS = 1000;

function valid(codec: 'UNCOMPRESSED' | 'SNAPPY', rows = ROWS, nullable = true): Uint8Array {
  const data = Array.from({ length: rows }, (_, i) => i * 7919);
  return new Uint8Array(parquetWriteBuffer({ codec, statistics: false, rowGroupSize: rows, columnData: [{ name: 'a', data, type: 'INT32', nullable }] }));
}

/** Thrift compact: one struct of [field id, value] (numbers as i32, objects as nested structs). */
type Fields = [number, number | boolean | Uint8Array | Fields][];
function encode(fields: Fields): number[] {
  const out: number[] = [];
  const varint = (v: number) => {
    while (v >= 0x80) {
      out.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    out.push(v);
  };
  let last = 0;
  for (const [id, v] of fields) {
    out.push(((id - last) << 4) | (typeof v === 'boolean' ? (v ? 1 : 2) : typeof v === 'number' ? 5 : v instanceof Uint8Array ? 8 : 12));
    last = id;
    if (typeof v === 'boolean') continue;
    if (v instanceof Uint8Array) {
      varint(v.length);
      out.push(...v);
      continue;
    }
    if (typeof v === 'number') varint(v < 0 ? -2 * v - 1 : 2 * v);
    else out.push(...encode(v));
  }
  out.push(0);
  return out;
}

interface Rewrite {
  numValues?: number;
  uncompressed?: number;
  compressed?: number;
  /** bytes of an unknown binary field (id 15) padding the header */
  padding?: number;
}

/** The file with its only data page's (DATA_PAGE_V2, PLAIN) header rewritten. */
function rewritten(file: Uint8Array, w: Rewrite): Uint8Array {
  const meta = parquetMetadata(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer);
  const chunk = meta.row_groups[0]!.columns[0]!.meta_data!;
  expect(chunk.dictionary_page_offset).toBeUndefined();
  const start = Number(chunk.data_page_offset);
  const { header, length } = readPageHeader(file.subarray(start), true);
  const span = length + header.compressed;
  expect(span).toBe(Number(chunk.total_compressed_size));
  let head: number[] = [];
  for (let pass = 0; pass < 2; pass++) {
    const body = span - head.length;
    const compressed = w.compressed ?? body;
    head = encode([
      [1, 3],
      [2, w.uncompressed ?? (w.compressed === undefined ? header.uncompressed - (header.compressed - body) : compressed)],
      [3, compressed],
      [
        8,
        [
          [1, w.numValues ?? ROWS],
          [2, header.numNulls!],
          [3, header.numRows!],
          [4, 0],
          [5, header.defBytes!],
          [6, header.repBytes!],
          ...(header.isCompressed === undefined ? [] : ([[7, header.isCompressed]] as Fields)),
        ],
      ],
      ...(w.padding ? ([[15, new Uint8Array(w.padding)]] as Fields) : []),
    ]);
  }
  const out = file.slice();
  out.set(head, start);
  return out;
}

/**
 * A one-row file whose only column chunk (a required string, PLAIN) is rewritten as `empty` data pages of no
 * values and then the page of its one value (a shorter string, so the chunk keeps its length and the footer
 * its offsets). Without `empty` pages it reads as a valid file.
 */
function repaged(empty: number): { data: Uint8Array; value: string } {
  const file = new Uint8Array(
    parquetWriteBuffer({
      codec: 'UNCOMPRESSED',
      statistics: false,
      columnData: [{ name: 's', data: ['x'.repeat(2000)], type: 'STRING', nullable: false, encoding: 'PLAIN' }],
    }),
  );
  const meta = parquetMetadata(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer);
  const chunk = meta.row_groups[0]!.columns[0]!.meta_data!;
  expect(chunk.dictionary_page_offset).toBeUndefined();
  const start = Number(chunk.data_page_offset);
  const span = Number(chunk.total_compressed_size);
  const page = (values: number, body: number) =>
    encode([
      [1, 3],
      [2, body],
      [3, body],
      [
        8,
        [
          [1, values],
          [2, 0],
          [3, values],
          [4, 0],
          [5, 0],
          [6, 0],
        ],
      ],
    ]);
  const head: number[] = [];
  for (let i = 0; i < empty; i++) head.push(...page(0, 0));
  // the last page: its header, then the value's 4-byte length and its bytes, filling the chunk
  let body = span - head.length - page(1, 0).length;
  body = span - head.length - page(1, body).length;
  const value = 'y'.repeat(body - 4);
  const out = file.slice();
  const length = [(body - 4) & 0xff, (body - 4) >> 8, 0, 0];
  out.set([...head, ...page(1, body), ...length, ...Buffer.from(value)], start);
  return { data: out, value };
}

async function refusal(data: Uint8Array): Promise<string> {
  try {
    await readTable({ name: 'evil.parquet', data }, all);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as Error).message;
  }
  throw new Error('the file was read');
}

describe('Parquet page headers are checked before hyparquet decodes a column chunk', () => {
  it('the rewrite keeps a valid file readable (the helper changes only what it is asked to)', async () => {
    const t = await readTable({ name: 'ok.parquet', data: rewritten(valid('UNCOMPRESSED'), {}) }, all);
    expect(t.totalRows).toBe(ROWS);
    expect(t.columns.get('a')![999]).toBe(999 * 7919);
  });

  it('a data page declaring 2^31 values in a 1,000-row group is refused before anything is allocated', async () => {
    expect(await refusal(rewritten(valid('UNCOMPRESSED'), { numValues: 2 ** 31 - 1 }))).toBe(
      'evil.parquet: unreadable Parquet data in row group 0, column "a": a data page declares 2,147,483,647 values in a column chunk of 1,000',
    );
  });

  it('a header longer than the first 4 KiB fetched is read whole (the window grows)', async () => {
    expect(await refusal(rewritten(valid('UNCOMPRESSED', 5000), { numValues: 2 ** 31 - 1, padding: 9000 }))).toBe(
      'evil.parquet: unreadable Parquet data in row group 0, column "a": a data page declares 2,147,483,647 values in a column chunk of 5,000',
    );
  });

  it('pages whose value counts do not add up to the column chunk are refused', async () => {
    // a required column: no definition levels, whose runs would be refused first (below)
    expect(await refusal(rewritten(valid('UNCOMPRESSED', ROWS, false), { numValues: 500 }))).toBe(
      'evil.parquet: unreadable Parquet data in row group 0, column "a": its pages hold 500 values, its column chunk declares 1,000',
    );
    // an optional column: the 1,000-value run of its definition levels no longer fits a 500-value page
    expect(await refusal(rewritten(valid('UNCOMPRESSED'), { numValues: 500 }))).toBe(
      'evil.parquet: unreadable Parquet data in row group 0, column "a": an RLE run of 1,000 values in the definition levels, which holds 500 more',
    );
  });

  it('an RLE run longer than its page is refused before hyparquet writes it (it grew its array without a bound)', async () => {
    for (const codec of ['UNCOMPRESSED', 'SNAPPY'] as const) {
      const file = valid(codec);
      const chunk = parquetMetadata(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer).row_groups[0]!.columns[0]!.meta_data!;
      const start = Number(chunk.data_page_offset);
      const { header, length } = readPageHeader(file.subarray(start), true);
      expect(header.type).toBe(3); // DATA_PAGE_V2: its definition levels lead the body, uncompressed
      const body = start + length;
      // the levels are one RLE run of 1,000 (header 2,000: varint d0 0f); 8,191 is the most two varint bytes hold
      expect([...file.subarray(body, body + 2)]).toEqual([0xd0, 0x0f]);
      const evil = file.slice();
      evil.set([0xfe, 0x7f], body);
      expect(await refusal(evil)).toBe(
        'evil.parquet: unreadable Parquet data in row group 0, column "a": an RLE run of 8,191 values in the definition levels, which holds 1,000 more',
      );
    }
  });

  it('an RLE run of dictionary indices longer than its page is refused', async () => {
    const data = Array.from({ length: ROWS }, (_, i) => (i < ROWS / 2 ? 'left' : 'right'));
    const file = new Uint8Array(
      parquetWriteBuffer({ codec: 'UNCOMPRESSED', statistics: false, rowGroupSize: ROWS, columnData: [{ name: 'a', data, type: 'STRING', nullable: false }] }),
    );
    const chunk = parquetMetadata(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer).row_groups[0]!.columns[0]!.meta_data!;
    expect(chunk.dictionary_page_offset).toBeDefined();
    expect((await readTable({ name: 'ok.parquet', data: file }, all)).columns.get('a')![ROWS - 1]).toBe('right');
    const start = Number(chunk.data_page_offset);
    const { header, length } = readPageHeader(file.subarray(start), true);
    expect(header.encoding).toBe(8); // RLE_DICTIONARY
    const body = start + length + header.repBytes! + header.defBytes!;
    // bit width 1, then two RLE runs of 500 (header 1,000: varint e8 07)
    expect([...file.subarray(body, body + 3)]).toEqual([1, 0xe8, 0x07]);
    const evil = file.slice();
    evil.set([0xfe, 0x7f], body + 1);
    expect(await refusal(evil)).toBe(
      'evil.parquet: unreadable Parquet data in row group 0, column "a": an RLE run of 8,191 values in the dictionary indices, which holds 1,000 more',
    );
  });

  it('the run scan: a 2^31 run in a 1,000-value stream, bit-packed groups, and a stream that ends early', () => {
    const varint = (v: number) => {
      const out: number[] = [];
      while (v >= 0x80) {
        out.push((v % 0x80) | 0x80);
        v = Math.floor(v / 0x80);
      }
      out.push(v);
      return out;
    };
    const rle = (count: number, value = 1) => [...varint(count * 2), value];
    expect(hybridOverrun(Uint8Array.from(rle(2 ** 31)), 0, 1, 1000, 'definition levels')).toBe(
      'an RLE run of 2,147,483,648 values in the definition levels, which holds 1,000 more',
    );
    // 1,000 values exactly: 125 bit-packed groups of 8 (one byte each at width 1), then nothing more is read
    expect(hybridOverrun(Uint8Array.from([...varint(125 * 2 + 1), ...new Array<number>(125).fill(0xff), ...rle(2 ** 31)]), 0, 1, 1000, 'x')).toBeNull();
    // 992 bit-packed, then a run of 9 where 8 remain
    expect(hybridOverrun(Uint8Array.from([...varint(124 * 2 + 1), ...new Array<number>(124).fill(0), ...rle(9)]), 0, 1, 1000, 'x')).toBe(
      'an RLE run of 9 values in the x, which holds 8 more',
    );
    expect(hybridOverrun(Uint8Array.from(rle(10)), 0, 1, 1000, 'x')).toBeNull(); // bytes run out: hyparquet's read error
  });

  it('a page claiming 2 GB uncompressed, or 1000× its compressed size, is refused', async () => {
    expect(await refusal(rewritten(valid('SNAPPY'), { uncompressed: 2 ** 31 - 1 }))).toBe(
      `evil.parquet: unreadable Parquet data in row group 0, column "a": a page declares 2,147,483,647 bytes uncompressed (at most ${MAX_PARQUET_PAGE_BYTES.toLocaleString('en-US')})`,
    );
    expect(await refusal(rewritten(valid('SNAPPY'), { uncompressed: 200_000_000 }))).toMatch(
      /column "a": a [\d,]+-byte SNAPPY page declares 200,000,000 bytes uncompressed \(more than 32× its size\)$/,
    );
    expect(await refusal(rewritten(valid('UNCOMPRESSED'), { uncompressed: 100_000_000 }))).toMatch(
      /column "a": an uncompressed page declares 100,000,000 bytes but holds [\d,]+$/,
    );
  });

  it('a page running past its column chunk is refused', async () => {
    expect(await refusal(rewritten(valid('UNCOMPRESSED'), { compressed: 1_000_000 }))).toBe(
      'evil.parquet: unreadable Parquet data in row group 0, column "a": a page of 1,000,000 bytes runs past its column chunk',
    );
  });

  it('a column chunk may not hold more data pages than values (each page is parsed and decoded on its own)', async () => {
    const ok = repaged(0);
    const t = await readTable({ name: 'ok.parquet', data: ok.data }, all);
    expect(ok.value.length).toBeGreaterThan(1900);
    expect(t.columns.get('s')).toEqual([ok.value]);
    expect(await refusal(repaged(2).data)).toBe(
      'evil.parquet: unreadable Parquet data in row group 0, column "s": a column chunk of 1 values in more than 1 data pages',
    );
  });

  it(`a column chunk of more than ${MAX_PARQUET_CHUNK_PAGES.toLocaleString('en-US')} pages is refused (a page of one value each: it read, slowly)`, async () => {
    const rows = MAX_PARQUET_CHUNK_PAGES + 1;
    const data = Array.from({ length: rows }, (_, i) => i);
    const file = new Uint8Array(
      parquetWriteBuffer({
        codec: 'UNCOMPRESSED',
        statistics: false,
        rowGroupSize: rows,
        pageSize: 1,
        columnData: [{ name: 'a', data, type: 'INT32', nullable: false }],
      }),
    );
    expect(await refusal(file)).toBe('evil.parquet: unreadable Parquet data in row group 0, column "a": a column chunk of more than 100,000 pages');
  }, 30_000);

  it('nested (repeated) columns may hold more values than rows', async () => {
    const data = Array.from({ length: 300 }, (_, i) => [i, i + 1, i + 2]);
    const schema = [
      { name: 'root', num_children: 1 },
      { name: 'l', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
      { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
      { name: 'element', type: 'INT32', repetition_type: 'REQUIRED' },
    ] as const;
    const buf = new Uint8Array(parquetWriteBuffer({ schema: schema as never, columnData: [{ name: 'l', data }] }));
    const chunk = parquetMetadata(buf.buffer as ArrayBuffer).row_groups[0]!.columns[0]!.meta_data!;
    expect(Number(chunk.num_values)).toBe(900);
    const t = await readTable({ name: 'lists.parquet', data: buf }, all);
    expect(t.totalRows).toBe(300);
    expect(t.columns.get('l')![299]).toBe('[299,300,301]');
  });
});
