import { describe, expect, it } from '@jest/globals';
import { embeddingDrift, outsideCoverage } from '../../src/measure/embedding.js';
import { gaussian } from '../risk/fixtures.js';

const fast = { mmdPermutations: 100, classifierPermutations: 40 };

describe('embeddingDrift', () => {
  it('no shift: no significant test, AUC near 0.5, drift share 0, coverage near 5%', () => {
    const r = embeddingDrift(gaussian(120, 20, 1), gaussian(120, 20, 2), { seed: 3, ...fast });
    expect(r.dims).toBe(20);
    expect(r.components).toBeGreaterThan(0);
    expect(r.components).toBeLessThanOrEqual(20);
    expect(r.mmd.pValue).toBeGreaterThan(0.05);
    expect(r.classifierPValue!).toBeGreaterThan(0.05);
    expect(Math.abs(r.classifierAuc - 0.5)).toBeLessThan(0.15);
    expect(r.driftShare).toBe(0);
    expect(r.outsideCoverage!).toBeLessThan(0.15);
  });

  it('a mean shift is found by every test, with effect sizes beside the p-values', () => {
    const r = embeddingDrift(gaussian(100, 20, 1), gaussian(100, 20, 2, new Array(20).fill(0.8)), { seed: 3, ...fast });
    expect(r.mmd.pValue).toBeLessThan(0.02);
    expect(r.mmd.statistic).toBeGreaterThan(0);
    expect(r.classifierAuc).toBeGreaterThan(0.9);
    expect(r.classifierPValue!).toBeLessThan(0.05);
    expect(r.driftShare).toBeGreaterThan(0);
    expect(r.componentKs!.maxSignificant).toBeGreaterThan(0.3);
    expect(r.outsideCoverage!).toBeGreaterThan(0.3);
  });

  it('caps the PCA dimension and is deterministic for a seed', () => {
    const b = gaussian(60, 100, 5);
    const h = gaussian(60, 100, 6);
    const r1 = embeddingDrift(b, h, { seed: 9, maxComponents: 8, ...fast });
    const r2 = embeddingDrift(b, h, { seed: 9, maxComponents: 8, ...fast });
    expect(r1.components).toBe(8);
    expect(r1).toEqual(r2);
  });

  it('compares the model confidence (max softmax) when probabilities are given', () => {
    const n = 50;
    const probs = (top: number) => ({
      rows: n,
      cols: 2,
      data: Float64Array.from({ length: 2 * n }, (_, i) => (i % 2 === 0 ? top + (i % 7) * 0.001 : 1 - top - (i % 7) * 0.001)),
    });
    const r = embeddingDrift(gaussian(n, 5, 1), gaussian(n, 5, 2), { seed: 1, ...fast, baseProbs: probs(0.9), headProbs: probs(0.6) });
    expect(r.confidence!.base).toBeCloseTo(0.903, 2);
    expect(r.confidence!.head).toBeCloseTo(0.603, 2);
    expect(r.confidence!.ks!.pValue).toBeLessThan(0.001);
    expect(r.entropy!.head).toBeGreaterThan(r.entropy!.base);
  });

  it('outside coverage: identical samples are all inside; a far cluster is all outside', () => {
    const b = gaussian(50, 4, 1);
    expect(outsideCoverage(b, b).share).toBe(0);
    expect(outsideCoverage(b, gaussian(20, 4, 2, [20, 20, 20, 20])).share).toBe(1);
  });

  it('rejects mismatched dimensions; tiny inputs give a neutral report', () => {
    expect(() => embeddingDrift(gaussian(5, 3, 1), gaussian(5, 4, 1))).toThrow(/dimensions/);
    const r = embeddingDrift(gaussian(1, 3, 1), gaussian(5, 3, 1));
    expect(r.mmd.pValue).toBe(1);
    expect(r.classifierAuc).toBe(0.5);
  });
});
