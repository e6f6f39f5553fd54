/** Readable, honest evidence: content leads format, effect size breaks saturated-PSI ties, digits show the change, caveats and n/a. */
import { describe, expect, it } from '@jest/globals';
import type { FeatureReport } from '../../src/contracts/index.js';
import { augmentationDrift } from '../../src/risk/augmentation-drift.js';
import { dataDrift } from '../../src/risk/data-drift.js';
import { roiShift } from '../../src/risk/roi-shift.js';
import { taskMismatch } from '../../src/risk/task-mismatch.js';
import { fmtChange } from '../../src/risk/terms.js';
import { createRng } from '../../src/stats/rng.js';
import { BUILTIN_HEAD_CAVEAT } from '../../src/measure/dataset.js';
import { clusters, ctx, ds, numericFeature, report } from './fixtures.js';

const c = ctx();
const role = (f: FeatureReport, r: 'format' | 'content'): FeatureReport => ({ ...f, role: r });

describe('data-drift evidence', () => {
  it('the headline is the strongest content change, not file size or resolution, even when their PSI is larger', () => {
    const s = dataDrift(
      [
        ds(
          report({
            features: [
              role(numericFeature('bytes', { psi: 8.28, wn: 40, drift: true, base: 120000, head: 480000 }), 'format'),
              role(numericFeature('width', { psi: 8.28, wn: 30, drift: true, base: 640, head: 1280, baseMedian: 640, headMedian: 1280 }), 'format'),
              role(numericFeature('height', { psi: 8.28, wn: 30, drift: true, base: 480, head: 960, baseMedian: 480, headMedian: 960 }), 'format'),
              role(numericFeature('noise', { psi: 8.28, wn: 9, drift: true, base: 1.2, head: 17 }), 'content'),
              role(numericFeature('brightness', { psi: 8.28, wn: 2.5, drift: true, base: 0.52, head: 0.4 }), 'content'),
            ],
          }),
        ),
      ],
      c,
    );
    expect(s.level).toBe('high');
    // saturated PSI (8.28 everywhere): ranked by the shift in base SDs
    expect(s.evidence[0]).toMatch(/^noise level \(σ, 0–255\) 1\.2 → 17 \(shift 9 base SD/);
    expect(s.evidence[1]).toMatch(/^mean brightness 0\.52 → 0\.4 /);
    expect(s.evidence.join('\n')).toMatch(/format change: resolution 640×480 → 1280×960/);
    expect(s.evidence.join('\n')).toMatch(/file size .* file-level only/);
  });
  it('a format change alone (resolution) is at most medium and says what the model sees', () => {
    const s = dataDrift(
      [
        ds(
          report({
            contentForm: '224×224 RGB (resized to fill, linear); noise and sharpness at pixel scale without enlargement',
            features: [
              role(numericFeature('width', { psi: 8, wn: 30, drift: true, base: 640, head: 1280, baseMedian: 640, headMedian: 1280 }), 'format'),
              role(numericFeature('height', { psi: 8, wn: 30, drift: true, base: 480, head: 960, baseMedian: 480, headMedian: 960 }), 'format'),
              role(numericFeature('brightness', { psi: 0.01, wn: 0.02, drift: false, base: 0.5, head: 0.5 }), 'content'),
            ],
          }),
        ),
      ],
      c,
    );
    expect(s.level).toBe('medium');
    expect(s.evidence[0]).toBe(
      'format change: resolution 640×480 → 1280×960 (PSI 8) — the model sees every image at 224×224 RGB (resized to fill, linear), where the content features are stable: a format change, at most medium',
    );
    expect(s.recommendations.join(' ')).toMatch(/the change is in how the data is stored/);
    expect(s.recommendations.join(' ')).not.toMatch(/camera|deeper layers/);
  });
  it('numbers carry enough digits to show the change', () => {
    expect(fmtChange(0.0712, 0.0748)).toEqual(['0.0712', '0.0748']);
    expect(fmtChange(0.07, 0.07)).toEqual(['0.07', '0.07']);
    const s = dataDrift([ds(report({ features: [numericFeature('contrast', { psi: 6.08, wn: 2, drift: true, base: 0.0712, head: 0.0748 })] }))], c);
    expect(s.evidence[0]).toMatch(/^contrast \(luma std\) 0\.0712 → 0\.0748 /);
  });
  it('a classifier AUC at or below 0.5 reads as no separation, a negative MMD² as ≈ 0', () => {
    const s = dataDrift(
      [
        ds(
          report({
            embedding: {
              dims: 64,
              components: 8,
              explainedVariance: 0.9,
              mmd: { statistic: -0.02, pValue: 1 },
              classifierAuc: 0.13,
              classifierPValue: 1,
              driftShare: 0,
            },
          }),
        ),
      ],
      c,
    );
    const e = s.evidence.join('\n');
    expect(e).toContain('domain classifier no separation (AUC 0.13 ≤ 0.5; 0.5 = no separation)');
    expect(e).toContain('MMD² ≈ 0 (no difference)');
    expect(e).not.toMatch(/MMD² −/);
  });
  it("the built-in model's content-head confidence carries its caveat and does not score", () => {
    const emb = { dims: 64, components: 8, mmd: { statistic: 0.01, pValue: 0.5 }, classifierAuc: 0.55, classifierPValue: 0.4, driftShare: 0 };
    const drop = { base: 0.9, head: 0.5, ks: { statistic: 0.6, pValue: 1e-9 } };
    const withCaveat = dataDrift([ds(report({ embedding: { ...emb, confidence: { ...drop, caveat: BUILTIN_HEAD_CAVEAT } } }))], c);
    expect(withCaveat.level).toBe('low');
    expect(withCaveat.evidence.join('\n')).toMatch(/confidence .*0\.9 → 0\.5 .*5-class content classifier .*not scored/);
    expect(dataDrift([ds(report({ embedding: { ...emb, confidence: drop } }))], c).level).toBe('high');
  });
  it('table recommendations speak of tables, not cameras', () => {
    const s = dataDrift([ds(report({ modality: 'tabular', features: [numericFeature('income', { psi: 2, wn: 3, drift: true, base: 50, head: 80 })] }))], c);
    const recs = s.recommendations.join(' ');
    expect(recs).toMatch(/`income` \(upstream source, ETL job/);
    expect(recs).not.toMatch(/camera|fine-tune deeper layers/);
  });
});

describe('scenarios that do not apply', () => {
  it('no augmentation config: augmentation-drift is n/a (applicable false), its level kept low for fail-on', () => {
    const s = augmentationDrift([ds(report())], c);
    expect(s).toMatchObject({ id: 'augmentation-drift', applicable: false, level: 'low', score: 0 });
  });
  it('no labels and no embeddings: roi-shift is n/a; with embeddings it applies', () => {
    expect(roiShift([ds(report({ modality: 'tabular' }))], c)).toMatchObject({ applicable: false, level: 'low' });
    const applies = roiShift(
      [ds(report({ embedding: { dims: 8, mmd: { statistic: 0, pValue: 1 }, classifierAuc: 0.5, driftShare: 0, outsideCoverage: 0.05 } }))],
      c,
    );
    expect(applies.applicable).toBeUndefined();
  });
  it('task-mismatch says when the head labels are at chance because the labeling changed (roi-shift judges it)', () => {
    const { m, labels } = clusters(20, 3, 10, 21);
    const parts = labels.map((l) => ['bolt', 'gear', 'nut'][l]!);
    const rng = createRng(4);
    const noise = labels.map(() => ['a', 'b', 'c'][rng.int(3)]!);
    const s = taskMismatch([ds(report(), { embeddings: { base: m, head: m, baseLabels: parts, headLabels: noise } })], c);
    expect(s.level).toBe('low');
    expect(s.evidence.join('\n')).toMatch(/no more separable than shuffled labels .* the labeling changed in this pull request: roi-shift judges/);
  });
});
