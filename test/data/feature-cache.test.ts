import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { cachedImageFeatures, decodeFeatures, encodeFeatures, FeatureCache, imageFeatureKey } from '../../src/data/feature-cache.js';
import { collectDataset } from '../../src/data/collect.js';
import { GitRepo } from '../../src/data/git.js';
import { IMAGE_FEATURES_VERSION, imageFeatures } from '../../src/data/image.js';
import { makeRepo, prng } from './git-helpers.js';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'tr-featcache-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A deterministic PNG: a gradient with seeded noise (PNG is lossless, so its pixels are the same everywhere). */
async function noisyPng(width: number, height: number, seed: number, channels: 1 | 3 = 3, noise = 40, blocks = false): Promise<Buffer> {
  const rnd = prng(seed);
  const raw = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        const v = 40 + (150 * x) / width + (30 * y) / height + 25 * c + (blocks && ((x >> 3) + (y >> 3)) % 2 ? 50 : 0) + (rnd() - 0.5) * noise;
        raw[(y * width + x) * channels + c] = Math.max(0, Math.min(255, Math.round(v)));
      }
    }
  }
  return sharp(raw, { raw: { width, height, channels } }).png().toBuffer();
}

describe('feature records on disk', () => {
  it('round-trip numbers exactly, NaN and infinities included, and strings and nulls', () => {
    const rec = { a: 0.1 + 0.2, b: NaN, c: -Infinity, d: Infinity, e: 'jpeg', f: null, g: -0, h: 5e-324 };
    const back = decodeFeatures(encodeFeatures(rec))!;
    expect(back.a).toBe(rec.a);
    expect(Number.isNaN(back.b)).toBe(true);
    expect(back.c).toBe(-Infinity);
    expect(back.d).toBe(Infinity);
    expect(back.e).toBe('jpeg');
    expect(back.f).toBeNull();
    expect(back.h).toBe(5e-324);
  });

  it('a corrupt, truncated or mistyped file is a miss', () => {
    expect(decodeFeatures('{"a":1')).toBeUndefined();
    expect(decodeFeatures('[1,2]')).toBeUndefined();
    expect(decodeFeatures('null')).toBeUndefined();
    expect(decodeFeatures('{"a":{"b":1}}')).toBeUndefined();
    expect(decodeFeatures('{"a":{"$num":"1e9"}}')).toBeUndefined();
    expect(decodeFeatures('{"a":{"$num":"toString"}}')).toBeUndefined(); // not an own name of the special numbers
    expect(decodeFeatures('{"a":[1]}')).toBeUndefined();
    const dir = tmp();
    const cache = new FeatureCache(dir);
    const key = 'ab'.repeat(32);
    cache.put(key, { x: 1 });
    expect(cache.get(key)).toEqual({ x: 1 });
    writeFileSync(cache.pathOf(key), '{"x":');
    expect(cache.get(key)).toBeUndefined();
  });

  it('keys differ by bytes, canonical form and pixel limit', async () => {
    const a = await noisyPng(20, 10, 1);
    const b = await noisyPng(20, 10, 2);
    const k = imageFeatureKey(a);
    expect(imageFeatureKey(Uint8Array.from(a))).toBe(k);
    expect(imageFeatureKey(b)).not.toBe(k);
    expect(imageFeatureKey(a, { canonical: { width: 224, height: 224, resize: 'cover', kernel: 'lanczos3' } })).not.toBe(k);
    expect(imageFeatureKey(a, { canonical: { width: 224, height: 224, resize: 'fill', kernel: 'linear' } })).toBe(k); // the default form
    expect(imageFeatureKey(a, { maxPixels: 1000 })).not.toBe(k);
  });
});

describe('cachedImageFeatures', () => {
  it('measures on a miss, stores the record, and reads it back on a hit without decoding', async () => {
    const dir = tmp();
    const cache = new FeatureCache(dir);
    const png = await noisyPng(40, 30, 3);
    const first = await cachedImageFeatures(png, {}, cache);
    expect(first).toEqual(await imageFeatures(png));
    const key = imageFeatureKey(png);
    expect(cache.get(key)).toEqual(first);
    // a doctored entry is what a hit returns: the image was not measured again
    cache.put(key, { ...first, brightness: 0.123456789 });
    expect((await cachedImageFeatures(png, {}, cache)).brightness).toBe(0.123456789);
    // without a cache the image is measured
    expect((await cachedImageFeatures(png, {}, undefined)).brightness).toBe(first.brightness);
  });

  it('does not cache unreadable images: they fail on every run', async () => {
    const dir = tmp();
    const cache = new FeatureCache(dir);
    const junk = Buffer.from('not an image at all');
    await expect(cachedImageFeatures(junk, {}, cache)).rejects.toThrow(/not a readable image/);
    await expect(cachedImageFeatures(junk, {}, cache)).rejects.toThrow(/not a readable image/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a cache that cannot be written reports once per put and still returns the features', async () => {
    const dir = tmp();
    const cache = new FeatureCache(join(dir, 'file'));
    writeFileSync(join(dir, 'file'), 'a file where the cache folder should be');
    const errors: unknown[] = [];
    const png = await noisyPng(12, 12, 4);
    const rec = await cachedImageFeatures(png, {}, cache, (e) => errors.push(e));
    expect(rec).toEqual(await imageFeatures(png));
    expect(errors).toHaveLength(1);
  });
});

describe(`image features version ${IMAGE_FEATURES_VERSION}`, () => {
  // Cached features of one version are read by every later run of that version: when these values move,
  // change IMAGE_FEATURES_VERSION (src/data/image.ts) and then these values.
  it('the pinned values of this version', async () => {
    const cases = [
      await imageFeatures(await noisyPng(40, 30, 11)), // smaller than the canonical 224×224
      await imageFeatures(await noisyPng(300, 200, 12)), // larger in one dimension
      await imageFeatures(await noisyPng(64, 48, 13, 1)), // grey
      await imageFeatures(await noisyPng(96, 80, 14, 3, 4, true)), // edges a little noise does not hide: a sharpness
      await imageFeatures(await noisyPng(400, 360, 15, 3, 4, true)), // larger than the canonical form both ways
    ];
    const pick = (r: Record<string, unknown>) =>
      Object.fromEntries(['brightness', 'contrast', 'saturation', 'sharpness', 'noise', 'colorfulness', 'entropy'].map((k) => [k, r[k]]));
    expect(IMAGE_FEATURES_VERSION).toBe(1);
    const pinned = PINNED_V1;
    cases.forEach((c, i) => {
      const got = pick(c);
      for (const [k, v] of Object.entries(pinned[i]!)) {
        if (Number.isNaN(v)) expect(got[k]).toBeNaN();
        else expect(Math.abs((got[k] as number) - v)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(v)));
      }
    });
  });
});

const PINNED_V1: Record<string, number>[] = [
  {
    brightness: 0.5784147931047435,
    contrast: 0.1741193324123349,
    saturation: 0.3006377815304913,
    sharpness: NaN,
    noise: 7.427556171183936,
    colorfulness: 27.995435682220524,
    entropy: 7.370486737244266,
  },
  {
    brightness: 0.5865345688275324,
    contrast: 0.17341952887774892,
    saturation: 0.2961198214256531,
    sharpness: NaN,
    noise: 4.47673702017133,
    colorfulness: 23.379464080557668,
    entropy: 7.378243314400915,
  },
  {
    brightness: 0.5013110713035214,
    contrast: 0.17582340328005874,
    saturation: 0,
    sharpness: NaN,
    noise: 11.232513015835655,
    colorfulness: 0,
    entropy: 7.406189164949382,
  },
  {
    brightness: 0.678164391850496,
    contrast: 0.18844388610665894,
    saturation: 0.24952875710726918,
    sharpness: 0.5394221962494843,
    noise: 1.8138899958644819,
    colorfulness: 22.228005096703637,
    entropy: 7.470620859955575,
  },
  {
    brightness: 0.6815838129783096,
    contrast: 0.1834844926087366,
    saturation: 0.2464072131715518,
    sharpness: 0.370849949837606,
    noise: 1.8520333807565446,
    colorfulness: 21.78364356435266,
    entropy: 7.459211699738965,
  },
];

describe('collectDataset with a feature cache', () => {
  it('a second collection reads every image from the cache and gives the same items', async () => {
    const r = makeRepo();
    try {
      for (let i = 0; i < 6; i++) r.write(`data/a/${i}.png`, await noisyPng(24, 24, 100 + i));
      const base = r.commit('base');
      for (let i = 0; i < 6; i++) r.write(`data/a/${i}.png`, await noisyPng(24, 24, 200 + i));
      const head = r.commit('head');
      const dir = tmp();
      class Counting extends FeatureCache {
        hits = 0;
        override get(key: string) {
          const v = super.get(key);
          if (v) this.hits++;
          return v;
        }
      }
      const run = async (cache: Counting) => {
        const repo = await GitRepo.open(r.dir);
        const blobs = repo.blobReader();
        try {
          return await collectDataset({
            repo,
            blobs,
            dataset: { name: 'd', paths: ['data/**'], modality: 'auto', labels: 'none' },
            base,
            head,
            changed: await repo.changedPaths(base, head),
            sampleSize: 0,
            seed: 1,
            featureCache: cache,
          });
        } finally {
          await blobs.close();
        }
      };
      const c1 = new Counting(dir);
      const cold = await run(c1);
      expect(c1.hits).toBe(0);
      const c2 = new Counting(dir);
      const warm = await run(c2);
      expect(c2.hits).toBe(12);
      expect(warm.base.map((it) => it.features)).toEqual(cold.base.map((it) => it.features));
      expect(warm.head.map((it) => it.features)).toEqual(cold.head.map((it) => it.features));
    } finally {
      r.cleanup();
    }
  });
});
