import { describe, expect, it } from '@jest/globals';
import type { Matrix } from '../../src/stats/matrix.js';
import { mmdTest } from '../../src/stats/mmd.js';
import { createRng } from '../../src/stats/rng.js';
import { expectClose, f64, golden } from './golden.js';

function randn(rows: number, cols: number, seed: number, shift = 0): Matrix {
  const r = createRng(seed);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = r.normal() + shift;
  return { rows, cols, data };
}

describe('mmdTest', () => {
  for (const c of golden().mmd) {
    it(`statistic and bandwidth = numpy reference (${c.name})`, () => {
      const a = { rows: c.baseRows, cols: c.cols, data: f64(c.base) };
      const b = { rows: c.headRows, cols: c.cols, data: f64(c.head) };
      const r = mmdTest(a, b, { permutations: 20, seed: 1 });
      expectClose(r.bandwidth, c.bandwidth, 1e-12, 1e-300, 'bandwidth');
      expectClose(r.statistic, c.statistic, 1e-9, 1e-13, 'statistic');
      // swapping sides leaves the statistic unchanged
      expectClose(mmdTest(b, a, { permutations: 0 }).statistic, c.statistic, 1e-9, 1e-13, 'swapped');
    });
  }
  it('p-values are roughly uniform under the null across seeds', () => {
    const ps: number[] = [];
    for (let s = 0; s < 40; s++) ps.push(mmdTest(randn(30, 3, 100 + s), randn(30, 3, 500 + s), { permutations: 99, seed: s }).pValue);
    const below = ps.filter((p) => p <= 0.1).length;
    expect(below).toBeLessThanOrEqual(10); // expected 4
    const mean = ps.reduce((x, y) => x + y, 0) / ps.length;
    expect(mean).toBeGreaterThan(0.3);
    expect(mean).toBeLessThan(0.7);
    for (const p of ps) expect(p).toBeGreaterThanOrEqual(1 / 100);
  });
  it('p is minimal under a clear shift, and deterministic per seed', () => {
    const a = randn(50, 4, 1);
    const b = randn(50, 4, 2, 1);
    const r = mmdTest(a, b, { permutations: 200, seed: 9 });
    expect(r.pValue).toBe(1 / 201);
    expect(mmdTest(a, b, { permutations: 200, seed: 9 })).toEqual(r);
  });
  it('runs B=500 on n = m = 500 (pooled 1000)', () => {
    const r = mmdTest(randn(500, 8, 3), randn(500, 8, 4), { permutations: 500, seed: 1 });
    expect(r.pValue).toBeGreaterThan(0);
  });
  it('tiny samples give p = 1', () => {
    expect(mmdTest(randn(1, 2, 1), randn(5, 2, 2)).pValue).toBe(1);
  });
});
