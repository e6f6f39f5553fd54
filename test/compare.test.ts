import { describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { columnsNeedingText, compareTables, NOT_APPLICABLE, tableRisk } from '../src/compare.js';
import type { DatasetReport, FeatureReport } from '../src/contracts/index.js';
import { validateReport } from '../src/report/validate.js';

function feature(name: string, drift: boolean, psi: number, kind: 'numeric' | 'categorical' = 'numeric'): FeatureReport {
  return {
    name,
    kind,
    metrics: {
      psi,
      kl: psi,
      js: kind === 'numeric' ? 0.05 : psi,
      ...(kind === 'numeric'
        ? { ks: { statistic: 0.3, pValue: 1e-9 }, wasserstein: psi, wassersteinNormed: psi }
        : { chi2: { statistic: 200, pValue: 1e-9, dof: 2 } }),
      pAdjusted: drift ? 1e-9 : 0.5,
    },
    drift,
  };
}

function dataset(features: FeatureReport[], n = 1000): DatasetReport {
  return { name: 't.csv', modality: 'tabular', sample: { base: n, head: n }, features, skipped: [] };
}

describe('tableRisk', () => {
  it('judges data drift with the risk engine; the other scenarios are not applicable to tables', () => {
    const r = tableRisk(dataset([feature('exposure', true, 2.0), feature('iso', false, 0.01)]));
    expect(r.scenarios.map((s) => s.id)).toEqual(['task-mismatch', 'data-drift', 'roi-shift', 'augmentation-drift']);
    const dd = r.scenarios[1]!;
    expect(dd.level).toBe('high');
    expect(r.level).toBe('high');
    expect(dd.evidence.join(' ')).toMatch(/exposure/);
    for (const s of [r.scenarios[0]!, r.scenarios[2]!, r.scenarios[3]!]) {
      expect(s).toEqual({ id: s.id, level: 'low', applicable: false, score: 0, evidence: [NOT_APPLICABLE], recommendations: [] });
    }
  });
  it('is low when nothing drifts, even with a large PSI that is not significant', () => {
    const r = tableRisk(dataset([feature('a', false, 0.5), feature('b', false, 0.01)]));
    expect(r.level).toBe('low');
    expect(r.scenarios[1]!.level).toBe('low');
  });
  it('raises columns missing in head', () => {
    const d = dataset([feature('a', false, 0.01)]);
    d.onlyIn = { base: ['gone'], head: [] };
    const r = tableRisk(d);
    expect(r.scenarios[1]!.level).not.toBe('low');
    expect(r.scenarios[1]!.evidence.join(' ')).toMatch(/gone/);
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
