import { describe, expect, it } from '@jest/globals';
import { crossValidatedAuc, domainClassifierTest, fitLogistic, rocAuc, stratifiedFolds } from '../../src/stats/domain-classifier.js';
import type { Matrix } from '../../src/stats/matrix.js';
import { createRng } from '../../src/stats/rng.js';
import { expectClose, f64, golden } from './golden.js';

function randn(rows: number, cols: number, seed: number, shift = 0): Matrix {
  const r = createRng(seed);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = r.normal() + (i % cols === 0 ? shift : 0);
  return { rows, cols, data };
}

describe('domain classifier', () => {
  const g = golden();
  it('logistic fit = numpy Newton reference (standardized, L2 λ=1, free intercept)', () => {
    const L = g.logistic;
    const m = fitLogistic({ rows: L.rows, cols: L.cols, data: f64(L.data) }, L.y, L.l2);
    expectClose(m.intercept, L.intercept, 1e-8, 1e-12, 'intercept');
    L.weights.forEach((w: number, i: number) => expectClose(m.weights[i]!, w, 1e-8, 1e-12, `w[${i}]`));
  });
  it('AUC = Mann–Whitney U / (n1 n2) with ties as ½', () => {
    for (const c of g.auc) expectClose(rocAuc(c.scores, c.labels), c.auc, 1e-12, 1e-15, 'auc');
  });
  it('cross-validated AUC with given folds = numpy reference', () => {
    const L = g.logistic;
    const r = crossValidatedAuc({ rows: L.rows, cols: L.cols, data: f64(L.data) }, L.y, g.cvAuc.folds, g.cvAuc.k, 1);
    g.cvAuc.foldAucs.forEach((a: number, i: number) => expectClose(r.foldAucs[i]!, a, 1e-12, 1e-15, `fold ${i}`));
    expectClose(r.mean, g.cvAuc.meanAuc, 1e-12, 1e-15, 'mean');
  });
  it('stratified folds balance each class', () => {
    const y = [...new Array(23).fill(0), ...new Array(17).fill(1)];
    const f = stratifiedFolds(y, 5, createRng(1));
    for (let k = 0; k < 5; k++) {
      const zeros = y.filter((v, i) => v === 0 && f[i] === k).length;
      const ones = y.filter((v, i) => v === 1 && f[i] === k).length;
      expect(zeros === 4 || zeros === 5).toBe(true);
      expect(ones === 3 || ones === 4).toBe(true);
    }
  });
  it('null: AUC near 0.5 and p not small; shift: AUC high and p minimal', () => {
    const nul = domainClassifierTest(randn(60, 3, 1), randn(60, 3, 2), { permutations: 30, seed: 4 });
    expect(Math.abs(nul.auc - 0.5)).toBeLessThan(0.15);
    expect(nul.pValue).toBeGreaterThan(0.05);
    const sh = domainClassifierTest(randn(60, 3, 1), randn(60, 3, 2, 1.5), { permutations: 30, seed: 4 });
    expect(sh.auc).toBeGreaterThan(0.8);
    expect(sh.pValue).toBe(1 / 31);
    expect(domainClassifierTest(randn(60, 3, 1), randn(60, 3, 2, 1.5), { permutations: 30, seed: 4 })).toEqual(sh);
  });
  it('p-values across seeds under the null are not concentrated near 0', () => {
    const ps: number[] = [];
    for (let s = 0; s < 12; s++) ps.push(domainClassifierTest(randn(30, 2, 10 + s), randn(30, 2, 50 + s), { permutations: 19, seed: s }).pValue);
    expect(ps.filter((p) => p <= 0.05).length).toBeLessThanOrEqual(3);
  });
  it('too few rows per side → AUC 0.5, p 1', () => {
    expect(domainClassifierTest(randn(1, 2, 1), randn(5, 2, 2))).toEqual({ auc: 0.5, pValue: 1, folds: 1 });
  });
});
