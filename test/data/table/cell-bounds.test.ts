/**
 * A CSV cell is kept up to `maxCellBytes` (MAX_CELL_BYTES): longer cells keep their first bytes plus `…`,
 * and a sampled row is keyed by a hash of its bytes, not a copy of them (a 30 MB cell was held whole, twice).
 */
import { describe, expect, it, jest } from '@jest/globals';
import { DelimitedReader } from '../../../src/data/table/delimited.js';
import { JsonlReader } from '../../../src/data/table/jsonl.js';
import { readTable } from '../../../src/data/table/read.js';
import { rowKey } from '../../../src/data/table/sampler.js';
import { MAX_CELL_BYTES } from '../../../src/data/table/types.js';

const cap = 64;
const csv = (s: string) => ({ name: 't.csv', data: Buffer.from(s) });

describe('CSV cells longer than maxCellBytes', () => {
  it('keep the text of their first bytes, marked with …, in sampled and full reads', async () => {
    const long = 'x'.repeat(cap) + 'TAIL';
    for (const sampleSize of [0, 10]) {
      const t = await readTable(csv(`id,note\n1,${long}\n2,short\n`), { sampleSize, seed: 1, maxCellBytes: cap });
      const notes = t.columns.get('note')!;
      expect(notes).toContain('x'.repeat(cap) + '…');
      expect(notes).toContain('short');
      expect(notes.join('')).not.toContain('TAIL');
    }
  });

  it('header names are not cut (the report shortens names itself, from their full text)', async () => {
    const name = 'h'.repeat(cap * 2);
    const t = await readTable(csv(`${name},b\n1,2\n`), { sampleSize: 0, seed: 1, maxCellBytes: cap });
    expect([...t.columns.keys()]).toEqual([name, 'b']);
  });

  it('a cell of exactly maxCellBytes is kept whole', async () => {
    const t = await readTable(csv(`note\n${'y'.repeat(cap)}\n`), { sampleSize: 0, seed: 1, maxCellBytes: cap });
    expect(t.columns.get('note')).toEqual(['y'.repeat(cap)]);
  });

  it('are never numbers, and are cut at a UTF-8 character boundary', async () => {
    const digits = '1'.repeat(cap + 1);
    const utf = 'a'.repeat(cap - 1) + 'é' + 'b'; // 'é' (2 bytes) straddles the cut
    const t = await readTable(csv(`n,u\n${digits},${utf}\n5,v\n`), { sampleSize: 0, seed: 1, maxCellBytes: cap });
    expect(t.columns.get('n')).toEqual(['1'.repeat(cap) + '…', 5]);
    expect(t.columns.get('u')).toEqual(['a'.repeat(cap - 1) + '…', 'v']);
  });

  it('cut quoted cells with "" escapes the same way; equal first bytes make the same category', async () => {
    const q = '""'.repeat(cap); // a quoted field of escapes, raw longer than the cap
    const a = 'z'.repeat(cap) + 'one';
    const b = 'z'.repeat(cap) + 'two';
    const t = await readTable(csv(`c\n"${q}"\n${a}\n${b}\n`), { sampleSize: 0, seed: 1, maxCellBytes: cap });
    const c = t.columns.get('c')!;
    expect(c[0]).toMatch(/^"+…$/);
    expect((c[0] as string).length).toBeLessThanOrEqual(cap);
    expect(c[1]).toBe('z'.repeat(cap) + '…');
    expect(c[2]).toBe(c[1]);
  });

  it('the default cap is 4 KiB', async () => {
    expect(MAX_CELL_BYTES).toBe(4096);
    const t = await readTable(csv(`c\n${'w'.repeat(10_000)}\n`), { sampleSize: 5, seed: 3 });
    expect(t.columns.get('c')).toEqual(['w'.repeat(4096) + '…']);
  });

  it('rows still sample by their whole bytes: rows differing after the cut are distinct rows', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => 'q'.repeat(cap) + String(i));
    const t = await readTable(csv(`c\n${rows.join('\n')}\n`), { sampleSize: 20, seed: 9, maxCellBytes: cap });
    expect(t.totalRows).toBe(50);
    expect(new Set(t.rowKeys).size).toBe(20);
  });
});

describe('row keys', () => {
  it('are a fixed-size hash of the bytes: equal records equal, different ones different', () => {
    const big = Buffer.alloc(1 << 20, 0x61);
    const other = Buffer.from(big);
    other[other.length - 1] = 0x62;
    expect(rowKey(big, 0, big.length)).toHaveLength(40);
    expect(rowKey(big, 0, big.length)).toBe(rowKey(Buffer.from(big), 0, big.length));
    expect(rowKey(other, 0, other.length)).not.toBe(rowKey(big, 0, big.length));
    expect(rowKey(big, 1, 3)).toBe(rowKey(Buffer.from('aa'), 0, 2));
  });
});

describe('a long record pushed in many chunks', () => {
  // an incomplete record is scanned again from its start: the readers wait for the buffer to double, so
  // one long record costs a logarithmic number of scans, not one per chunk (a count, not a timing)
  const opts = { sampleSize: 10, seed: 1 };
  const scans = (proto: object, feed: (push: (c: Uint8Array) => void) => void, make: () => { push(c: Uint8Array): void; finish(): unknown }) => {
    const spy = jest.spyOn(proto as { parse: () => void }, 'parse');
    try {
      const r = make();
      feed((c) => r.push(c));
      const t = r.finish();
      return { calls: spy.mock.calls.length, t };
    } finally {
      spy.mockRestore();
    }
  };
  const bytes = (s: string) => Buffer.from(s);
  const chunked = (s: string, size: number) => (push: (c: Uint8Array) => void) => {
    const b = bytes(s);
    for (let i = 0; i < b.length; i += size) push(b.subarray(i, i + size));
  };

  it('CSV: a 20,000-byte record in 100-byte chunks is scanned a few times, and read the same', async () => {
    const text = `id,note\n1,${'n'.repeat(20_000)}\n2,b\n`;
    const { calls, t } = scans(DelimitedReader.prototype, chunked(text, 100), () => new DelimitedReader('t.csv', 0x2c, 'csv', opts));
    expect(calls).toBeLessThan(20);
    const whole = await readTable(csv(text), opts);
    expect((t as { columns: unknown }).columns).toEqual(whole.columns);
  });

  it('JSON Lines: a 20,000-byte line in 100-byte chunks likewise', async () => {
    const text = `{"a":"${'j'.repeat(20_000)}"}\n{"a":"b"}\n`;
    const { calls, t } = scans(JsonlReader.prototype, chunked(text, 100), () => new JsonlReader('t.jsonl', opts));
    expect(calls).toBeLessThan(20);
    const whole = await readTable({ name: 't.jsonl', data: Buffer.from(text) }, opts);
    expect((t as { columns: unknown }).columns).toEqual(whole.columns);
  });
});

describe('JSON Lines and Parquet values longer than maxCellBytes', () => {
  it('JSON Lines: a long string or nested value keeps its first bytes plus …, never a number; short ones are as before', async () => {
    const long = 'z'.repeat(cap) + 'TAIL';
    const digits = '7'.repeat(cap + 5);
    const nested = { deep: 'q'.repeat(cap * 2) };
    const text = [JSON.stringify({ id: 1, note: long, n: digits, obj: nested }), JSON.stringify({ id: 2, note: 'short', n: '42', obj: { a: 1 } })].join('\n');
    for (const sampleSize of [0, 10]) {
      const t = await readTable({ name: 't.jsonl', data: Buffer.from(text) }, { sampleSize, seed: 1, maxCellBytes: cap });
      const notes = t.columns.get('note')!;
      expect(notes).toContain('z'.repeat(cap) + '…');
      expect(notes).toContain('short');
      expect(t.columns.get('n')).toEqual(expect.arrayContaining(['7'.repeat(cap) + '…', 42]));
      const objs = t.columns.get('obj')!.map(String);
      expect(objs).toContain('{"a":1}');
      const cut = objs.find((o) => o.startsWith('{"deep"'))!;
      expect(Buffer.byteLength(cut)).toBe(cap + Buffer.byteLength('…'));
      expect(cut.endsWith('…')).toBe(true);
    }
  });

  it('Parquet: long text is cut the same way', async () => {
    const { parquetWriteBuffer } = await import('hyparquet-writer');
    const long = 'p'.repeat(cap * 3);
    const data = new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          { name: 'note', data: [long, 'short'], type: 'STRING' },
          { name: 'json', data: [{ k: long }, { k: 1 }], type: 'JSON' },
        ],
      }),
    );
    for (const sampleSize of [0, 10]) {
      const t = await readTable({ name: 't.parquet', data }, { sampleSize, seed: 1, maxCellBytes: cap });
      expect(t.columns.get('note')).toEqual(expect.arrayContaining(['p'.repeat(cap) + '…', 'short']));
      const json = t.columns.get('json')!.map(String);
      expect(json).toContain('{"k":1}');
      expect(json.find((v) => v.startsWith('{"k":"p'))).toBe(`{"k":"${'p'.repeat(cap - 6)}…`);
    }
  });
});
