/**
 * `compare --sample-size 0` against test/goldens/generate_compare.py: metrics computed with numpy/scipy
 * from DESIGN.md's definitions on the same CSV files (see the script's docstring).
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareTables } from '../src/compare.js';
import type { FeatureReport } from '../src/contracts/index.js';

const DIR = join(process.cwd(), 'test', 'fixtures', 'tables', 'golden');

interface Expected {
  features: Array<{
    name: string;
    kind: string;
    missing: { base: number; head: number };
    drift: boolean;
    metrics: Record<string, number | Record<string, number>>;
  }>;
  onlyIn: { base: string[]; head: string[] };
}

const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Record<string, Expected>;

function close(actual: number | undefined, want: number, what: string, pValue = false): void {
  expect(actual).toBeDefined();
  const a = actual!;
  const tol = pValue ? Math.max(1e-6 * Math.abs(want), 1e-12) : Math.max(1e-9 * Math.abs(want), 1e-12);
  if (!(Math.abs(a - want) <= tol)) throw new Error(`${what}: got ${a}, want ${want} (tolerance ${tol})`);
}

describe.each(Object.keys(expected))('golden case %s', (name) => {
  it('matches numpy/scipy for every feature and metric', async () => {
    const want = expected[name]!;
    const report = await compareTables(join(DIR, `${name}-base.csv`), join(DIR, `${name}-head.csv`), { sampleSize: 0 });
    const ds = report.datasets[0]!;
    expect(ds.onlyIn).toEqual(want.onlyIn);
    expect(ds.features.map((f) => f.name)).toEqual(want.features.map((f) => f.name));
    for (const w of want.features) {
      const f = ds.features.find((x) => x.name === w.name) as FeatureReport;
      const where = `${name}/${w.name}`;
      expect([where, f.kind]).toEqual([where, w.kind]);
      expect([where, f.missing]).toEqual([where, w.missing]);
      for (const [metric, value] of Object.entries(w.metrics)) {
        const got = (f.metrics as unknown as Record<string, unknown>)[metric];
        if (typeof value === 'number') {
          close(got as number, value, `${where} ${metric}`, metric === 'pAdjusted');
        } else {
          const g = got as Record<string, number> | undefined;
          expect([where, metric, g === undefined]).toEqual([where, metric, false]);
          close(g!.statistic, value.statistic!, `${where} ${metric}.statistic`);
          close(g!.pValue, value.pValue!, `${where} ${metric}.pValue`, true);
          if (value.dof !== undefined) expect(g!.dof).toBe(value.dof);
        }
      }
      for (const m of ['ks', 'chi2', 'wasserstein', 'wassersteinNormed'] as const) {
        if (!(m in w.metrics)) expect([where, m, f.metrics[m]]).toEqual([where, m, undefined]);
      }
      expect([where, f.drift]).toEqual([where, w.drift]);
    }
    expect(ds.sample).toEqual(ds.total);
  });
});
