import { describe, expect, it } from '@jest/globals';
import { augmentationDrift, checkNormalization, transformHarshness } from '../../src/risk/augmentation-drift.js';
import type { AugTransform, AugmentationEvidence } from '../../src/risk/types.js';
import { DEFAULT_THRESHOLDS } from '../../src/risk/thresholds.js';
import { ctx, ds, report } from './fixtures.js';

const flip: AugTransform = { name: 'horizontal_flip', params: { p: 0.5 }, line: 2 };
const norm05: AugTransform = { name: 'normalize', params: { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] }, line: 5 };
const normImagenet: AugTransform = { name: 'normalize', params: { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] }, line: 5 };

function evidence(base: AugTransform[] | null, head: AugTransform[], extra: Partial<AugmentationEvidence> = {}): AugmentationEvidence {
  const names = new Set((base ?? []).map((t) => JSON.stringify(t)));
  const baseNames = new Set((base ?? []).map((t) => t.name));
  const headNames = new Set(head.map((t) => t.name));
  return {
    configPath: 'configs/augment.yaml',
    base: base ? { format: 'native', transforms: base } : null,
    head: { format: 'native', transforms: head },
    diff: {
      added: head.filter((t) => !baseNames.has(t.name)),
      removed: (base ?? []).filter((t) => !headNames.has(t.name)),
      changed: head
        .filter((t) => baseNames.has(t.name) && !names.has(JSON.stringify(t)))
        .map((t) => ({ name: t.name, before: base!.find((b) => b.name === t.name)!, after: t })),
    },
    ...extra,
  };
}

const c = ctx();
const run = (e: AugmentationEvidence, cc = c, model = { mean: [0.5], std: [0.5], range: '[-1, 1]' }) =>
  augmentationDrift([ds(report(), { augmentation: e, modelPreprocessing: model })], cc);

describe('augmentation-drift: transform parameters', () => {
  it('harsh color jitter, noise and blur added: high, with line numbers and a recommendation', () => {
    const s = run(
      evidence(
        [flip],
        [
          flip,
          { name: 'color_jitter', params: { brightness: 0.8, contrast: 0.8, saturation: 0.8, hue: 0.3 }, line: 3 },
          { name: 'gaussian_noise', params: { std: 0.2 }, line: 4 },
          { name: 'gaussian_blur', params: { sigma: 3 }, line: 5 },
        ],
      ),
    );
    expect(s.level).toBe('high');
    const text = s.evidence.join('\n');
    expect(text).toMatch(/adds color_jitter \(line 3\)/);
    expect(text).toMatch(/harsh transform: color_jitter brightness 0.8/);
    expect(s.recommendations.join(' ')).toMatch(/tone down/);
  });

  it('each threshold, both sides', () => {
    const t = DEFAULT_THRESHOLDS;
    const lvl = (tr: AugTransform) => {
      const h = transformHarshness(tr, t);
      return h ? (h.score >= 2 / 3 ? 'high' : h.score >= 1 / 3 ? 'medium' : 'low') : 'none';
    };
    expect(lvl({ name: 'color_jitter', params: { brightness: 0.4 } })).toBe('low');
    expect(lvl({ name: 'color_jitter', params: { brightness: 0.5 } })).toBe('medium');
    expect(lvl({ name: 'ColorJitter', params: { brightness: [0.2, 1.8] } })).toBe('high');
    expect(lvl({ name: 'gaussian_noise', params: { std: 0.05 } })).toBe('low');
    expect(lvl({ name: 'gaussian_noise', params: { std: 0.12 } })).toBe('medium');
    expect(lvl({ name: 'gaussian_noise', params: { std: 0.07 } })).toBe('low');
    expect(lvl({ name: 'gaussian_noise', params: { std: 0.2 } })).toBe('high');
    expect(lvl({ name: 'A.GaussNoise', params: { var_limit: [10, 900] } })).toBe('medium'); // sqrt(900)/255 ≈ 0.118
    expect(lvl({ name: 'brightness', params: { delta: 0.2 } })).toBe('low');
    expect(lvl({ name: 'brightness', params: { delta: 0.3 } })).toBe('medium');
    expect(lvl({ name: 'gaussian_blur', params: { sigma: 1 } })).toBe('low');
    expect(lvl({ name: 'gaussian_blur', params: { sigma: [0.1, 2.5] } })).toBe('medium');
    expect(lvl({ name: 'gaussian_blur', params: { sigma: 5 } })).toBe('high');
    expect(lvl({ name: 'rotate', params: { degrees: 10 } })).toBe('low');
    expect(lvl({ name: 'horizontal_flip', params: {} })).toBe('none');
    // a harsh transform applied rarely counts for less
    expect(lvl({ name: 'gaussian_noise', params: { std: 0.12, p: 0.1 } })).toBe('low');
  });

  it('a mild pipeline is low', () => {
    const s = run(
      evidence([flip], [flip, { name: 'rotate', params: { degrees: 10 } }, { name: 'color_jitter', params: { brightness: 0.2, contrast: 0.2 } }, norm05]),
    );
    expect(s.level).toBe('low');
  });

  it('harsh transforms already in base are reported but capped (augUnchangedMaxLevel), unless configured otherwise', () => {
    const harsh: AugTransform = { name: 'gaussian_noise', params: { std: 0.3 }, line: 3 };
    const e = evidence([flip, harsh], [flip, harsh]);
    const s = run(e);
    expect(s.level).toBe('low');
    expect(s.evidence.join(' ')).toMatch(/already in base/);
    expect(run(e, ctx({ augUnchangedMaxLevel: 2 })).level).toBe('high');
  });
});

describe('augmentation-drift: normalization', () => {
  it('ImageNet mean/std while the model expects 0.5/0.5: ≥ medium, says "normalization", both mean and std', () => {
    const s = run(evidence([flip], [flip, normImagenet]));
    expect(['medium', 'high']).toContain(s.level);
    const text = s.evidence.join(' ');
    expect(text).toMatch(/normalization/);
    expect(text).toMatch(/mean \[0.485, 0.456, 0.406\], std \[0.229, 0.224, 0.225\]/);
    expect(text).toMatch(/model expects mean 0.5, std 0.5/);
    expect(s.recommendations[0]).toBe("match the model's normalization: mean 0.5, std 0.5");
  });
  it('uses pretrained.normalize over the embedder preprocessing, and reads 0–255 units', () => {
    const s = run(
      evidence(null, [{ name: 'normalize', params: { mean: [127.5], std: [127.5] } }]),
      ctx({}, { normalize: { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] } }),
      {
        mean: [0],
        std: [1],
        range: '[0, 1]',
      },
    );
    expect(s.level).toBe('low');
    expect(s.evidence.join(' ')).toMatch(/matches the model's expected/);
  });
  it('tolerances: small differences pass, a 3× std ratio is high', () => {
    const t = DEFAULT_THRESHOLDS;
    const model = { mean: [0.5], std: [0.5] };
    expect(checkNormalization({ mean: [0.52], std: [0.45] }, model, t).score).toBe(0);
    expect(checkNormalization({ mean: [0.5], std: [0.35] }, model, t).score).toBeGreaterThanOrEqual(1 / 3);
    expect(checkNormalization({ mean: [0.5], std: [0.15] }, model, t).score).toBeGreaterThanOrEqual(2 / 3);
    expect(checkNormalization({ mean: [0.0], std: [1] }, model, t).score).toBeGreaterThanOrEqual(2 / 3);
  });
  it('unknown model normalization is said, not guessed', () => {
    const s = augmentationDrift([ds(report(), { augmentation: evidence(null, [normImagenet]) })], c);
    expect(s.level).toBe('low');
    expect(s.evidence.join(' ')).toMatch(/expected normalization is unknown/);
  });
});

describe('augmentation-drift: measured and degenerate inputs', () => {
  it('measured augmented-vs-clean drift needs features and embedding to agree', () => {
    const measured = (psi: number, cos: number) =>
      run(
        evidence([flip], [flip, { name: 'custom_warp', params: {} }], {
          measured: {
            items: 50,
            features: { maxPsi: psi, drifting: [{ name: 'brightness', psi, clean: 0.5, augmented: 0.3 }] },
            embedding: { meanCosineDistance: cos },
          },
        }),
      ).level;
    expect(measured(3, 0.5)).toBe('high');
    expect(measured(3, 0.05)).toBe('low');
    expect(measured(0.6, 0.25)).toBe('medium');
  });
  it('parse errors are reported as not assessed and fail closed at unanalyzableLevel; no config gives a clear low', () => {
    const s = run({ ...evidence(null, []), parseError: 'line 3: bad indentation' });
    expect(s.evidence.join(' ')).toMatch(/could not be parsed .*not assessed — the check fails closed/);
    expect(s.level).toBe('high');
    // the base config may lower what cannot be analyzed; the evidence says which setting did
    const lowered = run({ ...evidence(null, []), invalid: ['line 2: rotate degrees must be a finite number (got NaN)'] }, ctx({ unanalyzableLevel: 1 }));
    expect(lowered.level).toBe('medium');
    expect(lowered.evidence[0]).toMatch(/not a usable augmentation config .*thresholds\.unanalyzableLevel 1 in the base config/);
    const none = augmentationDrift([ds(report())], c);
    expect(none.level).toBe('low');
    expect(none.evidence[0]).toMatch(/no augmentation config/);
  });
});
