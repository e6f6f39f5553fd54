/**
 * The evaluation step of detection datasets (labels yolo:, coco:, voc:) that needs the model: one
 * object crop per annotated image (src/data/objects.ts) embedded with the same embedder as the whole
 * images, rows aligned with those images' embeddings, for the measure stage (src/measure/objects.ts);
 * and the model's input geometry the box sizes are measured at.
 */
import type { SkippedItem } from './contracts/index.js';
import type { CollectedDataset } from './data/collect.js';
import type { PretrainedConfig } from './data/config-types.js';
import type { Item } from './data/item.js';
import { objectCrops, type ObjectCrop } from './data/objects.js';
import { builtinByName } from './embed/builtin.js';
import type { DatasetEmbeddings } from './embed/dataset.js';
import type { Embedder } from './embed/types.js';
import type { Logger } from './log.js';
import type { InputGeometry } from './measure/boxes.js';
import type { ObjectSide } from './measure/objects.js';
import type { RiskThresholds } from './risk/thresholds.js';
import { matrix, type Matrix } from './stats/matrix.js';

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

function rowsOf(m: Matrix, rows: readonly number[]): Matrix {
  const out = matrix(rows.length, m.cols);
  rows.forEach((r, i) => out.data.set(m.data.subarray(r * m.cols, (r + 1) * m.cols), i * m.cols));
  return out;
}

export interface ObjectEmbeddings {
  objects?: { base: ObjectSide; head: ObjectSide };
  /** crops that could not be made or embedded */
  failed: SkippedItem[];
}

/** Crop, embed and align the objects of both sides (images the whole-image embedding kept). */
export async function embedObjects(
  c: CollectedDataset,
  embedder: Embedder,
  embeddings: DatasetEmbeddings,
  opts: { t: RiskThresholds; seed: number; log: Logger },
): Promise<ObjectEmbeddings> {
  const failed: SkippedItem[] = [];
  const crops: Record<'base' | 'head', ObjectCrop[]> = { base: [], head: [] };
  for (const side of ['base', 'head'] as const) {
    const r = await objectCrops(embeddings[side].items, side, { seed: opts.seed, margin: opts.t.cropMargin, maxPerSide: opts.t.cropMaxPerSide });
    crops[side] = r.crops;
    failed.push(...r.failed);
  }
  const all = [...crops.base, ...crops.head];
  if (all.length === 0) return { failed };
  opts.log.info(`${c.name}: embedding ${crops.base.length} base + ${crops.head.length} head object crops`);
  const set = await embedder.embed(all.map((x) => ({ id: x.id, contentHash: x.contentHash, bytes: x.bytes })));
  const index = new Map(set.ids.map((id, i) => [id, i]));
  const reasons = new Map(set.failed.map((f) => [f.id, f.reason]));
  const vectors = matrix(set.ids.length, set.dims, set.vectors);
  const side = (s: 'base' | 'head'): ObjectSide => {
    const imageRow = new Map(embeddings[s].items.map((it, i) => [it.id, i]));
    const items: Item[] = [];
    const labels: string[] = [];
    const cropRows: number[] = [];
    const imageRows: number[] = [];
    for (const x of crops[s]) {
      const i = index.get(x.id);
      const j = imageRow.get(x.item.id);
      if (i === undefined || reasons.has(x.id) || j === undefined) {
        failed.push({ path: x.item.path, side: s, reason: `object crop not embedded: ${reasons.get(x.id) ?? 'no embedding'}` });
        continue;
      }
      items.push({ id: x.id, path: x.item.path, side: s, status: x.item.status, contentHash: x.contentHash, features: {}, bytes: x.bytes, label: x.box.label });
      labels.push(x.box.label);
      cropRows.push(i);
      imageRows.push(j);
    }
    return { crops: rowsOf(vectors, cropRows), images: rowsOf(embeddings[s].vectors, imageRows), labels, items };
  };
  return { objects: { base: side('base'), head: side('head') }, failed };
}
