/**
 * Embeds a dataset's sampled items on both sides with one embedder and returns row-aligned matrices
 * (float64, for the statistics) together with the items that made it and those that did not.
 */
import type { Item } from '../data/item.js';
import type { Side, SkippedItem } from '../contracts/index.js';
import { matrix, type Matrix } from '../stats/matrix.js';
import type { EmbedInput, Embedder, EmbeddingSet } from './types.js';

export interface SideEmbeddings {
  items: Item[];
  vectors: Matrix;
  probs?: Matrix;
}

export interface DatasetEmbeddings {
  base: SideEmbeddings;
  head: SideEmbeddings;
  failed: SkippedItem[];
}

export function embedInput(item: Item): EmbedInput {
  return { id: `${item.side}:${item.id}`, contentHash: item.contentHash, bytes: item.bytes, text: item.text };
}

function sideRows(set: EmbeddingSet, items: Item[], side: Side, failed: SkippedItem[]): SideEmbeddings {
  const index = new Map(set.ids.map((id, i) => [id, i]));
  const reasons = new Map(set.failed.map((f) => [f.id, f.reason]));
  const kept: Item[] = [];
  const rows: number[] = [];
  for (const it of items) {
    const id = `${side}:${it.id}`;
    const i = index.get(id);
    if (i === undefined || reasons.has(id)) {
      failed.push({ path: it.path, side, reason: `not embedded: ${reasons.get(id) ?? 'no embedding'}` });
      continue;
    }
    kept.push(it);
    rows.push(i);
  }
  const vectors = matrix(kept.length, set.dims);
  rows.forEach((i, r) => {
    for (let j = 0; j < set.dims; j++) vectors.data[r * set.dims + j] = set.vectors[i * set.dims + j]!;
  });
  let probs: Matrix | undefined;
  if (set.probs && set.classes) {
    const c = set.classes;
    probs = matrix(kept.length, c);
    rows.forEach((i, r) => {
      for (let j = 0; j < c; j++) probs!.data[r * c + j] = set.probs![i * c + j]!;
    });
  }
  return { items: kept, vectors, probs };
}

export async function embedDataset(embedder: Embedder, base: Item[], head: Item[]): Promise<DatasetEmbeddings> {
  const set = await embedder.embed([...base.map(embedInput), ...head.map(embedInput)]);
  const failed: SkippedItem[] = [];
  return { base: sideRows(set, base, 'base', failed), head: sideRows(set, head, 'head', failed), failed };
}
