/**
 * PCA on the rows of a matrix (centered, not scaled). Components ordered by explained variance;
 * keeps the smallest k whose cumulative explained-variance ratio reaches `varianceTarget`
 * (default 0.9), capped at `maxComponents` (default 50) and at min(n − 1, d).
 * Uses the n×n Gram matrix when n < d, else the d×d scatter matrix.
 * Component signs: each component's largest-magnitude coordinate is positive.
 */
import { rowGram, type Matrix } from './matrix.js';
import { symmetricEigen, symmetricEigenFactored } from './eigen.js';

export interface PcaOptions {
  maxComponents?: number;
  varianceTarget?: number;
}

export interface Pca {
  mean: Float64Array;
  /** k×d, rows are unit-norm principal axes */
  components: Matrix;
  /** per kept component: its variance / total variance */
  explainedVarianceRatio: Float64Array;
  /** per kept component: variance (ddof 1, as sklearn's explained_variance_) */
  explainedVariance: Float64Array;
  transform(m: Matrix): Matrix;
}

export function fitPca(m: Matrix, opts: PcaOptions = {}): Pca {
  const maxComponents = opts.maxComponents ?? 50;
  const target = opts.varianceTarget ?? 0.9;
  const n = m.rows;
  const d = m.cols;
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) mean[k]! += m.data[i * d + k]!;
  if (n > 0) for (let k = 0; k < d; k++) mean[k]! /= n;
  const Xc = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) Xc[i * d + k] = m.data[i * d + k]! - mean[k]!;

  const kMax = Math.max(0, Math.min(maxComponents, n - 1, d));
  /** how many components reach the target, from eigenvalues in descending order */
  const chooseK = (values: Float64Array, count: number): { k: number; total: number } => {
    let total = 0;
    for (let c = 0; c < count; c++) if (values[c]! > 0) total += values[c]!;
    let k = 0;
    if (total > 0) {
      let cum = 0;
      while (k < kMax) {
        cum += Math.max(values[k]!, 0) / total;
        k++;
        if (cum >= target) break;
      }
    }
    return { k, total };
  };

  let values: Float64Array;
  let axes: Float64Array; // rows: unit principal axes in R^d, in `values` order (first k filled)
  let k: number;
  let total: number;
  if (n < d) {
    const G = rowGram(Xc, n, d);
    const { values: vals, vectors } = topEigen(G, n, kMax, (v) => chooseK(v, n).k);
    values = vals;
    ({ k, total } = chooseK(values, n));
    axes = new Float64Array(k * d);
    for (let c = 0; c < k; c++) {
      const lam = values[c]!;
      if (!(lam > 0)) continue;
      const inv = 1 / Math.sqrt(lam);
      const out = axes.subarray(c * d, c * d + d);
      for (let i = 0; i < n; i++) {
        const u = vectors[c * n + i]! * inv;
        if (u === 0) continue;
        const oi = i * d;
        for (let q = 0; q < d; q++) out[q]! += u * Xc[oi + q]!;
      }
    }
  } else {
    const C = new Float64Array(d * d);
    for (let i = 0; i < n; i++) {
      const oi = i * d;
      for (let a = 0; a < d; a++) {
        const xa = Xc[oi + a]!;
        if (xa === 0) continue;
        for (let b = 0; b <= a; b++) C[a * d + b]! += xa * Xc[oi + b]!;
      }
    }
    for (let a = 0; a < d; a++) for (let b = a + 1; b < d; b++) C[a * d + b] = C[b * d + a]!;
    const eig = topEigen(C, d, kMax, (v) => chooseK(v, d).k);
    values = eig.values;
    axes = eig.vectors;
    ({ k, total } = chooseK(values, d));
  }
  const components: Matrix = { rows: k, cols: d, data: new Float64Array(k * d) };
  const ratio = new Float64Array(k);
  const variance = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    const src = axes.subarray(c * d, c * d + d);
    let big = 0;
    for (let j = 0; j < d; j++) if (Math.abs(src[j]!) > Math.abs(big)) big = src[j]!;
    const sign = big < 0 ? -1 : 1;
    for (let j = 0; j < d; j++) components.data[c * d + j] = sign * src[j]!;
    ratio[c] = Math.max(values[c]!, 0) / total;
    variance[c] = Math.max(values[c]!, 0) / Math.max(n - 1, 1);
  }
  const transform = (x: Matrix): Matrix => {
    if (x.cols !== d) throw new Error(`pca.transform: expected ${d} columns, got ${x.cols}`);
    const out: Matrix = { rows: x.rows, cols: k, data: new Float64Array(x.rows * k) };
    for (let i = 0; i < x.rows; i++) {
      const oi = i * d;
      for (let c = 0; c < k; c++) {
        let s = 0;
        const oc = c * d;
        for (let j = 0; j < d; j++) s += (x.data[oi + j]! - mean[j]!) * components.data[oc + j]!;
        out.data[i * k + c] = s;
      }
    }
    return out;
  };
  return { mean, components, explainedVarianceRatio: ratio, explainedVariance: variance, transform };
}

/**
 * All eigenvalues (descending) and the eigenvectors (rows) of the first `want(values)` of them, of
 * which there are at most kMax. When kMax is well below n the factored solver skips the O(n³)
 * eigenvector accumulation (same eigenvalues bit for bit, eigenvectors equal to round-off);
 * otherwise the full solver.
 */
function topEigen(A: Float64Array, n: number, kMax: number, want: (values: Float64Array) => number): { values: Float64Array; vectors: Float64Array } {
  if (2 * kMax > n) return symmetricEigen(A, n);
  const eig = symmetricEigenFactored(A, n);
  return { values: eig.values, vectors: eig.topVectors(want(eig.values)) };
}
