/**
 * Small dense linear algebra for the transferability scores: symmetric eigendecomposition (the
 * solver in src/stats/eigen.ts, in ascending / column layout, in full or as eigenvalues plus
 * projections onto the eigenvectors),
 * Cholesky solve, Gram matrices. Row-major Float64Array throughout.
 */
import { symmetricEigenFactored, symmetricEigen as symmetricEigenDesc } from '../stats/eigen.js';
import { rowGram } from '../stats/matrix.js';

export interface SymmetricEigen {
  /** ascending eigenvalues */
  values: Float64Array;
  /** n×n row-major; column j is the eigenvector of values[j] */
  vectors: Float64Array;
}

/**
 * Eigendecomposition of a symmetric n×n matrix (row-major; only read), in the ascending / column
 * layout the transferability scores use, over the shared solver in src/stats/eigen.ts.
 */
export function symmetricEigen(a: Float64Array, n: number): SymmetricEigen {
  const desc = symmetricEigenDesc(a, n);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const src = n - 1 - j;
    values[j] = desc.values[src]!;
    for (let i = 0; i < n; i++) vectors[i * n + j] = desc.vectors[src * n + i]!;
  }
  return { values, vectors };
}

export interface SymmetricEigenProjector {
  /** ascending eigenvalues, as `symmetricEigen`'s (bit for bit) */
  values: Float64Array;
  /**
   * out[r·n + j] = (eigenvector of values[j])ᵀ (row r of `vs`, count×n): `symmetricEigen`'s
   * Vᵀv products to round-off, without forming V (O(n²) per vector after the O(n³) reduction).
   */
  project(vs: Float64Array, count: number): Float64Array;
}

/** The eigenvalues of a symmetric n×n matrix and projections onto its eigenvectors, ascending layout. */
export function symmetricEigenProjector(a: Float64Array, n: number): SymmetricEigenProjector {
  const f = symmetricEigenFactored(a, n);
  const values = new Float64Array(n);
  for (let j = 0; j < n; j++) values[j] = f.values[n - 1 - j]!;
  return {
    values,
    project(vs: Float64Array, count: number): Float64Array {
      const desc = f.project(vs, count);
      const out = new Float64Array(count * n);
      for (let r = 0; r < count; r++) for (let j = 0; j < n; j++) out[r * n + j] = desc[r * n + n - 1 - j]!;
      return out;
    },
  };
}

/** XᵀX (cols×cols) of a row-major rows×cols matrix. */
export function gramCols(x: Float64Array, rows: number, cols: number): Float64Array {
  const g = new Float64Array(cols * cols);
  for (let r = 0; r < rows; r++) {
    const off = r * cols;
    for (let i = 0; i < cols; i++) {
      const xi = x[off + i]!;
      if (xi === 0) continue;
      const gi = i * cols;
      for (let j = i; j < cols; j++) g[gi + j] = g[gi + j]! + xi * x[off + j]!;
    }
  }
  for (let i = 0; i < cols; i++) for (let j = 0; j < i; j++) g[i * cols + j] = g[j * cols + i]!;
  return g;
}

/** XXᵀ (rows×rows) of a row-major rows×cols matrix. */
export function gramRows(x: Float64Array, rows: number, cols: number): Float64Array {
  return rowGram(x, rows, cols);
}

/** In-place Cholesky factor (lower triangle) of a symmetric positive-definite n×n matrix. */
export function cholesky(a: Float64Array, n: number): Float64Array {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= L[i * n + k]! * L[j * n + k]!;
      if (i === j) {
        if (!(s > 0)) throw new Error('cholesky: matrix is not positive definite');
        L[i * n + i] = Math.sqrt(s);
      } else {
        L[i * n + j] = s / L[j * n + j]!;
      }
    }
  }
  return L;
}

/** Solve (L Lᵀ) x = b for x given the Cholesky factor L. */
export function choleskySolve(L: Float64Array, n: number, b: Float64Array): Float64Array {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= L[i * n + k]! * y[k]!;
    y[i] = s / L[i * n + i]!;
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < n; k++) s -= L[k * n + i]! * x[k]!;
    x[i] = s / L[i * n + i]!;
  }
  return x;
}
