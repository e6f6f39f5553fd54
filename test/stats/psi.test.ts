import { describe, expect, it } from '@jest/globals';
import { psi } from '../../src/stats/psi.js';
import { expectClose, golden } from './golden.js';

describe('psi', () => {
  const g = golden();
  it('matches the numpy transcription of DESIGN.md on numeric and categorical goldens', () => {
    for (const c of [...g.numeric, ...g.categorical]) expectClose(psi(c.baseCounts, c.headCounts), c.psi, 1e-9, 1e-15, c.name);
  });
  it('is 0 for identical proportions and uses 1e-4 for empty bins', () => {
    expect(psi([10, 20], [1, 2])).toBeCloseTo(0, 15);
    // b = (1, 0) → (1, 1e-4); h = (0.5, 0.5)
    const expected = (0.5 - 1) * Math.log(0.5 / 1) + (0.5 - 1e-4) * Math.log(0.5 / 1e-4);
    expect(psi([4, 0], [2, 2])).toBeCloseTo(expected, 14);
  });
  it('rejects mismatched bins', () => {
    expect(() => psi([1, 2], [1])).toThrow(/bins/);
  });
});
