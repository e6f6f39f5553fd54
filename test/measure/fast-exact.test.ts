/**
 * The pruned nearest-neighbour and near-duplicate searches (src/measure/plots.ts nearestDistances,
 * src/measure/duplicates.ts nearSide) against plain double loops: the same results, bit for bit, on
 * data with near copies, exact copies, ties, borderline cosines and embedding-like (ReLU, 1280-d) rows.
 */
import { describe, expect, it } from '@jest/globals';
import { nearSide, rowMean } from '../../src/measure/duplicates.js';
import { nearestDistances } from '../../src/measure/plots.js';
import type { Matrix } from '../../src/stats/matrix.js';
import { createRng } from '../../src/stats/rng.js';

function naiveNearest(from: Matrix, to: Matrix, self: boolean): Float64Array {
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
    out[i] = Math.sqrt(best);
  }
  return out;
}

function naiveNearSide(raw: Matrix, threshold: number, center?: Float64Array, hashes?: readonly string[]): { root: number[]; pairs: Array<[number, number]> } {
  const n = raw.rows;
  const d = raw.cols;
  const m = center ? Float64Array.from(raw.data, (x, i) => x - center[i % d]!) : raw.data;
  const norm = Array.from({ length: n }, (_, i) => {
    let s = 0;
    for (let k = 0; k < d; k++) s += m[i * d + k]! ** 2;
    return Math.sqrt(s);
  });
  const root = new Array<number>(n).fill(-1);
  // a row whose content hash came earlier is a copy of that hash's first row, and is not searched
  hashes?.forEach((h, i) => {
    const j = hashes.indexOf(h);
    if (j < i) root[i] = j;
  });
  const pairs: Array<[number, number]> = [];
  for (let i = 1; i < n; i++) {
    if (root[i]! >= 0 || norm[i] === 0) continue;
    for (let j = 0; j < i; j++) {
      if (norm[j] === 0) continue;
      let s = 0;
      for (let k = 0; k < d; k++) s += m[i * d + k]! * m[j * d + k]!;
      if (s / (norm[i]! * norm[j]!) >= threshold) {
        root[i] = root[j]! >= 0 ? root[j]! : j;
        pairs.push([root[i]!, i]);
        break;
      }
    }
  }
  return { root, pairs };
}

/** n ReLU-like rows in d dims: a few shared directions plus noise, some rows near or exact copies of earlier ones. */
function embeddingLike(n: number, d: number, seed: number, jitter: number): Matrix {
  const rng = createRng(seed);
  const basis = Array.from({ length: 6 }, () => Float64Array.from({ length: d }, () => rng.normal()));
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const r = rng.next();
    if (i > 4 && r < 0.15) {
      // near copy of an earlier row
      const src = Math.floor(rng.next() * i);
      for (let k = 0; k < d; k++) data[i * d + k] = Math.max(0, data[src * d + k]! + jitter * rng.normal());
      continue;
    }
    if (i > 4 && r < 0.2) {
      data.copyWithin(i * d, Math.floor(rng.next() * i) * d, Math.floor(rng.next() * i) * d + d);
      continue;
    }
    const w = basis.map(() => rng.normal());
    for (let k = 0; k < d; k++) {
      let v = 0.5 * rng.normal();
      for (let b = 0; b < basis.length; b++) v += w[b]! * basis[b]![k]!;
      data[i * d + k] = Math.max(0, v);
    }
  }
  return { rows: n, cols: d, data };
}

describe('pruned searches are exact', () => {
  it('nearestDistances: self (each pair once) and across matrices equal the plain double loop bit for bit', () => {
    for (const [n, m, d, seed] of [
      [120, 90, 1280, 1],
      [60, 70, 200, 2],
      [40, 30, 63, 3],
      [25, 25, 1, 4],
      [2, 1, 130, 5],
    ] as const) {
      const a = embeddingLike(n, d, seed, 0.05);
      const b = embeddingLike(m, d, seed + 100, 0.05);
      expect(Array.from(nearestDistances(a, a, true))).toEqual(Array.from(naiveNearest(a, a, true)));
      expect(Array.from(nearestDistances(b, a))).toEqual(Array.from(naiveNearest(b, a, false)));
      expect(Array.from(nearestDistances(a, b))).toEqual(Array.from(naiveNearest(a, b, false)));
      // self on two matrices with the same rows (not the same object) skips the same index
      const copy: Matrix = { rows: a.rows, cols: a.cols, data: Float64Array.from(a.data) };
      expect(Array.from(nearestDistances(a, copy, true))).toEqual(Array.from(naiveNearest(a, copy, true)));
    }
    const one: Matrix = { rows: 1, cols: 3, data: Float64Array.of(1, 2, 3) };
    expect(Array.from(nearestDistances(one, one, true))).toEqual([Infinity]);
  });

  it('nearSide: the same near-copy pairs and counts as the plain loop, at thresholds across the range', () => {
    for (const [n, d, seed, jitter] of [
      [200, 1280, 11, 0.02],
      [150, 300, 12, 0.3],
      [120, 64, 13, 0.1],
      [90, 65, 14, 1],
      [60, 7, 15, 0.05],
    ] as const) {
      const x = embeddingLike(n, d, seed, jitter);
      const center = rowMean(x);
      for (const threshold of [0.999, 0.99, 0.97, 0.9, 0.5, 0, -0.5]) {
        const fast = nearSide(x, threshold, center);
        const slow = naiveNearSide(x, threshold, center);
        expect(fast.pairs).toEqual(slow.pairs);
        expect(fast.side.items).toBe(slow.root.filter((r) => r >= 0).length);
        expect(fast.side.groups).toBe(new Set(slow.root.filter((r) => r >= 0)).size);
      }
      expect(nearSide(x, 0.97).pairs).toEqual(naiveNearSide(x, 0.97).pairs);
      // the data has near copies to find, and rows that are not
      const found = naiveNearSide(x, 0.9, center).pairs.length;
      expect(found).toBeGreaterThan(0);
      expect(found).toBeLessThan(n - 1);
    }
  });

  it('nearSide: exact copies, zero rows, content hashes and NaN, as the plain loop', () => {
    const x = embeddingLike(160, 96, 21, 0.01);
    // zero rows (centred or not) and a row that is the mean (zero once centred)
    x.data.fill(0, 7 * 96, 8 * 96);
    const center = rowMean(x);
    x.data.set(center, 40 * 96);
    for (const c of [center, undefined]) {
      for (const threshold of [0.999, 0.97, 0.5]) {
        expect(nearSide(x, threshold, c).pairs).toEqual(naiveNearSide(x, threshold, c).pairs);
      }
    }
    // content hashes: rows with a hash seen before are copies of its first row and never searched
    const hashes = Array.from({ length: 160 }, (_, i) => (i % 9 === 0 ? 'same' : `h${i}`));
    const withHashes = nearSide(x, 0.97, center, hashes);
    const slow = naiveNearSide(x, 0.97, center, hashes);
    expect(withHashes.pairs).toEqual(slow.pairs);
    expect(withHashes.side.items).toBe(slow.root.filter((r) => r >= 0).length);
    expect(withHashes.side.groups).toBe(new Set(slow.root.filter((r) => r >= 0)).size);
    expect(withHashes.side.items).toBeGreaterThan(160 / 9);
    // NaN anywhere: the plain loop answers (NaN cosines never count)
    const bad: Matrix = { rows: x.rows, cols: x.cols, data: Float64Array.from(x.data) };
    bad.data[3 * 96 + 5] = NaN;
    expect(nearSide(bad, 0.97).pairs).toEqual(naiveNearSide(bad, 0.97).pairs);
    expect(nearSide(bad, 0.97).pairs.length).toBeGreaterThan(0);
  });

  it('nearSide: pairs exactly at the threshold count on the bounded path too (64 rows × 256 dims)', () => {
    // ±1 and ±2 sign patterns: norms 16 and 32 exactly, cosines of 1 (same pattern) exactly representable
    const d = 256;
    const rng = createRng(31);
    const patterns = Array.from({ length: 12 }, () => Float64Array.from({ length: d }, () => (rng.next() < 0.5 ? -1 : 1)));
    const data = new Float64Array(64 * d);
    for (let i = 0; i < 64; i++) {
      const p = patterns[rng.int(patterns.length)]!;
      const scale = rng.next() < 0.5 ? 1 : 2;
      for (let k = 0; k < d; k++) data[i * d + k] = scale * p[k]!;
    }
    const x: Matrix = { rows: 64, cols: d, data };
    for (const threshold of [1, 0.999999, 0.5, 0]) {
      const slow = naiveNearSide(x, threshold);
      expect(nearSide(x, threshold).pairs).toEqual(slow.pairs);
      if (threshold === 1) expect(slow.pairs.length).toBeGreaterThan(30);
    }
  });

  it('nearSide: a pair exactly at the threshold counts (no pruning on the boundary)', () => {
    // rows whose centred cosine is exactly representable: 1 (identical direction, scaled) and 0
    const d = 256; // norms 16 and 32: the cosine of rows 0 and 1 is exactly 1
    const data = new Float64Array(4 * d);
    for (let k = 0; k < d; k++) {
      data[k] = k % 2 ? 1 : -1;
      data[d + k] = k % 2 ? 2 : -2;
      data[2 * d + k] = k < d / 2 ? 1 : -1;
      data[3 * d + k] = k < d / 2 ? -3 : 3;
    }
    const x: Matrix = { rows: 4, cols: d, data };
    const slow = naiveNearSide(x, 1);
    expect(slow.pairs.length).toBeGreaterThan(0);
    expect(nearSide(x, 1).pairs).toEqual(slow.pairs);
  });
});
