import { describe, expect, it } from '@jest/globals';
import { symmetricEigen } from '../../src/stats/eigen.js';
import { createRng } from '../../src/stats/rng.js';

describe('symmetricEigen', () => {
  it('reconstructs A = V^T diag(λ) V with orthonormal rows, descending λ', () => {
    const r = createRng(5);
    for (const n of [1, 2, 3, 10, 40]) {
      const B = Array.from({ length: n * n }, () => r.normal());
      const A = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) A[i * n + j] = B[i * n + j]! + B[j * n + i]!;
      const { values, vectors } = symmetricEigen(A, n);
      for (let i = 1; i < n; i++) expect(values[i]!).toBeLessThanOrEqual(values[i - 1]!);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let rec = 0;
          let dot = 0;
          for (let k = 0; k < n; k++) {
            rec += vectors[k * n + i]! * values[k]! * vectors[k * n + j]!;
            dot += vectors[i * n + k]! * vectors[j * n + k]!;
          }
          expect(Math.abs(rec - A[i * n + j]!)).toBeLessThan(1e-10);
          expect(Math.abs(dot - (i === j ? 1 : 0))).toBeLessThan(1e-12);
        }
      }
    }
  });
  it('known 2×2', () => {
    const { values } = symmetricEigen(Float64Array.of(2, 1, 1, 2), 2);
    expect(values[0]).toBeCloseTo(3, 14);
    expect(values[1]).toBeCloseTo(1, 14);
  });
});
