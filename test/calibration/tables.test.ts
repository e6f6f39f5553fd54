import { describe, expect, it } from '@jest/globals';
import { tableFalsePositiveRates, tableSample, tableTrial } from '../../src/calibration/tables.js';
import { mergeThresholds } from '../../src/risk/thresholds.js';
import { createRng } from '../../src/stats/rng.js';

describe('calibration of the table-column rules (small version of npm run bench:calibration)', () => {
  it('no shift: every rule stays near alpha over 60 seeded trials (loose bound alpha + 0.05)', () => {
    for (const n of [40, 150]) {
      const rows = tableFalsePositiveRates({ trials: 60, n, seed: 11 });
      expect(rows).toHaveLength(7);
      for (const r of rows) expect({ n, test: r.test, ok: r.rate <= 0.05 + 0.05 }).toEqual({ n, test: r.test, ok: true });
    }
  });
  it('the generator has what the rules look at: missing cells, unique ids, many categories', () => {
    const c = tableSample(200, createRng(1), 0);
    expect(c.get('skewed')!.filter((v) => v === null).length).toBeGreaterThan(5);
    expect(new Set(c.get('id')).size).toBe(200);
    expect(new Set(c.get('zip')).size).toBeGreaterThan(50);
    const o = tableTrial(200, 1, mergeThresholds());
    expect(o.missingness).toHaveLength(2);
    expect(o.cardinality).toHaveLength(2);
  });
});
