import { describe, expect, it } from '@jest/globals';
import { ks2samp, ksStatistic, roundHalfEven } from '../../src/stats/ks.js';
import { expectClose, expectP, f64, formulaSample, golden } from './golden.js';

describe('ks2samp = scipy.stats.ks_2samp(method="auto")', () => {
  const g = golden();
  for (const c of g.numeric) {
    it(`${c.name} (n=${c.base.length}, m=${c.head.length}, ${c.ks.method})`, () => {
      const r = ks2samp(f64(c.base), f64(c.head));
      expectClose(r.statistic, c.ks.statistic, 1e-12, 1e-15, 'statistic');
      expectP(r.pValue, c.ks.pValue, 'pValue');
      // symmetric in its arguments
      const s = ks2samp(f64(c.head), f64(c.base));
      expectClose(s.statistic, c.ks.statistic, 1e-12, 1e-15, 'swapped statistic');
      expectP(s.pValue, c.ks.pValue, 'swapped pValue');
    });
  }
  for (const c of g.formula) {
    it(`${c.name}: asymptotic p-value on a million-point sample`, () => {
      const a = formulaSample(c.base);
      const b = formulaSample(c.head);
      const r = ks2samp(a, b);
      expectClose(r.statistic, c.ks.statistic, 1e-12, 1e-15, 'statistic');
      expectP(r.pValue, c.ks.pValue, 'pValue');
    });
  }
  it('statistic-only helper agrees', () => {
    const c = g.numeric[0];
    expect(ksStatistic(f64(c.base), f64(c.head))).toBeCloseTo(c.ks.statistic, 14);
  });
  it('rejects empty samples', () => {
    expect(() => ks2samp(new Float64Array(0), f64([1]))).toThrow(/empty/);
  });
  it('rounds half to even like numpy', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, 2.4, 2.6].map(roundHalfEven)).toEqual([0, 2, 2, -0, -2, 2, 3]);
  });
});
