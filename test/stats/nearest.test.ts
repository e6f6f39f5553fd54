/**
 * src/stats/nearest.ts: the bounded nearest-neighbour search against a plain double loop kept here
 * (bit for bit), on random, embedding-like and adversarial data (exact copies, many exact ties,
 * constant rows, tiny and huge scales, 1 and 2 rows, NaN and ±Infinity), and the bounds it relies on.
 */
import { describe, expect, it } from '@jest/globals';
import type { Matrix } from '../../src/stats/matrix.js';
import { NearestIndex, boundable, fitAxes, nearestSqDistances, plainNearestSq, project } from '../../src/stats/nearest.js';
import { createRng } from '../../src/stats/rng.js';

/** the reference: every pair summed in full, in index order; the first minimum kept */
function naiveNearestSq(from: Matrix, to: Matrix, self: boolean): Float64Array {
  const out = new Float64Array(from.rows);
  for (let i = 0; i < from.rows; i++) {
    let best = Infinity;
    for (let j = 0; j < to.rows; j++) {
      if (self && i === j) continue;
      let s = 0;
      for (let k = 0; k < from.cols; k++) {
        const x = from.data[i * from.cols + k]! - to.data[j * to.cols + k]!;
        s += x * x;
      }
      if (s < best) best = s;
    }
    out[i] = best;
  }
  return out;
}

function gaussian(n: number, d: number, seed: number, scale = 1, shift = 0): Matrix {
  const rng = createRng(seed);
  return { rows: n, cols: d, data: Float64Array.from({ length: n * d }, () => shift + scale * rng.normal()) };
}

/** ReLU rows around a few shared directions, some rows near or exact copies of earlier ones */
function embeddingLike(n: number, d: number, seed: number, shift = 0): Matrix {
  const rng = createRng(seed);
  const basis = Array.from({ length: 8 }, () => Float64Array.from({ length: d }, () => rng.normal()));
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const r = rng.next();
    if (i > 4 && r < 0.1) {
      const src = Math.floor(rng.next() * i);
      for (let k = 0; k < d; k++) data[i * d + k] = Math.max(0, data[src * d + k]! + 0.01 * rng.normal());
      continue;
    }
    if (i > 4 && r < 0.15) {
      const src = Math.floor(rng.next() * i);
      data.copyWithin(i * d, src * d, src * d + d);
      continue;
    }
    const w = basis.map(() => rng.normal());
    for (let k = 0; k < d; k++) {
      let v = shift + 0.4 * rng.normal();
      for (let b = 0; b < basis.length; b++) v += w[b]! * basis[b]![k]!;
      data[i * d + k] = Math.max(0, v);
    }
  }
  return { rows: n, cols: d, data };
}

/** rows on a small integer grid: many exactly equal distances (ties) and duplicated rows */
function grid(n: number, d: number, seed: number, levels: number): Matrix {
  const rng = createRng(seed);
  return { rows: n, cols: d, data: Float64Array.from({ length: n * d }, () => rng.int(levels)) };
}

function expectSame(from: Matrix, to: Matrix, self: boolean): void {
  const want = Array.from(naiveNearestSq(from, to, self));
  expect(Array.from(nearestSqDistances(from, to, self))).toEqual(want);
  expect(Array.from(plainNearestSq(from, to, self))).toEqual(want);
}

describe('NearestIndex: the plain double loop, bit for bit', () => {
  it('on random and embedding-like data, self and across, at the sizes where the bounds are used', () => {
    for (const [n, m, d, seed] of [
      [150, 120, 1280, 1],
      [90, 200, 96, 2],
      [64, 64, 32, 3],
      [40, 33, 257, 4],
    ] as const) {
      const a = embeddingLike(n, d, seed);
      const b = embeddingLike(m, d, seed + 50, 0.3); // shifted: its nearest base rows are far
      expectSame(a, a, true);
      expectSame(b, a, false);
      expectSame(a, b, false);
      // self on a copy (another object): the same index is still skipped
      expectSame(a, { rows: a.rows, cols: a.cols, data: Float64Array.from(a.data) }, true);
      const g = gaussian(n, d, seed + 7);
      expectSame(g, g, true);
      expectSame(gaussian(m, d, seed + 8, 1, 0.5), g, false);
      // one index, several queries (as the atypical items use it)
      const index = new NearestIndex(a, [b]);
      expect(Array.from(index.nearestSq(a, true))).toEqual(Array.from(naiveNearestSq(a, a, true)));
      expect(Array.from(index.nearestSq(b))).toEqual(Array.from(naiveNearestSq(b, a, false)));
    }
  });

  it('with exact copies (distance 0), many exact ties and constant rows', () => {
    for (const [n, d, levels, seed] of [
      [200, 64, 2, 11],
      [120, 40, 3, 12],
      [80, 300, 2, 13],
    ] as const) {
      const g = grid(n, d, seed, levels);
      expectSame(g, g, true);
      expectSame(grid(n, d, seed + 1, levels), g, false);
    }
    // every row the same: all distances 0 (self) or one value (across)
    const flat: Matrix = { rows: 50, cols: 64, data: new Float64Array(50 * 64).fill(0.25) };
    expectSame(flat, flat, true);
    expectSame(gaussian(40, 64, 14), flat, false);
    expectSame(flat, gaussian(40, 64, 15), false);
    // all zeros: nothing to fit axes to
    const zero: Matrix = { rows: 40, cols: 64, data: new Float64Array(40 * 64) };
    expectSame(zero, zero, true);
    expectSame(gaussian(40, 64, 16), zero, false);
    // half the rows copies of the other half, in two far clusters
    const half = gaussian(60, 128, 17);
    const twice: Matrix = { rows: 120, cols: 128, data: new Float64Array(120 * 128) };
    twice.data.set(half.data, 0);
    twice.data.set(
      half.data.map((x) => x + 1000),
      60 * 128,
    );
    expectSame(twice, twice, true);
    expect(Array.from(nearestSqDistances(twice, { rows: 120, cols: 128, data: Float64Array.from(twice.data) }, false))).toEqual(new Array(120).fill(0));
  });

  it('when the bound is tight to rounding: low-rank integer grids (every distance tied with many others)', () => {
    // rows on a 3-D integer grid, written into 64 or 96 dimensions through a fixed mixing: the axes
    // span the data, so each lower bound equals its exact distance but for rounding
    for (const [n, d, seed] of [
      [150, 64, 81],
      [120, 96, 82],
    ] as const) {
      const rng = createRng(seed);
      const mix = Array.from({ length: 3 }, () => Float64Array.from({ length: d }, () => rng.int(5) - 2));
      const make = (rows: number): Matrix => {
        const data = new Float64Array(rows * d);
        for (let i = 0; i < rows; i++) {
          const g = [rng.int(4), rng.int(4), rng.int(3)];
          for (let q = 0; q < d; q++) data[i * d + q] = g[0]! * mix[0]![q]! + g[1]! * mix[1]![q]! + g[2]! * mix[2]![q]! + 0.1 * (q % 3);
        }
        return { rows, cols: d, data };
      };
      const a = make(n);
      const b = make(n >> 1);
      expectSame(a, a, true);
      expectSame(b, a, false);
      const index = new NearestIndex(a, [b]);
      expect(Array.from(index.nearestSq(b))).toEqual(Array.from(naiveNearestSq(b, a, false)));
    }
  });

  it('at scales far from 1 and with NaN or ±Infinity (the plain loop then answers)', () => {
    for (const scale of [1e-120, 1e-60, 1e-8, 1e8, 1e60, 1e120]) {
      const a = embeddingLike(60, 64, 21);
      const s: Matrix = { rows: a.rows, cols: a.cols, data: a.data.map((x) => x * scale) };
      expectSame(s, s, true);
      expectSame(gaussian(40, 64, 22, scale), s, false);
    }
    // a large common offset: the differences are tiny next to the values
    const off = gaussian(80, 64, 23, 1e-3, 1e6);
    expectSame(off, off, true);
    for (const bad of [NaN, Infinity, -Infinity]) {
      const a = gaussian(60, 64, 24);
      a.data[5 * 64 + 3] = bad;
      a.data[17 * 64] = bad;
      expectSame(a, a, true);
      expectSame(gaussian(30, 64, 25), a, false);
      expectSame(a, gaussian(40, 64, 26), false);
    }
  });

  it('with 0, 1 and 2 rows, and few dimensions', () => {
    const one = gaussian(1, 64, 31);
    expect(Array.from(nearestSqDistances(one, one, true))).toEqual([Infinity]);
    expectSame(gaussian(2, 64, 32), gaussian(2, 64, 32), true);
    expectSame(gaussian(5, 64, 33), gaussian(1, 64, 34), false);
    expectSame(gaussian(0, 64, 35), gaussian(50, 64, 36), false);
    expectSame(gaussian(50, 64, 37), gaussian(50, 64, 37), true);
    expectSame(gaussian(100, 1, 38), gaussian(100, 1, 38), true);
    expectSame(gaussian(100, 7, 39), gaussian(80, 7, 40), false);
    expect(() => new NearestIndex(gaussian(40, 64, 41)).nearestSq(gaussian(3, 63, 42))).toThrow(/dimensions/);
  });
});

describe('the bounds', () => {
  it('fitAxes gives orthonormal axes; project splits each row into coordinates and a residual', () => {
    const a = embeddingLike(200, 300, 51);
    const origin = new Float64Array(300).fill(0.3);
    const axes = fitAxes([a], { k: 24, origin })!;
    expect(axes.k).toBe(24);
    for (let c = 0; c < axes.k; c++) {
      for (let e = 0; e < axes.k; e++) {
        let s = 0;
        for (let q = 0; q < 300; q++) s += axes.data[c * 300 + q]! * axes.data[e * 300 + q]!;
        expect(Math.abs(s - (c === e ? 1 : 0))).toBeLessThan(1e-12);
      }
    }
    const p = project(a, axes, origin);
    for (let i = 0; i < a.rows; i++) {
      let n2 = 0;
      for (let q = 0; q < 300; q++) n2 += (a.data[i * 300 + q]! - 0.3) ** 2;
      let p2 = 0;
      for (let c = 0; c < axes.k; c++) p2 += p.coords[i * axes.k + c]! ** 2;
      expect(p.norm[i]).toBeCloseTo(Math.sqrt(n2), 10);
      expect(p.residual[i]! ** 2 + p2).toBeCloseTo(n2, 8);
    }
    // the axes follow the data: most of its spread lies in them
    let res = 0;
    let all = 0;
    for (let i = 0; i < a.rows; i++) {
      res += p.residual[i]! ** 2;
      all += p.norm[i]! ** 2;
    }
    expect(res / all).toBeLessThan(0.5);
    // rank-deficient data: only as many axes as directions
    const rank2 = { rows: 50, cols: 64, data: new Float64Array(50 * 64) };
    for (let i = 0; i < 50; i++) for (let q = 0; q < 64; q++) rank2.data[i * 64 + q] = (i % 7) * Math.sin(q) + (i % 3) * Math.cos(3 * q);
    expect(fitAxes([rank2], { k: 10 })!.k).toBe(2);
    expect(fitAxes([{ rows: 40, cols: 64, data: new Float64Array(40 * 64) }], { k: 8 })).toBeUndefined();
  });

  it('the lower bound never exceeds the exact distance and is tight on the main directions', () => {
    const a = embeddingLike(120, 256, 61);
    const b = embeddingLike(80, 256, 62, 0.2);
    const axes = fitAxes([a, b], { k: 16 })!;
    const pa = project(a, axes);
    const pb = project(b, axes);
    const exact = naiveNearestSq(b, a, false);
    let tight = 0;
    for (let i = 0; i < b.rows; i++) {
      for (let j = 0; j < a.rows; j++) {
        let lb = (pb.residual[i]! - pa.residual[j]!) ** 2;
        for (let c = 0; c < axes.k; c++) lb += (pb.coords[i * axes.k + c]! - pa.coords[j * axes.k + c]!) ** 2;
        let s = 0;
        for (let q = 0; q < 256; q++) s += (b.data[i * 256 + q]! - a.data[j * 256 + q]!) ** 2;
        // within the margins the search allows for rounding (relative 1e-9, 1e-8 of the lengths)
        expect(Math.sqrt(lb)).toBeLessThanOrEqual(Math.sqrt(s) * (1 + 1e-9) + 1e-8 * (pa.norm[j]! + pb.norm[i]!));
        expect(lb).toBeLessThanOrEqual(s * (1 + 1e-9) + 1e-12);
        if (lb > exact[i]!) tight++;
      }
    }
    // most candidates are ruled out by the bound alone
    expect(tight / (a.rows * b.rows)).toBeGreaterThan(0.5);
  });

  it('boundable: finite values at a sane scale and at most 8192 dimensions', () => {
    expect(boundable(gaussian(3, 4, 71))).toBe(true);
    expect(boundable({ rows: 1, cols: 2, data: Float64Array.of(1, NaN) })).toBe(false);
    expect(boundable({ rows: 1, cols: 2, data: Float64Array.of(1, -Infinity) })).toBe(false);
    expect(boundable({ rows: 1, cols: 2, data: Float64Array.of(1, 1e101) })).toBe(false);
    expect(boundable({ rows: 1, cols: 2, data: Float64Array.of(0, 1e-101) })).toBe(false);
    expect(boundable({ rows: 1, cols: 8193, data: new Float64Array(8193).fill(1) })).toBe(false);
  });
});
