import { describe, expect, it } from '@jest/globals';
import { jsDistance } from '../../src/stats/js.js';
import { expectClose, golden } from './golden.js';

describe('jsDistance', () => {
  const g = golden();
  it('= scipy.spatial.distance.jensenshannon(b, h, base=2)', () => {
    for (const c of [...g.numeric, ...g.categorical]) expectClose(jsDistance(c.baseCounts, c.headCounts), c.js, 1e-9, 1e-15, c.name);
  });
  it('is 1 for disjoint supports and 0 for equal ones', () => {
    expect(jsDistance([3, 0], [0, 5])).toBeCloseTo(1, 14);
    expect(jsDistance([3, 1], [6, 2])).toBe(0);
  });
});
