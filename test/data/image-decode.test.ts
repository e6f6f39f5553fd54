/**
 * Content features of images no larger than the canonical form (src/data/image.ts): such an image is
 * decoded once and, when it is a plain 8-bit sRGB raster, its canonical form is resized from the decoded
 * pixels. Checked here against the features computed from the two decodes of the file itself (the
 * canonical resize and the native pixel scale), for JPEG, PNG and WebP, several sizes and content, and
 * for images outside the plain case (grey, alpha, EXIF-rotated, ICC profile) that keep the file route.
 */
import { describe, expect, it } from '@jest/globals';
import sharp, { type Sharp } from 'sharp';
import {
  colorfulness,
  imageContentFeatures,
  imageFeatures,
  immerkaerNoise,
  laplacianVariance,
  lumaEntropy,
  meanSaturation,
  meanStd,
  netSharpness,
  toLuma,
  type RgbImage,
} from '../../src/data/image.js';
import { createRng } from '../../src/stats/rng.js';
import { decodedForm, releaseDecoded, takeDecoded } from '../../src/data/decoded.js';
import { decodeImage, type ImagePreset } from '../../src/embed/preprocess.js';

const C = { width: 224, height: 224 };

async function rawOf(pipeline: Sharp): Promise<RgbImage> {
  const { data, info } = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  expect([1, 3]).toContain(info.channels);
  return { width: info.width, height: info.height, channels: info.channels as 1 | 3, data: new Uint8Array(data) };
}

/** The features from two decodes of the file: canonical (224×224 fill, linear) and the native pixel scale. */
async function reference(bytes: Buffer, w: number, h: number): Promise<Record<string, number>> {
  const oriented = () => sharp(bytes, { failOn: 'warning', pages: 1, page: 0 }).rotate().toColourspace('srgb').removeAlpha();
  const img = await rawOf(oriented().resize(C.width, C.height, { fit: 'fill', position: 'centre', kernel: 'linear' }));
  const px = w < C.width || h < C.height ? await rawOf(oriented().resize(Math.min(w, C.width), Math.min(h, C.height), { fit: 'fill', kernel: 'linear' })) : img;
  const luma = toLuma(img);
  const ls = meanStd(luma);
  const pl = toLuma(px);
  const noise = immerkaerNoise(pl, px.width, px.height);
  const ps = meanStd(pl);
  return {
    brightness: ls.mean / 255,
    contrast: ls.std / 255,
    saturation: meanSaturation(img),
    sharpness: netSharpness(laplacianVariance(pl, px.width, px.height), noise, ps.std * ps.std),
    noise,
    colorfulness: colorfulness(img),
    entropy: lumaEntropy(luma),
  };
}

function photo(w: number, h: number, seed: number, channels: 3 | 4 = 3): Buffer {
  const rng = createRng(seed);
  const raw = Buffer.alloc(w * h * channels);
  const fx = 1 + 8 * rng.next();
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * channels;
      const v = 127 + 80 * Math.sin((x * fx) / 17) * Math.cos(y / 9);
      raw[i] = Math.max(0, Math.min(255, v + 25 * rng.normal()));
      raw[i + 1] = Math.max(0, Math.min(255, 255 - v + 10 * rng.normal()));
      raw[i + 2] = Math.max(0, Math.min(255, (x * 255) / w));
      if (channels === 4) raw[i + 3] = 128 + ((x + y) % 128);
    }
  }
  return raw;
}

describe('image content features of small images (decoded once)', () => {
  it('JPEG, PNG and WebP of sizes up to the canonical form: the same features as from two decodes of the file', async () => {
    const cases: Array<[number, number, 'jpeg' | 'png' | 'webp']> = [
      [112, 112, 'jpeg'],
      [100, 150, 'jpeg'],
      [224, 100, 'jpeg'],
      [223, 224, 'png'],
      [50, 31, 'png'],
      [112, 112, 'webp'],
      [7, 5, 'jpeg'],
    ];
    let seed = 1;
    for (const [w, h, format] of cases) {
      const s = sharp(photo(w, h, seed++), { raw: { width: w, height: h, channels: 3 } });
      const bytes = await (format === 'jpeg' ? s.jpeg({ quality: 85 }) : format === 'png' ? s.png() : s.webp({ quality: 80 })).toBuffer();
      const meta = await sharp(bytes).metadata();
      expect(meta.channels).toBe(3);
      const want = await reference(bytes, w, h);
      expect(await imageContentFeatures(new Uint8Array(bytes))).toEqual(want);
      const all = await imageFeatures(new Uint8Array(bytes));
      for (const [k, v] of Object.entries(want)) expect(all[k]).toEqual(v);
    }
  });

  it('grey, alpha, EXIF-rotated and ICC-tagged images: the same features as from two decodes of the file', async () => {
    const base = photo(96, 64, 9);
    const rgba = photo(96, 64, 10, 4);
    const inputs: Array<[Buffer, number, number]> = [
      [
        await sharp(base, { raw: { width: 96, height: 64, channels: 3 } })
          .toColourspace('b-w')
          .jpeg()
          .toBuffer(),
        96,
        64,
      ],
      [
        await sharp(rgba, { raw: { width: 96, height: 64, channels: 4 } })
          .png()
          .toBuffer(),
        96,
        64,
      ],
      [
        await sharp(base, { raw: { width: 96, height: 64, channels: 3 } })
          .jpeg()
          .withMetadata({ orientation: 6 })
          .toBuffer(),
        64,
        96,
      ],
      [
        await sharp(base, { raw: { width: 96, height: 64, channels: 3 } })
          .jpeg()
          .withIccProfile('p3')
          .toBuffer(),
        96,
        64,
      ],
    ];
    for (const [bytes, w, h] of inputs) {
      const m = await sharp(bytes).metadata();
      // none of these is a plain 3-band sRGB raster without profile or orientation
      expect(m.channels !== 3 || m.hasAlpha || m.hasProfile || (m.orientation ?? 1) !== 1).toBe(true);
      const want = await reference(bytes, w, h);
      expect(await imageContentFeatures(new Uint8Array(bytes))).toEqual(want);
      const all = await imageFeatures(new Uint8Array(bytes));
      expect([all.width, all.height]).toEqual([w, h]);
      for (const [k, v] of Object.entries(want)) expect(all[k]).toEqual(v);
    }
  });
});

describe('decoded once for features and embedding (src/data/decoded.ts)', () => {
  const preset: ImagePreset = { width: 224, height: 224, resize: 'fill', scale: 'unit' };

  it('the embedder gets the pixels the features were measured on: the same as its own decode; taken once; another form is not used', async () => {
    const cases: Array<[number, number, 'jpeg' | 'png' | 'webp']> = [
      [112, 112, 'jpeg'],
      [320, 240, 'jpeg'],
      [7, 5, 'jpeg'],
      [224, 100, 'jpeg'],
      [300, 100, 'jpeg'],
      [50, 31, 'png'],
      [112, 112, 'webp'],
    ];
    for (const [w, h, format] of cases) {
      const s = sharp(photo(w, h, 21), { raw: { width: w, height: h, channels: 3 } });
      const bytes = new Uint8Array(await (format === 'jpeg' ? s.jpeg() : format === 'png' ? s.png() : s.webp({ quality: 80 })).toBuffer());
      const fresh = await decodeImage(Uint8Array.from(bytes), preset);
      await imageFeatures(bytes);
      const kept = takeDecoded(bytes, decodedForm(224, 224, 'fill', 'linear'));
      expect(kept).toBeDefined();
      expect(Buffer.compare(Buffer.from(kept!), Buffer.from(fresh))).toBe(0);
      expect(takeDecoded(bytes, decodedForm(224, 224, 'fill', 'linear'))).toBeUndefined();
      await imageFeatures(bytes);
      expect(Buffer.compare(Buffer.from(await decodeImage(bytes, preset)), Buffer.from(fresh))).toBe(0);
      await imageFeatures(bytes);
      expect(takeDecoded(bytes, decodedForm(224, 224, 'cover', 'lanczos3'))).toBeUndefined();
      expect(takeDecoded(bytes, decodedForm(224, 224, 'fill', 'linear'))).toBeUndefined();
    }
  });

  it('a grey image is kept as 3 bands, as the embedder decodes it; releaseDecoded drops what is kept', async () => {
    const bytes = new Uint8Array(
      await sharp(photo(64, 48, 22), { raw: { width: 64, height: 48, channels: 3 } })
        .toColourspace('b-w')
        .png()
        .toBuffer(),
    );
    const fresh = await decodeImage(Uint8Array.from(bytes), preset);
    await imageFeatures(bytes);
    expect(Buffer.compare(Buffer.from(await decodeImage(bytes, preset)), Buffer.from(fresh))).toBe(0);
    await imageFeatures(bytes);
    releaseDecoded();
    expect(takeDecoded(bytes, decodedForm(224, 224, 'fill', 'linear'))).toBeUndefined();
  });
});
