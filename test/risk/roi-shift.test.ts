import { describe, expect, it } from '@jest/globals';
import { roiShift } from '../../src/risk/roi-shift.js';
import { createRng } from '../../src/stats/rng.js';
import { clusters, ctx, ds, gaussian, numericFeature, report } from './fixtures.js';

const c = ctx();
const parts = ['bolt', 'gear', 'nut'];

describe('roi-shift', () => {
  const { m, labels } = clusters(20, 3, 12, 5);
  const partLabels = labels.map((l) => parts[l]!);
  // defect labels unrelated to the clusters (tiny defects the features do not see)
  const rng = createRng(99);
  const defectLabels = labels.map(() => ['dent', 'ok', 'scratch'][rng.int(3)]!);

  it('labels switched from part type to defects the embedding does not separate: high', () => {
    const s = roiShift([ds(report(), { embeddings: { base: m, head: m, baseLabels: partLabels, headLabels: defectLabels } })], c);
    expect(s.level).toBe('high');
    const text = s.evidence.join('\n');
    expect(text).toMatch(/kNN probe .* on base labels \(bolt, gear, nut; 60 items\): accuracy 1 vs chance 0.33/);
    expect(text).toMatch(/on head labels \(dent, ok, scratch/);
    expect(text).toMatch(/LogME on base labels/);
    expect(s.recommendations.join(' ')).toMatch(/fine-tune deeper layers/);
  });

  it('same part labels on both sides: low', () => {
    const s = roiShift([ds(report(), { embeddings: { base: m, head: m, baseLabels: partLabels, headLabels: partLabels } })], c);
    expect(s.level).toBe('low');
  });

  it('a drop between the thresholds is medium', () => {
    // head: half the items keep their part label, half get a random one → lift drops by ≈ 0.3–0.5
    const r2 = createRng(3);
    const mixed = partLabels.map((l, i) => (i % 5 < 2 ? parts[r2.int(3)]! : l));
    const s = roiShift([ds(report(), { embeddings: { base: m, head: m, baseLabels: partLabels, headLabels: mixed } })], c);
    expect(s.level).toBe('medium');
  });

  it('no base labels and head labels at chance: medium with the reason', () => {
    const s = roiShift([ds(report(), { embeddings: { base: m, head: m, headLabels: defectLabels } })], c);
    expect(s.level).toBe('medium');
    expect(s.evidence.join(' ')).toMatch(/barely separable/);
    const ok = roiShift([ds(report(), { embeddings: { base: m, head: m, headLabels: partLabels } })], c);
    expect(ok.level).toBe('low');
  });

  it('head items outside base coverage count only when the image statistics did not move', () => {
    const base = gaussian(60, 8, 1);
    const emb = { dims: 8, mmd: { statistic: 1, pValue: 0.001 }, classifierAuc: 0.99, driftShare: 1, outsideCoverage: 0.7 };
    const unexplained = roiShift([ds(report({ embedding: emb }), { embeddings: { base, head: base } })], c);
    expect(unexplained.level).toBe('medium');
    expect(unexplained.evidence.join(' ')).toMatch(/70% of head items lie outside base's embedding coverage/);
    const explained = roiShift(
      [
        ds(report({ embedding: emb, features: [numericFeature('brightness', { psi: 2, wn: 3, drift: true, base: 0.5, head: 0.2 })] }), {
          embeddings: { base, head: base },
        }),
      ],
      c,
    );
    expect(explained.level).toBe('low');
    const inside = roiShift([ds(report({ embedding: { ...emb, outsideCoverage: 0.06 } }), { embeddings: { base, head: base } })], c);
    expect(inside.level).toBe('low');
  });

  it('small labeled samples say low power', () => {
    const small = clusters(5, 3, 6, 8);
    const l = small.labels.map((x) => parts[x]!);
    const s = roiShift([ds(report(), { embeddings: { base: small.m, head: small.m, baseLabels: l, headLabels: l } })], c);
    expect(s.evidence.join(' ')).toMatch(/15 labeled items: low power/);
  });
});

describe('roi-shift when only the image statistics moved', () => {
  it('same labels, separability drop explained by feature drift: capped at medium and says so', () => {
    const { m, labels } = clusters(20, 3, 12, 5);
    const partLabels = labels.map((l) => parts[l]!);
    const noisy = gaussian(60, 12, 3);
    const r = report({ features: [numericFeature('noise', { psi: 3, wn: 5, drift: true, base: 0.01, head: 0.09 })] });
    const s = roiShift([ds(r, { embeddings: { base: m, head: noisy, baseLabels: partLabels, headLabels: partLabels } })], c);
    expect(s.level).toBe('medium');
    expect(s.evidence.join(' ')).toMatch(/the image statistics moved too/);
  });
});
