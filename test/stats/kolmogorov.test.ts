import { describe, expect, it } from '@jest/globals';
import { kolmogorov, kstwoSf, smirnov } from '../../src/stats/kolmogorov.js';
import { expectClose, golden } from './golden.js';

describe('Kolmogorov distributions vs scipy', () => {
  const sp = golden().special;
  it('kolmogorov(x) = scipy.special.kolmogorov', () => {
    for (const [x, v] of sp.kolmogorov) expectClose(kolmogorov(x), v, 1e-12, 1e-300, `kolmogorov(${x})`);
  });
  it('smirnov(n, x) = scipy.special.smirnov', () => {
    for (const [n, x, v] of sp.smirnov) expectClose(smirnov(n, x), v, 1e-9, 1e-15, `smirnov(${n}, ${x})`);
  });
  it('kstwoSf(n, x) = scipy.stats.kstwo.sf (all Simard–L’Ecuyer branches)', () => {
    for (const [n, x, v] of sp.kstwo) expectClose(kstwoSf(n, x), v, 1e-8, 1e-14, `kstwo.sf(${x}, ${n})`);
  });
  it('limits', () => {
    expect(kolmogorov(0)).toBe(1);
    expect(kolmogorov(10)).toBeLessThan(1e-80);
    expect(kolmogorov(30)).toBe(0);
    expect(kstwoSf(10, 0)).toBe(1);
    expect(kstwoSf(10, 1)).toBe(0);
    expect(smirnov(5, 0)).toBe(1);
    expect(smirnov(5, 1)).toBe(0);
    expect(Number.isNaN(kstwoSf(0, 0.5))).toBe(true);
  });
});
