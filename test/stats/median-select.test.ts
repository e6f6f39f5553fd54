import { describe, expect, it } from '@jest/globals';
import { medianOf } from '../../src/stats/mmd.js';
import { createRng } from '../../src/stats/rng.js';

/** the median as mmd.ts computed it before selection: a full sort */
function sortedMedian(values: Float64Array): number {
  const s = Float64Array.from(values).sort();
  const n = s.length;
  if (n === 0) return NaN;
  const h = n >> 1;
  return n % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}

describe('medianOf (selection) against a full sort', () => {
  it('gives the same value on random, tied, sorted, reversed and tiny arrays', () => {
    const rng = createRng(7);
    const cases: Float64Array[] = [new Float64Array(0), Float64Array.of(3), Float64Array.of(2, 1), Float64Array.of(1, 1, 1, 1)];
    for (const n of [3, 4, 5, 10, 101, 1000, 4097]) {
      cases.push(Float64Array.from({ length: n }, () => rng.next()));
      cases.push(Float64Array.from({ length: n }, () => Math.floor(rng.next() * 4))); // heavy ties
      cases.push(Float64Array.from({ length: n }, (_, i) => i)); // sorted
      cases.push(Float64Array.from({ length: n }, (_, i) => n - i)); // reversed
      cases.push(Float64Array.from({ length: n }, (_, i) => (i % 2 ? 1e300 : -1e-300))); // alternating extremes
      cases.push(new Float64Array(n).fill(5));
    }
    for (const c of cases) {
      const want = sortedMedian(c);
      const got = medianOf(Float64Array.from(c));
      if (Number.isNaN(want)) expect(got).toBeNaN();
      else expect(got).toBe(want);
    }
  });

  it('arrays with NaN give what the sort gave (NaN sorts last)', () => {
    const c = Float64Array.of(3, NaN, 1, 2, NaN);
    expect(medianOf(Float64Array.from(c))).toBe(sortedMedian(c));
    const d = Float64Array.of(NaN, NaN);
    expect(medianOf(d)).toBeNaN();
  });
});
