import { describe, expect, it } from '@jest/globals';
import { applyShift, detectionRates, falsePositiveRates, imageFeatures, renderPart } from '../../src/calibration/images.js';
import { createRng } from '../../src/stats/rng.js';

describe('calibration (small version of npm run bench:calibration)', () => {
  it('no shift: every test stays near alpha over 40 seeded trials (loose bound alpha + 0.1)', () => {
    const rows = falsePositiveRates({ trials: 40, n: 40, seed: 77, thresholds: { mmdPermutations: 100, classifierPermutations: 30 } });
    expect(rows).toHaveLength(9);
    for (const r of rows) expect({ test: r.test, ok: r.rate <= 0.05 + 0.1 }).toEqual({ test: r.test, ok: true });
  }, 300000);

  it('strong shifts are detected by the verdicts', () => {
    const rows = detectionRates({
      trials: 5,
      sizes: [40],
      shifts: ['brightness', 'gaussian-noise'],
      severities: [3],
      seed: 9,
      thresholds: { mmdPermutations: 100, classifierPermutations: 30 },
    });
    for (const r of rows) {
      expect(r.anyFeatureDrift).toBeGreaterThanOrEqual(0.8);
      expect(r.dataDriftVerdict).toBeGreaterThanOrEqual(0.8);
    }
  }, 300000);

  it('the corruptions move the features they should', () => {
    const rng = createRng(1);
    // an image with enough edges for its sharpness to be measurable above the sensor noise
    let img = renderPart(rng);
    while (!Number.isFinite(imageFeatures(img).sharpness)) img = renderPart(rng);
    const f0 = imageFeatures(img);
    expect(imageFeatures(applyShift(img, 'brightness', 3, rng)).brightness).toBeLessThan(f0.brightness * 0.81);
    expect(imageFeatures(applyShift(img, 'gaussian-noise', 3, rng)).noise).toBeGreaterThan(f0.noise * 2);
    expect(imageFeatures(applyShift(img, 'blur', 3, rng)).sharpness).toBeLessThan(f0.sharpness / 2);
    expect(imageFeatures(applyShift(img, 'contrast', 3, rng)).contrast).toBeLessThan(f0.contrast * 0.65);
  });
});
