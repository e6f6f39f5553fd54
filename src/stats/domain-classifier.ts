/**
 * Domain-classifier two-sample test: can a linear model tell base rows from head rows?
 * L2-regularized logistic regression (features standardized on the training fold, intercept not
 * penalized, penalty ½·λ·‖w‖² with λ = 1, i.e. sklearn's C = 1), fitted by Newton's method;
 * stratified k-fold cross-validated ROC AUC (mean over folds; Mann–Whitney with ties counted ½);
 * permutation null (domain labels shuffled, same folds procedure) with p = (1 + k) / (1 + B).
 *
 * Cost is O(B · folds · iterations · n·d²): give it PCA-reduced inputs (tens of dimensions).
 */
import type { Matrix } from './matrix.js';
import { createRng, shuffleInPlace, type Rng } from './rng.js';

export interface DomainClassifierOptions {
  folds?: number;
  permutations?: number;
  seed?: number;
  /** L2 penalty strength λ (default 1) */
  l2?: number;
}

export interface DomainClassifierResult {
  auc: number;
  pValue: number;
  folds: number;
}

export interface LogisticModel {
  /** coefficients on the standardized features */
  weights: Float64Array;
  intercept: number;
  mean: Float64Array;
  scale: Float64Array;
  iterations: number;
}

/** Solve A x = b for symmetric positive-definite A (d×d, row-major) by Cholesky; A is overwritten. */
function choleskySolve(A: Float64Array, b: Float64Array, d: number): Float64Array {
  for (let j = 0; j < d; j++) {
    let s = A[j * d + j]!;
    for (let k = 0; k < j; k++) s -= A[j * d + k]! ** 2;
    if (!(s > 0)) s = 1e-300;
    const ljj = Math.sqrt(s);
    A[j * d + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      let t = A[i * d + j]!;
      for (let k = 0; k < j; k++) t -= A[i * d + k]! * A[j * d + k]!;
      A[i * d + j] = t / ljj;
    }
  }
  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let t = b[i]!;
    for (let k = 0; k < i; k++) t -= A[i * d + k]! * y[k]!;
    y[i] = t / A[i * d + i]!;
  }
  const x = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let t = y[i]!;
    for (let k = i + 1; k < d; k++) t -= A[k * d + i]! * x[k]!;
    x[i] = t / A[i * d + i]!;
  }
  return x;
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/**
 * Fit L2 logistic regression on rows `X` (n×d) with 0/1 labels `y`: minimizes
 * Σ logloss(y_i, σ(b + x̃_i·w)) + ½·λ·‖w‖², x̃ standardized by the training mean and std (ddof 0).
 */
export function fitLogistic(X: Matrix, y: ArrayLike<number>, l2 = 1, rows?: ArrayLike<number>): LogisticModel {
  const d = X.cols;
  const idx = rows ?? Array.from({ length: X.rows }, (_, i) => i);
  const n = idx.length;
  const mean = new Float64Array(d);
  const scale = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    const o = idx[r]! * d;
    for (let k = 0; k < d; k++) mean[k]! += X.data[o + k]!;
  }
  for (let k = 0; k < d; k++) mean[k]! /= n;
  for (let r = 0; r < n; r++) {
    const o = idx[r]! * d;
    for (let k = 0; k < d; k++) scale[k]! += (X.data[o + k]! - mean[k]!) ** 2;
  }
  for (let k = 0; k < d; k++) {
    const s = Math.sqrt(scale[k]! / n);
    scale[k] = s > 0 ? s : 1;
  }
  // standardized design with a leading 1 column (intercept), stored column-major: ZT[a·n + r]
  const p = d + 1;
  const ZT = new Float64Array(p * n);
  const yy = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const o = idx[r]! * d;
    ZT[r] = 1;
    for (let k = 0; k < d; k++) ZT[(k + 1) * n + r] = (X.data[o + k]! - mean[k]!) / scale[k]!;
    yy[r] = y[idx[r]!]!;
  }
  const z = new Float64Array(n);
  const linear = (bt: Float64Array): void => {
    z.fill(0);
    for (let a = 0; a < p; a++) {
      const ba = bt[a]!;
      if (ba === 0) continue;
      const off = a * n;
      for (let r = 0; r < n; r++) z[r]! += ba * ZT[off + r]!;
    }
  };
  const objective = (bt: Float64Array): number => {
    linear(bt);
    let f = 0;
    for (let r = 0; r < n; r++) {
      const zr = z[r]!;
      // log(1 + e^z) − y z, stably
      f += (zr > 0 ? zr + Math.log1p(Math.exp(-zr)) : Math.log1p(Math.exp(zr))) - yy[r]! * zr;
    }
    for (let k = 1; k < p; k++) f += 0.5 * l2 * bt[k]! ** 2;
    return f;
  };
  const beta = new Float64Array(p);
  let f = objective(beta);
  let it = 0;
  const res = new Float64Array(n);
  const w = new Float64Array(n);
  const wz = new Float64Array(n);
  const g = new Float64Array(p);
  const H = new Float64Array(p * p);
  const next = new Float64Array(p);
  for (; it < 100; it++) {
    linear(beta);
    for (let r = 0; r < n; r++) {
      const mu = sigmoid(z[r]!);
      w[r] = Math.max(mu * (1 - mu), 1e-12);
      res[r] = mu - yy[r]!;
    }
    for (let a = 0; a < p; a++) {
      const oa = a * n;
      let ga = 0;
      for (let r = 0; r < n; r++) {
        const za = ZT[oa + r]!;
        ga += res[r]! * za;
        wz[r] = w[r]! * za;
      }
      g[a] = ga;
      for (let b2 = 0; b2 <= a; b2++) {
        const ob = b2 * n;
        let h = 0;
        for (let r = 0; r < n; r++) h += wz[r]! * ZT[ob + r]!;
        H[a * p + b2] = h;
        H[b2 * p + a] = h;
      }
    }
    for (let k = 1; k < p; k++) {
      g[k]! += l2 * beta[k]!;
      H[k * p + k]! += l2;
    }
    if (l2 <= 0) for (let k = 0; k < p; k++) H[k * p + k]! += 1e-10;
    let gmax = 0;
    for (let k = 0; k < p; k++) gmax = Math.max(gmax, Math.abs(g[k]!));
    if (gmax < 1e-10 * Math.max(1, n)) break;
    const step = choleskySolve(H, g, p);
    // damped Newton: halve until the objective does not increase
    let t = 1;
    let fNext = Infinity;
    for (let ls = 0; ls < 40; ls++) {
      for (let k = 0; k < p; k++) next[k] = beta[k]! - t * step[k]!;
      fNext = objective(next);
      if (fNext <= f + 1e-12 * Math.abs(f)) break;
      t /= 2;
    }
    let change = 0;
    for (let k = 0; k < p; k++) change = Math.max(change, Math.abs(next[k]! - beta[k]!));
    beta.set(next);
    f = fNext;
    if (change < 1e-12) {
      it++;
      break;
    }
  }
  return { weights: beta.slice(1), intercept: beta[0]!, mean, scale, iterations: it };
}

/** decision value b + x̃·w for row r of X */
export function decision(model: LogisticModel, X: Matrix, r: number): number {
  const d = X.cols;
  let z = model.intercept;
  for (let k = 0; k < d; k++) z += ((X.data[r * d + k]! - model.mean[k]!) / model.scale[k]!) * model.weights[k]!;
  return z;
}

/** ROC AUC by Mann–Whitney: P(score_pos > score_neg) + ½·P(tie). */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  // midranks
  let nPos = 0;
  let rankSumPos = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]!] === scores[order[i]!]) j++;
    const mid = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[order[k]!] === 1) {
        nPos++;
        rankSumPos += mid;
      }
    }
    i = j + 1;
  }
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return NaN;
  const U = rankSumPos - (nPos * (nPos + 1)) / 2;
  return U / (nPos * nNeg);
}

/** fold index per row: stratified (per class, shuffled, round-robin). */
export function stratifiedFolds(labels: ArrayLike<number>, k: number, rng: Rng): Int32Array {
  const fold = new Int32Array(labels.length);
  for (const cls of [0, 1]) {
    const members: number[] = [];
    for (let i = 0; i < labels.length; i++) if (labels[i] === cls) members.push(i);
    shuffleInPlace(members, rng);
    members.forEach((row, j) => (fold[row] = j % k));
  }
  return fold;
}

/**
 * Cross-validated AUC for given fold assignments: per fold, fit on the other folds and score the fold;
 * returns the per-fold AUCs and their mean (folds lacking a class are left out of the mean).
 */
export function crossValidatedAuc(X: Matrix, y: ArrayLike<number>, folds: ArrayLike<number>, k: number, l2 = 1): { foldAucs: number[]; mean: number } {
  const foldAucs: number[] = [];
  let sum = 0;
  let used = 0;
  for (let f = 0; f < k; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < y.length; i++) (folds[i] === f ? test : train).push(i);
    const model = fitLogistic(X, y, l2, train);
    const scores = test.map((r) => decision(model, X, r));
    const auc = rocAuc(
      scores,
      test.map((r) => y[r]!),
    );
    foldAucs.push(auc);
    if (!Number.isNaN(auc)) {
      sum += auc;
      used++;
    }
  }
  return { foldAucs, mean: used ? sum / used : 0.5 };
}

export function domainClassifierTest(base: Matrix, head: Matrix, opts: DomainClassifierOptions = {}): DomainClassifierResult {
  if (base.cols !== head.cols) throw new Error(`domainClassifierTest: ${base.cols} vs ${head.cols} columns`);
  const B = opts.permutations ?? 100;
  const seed = opts.seed ?? 0;
  const l2 = opts.l2 ?? 1;
  const k = Math.min(opts.folds ?? 5, base.rows, head.rows);
  if (k < 2) return { auc: 0.5, pValue: 1, folds: k };
  const d = base.cols;
  const N = base.rows + head.rows;
  const X: Matrix = { rows: N, cols: d, data: new Float64Array(N * d) };
  X.data.set(base.data.subarray(0, base.rows * d), 0);
  X.data.set(head.data.subarray(0, head.rows * d), base.rows * d);
  const y = new Int8Array(N);
  for (let i = base.rows; i < N; i++) y[i] = 1;
  const rng = createRng(seed);
  const auc = crossValidatedAuc(X, y, stratifiedFolds(y, k, rng), k, l2).mean;
  let count = 0;
  const yp = Int8Array.from(y);
  for (let b = 0; b < B; b++) {
    shuffleInPlace(yp, rng);
    const aucPerm = crossValidatedAuc(X, yp, stratifiedFolds(yp, k, rng), k, l2).mean;
    if (aucPerm >= auc) count++;
  }
  return { auc, pValue: (1 + count) / (1 + B), folds: k };
}
