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
import { DEFAULT_CANONICAL_IMAGE, IMAGE_FEATURES_VERSION, imageFeatures, MAX_IMAGE_PIXELS } from './image.js';
const VERSION = 'v1';
export class FeatureCache {
    dir;
    root;
    constructor(dir) {
        this.dir = dir;
        this.root = path.join(dir, 'features', VERSION);
    }
    pathOf(key) {
        return path.join(this.root, key.slice(0, 2), `${key}.json`);
    }
    get(key) {
        let text;
        try {
            text = fs.readFileSync(this.pathOf(key), 'utf8');
        }
        catch {
            return undefined;
        }
        return decodeFeatures(text);
    }
    /** Store a record; failures (read-only or full disk) are reported to `onError`, never thrown. */
    put(key, rec, onError) {
        try {
            writeFileAtomic(this.pathOf(key), encodeFeatures(rec));
        }
        catch (err) {
            onError?.(err);
        }
    }
}
export function encodeFeatures(rec) {
    return JSON.stringify(rec, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? { $num: String(v) } : v));
}
const SPECIAL = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };
export function decodeFeatures(text) {
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch {
        return undefined;
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
        return undefined;
    const out = {};
    for (const [k, v] of Object.entries(parsed)) {
        if (v === null || typeof v === 'number' || typeof v === 'string')
            out[k] = v;
        else if (v && typeof v === 'object' && typeof v.$num === 'string' && Object.hasOwn(SPECIAL, v.$num)) {
            out[k] = SPECIAL[v.$num];
        }
        else
            return undefined;
    }
    return out;
}
/** The cache key of an image's features under `opts` (its form and limits) and its bytes. */
export function imageFeatureKey(bytes, opts = {}) {
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
export async function cachedImageFeatures(bytes, opts, cache, onError) {
    if (!cache)
        return imageFeatures(bytes, opts);
    const key = imageFeatureKey(bytes, opts);
    const hit = cache.get(key);
    if (hit)
        return hit;
    const rec = await imageFeatures(bytes, opts);
    cache.put(key, rec, onError);
    return rec;
}
