/**
 * Content-addressed cache of image features on disk, beside the embedding cache (src/embed/cache.ts):
 * a warm run (the same pull request again, or a base that earlier runs have seen) reads an image's
 * features instead of decoding it.
 *
 * key = sha256(format version, feature version, canonical form, pixel limit, sha256 of the file's bytes).
 * One small JSON file per image at `<dir>/features/v1/<key[0..2]>/<key>.json`, written to a unique temp
 * file and renamed into place (concurrent writers never expose a partial file). Numbers that JSON cannot
 * hold (NaN: a sharpness that cannot be measured) are written as {"$num":"NaN"}. A corrupt, short or
 * mistyped file is a miss. Only readable images are cached: an unreadable one is read again (and reported
 * again) on every run.
 *
 * `IMAGE_FEATURES_VERSION` (src/data/image.ts) names the feature code: it changes whenever a feature's
 * value would, so entries of older code are never read (test/data/feature-cache.test.ts pins the values of
 * the current version on fixed images and fails when they move without it).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../atomic-file.js';
import { DEFAULT_CANONICAL_IMAGE, IMAGE_FEATURES_VERSION, imageFeatures, MAX_IMAGE_PIXELS, type ImageOptions } from './image.js';
import type { FeatureValue } from './item.js';

const VERSION = 'v1';

export type FeatureRecord = Record<string, FeatureValue>;

export class FeatureCache {
  readonly root: string;

  constructor(readonly dir: string) {
    this.root = path.join(dir, 'features', VERSION);
  }

  pathOf(key: string): string {
    return path.join(this.root, key.slice(0, 2), `${key}.json`);
  }

  get(key: string): FeatureRecord | undefined {
    let text: string;
    try {
      text = fs.readFileSync(this.pathOf(key), 'utf8');
    } catch {
      return undefined;
    }
    return decodeFeatures(text);
  }

  /** Store a record; failures (read-only or full disk) are reported to `onError`, never thrown. */
  put(key: string, rec: FeatureRecord, onError?: (err: unknown) => void): void {
    try {
      writeFileAtomic(this.pathOf(key), encodeFeatures(rec));
    } catch (err) {
      onError?.(err);
    }
  }
}

export function encodeFeatures(rec: FeatureRecord): string {
  return JSON.stringify(rec, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? { $num: String(v) } : v));
}

const SPECIAL: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

export function decodeFeatures(text: string): FeatureRecord | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const out: FeatureRecord = {};
  for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
    if (v === null || typeof v === 'number' || typeof v === 'string') out[k] = v;
    else if (v && typeof v === 'object' && typeof (v as { $num?: unknown }).$num === 'string' && Object.hasOwn(SPECIAL, (v as { $num: string }).$num)) {
      out[k] = SPECIAL[(v as { $num: string }).$num]!;
    } else return undefined;
  }
  return out;
}

/** The cache key of an image's features under `opts` (its form and limits) and its bytes. */
export function imageFeatureKey(bytes: Uint8Array, opts: ImageOptions = {}): string {
  const c = opts.canonical ?? DEFAULT_CANONICAL_IMAGE;
  const content = createHash('sha256').update(bytes).digest('hex');
  const form = `${c.width}x${c.height} ${c.resize} ${c.kernel}`;
  return createHash('sha256')
    .update(JSON.stringify([VERSION, 'image', IMAGE_FEATURES_VERSION, form, opts.maxPixels ?? MAX_IMAGE_PIXELS, content]))
    .digest('hex');
}

/**
 * `imageFeatures(bytes, opts)` through `cache`: a hit returns the stored record (the image is not decoded),
 * a miss measures the image and stores what it measured. Unreadable images throw as `imageFeatures` does.
 */
export async function cachedImageFeatures(
  bytes: Uint8Array,
  opts: ImageOptions,
  cache: FeatureCache | undefined,
  onError?: (err: unknown) => void,
): Promise<FeatureRecord> {
  if (!cache) return imageFeatures(bytes, opts);
  const key = imageFeatureKey(bytes, opts);
  const hit = cache.get(key);
  if (hit) return hit;
  const rec = await imageFeatures(bytes, opts);
  cache.put(key, rec, onError);
  return rec;
}
