import { describe, expect, it } from '@jest/globals';
import { createRng, shuffleInPlace } from '../../src/stats/rng.js';

describe('rng', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const xa = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xa);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xa);
  });
  it('uniforms in [0,1) with the right mean/variance; normals with mean 0, sd 1', () => {
    const r = createRng(7);
    const n = 200000;
    let s = 0;
    let s2 = 0;
    let lo = 1;
    let hi = 0;
    for (let i = 0; i < n; i++) {
      const u = r.next();
      s += u;
      s2 += u * u;
      lo = Math.min(lo, u);
      hi = Math.max(hi, u);
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    expect(Math.abs(s / n - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(s2 / n - s ** 2 / n ** 2 - 1 / 12)).toBeLessThan(0.002);
    let m = 0;
    let v = 0;
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      m += z;
      v += z * z;
    }
    expect(Math.abs(m / n)).toBeLessThan(0.01);
    expect(Math.abs(v / n - 1)).toBeLessThan(0.02);
  });
  it('int(n) covers 0..n−1 uniformly', () => {
    const r = createRng(1);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60000; i++) counts[r.int(6)]++;
    for (const c of counts) expect(Math.abs(c - 10000)).toBeLessThan(400);
  });
  it('shuffleInPlace permutes (each position takes each value about equally often)', () => {
    const r = createRng(3);
    const pos = Array.from({ length: 4 }, () => new Array(4).fill(0));
    for (let t = 0; t < 40000; t++) {
      const a = [0, 1, 2, 3];
      shuffleInPlace(a, r);
      expect([...a].sort()).toEqual([0, 1, 2, 3]);
      a.forEach((v, i) => pos[i]![v]++);
    }
    for (const row of pos) for (const c of row) expect(Math.abs(c - 10000)).toBeLessThan(500);
  });
});
