import sharp from 'sharp';
import type { HistogramExtra, ReportExtras, ScatterExtra, ThumbnailExtra } from '../../src/report/extras.js';

/** mulberry32 + Box–Muller: deterministic test data. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  return { next, normal };
}

/** numpy-style linear-interpolated quantile of sorted values. */
function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (pos - lo);
}

/** Histogram on base deciles, a value's bin = number of edges strictly below it (DESIGN.md). */
export function decileHistogram(dataset: string, feature: string, base: number[], head: number[]): HistogramExtra {
  const sorted = [...base].sort((x, y) => x - y);
  const edges = [...new Set([1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => quantile(sorted, i / 10)))];
  const bin = (v: number) => edges.filter((e) => e < v).length;
  const count = (xs: number[]) => {
    const c = new Array(edges.length + 1).fill(0);
    for (const v of xs) c[bin(v)] += 1;
    return c;
  };
  return { dataset, feature, edges, base: count(base), head: count(head) };
}

const gauss = (r: ReturnType<typeof rng>, n: number, mean: number, std: number) => Array.from({ length: n }, () => mean + std * r.normal());

async function partImage(brightness: number, crack: boolean, seed: number): Promise<string> {
  const r = rng(seed);
  const W = 96;
  const buf = Buffer.alloc(W * W * 3);
  for (let y = 0; y < W; y++) {
    for (let x = 0; x < W; x++) {
      const d = Math.hypot(x - 48, y - 48);
      let v = d < 34 ? 0.55 : 0.25; // a round metal part on a dark belt
      if (d < 12) v = 0.12; // its bore
      if (crack && Math.abs(y - 48 - (x - 60) * 0.6) < 1.2 && x > 58 && x < 78) v = 0.05;
      v = Math.min(1, Math.max(0, v * brightness * 2 + 0.04 * r.normal()));
      const i = (y * W + x) * 3;
      buf[i] = Math.round(v * 235);
      buf[i + 1] = Math.round(v * 240);
      buf[i + 2] = Math.round(v * 255);
    }
  }
  const png = await sharp(buf, { raw: { width: W, height: W, channels: 3 } })
    .png()
    .toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}

/** Plot data matching test/fixtures/report/one-dataset.json (dataset "parts"). */
export async function partsExtras(): Promise<ReportExtras> {
  const r = rng(42);
  const histograms: HistogramExtra[] = [
    decileHistogram('parts', 'brightness', gauss(r, 500, 0.412, 0.116), gauss(r, 500, 0.571, 0.131)),
    decileHistogram('parts', 'contrast', gauss(r, 500, 0.3, 0.04), gauss(r, 500, 0.321, 0.046)),
    decileHistogram('parts', 'sharpness', gauss(r, 500, 410, 139), gauss(r, 500, 368, 128)),
    decileHistogram('parts', 'saturation', gauss(r, 500, 0.21, 0.073), gauss(r, 500, 0.214, 0.075)),
  ];
  const base: [number, number][] = Array.from({ length: 500 }, () => [3 * r.normal(), 2 * r.normal()]);
  const head: [number, number][] = Array.from({ length: 500 }, (_, i) =>
    i % 6 === 0 ? [6 + 0.8 * r.normal(), -4 + 0.8 * r.normal()] : [1.8 + 3 * r.normal(), 0.6 + 2 * r.normal()],
  );
  const scatter: ScatterExtra[] = [{ dataset: 'parts', base, head, axes: ['PC1 (21% of variance)', 'PC2 (12%)'] }];
  const thumbnails: ThumbnailExtra[] = [];
  for (let i = 0; i < 6; i++) {
    thumbnails.push({
      dataset: 'parts',
      path: `data/parts/line-3/img_${String(1100 + i * 37).padStart(5, '0')}.jpg`,
      dataUri: await partImage(0.42 + i * 0.03, i % 2 === 0, 100 + i),
      note: `kNN distance ${(3.4 - i * 0.3).toFixed(1)}× the base 95th percentile`,
    });
  }
  return { histograms, scatter, thumbnails };
}
