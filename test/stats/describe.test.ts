import { describe, expect, it } from '@jest/globals';
import { describeCategorical, describeNumeric } from '../../src/stats/describe.js';
import { expectClose, f64, golden } from './golden.js';

describe('describe', () => {
  it('describeNumeric = numpy mean/median/std(ddof 0)/min/max', () => {
    for (const c of golden().numeric) {
      const s = describeNumeric(f64(c.base));
      const e = c.describeBase;
      expect(s.n).toBe(e.n);
      expectClose(s.mean!, e.mean, 1e-12, 1e-14, `${c.name} mean`);
      expectClose(s.median!, e.median, 1e-15, 1e-300, `${c.name} median`);
      expectClose(s.std!, e.std, 1e-10, 1e-14, `${c.name} std`);
      expect(s.min).toBe(e.min);
      expect(s.max).toBe(e.max);
    }
    expect(describeNumeric(new Float64Array(0))).toEqual({ n: 0 });
  });
  it('describeCategorical gives the top 5 shares', () => {
    const vals = ['a', 'b', 'a', 'c', 'd', 'e', 'f', 'a', 'b'];
    const s = describeCategorical(vals);
    expect(s.n).toBe(9);
    expect(s.top).toHaveLength(5);
    expect(s.top![0]).toEqual({ value: 'a', share: 3 / 9 });
    expect(s.top![1]).toEqual({ value: 'b', share: 2 / 9 });
  });
});
