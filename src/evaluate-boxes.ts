/**
 * The evaluation step of detection datasets (labels yolo:, coco:, voc:), beside the whole-image one
 * in evaluate.ts: the box statistics (src/measure/boxes.ts), object crops embedded with the same
 * model (src/data/objects.ts → the embedder), their separability and drift (src/measure/objects.ts),
 * and the HTML report's box-size histogram and crops of the most atypical head objects.
 */
import sharp from 'sharp';
import type { BoxesReport, SkippedItem } from './contracts/index.js';
import type { CollectedDataset } from './data/collect.js';
import type { PretrainedConfig } from './data/config-types.js';
import { objectCrops, type ObjectCrop } from './data/objects.js';
import { builtinByName } from './embed/builtin.js';
import type { DatasetEmbeddings } from './embed/dataset.js';
import type { Embedder } from './embed/types.js';
import type { Logger } from './log.js';
import { measureBoxes, type InputGeometry } from './measure/boxes.js';
import { atypicalObjects, measureObjects, type ObjectSide } from './measure/objects.js';
import type { HistogramExtra, ThumbnailExtra } from './report/extras.js';
import type { RiskThresholds } from './risk/thresholds.js';
import { matrix, type Matrix } from './stats/matrix.js';

export interface BoxOutcome {
  boxes?: BoxesReport;
  histograms: HistogramExtra[];
  /** crops of the head objects farthest from every base object */
  objects: ThumbnailExtra[];
  /** crops that could not be made or embedded */
  failed: SkippedItem[];
}

/**
 * The model's input geometry: from the embedder's preprocessing ("image 224x224 fill …"), else the
 * built-in model's preset; undefined when unknown (box sizes are then reported relative to the image).
 */
export function modelInput(p: PretrainedConfig, embedder?: Embedder): InputGeometry | undefined {
  const m = /^image (\d+)x(\d+) (fill|cover)\b/.exec(embedder?.meta.preprocessing ?? '');
  if (m) return { width: Number(m[1]), height: Number(m[2]), resize: m[3] as 'fill' | 'cover' };
  if (!p.model.startsWith('builtin:')) return undefined;
  try {
    const preset = builtinByName(p.model.slice('builtin:'.length)).preset;
    return { width: preset.width, height: preset.height, resize: preset.resize };
  } catch {
    return undefined;
  }
}

export interface EvaluateBoxesOptions {
  embedder?: Embedder;
  embeddings?: DatasetEmbeddings;
  input?: InputGeometry;
  t: RiskThresholds;
  seed: number;
  log: Logger;
  /** atypical head objects shown in the HTML report (default 6) */
  atypical?: number;
}

function rowsOf(m: Matrix, rows: readonly number[]): Matrix {
  const out = matrix(rows.length, m.cols);
  rows.forEach((r, i) => out.data.set(m.data.subarray(r * m.cols, (r + 1) * m.cols), i * m.cols));
  return out;
}

export async function evaluateBoxes(c: CollectedDataset, opts: EvaluateBoxesOptions): Promise<BoxOutcome> {
  const out: BoxOutcome = { histograms: [], objects: [], failed: [] };
  const boxes = measureBoxes(c, { t: opts.t, seed: opts.seed, ...(opts.input ? { input: opts.input } : {}) });
  if (!boxes) return out;
  out.boxes = boxes;
  const h = boxes.sizeHistogram;
  if (h && boxes.input) {
    const top = Math.max(boxes.input.width, boxes.input.height, h.edges[h.edges.length - 1]! * 2);
    out.histograms.push({ dataset: c.name, feature: `box size √(w·h) at the ${boxes.input.width}×${boxes.input.height} input (px)`, edges: [...h.edges, top], base: h.base, head: h.head });
  }
  const { embedder, embeddings } = opts;
  if (boxes.error || !embedder || !embeddings) return out;

  const crops: Record<'base' | 'head', ObjectCrop[]> = { base: [], head: [] };
  for (const side of ['base', 'head'] as const) {
    const r = await objectCrops(embeddings[side].items, side, { seed: opts.seed, margin: opts.t.cropMargin, maxPerSide: opts.t.cropMaxPerSide });
    crops[side] = r.crops;
    out.failed.push(...r.failed);
  }
  const all = [...crops.base, ...crops.head];
  if (all.length === 0) return out;
  opts.log.info(`${c.name}: embedding ${crops.base.length} base + ${crops.head.length} head object crops`);
  const set = await embedder.embed(all.map((x) => ({ id: x.id, contentHash: x.contentHash, bytes: x.bytes })));
  const index = new Map(set.ids.map((id, i) => [id, i]));
  const reasons = new Map(set.failed.map((f) => [f.id, f.reason]));
  const vectors = matrix(set.ids.length, set.dims, set.vectors);
  const sides: Partial<Record<'base' | 'head', ObjectSide & { kept: ObjectCrop[] }>> = {};
  for (const side of ['base', 'head'] as const) {
    const imageRow = new Map(embeddings[side].items.map((it, i) => [it.id, i]));
    const kept: ObjectCrop[] = [];
    const cropRows: number[] = [];
    const imageRows: number[] = [];
    for (const x of crops[side]) {
      const i = index.get(x.id);
      const j = imageRow.get(x.item.id);
      if (i === undefined || reasons.has(x.id) || j === undefined) {
        out.failed.push({ path: x.item.path, side, reason: `object crop not embedded: ${reasons.get(x.id) ?? 'no embedding'}` });
        continue;
      }
      kept.push(x);
      cropRows.push(i);
      imageRows.push(j);
    }
    sides[side] = { crops: rowsOf(vectors, cropRows), images: rowsOf(embeddings[side].vectors, imageRows), labels: kept.map((x) => x.box.label), kept };
  }
  const b = sides.base!;
  const hd = sides.head!;
  boxes.objects = measureObjects(b, hd, opts.t, opts.seed);
  for (const a of atypicalObjects(b.crops, hd.crops, opts.atypical ?? 6)) {
    const x = hd.kept[a.index]!;
    try {
      const jpg = await sharp(Buffer.from(x.bytes.buffer, x.bytes.byteOffset, x.bytes.byteLength)).resize(128, 128, { fit: 'cover' }).jpeg({ quality: 80 }).toBuffer();
      out.objects.push({
        dataset: c.name,
        path: x.item.path,
        dataUri: `data:image/jpeg;base64,${jpg.toString('base64')}`,
        note: `${x.box.label} box: nearest base object at distance ${a.distance.toFixed(2)}${Number.isFinite(a.ratio) ? ` (${a.ratio.toFixed(1)}× the base 95th percentile)` : ''}`,
      });
    } catch {
      // a crop that cannot be thumbnailed is not shown
    }
  }
  return out;
}
