import { describe, expect, it } from '@jest/globals';
import { chi2Homogeneity } from '../../src/stats/chi2.js';
import { expectClose, expectP, golden } from './golden.js';

describe('chi2Homogeneity = scipy.stats.chi2_contingency(correction=False)', () => {
  const g = golden();
  for (const c of g.categorical) {
    it(c.name, () => {
      const r = chi2Homogeneity(c.baseCounts, c.headCounts);
      expect(r.dof).toBe(c.chi2.dof);
      expectClose(r.statistic, c.chi2.statistic, 1e-9, 1e-12, 'statistic');
      expectP(r.pValue, c.chi2.pValue, 'pValue');
    });
  }
  it('drops all-zero columns and handles K = 1', () => {
    expect(chi2Homogeneity([5, 0], [3, 0])).toEqual({ statistic: 0, pValue: 1, dof: 0 });
    const a = chi2Homogeneity([5, 0, 2], [3, 0, 4]);
    const b = chi2Homogeneity([5, 2], [3, 4]);
    expect(a).toEqual(b);
  });
});
