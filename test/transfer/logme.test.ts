import { describe, expect, it } from '@jest/globals';
import { logme, prepareLogme } from '../../src/transfer/logme.js';
import { featuresOf, loadCases, relClose } from './golden.js';

describe('logme', () => {
  const cases = loadCases();
  it.each(cases.map((c) => [c.name, c] as const))('matches the numpy reference: %s', (_name, c) => {
    const v = logme(featuresOf(c), c.labels);
    expect(relClose(v, c.logme)).toBe(true);
  });

  it('ranks separable labels above random labels on the same features', () => {
    const c = cases.find((x) => x.name.startsWith('separable'))!;
    const model = prepareLogme(featuresOf(c));
    const real = model.score(c.labels);
    const rotated = c.labels.map((_, i) => c.labels[(i * 7 + 3) % c.labels.length]!);
    expect(real).toBeGreaterThan(model.score(rotated));
  });

  it('rejects labels of the wrong length', () => {
    const c = cases[0]!;
    expect(() => logme(featuresOf(c), c.labels.slice(1))).toThrow(/labels/);
  });
});
