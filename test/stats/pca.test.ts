import { describe, expect, it } from '@jest/globals';
import { fitPca } from '../../src/stats/pca.js';
import { expectClose, f64, golden } from './golden.js';

describe('fitPca vs numpy.linalg.svd', () => {
  for (const c of golden().pca) {
    it(c.name, () => {
      const m = { rows: c.rows, cols: c.cols, data: f64(c.data) };
      const p = fitPca(m, { maxComponents: c.maxComponents, varianceTarget: c.varianceTarget });
      expect(p.components.rows).toBe(c.k);
      c.explainedVarianceRatio.forEach((v: number, i: number) => expectClose(p.explainedVarianceRatio[i]!, v, 1e-9, 1e-14, `ratio[${i}]`));
      const proj = p.transform(m);
      expect(proj.cols).toBe(c.k);
      c.absProjections.forEach((v: number, i: number) => expectClose(Math.abs(proj.data[i]!), v, 1e-6, 1e-9, `|proj|[${i}]`));
      // unit-norm, mutually orthogonal components
      for (let a = 0; a < c.k; a++) {
        let nn = 0;
        for (let j = 0; j < c.cols; j++) nn += p.components.data[a * c.cols + j]! ** 2;
        expect(nn).toBeCloseTo(1, 10);
      }
    });
  }
  it('constant data keeps no component', () => {
    const p = fitPca({ rows: 3, cols: 2, data: f64([1, 2, 1, 2, 1, 2]) });
    expect(p.components.rows).toBe(0);
  });
});
