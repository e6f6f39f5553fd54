/**
 * Parquet as pyarrow writes it (test/fixtures/tables/parquet/generate_parquet.py): data pages v1 and v2,
 * uncompressed, SNAPPY, GZIP, BROTLI and ZSTD, with nulls, dictionaries, booleans, a list column and a
 * required column. Every file reads to the generator's values, so the page checks (parquet-pages.ts) refuse
 * no real file; and an RLE run tampered into a v1 page (levels behind a 4-byte length, dictionary indices
 * behind their bit width) is refused.
 */
import { readFileSync } from 'node:fs';
import zlib from 'node:zlib';
import { describe, expect, it } from '@jest/globals';
import { parquetMetadata } from 'hyparquet';
import { readTable } from '../../../src/data/table/read.js';
import { readPageHeader } from '../../../src/data/table/parquet-pages.js';

const DIR = new URL('../../fixtures/tables/parquet/', import.meta.url);
const N = 1000;
const file = (name: string) => new Uint8Array(readFileSync(new URL(name, DIR)));
const all = { sampleSize: 0, seed: 1 };
const hasZstd = typeof (zlib as unknown as Record<string, unknown>).zstdDecompressSync === 'function';

/** The generator's values, row by row, as the table reader gives them. */
const expected = {
  i: (i: number) => (i % 7 ? i : null),
  f: (i: number) => i / 4,
  s: (i: number) => (i % 11 ? `cat${i % 5}` : null),
  b: (i: number) => (i % 13 ? String(Boolean(i % 3)) : null),
  l: (i: number) => (i % 17 ? JSON.stringify(Array.from({ length: i % 4 }, (_, j) => j)) : null),
  req: (i: number) => i,
};

describe('Parquet files pyarrow writes', () => {
  for (const version of ['v1', 'v2']) {
    for (const codec of ['none', 'snappy', 'gzip', 'brotli', 'zstd']) {
      const name = `pyarrow-${version}-${codec}.parquet`;
      it(`${name} reads to the generator's values${codec === 'zstd' && !hasZstd ? ' (ZSTD: one clear line on a Node without it)' : ''}`, async () => {
        const read = readTable({ name, data: file(name) }, all);
        if (codec === 'zstd' && !hasZstd) {
          await expect(read).rejects.toThrow(
            `${name}: unreadable Parquet data in row group 0, column "i": pages compressed with ZSTD, which needs Node.js 22.15 or later`,
          );
          return;
        }
        const t = await read;
        expect(t.totalRows).toBe(N);
        for (const [col, value] of Object.entries(expected)) {
          expect(t.columns.get(col)).toEqual(Array.from({ length: N }, (_, i) => value(i)));
        }
      });
    }
  }
});

describe('an RLE run tampered into a pyarrow v1 page', () => {
  /** the bytes of the first data page's body of column `col` in row group 0 */
  function body(data: Uint8Array, col: string): { at: number; values: number } {
    const meta = parquetMetadata(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer);
    const chunk = meta.row_groups[0]!.columns.find((c) => c.meta_data!.path_in_schema.join('.') === col)!.meta_data!;
    const start = Number(chunk.data_page_offset);
    const { header, length } = readPageHeader(data.subarray(start), true);
    expect(header.type).toBe(0); // DATA_PAGE (v1)
    return { at: start + length, values: header.numValues! };
  }

  it('in the definition levels (behind their 4-byte length) is refused', async () => {
    const data = file('pyarrow-v1-none.parquet');
    const { at, values } = body(data, 'f');
    // levels of 3 bytes: one RLE run of 400 defined values (header 800: varint a0 06, value 1)
    expect([...data.subarray(at, at + 7)]).toEqual([3, 0, 0, 0, 0xa0, 0x06, 1]);
    const evil = data.slice();
    evil.set([0xfe, 0x7f], at + 4); // a run of 8,191
    await expect(readTable({ name: 'evil.parquet', data: evil }, all)).rejects.toThrow(
      `evil.parquet: unreadable Parquet data in row group 0, column "f": an RLE run of 8,191 values in the definition levels, which holds ${values} more`,
    );
  });

  it('in the dictionary indices (behind their bit width) is refused', async () => {
    const data = file('pyarrow-v1-none.parquet');
    const { at, values } = body(data, 'req'); // required: no levels, the body starts with the indices
    expect(data[at]).toBe(9); // bit width 9, then a bit-packed run (header 0x65: 50 groups of 8)
    expect(data[at + 1]).toBe(0x65);
    const evil = data.slice();
    evil.set([0xfe, 0x7f], at + 1);
    await expect(readTable({ name: 'evil.parquet', data: evil }, all)).rejects.toThrow(
      `evil.parquet: unreadable Parquet data in row group 0, column "req": an RLE run of 8,191 values in the dictionary indices, which holds ${values} more`,
    );
  });
});
