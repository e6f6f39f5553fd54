/**
 * Exact nearest-neighbour and near-copy searches, made fast by cheap bounds that are provably
 * conservative, so that the results are bit for bit those of the plain double loops.
 *
 * A few orthonormal axes fitted to the data (a seeded randomized subspace iteration on a subsample:
 * their quality only decides the speed, never the result) split every row x (taken from an origin μ)
 * into its coordinates p = P(x − μ) on the axes and the length r = ‖(x − μ) − Pᵀp‖ of the rest.
 * For rows a and b, by Pythagoras and the triangle inequality,
 *   ‖a − b‖² ≥ ‖p_a − p_b‖² + (r_a − r_b)²        (a lower bound on the squared distance)
 *   a·b ≤ p_a·p_b + r_a·r_b      (μ = 0)          (an upper bound on the dot product)
 * at a cost of k + 1 operations instead of d. A candidate is skipped only when its bound clears the
 * test by a margin far above every rounding error (relative 1e-9, plus 1e-8 of the rows' norms for the
 * distance; 1e-9 of the norms' product for the dot product); every other candidate gets the exact
 * sum, in index order as before. The axes are checked orthonormal (to 1e-12); inputs with non-finite
 * or extreme values (|x| > 1e100, or no |x| reaching 1e-100), fewer than 32 rows or dimensions, or
 * more than 8192 dimensions take the plain loops.
 *
 * Rounding, for d dimensions and k ≤ 32 axes (ε = 2⁻⁵³): each coordinate is off by ≲ (d + 2)·ε·‖x‖, the
 * residual length by ≲ 60·d·ε·‖x‖ (see `project`), an exact sum by ≲ d·ε of itself, and axes
 * orthonormal to η stretch lengths by ≲ k·η: at d = 8192 all ≲ 1e-10 of the norms (products), at most
 * a ninth of the margins.
 */
import type { Matrix } from './matrix.js';

/** k orthonormal rows in R^d (k×d, row-major) */
export interface Axes {
  k: number;
  d: number;
  data: Float64Array;
}

/** rows of a matrix seen through `Axes`: coordinates (n×k), residual lengths and lengths (from the origin) */
export interface Projected {
  coords: Float64Array;
  residual: Float64Array;
  norm: Float64Array;
}

/** margins of the bounds (see the module comment); far above the rounding errors, which are ≲ 1e-11 */
const REL = 1e-9;
const ABS = 1e-8;
/** plain loops below these sizes: the axes cost more than they save */
const MIN_DIMS = 32;
const MIN_ROWS = 32;
const MAX_DIMS = 8192;
/** the rounding bounds above assume at most this many axes */
const MAX_AXES = 32;
/** checkpoint stride (dimensions) of the early exit in `boundedSqDist` */
const STRIDE = 64;

/**
 * Whether the bounds' margins hold for these matrices: every value finite, the scale neither near
 * overflow nor underflow of the squares, and at most MAX_DIMS dimensions (the rounding errors grow
 * with the dimension).
 */
export function boundable(...ms: Matrix[]): boolean {
  let max = 0;
  for (const m of ms) {
    if (m.cols > MAX_DIMS) return false;
    const x = m.data;
    const n = m.rows * m.cols;
    for (let i = 0; i < n; i++) {
      const v = Math.abs(x[i]!);
      if (!(v <= 1e100)) return false; // NaN, ±Infinity, huge
      if (v > max) max = v;
    }
  }
  return max >= 1e-100;
}

/** Dot product of d values (four accumulators: any order is fine for the bounds). */
function dot(a: Float64Array, ai: number, b: Float64Array, bi: number, d: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let q = 0;
  for (; q + 3 < d; q += 4) {
    s0 += a[ai + q]! * b[bi + q]!;
    s1 += a[ai + q + 1]! * b[bi + q + 1]!;
    s2 += a[ai + q + 2]! * b[bi + q + 2]!;
    s3 += a[ai + q + 3]! * b[bi + q + 3]!;
  }
  for (; q < d; q++) s0 += a[ai + q]! * b[bi + q]!;
  return s0 + s1 + (s2 + s3);
}

/**
 * Modified Gram–Schmidt, twice, on the k rows of `v` (k×d) in place; drops rows that are (nearly) in
 * the span of the earlier ones. Returns the number of rows kept (moved to the front).
 */
function orthonormalize(v: Float64Array, k: number, d: number): number {
  let kept = 0;
  for (let c = 0; c < k; c++) {
    const oc = c * d;
    const before = Math.sqrt(dot(v, oc, v, oc, d));
    if (!(before > 0)) continue;
    for (let pass = 0; pass < 2; pass++) {
      for (let e = 0; e < kept; e++) {
        const oe = e * d;
        const t = dot(v, oc, v, oe, d);
        for (let q = 0; q < d; q++) v[oc + q]! -= t * v[oe + q]!;
      }
    }
    const after = Math.sqrt(dot(v, oc, v, oc, d));
    if (!(after > 1e-6 * before)) continue;
    const ok = kept * d;
    for (let q = 0; q < d; q++) v[ok + q] = v[oc + q]! / after;
    kept++;
  }
  return kept;
}

/** max |⟨p_c, p_e⟩ − δ_ce| over the axes */
function orthonormalityError(a: Axes): number {
  let worst = 0;
  for (let c = 0; c < a.k; c++) {
    for (let e = 0; e <= c; e++) {
      const g = dot(a.data, c * a.d, a.data, e * a.d, a.d) - (c === e ? 1 : 0);
      if (Math.abs(g) > worst) worst = Math.abs(g);
    }
  }
  return worst;
}

/**
 * Coordinates of the rows of the row-major n×d array `x` on the k rows of `v` (k×d): out (n×k) gets
 * x·vᵀ. Tiles of two rows by four axes (each value loaded once per tile); any summation order will do
 * for the bounds.
 */
function coordinates(x: Float64Array, n: number, v: Float64Array, k: number, d: number, out: Float64Array): void {
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const oa = i * d;
    const ob = oa + d;
    let c = 0;
    for (; c + 3 < k; c += 4) {
      const o0 = c * d;
      const o1 = o0 + d;
      const o2 = o1 + d;
      const o3 = o2 + d;
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      let b0 = 0;
      let b1 = 0;
      let b2 = 0;
      let b3 = 0;
      for (let q = 0; q < d; q++) {
        const u = x[oa + q]!;
        const w = x[ob + q]!;
        const p0 = v[o0 + q]!;
        const p1 = v[o1 + q]!;
        const p2 = v[o2 + q]!;
        const p3 = v[o3 + q]!;
        a0 += u * p0;
        a1 += u * p1;
        a2 += u * p2;
        a3 += u * p3;
        b0 += w * p0;
        b1 += w * p1;
        b2 += w * p2;
        b3 += w * p3;
      }
      const ra = i * k + c;
      out[ra] = a0;
      out[ra + 1] = a1;
      out[ra + 2] = a2;
      out[ra + 3] = a3;
      const rb = ra + k;
      out[rb] = b0;
      out[rb + 1] = b1;
      out[rb + 2] = b2;
      out[rb + 3] = b3;
    }
    for (; c < k; c++) {
      out[i * k + c] = dot(x, oa, v, c * d, d);
      out[(i + 1) * k + c] = dot(x, ob, v, c * d, d);
    }
  }
  for (; i < n; i++) for (let c = 0; c < k; c++) out[i * k + c] = dot(x, i * d, v, c * d, d);
}

/** out (k×d) = wᵀ·x for w (n×k) and the row-major n×d array x: each row of x, weighted, into each output row. */
function combine(w: Float64Array, x: Float64Array, n: number, k: number, d: number, out: Float64Array): void {
  out.fill(0);
  for (let c = 0; c < k; c++) {
    const oc = c * d;
    let i = 0;
    for (; i + 3 < n; i += 4) {
      const w0 = w[i * k + c]!;
      const w1 = w[(i + 1) * k + c]!;
      const w2 = w[(i + 2) * k + c]!;
      const w3 = w[(i + 3) * k + c]!;
      const x0 = i * d;
      const x1 = x0 + d;
      const x2 = x1 + d;
      const x3 = x2 + d;
      for (let q = 0; q < d; q++) out[oc + q]! += w0 * x[x0 + q]! + w1 * x[x1 + q]! + (w2 * x[x2 + q]! + w3 * x[x3 + q]!);
    }
    for (; i < n; i++) {
      const wi = w[i * k + c]!;
      const xi = i * d;
      for (let q = 0; q < d; q++) out[oc + q]! += wi * x[xi + q]!;
    }
  }
}

/**
 * Up to k orthonormal axes spanning the main directions of the rows of `ms` (taken from `origin`, or
 * from 0): randomized subspace iteration (seeded Gaussian start, `iterations` power steps) on at most
 * `sample` rows drawn evenly from the matrices. Undefined when no axis survives or the axes fail the
 * orthonormality check.
 */
export function fitAxes(
  ms: readonly Matrix[],
  opts: { k: number; origin?: Float64Array; sample?: number; iterations?: number; seed?: number },
): Axes | undefined {
  const d = ms[0]?.cols ?? 0;
  const per = Math.max(1, Math.floor((opts.sample ?? 256) / Math.max(1, ms.length)));
  let n = 0;
  for (const m of ms) n += Math.min(m.rows, per);
  const k = Math.min(opts.k, MAX_AXES, n, d);
  if (k < 1) return undefined;
  const x = new Float64Array(n * d);
  let at = 0;
  for (const m of ms) {
    const take = Math.min(m.rows, per);
    for (let t = 0; t < take; t++, at++) {
      const r = Math.floor((t * m.rows) / take);
      for (let q = 0; q < d; q++) x[at * d + q] = m.data[r * d + q]! - (opts.origin ? opts.origin[q]! : 0);
    }
  }
  // start: k pseudo-random combinations of the sample rows (they lie in the rows' span); weights
  // uniform in [−1, 1) from a fixed xorshift sequence
  const w = new Float64Array(n * k);
  let state = (opts.seed ?? 0x5eed) | 1;
  for (let i = 0; i < w.length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    w[i] = (state | 0) / 2147483648;
  }
  let v = new Float64Array(k * d);
  combine(w, x, n, k, d, v);
  let kept = orthonormalize(v, k, d);
  for (let it = 0; it < (opts.iterations ?? 1) && kept > 0; it++) {
    // v ← Xᵀ X v
    coordinates(x, n, v, kept, d, w);
    const next = new Float64Array(kept * d);
    combine(w, x, n, kept, d, next);
    v = next;
    kept = orthonormalize(v, kept, d);
  }
  if (kept < 1) return undefined;
  const axes: Axes = { k: kept, d, data: v.slice(0, kept * d) };
  return orthonormalityError(axes) <= 1e-12 ? axes : undefined;
}

/**
 * The rows of `m` (taken from `origin`, or from 0) on the axes: coordinates, residual lengths, lengths.
 * The residual length is √(‖x‖² − ‖p‖²) where that difference is at least 1% of ‖x‖² (its rounding
 * error, ≲ 12·d·ε·‖x‖², then moves the length by ≲ 60·d·ε·‖x‖), else the length of x − Pᵀp.
 */
export function project(m: Matrix, axes: Axes, origin?: Float64Array): Projected {
  const { k, d } = axes;
  const n = m.rows;
  const coords = new Float64Array(n * k);
  const residual = new Float64Array(n);
  const norm = new Float64Array(n);
  // in blocks of rows, taken from the origin
  const block = 64;
  const x = new Float64Array(block * d);
  const o = origin ?? new Float64Array(d);
  const data = m.data;
  for (let i0 = 0; i0 < n; i0 += block) {
    const b = Math.min(block, n - i0);
    for (let t = 0; t < b; t++) {
      const src = (i0 + t) * d;
      const dst = t * d;
      for (let q = 0; q < d; q++) x[dst + q] = data[src + q]! - o[q]!;
    }
    const c = coords.subarray(i0 * k, (i0 + b) * k);
    coordinates(x, b, axes.data, k, d, c);
    residuals(x, b, axes, c, norm.subarray(i0, i0 + b), residual.subarray(i0, i0 + b));
  }
  return { coords, residual, norm };
}

/** lengths and residual lengths (see `project`) of the n rows of x, whose coordinates are `coords` */
function residuals(x: Float64Array, n: number, axes: Axes, coords: Float64Array, norm: Float64Array, residual: Float64Array): void {
  const { k, d } = axes;
  const P = axes.data;
  for (let t = 0; t < n; t++) {
    const ot = t * d;
    const n2 = dot(x, ot, x, ot, d);
    norm[t] = Math.sqrt(n2);
    let p2 = 0;
    for (let c = 0; c < k; c++) {
      const v = coords[t * k + c]!;
      p2 += v * v;
    }
    const r2 = n2 - p2;
    if (r2 >= 0.01 * n2) {
      residual[t] = Math.sqrt(r2);
      continue;
    }
    for (let c = 0; c < k; c++) {
      const pc = coords[t * k + c]!;
      const oc = c * d;
      for (let q = 0; q < d; q++) x[ot + q]! -= pc * P[oc + q]!;
    }
    residual[t] = Math.sqrt(dot(x, ot, x, ot, d));
  }
}

/**
 * Σ (a − b)² over d dimensions, summed in index order; stops early (returning the partial sum, which is
 * then ≥ `bound`) once the partial sum reaches `bound`: a sum of squares only grows, so the full sum
 * would not be below `bound` either. Below `bound`, the result is the full sum, bit for bit.
 */
export function boundedSqDist(a: Float64Array, ai: number, b: Float64Array, bi: number, d: number, bound: number): number {
  let s = 0;
  let k = 0;
  while (k < d) {
    const end = Math.min(d, k + STRIDE);
    for (; k < end; k++) {
      const x = a[ai + k]! - b[bi + k]!;
      s += x * x;
    }
    if (s >= bound) return s;
  }
  return s;
}

/**
 * `boundedSqDist` from row `ai` of `a` to four rows of `b` (offsets `bo`), into `out`: the four sums run
 * side by side (each in index order, bit for bit the single sum) and stop once all four reach `bound`.
 */
export function boundedSqDist4(a: Float64Array, ai: number, b: Float64Array, bo: Int32Array, d: number, bound: number, out: Float64Array): void {
  const o0 = bo[0]!;
  const o1 = bo[1]!;
  const o2 = bo[2]!;
  const o3 = bo[3]!;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  while (k < d) {
    const end = Math.min(d, k + STRIDE);
    for (; k < end; k++) {
      const v = a[ai + k]!;
      const x0 = v - b[o0 + k]!;
      const x1 = v - b[o1 + k]!;
      const x2 = v - b[o2 + k]!;
      const x3 = v - b[o3 + k]!;
      s0 += x0 * x0;
      s1 += x1 * x1;
      s2 += x2 * x2;
      s3 += x3 * x3;
    }
    if (s0 >= bound && s1 >= bound && s2 >= bound && s3 >= bound) break;
  }
  out[0] = s0;
  out[1] = s1;
  out[2] = s2;
  out[3] = s3;
}

/**
 * The plain search: for each row of `from`, min over rows j of `to` (j ≠ i when `self`) of Σ (a − b)²
 * in index order; with `self` on one matrix each pair is summed once (the squared difference is
 * symmetric, bit for bit). Candidates that cannot beat the best so far are abandoned part-way.
 */
export function plainNearestSq(from: Matrix, to: Matrix, self: boolean): Float64Array {
  const d = from.cols;
  const best = new Float64Array(from.rows).fill(Infinity);
  if (self && from === to) {
    const a = from.data;
    for (let i = 0; i < from.rows; i++) {
      for (let j = i + 1; j < from.rows; j++) {
        const s = boundedSqDist(a, i * d, a, j * d, d, Math.max(best[i]!, best[j]!));
        if (s < best[i]!) best[i] = s;
        if (s < best[j]!) best[j] = s;
      }
    }
  } else {
    for (let i = 0; i < from.rows; i++) {
      let b = Infinity;
      for (let j = 0; j < to.rows; j++) {
        if (self && i === j) continue;
        const s = boundedSqDist(from.data, i * d, to.data, j * to.cols, d, b);
        if (s < b) b = s;
      }
      best[i] = b;
    }
  }
  return best;
}

/** axes for the distance bounds: enough to capture most of an embedding's spread, few enough to stay cheap */
const NEAREST_AXES = 24;

/**
 * Nearest-neighbour searches against the rows of one matrix (`to`), answered exactly: each query's
 * result is the minimum over the candidates of the exact index-order sum Σ (a − b)², bit for bit the
 * plain loop's (`plainNearestSq`). Candidates are visited by increasing lower bound and skipped once
 * the bound clears the best exact sum found (with the margins of the module comment).
 */
export class NearestIndex {
  private readonly axes: Axes | undefined;
  private readonly origin: Float64Array;
  private readonly projected: Projected | undefined;
  private readonly maxNorm: number;

  /** `fitAlso`: the matrices that will be queried, so the axes also see their directions */
  constructor(
    private readonly to: Matrix,
    fitAlso: readonly Matrix[] = [],
    opts: { axes?: number; iterations?: number; sample?: number } = {},
  ) {
    const d = to.cols;
    this.origin = new Float64Array(d);
    const usable = to.rows >= MIN_ROWS && d >= MIN_DIMS && fitAlso.every((m) => m.cols === d) && boundable(to, ...fitAlso);
    if (usable) {
      for (let i = 0; i < to.rows; i++) for (let q = 0; q < d; q++) this.origin[q]! += to.data[i * d + q]!;
      for (let q = 0; q < d; q++) this.origin[q]! /= to.rows;
      this.axes = fitAxes([to, ...fitAlso.filter((m) => m !== to)], {
        k: opts.axes ?? NEAREST_AXES,
        origin: this.origin,
        iterations: opts.iterations ?? 1,
        sample: opts.sample ?? 256,
      });
    }
    if (this.axes) this.projected = project(to, this.axes, this.origin);
    let max = 0;
    if (this.projected) for (const v of this.projected.norm) if (v > max) max = v;
    this.maxNorm = max;
  }

  /**
   * Squared distance of each row of `from` to its nearest row of `to` (skipping the same index when
   * `self`); Infinity when there is no candidate.
   */
  nearestSq(from: Matrix, self = false): Float64Array {
    const { to, axes } = this;
    if (from.cols !== to.cols) throw new RangeError(`nearest: ${from.cols} vs ${to.cols} dimensions`);
    if (!axes || !this.projected || !boundable(from)) return plainNearestSq(from, to, self);
    const pt = this.projected;
    const pf = from === to ? pt : project(from, axes, this.origin);
    const k = axes.k;
    const d = to.cols;
    const n = to.rows;
    const out = new Float64Array(from.rows);
    const lb = new Float64Array(n);
    const list = new Int32Array(n);
    const four = new Int32Array(4);
    const sums = new Float64Array(4);
    const A = from.data;
    const B = to.data;
    const pc = pt.coords;
    const pr = pt.residual;
    for (let i = 0; i < from.rows; i++) {
      const oi = i * k;
      const ri = pf.residual[i]!;
      const fc = pf.coords;
      // lower bounds, and the candidate with the smallest
      let j0 = -1;
      let lb0 = Infinity;
      for (let j = 0; j < n; j++) {
        if (self && j === i) {
          lb[j] = Infinity;
          continue;
        }
        const oj = j * k;
        const t = ri - pr[j]!;
        let s0 = t * t;
        let s1 = 0;
        let c = 0;
        for (; c + 1 < k; c += 2) {
          const u = fc[oi + c]! - pc[oj + c]!;
          const v = fc[oi + c + 1]! - pc[oj + c + 1]!;
          s0 += u * u;
          s1 += v * v;
        }
        if (c < k) {
          const u = fc[oi + c]! - pc[oj + c]!;
          s0 += u * u;
        }
        const s = s0 + s1;
        lb[j] = s;
        if (s < lb0 || j0 < 0) {
          lb0 = s;
          j0 = j;
        }
      }
      if (j0 < 0) {
        out[i] = Infinity;
        continue;
      }
      const slack = ABS * (pf.norm[i]! + this.maxNorm);
      let best = boundedSqDist(A, i * d, B, j0 * d, d, Infinity);
      let cut = (Math.sqrt(best) * (1 + REL) + slack) ** 2;
      // the candidates that might still win, by increasing bound
      let m = 0;
      for (let j = 0; j < n; j++) if (j !== j0 && lb[j]! < cut) list[m++] = j;
      const order = m > 1 ? sortByKey(list, m, lb) : list;
      // four at a time (independent sums, each still in index order), the nearest bounds first
      let q = 0;
      while (q < m) {
        let c = 0;
        while (q < m && c < 4) {
          const j = order[q]!;
          if (!(lb[j]! < cut)) {
            m = q;
            break;
          }
          four[c++] = j * d;
          q++;
        }
        if (c === 4) {
          boundedSqDist4(A, i * d, B, four, d, best, sums);
        } else {
          for (let t = 0; t < c; t++) sums[t] = boundedSqDist(A, i * d, B, four[t]!, d, best);
        }
        let changed = false;
        for (let t = 0; t < c; t++) {
          if (sums[t]! < best) {
            best = sums[t]!;
            changed = true;
          }
        }
        if (changed) cut = (Math.sqrt(best) * (1 + REL) + slack) ** 2;
      }
      out[i] = best;
    }
    return out;
  }
}

/** the first m entries of `idx`, ordered by key[idx] ascending (ties by index) */
function sortByKey(idx: Int32Array, m: number, key: Float64Array): Int32Array {
  const part = idx.slice(0, m);
  if (m <= 32) {
    for (let a = 1; a < m; a++) {
      const v = part[a]!;
      const kv = key[v]!;
      let b = a - 1;
      while (b >= 0 && key[part[b]!]! > kv) {
        part[b + 1] = part[b]!;
        b--;
      }
      part[b + 1] = v;
    }
    return part;
  }
  return part.sort((x, y) => key[x]! - key[y]! || x - y);
}

/** Squared nearest-neighbour distances (see `NearestIndex`), one query matrix. */
export function nearestSqDistances(from: Matrix, to: Matrix, self = false): Float64Array {
  return new NearestIndex(to, from === to ? [] : [from]).nearestSq(from, self);
}
