import { describe, expect, it } from '@jest/globals';
import { knnProbe, stratifiedFolds } from '../../src/transfer/knn-probe.js';
import { featuresOf, loadCases } from './golden.js';

describe('kNN probe', () => {
  const cases = loadCases().filter((c) => c.knn);
  it.each(cases.map((c) => [c.name, c] as const))('matches the numpy reference: %s', (_name, c) => {
    const r = knnProbe(featuresOf(c), c.labels);
    expect(r.accuracy).toBeCloseTo(c.knn!.accuracy, 12);
    expect(r.chance).toBeCloseTo(c.knn!.chance, 12);
  });

  it('stratified folds spread each class over the folds', () => {
    const folds = stratifiedFolds([0, 0, 0, 0, 0, 1, 1, 1, 1, 1], 5);
    expect(Array.from(folds)).toEqual([0, 1, 2, 3, 4, 0, 1, 2, 3, 4]);
  });

  it('separable clusters score 1 with lift 1; one label gives lift 0', () => {
    const rows: number[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 20; i++) {
      rows.push(i % 2 === 0 ? 1 : 0, i % 2 === 0 ? 0 : 1, 0.01 * i);
      labels.push(i % 2);
    }
    const f = { rows: 20, cols: 3, data: Float64Array.from(rows) };
    const r = knnProbe(f, labels);
    expect(r.accuracy).toBe(1);
    expect(r.lift).toBe(1);
    expect(knnProbe(f, new Array(20).fill(0)).lift).toBe(0);
  });
});
