import { describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { colorfulness, imageFeatures, ImageReadError, immerkaerNoise, laplacianVariance, lumaEntropy, meanSaturation } from '../../src/data/image.js';
import { gaussian, prng } from './git-helpers.js';

function raw(width: number, height: number, channels: 1 | 3, fill: (x: number, y: number, c: number) => number): Buffer {
  const b = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < channels; c++) b[(y * width + x) * channels + c] = Math.max(0, Math.min(255, Math.round(fill(x, y, c))));
  return b;
}

function png(width: number, height: number, channels: 1 | 3, fill: (x: number, y: number, c: number) => number): Promise<Buffer> {
  const img = sharp(raw(width, height, channels, fill), { raw: { width, height, channels } });
  return (channels === 1 ? img.toColourspace('b-w') : img).png().toBuffer();
}

describe('image features', () => {
  it('uniform grey: brightness = value/255, no contrast, saturation, colorfulness or entropy', async () => {
    const f = await imageFeatures(await png(64, 48, 3, () => 128));
    expect(f.width).toBe(64);
    expect(f.height).toBe(48);
    expect(f.aspect).toBeCloseTo(64 / 48, 10);
    expect(f.megapixels).toBeCloseTo((64 * 48) / 1e6, 12);
    expect(f.brightness).toBeCloseTo(128 / 255, 3);
    expect(f.contrast).toBeCloseTo(0, 6);
    expect(f.saturation).toBe(0);
    expect(f.colorfulness).toBeCloseTo(0, 6);
    expect(f.entropy).toBe(0);
    expect(f.sharpness).toBeCloseTo(0, 6);
    expect(f.noise).toBeCloseTo(0, 6);
    expect(f.format).toBe('png');
    expect(f.channels).toBe(3);
  });

  it('pure red: saturation 1 and Hasler–Süsstrunk colorfulness 0.3·|(255, 127.5)|', async () => {
    const f = await imageFeatures(await png(32, 32, 3, (_x, _y, c) => (c === 0 ? 255 : 0)));
    expect(f.saturation).toBeCloseTo(1, 6);
    expect(f.colorfulness).toBeCloseTo(0.3 * Math.hypot(255, 127.5), 3);
    expect(f.brightness).toBeCloseTo((0.299 * 255) / 255, 2);
  });

  it('half black / half white: contrast 0.5 and entropy 1 bit', async () => {
    const f = await imageFeatures(await png(64, 64, 1, (x) => (x < 32 ? 0 : 255)), { canonical: { width: 64, height: 64, resize: 'fill', kernel: 'linear' } });
    expect(f.brightness).toBeCloseTo(0.5, 3);
    expect(f.contrast).toBeCloseTo(0.5, 3);
    expect(f.entropy).toBeCloseTo(1, 6);
    expect(f.channels).toBe(1);
  });

  it('estimates additive Gaussian noise σ (Immerkær) and sharpness orders sharp > blurred', async () => {
    const rand = gaussian(prng(3));
    const native = { canonical: { width: 256, height: 256, resize: 'fill' as const, kernel: 'linear' as const } };
    const noisy = await imageFeatures(await png(256, 256, 1, () => 128 + 10 * rand()), native);
    expect(noisy.noise as number).toBeGreaterThan(9);
    expect(noisy.noise as number).toBeLessThan(11);
    // pure noise: no edges to measure, the sharpness is not measurable (NaN, reported as missing)
    expect(noisy.sharpness).toBeNaN();
    const checker = await png(128, 128, 1, (x, y) => (((x >> 2) + (y >> 2)) % 2 ? 220 : 30));
    const blurred = await sharp(checker).blur(2).png().toBuffer();
    const a = await imageFeatures(checker);
    const b = await imageFeatures(blurred);
    expect(a.sharpness as number).toBeGreaterThan(4 * (b.sharpness as number));
  });

  it('measures content at the model input size: the same picture at 4× the resolution has the same content features', async () => {
    const scene = (s: number) => (x: number, y: number, c: number) =>
      60 + 120 * (x / s) + (Math.hypot(x - s / 2, y - s / 3) < s / 5 ? 70 : 0) + (c === 0 ? 20 * Math.sin((8 * y) / s) : 0);
    const big = await sharp(raw(896, 896, 3, scene(896)), { raw: { width: 896, height: 896, channels: 3 } })
      .png()
      .toBuffer();
    const small = await sharp(big).resize(224, 224, { kernel: 'lanczos3' }).png().toBuffer();
    const a = await imageFeatures(small);
    const b = await imageFeatures(big);
    expect([a.width, b.width]).toEqual([224, 896]);
    expect(b.megapixels as number).toBeCloseTo(16 * (a.megapixels as number), 10);
    for (const k of ['brightness', 'contrast', 'saturation', 'colorfulness', 'entropy']) {
      expect({ k, d: Math.abs((a[k] as number) - (b[k] as number)) / Math.max(1e-9, Math.abs(a[k] as number)) < 0.05 }).toEqual({ k, d: true });
    }
    expect(Math.abs((a.noise as number) - (b.noise as number))).toBeLessThan(0.5);
    expect(b.bitDepth).toBe(8);
  });

  it('added noise raises the noise feature, not the sharpness (net of noise)', async () => {
    const rand = gaussian(prng(5));
    const edges = (x: number, y: number) => (((x >> 4) + (y >> 4)) % 2 ? 200 : 60);
    const clean = await imageFeatures(await png(224, 224, 1, edges));
    const noisy = await imageFeatures(await png(224, 224, 1, (x, y) => edges(x, y) + 12 * rand()));
    expect(noisy.noise as number).toBeGreaterThan(5 * (clean.noise as number) + 5);
    expect(Math.abs((noisy.sharpness as number) - (clean.sharpness as number)) / (clean.sharpness as number)).toBeLessThan(0.35);
    // darker (half the contrast) is not less sharp
    const dark = await imageFeatures(await png(224, 224, 1, (x, y) => edges(x, y) / 2));
    expect(Math.abs((dark.sharpness as number) - (clean.sharpness as number)) / (clean.sharpness as number)).toBeLessThan(0.05);
    // blurred is less sharp
    const blurred = await imageFeatures(
      await sharp(await png(224, 224, 1, edges))
        .blur(1.5)
        .png()
        .toBuffer(),
    );
    expect(blurred.sharpness as number).toBeLessThan(0.5 * (clean.sharpness as number));
  });

  it('applies EXIF orientation', async () => {
    const img = raw(40, 20, 3, (x) => (x < 20 ? 250 : 10));
    const jpeg = await sharp(img, { raw: { width: 40, height: 20, channels: 3 } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    expect((await sharp(jpeg).metadata()).orientation).toBe(6);
    const f = await imageFeatures(jpeg);
    expect(f.width).toBe(20);
    expect(f.height).toBe(40);
    expect(f.aspect).toBeCloseTo(0.5, 10);
    expect(f.format).toBe('jpeg');
  });

  it('reads JPEG, PNG, WebP, TIFF, GIF (first frame) and AVIF', async () => {
    const base = sharp(
      raw(48, 32, 3, (x, y, c) => (x * 5 + y * 3 + c * 40) % 256),
      { raw: { width: 48, height: 32, channels: 3 } },
    );
    const encoded: Record<string, Buffer> = {
      jpeg: await base.clone().jpeg().toBuffer(),
      png: await base.clone().png().toBuffer(),
      webp: await base.clone().webp().toBuffer(),
      tiff: await base.clone().tiff().toBuffer(),
      gif: await base.clone().gif().toBuffer(),
      avif: await base.clone().avif().toBuffer(),
    };
    for (const [fmt, buf] of Object.entries(encoded)) {
      const f = await imageFeatures(buf);
      expect([fmt, f.format, f.width, f.height]).toEqual([fmt, fmt, 48, 32]);
      expect(f.bytes).toBe(buf.length);
      expect(f.brightness as number).toBeGreaterThan(0.2);
    }
    // an animated GIF: the first frame is measured (black), not the second (white)
    const frames = Buffer.concat([raw(16, 16, 3, () => 0), raw(16, 16, 3, () => 255)]);
    const anim = await sharp(frames, { raw: { width: 16, height: 32, channels: 3, pageHeight: 16 } as never })
      .gif()
      .toBuffer();
    const g = await imageFeatures(anim);
    expect(g.height).toBe(16);
    expect(g.brightness as number).toBeLessThan(0.05);
  });

  it('rejects broken input with a reason', async () => {
    const jpeg = await sharp(
      raw(64, 64, 3, (x, y) => (x * y) % 256),
      { raw: { width: 64, height: 64, channels: 3 } },
    )
      .jpeg()
      .toBuffer();
    const truncated = jpeg.subarray(0, Math.floor(jpeg.length / 2));
    await expect(imageFeatures(truncated)).rejects.toThrow(ImageReadError);
    await expect(imageFeatures(truncated)).rejects.toThrow(/corrupt or truncated image|not a readable image/);
    const rand = prng(9);
    const junk = Buffer.from(Array.from({ length: 500 }, () => Math.floor(rand() * 256)));
    await expect(imageFeatures(junk)).rejects.toThrow(/^not a readable image/);
    await expect(imageFeatures(new Uint8Array(0))).rejects.toThrow('empty file');
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
    await expect(imageFeatures(svg)).rejects.toThrow('unsupported image format: svg');
  });

  it('refuses images above the pixel limit (decompression bombs)', async () => {
    const big = await png(400, 300, 1, () => 0);
    await expect(imageFeatures(big, { maxPixels: 100_000 })).rejects.toThrow(/image too large|not a readable image/);
    await expect(imageFeatures(big, { maxPixels: 120_000 })).resolves.toBeDefined();
  });
});

describe('pixel statistics', () => {
  it('Laplacian variance of a single bright pixel', () => {
    // 5×5 zeros with a 1 in the centre: interior Laplacians are -4 (centre) and 1 (4 neighbours), 4 zeros
    const luma = new Float64Array(25);
    luma[12] = 1;
    const vals = [-4, 1, 1, 1, 1, 0, 0, 0, 0];
    const mean = vals.reduce((a, b) => a + b) / 9;
    const variance = vals.reduce((a, b) => a + (b - mean) ** 2, 0) / 9;
    expect(laplacianVariance(luma, 5, 5)).toBeCloseTo(variance, 12);
  });

  it('Immerkær estimator is zero on linear ramps (the mask annihilates planes)', () => {
    const w = 20;
    const luma = Float64Array.from({ length: w * w }, (_, i) => 3 * (i % w) + 2 * Math.floor(i / w));
    expect(immerkaerNoise(luma, w, w)).toBeCloseTo(0, 10);
  });

  it('entropy of a uniform histogram over 256 levels is 8 bits', () => {
    const luma = Float64Array.from({ length: 256 * 4 }, (_, i) => i % 256);
    expect(lumaEntropy(luma)).toBeCloseTo(8, 10);
  });

  it('saturation and colorfulness of grey are zero', () => {
    const img = { width: 2, height: 1, channels: 3 as const, data: Uint8Array.from([10, 10, 10, 200, 200, 200]) };
    expect(meanSaturation(img)).toBe(0);
    expect(colorfulness(img)).toBe(0);
  });
});

describe('canonical form from the embedder', () => {
  it("parses the embedding engine's preset description (src/embed/preprocess.ts describePreset)", async () => {
    const { describePreset } = await import('../../src/embed/preprocess.js');
    const { parseImagePreprocessing } = await import('../../src/data/image.js');
    for (const p of [
      { width: 224, height: 224, resize: 'fill' as const, scale: 'unit' as const },
      { width: 299, height: 256, resize: 'cover' as const, scale: 'symmetric' as const },
      { width: 384, height: 384, resize: 'cover' as const, scale: { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] }, kernel: 'cubic' as const },
    ]) {
      expect(parseImagePreprocessing(describePreset(p))).toEqual({
        width: p.width,
        height: p.height,
        resize: p.resize,
        kernel: p.kernel ?? (p.resize === 'fill' ? 'linear' : 'lanczos3'),
      });
    }
    expect(parseImagePreprocessing('audio log-mel 16000Hz')).toBeUndefined();
  });
});
