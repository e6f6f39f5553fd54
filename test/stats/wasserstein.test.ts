import { describe, expect, it } from '@jest/globals';
import { wasserstein1, wassersteinNormed } from '../../src/stats/wasserstein.js';
import { expectClose, f64, formulaSample, golden } from './golden.js';

describe('wasserstein', () => {
  const g = golden();
  it('= scipy.stats.wasserstein_distance, and normed by max(std(base), 0.001)', () => {
    for (const c of g.numeric) {
      expectClose(wasserstein1(f64(c.base), f64(c.head)), c.wasserstein, 1e-9, 1e-15, c.name);
      expectClose(wassersteinNormed(f64(c.base), f64(c.head)), c.wassersteinNormed, 1e-9, 1e-15, c.name);
    }
  });
  it('large formula samples', () => {
    for (const c of g.formula) expectClose(wasserstein1(formulaSample(c.base), formulaSample(c.head)), c.wasserstein, 1e-9, 1e-15, c.name);
  });
  it('a shift by s of the same sample gives s', () => {
    expect(wasserstein1(f64([1, 2, 3]), f64([3, 4, 5]))).toBeCloseTo(2, 14);
  });
});
