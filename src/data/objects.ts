/**
 * Which objects get embedded, and their crops: one box per annotated image (the same seeded box its
 * per-box drift features use, testedBoxIndex), at most `maxPerSide` images per side (a seeded
 * bottom-k on the image id, coordinated between the sides), each cut out with a context margin
 * (src/data/crops.ts). The crop's content identity is its image's blob and region, so the embedding
 * cache serves unchanged objects.
 */
import type { Side, SkippedItem } from '../contracts/index.js';
import { errorMessage } from '../errors.js';
import { testedBoxIndex, type Box } from './annotations/types.js';
import { cropObjects } from './crops.js';
import type { Item } from './item.js';
import { BottomK } from './sample.js';

export interface ObjectCrop {
  /** the image the crop comes from */
  item: Item;
  box: Box;
  /** embedding input id, unique across both sides */
  id: string;
  contentHash: string;
  bytes: Uint8Array;
}

export interface ObjectCropOptions {
  seed: number;
  /** context margin on each side of the box, as a share of its longer side */
  margin: number;
  maxPerSide: number;
  /** crops in flight (default 3) */
  concurrency?: number;
}

/** The crops of one side; images that cannot be cropped are reported, not fatal. */
export async function objectCrops(items: readonly Item[], side: Side, opts: ObjectCropOptions): Promise<{ crops: ObjectCrop[]; failed: SkippedItem[] }> {
  const pick = new BottomK<Item>(opts.maxPerSide, opts.seed + 29);
  for (const it of items) if (it.boxes && it.boxes.length > 0 && it.bytes) pick.add(it.id, it);
  const chosen = pick.values().sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const results: Array<ObjectCrop | SkippedItem> = new Array(chosen.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < chosen.length) {
      const i = next++;
      const it = chosen[i]!;
      const k = testedBoxIndex(it.id, it.boxes!.length, opts.seed);
      const box = it.boxes![k]!;
      try {
        const [c] = await cropObjects(it.bytes!, [box], { margin: opts.margin });
        const r = c!.region;
        results[i] = {
          item: it,
          box,
          id: `${side}:crop:${it.id}`,
          contentHash: `${it.contentHash}:crop:${r.left},${r.top},${r.width},${r.height}`,
          bytes: c!.bytes,
        };
      } catch (e) {
        results[i] = { path: it.path, side, reason: `object crop failed: ${errorMessage(e)}` };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 3, chosen.length)) }, worker));
  const crops: ObjectCrop[] = [];
  const failed: SkippedItem[] = [];
  for (const r of results) {
    if ('bytes' in r) crops.push(r);
    else failed.push(r);
  }
  return { crops, failed };
}
