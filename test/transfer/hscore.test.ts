import { describe, expect, it } from '@jest/globals';
import { hScore, prepareHScore } from '../../src/transfer/hscore.js';
import { featuresOf, loadCases, relClose } from './golden.js';

describe('shrinkage H-score', () => {
  const cases = loadCases();
  it.each(cases.map((c) => [c.name, c] as const))('matches the numpy reference: %s', (_name, c) => {
    const model = prepareHScore(featuresOf(c));
    expect(relClose(model.score(c.labels), c.hscore)).toBe(true);
    if (c.shrinkage === 0) expect(model.shrinkage).toBe(0);
    else expect(relClose(model.shrinkage, c.shrinkage)).toBe(true);
  });

  it('is zero when every item has the same label (no between-class variance)', () => {
    const c = cases[0]!;
    expect(Math.abs(hScore(featuresOf(c), new Array(c.rows).fill(0)))).toBeLessThan(1e-12);
  });
});
