import { describe, expect, it } from '@jest/globals';
import { leep } from '../../src/transfer/leep.js';
import { nce } from '../../src/transfer/nce.js';
import { loadCases, probsOf, relClose } from './golden.js';

describe('LEEP and NCE', () => {
  const cases = loadCases().filter((c) => c.probs);
  it.each(cases.map((c) => [c.name, c] as const))('match the numpy reference: %s', (_name, c) => {
    expect(relClose(leep(probsOf(c), c.labels), c.leep!)).toBe(true);
    const v = nce(probsOf(c), c.labels);
    if (c.nce === 0) expect(Math.abs(v)).toBeLessThan(1e-15);
    else expect(relClose(v, c.nce!)).toBe(true);
  });

  it('tiny case by hand: LEEP = mean log of the expected empirical prediction', () => {
    // probs [[.9,.1],[.8,.2],[.3,.7],[.2,.8]], labels [0,0,1,1]
    const joint = [
      [(0.9 + 0.8) / 4, (0.1 + 0.2) / 4],
      [(0.3 + 0.2) / 4, (0.7 + 0.8) / 4],
    ];
    const pz = [joint[0]![0]! + joint[1]![0]!, joint[0]![1]! + joint[1]![1]!];
    const rows = [
      [0.9, 0.1],
      [0.8, 0.2],
      [0.3, 0.7],
      [0.2, 0.8],
    ];
    const y = [0, 0, 1, 1];
    let s = 0;
    rows.forEach((p, i) => {
      s += Math.log((p[0]! * joint[y[i]!]![0]!) / pz[0]! + (p[1]! * joint[y[i]!]![1]!) / pz[1]!);
    });
    const m = { rows: 4, cols: 2, data: Float64Array.from(rows.flat()) };
    expect(leep(m, y)).toBeCloseTo(s / 4, 14);
    expect(nce(m, y)).toBe(0);
    // labels unrelated to the source prediction: NCE = −H(Y) = −ln 2
    expect(nce(m, [0, 1, 0, 1])).toBeCloseTo(-Math.log(2), 14);
  });
});
