import { describe, expect, it, beforeAll } from '@jest/globals';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { MAX_INFLATED_BYTES, readTable } from '../../../src/data/table/read.js';
import { MAX_PARQUET_ROWS } from '../../../src/data/table/parquet.js';
import { InputError } from '../../../src/errors.js';
import { BottomK, seededHash } from '../../../src/data/sample.js';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tables-'));
});

function write(name: string, content: string | Uint8Array): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

const all = { sampleSize: 0, seed: 1 };

async function errorOf(p: Promise<unknown>): Promise<InputError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected an InputError');
}

describe('CSV', () => {
  it('reads numbers, categories and missing cells', async () => {
    const p = write('a.csv', 'exposure,iso,model\n0.01,100,Canon\n,200,NA\n0.5,n/a,Nikon\n');
    const t = await readTable({ path: p }, all);
    expect(t.format).toBe('csv');
    expect(t.totalRows).toBe(3);
    expect(t.columns.get('exposure')).toEqual([0.01, null, 0.5]);
    expect(t.columns.get('iso')).toEqual([100, 200, null]);
    expect(t.columns.get('model')).toEqual(['Canon', null, 'Nikon']);
    expect(t.rowKeys).toHaveLength(3);
  });

  it('handles RFC 4180 quoting: delimiters, escaped quotes, embedded newlines, CRLF, BOM', async () => {
    const text = '\ufeffid,"note, long",q\r\n1,"he said ""hi""","a\r\nb"\r\n2,"x,y",""\r\n3,plain,"7.5"\r\n';
    const t = await readTable({ name: 'q.csv', data: new TextEncoder().encode(text) }, all);
    expect([...t.columns.keys()]).toEqual(['id', 'note, long', 'q']);
    expect(t.columns.get('note, long')).toEqual(['he said "hi"', 'x,y', 'plain']);
    expect(t.columns.get('q')).toEqual(['a\r\nb', null, 7.5]);
    expect(t.columns.get('id')).toEqual([1, 2, 3]);
  });

  it('keeps text after a closing quote, skips blank lines, reads a last line without newline', async () => {
    const t = await readTable({ name: 'm.csv', data: Buffer.from('a,b\n"x"y,1\n\n   \n"z",2') }, all);
    expect(t.columns.get('a')).toEqual(['xy', 'z']);
    expect(t.columns.get('b')).toEqual([1, 2]);
  });

  it('names duplicate and empty header cells like pandas', async () => {
    const t = await readTable({ name: 'h.csv', data: Buffer.from('a,a,,a\n1,2,3,4\n') }, all);
    expect([...t.columns.keys()]).toEqual(['a', 'a.1', 'Unnamed: 2', 'a.2']);
  });

  it('reads lone-CR line ends and a trailing empty field', async () => {
    const t = await readTable({ name: 'cr.csv', data: Buffer.from('a,b\r1,\r2,3') }, all);
    expect(t.columns.get('b')).toEqual([null, 3]);
  });

  it('gives the same result whatever the chunk boundaries (records spanning 1 MiB reads)', async () => {
    const rows: string[] = ['k,text,v'];
    for (let i = 0; i < 40000; i++) rows.push(`${i},"line ""${i}""\nsecond, part",${(i * 0.37).toFixed(3)}`);
    const p = write('big.csv', rows.join('\r\n') + '\r\n');
    const t = await readTable({ path: p }, all);
    expect(t.totalRows).toBe(40000);
    const text = t.columns.get('text')!;
    const v = t.columns.get('v')!;
    for (let i = 0; i < 40000; i += 997) {
      expect(text[i]).toBe(`line "${i}"\nsecond, part`);
      expect(v[i]).toBe(Number((i * 0.37).toFixed(3)));
    }
  });

  it('reads raw text for raw columns (no number conversion)', async () => {
    const t = await readTable({ name: 'r.csv', data: Buffer.from('a,b\n1.0,1.0\n2,NA\n') }, { ...all, rawColumns: ['b'] });
    expect(t.columns.get('a')).toEqual([1, 2]);
    expect(t.columns.get('b')).toEqual(['1.0', null]);
  });

  it('a column that turns to text late keeps its earlier numbers and missing cells', async () => {
    const rows = ['v'];
    for (let i = 0; i < 3000; i++) rows.push(i % 10 === 0 ? 'NA' : String(i));
    rows.push('late text');
    const t = await readTable({ name: 'late.csv', data: Buffer.from(rows.join('\n')) }, all);
    const v = t.columns.get('v')!;
    expect(v).toHaveLength(3001);
    expect(v[0]).toBeNull();
    expect(v[1]).toBe(1);
    expect(v[2999]).toBe(2999);
    expect(v[3000]).toBe('late text');
  });

  it('nanMissing: numeric columns hold NaN for missing cells, text columns still null', async () => {
    const t = await readTable({ name: 'n.csv', data: Buffer.from('a,b\n1,x\n,NA\nNA,y\n') }, { ...all, nanMissing: true });
    expect(t.columns.get('a')).toEqual([1, NaN, NaN]);
    expect(t.columns.get('b')).toEqual(['x', null, 'y']);
  });

  it('reports progress: onBytes adds up to the file size', async () => {
    const rows = ['a,b'];
    for (let i = 0; i < 100000; i++) rows.push(`${i},${i % 7}`);
    const p = write('progress.csv', rows.join('\n'));
    let seen = 0;
    let calls = 0;
    await readTable({ path: p }, { sampleSize: 10, seed: 1, onBytes: (n) => ((seen += n), calls++) });
    expect(seen).toBe(fs.statSync(p).size);
    expect(calls).toBeGreaterThan(0);
  });

  it('reads gzip-compressed CSV', async () => {
    const p = write('z.csv.gz', gzipSync(Buffer.from('a\n1\n2\n')));
    const t = await readTable({ path: p }, all);
    expect(t.columns.get('a')).toEqual([1, 2]);
  });
});

describe('TSV', () => {
  it('splits on tabs, keeps commas, quotes work', async () => {
    const p = write('a.tsv', 'name\tvalue\nx,1\t1.5\n"t\tq"\t\n');
    const t = await readTable({ path: p }, all);
    expect(t.format).toBe('tsv');
    expect(t.columns.get('name')).toEqual(['x,1', 't\tq']);
    expect(t.columns.get('value')).toEqual([1.5, null]);
  });
  it('is detected from content when the name says nothing', async () => {
    const t = await readTable({ name: 'data.txt', data: Buffer.from('a\tb\n1\t2\n') }, all);
    expect(t.format).toBe('tsv');
    expect(t.columns.get('b')).toEqual([2]);
  });
});

describe('JSON Lines', () => {
  it('unions keys, stringifies nested values, keeps numbers', async () => {
    const p = write('a.jsonl', '{"a":1,"b":"x"}\n\n{"a":2.5,"c":{"k":[1,2]},"d":true}\r\n{"b":"NA","a":null}\n');
    const t = await readTable({ path: p }, all);
    expect(t.format).toBe('jsonl');
    expect(t.totalRows).toBe(3);
    expect(t.columns.get('a')).toEqual([1, 2.5, null]);
    expect(t.columns.get('b')).toEqual(['x', null, null]);
    expect(t.columns.get('c')).toEqual([null, '{"k":[1,2]}', null]);
    expect(t.columns.get('d')).toEqual([null, 'true', null]);
  });
  it('samples with the union of keys over the whole file', async () => {
    const lines = Array.from({ length: 50 }, (_, i) => JSON.stringify(i === 49 ? { a: i, late: 'x' } : { a: i }));
    const t = await readTable({ name: 's.jsonl', data: Buffer.from(lines.join('\n')) }, { sampleSize: 5, seed: 3 });
    expect(t.columns.get('a')).toHaveLength(5);
    expect(t.columns.has('late')).toBe(true);
    expect(t.totalRows).toBe(50);
  });
  it('names the line of malformed JSON and of non-objects', async () => {
    const e1 = await errorOf(readTable({ path: write('bad.jsonl', '{"a":1}\n{"a":\n') }, all));
    expect(e1.message).toMatch(/bad\.jsonl:2: malformed JSON/);
    const e2 = await errorOf(readTable({ path: write('arr.jsonl', '{"a":1}\n\n[1,2]\n') }, all));
    expect(e2.message).toMatch(/arr\.jsonl:3: expected a JSON object/);
  });
});

describe('Parquet', () => {
  it('reads columns in schema order with nulls, strings, ints and doubles, across row groups', async () => {
    const n = 25;
    const buf = parquetWriteBuffer({
      columnData: [
        { name: 'exposure', data: Array.from({ length: n }, (_, i) => (i === 3 ? null : i / 8)), type: 'DOUBLE' },
        { name: 'model', data: Array.from({ length: n }, (_, i) => ['Canon', 'Nikon', 'NA'][i % 3]!), type: 'STRING' },
        { name: 'iso', data: Array.from({ length: n }, (_, i) => 100 * (i + 1)), type: 'INT32' },
        { name: 'big', data: Array.from({ length: n }, (_, i) => BigInt(i) * 3n), type: 'INT64' },
      ],
      rowGroupSize: 10,
    });
    const p = write('a.parquet', new Uint8Array(buf));
    const t = await readTable({ path: p }, all);
    expect(t.format).toBe('parquet');
    expect([...t.columns.keys()]).toEqual(['exposure', 'model', 'iso', 'big']);
    expect(t.totalRows).toBe(n);
    const exposure = t.columns.get('exposure')!;
    expect(exposure[3]).toBeNull();
    expect(exposure[8]).toBe(1);
    expect(t.columns.get('model')!.slice(0, 4)).toEqual(['Canon', 'Nikon', null, 'Canon']);
    expect(t.columns.get('iso')![24]).toBe(2500);
    expect(t.columns.get('big')![24]).toBe(72);
    const s = await readTable({ path: p }, { sampleSize: 7, seed: 9 });
    expect(s.columns.get('iso')).toHaveLength(7);
    expect(s.totalRows).toBe(n);
  });
  it('rejects a file that is not parquet with one line', async () => {
    const e = await errorOf(readTable({ path: write('junk.parquet', 'PAR1 this is not parquet at all PAR1') }, all));
    expect(e.message).toMatch(/junk\.parquet: not a readable Parquet file/);
    expect(e.message).not.toMatch(/\n/);
  });
});

describe('gzipped tables are inflated as a stream, within a limit (gzip bombs)', () => {
  // 512 KiB of rows that gzip to a few KiB; a 256 KiB limit stands in for the default 1 GiB
  const rows = 'a,b\n' + '1,2\n'.repeat(128 * 1024);
  const limit = { ...all, maxInflatedBytes: 256 * 1024 };
  const jsonl = '{"a":1}\n'.repeat(64 * 1024);
  const parquet = gzipSync(
    new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'a', data: Array.from({ length: 100_000 }, (_, i) => i), type: 'INT32' }] })),
    { level: 1 },
  );
  it.each([
    ['bomb.csv.gz', gzipSync(Buffer.from(rows))],
    ['bomb.jsonl.gz', gzipSync(Buffer.from(jsonl))],
    ['bomb.gz', gzipSync(Buffer.from(rows))],
  ] as Array<[string, Uint8Array]>)('%s: past the limit it is an input error naming the file, from git objects and from disk', async (name, gz) => {
    expect(gz.length).toBeLessThan(64 * 1024);
    for (const input of [{ name, data: gz }, { path: write(name, gz) }]) {
      const e = await errorOf(readTable(input, limit));
      expect(e.message).toMatch(new RegExp(`${name.replace('.', '\\.')}: inflates to more than 256 KiB \\(the limit for a gzipped table\\)$`));
    }
    // the default limit reads it
    expect((await readTable({ name, data: gz }, all)).totalRows).toBeGreaterThanOrEqual(64 * 1024);
  });
  it('a gzipped Parquet file, held whole to be read, is bounded by the same limit', async () => {
    const e = await errorOf(readTable({ name: 'p.parquet.gz', data: parquet }, { ...all, maxInflatedBytes: 64 * 1024 }));
    expect(e.message).toBe('p.parquet.gz: inflates to more than 64 KiB (the limit for a gzipped table)');
    expect((await readTable({ name: 'p.parquet.gz', data: parquet }, all)).totalRows).toBe(100_000);
  });
  it('the default limit is the one docs/config.md states', () => {
    expect(MAX_INFLATED_BYTES).toBe(1024 ** 3);
    const doc = fs.readFileSync(path.join(process.cwd(), 'docs', 'config.md'), 'utf8');
    expect(doc).toMatch(/\| a gzipped table \(`\.csv\.gz`, `\.jsonl\.gz`, …\) inflated \| 1 GiB /);
  });
  it('truncated gzip is an input error', async () => {
    const gz = gzipSync(Buffer.from(rows));
    const e = await errorOf(readTable({ name: 'cut.csv.gz', data: gz.subarray(0, gz.length >> 1) }, all));
    expect(e.message).toMatch(/cut\.csv\.gz: not valid gzip/);
  });
});

describe('bounded tables: columns and claimed Parquet rows', () => {
  it('a CSV header or JSON Lines file with more than 10,000 columns is an input error', async () => {
    const header = Array.from({ length: 10_001 }, (_, i) => `c${i}`).join(',');
    const e = await errorOf(readTable({ name: 'wide.csv', data: Buffer.from(`${header}\n${'1,'.repeat(10_000)}1\n`) }, all));
    expect(e.message).toBe('wide.csv:1: 10001 columns in the header (at most 10,000 per table)');
    const keys = Array.from({ length: 10_001 }, (_, i) => JSON.stringify({ [`k${i}`]: i })).join('\n');
    const j = await errorOf(readTable({ name: 'keys.jsonl', data: Buffer.from(keys) }, all));
    expect(j.message).toBe('keys.jsonl:10001: more than 10,000 distinct keys (columns; at most that many per table)');
    // 10,000 columns read
    const ok = Array.from({ length: 10_000 }, (_, i) => `c${i}`).join(',');
    expect((await readTable({ name: 'ok.csv', data: Buffer.from(`${ok}\n${'1,'.repeat(9_999)}1\n`) }, all)).columns.size).toBe(10_000);
  });
  it('a Parquet file with more than 10,000 columns, or claiming more rows than the limit, is an input error', async () => {
    const wide = parquetWriteBuffer({ columnData: Array.from({ length: 10_001 }, (_, i) => ({ name: `c${i}`, data: [i], type: 'INT32' as const })) });
    const e = await errorOf(readTable({ name: 'wide.parquet', data: new Uint8Array(wide) }, all));
    expect(e.message).toBe('wide.parquet: 10001 columns (at most 10,000 per table)');
    const long = new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'a', data: Array.from({ length: 5000 }, () => 1), type: 'INT32' }] }));
    const r = await errorOf(readTable({ name: 'long.parquet', data: long }, { ...all, maxParquetRows: 4999 }));
    expect(r.message).toBe('long.parquet: claims 5,000 rows (at most 4,999 per Parquet file)');
    expect(MAX_PARQUET_ROWS).toBe(20_000_000);
  });
  it('a row group is read in slices (1 M cells at a time): every row arrives once, in order', async () => {
    const n = 1_200_000;
    const buf = parquetWriteBuffer({ columnData: [{ name: 'i', data: Array.from({ length: n }, (_, i) => i), type: 'INT32' }], rowGroupSize: n });
    const t = await readTable({ name: 'big.parquet', data: new Uint8Array(buf) }, { ...all, rowKeys: false });
    const col = t.columns.get('i')!;
    expect(col.length).toBe(n);
    let ordered = true;
    for (let i = 0; i < n; i++) if (col[i] !== i) ordered = false;
    expect(ordered).toBe(true);
  });
});

describe('bad input', () => {
  it('missing file', async () => {
    const e = await errorOf(readTable({ path: path.join(dir, 'nope.csv') }, all));
    expect(e.message).toBe(`${path.join(dir, 'nope.csv')}: file not found`);
  });
  it('empty file', async () => {
    const e = await errorOf(readTable({ path: write('empty.csv', '') }, all));
    expect(e.message).toMatch(/empty\.csv: empty file/);
  });
  it('only blank lines', async () => {
    const e = await errorOf(readTable({ path: write('blank.csv', '\n\n') }, all));
    expect(e.message).toMatch(/blank\.csv: empty file/);
  });
  it('header only', async () => {
    const e = await errorOf(readTable({ path: write('hdr.csv', 'a,b,c\n') }, all));
    expect(e.message).toMatch(/hdr\.csv: no data rows/);
    const e2 = await errorOf(readTable({ path: write('hdr2.csv', 'a,b,c') }, { sampleSize: 10, seed: 1 }));
    expect(e2.message).toMatch(/no data rows/);
  });
  it('ragged row: names the line (counting embedded newlines) in both modes', async () => {
    const text = 'a,b\n1,2\n"x\ny",3\n4,5,6\n7,8\n';
    for (const opts of [all, { sampleSize: 2, seed: 1 }]) {
      const e = await errorOf(readTable({ path: write('rag.csv', text) }, opts));
      expect(e.message).toBe(`${path.join(dir, 'rag.csv')}:5: expected 2 fields (as in the header), found 3`);
      expect(e.line).toBe(5);
    }
    const e2 = await errorOf(readTable({ path: write('short.csv', 'a,b\n1,2\n3\n') }, all));
    expect(e2.message).toMatch(/short\.csv:3: expected 2 fields .* found 1/);
  });
  it('ragged row far into a big file names the right line', async () => {
    const rows = ['a,b'];
    for (let i = 0; i < 200000; i++) rows.push(`${i},${i}`);
    rows[150001] = '1,2,3';
    const e = await errorOf(readTable({ path: write('far.csv', rows.join('\n')) }, { sampleSize: 100, seed: 1 }));
    expect(e.line).toBe(150002);
  });
  it('undecodable bytes: names the line', async () => {
    const bad = Buffer.concat([Buffer.from('a,b\n1,x\n2,'), Buffer.from([0xff, 0xfe]), Buffer.from('\n3,y\n')]);
    const e = await errorOf(readTable({ path: write('bad.csv', bad) }, all));
    expect(e.message).toBe(`${path.join(dir, 'bad.csv')}:3: undecodable bytes (not valid UTF-8)`);
    const badJ = Buffer.concat([Buffer.from('{"a":1}\n{"a":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n')]);
    const e2 = await errorOf(readTable({ path: write('bad.jsonl', badJ) }, all));
    expect(e2.message).toMatch(/bad\.jsonl:2: undecodable bytes/);
  });
  it('undecodable bytes in the header name line 1', async () => {
    const bad = Buffer.concat([Buffer.from('a,'), Buffer.from([0xc0, 0xaf]), Buffer.from('\n1,2\n')]);
    const e = await errorOf(readTable({ name: 'h.csv', data: bad }, { sampleSize: 5, seed: 1 }));
    expect(e.message).toBe('h.csv:1: undecodable bytes (not valid UTF-8)');
  });
  it('bad bytes before a ragged row in the same chunk are reported first', async () => {
    const bad = Buffer.concat([Buffer.from('a,b\n1,'), Buffer.from([0xff]), Buffer.from('\n1,2,3\n')]);
    const e = await errorOf(readTable({ name: 'mix.csv', data: bad }, all));
    expect(e.message).toBe('mix.csv:2: undecodable bytes (not valid UTF-8)');
  });
  it('unterminated quote', async () => {
    const e = await errorOf(readTable({ name: 'u.csv', data: Buffer.from('a,b\n1,2\n3,"open\n4,5\n') }, all));
    expect(e.message).toBe('u.csv:3: unterminated quoted field');
  });
  it('a directory', async () => {
    const e = await errorOf(readTable({ path: dir }, all));
    expect(e.message).toMatch(/is a directory/);
  });
});

describe('sampling', () => {
  const rows = ['id,x,cat'];
  for (let i = 0; i < 5000; i++) rows.push(`${i},${(Math.sin(i) * 100).toFixed(4)},c${i % 7}`);
  const csv = rows.join('\n') + '\n';

  it('keeps sampleSize rows, the same ones on every run, chosen by content hash', async () => {
    const a = await readTable({ name: 't.csv', data: Buffer.from(csv) }, { sampleSize: 100, seed: 42 });
    const b = await readTable({ name: 't.csv', data: Buffer.from(csv) }, { sampleSize: 100, seed: 42 });
    expect(a.totalRows).toBe(5000);
    expect(a.columns.get('id')).toHaveLength(100);
    expect(a.columns.get('id')).toEqual(b.columns.get('id'));
    expect(a.rowKeys).toEqual(b.rowKeys);
    // independent check: the 100 lines with the smallest seededHash(line) are the ones kept
    const lines = rows.slice(1);
    const expected = lines
      .map((l) => ({ l, h: seededHash(l, 42) }))
      .sort((p, q) => p.h - q.h || (p.l < q.l ? -1 : 1))
      .slice(0, 100)
      .map((e) => Number(e.l.split(',')[0]));
    expect(a.columns.get('id')).toEqual(expected);
    expect(a.rowKeys[0]).toBe(seededHash(lines[expected[0]!]!, 42).toString(16).padStart(14, '0'));
  });

  it('does not depend on row order or line endings, and changes with the seed', async () => {
    const shuffled = [rows[0]!, ...rows.slice(1).reverse()].join('\r\n');
    const a = await readTable({ name: 't.csv', data: Buffer.from(csv) }, { sampleSize: 50, seed: 7 });
    const b = await readTable({ name: 't.csv', data: Buffer.from(shuffled) }, { sampleSize: 50, seed: 7 });
    const c = await readTable({ name: 't.csv', data: Buffer.from(csv) }, { sampleSize: 50, seed: 8 });
    expect(b.columns.get('id')).toEqual(a.columns.get('id'));
    expect(c.columns.get('id')).not.toEqual(a.columns.get('id'));
  });

  it('samples of shards merge into the sample of the whole', async () => {
    const lines = rows.slice(1);
    const whole = await readTable({ name: 't.csv', data: Buffer.from(csv) }, { sampleSize: 64, seed: 5 });
    const merged = new BottomK<string>(64, 5);
    for (const part of [lines.slice(0, 2000), lines.slice(2000)]) {
      const shard = new BottomK<string>(64, 5);
      for (const l of part) shard.add(l, l);
      merged.merge(shard);
    }
    expect(merged.values().map((l) => Number(l.split(',')[0]))).toEqual(whole.columns.get('id'));
  });

  it('sampleSize larger than the file keeps every row', async () => {
    const t = await readTable({ name: 't.csv', data: Buffer.from(csv) }, { sampleSize: 10000, seed: 1 });
    expect(new Set(t.columns.get('id')).size).toBe(5000);
  });
});
