import { describe, expect, it } from '@jest/globals';
import { rowGram } from '../../src/stats/matrix.js';
import { createRng } from '../../src/stats/rng.js';

describe('rowGram', () => {
  it('equals plain dot-product loops bit for bit (both triangles, every size remainder of the 4-row blocks)', () => {
    const rng = createRng(3);
    for (const [n, d] of [
      [1, 5],
      [2, 1],
      [3, 7],
      [4, 64],
      [5, 33],
      [11, 1280],
      [17, 9],
    ] as const) {
      const x = Float64Array.from({ length: n * d }, () => (rng.next() < 0.2 ? 0 : rng.normal() * 10 ** Math.floor(rng.next() * 6 - 3)));
      const g = rowGram(x, n, d);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let k = 0; k < d; k++) s += x[j * d + k]! * x[i * d + k]!;
          expect(g[i * n + j]).toBe(s);
        }
      }
    }
  });
});
