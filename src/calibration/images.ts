/**
 * Statistical calibration of the drift rules on seeded synthetic data (no I/O): tiny grayscale
 * "part" images rendered in JS (a disc, square or ring on a shaded background with sensor noise),
 * their per-item features (brightness, contrast, sharpness, noise, entropy) and a fixed random
 * ReLU "embedding" of pixels and Laplacian. Used by `npm run bench:calibration` (≥ 200 trials per
 * test) and, small, by the jest suite.
 *
 * - false-positive rate with no shift: base and head are independent samples of the same renderer;
 * - detection rate under standard corruptions (Hendrycks & Dietterich 2019 style): gaussian noise,
 *   brightness, contrast, blur, pixelate, at three severities and several sample sizes.
 */
import type { Columns, Item } from '../data/item.js';
import type { Matrix } from '../stats/matrix.js';
import { createRng, type Rng } from '../stats/rng.js';
import { ks2samp } from '../stats/ks.js';
import { measureDuplicates } from '../measure/duplicates.js';
import { driftOptions, embeddingDrift } from '../measure/embedding.js';
import { measureFeatures } from '../measure/features.js';
import { measureLabels } from '../measure/labels.js';
import { assessEmbedding, dataDriftFinding, familyAlpha } from '../risk/data-drift.js';
import { assessDuplicates } from '../risk/duplicates.js';
import { assessLabels } from '../risk/labels.js';
import { mergeThresholds, type RiskThresholds } from '../risk/thresholds.js';

export const SIZE = 32;
export const SHIFTS = ['gaussian-noise', 'brightness', 'contrast', 'blur', 'pixelate'] as const;
export type ShiftKind = (typeof SHIFTS)[number];
export const FEATURES = ['brightness', 'contrast', 'sharpness', 'noise', 'entropy'] as const;

/** Severity 1..3 parameters of each corruption. */
export const SEVERITY: Record<ShiftKind, [number, number, number]> = {
  'gaussian-noise': [0.005, 0.01, 0.04], // added noise std (pixels in [0, 1])
  brightness: [0.97, 0.93, 0.8], // multiplicative factor
  contrast: [0.95, 0.88, 0.6], // scale about the image mean
  blur: [0.3, 0.5, 1.0], // gaussian sigma in pixels
  pixelate: [2, 3, 4], // block size
};

/** One part image; `kind` (0 disc, 1 square, 2 ring) is drawn when not given. */
export function renderPart(rng: Rng, kindOf?: number): Float64Array {
  const img = new Float64Array(SIZE * SIZE);
  const bg = 0.45 + 0.08 * rng.normal() * 0.5;
  const gx = 0.1 * (rng.next() - 0.5);
  const gy = 0.1 * (rng.next() - 0.5);
  const kind = kindOf ?? rng.int(3);
  const cx = 10 + rng.next() * 12;
  const cy = 10 + rng.next() * 12;
  const r = 5 + rng.next() * 4;
  const fg = 0.75 + 0.05 * rng.normal();
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const dx = x - cx;
      const dy = y - cy;
      const d = Math.sqrt(dx * dx + dy * dy);
      const inside = kind === 0 ? d < r : kind === 1 ? Math.abs(dx) < r * 0.85 && Math.abs(dy) < r * 0.85 : d < r && d > r * 0.5;
      let v = inside ? fg : bg + (gx * (x - 16)) / 16 + (gy * (y - 16)) / 16;
      v += 0.015 * rng.normal();
      img[y * SIZE + x] = v;
    }
  }
  return clip(img);
}

function clip(img: Float64Array): Float64Array {
  for (let i = 0; i < img.length; i++) img[i] = Math.min(1, Math.max(0, img[i]!));
  return img;
}

function gaussianBlur(img: Float64Array, sigma: number): Float64Array {
  const rad = Math.max(1, Math.ceil(3 * sigma));
  const k: number[] = [];
  let sum = 0;
  for (let i = -rad; i <= rad; i++) {
    const w = Math.exp((-i * i) / (2 * sigma * sigma));
    k.push(w);
    sum += w;
  }
  const kk = k.map((w) => w / sum);
  const tmp = new Float64Array(img.length);
  const out = new Float64Array(img.length);
  const at = (a: Float64Array, x: number, y: number) => a[Math.min(SIZE - 1, Math.max(0, y)) * SIZE + Math.min(SIZE - 1, Math.max(0, x))]!;
  for (let y = 0; y < SIZE; y++)
    for (let x = 0; x < SIZE; x++) {
      let s = 0;
      for (let i = -rad; i <= rad; i++) s += kk[i + rad]! * at(img, x + i, y);
      tmp[y * SIZE + x] = s;
    }
  for (let y = 0; y < SIZE; y++)
    for (let x = 0; x < SIZE; x++) {
      let s = 0;
      for (let i = -rad; i <= rad; i++) s += kk[i + rad]! * at(tmp, x, y + i);
      out[y * SIZE + x] = s;
    }
  return out;
}

export function applyShift(img: Float64Array, kind: ShiftKind, severity: 1 | 2 | 3, rng: Rng): Float64Array {
  const p = SEVERITY[kind][severity - 1];
  const out = Float64Array.from(img);
  switch (kind) {
    case 'gaussian-noise':
      for (let i = 0; i < out.length; i++) out[i] = out[i]! + p * rng.normal();
      return clip(out);
    case 'brightness':
      for (let i = 0; i < out.length; i++) out[i] = out[i]! * p;
      return clip(out);
    case 'contrast': {
      let m = 0;
      for (const v of out) m += v;
      m /= out.length;
      for (let i = 0; i < out.length; i++) out[i] = m + (out[i]! - m) * p;
      return clip(out);
    }
    case 'blur':
      return gaussianBlur(out, p);
    case 'pixelate': {
      for (let by = 0; by < SIZE; by += p)
        for (let bx = 0; bx < SIZE; bx += p) {
          let s = 0;
          let c = 0;
          for (let y = by; y < Math.min(SIZE, by + p); y++)
            for (let x = bx; x < Math.min(SIZE, bx + p); x++) {
              s += img[y * SIZE + x]!;
              c++;
            }
          for (let y = by; y < Math.min(SIZE, by + p); y++) for (let x = bx; x < Math.min(SIZE, bx + p); x++) out[y * SIZE + x] = s / c;
        }
      return out;
    }
  }
}

function laplacian(img: Float64Array): Float64Array {
  const out = new Float64Array(img.length);
  for (let y = 1; y < SIZE - 1; y++)
    for (let x = 1; x < SIZE - 1; x++) {
      const i = y * SIZE + x;
      out[i] = img[i - 1]! + img[i + 1]! + img[i - SIZE]! + img[i + SIZE]! - 4 * img[i]!;
    }
  return out;
}

export function imageFeatures(img: Float64Array): Record<(typeof FEATURES)[number], number> {
  const n = img.length;
  let m = 0;
  for (const v of img) m += v;
  m /= n;
  let v2 = 0;
  for (const v of img) v2 += (v - m) ** 2;
  const lap = laplacian(img);
  let lm = 0;
  let lv = 0;
  const inner = (SIZE - 2) * (SIZE - 2);
  for (let y = 1; y < SIZE - 1; y++) for (let x = 1; x < SIZE - 1; x++) lm += lap[y * SIZE + x]!;
  lm /= inner;
  for (let y = 1; y < SIZE - 1; y++) for (let x = 1; x < SIZE - 1; x++) lv += (lap[y * SIZE + x]! - lm) ** 2;
  // Immerkaer noise estimate
  let s = 0;
  for (let y = 1; y < SIZE - 1; y++)
    for (let x = 1; x < SIZE - 1; x++) {
      const i = y * SIZE + x;
      const v =
        img[i - SIZE - 1]! -
        2 * img[i - SIZE]! +
        img[i - SIZE + 1]! -
        2 * img[i - 1]! +
        4 * img[i]! -
        2 * img[i + 1]! +
        img[i + SIZE - 1]! -
        2 * img[i + SIZE]! +
        img[i + SIZE + 1]!;
      s += Math.abs(v);
    }
  const noise = (s * Math.sqrt(Math.PI / 2)) / (6 * inner);
  const hist = new Float64Array(16);
  for (const v of img) hist[Math.min(15, Math.floor(v * 16))]!++;
  let ent = 0;
  for (const h of hist) if (h > 0) ent -= (h / n) * Math.log2(h / n);
  // edge sharpness net of noise and relative to the signal variance, as src/data/image.ts (NaN when noise dominates)
  const lapVar = lv / inner;
  const noiseLap = 20 * noise * noise;
  const sharpness = noiseLap >= 0.5 * lapVar ? NaN : (lapVar - noiseLap) / Math.max(1e-12, v2 / n - noise * noise);
  return { brightness: m, contrast: Math.sqrt(v2 / n), sharpness, noise, entropy: ent };
}

/** A fixed random ReLU network: 48 units on [pixels; Laplacian], weights from a fixed seed. */
export function createEmbedder(dims = 48): (img: Float64Array) => Float64Array {
  const rng = createRng(20260127);
  const inDim = 2 * SIZE * SIZE;
  const W = new Float64Array(dims * inDim);
  for (let i = 0; i < W.length; i++) W[i] = rng.normal() / Math.sqrt(inDim);
  const b = Float64Array.from({ length: dims }, () => 0.1 * rng.normal());
  return (img) => {
    const lap = laplacian(img);
    const out = new Float64Array(dims);
    for (let u = 0; u < dims; u++) {
      let s = b[u]!;
      const o = u * inDim;
      for (let i = 0; i < SIZE * SIZE; i++) s += W[o + i]! * (img[i]! - 0.5) + 4 * W[o + SIZE * SIZE + i]! * lap[i]!;
      out[u] = Math.max(0, s);
    }
    return out;
  };
}

export interface Sample {
  columns: Columns;
  embeddings: Matrix;
  /** one item per image: the part kind as label, a unique content hash */
  items: Item[];
}

const KINDS = ['disc', 'square', 'ring'];

export function sample(n: number, rng: Rng, embed: (img: Float64Array) => Float64Array, shift?: { kind: ShiftKind; severity: 1 | 2 | 3 }): Sample {
  const columns: Columns = new Map(FEATURES.map((f) => [f, [] as number[]]));
  let emb: Matrix | undefined;
  const items: Item[] = [];
  const side = shift ? 'head' : 'base';
  for (let i = 0; i < n; i++) {
    const kind = rng.int(3);
    items.push({
      id: `${side}/${i}`,
      path: `${side}/${i}.png`,
      side,
      status: 'added',
      contentHash: `${side}-${i}-${rng.next()}`,
      label: KINDS[kind]!,
      features: {},
    });
    let img = renderPart(rng, kind);
    if (shift) img = applyShift(img, shift.kind, shift.severity, rng);
    const f = imageFeatures(img);
    for (const k of FEATURES) (columns.get(k) as number[]).push(f[k]);
    const e = embed(img);
    emb ??= { rows: n, cols: e.length, data: new Float64Array(n * e.length) };
    emb.data.set(e, i * e.length);
  }
  return { columns, embeddings: emb!, items };
}

export interface TrialOutcome {
  /** per feature: KS p < alpha (unadjusted) */
  ks: boolean[];
  /** per feature: the drift flag (BH + PSI/Wasserstein effect gate) */
  featureDrift: boolean[];
  mmd: boolean;
  classifier: boolean;
  /** the embedding-drift verdict (assessEmbedding ≥ medium) */
  embeddingVerdict: boolean;
  /** label proportions: the prior-shift rule ≥ medium */
  labelVerdict: boolean;
  /** duplicates: "the head is dominated by copies" ≥ medium */
  duplicateVerdict: boolean;
  /** the whole data-drift scenario ≥ medium */
  dataDriftVerdict: boolean;
}

export function trial(
  n: number,
  seed: number,
  t: RiskThresholds,
  embed: (img: Float64Array) => Float64Array,
  shift?: { kind: ShiftKind; severity: 1 | 2 | 3 },
): TrialOutcome {
  const rng = createRng(seed);
  const base = sample(n, rng, embed);
  const head = sample(n, rng, embed, shift);
  for (const it of head.items) it.side = 'head';
  const finite = (c: Columns, f: string) => Float64Array.from((c.get(f) as number[]).filter(Number.isFinite));
  const ks = FEATURES.map((f) => {
    const b = finite(base.columns, f);
    const h = finite(head.columns, f);
    return b.length > 0 && h.length > 0 && ks2samp(b, h).pValue < t.alpha;
  });
  const fd = measureFeatures(base.columns, head.columns, t, { modality: 'image' });
  const featureDrift = FEATURES.map((f) => fd.features.find((x) => x.name === f)!.drift);
  const emb = embeddingDrift(base.embeddings, head.embeddings, driftOptions(t, seed));
  const ea = assessEmbedding(emb, t, 'embedding');
  const count = (items: Item[]) => items.reduce<Record<string, number>>((a, it) => ((a[it.label!] = (a[it.label!] ?? 0) + 1), a), {});
  const labelDistribution = measureLabels(count(base.items), count(head.items))!;
  const duplicates = measureDuplicates(
    {
      base: base.items,
      head: head.items,
      embeddings: { base: { items: base.items, vectors: base.embeddings }, head: { items: head.items, vectors: head.embeddings } },
    },
    t,
  )!;
  const report = {
    name: 'synthetic',
    modality: 'image' as const,
    sample: { base: n, head: n },
    features: fd.features,
    embedding: emb,
    labels: { source: 'directory', base: count(base.items), head: count(head.items) },
    labelDistribution,
    duplicates,
    skipped: [],
  };
  const rctx = { pretrained: { task: 'classification', model: 'synthetic' }, target: { task: 'classification' }, t };
  const dd = dataDriftFinding({ report }, rctx);
  // the rules as the scenario applies them: each family of tests at its share of α
  const tf = { ...t, alpha: familyAlpha(report, t) };
  const labelVerdict = assessLabels(report, tf).findings.some((f) => f.score >= 1 / 3 - 1e-12);
  const duplicateVerdict = assessDuplicates(report, tf).findings.some((f) => f.score >= 1 / 3 - 1e-12);
  return {
    ks,
    featureDrift,
    mmd: emb.mmd.pValue < t.alpha,
    classifier: (emb.classifierPValue ?? 1) < t.alpha,
    embeddingVerdict: ea.score >= 1 / 3 - 1e-12,
    labelVerdict,
    duplicateVerdict,
    dataDriftVerdict: dd.score >= 1 / 3 - 1e-12,
  };
}

export interface RateRow {
  test: string;
  rate: number;
  trials: number;
}

/** False-positive rates with no shift, per test. Per-feature tests pool trials × features. */
export function falsePositiveRates(opts: { trials: number; n: number; seed?: number; thresholds?: Record<string, number> }): RateRow[] {
  const t = mergeThresholds(opts.thresholds);
  const embed = createEmbedder();
  const sums = {
    ks: 0,
    featureDrift: 0,
    anyFeatureDrift: 0,
    mmd: 0,
    classifier: 0,
    embeddingVerdict: 0,
    labelVerdict: 0,
    duplicateVerdict: 0,
    dataDriftVerdict: 0,
  };
  for (let i = 0; i < opts.trials; i++) {
    const o = trial(opts.n, (opts.seed ?? 1000) + i, t, embed);
    sums.ks += o.ks.filter(Boolean).length;
    sums.featureDrift += o.featureDrift.filter(Boolean).length;
    sums.anyFeatureDrift += o.featureDrift.some(Boolean) ? 1 : 0;
    sums.mmd += o.mmd ? 1 : 0;
    sums.classifier += o.classifier ? 1 : 0;
    sums.embeddingVerdict += o.embeddingVerdict ? 1 : 0;
    sums.labelVerdict += o.labelVerdict ? 1 : 0;
    sums.duplicateVerdict += o.duplicateVerdict ? 1 : 0;
    sums.dataDriftVerdict += o.dataDriftVerdict ? 1 : 0;
  }
  const T = opts.trials;
  const F = FEATURES.length;
  return [
    { test: 'per-feature KS (unadjusted)', rate: sums.ks / (T * F), trials: T * F },
    { test: 'per-feature drift flag (BH + PSI/W effect)', rate: sums.featureDrift / (T * F), trials: T * F },
    { test: 'any feature drifting (family-wise)', rate: sums.anyFeatureDrift / T, trials: T },
    { test: 'MMD permutation test', rate: sums.mmd / T, trials: T },
    { test: 'domain classifier (permutation null)', rate: sums.classifier / T, trials: T },
    { test: 'embedding-drift verdict ≥ medium', rate: sums.embeddingVerdict / T, trials: T },
    { test: 'labels: prior shift or new/removed classes ≥ medium', rate: sums.labelVerdict / T, trials: T },
    { test: 'duplicates: head dominated by copies ≥ medium', rate: sums.duplicateVerdict / T, trials: T },
    { test: 'data-drift scenario ≥ medium', rate: sums.dataDriftVerdict / T, trials: T },
  ];
}

export interface DetectionRow {
  shift: ShiftKind;
  severity: 1 | 2 | 3;
  n: number;
  trials: number;
  anyFeatureDrift: number;
  mmd: number;
  classifier: number;
  embeddingVerdict: number;
  dataDriftVerdict: number;
}

export function detectionRates(opts: {
  trials: number;
  sizes: number[];
  shifts?: readonly ShiftKind[];
  severities?: Array<1 | 2 | 3>;
  seed?: number;
  thresholds?: Record<string, number>;
}): DetectionRow[] {
  const t = mergeThresholds(opts.thresholds);
  const embed = createEmbedder();
  const rows: DetectionRow[] = [];
  for (const shift of opts.shifts ?? SHIFTS) {
    for (const severity of opts.severities ?? ([1, 2, 3] as const)) {
      for (const n of opts.sizes) {
        const r: DetectionRow = {
          shift,
          severity,
          n,
          trials: opts.trials,
          anyFeatureDrift: 0,
          mmd: 0,
          classifier: 0,
          embeddingVerdict: 0,
          dataDriftVerdict: 0,
        };
        for (let i = 0; i < opts.trials; i++) {
          const o = trial(n, (opts.seed ?? 5000) + i, t, embed, { kind: shift, severity });
          r.anyFeatureDrift += o.featureDrift.some(Boolean) ? 1 : 0;
          r.mmd += o.mmd ? 1 : 0;
          r.classifier += o.classifier ? 1 : 0;
          r.embeddingVerdict += o.embeddingVerdict ? 1 : 0;
          r.dataDriftVerdict += o.dataDriftVerdict ? 1 : 0;
        }
        for (const k of ['anyFeatureDrift', 'mmd', 'classifier', 'embeddingVerdict', 'dataDriftVerdict'] as const) r[k] /= opts.trials;
        rows.push(r);
      }
    }
  }
  return rows;
}
