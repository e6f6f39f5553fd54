/**
 * Object-level embeddings (pure): crops around the boxes, embedded with the same model as the whole
 * images. Each annotated image contributes ONE crop, around the same seeded box its per-box drift
 * features use (crops of one image share its part, light and camera: several per image would leak
 * between the probe's folds and break the permutation tests' exchangeability).
 *
 * - separability of the box classes on crops vs on the whole images (the same images, labelled by
 *   the cropped box's class): kNN probe lift and LogME, each beside shuffled labels, per side;
 * - object-level drift: MMD and a domain classifier between base and head crops (the embedding-drift
 *   tests, pooled PCA);
 * - the head objects farthest from every base object (for the HTML report).
 */
import type { ObjectsReport, SideTransferability } from '../contracts/index.js';
import type { Item } from '../data/item.js';
import type { RiskThresholds } from '../risk/thresholds.js';
import { quantile } from '../stats/binning.js';
import type { Matrix } from '../stats/matrix.js';
import { NearestIndex } from '../stats/nearest.js';
import { driftOptions, embeddingDrift } from './embedding.js';
import { sideTransferability } from './transferability.js';

export interface ObjectSide {
  /** crop embeddings, one row per annotated image with boxes */
  crops: Matrix;
  /** the same images' whole-image embeddings, rows aligned with `crops` */
  images: Matrix;
  /** the cropped box's class, per row */
  labels: string[];
  /** per row: the crop as an item (the image's path, the crop's bytes), for the HTML report's thumbnails */
  items?: Item[];
}

/**
 * Separability of `labels` in `features` (src/measure/transferability.ts: kNN probe lift and LogME /
 * H-score, each beside shuffled labels; never LEEP/NCE: the model's classifier head is not about
 * the box classes). A reason string when it cannot be probed.
 */
export function separabilityScore(features: Matrix, labels: readonly string[], t: RiskThresholds, seed: number): SideTransferability | string {
  const r = sideTransferability({ features, labels: [...labels] }, t, seed, { classifierHead: false });
  return r.result ?? r.note ?? 'not scored';
}

/** Object-level separability and drift of both sides' crops. */
export function measureObjects(base: ObjectSide, head: ObjectSide, t: RiskThresholds, seed: number): ObjectsReport {
  const notes: string[] = [];
  const out: ObjectsReport = { crops: { base: base.crops.rows, head: head.crops.rows }, margin: t.cropMargin, separability: {} };
  for (const [side, s, offset] of [
    ['base', base, 11],
    ['head', head, 13],
  ] as const) {
    const crops = separabilityScore(s.crops, s.labels, t, seed + offset);
    const images = separabilityScore(s.images, s.labels, t, seed + offset);
    const entry: NonNullable<ObjectsReport['separability']['base']> = {};
    if (typeof crops === 'string') notes.push(`${side} object classes not probed: ${crops}`);
    else entry.crops = crops;
    if (typeof images !== 'string') entry.images = images;
    out.separability[side] = entry;
  }
  if (base.crops.rows >= t.minItemsForTests && head.crops.rows >= t.minItemsForTests) {
    const d = embeddingDrift(base.crops, head.crops, driftOptions(t, seed + 17));
    out.drift = { mmd: d.mmd, classifierAuc: d.classifierAuc, classifierPValue: d.classifierPValue ?? 1 };
  } else {
    notes.push(`object drift not tested: ${base.crops.rows} base and ${head.crops.rows} head crops (at least ${t.minItemsForTests} each)`);
  }
  if (notes.length) out.notes = notes;
  return out;
}

export interface AtypicalObject {
  /** head row */
  index: number;
  /** distance to the nearest base crop */
  distance: number;
  /** distance / base's own 95th-percentile nearest-neighbour distance */
  ratio: number;
}

/** The `top` head crops farthest from every base crop, farthest first. */
export function atypicalObjects(base: Matrix, head: Matrix, top: number): AtypicalObject[] {
  if (base.rows < 2 || head.rows < 1) return [];
  // exact nearest-neighbour distances (src/stats/nearest.ts: the plain double loop's sums, pruned by bounds)
  const index = new NearestIndex(base, [head]);
  const p95 = quantile(index.nearestSq(base, true).map(Math.sqrt).sort(), 0.95);
  const dist = index.nearestSq(head).map(Math.sqrt);
  return Array.from(dist.keys())
    .sort((a, b) => dist[b]! - dist[a]! || a - b)
    .slice(0, top)
    .map((index) => ({ index, distance: dist[index]!, ratio: p95 > 0 ? dist[index]! / p95 : NaN }));
}
