/**
 * The fused pixel statistics (src/data/image-stats.ts) against the one-statistic-per-pass kernels they
 * replaced, kept here verbatim as the reference: the same numbers bit for bit (Object.is), on random,
 * grey, constant, two-level and ramp images of sizes 1×1, 2×2, 3×3, odd and canonical, one after
 * another with differently sized images (the scratch buffer is reused), and through the exported
 * single-statistic wrappers.
 */
import { describe, expect, it } from '@jest/globals';
import { canonicalOnlyStats, imageStats, pixelScaleStats, type RgbImage } from '../../src/data/image-stats.js';
import { colorfulness, immerkaerNoise, laplacianVariance, lumaEntropy, meanSaturation, meanStd, toLuma } from '../../src/data/image.js';
import { createRng } from '../../src/stats/rng.js';

// ---- reference: the kernels as they were before fusing ----
const ref = {
  toLuma(img: RgbImage): Float64Array {
    const n = img.width * img.height;
    const out = new Float64Array(n);
    const d = img.data;
    if (img.channels === 1) {
      for (let i = 0; i < n; i++) out[i] = d[i]!;
    } else {
      for (let i = 0; i < n; i++) out[i] = 0.299 * d[3 * i]! + 0.587 * d[3 * i + 1]! + 0.114 * d[3 * i + 2]!;
    }
    return out;
  },
  meanStd(x: Float64Array): { mean: number; std: number } {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i]!;
    const mean = s / x.length;
    let v = 0;
    for (let i = 0; i < x.length; i++) v += (x[i]! - mean) ** 2;
    return { mean, std: Math.sqrt(v / x.length) };
  },
  meanSaturation(img: RgbImage): number {
    if (img.channels === 1) return 0;
    const n = img.width * img.height;
    const d = img.data;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const r = d[3 * i]!;
      const g = d[3 * i + 1]!;
      const b = d[3 * i + 2]!;
      const mx = Math.max(r, g, b);
      if (mx > 0) s += (mx - Math.min(r, g, b)) / mx;
    }
    return s / n;
  },
  laplacianVariance(luma: Float64Array, w: number, h: number): number {
    if (w < 3 || h < 3) return 0;
    let s = 0;
    let s2 = 0;
    let n = 0;
    for (let y = 1; y < h - 1; y++) {
      for (let x = 1; x < w - 1; x++) {
        const i = y * w + x;
        const l = luma[i - w]! + luma[i + w]! + luma[i - 1]! + luma[i + 1]! - 4 * luma[i]!;
        s += l;
        s2 += l * l;
        n++;
      }
    }
    const mean = s / n;
    return s2 / n - mean * mean;
  },
  immerkaerNoise(luma: Float64Array, w: number, h: number): number {
    if (w < 3 || h < 3) return 0;
    let sum = 0;
    for (let y = 1; y < h - 1; y++) {
      for (let x = 1; x < w - 1; x++) {
        const i = y * w + x;
        const v =
          luma[i - w - 1]! -
          2 * luma[i - w]! +
          luma[i - w + 1]! -
          2 * luma[i - 1]! +
          4 * luma[i]! -
          2 * luma[i + 1]! +
          luma[i + w - 1]! -
          2 * luma[i + w]! +
          luma[i + w + 1]!;
        sum += Math.abs(v);
      }
    }
    return (Math.sqrt(Math.PI / 2) * sum) / (6 * (w - 2) * (h - 2));
  },
  colorfulness(img: RgbImage): number {
    if (img.channels === 1) return 0;
    const n = img.width * img.height;
    const d = img.data;
    let mrg = 0;
    let myb = 0;
    let srg = 0;
    let syb = 0;
    for (let i = 0; i < n; i++) {
      const r = d[3 * i]!;
      const g = d[3 * i + 1]!;
      const b = d[3 * i + 2]!;
      const rg = r - g;
      const yb = 0.5 * (r + g) - b;
      mrg += rg;
      myb += yb;
      srg += rg * rg;
      syb += yb * yb;
    }
    mrg /= n;
    myb /= n;
    const vrg = Math.max(0, srg / n - mrg * mrg);
    const vyb = Math.max(0, syb / n - myb * myb);
    return Math.sqrt(vrg + vyb) + 0.3 * Math.sqrt(mrg * mrg + myb * myb);
  },
  lumaEntropy(luma: Float64Array): number {
    const hist = new Float64Array(256);
    for (let i = 0; i < luma.length; i++) hist[Math.min(255, Math.max(0, Math.round(luma[i]!)))]!++;
    let e = 0;
    for (const c of hist) {
      if (c > 0) {
        const p = c / luma.length;
        e -= p * Math.log2(p);
      }
    }
    return e;
  },
};

type Fill = (x: number, y: number, c: number, rng: ReturnType<typeof createRng>) => number;

function image(width: number, height: number, channels: 1 | 3, fill: Fill, seed = 1): RgbImage {
  const rng = createRng(seed);
  const data = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < channels; c++) data[(y * width + x) * channels + c] = Math.max(0, Math.min(255, Math.round(fill(x, y, c, rng))));
  return { width, height, channels, data };
}

const FILLS: Record<string, Fill> = {
  random: (_x, _y, _c, rng) => rng.int(256),
  photo: (x, y, c, rng) => 127 + 80 * Math.sin((x * (1 + c)) / 7) * Math.cos(y / 5) + 20 * rng.normal(),
  constant: () => 77,
  black: () => 0,
  white: () => 255,
  twoLevel: (x, y) => ((x + y) % 2 ? 255 : 0),
  ramp: (x, y, c) => (x * 3 + y * 5 + c * 50) % 256,
  // one channel at 0 now and then: max = 0 pixels (no saturation term)
  sparse: (_x, _y, _c, rng) => (rng.next() < 0.3 ? 0 : rng.int(256)),
};

const SIZES: Array<[number, number]> = [
  [1, 1],
  [2, 2],
  [3, 3],
  [1, 7],
  [7, 1],
  [2, 9],
  [4, 3],
  [5, 7],
  [13, 11],
  [112, 112],
  [224, 224],
  [97, 223],
];

function expectSame(got: number, want: number, what: string): void {
  if (!Object.is(got, want)) throw new Error(`${what}: ${got} !== ${want}`);
}

function checkImage(img: RgbImage, label: string): void {
  const L = ref.toLuma(img);
  const ms = ref.meanStd(L);
  const want = {
    lumaMean: ms.mean,
    lumaStd: ms.std,
    saturation: ref.meanSaturation(img),
    colorfulness: ref.colorfulness(img),
    entropy: ref.lumaEntropy(L),
    laplacianVar: ref.laplacianVariance(L, img.width, img.height),
    noise: ref.immerkaerNoise(L, img.width, img.height),
  };
  const both = imageStats(img);
  const canon = canonicalOnlyStats(img);
  const pixel = pixelScaleStats(img);
  for (const [k, v] of Object.entries(both.canonical)) expectSame(v, want[k as keyof typeof want], `${label} imageStats.canonical.${k}`);
  for (const [k, v] of Object.entries(both.pixel)) expectSame(v, want[k as keyof typeof want], `${label} imageStats.pixel.${k}`);
  for (const [k, v] of Object.entries(canon)) expectSame(v, want[k as keyof typeof want], `${label} canonicalOnlyStats.${k}`);
  for (const [k, v] of Object.entries(pixel)) expectSame(v, want[k as keyof typeof want], `${label} pixelScaleStats.${k}`);
  // the exported single statistics
  const luma = toLuma(img);
  expect(luma.length).toBe(L.length);
  for (let i = 0; i < L.length; i++) expectSame(luma[i]!, L[i]!, `${label} toLuma[${i}]`);
  const ms2 = meanStd(luma);
  expectSame(ms2.mean, ms.mean, `${label} meanStd.mean`);
  expectSame(ms2.std, ms.std, `${label} meanStd.std`);
  expectSame(meanSaturation(img), want.saturation, `${label} meanSaturation`);
  expectSame(colorfulness(img), want.colorfulness, `${label} colorfulness`);
  expectSame(lumaEntropy(luma), want.entropy, `${label} lumaEntropy`);
  expectSame(laplacianVariance(luma, img.width, img.height), want.laplacianVar, `${label} laplacianVariance`);
  expectSame(immerkaerNoise(luma, img.width, img.height), want.noise, `${label} immerkaerNoise`);
}

describe('fused pixel statistics = the per-statistic kernels, bit for bit', () => {
  for (const channels of [3, 1] as const) {
    it(`${channels === 3 ? 'RGB' : 'grey'} images: every fill and size`, () => {
      let seed = 1;
      let checked = 0;
      for (const [fill, f] of Object.entries(FILLS)) {
        for (const [w, h] of SIZES) {
          checkImage(image(w, h, channels, f, seed++), `${fill} ${w}×${h}×${channels}`);
          checked++;
        }
      }
      expect(checked).toBe(Object.keys(FILLS).length * SIZES.length);
    });
  }

  it('RGB images whose channels are equal (grey content in 3 bands), and many random images in turn', () => {
    checkImage(
      image(31, 17, 3, (x, y) => (x * 7 + y * 13) % 256),
      'grey in RGB',
    );
    // alternating large and small images: the scratch buffer grows and is reused
    for (let k = 0; k < 20; k++) {
      const w = 1 + ((k * 37) % 150);
      const h = 1 + ((k * 53) % 90);
      checkImage(image(w, h, k % 3 === 0 ? 1 : 3, FILLS.random!, 100 + k), `random #${k} ${w}×${h}`);
    }
  });

  it('every rounded-luma histogram bin, including values next to .5 (Math.round per pixel)', () => {
    // all (r, g) pairs for a few blues: 65,536 distinct luma values per blue
    for (const b of [0, 1, 255])
      checkImage(
        image(256, 256, 3, (x, y, c) => (c === 0 ? x : c === 1 ? y : b)),
        `r×g, b=${b}`,
      );
  });

  it('the histogram bin (y + 0.5) | 0 is Math.round(y), clamped to 0..255, for the luma of 8-bit (r, g, b)', () => {
    // for y ≥ 0 the two differ only when y + 0.5 is inexact and rounds up to an integer, which needs
    // y in [0.25, 0.5) (below 0.5 adding 0.5 loses bits of y; above, the sum stays in y's binade or
    // crosses to a power of two it cannot pass): every pixel with luma below 1, then a sweep of the rest
    const bin = (y: number): [number, number] => [(y + 0.5) | 0, Math.min(255, Math.max(0, Math.round(y)))];
    let differ = 0;
    let checked = 0;
    const check = (r: number, g: number, b: number): void => {
      const [fast, round] = bin(0.299 * r + 0.587 * g + 0.114 * b);
      if (fast !== round) differ++;
      checked++;
    };
    for (let r = 0; r <= 3; r++) for (let g = 0; g <= 1; g++) for (let b = 0; b <= 8; b++) check(r, g, b);
    for (let b = 0; b < 256; b += 15) for (let r = 0; r < 256; r++) for (let g = 0; g < 256; g++) check(r, g, b);
    for (let v = 0; v < 256; v++) check(v, v, v);
    expect(checked).toBeGreaterThan(1_000_000);
    expect(differ).toBe(0);
    // where the shortcut would differ (y + 0.5 rounding up to 1): no 8-bit pixel has this luma
    const y = 0.5 - 2 ** -54;
    expect(bin(y)).toEqual([1, 0]);
  });

  it('a check that can fail: a one-pixel change moves the statistics', () => {
    const img = image(16, 16, 3, FILLS.photo!, 5);
    const before = imageStats(img);
    img.data[3 * 40] = img.data[3 * 40]! ^ 0x80;
    const after = imageStats(img);
    expect(after.canonical.lumaMean).not.toBe(before.canonical.lumaMean);
    expect(after.pixel.laplacianVar).not.toBe(before.pixel.laplacianVar);
  });
});
