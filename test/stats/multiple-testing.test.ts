import { describe, expect, it } from '@jest/globals';
import { benjaminiHochberg, bonferroni } from '../../src/stats/multiple-testing.js';
import { expectClose, golden } from './golden.js';

describe('multiple testing', () => {
  const g = golden();
  it('BH = scipy.stats.false_discovery_control(method="bh"); Bonferroni = min(1, p·m)', () => {
    for (const c of g.multipleTesting) {
      const bh = benjaminiHochberg(c.p);
      const bo = bonferroni(c.p);
      c.bh.forEach((v: number, i: number) => expectClose(bh[i]!, v, 1e-12, 1e-300, `bh[${i}]`));
      c.bonferroni.forEach((v: number, i: number) => expectClose(bo[i]!, v, 1e-12, 1e-300, `bonf[${i}]`));
    }
  });
  it('is monotone in p and never below p', () => {
    const p = [0.2, 0.01, 0.03, 0.5, 0.04];
    const a = benjaminiHochberg(p);
    p.forEach((pi, i) => expect(a[i]!).toBeGreaterThanOrEqual(pi));
    expect(a[1]!).toBeLessThanOrEqual(a[2]!);
    expect(benjaminiHochberg([])).toHaveLength(0);
  });
});
