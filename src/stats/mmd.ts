/**
 * Unbiased MMD² between base and head embeddings with an RBF kernel exp(−d² / median(d²)), the
 * median taken over all pooled pairwise squared distances (i < j), and a seeded permutation test
 * p = (1 + #{perm ≥ observed}) / (1 + B).
 *
 * Speed: the pooled kernel matrix is computed once (N² doubles, N = n + m). For a labelling with
 * group X (size n) and Y (size m), with T = Σ_{i≠j} K_ij and R_i = Σ_{j≠i} K_ij:
 *   S_XY = Σ_{i∈X} R_i − S_XX,  S_YY = T − 2·S_XY − S_XX,
 * so each permutation only needs the within-group sum of the smaller group (O(min(n,m)²)).
 */
import type { Matrix } from './matrix.js';
import { createRng, shuffleInPlace } from './rng.js';

export interface MmdOptions {
  permutations?: number;
  seed?: number;
}

export interface MmdResult {
  statistic: number;
  pValue: number;
  /** the kernel bandwidth used: median pairwise squared distance of the pooled sample */
  bandwidth: number;
}

/**
 * Median of `values` (reordered in place): the k-th smallest by selection (Hoare's quickselect with a
 * median-of-three pivot), O(n) on average instead of a full sort; the same value a sort gives. Arrays
 * holding NaN are sorted (NaN sorts last, as Float64Array.prototype.sort does).
 */
export function medianOf(values: Float64Array): number {
  const n = values.length;
  if (n === 0) return NaN;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(values[i]!)) {
      const s = values.sort();
      const h = n >> 1;
      return n % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
    }
  }
  const h = n >> 1;
  const upper = selectKth(values, h);
  if (n % 2) return upper;
  // the largest value left of position h is the (h − 1)-th smallest
  let lower = -Infinity;
  for (let i = 0; i < h; i++) if (values[i]! > lower) lower = values[i]!;
  return (lower + upper) / 2;
}

/** Reorders `a` so that a[k] is its k-th smallest value (0-based), smaller-or-equal values before it, and returns it. */
function selectKth(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    // median of three as pivot, moved to a[mid]
    if (a[mid]! < a[lo]!) swap(a, mid, lo);
    if (a[hi]! < a[lo]!) swap(a, hi, lo);
    if (a[hi]! < a[mid]!) swap(a, hi, mid);
    const pivot = a[mid]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

/** pooled squared distances (N×N, symmetric) between the rows of a and b stacked. */
function pooledSquaredDistances(a: Matrix, b: Matrix): { d2: Float64Array; N: number } {
  if (a.cols !== b.cols) throw new Error(`mmd: base has ${a.cols} columns, head ${b.cols}`);
  const N = a.rows + b.rows;
  const d = a.cols;
  const X = new Float64Array(N * d);
  X.set(a.data.subarray(0, a.rows * d), 0);
  X.set(b.data.subarray(0, b.rows * d), a.rows * d);
  const norms = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += X[i * d + k]! ** 2;
    norms[i] = s;
  }
  const d2 = new Float64Array(N * N);
  for (let i = 0; i < N; i++) {
    const oi = i * d;
    for (let j = i + 1; j < N; j++) {
      const oj = j * d;
      let s = 0;
      for (let k = 0; k < d; k++) {
        const t = X[oi + k]! - X[oj + k]!;
        s += t * t;
      }
      d2[i * N + j] = s;
      d2[j * N + i] = s;
    }
  }
  return { d2, N };
}

/** Unbiased MMD² from group sums. */
function mmdFromSums(sXX: number, sYY: number, sXY: number, n: number, m: number): number {
  return sXX / (n * (n - 1)) + sYY / (m * (m - 1)) - (2 * sXY) / (n * m);
}

export function mmdTest(base: Matrix, head: Matrix, opts: MmdOptions = {}): MmdResult {
  const B = opts.permutations ?? 500;
  const seed = opts.seed ?? 0;
  const n = base.rows;
  const m = head.rows;
  if (n < 2 || m < 2) return { statistic: 0, pValue: 1, bandwidth: NaN };
  const { d2, N } = pooledSquaredDistances(base, head);
  const upper = new Float64Array((N * (N - 1)) / 2);
  let u = 0;
  for (let i = 0; i < N; i++) for (let j = i + 1; j < N; j++) upper[u++] = d2[i * N + j]!;
  let bw = medianOf(upper);
  if (!(bw > 0)) bw = 1; // all pooled points (mostly) identical: any bandwidth gives the same answer
  // kernel, in place
  const K = d2;
  for (let i = 0; i < N * N; i++) K[i] = Math.exp(-K[i]! / bw);
  for (let i = 0; i < N; i++) K[i * N + i] = 0; // the unbiased estimator never uses the diagonal
  const R = new Float64Array(N);
  let T = 0;
  for (let i = 0; i < N; i++) {
    let s = 0;
    for (let j = 0; j < N; j++) s += K[i * N + j]!;
    R[i] = s;
    T += s;
  }
  // group "small" is the smaller side; labels: first nSmall of `idx` are in the small group
  const smallIsBase = n <= m;
  const nSmall = smallIsBase ? n : m;
  const withinSum = (members: Int32Array): number => {
    let s = 0;
    const k = members.length;
    for (let a = 0; a < k; a++) {
      const oa = members[a]! * N;
      for (let b = a + 1; b < k; b++) s += K[oa + members[b]!]!;
    }
    return 2 * s;
  };
  const statFor = (members: Int32Array): number => {
    // members: indices of the small group
    const sSS = withinSum(members);
    let rS = 0;
    for (let a = 0; a < members.length; a++) rS += R[members[a]!]!;
    const sSL = rS - sSS;
    const sLL = T - 2 * sSL - sSS;
    return smallIsBase ? mmdFromSums(sSS, sLL, sSL, n, m) : mmdFromSums(sLL, sSS, sSL, n, m);
  };
  const idx = new Int32Array(N);
  for (let i = 0; i < N; i++) idx[i] = i;
  const observedMembers = smallIsBase ? idx.slice(0, n) : idx.slice(n, N);
  const observed = statFor(observedMembers);
  const rng = createRng(seed);
  let count = 0;
  const perm = Int32Array.from(idx);
  for (let b = 0; b < B; b++) {
    shuffleInPlace(perm, rng);
    const members = perm.subarray(0, nSmall).slice().sort();
    if (statFor(members) >= observed) count++;
  }
  return { statistic: observed, pValue: (1 + count) / (1 + B), bandwidth: bw };
}

/** Unbiased MMD² only (no permutation test). */
export function mmdStatistic(base: Matrix, head: Matrix): number {
  return mmdTest(base, head, { permutations: 0 }).statistic;
}
