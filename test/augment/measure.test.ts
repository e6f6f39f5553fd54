/**
 * measureAugmentation's image handling: the central region whose features are compared is cut from the
 * pixels, not from their PNG (the same PNG bytes), sharp calls run a few at a time (results in input
 * order: the same measurement as one at a time), the pixels are handed to an embedder that decodes to
 * their size (the same pixels as decoding their PNGs), and no tensor outlives a measurement, failed or not.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { measureAugmentation } from '../../src/augment/measure.js';
import { decodedForm, releaseDecoded, takeDecoded } from '../../src/data/decoded.js';
import type { CanonicalImage } from '../../src/data/image.js';
import { decodeImage } from '../../src/embed/preprocess.js';
import type { EmbedInput } from '../../src/embed/types.js';
import { parseAugmentation } from '../../src/augment/parse.js';
import { createRng } from '../../src/stats/rng.js';
import { bigPng } from '../data/git-helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const pipeline = (yaml: string) => parseAugmentation(yaml, 'aug.yaml');

function pixels(size: number, seed: number, kind: 'noise' | 'smooth' | 'flat'): Uint8Array {
  const rng = createRng(seed);
  const rgb = new Uint8Array(size * size * 3);
  for (let i = 0; i < rgb.length; i++) {
    const x = Math.floor(i / 3) % size;
    rgb[i] = kind === 'noise' ? rng.int(256) : kind === 'smooth' ? Math.round(((x + (i % 3) * 40) * 255) / (size + 80)) : 200;
  }
  return rgb;
}

const raw = (rgb: Uint8Array, size: number) => sharp(Buffer.from(rgb), { raw: { width: size, height: size, channels: 3 } });

describe('the region whose features are measured', () => {
  it('cut from the pixels is the same PNG as cut from the PNG of the image', async () => {
    for (const size of [224, 33, 8]) {
      const inset = Math.floor(size * 0.15);
      const region = { left: inset, top: inset, width: size - 2 * inset, height: size - 2 * inset };
      for (const [seed, kind] of [
        [1, 'noise'],
        [2, 'smooth'],
        [3, 'flat'],
      ] as const) {
        const rgb = pixels(size, seed, kind);
        const image = await raw(rgb, size).png({ compressionLevel: 1 }).toBuffer();
        const before = await sharp(image).extract(region).png({ compressionLevel: 1 }).toBuffer();
        const now = await raw(rgb, size).extract(region).png({ compressionLevel: 1 }).toBuffer();
        expect(now.equals(before)).toBe(true);
      }
    }
  });
});

async function photos(n: number): Promise<Array<{ id: string; bytes: Uint8Array }>> {
  return Promise.all(
    Array.from({ length: n }, async (_, i) => ({
      id: `img${i}.png`,
      bytes: new Uint8Array(
        await raw(pixels(40, i, i % 3 ? 'smooth' : 'noise'), 40)
          .png()
          .toBuffer(),
      ),
    })),
  );
}

describe('measureAugmentation', () => {
  it('gives the same measurement each time, images in the same order, with broken images skipped in place', async () => {
    const images = await photos(9);
    images.splice(4, 0, { id: 'broken.png', bytes: new Uint8Array([137, 80, 78, 71, 1, 2, 3]) });
    const p = pipeline(
      'transforms:\n  - {name: horizontal_flip, p: 0.5}\n  - {name: rotate, degrees: 10}\n  - {name: color_jitter, brightness: 0.3, contrast: 0.3}\n',
    );
    const seen: string[][] = [];
    const embed = async (inputs: Array<{ id: string }>) => {
      seen.push(inputs.map((x) => x.id));
      const dims = 2;
      return { ids: inputs.map((x) => x.id), dims, vectors: new Float32Array(inputs.length * dims).map((_, k) => (k * 7919) % 13), failed: [] };
    };
    const a = await measureAugmentation({ tf, pipeline: p, images, size: 24, seed: 3, embed });
    const b = await measureAugmentation({ tf, pipeline: p, images, size: 24, seed: 3, embed });
    expect(a).toEqual(b);
    expect(a.items).toBe(9);
    expect(a.examples.map((e) => e.id)).toEqual(['img0.png', 'img1.png', 'img2.png', 'img3.png']);
    const ids = images.filter((x) => x.id !== 'broken.png').map((x) => x.id);
    expect(seen[0]).toEqual(ids.flatMap((id) => [`clean:${id}`, `aug:${id}`]));
  });

  it('an image above MAX_IMAGE_PIXELS (100 MP) is not decoded: it is left out like a broken one', async () => {
    const images = [{ id: 'huge.png', bytes: new Uint8Array(bigPng(12_000, 10_000)) }, ...(await photos(2))];
    const seen: string[] = [];
    const embed = async (inputs: Array<{ id: string }>) => {
      seen.push(...inputs.map((x) => x.id));
      return { ids: inputs.map((x) => x.id), dims: 2, vectors: new Float32Array(inputs.length * 2).map((_, k) => k % 5), failed: [] };
    };
    const r = await measureAugmentation({ tf, pipeline: pipeline('transforms:\n  - {name: grayscale}\n'), images, size: 16, embed });
    expect(r.items).toBe(2);
    expect(seen.some((id) => id.includes('huge.png'))).toBe(false);
  });

  it('leaves no tensor behind, also when the pipeline fails', async () => {
    const images = await photos(3);
    await measureAugmentation({ tf, pipeline: pipeline('transforms:\n  - {name: grayscale}\n'), images, size: 16 });
    const before = tf.memory().numTensors;
    await measureAugmentation({ tf, pipeline: pipeline('transforms:\n  - {name: contrast}\n  - {name: vertical_flip}\n'), images, size: 16 });
    expect(tf.memory().numTensors).toBe(before);
    // a 1-pixel image is too small for the blur's convolution: the engine error propagates, the batch is released
    await expect(measureAugmentation({ tf, pipeline: pipeline('transforms:\n  - {name: gaussian_blur, sigma: 2}\n'), images, size: 1 })).rejects.toThrow();
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each([
    ['fill', 'linear'],
    ['fill', 'nearest'],
    ['cover', 'lanczos3'],
    ['cover', 'cubic'],
  ] as const)('keeps the clean and augmented pixels for an embedder decoding %s %s to their size: what decoding their PNGs gives', async (resize, kernel) => {
    releaseDecoded();
    const images = await photos(5);
    const p = pipeline('transforms:\n  - {name: rotate, degrees: 20}\n  - {name: gaussian_noise, std: 0.2}\n  - {name: color_jitter, saturation: 0.8}\n');
    const size = 24;
    const form: CanonicalImage = { width: size, height: size, resize, kernel };
    let compared = 0;
    const embed = async (inputs: EmbedInput[]) => {
      for (const x of inputs) {
        const kept = takeDecoded(x.bytes!, decodedForm(size, size, resize, kernel));
        expect(kept).toBeDefined();
        // nothing kept any more: decoded from the PNG
        const decoded = await decodeImage(x.bytes!, { width: size, height: size, resize, kernel, scale: 'unit' });
        expect(Buffer.from(decoded).equals(Buffer.from(kept!))).toBe(true);
        compared++;
      }
      return { ids: inputs.map((x) => x.id), dims: 1, vectors: new Float32Array(inputs.length).map((_, k) => k % 3), failed: [] };
    };
    const withForm = await measureAugmentation({ tf, pipeline: p, images, size, seed: 9, embed, embedForm: form });
    expect(compared).toBe(10);
    // another size: nothing is kept
    const other = await measureAugmentation({
      tf,
      pipeline: p,
      images,
      size,
      seed: 9,
      embedForm: { ...form, width: 32, height: 32 },
      embed: async (inputs: EmbedInput[]) => {
        for (const x of inputs) expect(takeDecoded(x.bytes!, decodedForm(32, 32, resize, kernel))).toBeUndefined();
        return { ids: inputs.map((x) => x.id), dims: 1, vectors: new Float32Array(inputs.length).map((_, k) => k % 3), failed: [] };
      },
    });
    expect(other).toEqual(withForm);
    releaseDecoded();
  });
});
