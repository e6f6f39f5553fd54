/**
 * Issue 12, item 4: augmentation is bounded and honest. Parse errors (and only they) are "could not
 * be parsed", with file:line; too many transforms and non-finite parameters are config errors; unknown
 * names are listed with their lines; a huge blur is clamped for the simulation but judged from its
 * declared sigma; an engine failure while measuring is the dataset's, not the run's.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { applyPipeline } from '../../src/augment/apply.js';
import { augmentationEvidence } from '../../src/augment/evidence.js';
import { AugmentationConfigError, parseAugmentation } from '../../src/augment/parse.js';
import { AUG_LIMITS } from '../../src/augment/registry.js';
import { augmentationDrift } from '../../src/risk/augmentation-drift.js';
import type { AugmentationEvidence } from '../../src/risk/types.js';
import { ctx, ds, report } from '../risk/fixtures.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const PATH = 'configs/augment.yaml';
const GENTLE = 'transforms:\n  - {name: horizontal_flip, p: 0.5}\n';
const judge = (e: AugmentationEvidence) => augmentationDrift([ds(report(), { augmentation: e, modelPreprocessing: { mean: [0.5], std: [0.5] } })], ctx());
const evidenceOf = async (headText: string | undefined, baseText: string | undefined = GENTLE) =>
  (await augmentationEvidence({ configPath: PATH, baseText, headText })).evidence;

function thrown(f: () => unknown): AugmentationConfigError {
  try {
    f();
  } catch (err) {
    if (err instanceof AugmentationConfigError) return err;
    throw err;
  }
  throw new Error('did not throw');
}

describe('parseAugmentation: errors by kind, with file and line', () => {
  it('YAML syntax is a parse error naming file:line', () => {
    const e = thrown(() => parseAugmentation('transforms:\n  - {name: flip\n', PATH));
    expect(e.kind).toBe('parse');
    expect(e.message).toMatch(/^configs\/augment\.yaml:\d+: cannot parse augmentation config: /);
  });

  it('an alias bomb is a parse error naming the file, not a hang', () => {
    let bomb = 'a: &a [x, x, x, x, x, x, x, x, x]\n';
    let prev = 'a';
    for (const k of 'bcdefghi') {
      bomb += `${k}: &${k} [${Array(9).fill(`*${prev}`).join(', ')}]\n`;
      prev = k;
    }
    bomb += `transforms: [*${prev}]\n`;
    const e = thrown(() => parseAugmentation(bomb, PATH));
    expect(e.kind).toBe('parse');
    expect(e.message).toMatch(/^configs\/augment\.yaml: cannot parse augmentation config: Excessive alias count/);
  });

  it(`more than ${AUG_LIMITS.maxTransforms} transforms is a config error naming the first one over the limit`, () => {
    const list = (n: number) => `transforms:\n${Array.from({ length: n }, () => '  - {name: horizontal_flip, p: 0.5}\n').join('')}`;
    expect(parseAugmentation(list(AUG_LIMITS.maxTransforms), PATH).transforms).toHaveLength(AUG_LIMITS.maxTransforms);
    const e = thrown(() => parseAugmentation(list(20_000), PATH));
    expect(e.kind).toBe('invalid');
    expect(e.message).toBe(
      `configs/augment.yaml:${AUG_LIMITS.maxTransforms + 2}: 20000 transforms: more than the ${AUG_LIMITS.maxTransforms} an augmentation config may have`,
    );
    // albumentations: counted after flattening Compose/OneOf
    const inner = Array.from({ length: 150 }, () => '{"__class_fullname__": "HorizontalFlip", "p": 0.5}').join(', ');
    expect(thrown(() => parseAugmentation(`{"transform": {"__class_fullname__": "Compose", "transforms": [${inner}]}}`, PATH)).kind).toBe('invalid');
  });

  it('a file that is not an augmentation config is invalid, not unparseable', () => {
    const e = thrown(() => parseAugmentation('learning_rate: 0.1\n', PATH));
    expect(e.kind).toBe('invalid');
    expect(e.message).toMatch(/^configs\/augment\.yaml:1: not an augmentation config/);
  });
});

describe('augmentationEvidence and augmentation-drift', () => {
  it('an unparseable head config is "could not be parsed" with file:line, and fails closed (high)', async () => {
    const e = await evidenceOf('transforms:\n  - {name: flip\n');
    expect(e.parseError).toMatch(/^configs\/augment\.yaml:\d+: cannot parse/);
    const s = judge(e);
    expect(s.level).toBe('high');
    expect(s.evidence[0]).toMatch(/fails closed/);
    expect(s.evidence[0]).toMatch(/could not be parsed \(configs\/augment\.yaml:\d+: /);
  });

  it('a config over the transform limit is a config error (fails closed), never "could not be parsed"', async () => {
    const e = await evidenceOf(`transforms:\n${'  - {name: gaussian_blur, sigma: 1}\n'.repeat(20_000)}`);
    expect(e.parseError).toBeUndefined();
    expect(e.invalid).toEqual([
      `configs/augment.yaml:${AUG_LIMITS.maxTransforms + 2}: 20000 transforms: more than the ${AUG_LIMITS.maxTransforms} an augmentation config may have`,
    ]);
    const s = judge(e);
    expect(s.level).toBe('high');
    expect(s.evidence.join(' ')).not.toMatch(/could not be parsed/);
    expect(s.evidence[0]).toMatch(/is not a usable augmentation config/);
  });

  it('non-finite parameters make the config invalid (not simulated): it fails closed, never below the harsh config it replaces', async () => {
    const e = await evidenceOf('transforms:\n  - {name: gaussian_blur, sigma: .inf}\n');
    expect(e.invalid).toEqual(['configs/augment.yaml: line 2: gaussian_blur sigma must be a finite number (got Infinity)']);
    expect(judge(e).level).toBe('high');
    // a harsh blur is high; the same config broken by a NaN must not come out lower
    const harsh = await evidenceOf('transforms:\n  - {name: gaussian_blur, sigma: 20}\n');
    const nan = await evidenceOf('transforms:\n  - {name: gaussian_blur, sigma: 20}\n  - {name: rotate, degrees: .nan}\n');
    expect(nan.invalid?.length).toBeGreaterThan(0);
    expect(judge(harsh).level).toBe('high');
    expect(judge(nan).level).toBe('high');
  });

  it('unknown transform names are listed with their lines as unknown (not simulated); known ones as not simulated', async () => {
    const e = await evidenceOf('transforms:\n  - {name: horizontal_flop, p: 0.5}\n  - {name: elastic_transform, alpha: 1}\n  - {name: rotate, degrees: 10}\n');
    expect(e.unknown).toEqual([{ name: 'horizontal_flop', line: 2, suggestion: 'horizontal_flip' }]);
    expect(e.notSimulated).toEqual(['elastic_transform']);
    const s = judge(e);
    expect(s.level).toBe('medium');
    expect(s.evidence.join('\n')).toMatch(/unknown transform \(not simulated, not judged\): horizontal_flop \(line 2\) — did you mean horizontal_flip\?/);
    expect(s.evidence.join('\n')).toMatch(/not simulated \(judged from their parameters only\): elastic_transform/);
    // torchvision and albumentations classes are known
    const tv = await evidenceOf('- {RandomHorizontalFlip: {p: 0.5}}\n- {RandomPerspective: {}}\n- {RandomHorizontalFlop: {}}\n');
    expect(tv.unknown?.map((u) => u.name)).toEqual(['RandomHorizontalFlop']);
    expect(tv.notSimulated).toEqual(['randomperspective']);
  });

  it('a huge gaussian_blur sigma is clamped for the simulation and still judged harsh from its parameters', async () => {
    for (const sigma of [60, 1e6]) {
      const e = await evidenceOf(`transforms:\n  - {name: gaussian_blur, sigma: ${sigma}}\n`);
      expect(e.parseError).toBeUndefined();
      expect(e.clamped).toEqual([
        `line 2: gaussian_blur sigma ${sigma} simulated as ${AUG_LIMITS.blurSigma} (the most the simulation computes in bounded memory; judged from its declared value)`,
      ]);
      const s = judge(e);
      expect(s.level).toBe('high'); // sigma 20 was high, sigma 60 was "could not be parsed" and low
      expect(s.evidence.join('\n')).toMatch(new RegExp(`harsh transform: gaussian_blur sigma ${sigma === 60 ? 60 : '1000000|1e\\+?6'}`));
    }
  });

  it('an engine failure while measuring is reported for the dataset, judged from the parameters, and never thrown', async () => {
    const png = await sharp(Buffer.alloc(16 * 16 * 3, 120), { raw: { width: 16, height: 16, channels: 3 } })
      .png()
      .toBuffer();
    const harsh = 'transforms:\n  - {name: gaussian_noise, std: 0.3}\n';
    const { evidence } = await augmentationEvidence({
      configPath: PATH,
      baseText: GENTLE,
      headText: harsh,
      measure: { tf, images: [{ id: 'a', bytes: png }], size: 32, embed: () => Promise.reject(new Error('RuntimeError: Aborted(OOM)')) },
    });
    expect(evidence.measureError).toBe('RuntimeError: Aborted(OOM)');
    expect(evidence.parseError).toBeUndefined();
    const s = judge(evidence);
    expect(s.level).toBe('high'); // std 0.3 ≥ noiseStdHigh
    expect(s.evidence.join('\n')).toMatch(
      /could not be measured on this dataset \(engine error: RuntimeError: Aborted\(OOM\)\): judged from its parameters only/,
    );
    // a gentle changed pipeline that cannot be measured is not green either
    const gentle = await augmentationEvidence({
      configPath: PATH,
      baseText: GENTLE,
      headText: 'transforms:\n  - {name: horizontal_flip, p: 0.6}\n',
      measure: { tf, images: [{ id: 'a', bytes: png }], size: 32, embed: () => Promise.reject(new Error('boom')) },
    });
    expect(judge(gentle.evidence).level).toBe('medium');
  });

  it("base's unparseable config does not hide head's pipeline", async () => {
    const e = await evidenceOf('transforms:\n  - {name: gaussian_noise, std: 0.3}\n', 'transforms: [\n');
    expect(e.baseError).toMatch(/cannot parse/);
    expect(e.parseError).toBeUndefined();
    const s = judge(e);
    expect(s.level).toBe('high');
    expect(s.evidence.join('\n')).toMatch(/the base revision's configs\/augment\.yaml could not be used/);
  });
});

describe('applyPipeline stays bounded', () => {
  it('simulates a sigma-60 blur as the clamped sigma, one image at a time, without leaking tensors', async () => {
    const img = tf.randomUniform([3, 224, 224, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
    const huge = parseAugmentation('transforms:\n  - {name: gaussian_blur, sigma: 60}\n  - {name: cutout, holes: 1000000000}\n', PATH);
    const capped = parseAugmentation(
      `transforms:\n  - {name: gaussian_blur, sigma: ${AUG_LIMITS.blurSigma}}\n  - {name: cutout, holes: ${AUG_LIMITS.cutoutHoles}}\n`,
      PATH,
    );
    const before = tf.memory().numTensors;
    const a = applyPipeline(tf, img, huge, 1, [1, 2, 3]);
    const b = applyPipeline(tf, img, capped, 1, [1, 2, 3]);
    expect(Array.from(await a.images.data())).toEqual(Array.from(await b.images.data()));
    a.images.dispose();
    b.images.dispose();
    expect(tf.memory().numTensors).toBe(before);
    img.dispose();
  });
});
