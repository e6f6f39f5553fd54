/**
 * LogME through the factored eigensolver (projections through the Householder vectors and the
 * recorded QL rotations) against the previous full-eigenvector implementation, on wide (d > n) and
 * tall (d ≤ n) features, with the shuffled labelings the baselines use; H-score the same way (its
 * wide-case formula subtracts two nearly equal terms when the shrinkage is small, so any solver that is
 * not bit for bit the old one moves it by round-off of that size: ≤ 1e-9 relative here; on the e2e
 * repository score 2.3e-10, gain over its shuffled baseline 1.3e-9).
 */
import { describe, expect, it } from '@jest/globals';
import type { Matrix } from '../../src/stats/matrix.js';
import { createRng, shuffleInPlace } from '../../src/stats/rng.js';
import { prepareHScore } from '../../src/transfer/hscore.js';
import { prepareLogme } from '../../src/transfer/logme.js';
import { refPrepareHScore, refPrepareLogme } from './full-eigen-reference.js';

function features(
  n: number,
  d: number,
  classes: number,
  seed: number,
  opts: { rank?: number; relu?: boolean; dupes?: boolean } = {},
): { f: Matrix; codes: Int32Array } {
  const r = createRng(seed);
  const rank = opts.rank ?? Math.min(n, d);
  const W = Float64Array.from({ length: rank * d }, () => r.normal());
  const mu = Float64Array.from({ length: classes * rank }, () => r.normal());
  const codes = Int32Array.from({ length: n }, (_, i) => i % classes);
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const src = opts.dupes && i >= n / 2 ? i - Math.floor(n / 2) : i;
    const rr = createRng(seed * 1000 + src);
    for (let q = 0; q < rank; q++) {
      const z = rr.normal() + mu[codes[src]! * rank + q]!;
      for (let j = 0; j < d; j++) data[i * d + j]! += z * W[q * d + j]!;
    }
    if (opts.relu) for (let j = 0; j < d; j++) data[i * d + j] = Math.max(0, data[i * d + j]!);
  }
  return { f: { rows: n, cols: d, data }, codes };
}

const rel = (a: number, b: number): number => (a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)));

const cases: [string, ReturnType<typeof features>][] = [
  ['wide 60×200, 3 classes', features(60, 200, 3, 1)],
  ['wide 80×300 relu, 6 classes', features(80, 300, 6, 2, { relu: true })],
  ['wide 50×120 rank 4 (null space)', features(50, 120, 2, 3, { rank: 4 })],
  ['wide 40×90 duplicated rows', features(40, 90, 4, 4, { dupes: true })],
  ['tall 200×15, 5 classes', features(200, 15, 5, 5)],
  ['tall 100×20 rank 3', features(100, 20, 3, 6, { rank: 3 })],
  ['square 30×30', features(30, 30, 2, 7)],
];

describe('LogME / H-score vs the previous implementations', () => {
  it.each(cases)('%s', (_name, { f, codes }) => {
    const lm = prepareLogme(f);
    const rlm = refPrepareLogme(f);
    const hs = prepareHScore(f);
    const rhs = refPrepareHScore(f);
    expect(hs.shrinkage).toBe(rhs.shrinkage);
    const r = createRng(99);
    const labelings = [Int32Array.from(codes)];
    for (let s = 0; s < 5; s++) {
      const perm = Int32Array.from(codes);
      shuffleInPlace(perm, r);
      labelings.push(perm);
    }
    // a class code with no members (codes 0..C, class 1 absent)
    labelings.push(Int32Array.from(codes, (c) => (c === 1 ? 0 : c)));
    for (const c of labelings) {
      expect(rel(lm.score(c), rlm.score(c))).toBeLessThan(1e-9);
      expect(rel(hs.score(c), rhs.score(c))).toBeLessThan(1e-9);
    }
  });
});
