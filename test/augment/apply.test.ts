import { beforeAll, describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { applyPipeline } from '../../src/augment/apply.js';
import { measureAugmentation } from '../../src/augment/measure.js';
import { parseAugmentation } from '../../src/augment/parse.js';
import type { EmbedInput, EmbeddingSet } from '../../src/embed/types.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** a horizontal gradient image [1, 4, 6, 3]: value = column / 5 in every channel */
function gradient(): tf.Tensor4D {
  const h = 4;
  const w = 6;
  const data: number[] = [];
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.push(x / 5, x / 5, x / 5);
  return tf.tensor4d(data, [1, h, w, 3]);
}

const pipeline = (yaml: string) => parseAugmentation(yaml, 'aug.yaml');

describe('applyPipeline', () => {
  it('flips horizontally and vertically', async () => {
    const img = gradient();
    const out = applyPipeline(tf, img, pipeline('transforms:\n  - {name: horizontal_flip, p: 1}\n'), 1);
    const v = (await out.images.array())[0]!;
    expect(v[0]![0]![0]).toBeCloseTo(1, 6);
    expect(v[0]![5]![0]).toBeCloseTo(0, 6);
    expect(out.applied).toEqual(['horizontal_flip']);
    const none = applyPipeline(tf, img, pipeline('transforms:\n  - {name: horizontal_flip, p: 0}\n'), 1);
    expect((await none.images.array())[0]![0]![0]![0]).toBeCloseTo(0, 6);
  });

  it('colour jitter brightness scales pixels within the factor range and clips to [0, 1]', async () => {
    const img = tf.fill([1, 2, 2, 3], 0.5) as tf.Tensor4D;
    const out = applyPipeline(tf, img, pipeline('transforms:\n  - {name: color_jitter, brightness: [1.6, 1.6]}\n'), 3);
    const v = await out.images.data();
    for (const x of v) expect(x).toBeCloseTo(0.8, 5);
    const bright = applyPipeline(tf, img, pipeline('transforms:\n  - {name: color_jitter, brightness: [3, 3]}\n'), 3);
    for (const x of await bright.images.data()) expect(x).toBeCloseTo(1, 6);
  });

  it('gaussian noise has the configured standard deviation, blur removes it again', async () => {
    const img = tf.fill([1, 64, 64, 3], 0.5) as tf.Tensor4D;
    const noisy = applyPipeline(tf, img, pipeline('transforms:\n  - {name: gaussian_noise, std: 0.1}\n'), 7);
    const v = Array.from(await noisy.images.data());
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
    expect(sd).toBeGreaterThan(0.09);
    expect(sd).toBeLessThan(0.11);
    const blurred = applyPipeline(tf, noisy.images, pipeline('transforms:\n  - {name: gaussian_blur, sigma: 2}\n'), 7);
    const b = Array.from(await blurred.images.data()).slice(20 * 64 * 3, 40 * 64 * 3);
    const bm = b.reduce((a, x) => a + x, 0) / b.length;
    const bsd = Math.sqrt(b.reduce((a, x) => a + (x - bm) ** 2, 0) / b.length);
    expect(bsd).toBeLessThan(sd / 3);
  });

  it('grayscale makes channels equal; the same seed gives the same result', async () => {
    const img = tf.randomUniform([2, 8, 8, 3], 0, 1, 'float32', 5) as tf.Tensor4D;
    const g = await applyPipeline(tf, img, pipeline('transforms:\n  - {name: grayscale}\n'), 1).images.array();
    expect(g[0]![3]![4]![0]).toBeCloseTo(g[0]![3]![4]![2]!, 6);
    const p = pipeline('transforms:\n  - {name: rotate, degrees: 30}\n  - {name: color_jitter, brightness: 0.5, hue: 0.2}\n  - {name: cutout, holes: 2}\n');
    const a1 = await applyPipeline(tf, img, p, 11).images.data();
    const a2 = await applyPipeline(tf, img, p, 11).images.data();
    const a3 = await applyPipeline(tf, img, p, 12).images.data();
    expect(Array.from(a1)).toEqual(Array.from(a2));
    expect(Array.from(a1)).not.toEqual(Array.from(a3));
  });

  it('with per-image seeds, adding an image does not change how the others are augmented', async () => {
    const a = tf.randomUniform([3, 8, 8, 3], 0, 1, 'float32', 9) as tf.Tensor4D;
    const p = pipeline('transforms:\n  - {name: color_jitter, brightness: 0.5}\n  - {name: gaussian_noise, std: 0.1}\n');
    const three = await applyPipeline(tf, a, p, 1, [11, 12, 13]).images.array();
    const extra = tf.concat([tf.randomUniform([1, 8, 8, 3], 0, 1, 'float32', 4), a]) as tf.Tensor4D;
    const four = await applyPipeline(tf, extra, p, 1, [99, 11, 12, 13]).images.array();
    expect(four.slice(1)).toEqual(three);
    const shared = await applyPipeline(tf, extra, p, 1).images.array();
    expect(shared.slice(1)).not.toEqual(three);
  });

  it('does not leak tensors', () => {
    const img = tf.randomUniform([2, 16, 16, 3]) as tf.Tensor4D;
    const p = pipeline('transforms:\n  - {name: rotate, degrees: 10}\n  - {name: gaussian_blur, sigma: 1}\n  - {name: gaussian_noise, std: 0.1}\n');
    applyPipeline(tf, img, p, 1).images.dispose();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) applyPipeline(tf, img, p, i).images.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('lists transforms it cannot simulate', () => {
    const out = applyPipeline(tf, gradient(), pipeline('transforms:\n  - {name: elastic_transform}\n  - {name: normalize, mean: [0.5], std: [0.5]}\n'), 1);
    expect(out.notSimulated).toEqual(['elastic_transform']);
  });
});

async function photo(seed: number): Promise<Uint8Array> {
  const w = 48;
  const raw = Buffer.alloc(w * w * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (Math.sin(i * 0.01 + seed) * 0.3 + 0.5) * 255 + ((i * 7919 + seed) % 13);
  return new Uint8Array(
    await sharp(raw, { raw: { width: w, height: w, channels: 3 } })
      .png()
      .toBuffer(),
  );
}

/** a deterministic stand-in embedder: the mean colour and the luma std of each image, as a 4-d vector */
async function colourEmbed(inputs: EmbedInput[]): Promise<EmbeddingSet> {
  const dims = 4;
  const vectors = new Float32Array(inputs.length * dims);
  for (let i = 0; i < inputs.length; i++) {
    const { data } = await sharp(Buffer.from(inputs[i]!.bytes!)).raw().toBuffer({ resolveWithObject: true });
    let r = 0,
      g = 0,
      b = 0,
      l2 = 0;
    const n = data.length / 3;
    for (let k = 0; k < n; k++) {
      r += data[3 * k]!;
      g += data[3 * k + 1]!;
      b += data[3 * k + 2]!;
      l2 += ((data[3 * k]! + data[3 * k + 1]! + data[3 * k + 2]!) / 3) ** 2;
    }
    const m = (r + g + b) / (3 * n);
    vectors.set([r / n / 255, g / n / 255, b / n / 255, Math.sqrt(Math.max(0, l2 / n - m * m)) / 255], i * dims);
  }
  return { ids: inputs.map((x) => x.id), dims, vectors, failed: [] };
}

describe('measureAugmentation', () => {
  it('harsh augmentation drifts features and embeddings far more than gentle augmentation', async () => {
    const images = await Promise.all(Array.from({ length: 24 }, async (_, i) => ({ id: `img${i}.png`, bytes: await photo(i) })));
    const gentle = await measureAugmentation({
      tf,
      pipeline: pipeline('transforms:\n  - {name: horizontal_flip, p: 0.5}\n'),
      images,
      size: 32,
      seed: 1,
      embed: colourEmbed,
    });
    const harsh = await measureAugmentation({
      tf,
      pipeline: pipeline(
        'transforms:\n  - {name: color_jitter, brightness: 0.8, contrast: 0.8, saturation: 0.9}\n  - {name: gaussian_noise, std: 0.25}\n  - {name: gaussian_blur, sigma: 2}\n',
      ),
      images,
      size: 32,
      seed: 1,
      embed: colourEmbed,
    });
    expect(gentle.items).toBe(24);
    expect(harsh.features!.maxPsi).toBeGreaterThan(1);
    expect(gentle.features!.maxPsi).toBeLessThan(0.3);
    expect(harsh.features!.drifting.map((d) => d.name)).toContain('noise');
    expect(harsh.embedding!.meanCosineDistance!).toBeGreaterThan(5 * gentle.embedding!.meanCosineDistance!);
    expect(harsh.applied.sort()).toEqual(['color_jitter', 'gaussian_blur', 'gaussian_noise']);
    expect(harsh.examples).toHaveLength(4);
  });

  it('skips undecodable images instead of failing', async () => {
    const r = await measureAugmentation({
      tf,
      pipeline: pipeline('transforms:\n  - {name: grayscale}\n'),
      images: [{ id: 'bad.png', bytes: new Uint8Array([1, 2, 3]) }],
      size: 16,
    });
    expect(r.items).toBe(0);
  });
});
