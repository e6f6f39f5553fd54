import { describe, expect, it } from '@jest/globals';
import { klDivergence } from '../../src/stats/kl.js';
import { expectClose, golden } from './golden.js';

describe('klDivergence', () => {
  const g = golden();
  it('matches the numpy transcription of DESIGN.md', () => {
    for (const c of [...g.numeric, ...g.categorical]) expectClose(klDivergence(c.baseCounts, c.headCounts), c.kl, 1e-9, 1e-15, c.name);
  });
  it('is KL(base ‖ head) (asymmetric)', () => {
    const b = [8, 2];
    const h = [5, 5];
    expect(klDivergence(b, h)).toBeCloseTo(0.8 * Math.log(0.8 / 0.5) + 0.2 * Math.log(0.2 / 0.5), 14);
    expect(klDivergence(b, h)).not.toBeCloseTo(klDivergence(h, b), 3);
  });
});
