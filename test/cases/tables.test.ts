/**
 * Generated table pull requests (two CSV files written here) through `compareTables`, checking the
 * verdict a data engineer expects: each case failed on the code before issue 13.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compareTables } from '../../src/compare.js';
import type { Report } from '../../src/contracts/index.js';
import { validateReport } from '../../src/report/validate.js';
import { createRng } from '../../src/stats/rng.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tr-table-cases-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let counter = 0;
function csv(header: string[], rows: Array<Array<string | number>>, delimiter = ','): string {
  const file = path.join(dir, `t${counter++}.csv`);
  fs.writeFileSync(file, [header.join(delimiter), ...rows.map((r) => r.join(delimiter))].join('\n') + '\n');
  return file;
}

async function compare(base: string, head: string): Promise<Report> {
  const r = await compareTables(base, head, { sampleSize: 0, seed: 1 });
  validateReport(JSON.parse(JSON.stringify(r)));
  return r;
}

const level = (r: Report, id = 'data-drift') => r.risk.scenarios.find((s) => s.id === id)!.level;

/** n rows of a calm table: a numeric column `x`, a category `c`, a count `n`. */
function calm(n: number, seed: number): Array<Array<string | number>> {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => [(10 + 2 * rng.normal()).toFixed(3), ['a', 'b', 'c'][rng.int(3)]!, rng.int(20)]);
}

describe('binning: base constant, or head outside base range', () => {
  it('a constant base column moving down drifts (high), as moving up does', async () => {
    const rows = calm(300, 1);
    const base = csv(
      ['x', 'flag'],
      rows.map((r) => [r[0]!, 1]),
    );
    const down = csv(
      ['x', 'flag'],
      calm(300, 2).map((r) => [r[0]!, 0.5]),
    );
    const up = csv(
      ['x', 'flag'],
      calm(300, 2).map((r) => [r[0]!, 2]),
    );
    for (const head of [down, up]) {
      const r = await compare(base, head);
      const flag = r.datasets[0]!.features.find((f) => f.name === 'flag')!;
      expect(flag.drift).toBe(true);
      expect(flag.metrics.psi).toBeGreaterThan(5);
      expect(level(r)).toBe('high');
    }
  });
});

const evidence = (r: Report, id = 'data-drift') => r.risk.scenarios.find((s) => s.id === id)!.evidence.join('\n');

describe('missing values', () => {
  const rows = calm(400, 3);
  const base = csv(['x', 'c', 'n'], rows);
  it('missing values appearing in a column (0% → 30%) are at least medium, named', async () => {
    const head = csv(
      ['x', 'c', 'n'],
      calm(400, 4).map((r, i) => [i % 10 < 3 ? '' : r[0]!, r[1]!, r[2]!]),
    );
    const r = await compare(base, head);
    const x = r.datasets[0]!.features.find((f) => f.name === 'x')!;
    expect(x.missingness).toMatchObject({ share: { base: 0, head: 0.3 }, drift: true });
    expect(['medium', 'high']).toContain(level(r));
    expect(evidence(r)).toMatch(/`x`: missing values 0% → 30% of rows/);
  });
  it('missing values imputed in head (20% missing → 0%, filled with the mean) are at least medium and called imputed', async () => {
    const withMissing = csv(
      ['x', 'c', 'n'],
      calm(400, 5).map((r, i) => [i % 5 === 0 ? '' : r[0]!, r[1]!, r[2]!]),
    );
    const imputed = csv(
      ['x', 'c', 'n'],
      calm(400, 6).map((r, i) => [i % 5 === 0 ? '10.000' : r[0]!, r[1]!, r[2]!]),
    );
    const r = await compare(withMissing, imputed);
    const x = r.datasets[0]!.features.find((f) => f.name === 'x')!;
    expect(x.fill).toMatchObject({ value: '10', kind: 'imputed' });
    expect(['medium', 'high']).toContain(level(r));
    expect(evidence(r)).toMatch(/the missing values look imputed with 10/);
  });
  it('a constant fill appearing where base had none (values imputed upstream) is at least medium', async () => {
    const head = csv(
      ['x', 'c', 'n'],
      calm(400, 7).map((r, i) => [i % 5 === 0 ? '10.000' : r[0]!, r[1]!, r[2]!]),
    );
    const r = await compare(base, head);
    expect(r.datasets[0]!.features.find((f) => f.name === 'x')!.fill).toMatchObject({ value: '10', kind: 'constant' });
    expect(['medium', 'high']).toContain(level(r));
  });
  it('infinities written into a numeric column count as missing: 30% inf is at least medium; a column of only inf is high', async () => {
    const some = csv(
      ['x', 'c', 'n'],
      calm(400, 10).map((r, i) => [i % 10 < 3 ? (i % 2 ? '-inf' : 'inf') : r[0]!, r[1]!, r[2]!]),
    );
    const r = await compare(base, some);
    const x = r.datasets[0]!.features.find((f) => f.name === 'x')!;
    expect(x.kind).toBe('numeric');
    expect(x.missing).toEqual({ base: 0, head: 120 });
    expect(x.missingness).toMatchObject({ share: { base: 0, head: 0.3 }, drift: true });
    expect(['medium', 'high']).toContain(level(r));
    expect(evidence(r)).toMatch(/`x`: missing values 0% → 30% of rows/);
    const all = csv(
      ['x', 'c', 'n'],
      calm(400, 11).map((r) => ['inf', r[1]!, r[2]!]),
    );
    const r2 = await compare(base, all);
    expect(r2.datasets[0]!.features.find((f) => f.name === 'x')!.missingness).toMatchObject({ share: { base: 0, head: 1 }, drift: true });
    expect(level(r2)).toBe('high');
  });
  it('the same missing rate on both sides is no evidence', async () => {
    const a = csv(
      ['x', 'c', 'n'],
      calm(400, 8).map((r, i) => [i % 7 === 0 ? '' : r[0]!, r[1]!, r[2]!]),
    );
    const b = csv(
      ['x', 'c', 'n'],
      calm(400, 9).map((r, i) => [i % 7 === 3 ? 'NA' : r[0]!, r[1]!, r[2]!]),
    );
    const r = await compare(a, b);
    const x = r.datasets[0]!.features.find((f) => f.name === 'x')!;
    expect(x.missingness!.drift).toBe(false);
    expect(x.fill).toBeUndefined();
    expect(level(r)).toBe('low');
  });
});

describe('types and cardinality', () => {
  it('numeric → text is a schema change named in the evidence (decimal commas), at least medium', async () => {
    const base = csv(
      ['price', 'c'],
      calm(300, 10).map((r) => [r[0]!, r[1]!]),
    );
    const head = csv(
      ['price', 'c'],
      calm(300, 11).map((r) => [`"${String(r[0]!).replace('.', ',')}"`, r[1]!]),
    );
    const r = await compare(base, head);
    const price = r.datasets[0]!.features.find((f) => f.name === 'price')!;
    expect(price.typeChange).toMatchObject({ base: 'numeric', head: 'text', nonNumericShare: { base: 0, head: 1 } });
    expect(level(r)).toBe('high');
    expect(evidence(r)).toMatch(/`price` changed type: numeric in base, text in head \(100% of head values are not numbers, e\.g\. "[0-9]+,[0-9]+"/);
  });
  it('text → numeric is named too', async () => {
    const base = csv(
      ['code', 'n'],
      calm(200, 12).map((r, i) => [i % 4 === 0 ? 'n.a.' : String(r[2]!), r[2]!]),
    );
    const head = csv(
      ['code', 'n'],
      calm(200, 13).map((r) => [String(r[2]!), r[2]!]),
    );
    const r = await compare(base, head);
    expect(r.datasets[0]!.features.find((f) => f.name === 'code')!.typeChange).toMatchObject({ base: 'text', head: 'numeric' });
    expect(evidence(r)).toMatch(/`code` changed type: text in base/);
  });
  it('a unique id column is not drift (Good–Turing unseen share); a concentrated head is', async () => {
    const ids = (n: number, off: number) => Array.from({ length: n }, (_, i) => `id-${off + i}`);
    const xb = calm(400, 14);
    const xh = calm(400, 15);
    const base = csv(
      ['user', 'x'],
      ids(400, 0).map((u, i) => [u, xb[i]![0]!]),
    );
    const fresh = csv(
      ['user', 'x'],
      ids(400, 10000).map((u, i) => [u, xh[i]![0]!]),
    );
    const r1 = await compare(base, fresh);
    const u1 = r1.datasets[0]!.features.find((f) => f.name === 'user')!;
    expect(u1.cardinality).toMatchObject({ unseenShare: { base: 1, head: 1 } });
    expect(u1.drift).toBe(false);
    expect(level(r1)).toBe('low');
    // head: a few of base's ids over and over
    const rng = createRng(16);
    const conc = csv(
      ['user', 'x'],
      calm(400, 17).map((r) => [`id-${rng.int(10)}`, r[0]!]),
    );
    const r2 = await compare(base, conc);
    const u2 = r2.datasets[0]!.features.find((f) => f.name === 'user')!;
    expect(u2.cardinality!.unseenShare.head).toBe(0);
    expect(u2.drift).toBe(true);
    expect(['medium', 'high']).toContain(level(r2));
  });
});

describe('delimiters', () => {
  it('a semicolon CSV is sniffed: its columns are read, the delimiter is in the report, the change is a format change (medium)', async () => {
    const rows = calm(300, 20);
    const base = csv(['x', 'cat', 'n'], rows);
    const head = csv(['x', 'cat', 'n'], calm(300, 21), ';');
    const r = await compare(base, head);
    const ds = r.datasets[0]!;
    expect(ds.delimiters).toEqual({ base: [','], head: [';'] });
    expect(ds.onlyIn).toEqual({ base: [], head: [] });
    expect(ds.features.map((f) => f.name)).toEqual(['x', 'cat', 'n']);
    expect(level(r)).toBe('medium');
    expect(evidence(r)).toMatch(/field delimiter is ";" in head \(base ","\)/);
  });
  it('tab and pipe files are sniffed whatever their extension', async () => {
    for (const d of ['\t', '|']) {
      const a = csv(['x', 'cat', 'n'], calm(100, 22), d);
      const b = csv(['x', 'cat', 'n'], calm(100, 23), d);
      const r = await compare(a, b);
      expect(r.datasets[0]!.delimiters).toEqual({ base: [d], head: [d] });
      expect(r.datasets[0]!.features).toHaveLength(3);
      expect(level(r)).toBe('low');
    }
  });
});
