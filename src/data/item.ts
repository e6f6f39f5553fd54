/** One sampled item (a file, or a row of a table) with its per-item features. */
import type { Side } from '../contracts/index.js';
import type { Box } from './annotations/types.js';

export type FeatureValue = number | string | null;
export type ItemStatus = 'added' | 'modified' | 'unchanged' | 'renamed' | 'deleted';

export interface Item {
  /** stable id: the path for files, `path#row` for table rows */
  id: string;
  path: string;
  side: Side;
  /** how the item changed between base and head (head side: added/modified/renamed/unchanged) */
  status: ItemStatus;
  /** content identity: git blob sha for files, a hash of the row for table rows */
  contentHash: string;
  label?: string;
  features: Record<string, FeatureValue>;
  /** raw bytes for embedding (images, audio); released after embedding */
  bytes?: Uint8Array;
  /** text content for text datasets */
  text?: string;
  /** `text` is the start of a longer file (MAX_TEXT_BYTES, src/data/text.ts) */
  textTruncated?: true;
  /**
   * object boxes of an image in a detection dataset (labels yolo:/coco:/voc:); [] = annotated, no
   * objects; undefined = no annotation refers to the image
   */
  boxes?: Box[];
}

/** Named columns of feature values, one entry per item, in item order. */
export type Columns = Map<string, FeatureValue[]>;

export function toColumns(items: readonly Item[]): Columns {
  const names = new Set<string>();
  for (const it of items) for (const k of Object.keys(it.features)) names.add(k);
  const cols: Columns = new Map();
  for (const name of names)
    cols.set(
      name,
      items.map((it) => it.features[name] ?? null),
    );
  return cols;
}
