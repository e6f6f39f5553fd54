import { describe, expect, it } from '@jest/globals';
import { annotatedImage, boxDetectionRates, boxFalsePositiveRates } from '../../src/calibration/boxes.js';
import { createRng } from '../../src/stats/rng.js';

describe('box calibration (small version of npm run bench:calibration)', () => {
  it('no shift: the box tests stay near alpha over 100 seeded trials (loose bound alpha + 0.06); testing every box would not', () => {
    const rows = boxFalsePositiveRates({ trials: 100, n: 60, seed: 21 });
    expect(rows.map((r) => r.test)).toEqual([
      'box area KS, one box per image (unadjusted)',
      'box feature drift flag, per feature (BH + effect)',
      'box features: any drifting (family-wise)',
      'boxes: roi-shift ≥ medium',
      'reference, not used: box area KS on every box',
    ]);
    for (const r of rows.filter((x) => !x.reference)) expect({ test: r.test, ok: r.rate <= 0.05 + 0.06 }).toEqual({ test: r.test, ok: true });
    // boxes of one image are correlated: a test on every box is liberal (why the rules use one per image)
    expect(rows.find((r) => r.reference)!.rate).toBeGreaterThan(0.12);
  });

  it('shrinking objects and a new class are detected', () => {
    const rows = boxDetectionRates({ trials: 10, sizes: [100], severities: [2, 3], seed: 5 });
    for (const r of rows)
      expect({ shift: r.shift, severity: r.severity, detected: r.roiVerdict >= 0.8 }).toEqual({ shift: r.shift, severity: r.severity, detected: true });
  });

  it('boxes of one image share a zoom: their sizes correlate', () => {
    const rng = createRng(4);
    const pairs: Array<[number, number]> = [];
    for (let i = 0; i < 400; i++) {
      const b = annotatedImage(rng);
      if (b.length >= 2) pairs.push([Math.log(b[0]!.w), Math.log(b[1]!.w)]);
    }
    const mean = (xs: number[]) => xs.reduce((a, c) => a + c, 0) / xs.length;
    const mx = mean(pairs.map((p) => p[0]));
    const my = mean(pairs.map((p) => p[1]));
    const cov = mean(pairs.map((p) => (p[0] - mx) * (p[1] - my)));
    const sd = (k: 0 | 1, m: number) => Math.sqrt(mean(pairs.map((p) => (p[k] - m) ** 2)));
    expect(cov / (sd(0, mx) * sd(1, my))).toBeGreaterThan(0.4);
  });
});
