/**
 * fitPca's top-k path (factored eigensolver, no O(n³) eigenvector accumulation) against the plain
 * full-solver PCA it replaced, kept here as the reference.
 */
import { describe, expect, it } from '@jest/globals';
import { symmetricEigen } from '../../src/stats/eigen.js';
import { rowGram, type Matrix } from '../../src/stats/matrix.js';
import { fitPca } from '../../src/stats/pca.js';
import { createRng } from '../../src/stats/rng.js';

/** the previous fitPca: full symmetricEigen, then the same k rule, axes and signs */
function referencePca(m: Matrix, maxComponents: number, target: number): { components: Matrix; ratio: number[]; variance: number[] } {
  const n = m.rows;
  const d = m.cols;
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) mean[k]! += m.data[i * d + k]!;
  if (n > 0) for (let k = 0; k < d; k++) mean[k]! /= n;
  const Xc = Float64Array.from(m.data, (v, i) => v - mean[i % d]!);
  const kMax = Math.max(0, Math.min(maxComponents, n - 1, d));
  let values: Float64Array;
  let axisOf: (c: number) => Float64Array;
  if (n < d) {
    const eig = symmetricEigen(rowGram(Xc, n, d), n);
    values = eig.values;
    axisOf = (c) => {
      const out = new Float64Array(d);
      if (!(values[c]! > 0)) return out;
      const inv = 1 / Math.sqrt(values[c]!);
      for (let i = 0; i < n; i++) {
        const u = eig.vectors[c * n + i]! * inv;
        if (u !== 0) for (let q = 0; q < d; q++) out[q]! += u * Xc[i * d + q]!;
      }
      return out;
    };
  } else {
    const C = new Float64Array(d * d);
    for (let i = 0; i < n; i++) for (let a = 0; a < d; a++) for (let b = 0; b <= a; b++) C[a * d + b]! += Xc[i * d + a]! * Xc[i * d + b]!;
    for (let a = 0; a < d; a++) for (let b = a + 1; b < d; b++) C[a * d + b] = C[b * d + a]!;
    const eig = symmetricEigen(C, d);
    values = eig.values;
    axisOf = (c) => eig.vectors.slice(c * d, c * d + d);
  }
  let total = 0;
  for (const v of values) if (v > 0) total += v;
  let k = 0;
  if (total > 0) {
    let cum = 0;
    while (k < kMax) {
      cum += Math.max(values[k]!, 0) / total;
      k++;
      if (cum >= target) break;
    }
  }
  const components: Matrix = { rows: k, cols: d, data: new Float64Array(k * d) };
  const ratio: number[] = [];
  const variance: number[] = [];
  for (let c = 0; c < k; c++) {
    const src = axisOf(c);
    let big = 0;
    for (const v of src) if (Math.abs(v) > Math.abs(big)) big = v;
    const sign = big < 0 ? -1 : 1;
    src.forEach((v, j) => (components.data[c * d + j] = sign * v));
    ratio.push(Math.max(values[c]!, 0) / total);
    variance.push(Math.max(values[c]!, 0) / Math.max(n - 1, 1));
  }
  return { components, ratio, variance };
}

function data(rows: number, cols: number, seed: number, rank = Math.min(rows, cols)): Matrix {
  const r = createRng(seed);
  const Z = Float64Array.from({ length: rows * rank }, () => r.normal());
  const W = Float64Array.from({ length: rank * cols }, (_, i) => r.normal() * 0.9 ** Math.floor(i / cols));
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let q = 0; q < rank; q++) for (let j = 0; j < cols; j++) out[i * cols + j]! += Z[i * rank + q]! * W[q * cols + j]!;
  return { rows, cols, data: out };
}

const duplicated = (m: Matrix): Matrix => ({ rows: m.rows * 2, cols: m.cols, data: Float64Array.from([...m.data, ...m.data]) });
const withZeroRows = (m: Matrix, z: number): Matrix => ({
  rows: m.rows + z,
  cols: m.cols,
  data: Float64Array.from([...m.data, ...new Float64Array(z * m.cols)]),
});

const cases: [string, Matrix, number, number][] = [
  ['Gram path, 80×300, ≤ 10 comps at 0.9', data(80, 300, 1), 10, 0.9],
  ['Gram path, 120×400 rank 6, ≤ 50 comps (k < 2·kMax rows)', data(120, 400, 2, 6), 50, 0.99],
  ['Gram path, 2-D scatter PCA, 60×90, 2 comps at 1', data(60, 90, 3), 2, 1],
  ['Gram path, duplicated rows (eigenvalue 0 with multiplicity)', duplicated(data(30, 200, 4)), 10, 0.95],
  ['Gram path, zero rows', withZeroRows(data(25, 100, 5), 15), 8, 0.9],
  ['Gram path, isotropic (clustered eigenvalues)', data(40, 2000, 6), 12, 0.5],
  ['scatter path, 300×12, ≤ 5 comps', data(300, 12, 7), 5, 0.9],
  ['scatter path, 200×20 rank 3', data(200, 20, 8, 3), 8, 0.999],
  ['n = 2', data(2, 50, 9), 1, 0.9],
  ['n = 3, 2 comps', data(3, 50, 10), 2, 1],
  ['constant rows', { rows: 6, cols: 40, data: Float64Array.from({ length: 240 }, (_, i) => i % 40) }, 2, 0.9],
];

describe('fitPca top-k path vs the full-solver reference', () => {
  it.each(cases)('%s', (_name, m, maxComponents, target) => {
    const ref = referencePca(m, maxComponents, target);
    const p = fitPca(m, { maxComponents, varianceTarget: target });
    expect(p.components.rows).toBe(ref.components.rows);
    // the same eigenvalues bit for bit: the same ratios and variances bit for bit
    expect(Array.from(p.explainedVarianceRatio)).toEqual(ref.ratio);
    expect(Array.from(p.explainedVariance)).toEqual(ref.variance);
    for (let i = 0; i < ref.components.data.length; i++) {
      expect(Math.abs(p.components.data[i]! - ref.components.data[i]!)).toBeLessThan(1e-9);
    }
  });
});
