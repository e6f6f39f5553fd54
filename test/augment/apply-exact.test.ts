/**
 * applyPipeline's data movement (an image taken out of the batch, flips, grey repeated over the channels,
 * the batch put back together) is done on typed arrays instead of TF.js's Slice, Reverse, Tile and Stack
 * kernels. Pinned here against the former composition (test/augment/reference-apply.ts, main's code kept
 * verbatim): the same bits for every simulated transform, the demo's configs and mixed pipelines, with a
 * shared seed and per-image seeds, on random and adversarial images, on the CPU backend and on WASM (the
 * default engine's TF.js backend). And no tensor is left behind.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Tensor4D } from '@tensorflow/tfjs';
import { applyPipeline } from '../../src/augment/apply.js';
import { parseAugmentation } from '../../src/augment/parse.js';
import { SIMULATED } from '../../src/augment/registry.js';
import { GENTLE_AUGMENTATION, HARSH_AUGMENTATION, IMAGENET_NORMALIZE_AUGMENTATION } from '../../src/demo/scenarios.js';
import { initBackend, type Tf } from '../../src/embed/backends.js';
import type { AugParamValue, AugPipeline } from '../../src/risk/types.js';
import { createRng } from '../../src/stats/rng.js';
import { referenceApplyPipeline } from './reference-apply.js';

let tf: Tf;
const BACKENDS = ['cpu', 'wasm'] as const;

beforeAll(async () => {
  tf = (await initBackend('wasm')).tf;
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

const native = (transforms: Array<[string, Record<string, AugParamValue>]>): AugPipeline => ({
  format: 'native',
  transforms: transforms.map(([name, params]) => ({ name, params })),
});

/** each simulated transform with p = 1: its defaults, and parameters that exercise each branch */
const SINGLE: Array<[string, Record<string, AugParamValue>]> = [
  ...[...SIMULATED].map((name): [string, Record<string, AugParamValue>] => [name, {}]),
  ['rotate', { degrees: 30 }],
  ['shear', { degrees: [-20, 5] }],
  ['translate', { x: 0.2, y: [0, 0.1] }],
  ['random_resized_crop', { scale: [0.3, 1] }],
  ['color_jitter', { brightness: 0.4 }],
  ['color_jitter', { contrast: 0.8 }],
  ['color_jitter', { saturation: 0.9 }],
  ['color_jitter', { hue: 0.4 }],
  ['color_jitter', { brightness: 0.8, contrast: 0.8, saturation: 0.9, hue: 0.4 }],
  ['brightness', { delta: 0.3 }],
  ['contrast', { factor: [0.2, 1.8] }],
  ['gaussian_noise', { std: 0.25 }],
  ['gaussian_blur', { sigma: 3 }],
  ['gaussian_blur', { sigma: 0.05 }],
  ['channel_shift', { intensity: 0.3 }],
  ['cutout', { holes: 5, scale: [0.05, 0.3] }],
  ['auto_augment', { magnitude: 30 }],
];

/** pipelines with probabilities (the random draws of p interleave with the transforms' own) */
const PIPELINES: Record<string, AugPipeline> = {
  gentle: parseAugmentation(GENTLE_AUGMENTATION, 'augment.yaml'),
  harsh: parseAugmentation(HARSH_AUGMENTATION, 'augment.yaml'),
  imagenet: parseAugmentation(IMAGENET_NORMALIZE_AUGMENTATION, 'augment.yaml'),
  flips: native([
    ['horizontal_flip', { p: 0.5 }],
    ['vertical_flip', { p: 0.5 }],
    ['grayscale', { p: 0.3 }],
    ['horizontal_flip', { p: 0.7 }],
  ]),
  mixed: native([
    ['vertical_flip', { p: 0.5 }],
    ['random_resized_crop', { scale: [0.5, 1], p: 0.8 }],
    ['contrast', { factor: 0.5, p: 0.6 }],
    ['grayscale', { p: 0.2 }],
    ['color_jitter', { saturation: 0.5, contrast: 0.3, p: 0.7 }],
    ['cutout', { holes: 2, p: 0.5 }],
    ['auto_augment', { magnitude: 9, p: 0.5 }],
    ['elastic_transform', {}],
    ['normalize', { mean: [0.5], std: [0.5] }],
  ]),
};

/** random images (seeded) of a few shapes, and adversarial ones: constant, extremes, ties, one pixel */
function images(t: Tf, n: number, h: number, w: number, seed: number): Tensor4D[] {
  const rng = createRng(seed);
  const random = new Float32Array(n * h * w * 3).map(() => rng.next());
  const levels = new Float32Array(n * h * w * 3).map(() => [0, 1, 0.5, 0.25][rng.int(4)]!);
  return [t.tensor4d(random, [n, h, w, 3]), t.tensor4d(levels, [n, h, w, 3]), t.zeros([n, h, w, 3]) as Tensor4D, t.ones([n, h, w, 3]) as Tensor4D];
}

const bits = (x: Float32Array): Uint32Array => new Uint32Array(x.buffer, x.byteOffset, x.length);

function expectSame(t: Tf, x: Tensor4D, pipeline: AugPipeline, seed: number, imageSeeds?: number[]): void {
  const before = t.memory().numTensors;
  const ours = applyPipeline(t, x, pipeline, seed, imageSeeds);
  expect(t.memory().numTensors).toBe(before + 1);
  const ref = referenceApplyPipeline(t, x, pipeline, seed, imageSeeds);
  expect(ours.images.shape).toEqual(ref.images.shape);
  expect(ours.applied).toEqual(ref.applied);
  expect(ours.notSimulated).toEqual(ref.notSimulated);
  const a = bits(ours.images.dataSync() as Float32Array);
  const b = bits(ref.images.dataSync() as Float32Array);
  let differing = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differing++;
  expect({ pipeline: pipeline.transforms.map((tr) => tr.name).join(','), differing }).toEqual({
    pipeline: pipeline.transforms.map((tr) => tr.name).join(','),
    differing: 0,
  });
  ours.images.dispose();
  ref.images.dispose();
  expect(t.memory().numTensors).toBe(before);
}

describe.each(BACKENDS)('applyPipeline on %s: the same bits as the TF.js-kernel composition', (backend) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
    await tf.ready();
  });

  it.each(SINGLE.map(([name, params], i) => [`${name} ${JSON.stringify(params)}`, name, params, i] as const))('%s', (_label, name, params, i) => {
    expect(tf.getBackend()).toBe(backend);
    const pipeline = native([[name, { ...params, p: 1 }]]);
    for (const [k, x] of images(tf, 3, 24, 20, 100 + i).entries()) {
      expectSame(tf, x, pipeline, 7 + k, [11 + k, 12, 13]);
      expectSame(tf, x, pipeline, 7 + k);
      x.dispose();
    }
  });

  it.each(Object.keys(PIPELINES))('pipeline %s, shared seed and per-image seeds, square and non-square images', (key) => {
    const pipeline = PIPELINES[key]!;
    for (const [h, w, seed] of [
      [32, 32, 1],
      [17, 40, 2],
      // the smallest the blur takes: a 1-pixel-wide image makes its 'valid' convolution empty (before and after)
      [2, 3, 3],
    ] as const) {
      for (const x of images(tf, 6, h, w, seed)) {
        expectSame(tf, x, pipeline, seed, [5, 6, 7, 8, 9, 10]);
        expectSame(tf, x, pipeline, seed + 100);
        x.dispose();
      }
    }
  });

  it('flips and grayscale copy every bit, including -0, infinities and NaN', () => {
    const special = [0, -0, 1, -1, Infinity, -Infinity, NaN, 1e-45, 3.4e38, 0.1];
    const data = new Float32Array(2 * 5 * 7 * 3).map((_, i) => special[(i * 7) % special.length]!);
    const x = tf.tensor4d(data, [2, 5, 7, 3]);
    for (const name of ['horizontal_flip', 'vertical_flip']) {
      const out = applyPipeline(tf, x, native([[name, {}]]), 1);
      const ref = referenceApplyPipeline(tf, x, native([[name, {}]]), 1);
      // Object.is: -0 is not 0, NaN is NaN
      const a = Array.from(out.images.dataSync());
      const b = Array.from(ref.images.dataSync());
      expect(a.every((v, i) => Object.is(v, b[i]))).toBe(true);
      out.images.dispose();
      ref.images.dispose();
    }
    x.dispose();
  });
});

it('a 48-image 224² batch through the demo configs on WASM: the same bits, and tf.memory() as before', async () => {
  await tf.setBackend('wasm');
  const x = tf.randomUniform([48, 224, 224, 3], 0, 1, 'float32', 3) as Tensor4D;
  const seeds = Array.from({ length: 48 }, (_, i) => 1000 + i);
  const memory = tf.memory();
  for (const key of ['gentle', 'harsh']) expectSame(tf, x, PIPELINES[key]!, 42, seeds);
  const after = tf.memory();
  expect(after.numTensors).toBe(memory.numTensors);
  expect(after.numBytes).toBe(memory.numBytes);
  x.dispose();
});
