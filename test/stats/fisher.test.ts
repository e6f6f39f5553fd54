import { describe, expect, it } from '@jest/globals';
import { fisherExact } from '../../src/stats/fisher.js';
import { expectP, golden } from './golden.js';

describe("Fisher's exact test (2×2, two-sided)", () => {
  it('matches scipy.stats.fisher_exact on every golden table', () => {
    const cases = golden().fisher as Array<{ table: [[number, number], [number, number]]; pValue: number }>;
    expect(cases.length).toBeGreaterThanOrEqual(30);
    for (const c of cases) {
      const [[a, b], [cc, d]] = c.table;
      expectP(fisherExact(a, b, cc, d), c.pValue, JSON.stringify(c.table));
    }
  });
  it('is 1 for identical rows and for an empty row or column; rejects non-counts', () => {
    expect(fisherExact(10, 90, 10, 90)).toBeCloseTo(1, 12);
    expect(fisherExact(0, 0, 3, 4)).toBe(1);
    expect(fisherExact(0, 5, 0, 7)).toBe(1);
    expect(() => fisherExact(1.5, 1, 1, 1)).toThrow(RangeError);
  });
});
