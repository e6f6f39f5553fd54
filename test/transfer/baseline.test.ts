import { describe, expect, it } from '@jest/globals';
import { withShuffledBaseline } from '../../src/transfer/baseline.js';
import { prepareLogme } from '../../src/transfer/logme.js';
import { featuresOf, loadCases } from './golden.js';

describe('withShuffledBaseline', () => {
  it('scores real labels against seeded shuffles that keep the class counts', () => {
    const seen: number[][] = [];
    const r = withShuffledBaseline(
      (c) => {
        seen.push(Array.from(c));
        return c[0]!;
      },
      [0, 0, 1, 1, 2, 2],
      { shuffles: 4, seed: 3 },
    );
    expect(seen).toHaveLength(5);
    for (const s of seen) expect([...s].sort()).toEqual([0, 0, 1, 1, 2, 2]);
    expect(r.score).toBe(0);
    expect(r.baseline).toBeCloseTo(seen.slice(1).reduce((a, s) => a + s[0]!, 0) / 4, 12);
    expect(r.gain).toBeCloseTo(r.score - r.baseline, 12);
    const again = withShuffledBaseline((c) => c[0]!, [0, 0, 1, 1, 2, 2], { shuffles: 4, seed: 3 });
    expect(again).toEqual(r);
  });

  it('separable labels gain over their shuffled baseline in LogME', () => {
    const c = loadCases().find((x) => x.name.startsWith('separable'))!;
    const model = prepareLogme(featuresOf(c));
    const r = withShuffledBaseline((codes) => model.score(codes), c.labels, { shuffles: 5, seed: 1 });
    expect(r.gain).toBeGreaterThan(5 * r.baselineStd);
  });
});
