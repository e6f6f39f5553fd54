/**
 * Calibration of the box rules (detection datasets) on seeded synthetic annotations (no I/O, no
 * pixels): images with 0–4 boxes each whose sizes, places and classes are correlated WITHIN an
 * image (one zoom factor, one region and one dominant class per image, as real photographs and
 * annotators make them). Used by `npm run bench:calibration` (≥ 200 trials per test) and, small, by
 * the jest suite.
 *
 * - false-positive rate with no shift: base and head are independent samples of the same process;
 *   the box features are tested on one box per image (src/measure/boxes.ts). For reference, the same
 *   KS test on EVERY box is reported too: with boxes of one image correlated it is liberal, which is
 *   why the rules do not use it;
 * - detection rate under box shifts: objects shrinking (side ×0.7 / ×0.5 / ×0.3) and a new class
 *   taking 5% / 15% / 30% of the head boxes.
 */
import type { CollectedDataset } from '../data/collect.js';
import { noCounts } from '../data/unreadable.js';
import type { Box } from '../data/annotations/types.js';
import type { Item } from '../data/item.js';
import { measureBoxes, type InputGeometry } from '../measure/boxes.js';
import { boxRoiFinding } from '../risk/boxes.js';
import { mergeThresholds, type RiskThresholds } from '../risk/thresholds.js';
import { ks2samp } from '../stats/ks.js';
import { createRng, type Rng } from '../stats/rng.js';

export const BOX_SHIFTS = ['shrink', 'new-class'] as const;
export type BoxShiftKind = (typeof BOX_SHIFTS)[number];
export const BOX_SEVERITY: Record<BoxShiftKind, [number, number, number]> = {
  shrink: [0.7, 0.5, 0.3], // multiplies box sides
  'new-class': [0.05, 0.15, 0.3], // share of head boxes given a new class
};

const CLASSES = ['scratch', 'dent', 'crack'];
const INPUT: InputGeometry = { width: 224, height: 224, resize: 'fill' };
const W = 640;
const H = 480;

/** One synthetic annotated image: 0–4 boxes sharing a zoom, a region and (mostly) a class. */
export function annotatedImage(rng: Rng, shift?: { kind: BoxShiftKind; severity: 1 | 2 | 3 }): Box[] {
  const count = rng.next() < 0.25 ? 0 : 1 + rng.int(4);
  const zoom = Math.exp(0.35 * rng.normal()); // image-level: camera distance
  const cx = 0.3 + 0.4 * rng.next(); // image-level: where the part sits
  const cy = 0.3 + 0.4 * rng.next();
  const main = CLASSES[rng.int(CLASSES.length)]!;
  const p = shift ? BOX_SEVERITY[shift.kind][shift.severity - 1] : 1;
  const boxes: Box[] = [];
  for (let k = 0; k < count; k++) {
    let w = Math.min(0.5, 0.06 * zoom * Math.exp(0.25 * rng.normal()));
    let h = Math.min(0.5, 0.05 * zoom * Math.exp(0.25 * rng.normal()));
    let label = rng.next() < 0.7 ? main : CLASSES[rng.int(CLASSES.length)]!;
    if (shift?.kind === 'shrink') {
      w *= p;
      h *= p;
    }
    if (shift?.kind === 'new-class' && rng.next() < p) label = 'spot';
    const x = Math.min(1 - w, Math.max(0, cx + 0.08 * rng.normal() - w / 2));
    const y = Math.min(1 - h, Math.max(0, cy + 0.08 * rng.normal() - h / 2));
    boxes.push({ label, x, y, w, h });
  }
  return boxes;
}

function side(n: number, rng: Rng, name: 'base' | 'head', shift?: { kind: BoxShiftKind; severity: 1 | 2 | 3 }): Item[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${name}-${i}`,
    path: `${name}-${i}.jpg`,
    side: name,
    status: 'added' as const,
    contentHash: `${name}-${i}`,
    features: { width: W, height: H },
    boxes: annotatedImage(rng, shift),
  }));
}

function collected(base: Item[], head: Item[]): CollectedDataset {
  const info = (items: Item[]) => ({ files: items.length, annotated: items.length, unannotated: 0, problems: 0 });
  return {
    name: 'synthetic',
    modality: 'image',
    labelSource: { kind: 'boxes', format: 'yolo', path: 'data' },
    labelsSetting: 'yolo:data',
    base,
    head,
    total: { base: base.length, head: head.length },
    changes: { added: head.length, modified: 0, deleted: 0, renamed: 0 },
    skipped: [],
    unreadable: { base: noCounts(), head: noCounts() },
    annotations: { format: 'yolo', source: 'yolo:data', base: info(base), head: info(head), classes: [...CLASSES, 'spot'], notes: [] },
  };
}

export interface BoxTrialOutcome {
  /** per box feature: its drift flag (one box per image, BH + effect gate) */
  featureDrift: boolean[];
  /** KS p < alpha on box area, one box per image (unadjusted) */
  ksOnePerImage: boolean;
  /** KS p < alpha on box area over every box (reference: not used by the rules) */
  ksEveryBox: boolean;
  /** roi-shift from the boxes ≥ medium */
  roiVerdict: boolean;
}

export function boxTrial(n: number, seed: number, t: RiskThresholds, shift?: { kind: BoxShiftKind; severity: 1 | 2 | 3 }): BoxTrialOutcome {
  const rng = createRng(seed);
  const base = side(n, rng, 'base');
  const head = side(n, rng, 'head', shift);
  const boxes = measureBoxes(collected(base, head), { input: INPUT, t, seed })!;
  const area = boxes.features.find((f) => f.name === 'box_area_share')!;
  const every = (items: Item[]) => Float64Array.from(items.flatMap((it) => it.boxes!.map((b) => b.w * b.h)));
  const finding = boxRoiFinding(
    { report: { name: 'synthetic', modality: 'image', sample: { base: n, head: n }, features: [], skipped: [], boxes } },
    { pretrained: { task: 'classification', model: 'synthetic' }, target: { task: 'detection' }, t },
  );
  return {
    featureDrift: boxes.features.map((f) => f.drift),
    ksOnePerImage: (area.metrics.ks?.pValue ?? 1) < t.alpha,
    ksEveryBox: ks2samp(every(base), every(head)).pValue < t.alpha,
    roiVerdict: (finding?.score ?? 0) >= 1 / 3 - 1e-12,
  };
}

export interface BoxRateRow {
  test: string;
  rate: number;
  trials: number;
  /** a reference row (not used by the rules): not held to the α + 0.02 bound */
  reference?: boolean;
}

/** False-positive rates of the box tests with no shift. */
export function boxFalsePositiveRates(opts: { trials: number; n: number; seed?: number; thresholds?: Record<string, number> }): BoxRateRow[] {
  const t = mergeThresholds(opts.thresholds);
  const s = { feature: 0, features: 0, any: 0, ks1: 0, ksAll: 0, roi: 0 };
  for (let i = 0; i < opts.trials; i++) {
    const o = boxTrial(opts.n, (opts.seed ?? 3000) + i, t);
    s.feature += o.featureDrift.filter(Boolean).length;
    s.features += o.featureDrift.length;
    s.any += o.featureDrift.some(Boolean) ? 1 : 0;
    s.ks1 += o.ksOnePerImage ? 1 : 0;
    s.ksAll += o.ksEveryBox ? 1 : 0;
    s.roi += o.roiVerdict ? 1 : 0;
  }
  const T = opts.trials;
  return [
    { test: 'box area KS, one box per image (unadjusted)', rate: s.ks1 / T, trials: T },
    { test: 'box feature drift flag, per feature (BH + effect)', rate: s.feature / s.features, trials: s.features },
    { test: 'box features: any drifting (family-wise)', rate: s.any / T, trials: T },
    { test: 'boxes: roi-shift ≥ medium', rate: s.roi / T, trials: T },
    { test: 'reference, not used: box area KS on every box', rate: s.ksAll / T, trials: T, reference: true },
  ];
}

export interface BoxDetectionRow {
  shift: BoxShiftKind;
  severity: 1 | 2 | 3;
  n: number;
  trials: number;
  anyFeatureDrift: number;
  roiVerdict: number;
}

export function boxDetectionRates(opts: {
  trials: number;
  sizes: number[];
  seed?: number;
  severities?: Array<1 | 2 | 3>;
  thresholds?: Record<string, number>;
}): BoxDetectionRow[] {
  const t = mergeThresholds(opts.thresholds);
  const rows: BoxDetectionRow[] = [];
  for (const kind of BOX_SHIFTS) {
    for (const severity of opts.severities ?? ([1, 2, 3] as const)) {
      for (const n of opts.sizes) {
        const r: BoxDetectionRow = { shift: kind, severity, n, trials: opts.trials, anyFeatureDrift: 0, roiVerdict: 0 };
        for (let i = 0; i < opts.trials; i++) {
          const o = boxTrial(n, (opts.seed ?? 8000) + i, t, { kind, severity });
          r.anyFeatureDrift += o.featureDrift.some(Boolean) ? 1 : 0;
          r.roiVerdict += o.roiVerdict ? 1 : 0;
        }
        r.anyFeatureDrift /= opts.trials;
        r.roiVerdict /= opts.trials;
        rows.push(r);
      }
    }
  }
  return rows;
}
