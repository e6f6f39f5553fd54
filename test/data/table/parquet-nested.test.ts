/**
 * hyparquet decodes a repeated column's whole chunk (a list per row) for any range of rows it is asked for,
 * so reading a row group slice by slice (1 M cells each) decoded its lists once per slice: quadratic in the
 * group's rows. Repeated columns are read once per row group, the others slice by slice (a struct without
 * lists too: its objects are made for the slice's rows only), and the rows are the same.
 */
import { describe, expect, it, jest } from '@jest/globals';
import * as hyparquet from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';

/** every parquetRead: the columns it decoded ('*' for all) and its row range */
const reads: string[] = [];
jest.unstable_mockModule('hyparquet', () => ({
  ...hyparquet,
  parquetRead: (options: hyparquet.ParquetReadOptions) => {
    reads.push(`${options.columns?.join(',') ?? '*'} ${options.rowStart}-${options.rowEnd}`);
    return hyparquet.parquetRead(options);
  },
}));
const { readTable } = await import('../../../src/data/table/read.js');

const ROWS = 1000;

/** `a` (INT32), `l` (a list, every third row null), `s` (a struct of `x`) and `b` (text), in `groups` row groups */
function file(groups: number): Uint8Array {
  const schema = [
    { name: 'root', num_children: 4 },
    { name: 'a', type: 'INT32', repetition_type: 'REQUIRED' },
    { name: 'l', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
    { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
    { name: 'element', type: 'INT32', repetition_type: 'REQUIRED' },
    { name: 's', repetition_type: 'OPTIONAL', num_children: 1 },
    { name: 'x', type: 'INT32', repetition_type: 'OPTIONAL' },
    { name: 'b', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
  ];
  const columnData = [
    { name: 'a', data: Int32Array.from({ length: ROWS }, (_, i) => i) },
    { name: 'l', data: Array.from({ length: ROWS }, (_, i) => (i % 3 === 0 ? null : [i, i + 1])) },
    { name: 's', data: Array.from({ length: ROWS }, (_, i) => ({ x: i * 2 })) },
    { name: 'b', data: Array.from({ length: ROWS }, (_, i) => `t${i}`) },
  ];
  return new Uint8Array(
    parquetWriteBuffer({ schema: schema as never, codec: 'SNAPPY', statistics: false, rowGroupSize: Math.ceil(ROWS / groups), columnData }),
  );
}

describe('Parquet repeated (list) columns are decoded once per row group', () => {
  it('a row group read in slices decodes its list column once, the others (a struct too) slice by slice', async () => {
    reads.length = 0;
    // 4 columns, 1,200 cells: slices of 300 rows
    const t = await readTable({ name: 'lists.parquet', data: file(1) }, { sampleSize: 0, seed: 1, parquetSliceCells: 1200 });
    expect(reads).toEqual(['l 0-1000', 'a,s,b 0-300', 'a,s,b 300-600', 'a,s,b 600-900', 'a,s,b 900-1000']);
    expect(t.totalRows).toBe(ROWS);
    expect([...t.columns.keys()]).toEqual(['a', 'l', 's', 'b']);
    const l = t.columns.get('l')!;
    expect([l[0], l[1], l[299], l[300], l[301], l[999]]).toEqual([null, '[1,2]', '[299,300]', null, '[301,302]', null]);
    expect(t.columns.get('s')![301]).toBe('{"x":602}');
    expect(t.columns.get('a')![999]).toBe(999);
    expect(t.columns.get('b')![650]).toBe('t650');
  });

  it('the rows, their keys and a sample are those of a read in one slice; each row group decodes its own once', async () => {
    for (const groups of [1, 3]) {
      const data = file(groups);
      for (const sampleSize of [0, 50]) {
        const whole = await readTable({ name: 'lists.parquet', data }, { sampleSize, seed: 7 });
        reads.length = 0;
        const sliced = await readTable({ name: 'lists.parquet', data }, { sampleSize, seed: 7, parquetSliceCells: 1000 });
        expect(sliced).toEqual(whole);
        expect(reads.filter((r) => r.startsWith('l '))).toEqual(groups === 1 ? ['l 0-1000'] : ['l 0-334', 'l 334-668', 'l 668-1000']);
      }
    }
  });

  it('a file of list columns only is read without a per-slice decode', async () => {
    const data = new Uint8Array(
      parquetWriteBuffer({
        schema: [
          { name: 'root', num_children: 1 },
          { name: 'l', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
          { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
          { name: 'element', type: 'INT32', repetition_type: 'REQUIRED' },
        ] as never,
        columnData: [{ name: 'l', data: Array.from({ length: ROWS }, (_, i) => [i]) }],
      }),
    );
    reads.length = 0;
    const t = await readTable({ name: 'lists.parquet', data }, { sampleSize: 0, seed: 1, parquetSliceCells: 100 });
    expect(reads).toEqual(['l 0-1000']);
    expect(t.columns.get('l')!.slice(998)).toEqual(['[998]', '[999]']);
    expect(t.rowKeys).toHaveLength(ROWS);
  });
});
