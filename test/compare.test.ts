import { describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { columnsNeedingText, compareTables, tableOnlyRisk } from '../src/compare.js';
import type { FeatureReport } from '../src/report/types.js';
import { validateReport } from '../src/report/validate.js';

function feature(name: string, drift: boolean, psi: number, kind: 'numeric' | 'categorical' = 'numeric'): FeatureReport {
  return {
    name,
    kind,
    metrics: { psi, kl: psi, js: 0.2, ...(kind === 'numeric' ? { ks: { statistic: 0.3, pValue: 1e-5 }, wassersteinNormed: 0.4 } : { chi2: { statistic: 20, pValue: 1e-4, dof: 2 } }), pAdjusted: 1e-4 },
    drift,
  };
}

describe('tableOnlyRisk', () => {
  it('is low with no drifting feature, other scenarios not applicable', () => {
    const r = tableOnlyRisk([feature('a', false, 0.3), feature('b', false, 0.01)]);
    expect(r.level).toBe('low');
    expect(r.scenarios.map((s) => s.id)).toEqual(['task-mismatch', 'data-drift', 'roi-shift', 'augmentation-drift']);
    const dd = r.scenarios.find((s) => s.id === 'data-drift')!;
    expect(dd.score).toBe(0);
    expect(dd.evidence[0]).toMatch(/^0 of 2 shared features drift/);
    for (const s of r.scenarios.filter((x) => x.id !== 'data-drift')) {
      expect(s).toEqual({ id: s.id, level: 'low', score: 0, evidence: ['not applicable to tables'], recommendations: [] });
    }
  });
  it('is medium when a few features drift with PSI below 0.25', () => {
    const fs10 = [feature('a', true, 0.12), ...Array.from({ length: 9 }, (_, i) => feature(`f${i}`, false, 0.01))];
    const r = tableOnlyRisk(fs10);
    expect(r.level).toBe('medium');
    const dd = r.scenarios[1]!;
    // share 0.1 → (2/3)·max(0.1/0.3, 0.12/0.25) = (2/3)·0.48
    expect(dd.score).toBeCloseTo((2 / 3) * 0.48, 12);
    expect(dd.evidence.join(' ')).toMatch(/a \(numeric\): PSI 0\.120/);
    expect(dd.recommendations.length).toBe(2);
  });
  it('is high at a drifting PSI of 0.25, or when 30% of features drift', () => {
    const one = [feature('a', true, 0.25), ...Array.from({ length: 9 }, (_, i) => feature(`f${i}`, false, 0))];
    expect(tableOnlyRisk(one).level).toBe('high');
    const many = [feature('a', true, 0.11), feature('b', true, 0.11, 'categorical'), feature('c', true, 0.11), ...Array.from({ length: 7 }, (_, i) => feature(`f${i}`, false, 0))];
    const r = tableOnlyRisk(many);
    expect(r.level).toBe('high');
    expect(r.scenarios[1]!.score).toBeCloseTo(2 / 3, 12);
    expect(r.scenarios[1]!.recommendations.length).toBe(3);
  });
  it('caps the score at 1 and names one-sided columns', () => {
    const r = tableOnlyRisk([feature('a', true, 5)], { base: ['old'], head: ['new1', 'new2'] });
    expect(r.scenarios[1]!.score).toBe(1);
    expect(r.scenarios[1]!.evidence).toContain('Columns only in base (dropped): old.');
    expect(r.scenarios[1]!.evidence).toContain('Columns only in head (new): new1, new2.');
  });
});

describe('columnsNeedingText', () => {
  it('asks for raw text on the sides holding numbers of a categorical column', () => {
    const base = new Map<string, (number | string | null)[]>([
      ['num', [1, 2, null]],
      ['mixed', [1, 'a']],
      ['cat', ['a', 'b']],
      ['numbase', [1, 2]],
    ]);
    const head = new Map<string, (number | string | null)[]>([
      ['num', [3, null]],
      ['mixed', [2]],
      ['cat', ['c']],
      ['numbase', ['x']],
    ]);
    expect(columnsNeedingText(base, head)).toEqual({ base: ['mixed', 'numbase'], head: ['mixed'] });
  });
});

describe('compareTables', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compare-'));
  const base = path.join(dir, 'base.csv');
  const head = path.join(dir, 'head.jsonl');
  const rows = ['x,c,gone'];
  const lines: string[] = [];
  for (let i = 0; i < 400; i++) {
    rows.push(`${(i % 50) / 10},${i % 3 ? 'a' : 'b'},1`);
    lines.push(JSON.stringify({ x: (i % 50) / 10 + 3, c: i % 3 ? 'a' : 'b', added: i }));
  }
  fs.writeFileSync(base, rows.join('\n'));
  fs.writeFileSync(head, lines.join('\n'));

  it('builds a valid report across formats: refs, sha256, samples, onlyIn, drift, risk, meta', async () => {
    const r = await compareTables(base, head, { sampleSize: 100, seed: 3, failOn: 'medium' });
    expect(validateReport(JSON.parse(JSON.stringify(r)))).toBeTruthy();
    expect(r.base).toEqual({ ref: base, sha: createHash('sha256').update(fs.readFileSync(base)).digest('hex') });
    expect(r.head.sha).toBe(createHash('sha256').update(fs.readFileSync(head)).digest('hex'));
    expect(r.meta).toMatchObject({ sampleSize: 100, seed: 3, failOn: 'medium' });
    expect(typeof r.meta.seconds).toBe('number');
    const ds = r.datasets[0]!;
    expect(ds).toMatchObject({ name: 'head.jsonl', modality: 'tabular', sample: { base: 100, head: 100 }, total: { base: 400, head: 400 }, skipped: [] });
    expect(ds.onlyIn).toEqual({ base: ['gone'], head: ['added'] });
    const x = ds.features.find((f) => f.name === 'x')!;
    const c = ds.features.find((f) => f.name === 'c')!;
    expect(x.kind).toBe('numeric');
    expect(x.drift).toBe(true);
    expect(c.kind).toBe('categorical');
    expect(c.drift).toBe(false);
    expect(r.risk.level).toBe('high');
  });
  it('uses every row with sampleSize 0 and the default 10000 otherwise', async () => {
    const all = await compareTables(base, head, { sampleSize: 0 });
    expect(all.datasets[0]!.sample).toEqual({ base: 400, head: 400 });
    const def = await compareTables(base, head);
    expect(def.meta.sampleSize).toBe(10000);
    expect(def.meta.seed).toBe(42);
  });
  it('rejects a negative sample size and reports missing files by name', async () => {
    await expect(compareTables(base, head, { sampleSize: -1 })).rejects.toThrow(/--sample-size must be a whole number/);
    await expect(compareTables(path.join(dir, 'nope.csv'), head)).rejects.toThrow(`${path.join(dir, 'nope.csv')}: file not found`);
  });
});

describe('sortedNumeric', () => {
  it('sorts numbers, puts missing cells last as NaN, and leaves text columns alone', async () => {
    const { sortedNumeric } = await import('../src/compare.js');
    expect(sortedNumeric([3, null, -1, 2.5, Infinity])).toEqual([-1, 2.5, 3, Infinity, NaN]);
    expect(sortedNumeric([1, 'a', null])).toBeNull();
    expect(sortedNumeric([])).toEqual([]);
  });
});
