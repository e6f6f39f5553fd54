/**
 * A transferability score means little on its own (LogME and H-score scale with dimension, class
 * count and balance). `withShuffledBaseline` reports it beside the same score on seeded label
 * shuffles (same class counts, no relation to the features), so "above baseline" is meaningful.
 */
import { createRng, shuffleInPlace } from '../stats/rng.js';

export interface BaselinedScore {
  /** score on the real labels */
  score: number;
  /** mean score over the shuffled labelings */
  baseline: number;
  /** standard deviation (ddof 1) of the shuffled scores; 0 with one shuffle */
  baselineStd: number;
  /** score − baseline */
  gain: number;
  shuffles: number;
}

export interface BaselineOptions {
  shuffles?: number;
  seed?: number;
}

export function withShuffledBaseline(scoreFn: (codes: Int32Array) => number, codes: ArrayLike<number>, opts: BaselineOptions = {}): BaselinedScore {
  const shuffles = Math.max(1, opts.shuffles ?? 5);
  const rng = createRng(opts.seed ?? 1);
  const original = Int32Array.from(codes);
  const score = scoreFn(original);
  const values: number[] = [];
  for (let s = 0; s < shuffles; s++) {
    const perm = Int32Array.from(original);
    shuffleInPlace(perm, rng);
    values.push(scoreFn(perm));
  }
  const baseline = values.reduce((a, b) => a + b, 0) / values.length;
  const baselineStd = values.length > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - baseline) ** 2, 0) / (values.length - 1)) : 0;
  return { score, baseline, baselineStd, gain: score - baseline, shuffles };
}
