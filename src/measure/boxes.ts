/**
 * Box statistics of detection datasets (pure: annotations in, numbers out).
 *
 * - Per-image and per-box drift features: boxes per image, images without boxes, box area as a share
 *   of the image, box aspect (width / height in pixels), box centre x / y, box class, and the box size
 *   at the model's input. They are tested like every other feature (measureColumns: KS / chi-square,
 *   Benjamini–Hochberg, effect-size gate). Boxes of one image are not independent (one image's
 *   objects share its camera, zoom and annotator), so the per-box tests use ONE box per image, picked
 *   by a seeded hash of the image id (the same box on both sides for an unchanged image); the
 *   summaries describe every box.
 * - Scale against the model's input: each box mapped through the model's resize (`fill`: stretched
 *   to width×height; `cover`: shorter side to the input, centre crop), its size √(w·h) in input
 *   pixels, the share of small objects (size under `smallObjectPx`), quantiles and a histogram.
 */
import type { Columns, FeatureValue, Item } from '../data/item.js';
import { testedBoxIndex, type Box } from '../data/annotations/types.js';
import type { CollectedDataset } from '../data/collect.js';
import type { BoxesReport, BoxSideReport, FeatureReport, FeatureSummary } from '../contracts/index.js';
import type { RiskThresholds } from '../risk/thresholds.js';
import { quantile } from '../stats/binning.js';
import { describeCategorical, describeNumericSorted } from '../stats/describe.js';
import { measureColumns, type FeatureDriftOptions } from '../stats/feature-drift.js';

/** How the model's preprocessing maps an image onto its input. */
export interface InputGeometry {
  width: number;
  height: number;
  /** fill: stretched to width×height; cover: shorter side to the input, then centre crop */
  resize: 'fill' | 'cover';
}

export interface AnnotatedImage {
  id: string;
  /** the image's displayed size in pixels (EXIF orientation applied) */
  width: number;
  height: number;
  boxes: readonly Box[];
}

/**
 * Default small-object bound at the model's input: 16 px (√(w·h)), half the 32-pixel stride of the
 * last feature map of the usual ImageNet backbones (MobileNet, ResNet, Inception: 7×7 at 224), so a
 * small object covers under a quarter of one cell of the map the embedding is pooled from. (COCO's
 * "small", area < 32² at its ~640-pixel image scale, is about 11 px at a 224-pixel input.)
 */
export const SMALL_OBJECT_PX = 16;

export interface BoxAtInput {
  /** top-left and size in input pixels (before clipping to the input) */
  x: number;
  y: number;
  w: number;
  h: number;
  /** √(w·h) in input pixels */
  size: number;
  /** share of the box's area inside the input (below 1 when `cover` crops it) */
  visible: number;
}

/** A box (normalized to its image) in the model's input pixels. */
export function boxAtInput(box: Box, image: { width: number; height: number }, input: InputGeometry): BoxAtInput {
  let x: number, y: number, w: number, h: number;
  if (input.resize === 'fill') {
    x = box.x * input.width;
    y = box.y * input.height;
    w = box.w * input.width;
    h = box.h * input.height;
  } else {
    const s = Math.max(input.width / image.width, input.height / image.height);
    const ox = (image.width * s - input.width) / 2;
    const oy = (image.height * s - input.height) / 2;
    x = box.x * image.width * s - ox;
    y = box.y * image.height * s - oy;
    w = box.w * image.width * s;
    h = box.h * image.height * s;
  }
  const cw = Math.max(0, Math.min(input.width, x + w) - Math.max(0, x));
  const ch = Math.max(0, Math.min(input.height, y + h) - Math.max(0, y));
  const area = w * h;
  return { x, y, w, h, size: Math.sqrt(area), visible: area > 0 ? Math.min(1, (cw * ch) / area) : 0 };
}

/** Names of the box features, in report order. */
export const BOX_FEATURES = {
  perImage: ['boxes_per_image', 'image_without_boxes'],
  perBox: ['box_area_share', 'box_aspect', 'box_center_x', 'box_center_y', 'box_class', 'box_size_at_input'],
} as const;

interface BoxRow {
  box_area_share: number;
  box_aspect: number;
  box_center_x: number;
  box_center_y: number;
  box_class: string;
  box_size_at_input?: number;
}

function boxRow(b: Box, im: AnnotatedImage, input: InputGeometry | undefined): BoxRow {
  const row: BoxRow = {
    box_area_share: b.w * b.h,
    box_aspect: (b.w * im.width) / (b.h * im.height),
    box_center_x: b.x + b.w / 2,
    box_center_y: b.y + b.h / 2,
    box_class: b.label,
  };
  if (input) row.box_size_at_input = boxAtInput(b, im, input).size;
  return row;
}

/** The box each image contributes to the per-box tests (seeded; the same on both sides for the same id). */
export function testedBox(im: AnnotatedImage, seed: number): number {
  return testedBoxIndex(im.id, im.boxes.length, seed);
}

/** Feature columns of one side: per-image rows, and per-box rows from one box per image. */
export function boxColumns(images: readonly AnnotatedImage[], opts: { input?: InputGeometry; seed: number }): Columns {
  const cols: Columns = new Map<string, FeatureValue[]>();
  const push = (name: string, v: FeatureValue): void => {
    let c = cols.get(name);
    if (!c) cols.set(name, (c = []));
    c.push(v);
  };
  for (const im of images) {
    push('boxes_per_image', im.boxes.length);
    push('image_without_boxes', im.boxes.length === 0 ? 'without boxes' : 'with boxes');
  }
  for (const name of BOX_FEATURES.perBox) if (name !== 'box_size_at_input' || opts.input) cols.set(name, []);
  for (const im of images) {
    const k = testedBox(im, opts.seed);
    if (k < 0) continue;
    const row = boxRow(im.boxes[k]!, im, opts.input);
    for (const [name, v] of Object.entries(row)) push(name, v as FeatureValue);
  }
  return cols;
}

/** Every box's feature values of one side (for the summaries). */
function allBoxValues(images: readonly AnnotatedImage[], input: InputGeometry | undefined): Map<string, FeatureValue[]> {
  const out = new Map<string, FeatureValue[]>();
  for (const im of images) {
    for (const b of im.boxes) {
      for (const [name, v] of Object.entries(boxRow(b, im, input))) {
        let c = out.get(name);
        if (!c) out.set(name, (c = []));
        c.push(v as FeatureValue);
      }
    }
  }
  return out;
}

function summarize(values: FeatureValue[] | undefined, kind: 'numeric' | 'categorical'): FeatureSummary {
  if (!values?.length) return { n: 0 };
  if (kind === 'categorical') return describeCategorical(values.map(String));
  return describeNumericSorted(Float64Array.from(values as number[]).sort());
}

/**
 * Drift of the box features between base and head: tests on one box per image, summaries over every
 * box. Correction across the box features (BH by default), as for any feature family.
 */
export function boxFeatureDrift(
  base: readonly AnnotatedImage[],
  head: readonly AnnotatedImage[],
  opts: { input?: InputGeometry; seed: number } & FeatureDriftOptions,
): FeatureReport[] {
  const { input, seed, ...drift } = opts;
  const measured = measureColumns(boxColumns(base, { input, seed }), boxColumns(head, { input, seed }), drift);
  const allBase = allBoxValues(base, input);
  const allHead = allBoxValues(head, input);
  for (const f of measured.features) {
    if (!(BOX_FEATURES.perBox as readonly string[]).includes(f.name)) continue;
    f.summary = { base: summarize(allBase.get(f.name), f.kind), head: summarize(allHead.get(f.name), f.kind) };
  }
  return measured.features;
}

export interface SizeQuantiles {
  p10: number;
  median: number;
  p90: number;
}

/** One side's box figures. */
export interface BoxSideSummary {
  /** annotated images */
  images: number;
  boxes: number;
  imagesWithoutBoxes: number;
  /** boxes per class */
  classes: Record<string, number>;
  /** at the model's input (when the input geometry is known) */
  atInput?: {
    width: SizeQuantiles;
    height: SizeQuantiles;
    /** √(w·h) */
    size: SizeQuantiles;
    /** boxes under `smallObjectPx` */
    small: number;
    smallShare: number;
    /** boxes more than half cropped away by a `cover` resize */
    croppedOut: number;
  };
}

function quantiles(values: number[]): SizeQuantiles {
  const s = Float64Array.from(values).sort();
  if (s.length === 0) return { p10: NaN, median: NaN, p90: NaN };
  return { p10: quantile(s, 0.1), median: quantile(s, 0.5), p90: quantile(s, 0.9) };
}

export function boxSideSummary(images: readonly AnnotatedImage[], input: InputGeometry | undefined, smallObjectPx = SMALL_OBJECT_PX): BoxSideSummary {
  const classes: Record<string, number> = {};
  let boxes = 0;
  let empty = 0;
  const ws: number[] = [];
  const hs: number[] = [];
  const sizes: number[] = [];
  let small = 0;
  let croppedOut = 0;
  for (const im of images) {
    if (im.boxes.length === 0) empty++;
    for (const b of im.boxes) {
      boxes++;
      classes[b.label] = (classes[b.label] ?? 0) + 1;
      if (!input) continue;
      const a = boxAtInput(b, im, input);
      ws.push(a.w);
      hs.push(a.h);
      sizes.push(a.size);
      if (a.size < smallObjectPx) small++;
      if (a.visible < 0.5) croppedOut++;
    }
  }
  const out: BoxSideSummary = { images: images.length, boxes, imagesWithoutBoxes: empty, classes };
  if (input) {
    out.atInput = { width: quantiles(ws), height: quantiles(hs), size: quantiles(sizes), small, smallShare: boxes ? small / boxes : 0, croppedOut };
  }
  return out;
}

/** Histogram of box sizes at the model's input: bins doubling from 2 px ([0, 2), [2, 4), …), the last open. */
export function sizeHistogram(
  base: readonly AnnotatedImage[],
  head: readonly AnnotatedImage[],
  input: InputGeometry,
): { edges: number[]; base: number[]; head: number[] } {
  const edges = [0];
  for (let e = 2; e < Math.max(input.width, input.height); e *= 2) edges.push(e);
  const count = (images: readonly AnnotatedImage[]): number[] => {
    const c = new Array<number>(edges.length).fill(0);
    for (const im of images) {
      for (const b of im.boxes) {
        const s = boxAtInput(b, im, input).size;
        let k = edges.length - 1;
        while (k > 0 && s < edges[k]!) k--;
        c[k]!++;
      }
    }
    return c;
  };
  return { edges, base: count(base), head: count(head) };
}

/** The annotated images among a side's items (those with boxes, possibly none, and a known size). */
export function annotatedImages(items: readonly Item[]): AnnotatedImage[] {
  const out: AnnotatedImage[] = [];
  for (const it of items) {
    const w = it.features.width;
    const h = it.features.height;
    if (!it.boxes || typeof w !== 'number' || typeof h !== 'number' || !(w > 0) || !(h > 0)) continue;
    out.push({ id: it.id, width: w, height: h, boxes: it.boxes });
  }
  return out;
}

function classShares(from: Record<string, number>, absentIn: Record<string, number>, total: number): BoxesReport['newClasses'] {
  return Object.entries(from)
    .filter(([name, n]) => n > 0 && !(absentIn[name]! > 0))
    .map(([name, boxes]) => ({ name, boxes, share: total ? boxes / total : 0 }))
    .sort((a, b) => b.boxes - a.boxes || (a.name < b.name ? -1 : 1));
}

function sideReport(s: BoxSideSummary, info: { unannotated: number; problems: number; unreadable?: { images: number; of: number } }): BoxSideReport {
  const out: BoxSideReport = {
    images: s.images,
    boxes: s.boxes,
    imagesWithoutBoxes: s.imagesWithoutBoxes,
    unannotated: info.unannotated,
    malformed: info.problems,
    classes: s.classes,
  };
  const u = info.unreadable;
  if (u && u.images > 0) out.unreadable = { images: u.images, of: Math.max(u.of, u.images), share: Math.min(1, u.images / Math.max(u.of, u.images)) };
  if (s.atInput && s.boxes > 0) out.atInput = s.atInput;
  return out;
}

/**
 * The box statistics of a detection dataset (report.datasets[].boxes): per-side counts, classes and
 * sizes at the model's input, new and vanished classes, the box drift features and the size
 * histogram. Undefined for datasets without box annotations.
 */
export function measureBoxes(c: CollectedDataset, opts: { input?: InputGeometry; t: RiskThresholds; seed: number }): BoxesReport | undefined {
  const a = c.annotations;
  if (!a) return undefined;
  const px = opts.t.smallObjectPx;
  const base = annotatedImages(c.base);
  const head = annotatedImages(c.head);
  const sb = boxSideSummary(base, opts.input, px);
  const sh = boxSideSummary(head, opts.input, px);
  const out: BoxesReport = {
    format: a.format,
    source: a.source,
    smallObjectPx: px,
    base: sideReport(sb, a.base),
    head: sideReport(sh, a.head),
    newClasses: [],
    goneClasses: [],
    features: [],
  };
  if (a.classes) out.classes = a.classes;
  if (opts.input) out.input = { ...opts.input };
  if (a.notes.length) out.notes = [...a.notes];
  if (a.unreadable?.length) out.unreadable = a.unreadable.map((u) => ({ ...u }));
  if (a.error) {
    out.error = a.error;
    if (a.errorSides?.length) out.errorSides = [...a.errorSides];
    return out;
  }
  out.newClasses = classShares(sh.classes, sb.classes, sh.boxes);
  out.goneClasses = classShares(sb.classes, sh.classes, sb.boxes);
  out.features = boxFeatureDrift(base, head, { seed: opts.seed, alpha: opts.t.alpha, ...(opts.input ? { input: opts.input } : {}) });
  if (opts.input && sb.boxes + sh.boxes > 0) out.sizeHistogram = sizeHistogram(base, head, opts.input);
  return out;
}
