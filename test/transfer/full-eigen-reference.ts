/**
 * LogME and H-score as they were before the eigen-solve work (main at eb40f62, verbatim but for the
 * names): full eigenvectors from linalg.symmetricEigen (columns), projected one class at a time.
 * The references the current ones are pinned against (test/transfer/eigen-scores.test.ts).
 */
import type { Matrix } from '../../src/stats/matrix.js';
import { checkCodes } from '../../src/transfer/labels.js';
import { gramCols, gramRows, symmetricEigen } from '../../src/transfer/linalg.js';

export interface RefLogmeModel {
  readonly n: number;
  readonly d: number;
  /** mean over classes of the per-item log evidence; `codes` are class codes 0..C-1 */
  score(codes: ArrayLike<number>): number;
}

const LOG_2PI = Math.log(2 * Math.PI);

export function refPrepareLogme(f: Matrix): RefLogmeModel {
  const n = f.rows;
  const d = f.cols;
  if (n < 2 || d < 1) throw new RangeError(`logme: need at least 2 items and 1 dimension (got ${n}×${d})`);
  const wide = d > n;
  const k = wide ? n : d;
  const eig = wide ? symmetricEigen(gramRows(f.data, n, d), n) : symmetricEigen(gramCols(f.data, n, d), d);
  const smax = Math.max(0, eig.values[k - 1]!);
  const tol = 1e-20 * Math.max(1, smax);
  const s = new Float64Array(k);
  for (let i = 0; i < k; i++) s[i] = eig.values[i]! > tol ? eig.values[i]! : 0;
  const V = eig.vectors;

  /** w_i = s_i · (u_iᵀ y)² for the one-hot target of class c. */
  function weights(codes: ArrayLike<number>, c: number): { w: Float64Array; yy: number } {
    const w = new Float64Array(k);
    let yy = 0;
    if (wide) {
      // x = Uᵀy: sum of U's rows over the class members
      const x = new Float64Array(k);
      for (let r = 0; r < n; r++) {
        if (codes[r] !== c) continue;
        yy++;
        const off = r * k;
        for (let j = 0; j < k; j++) x[j] = x[j]! + V[off + j]!;
      }
      for (let j = 0; j < k; j++) w[j] = s[j] === 0 ? 0 : s[j]! * x[j]! * x[j]!;
    } else {
      // c = Vᵀ(Fᵀy); w = c² (= s · x²)
      const fy = new Float64Array(d);
      for (let r = 0; r < n; r++) {
        if (codes[r] !== c) continue;
        yy++;
        const off = r * d;
        for (let j = 0; j < d; j++) fy[j] = fy[j]! + f.data[off + j]!;
      }
      for (let j = 0; j < k; j++) {
        if (s[j] === 0) continue;
        let acc = 0;
        for (let i = 0; i < d; i++) acc += V[i * k + j]! * fy[i]!;
        w[j] = acc * acc;
      }
    }
    return { w, yy };
  }

  function evidence(codes: ArrayLike<number>, c: number): number {
    const { w, yy } = weights(codes, c);
    let alpha = 1;
    let beta = 1;
    let m2 = 0;
    let res2 = 0;
    for (let it = 0; it < 11; it++) {
      const t = alpha / beta;
      let gamma = 0;
      m2 = 0;
      let fitted = 0;
      for (let j = 0; j < k; j++) {
        const sj = s[j]!;
        const ts = t + sj;
        gamma += sj / ts;
        m2 += w[j]! / (ts * ts);
        fitted += (w[j]! * (sj + 2 * t)) / (ts * ts);
      }
      res2 = yy - fitted;
      alpha = gamma / (m2 + 1e-5);
      beta = (n - gamma) / (res2 + 1e-5);
      const t2 = alpha / beta;
      if (Math.abs(t2 - t) / t <= 1e-3) break;
    }
    let logdet = (d - k) * Math.log(alpha);
    for (let j = 0; j < k; j++) logdet += Math.log(alpha + beta * s[j]!);
    const ev = (d / 2) * Math.log(alpha) + (n / 2) * Math.log(beta) - 0.5 * logdet - (beta / 2) * res2 - (alpha / 2) * m2 - (n / 2) * LOG_2PI;
    return ev / n;
  }

  return {
    n,
    d,
    score(codes: ArrayLike<number>): number {
      const classes = checkCodes(codes, n, 'logme');
      const present = new Uint8Array(classes);
      for (let i = 0; i < n; i++) present[codes[i]!] = 1;
      let sum = 0;
      let count = 0;
      for (let c = 0; c < classes; c++) {
        if (!present[c]) continue;
        sum += evidence(codes, c);
        count++;
      }
      return sum / count;
    },
  };
}

export interface RefHScoreModel {
  readonly n: number;
  readonly d: number;
  /** Ledoit–Wolf shrinkage α in [0, 1] */
  readonly shrinkage: number;
  score(codes: ArrayLike<number>): number;
}

export function refPrepareHScore(f: Matrix): RefHScoreModel {
  const n = f.rows;
  const d = f.cols;
  if (n < 2 || d < 1) throw new RangeError(`hscore: need at least 2 items and 1 dimension (got ${n}×${d})`);
  // centre
  const x = new Float64Array(n * d);
  const mean = new Float64Array(d);
  for (let r = 0; r < n; r++) for (let j = 0; j < d; j++) mean[j] = mean[j]! + f.data[r * d + j]!;
  for (let j = 0; j < d; j++) mean[j] = mean[j]! / n;
  for (let r = 0; r < n; r++) for (let j = 0; j < d; j++) x[r * d + j] = f.data[r * d + j]! - mean[j]!;

  const wide = d > n;
  const G = wide ? gramRows(x, n, d) : gramCols(x, n, d);
  const gdim = wide ? n : d;
  // Ledoit–Wolf shrinkage (scikit-learn's ledoit_wolf_shrinkage, assume_centered on centred data)
  let alpha = 0;
  let traceSum = 0; // Σ_j emp_cov_trace_j = Σ_i ||x_i||² / n
  for (let i = 0; i < n * d; i++) traceSum += x[i]! * x[i]!;
  traceSum /= n;
  const mu = traceSum / d;
  if (d > 1) {
    let beta = 0; // Σ_i ||x_i||⁴
    for (let r = 0; r < n; r++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += x[r * d + j]! * x[r * d + j]!;
      beta += s * s;
    }
    let delta = 0; // ||XᵀX||_F² = ||XXᵀ||_F²
    for (let i = 0; i < gdim * gdim; i++) delta += G[i]! * G[i]!;
    delta /= n * n;
    beta = (1 / (d * n)) * (beta / n - delta);
    delta = delta - 2 * mu * traceSum + d * mu * mu;
    delta /= d;
    beta = Math.min(beta, delta);
    alpha = beta === 0 ? 0 : beta / delta;
  }
  // cov_α = a·XᵀX + b·I
  const a = (1 - alpha) / n;
  const b = alpha * mu;
  const eig = symmetricEigen(G, gdim);
  const smax = Math.max(0, eig.values[gdim - 1]!);
  const tol = 1e-12 * Math.max(smax, Number.MIN_VALUE);

  /** mᵀ cov_α⁺ m for a centred class-mean vector m (pseudo-inverse semantics when b = 0). */
  function quad(m: Float64Array): number {
    const V = eig.vectors;
    if (!wide) {
      let q = 0;
      for (let j = 0; j < gdim; j++) {
        const lam = a * Math.max(0, eig.values[j]!) + b;
        if (lam <= 1e-15 * (a * smax + b)) continue;
        let p = 0;
        for (let i = 0; i < d; i++) p += V[i * gdim + j]! * m[i]!;
        q += (p * p) / lam;
      }
      return q;
    }
    // wide: XXᵀ = U S Uᵀ, XᵀX = V S Vᵀ with v_j = Xᵀu_j/√s_j
    const xm = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      let s = 0;
      for (let i = 0; i < d; i++) s += x[r * d + i]! * m[i]!;
      xm[r] = s;
    }
    let mm = 0;
    for (let i = 0; i < d; i++) mm += m[i]! * m[i]!;
    let q = 0;
    if (b > 0) {
      for (let j = 0; j < gdim; j++) {
        const sj = Math.max(0, eig.values[j]!);
        if (sj <= tol) continue;
        let p = 0;
        for (let r = 0; r < n; r++) p += V[r * gdim + j]! * xm[r]!;
        // (v_jᵀm)² = p²/s_j ; contributes (1/(a s_j + b) − 1/b)·p²/s_j
        q += ((p * p) / sj) * (1 / (a * sj + b) - 1 / b);
      }
      return mm / b + q;
    }
    for (let j = 0; j < gdim; j++) {
      const sj = Math.max(0, eig.values[j]!);
      if (sj <= tol) continue;
      let p = 0;
      for (let r = 0; r < n; r++) p += V[r * gdim + j]! * xm[r]!;
      q += (p * p) / sj / (a * sj);
    }
    return q;
  }

  return {
    n,
    d,
    shrinkage: alpha,
    score(codes: ArrayLike<number>): number {
      const classes = checkCodes(codes, n, 'hscore');
      if (mu === 0) return 0;
      const sums = new Float64Array(classes * d);
      const counts = new Float64Array(classes);
      for (let r = 0; r < n; r++) {
        const c = codes[r]!;
        counts[c] = counts[c]! + 1;
        for (let j = 0; j < d; j++) sums[c * d + j] = sums[c * d + j]! + x[r * d + j]!;
      }
      let total = 0;
      for (let c = 0; c < classes; c++) {
        if (counts[c] === 0) continue;
        const m = new Float64Array(d);
        for (let j = 0; j < d; j++) m[j] = sums[c * d + j]! / counts[c]!;
        total += counts[c]! * quad(m);
      }
      return ((1 - alpha) * total) / (n - 1);
    },
  };
}
