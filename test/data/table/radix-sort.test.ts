import { describe, expect, it } from '@jest/globals';
import { sortFloat64 } from '../../../src/data/table/radix-sort.js';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function same(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

describe('sortFloat64', () => {
  it('orders like Float64Array.prototype.sort: negatives, ±0, infinities, NaN last, ties, tiny and huge values', () => {
    const r = rng(1);
    for (const n of [10, 5000, 100000]) {
      const a = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const u = r();
        a[i] =
          u < 0.05
            ? NaN
            : u < 0.1
              ? -0
              : u < 0.15
                ? 0
                : u < 0.17
                  ? Infinity
                  : u < 0.19
                    ? -Infinity
                    : u < 0.3
                      ? Math.floor(r() * 5)
                      : u < 0.4
                        ? (r() - 0.5) * 1e-310
                        : u < 0.5
                          ? (r() - 0.5) * 1e300
                          : (r() - 0.5) * 1000;
      }
      const expected = Float64Array.from(a).sort();
      expect(same(sortFloat64(Float64Array.from(a)), expected)).toBe(true);
    }
  });
  it('sorts a subarray view in place without touching its neighbours', () => {
    const r = rng(2);
    const whole = new Float64Array(20000);
    for (let i = 0; i < whole.length; i++) whole[i] = r() * 100 - 50;
    const before = Float64Array.from(whole);
    const view = whole.subarray(5000, 15000);
    const expected = Float64Array.from(view).sort();
    sortFloat64(view);
    expect(same(view, expected)).toBe(true);
    expect(same(whole.subarray(0, 5000), before.subarray(0, 5000))).toBe(true);
    expect(same(whole.subarray(15000), before.subarray(15000))).toBe(true);
  });
  it('handles all-equal values (every pass skipped)', () => {
    const a = new Float64Array(10000).fill(3.5);
    expect(same(sortFloat64(a), new Float64Array(10000).fill(3.5))).toBe(true);
  });
});
