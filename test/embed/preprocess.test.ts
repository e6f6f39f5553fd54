import { describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import {
  affineOf,
  decodeImage,
  describePreset,
  normalizeInto,
  normalizeIntoPlanar,
  preprocessImage,
  scaleFromNormalize,
  type ImagePreset,
  type Scale,
} from '../../src/embed/preprocess.js';
import { bigPng } from '../data/git-helpers.js';
import { png } from './helpers.js';

const at = (rgb: Uint8Array, w: number, x: number, y: number): number[] => Array.from(rgb.subarray((y * w + x) * 3, (y * w + x) * 3 + 3));

describe('decodeImage', () => {
  it('a solid image decodes to that colour at the target size', async () => {
    const img = await png(50, 30, () => [10, 20, 30]);
    const rgb = await decodeImage(img, { width: 8, height: 6, resize: 'fill', scale: 'unit' });
    expect(rgb.length).toBe(8 * 6 * 3);
    for (let i = 0; i < 8 * 6; i++) expect(Array.from(rgb.subarray(i * 3, i * 3 + 3))).toEqual([10, 20, 30]);
  });

  // 40×20: columns 0–9 red, 10–29 green, 30–39 blue
  const bands = (): Promise<Uint8Array> => png(40, 20, (x) => (x < 10 ? [255, 0, 0] : x < 30 ? [0, 255, 0] : [0, 0, 255]));

  it('cover: shorter side to the target, then a centre crop (only the green middle survives)', async () => {
    const rgb = await decodeImage(await bands(), { width: 10, height: 10, resize: 'cover', scale: 'unit', kernel: 'nearest' });
    for (let y = 0; y < 10; y++) for (let x = 0; x < 10; x++) expect(at(rgb, 10, x, y)).toEqual([0, 255, 0]);
  });

  it('fill: squashes the whole image (red left, green middle, blue right)', async () => {
    const rgb = await decodeImage(await bands(), { width: 10, height: 10, resize: 'fill', scale: 'unit', kernel: 'nearest' });
    expect(at(rgb, 10, 0, 5)).toEqual([255, 0, 0]);
    expect(at(rgb, 10, 5, 5)).toEqual([0, 255, 0]);
    expect(at(rgb, 10, 9, 5)).toEqual([0, 0, 255]);
  });

  it('applies the EXIF orientation before resizing', async () => {
    // stored 20×10 with the left half red and the right half blue; orientation 6 = rotate 90° clockwise
    const raw = await png(20, 10, (x) => (x < 10 ? [255, 0, 0] : [0, 0, 255]));
    const jpeg = await sharp(raw).jpeg({ quality: 100 }).withMetadata({ orientation: 6 }).toBuffer();
    const rgb = await decodeImage(new Uint8Array(jpeg), { width: 10, height: 20, resize: 'fill', scale: 'unit', kernel: 'nearest' });
    // displayed: 10 wide × 20 tall, red on top, blue at the bottom
    const top = at(rgb, 10, 5, 2);
    const bottom = at(rgb, 10, 5, 17);
    expect(top[0]).toBeGreaterThan(200);
    expect(top[2]).toBeLessThan(60);
    expect(bottom[2]).toBeGreaterThan(200);
    expect(bottom[0]).toBeLessThan(60);
  });

  it('greyscale and RGBA inputs come out as 3-channel sRGB', async () => {
    const grey = await sharp(Buffer.alloc(16 * 16, 77), { raw: { width: 16, height: 16, channels: 1 } })
      .png()
      .toBuffer();
    const g = await decodeImage(new Uint8Array(grey), { width: 4, height: 4, resize: 'fill', scale: 'unit' });
    expect(g.length).toBe(4 * 4 * 3);
    expect(at(g, 4, 1, 1)).toEqual([77, 77, 77]);
    const rgbaRaw = Buffer.alloc(16 * 16 * 4);
    for (let i = 0; i < 256; i++) rgbaRaw.set([200, 100, 50, 128], i * 4);
    const rgba = await sharp(rgbaRaw, { raw: { width: 16, height: 16, channels: 4 } })
      .png()
      .toBuffer();
    const c = await decodeImage(new Uint8Array(rgba), { width: 4, height: 4, resize: 'fill', scale: 'unit' });
    expect(c.length).toBe(4 * 4 * 3);
    // alpha is dropped (not composited); resizing premultiplies, so allow ±1 rounding
    at(c, 4, 2, 2).forEach((v, i) => expect(Math.abs(v - [200, 100, 50][i]!)).toBeLessThanOrEqual(1));
  });

  it('rejects bytes that are not an image', async () => {
    await expect(decodeImage(new Uint8Array([1, 2, 3, 4, 5]), { width: 4, height: 4, resize: 'fill', scale: 'unit' })).rejects.toThrow();
  });
});

describe('decodeImage: the pixel limit', () => {
  it('refuses an image above MAX_IMAGE_PIXELS (100 MP) before decoding it; one at the limit decodes', async () => {
    await expect(decodeImage(bigPng(12_000, 10_000), { width: 8, height: 8, resize: 'fill', scale: 'unit' })).rejects.toThrow('exceeds pixel limit');
    const atLimit = await decodeImage(bigPng(10_000, 10_000), { width: 8, height: 8, resize: 'fill', scale: 'unit' });
    expect(atLimit.length).toBe(8 * 8 * 3);
  });
});

describe('scaling', () => {
  const px = new Uint8Array([0, 127.5, 255, 255, 0, 51].map(Math.round));

  it('unit maps 0..255 to 0..1', () => {
    const out = new Float32Array(6);
    normalizeInto(px, 'unit', out);
    const want = [0, 128 / 255, 1, 1, 0, 51 / 255];
    want.forEach((w, i) => expect(out[i]).toBeCloseTo(w, 6));
  });

  it('symmetric maps 0..255 to -1..1', () => {
    const out = new Float32Array(6);
    normalizeInto(px, 'symmetric', out);
    const want = [-1, 128 / 127.5 - 1, 1, 1, -1, 51 / 127.5 - 1];
    want.forEach((w, i) => expect(out[i]).toBeCloseTo(w, 6));
  });

  it('mean/std uses the torchvision convention (x/255 − mean) / std per channel', () => {
    const scale = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };
    const out = new Float32Array(6);
    normalizeInto(px, scale, out, 0);
    const want = [0, 128, 255, 255, 0, 51].map((v, i) => (v / 255 - scale.mean[i % 3]!) / scale.std[i % 3]!);
    want.forEach((w, i) => expect(out[i]).toBeCloseTo(w, 5));
  });

  it('every level maps to the float32 of x·a[c] + b[c], interleaved and planar (three planes), for every kind of scale', () => {
    const all = new Uint8Array(256 * 3);
    for (let v = 0; v < 256; v++) all.set([v, 255 - v, (v * 7) % 256], v * 3);
    const scales: Scale[] = [
      'unit',
      'symmetric',
      { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
      { mean: [0.5, 0.4, 0.3], std: [0.2, 0.3, 0.1], range: [-2, 3] },
    ];
    for (const scale of scales) {
      const { a, b } = affineOf(scale);
      const inter = new Float32Array(all.length);
      const planar = new Float32Array(all.length);
      normalizeInto(all, scale, inter);
      normalizeIntoPlanar(all, scale, planar);
      const want = Float32Array.from(all, (x, i) => x * a[i % 3]! + b[i % 3]!);
      expect(Array.from(inter)).toEqual(Array.from(want));
      for (let p = 0; p < 256; p++) for (let c = 0; c < 3; c++) expect(planar[c * 256 + p]).toBe(want[p * 3 + c]);
    }
  });

  it('writes at the given offset and leaves the rest alone', () => {
    const out = new Float32Array(9).fill(7);
    normalizeInto(px, 'unit', out, 3);
    expect(Array.from(out.subarray(0, 3))).toEqual([7, 7, 7]);
    expect(out[3]).toBe(0);
    expect(out[5]).toBeCloseTo(1, 6);
  });

  it('pretrained.normalize: identity and 0.5/0.5 collapse to the named presets; bad values are rejected', () => {
    expect(scaleFromNormalize({ mean: [0, 0, 0], std: [1, 1, 1] }, 'symmetric')).toBe('unit');
    expect(scaleFromNormalize({ mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] }, 'unit')).toBe('symmetric');
    expect(scaleFromNormalize(undefined, 'symmetric')).toBe('symmetric');
    expect(() => scaleFromNormalize({ mean: [0.5, 0.5], std: [0.5, 0.5] }, 'unit')).toThrow(/3 values/);
    expect(() => scaleFromNormalize({ mean: [0, 0, 0], std: [1, 0, 1] }, 'unit')).toThrow(/> 0/);
    // 0.5/0.5 is the same map as symmetric
    const a = affineOf('symmetric');
    const b = affineOf({ mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] });
    for (let c = 0; c < 3; c++) {
      expect(b.a[c]).toBeCloseTo(a.a[c]!, 12);
      expect(b.b[c]).toBeCloseTo(a.b[c]!, 12);
    }
  });

  it('preprocessImage = decode + scale', async () => {
    const img = await png(10, 10, () => [255, 0, 51]);
    const p: ImagePreset = { width: 2, height: 2, resize: 'cover', scale: 'symmetric' };
    const out = await preprocessImage(img, p);
    expect(out.length).toBe(12);
    expect(out[0]).toBeCloseTo(1, 6);
    expect(out[1]).toBeCloseTo(-1, 6);
    expect(out[2]).toBeCloseTo(51 / 127.5 - 1, 6);
  });
});

describe('describePreset', () => {
  it('names size, resize mode, kernel and scaling, and differs when any of them differs', () => {
    const base: ImagePreset = { width: 224, height: 224, resize: 'fill', scale: 'unit' };
    expect(describePreset(base)).toBe('image 224x224 fill linear [0,1]');
    const variants = [
      base,
      { ...base, width: 299, height: 299 },
      { ...base, resize: 'cover' as const },
      { ...base, scale: 'symmetric' as const },
      { ...base, scale: { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] } },
      { ...base, kernel: 'nearest' as const },
    ];
    expect(new Set(variants.map(describePreset)).size).toBe(variants.length);
  });
});
