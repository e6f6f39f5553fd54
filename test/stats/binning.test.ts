import { describe, expect, it } from '@jest/globals';
import { binCounts, categoryCounts, numericBins, quantile, quantileEdges, rangeBinBoundaries, rangeBinCounts } from '../../src/stats/binning.js';
import { psi } from '../../src/stats/psi.js';
import { expectClose, f64, golden } from './golden.js';

describe('binning', () => {
  const g = golden();
  it('quantile = numpy.quantile (linear)', () => {
    for (const c of g.quantile) {
      const s = f64(c.values).sort();
      c.q.forEach((q: number, i: number) => expectClose(quantile(s, q), c.expected[i], 1e-15, 1e-300, `q=${q}`));
    }
  });
  it('edges, range and counts (with the below-min and above-max bins) match numpy for every numeric golden case', () => {
    for (const c of g.numeric) {
      const bins = numericBins(f64(c.base));
      expect(bins.edges).toEqual(c.edges);
      expect([bins.min, bins.max]).toEqual([c.min, c.max]);
      expect(Array.from(rangeBinCounts(f64(c.base), bins))).toEqual(c.baseCounts);
      expect(Array.from(rangeBinCounts(f64(c.head), bins))).toEqual(c.headCounts);
      expect(c.baseCounts).toHaveLength(c.edges.length + 3);
    }
  });
  it('a constant base column sees head values below and above it (PSI of both moves is large)', () => {
    const base = f64(new Array(50).fill(1));
    const bins = numericBins(base);
    expect(bins).toEqual({ edges: [1], min: 1, max: 1 });
    const lower = rangeBinCounts(f64(new Array(40).fill(0.5)), bins);
    const higher = rangeBinCounts(f64(new Array(40).fill(2)), bins);
    expect(Array.from(lower)).toEqual([40, 0, 0, 0]);
    expect(Array.from(higher)).toEqual([0, 0, 0, 40]);
    const cb = rangeBinCounts(base, bins);
    expect(psi(cb, lower)).toBeGreaterThan(8);
    expect(psi(cb, higher)).toBeCloseTo(psi(cb, lower), 12);
    // the quantile bins alone (before this contract change) put 0.5 in base's bin: PSI 0
    expect(psi(binCounts(base, bins.edges), binCounts(f64(new Array(40).fill(0.5)), bins.edges))).toBe(0);
  });
  it('histogram boundaries are [min, ...edges, max], one fewer than the counts', () => {
    const bins = numericBins(f64([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    expect(rangeBinBoundaries(bins)).toHaveLength(rangeBinCounts(f64([0, 11]), bins).length - 1);
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
