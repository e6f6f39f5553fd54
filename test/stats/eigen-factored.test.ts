import { describe, expect, it } from '@jest/globals';
import { symmetricEigen, symmetricEigenFactored } from '../../src/stats/eigen.js';
import { createRng } from '../../src/stats/rng.js';

/** symmetric n×n from a rule on (i, j) */
function sym(n: number, f: (i: number, j: number) => number): Float64Array {
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) A[i * n + j] = A[j * n + i] = f(i, j);
  return A;
}

/** Q diag(λ) Qᵀ with a random orthogonal Q (Gram–Schmidt of a normal matrix) */
function withSpectrum(lams: number[], seed: number): Float64Array {
  const n = lams.length;
  const r = createRng(seed);
  const Q = Float64Array.from({ length: n * n }, () => r.normal());
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < i; p++) {
      let dot = 0;
      for (let k = 0; k < n; k++) dot += Q[i * n + k]! * Q[p * n + k]!;
      for (let k = 0; k < n; k++) Q[i * n + k]! -= dot * Q[p * n + k]!;
    }
    let nrm = 0;
    for (let k = 0; k < n; k++) nrm += Q[i * n + k]! ** 2;
    for (let k = 0; k < n; k++) Q[i * n + k]! /= Math.sqrt(nrm);
  }
  return sym(n, (i, j) => lams.reduce((s, l, c) => s + l * Q[c * n + i]! * Q[c * n + j]!, 0));
}

function gram(rows: number, cols: number, seed: number): Float64Array {
  const r = createRng(seed);
  const X = Float64Array.from({ length: rows * cols }, () => r.normal());
  return sym(rows, (i, j) => {
    let s = 0;
    for (let k = 0; k < cols; k++) s += X[i * cols + k]! * X[j * cols + k]!;
    return s;
  });
}

const r0 = createRng(11);
const cases: [string, Float64Array, number][] = [
  ['n = 1', Float64Array.of(3.5), 1],
  ['n = 1, zero', Float64Array.of(0), 1],
  ['n = 2', Float64Array.of(2, 1, 1, 2), 2],
  ['n = 2, diagonal tie', Float64Array.of(1, 0, 0, 1), 2],
  ['zero 7×7', new Float64Array(49), 7],
  ['identity 9×9 (one eigenvalue, multiplicity 9)', sym(9, (i, j) => (i === j ? 1 : 0)), 9],
  ['diagonal with ties', sym(8, (i, j) => (i === j ? [3, 1, 3, 2, 1, 3, 0, 2][i]! : 0)), 8],
  ['random 60×60', sym(60, () => r0.normal()), 60],
  ['Gram of 30 rows × 200 (full rank PSD)', gram(30, 200, 3), 30],
  ['Gram of 40 rows × 5 (rank 5)', gram(40, 5, 4), 40],
  ['repeated eigenvalues 5,5,5,2,2,1e-9,0…', withSpectrum([5, 5, 5, 2, 2, 1e-9, 0, 0, 0, 0, 0, 0], 5), 12],
  ['clustered eigenvalues 1 ± 1e-10', withSpectrum([1 + 1e-10, 1, 1 - 1e-10, 1 + 2e-10, 0.5, 0.5 + 1e-12, 0.1, 3], 6), 8],
  ['rank one (all ones)', sym(25, () => 1), 25],
  ['tridiagonal already', sym(30, (i, j) => (i === j ? 2 : Math.abs(i - j) === 1 ? -1 : 0)), 30],
  ['graded 1e±8', sym(20, (i, j) => (i === j ? 10 ** (8 - (16 * i) / 19) : 1e-3 * Math.cos(i + j))), 20],
];

describe('symmetricEigenFactored against the full solver', () => {
  it.each(cases)('%s', (_name, A, n) => {
    const full = symmetricEigen(A, n);
    const fac = symmetricEigenFactored(A, n);
    // the same reduction and QL arithmetic: the same eigenvalues, bit for bit
    expect(Array.from(fac.values)).toEqual(Array.from(full.values));
    let scale = 0;
    for (const v of full.values) scale = Math.max(scale, Math.abs(v));
    for (const k of new Set([0, 1, 2, 5, n].map((q) => Math.min(q, n)))) {
      const top = fac.topVectors(k);
      expect(top.length).toBe(k * n);
      for (let i = 0; i < k * n; i++) expect(Math.abs(top[i]! - full.vectors[i]!)).toBeLessThan(1e-12);
      // and they are eigenvectors in their own right
      for (let c = 0; c < k; c++) {
        for (let i = 0; i < n; i++) {
          let av = 0;
          for (let j = 0; j < n; j++) av += A[i * n + j]! * top[c * n + j]!;
          expect(Math.abs(av - fac.values[c]! * top[c * n + i]!)).toBeLessThanOrEqual(1e-12 * Math.max(scale, 1));
        }
      }
    }
    const r = createRng(n + 1);
    const count = 3;
    const vs = Float64Array.from({ length: count * n }, () => r.normal());
    const p = fac.project(vs, count);
    for (let c = 0; c < count; c++) {
      for (let j = 0; j < n; j++) {
        let ref = 0;
        for (let i = 0; i < n; i++) ref += full.vectors[j * n + i]! * vs[c * n + i]!;
        expect(Math.abs(p[c * n + j]! - ref)).toBeLessThan(1e-11);
      }
    }
  });

  it('n = 0', () => {
    const fac = symmetricEigenFactored(new Float64Array(0), 0);
    expect(fac.values.length).toBe(0);
    expect(fac.topVectors(3).length).toBe(0);
    expect(fac.project(new Float64Array(0), 2).length).toBe(0);
  });

  it('NaN entries give NaN eigenvalues in both solvers, not a hang', () => {
    const A = sym(6, (i, j) => (i === 2 && j === 1 ? NaN : i + j));
    const full = symmetricEigen(A, 6);
    const fac = symmetricEigenFactored(A, 6);
    expect(Array.from(fac.values).map(Number.isNaN)).toEqual(Array.from(full.values).map(Number.isNaN));
  });
});
