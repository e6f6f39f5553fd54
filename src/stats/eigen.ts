/**
 * Symmetric eigen-decomposition: Householder tridiagonalization + implicit QL (after JAMA's
 * tred2/tql2, public domain). Returns eigenvalues in descending order and eigenvectors as rows.
 */

export interface SymmetricEigen {
  /** eigenvalues, descending */
  values: Float64Array;
  /** eigenvectors as rows (n×n row-major): row i belongs to values[i] */
  vectors: Float64Array;
}

export function symmetricEigen(A: Float64Array, n: number): SymmetricEigen {
  const V = Float64Array.from(A.subarray(0, n * n));
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  if (n === 0) return { values: d, vectors: V };
  if (n === 1) return { values: Float64Array.of(A[0]!), vectors: Float64Array.of(1) };
  // A is symmetric, so V starts as its own transpose; tred2 works on the transposed layout so that
  // both it and the QL rotations touch contiguous memory, and leaves eigenvector rows for tql2
  tred2(V, d, e, n);
  const VT = V;
  tql2(VT, d, e, n);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => d[b]! - d[a]!);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    values[dst] = d[src]!;
    vectors.set(VT.subarray(src * n, src * n + n), dst * n);
  });
  return { values, vectors };
}

/** operates on the transpose of JAMA's V (row-friendly); on exit V holds eigenvector rows for tql2 */
function tred2(V: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  tred2Reduce(V, d, e, n);
  tred2Accumulate(V, d, e, n);
}

/**
 * JAMA tred2's first half: Householder reduction to tridiagonal form. On exit row i of V holds the
 * i-th Householder vector in entries 0..i−1, d[i] its h (i ≥ 1), V's diagonal the tridiagonal's
 * diagonal and e[1..n−1] its off-diagonal.
 */
function tred2Reduce(V: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) d[j] = V[j * n + (n - 1)]!;
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]!);
    if (scale === 0) {
      e[i] = d[i - 1]!;
      for (let j = 0; j < i; j++) {
        d[j] = V[j * n + (i - 1)]!;
        V[j * n + i] = 0;
        V[i * n + j] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k]! /= scale;
        h += d[k]! * d[k]!;
      }
      let f = d[i - 1]!;
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j]!;
        V[i * n + j] = f;
        g = e[j]! + V[j * n + j]! * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += V[j * n + k]! * d[k]!;
          e[k]! += V[j * n + k]! * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j]! /= h;
        f += e[j]! * d[j]!;
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j]! -= hh * d[j]!;
      for (let j = 0; j < i; j++) {
        f = d[j]!;
        g = e[j]!;
        for (let k = j; k <= i - 1; k++) V[j * n + k]! -= f * e[k]! + g * d[k]!;
        d[j] = V[j * n + (i - 1)]!;
        V[j * n + i] = 0;
      }
    }
    d[i] = h;
  }
}

/**
 * JAMA tred2's second half: accumulates Q = P_{n−1}···P_1 from the Householder vectors the reduction
 * left in V (row i, entries 0..i−1, with h_i in d[i]); leaves the tridiagonal in d, e.
 */
function tred2Accumulate(V: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let i = 0; i < n - 1; i++) {
    V[i * n + (n - 1)] = V[i * n + i]!;
    V[i * n + i] = 1;
    const h = d[i + 1]!;
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = V[(i + 1) * n + k]! / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += V[(i + 1) * n + k]! * V[j * n + k]!;
        for (let k = 0; k <= i; k++) V[j * n + k]! -= g * d[k]!;
      }
    }
    for (let k = 0; k <= i; k++) V[(i + 1) * n + k] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = V[j * n + (n - 1)]!;
    V[j * n + (n - 1)] = 0;
  }
  V[(n - 1) * n + (n - 1)] = 1;
  e[0] = 0;
}

/**
 * Implicit QL on the tridiagonal (d, e): eigenvalues left in d. Each Givens rotation (mixing coordinates
 * i and i + 1 with cosine c and sine s) is handed to `rotate` in the order QL makes it: applied to the
 * eigenvector rows (`tql2`) or recorded (`tql2Rotations`); the arithmetic on (d, e) is the same either way.
 */
function ql(d: Float64Array, e: Float64Array, n: number, rotate: (i: number, c: number, s: number) => void): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i]!;
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]!) + Math.abs(e[l]!));
    let m = l;
    while (m < n - 1) {
      if (Math.abs(e[m]!) <= eps * tst1) break;
      m++;
    }
    if (m > l) {
      let iter = 0;
      do {
        iter++;
        let g = d[l]!;
        let p = (d[l + 1]! - g) / (2 * e[l]!);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l]! / (p + r);
        d[l + 1] = e[l]! * (p + r);
        const dl1 = d[l + 1]!;
        let h = g - d[l]!;
        for (let i = l + 2; i < n; i++) d[i]! -= h;
        f += h;
        p = d[m]!;
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1]!;
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i]!;
          h = c * p;
          r = Math.hypot(p, e[i]!);
          e[i + 1] = s * r;
          s = e[i]! / r;
          c = p / r;
          p = c * d[i]! - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]!);
          rotate(i, c, s);
        }
        p = (-s * s2 * c3 * el1 * e[l]!) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]!) > eps * tst1 && iter < 100);
    }
    d[l] = d[l]! + f;
    e[l] = 0;
  }
}

/** implicit QL on the tridiagonal (d, e); VT holds eigenvectors as rows. */
function tql2(VT: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  ql(d, e, n, (i, c, s) => {
    const oi = i * n;
    const oi1 = (i + 1) * n;
    for (let k = 0; k < n; k++) {
      const vh = VT[oi1 + k]!;
      const vi = VT[oi + k]!;
      VT[oi1 + k] = s * vi + c * vh;
      VT[oi + k] = c * vi - s * vh;
    }
  });
}

/** Givens rotations in the order tql2 applies them: rotation r mixes coordinates idx[r], idx[r] + 1. */
interface RotationLog {
  c: Float64Array;
  s: Float64Array;
  idx: Int32Array;
  length: number;
}

function pushRotation(log: RotationLog, i: number, c: number, s: number): void {
  if (log.length === log.idx.length) {
    const cap = log.idx.length * 2;
    const c2 = new Float64Array(cap);
    const s2 = new Float64Array(cap);
    const i2 = new Int32Array(cap);
    c2.set(log.c);
    s2.set(log.s);
    i2.set(log.idx);
    log.c = c2;
    log.s = s2;
    log.idx = i2;
  }
  log.c[log.length] = c;
  log.s[log.length] = s;
  log.idx[log.length] = i;
  log.length++;
}

/**
 * tql2 without eigenvectors: the same arithmetic on (d, e), so the same eigenvalues bit for bit,
 * recording each rotation instead of applying it to an n×n matrix (O(n²) instead of O(n³)).
 */
function tql2Rotations(d: Float64Array, e: Float64Array, n: number, log: RotationLog): void {
  ql(d, e, n, (i, c, s) => pushRotation(log, i, c, s));
}

/**
 * A symmetric eigendecomposition kept in factored form: the Householder vectors of the tridiagonal
 * reduction and the QL rotations, with all eigenvalues. The same eigenvalues as `symmetricEigen`
 * bit for bit (same reduction, same QL arithmetic); eigenvectors and projections onto them are the
 * same products of the same reflectors and rotations, associated differently, so they agree with
 * `symmetricEigen`'s to round-off (no dependence on eigenvalue gaps: no inverse iteration).
 * Costs the reduction (≈ 4n³/3 flops) plus O(n²) per wanted vector, instead of ≈ 4n³/3 + 6·(rotations)·n.
 */
export interface FactoredSymmetricEigen {
  readonly n: number;
  /** eigenvalues, descending (the same order and tie order as `symmetricEigen`) */
  readonly values: Float64Array;
  /** eigenvectors of values[0..k−1] as rows (k×n), equal to symmetricEigen's first k rows to round-off */
  topVectors(k: number): Float64Array;
  /**
   * projections of `count` vectors (rows of `vs`, count×n) onto every eigenvector: out[r·n + j] is
   * (eigenvector j)ᵀ (row r), j in `values` order.
   */
  project(vs: Float64Array, count: number): Float64Array;
}

export function symmetricEigenFactored(A: Float64Array, n: number): FactoredSymmetricEigen {
  const V = Float64Array.from(A.subarray(0, n * n));
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const hs = new Float64Array(n);
  // QL takes about n² rotations (≈ 0.97–1.02 n² on embedding Grams of n = 400…800): sized for that,
  // grown by doubling past it
  const cap = Math.max(16, n * n + n);
  const log: RotationLog = { c: new Float64Array(cap), s: new Float64Array(cap), idx: new Int32Array(cap), length: 0 };
  if (n === 1) d[0] = A[0]!;
  else if (n > 1) {
    tred2Reduce(V, d, e, n);
    // what tred2Accumulate leaves in d and e, without accumulating Q
    for (let i = 1; i < n; i++) hs[i] = d[i]!;
    for (let j = 0; j < n; j++) d[j] = V[j * n + j]!;
    e[0] = 0;
    tql2Rotations(d, e, n, log);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => d[b]! - d[a]!);
  const values = Float64Array.from(order, (src) => d[src]!);

  /**
   * Z (n×m, coordinate-major) ← P_i Z for i = 1 … n−1 in turn (`Q Z` with Q = P_{n−1}···P_1) or for
   * i = n−1 … 1 (`Qᵀ Z` = P_1···P_{n−1} Z)
   */
  const applyReflectors = (Z: Float64Array, m: number, transpose: boolean): void => {
    const g = new Float64Array(m);
    for (let t = 1; t < n; t++) {
      const i = transpose ? n - t : t;
      const h = hs[i]!;
      if (h === 0) continue;
      const ou = i * n;
      g.fill(0);
      for (let k = 0; k < i; k++) {
        const u = V[ou + k]!;
        if (u === 0) continue;
        const zk = k * m;
        for (let c = 0; c < m; c++) g[c]! += u * Z[zk + c]!;
      }
      for (let k = 0; k < i; k++) {
        const uh = V[ou + k]! / h;
        if (uh === 0) continue;
        const zk = k * m;
        for (let c = 0; c < m; c++) Z[zk + c]! -= g[c]! * uh;
      }
    }
  };

  return {
    n,
    values,
    topVectors(k: number): Float64Array {
      const m = Math.max(0, Math.min(k, n));
      // Z = G_1···G_R [e_src…]: tridiagonal eigenvectors, the last rotation applied first
      const Z = new Float64Array(n * m);
      for (let c = 0; c < m; c++) Z[order[c]! * m + c] = 1;
      const { c: cs, s: ss, idx } = log;
      for (let r = log.length - 1; r >= 0; r--) {
        const c = cs[r]!;
        const s = ss[r]!;
        const oi = idx[r]! * m;
        const oi1 = oi + m;
        for (let q = 0; q < m; q++) {
          const vi = Z[oi + q]!;
          const vh = Z[oi1 + q]!;
          Z[oi + q] = c * vi + s * vh;
          Z[oi1 + q] = c * vh - s * vi;
        }
      }
      applyReflectors(Z, m, false);
      const out = new Float64Array(m * n);
      for (let i = 0; i < n; i++) for (let c = 0; c < m; c++) out[c * n + i] = Z[i * m + c]!;
      return out;
    },
    project(vs: Float64Array, count: number): Float64Array {
      const m = count;
      const Z = new Float64Array(n * m);
      for (let c = 0; c < m; c++) for (let i = 0; i < n; i++) Z[i * m + c] = vs[c * n + i]!;
      applyReflectors(Z, m, true);
      // Zᵀ = G_Rᵀ···G_1ᵀ: the first rotation applied first
      const { c: cs, s: ss, idx } = log;
      for (let r = 0; r < log.length; r++) {
        const c = cs[r]!;
        const s = ss[r]!;
        const oi = idx[r]! * m;
        const oi1 = oi + m;
        for (let q = 0; q < m; q++) {
          const vi = Z[oi + q]!;
          const vh = Z[oi1 + q]!;
          Z[oi + q] = c * vi - s * vh;
          Z[oi1 + q] = s * vi + c * vh;
        }
      }
      const out = new Float64Array(m * n);
      for (let c = 0; c < m; c++) for (let j = 0; j < n; j++) out[c * n + j] = Z[order[j]! * m + c]!;
      return out;
    },
  };
}
