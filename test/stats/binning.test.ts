import { describe, expect, it } from '@jest/globals';
import { binCounts, categoryCounts, quantile, quantileEdges } from '../../src/stats/binning.js';
import { expectClose, f64, golden } from './golden.js';

describe('binning', () => {
  const g = golden();
  it('quantile = numpy.quantile (linear)', () => {
    for (const c of g.quantile) {
      const s = f64(c.values).sort();
      c.q.forEach((q: number, i: number) => expectClose(quantile(s, q), c.expected[i], 1e-15, 1e-300, `q=${q}`));
    }
  });
  it('edges and counts match numpy for every numeric golden case', () => {
    for (const c of g.numeric) {
      const edges = quantileEdges(f64(c.base));
      expect(edges).toEqual(c.edges);
      expect(Array.from(binCounts(f64(c.base), edges))).toEqual(c.baseCounts);
      expect(Array.from(binCounts(f64(c.head), edges))).toEqual(c.headCounts);
    }
  });
  it('a value equal to an edge falls in the lower bin (edges strictly below)', () => {
    expect(Array.from(binCounts(f64([1, 2, 2.5, 3, 3.5]), [1, 2, 3]))).toEqual([1, 1, 2, 1]);
  });
  it('duplicates are removed from edges', () => {
    const e = quantileEdges(f64([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]));
    expect(e).toHaveLength(2);
    expect(e[0]).toBe(0);
    expect(e[1]).toBeCloseTo(0.1, 12);
    expect(quantileEdges(f64([5, 5, 5]))).toEqual([5]);
    expect(quantileEdges(new Float64Array(0))).toEqual([]);
  });
  it('categoryCounts: one bin per category in base ∪ head', () => {
    for (const c of g.categorical) {
      const cc = categoryCounts(c.base, c.head);
      expect(cc.categories).toEqual(c.categories);
      expect(Array.from(cc.base)).toEqual(c.baseCounts);
      expect(Array.from(cc.head)).toEqual(c.headCounts);
    }
  });
});
