/**
 * COCO detection annotations (`instances_*.json`): `images` (id, file_name, width, height),
 * `annotations` (image_id, category_id, bbox = [x, y, width, height] in pixels, iscrowd) and
 * `categories` (id, name). Crowd annotations (iscrowd = 1) are left out, as COCO's evaluation does.
 * A malformed entry makes its image a problem (`file:line: reason`) and the rest is still read; a
 * file that is not COCO at all is an InputError. Size and entry counts are bounded by the caller's
 * limits before parsing.
 */
import { MAX_JSON_DEPTH, scanJson } from '../json-depth.js';
import { posix } from 'node:path';
import { boundName } from '../../contracts/index.js';
import { InputError } from '../../errors.js';
import { jsonErrorOffset, lineAt, locateElements, linesOf } from './json-locate.js';
import { checkPixelBox, DEFAULT_ANNOTATION_LIMITS, type AnnotationLimits, type Box, type ImageAnnotation } from './types.js';

export interface CocoImage {
  id: string;
  /** file_name as written, with / separators */
  fileName: string;
  width: number;
  height: number;
  boxes: Box[];
  /** the first problem found with the image's entry or its annotations (`file:line: reason`) */
  problem?: string;
}

export interface CocoIndex {
  file: string;
  categories: Map<string, string>;
  images: CocoImage[];
  /** annotations whose image_id is not in images */
  orphans: number;
  crowd: number;
}

interface Problem {
  key: 'images' | 'annotations';
  index: number;
  image: CocoImage;
  reason: string;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const MAX_LOCATED = 10_000;

/**
 * JSON objects and arrays a COCO file may hold per allowed entry, counted before JSON.parse builds them: an
 * image or a category is one or two, an annotation four or five (object, bbox, segmentation polygons or RLE),
 * and at the default 64 MiB a real file holds far fewer than 2 M annotations (each is ~100 bytes), so
 * 4 × maxCocoEntries (8 M by default) refuses only files of tiny junk containers. Plus 64 for the document
 * itself (top object, its arrays, info, licenses).
 */
export const COCO_CONTAINERS_PER_ENTRY = 4;

/** The most objects and arrays a COCO file may hold when it may have `maxEntries` entries. */
export function cocoContainerLimit(maxEntries: number): number {
  return COCO_CONTAINERS_PER_ENTRY * maxEntries + 64;
}

export function parseCoco(file: string, data: Uint8Array, limits: Partial<AnnotationLimits> = {}): CocoIndex {
  const lim = { ...DEFAULT_ANNOTATION_LIMITS, ...limits };
  if (data.length > lim.maxCocoBytes) throw new InputError(file, `COCO file too large (${mib(data.length)} > ${mib(lim.maxCocoBytes)} limit)`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    throw new InputError(file, 'not UTF-8 text');
  }
  const maxContainers = cocoContainerLimit(lim.maxCocoEntries);
  const shape = scanJson(data, 0, data.length, MAX_JSON_DEPTH, maxContainers);
  if (shape.tooDeep) throw new InputError(file, `JSON nested more than ${MAX_JSON_DEPTH} levels deep`);
  if (shape.containers > maxContainers) {
    throw new InputError(
      file,
      `more than ${maxContainers.toLocaleString('en-US')} JSON objects and arrays (${COCO_CONTAINERS_PER_ENTRY} per entry allowed, at most ${lim.maxCocoEntries.toLocaleString('en-US')} entries), refused before parsing`,
    );
  }
  let doc: Json;
  try {
    doc = JSON.parse(text) as Json;
  } catch (e) {
    if (e instanceof RangeError) throw new InputError(file, 'JSON nested too deeply');
    const first = (e as Error).message.split('\n')[0]!;
    const msg = first
      .replace(/, (\.\.\.)?".*$/, '')
      .replace(/ in JSON at position \d+.*$/, '')
      .slice(0, 120);
    const at = jsonErrorOffset(text);
    throw new InputError(file, `not valid JSON: ${msg}`, at === undefined ? undefined : lineAt(text, at));
  }
  if (!isObject(doc)) throw new InputError(file, 'a COCO file is a JSON object with images, annotations and categories', 1);
  for (const key of ['images', 'annotations', 'categories'] as const) {
    if (!Array.isArray(doc[key])) throw new InputError(file, `"${key}" must be an array (COCO detection format)`, 1);
  }
  const imagesRaw = doc.images as Json[];
  const annsRaw = doc.annotations as Json[];
  const catsRaw = doc.categories as Json[];
  const entries = imagesRaw.length + annsRaw.length + catsRaw.length;
  if (entries > lim.maxCocoEntries) throw new InputError(file, `${entries} entries (more than ${lim.maxCocoEntries})`);
  if (catsRaw.length > lim.maxClasses) throw new InputError(file, `${catsRaw.length} categories (more than ${lim.maxClasses})`);

  const fileError = (key: string, index: number, reason: string): never => {
    const off = locateElements(text, key, new Set([index])).get(index);
    throw new InputError(file, `${key}[${index}]: ${reason}`, off === undefined ? undefined : linesOf(text, [off]).get(off));
  };

  const categories = new Map<string, string>();
  catsRaw.forEach((c, i) => {
    if (!isObject(c) || !isId(c.id) || typeof c.name !== 'string' || !c.name) fileError('categories', i, 'a category needs an id and a name');
    const cat = c as { id: string | number; name: string };
    if (categories.has(String(cat.id))) fileError('categories', i, `duplicate category id ${cat.id}`);
    categories.set(String(cat.id), cat.name);
  });

  const problems: Problem[] = [];
  const images: CocoImage[] = [];
  const byId = new Map<string, CocoImage>();
  imagesRaw.forEach((im, i) => {
    if (!isObject(im) || !isId(im.id) || typeof im.file_name !== 'string' || !im.file_name) fileError('images', i, 'an image needs an id and a file_name');
    const o = im as { id: string | number; file_name: string; width?: Json; height?: Json };
    const id = String(o.id);
    if (byId.has(id)) fileError('images', i, `duplicate image id ${o.id}`);
    const entry: CocoImage = { id, fileName: o.file_name.replace(/\\/g, '/'), width: 0, height: 0, boxes: [] };
    if (!isPositiveInt(o.width) || !isPositiveInt(o.height)) {
      problems.push({
        key: 'images',
        index: i,
        image: entry,
        reason: `image ${o.id} (${o.file_name}): width and height must be positive whole numbers of pixels`,
      });
      entry.problem = 'pending';
    } else {
      entry.width = o.width as number;
      entry.height = o.height as number;
    }
    byId.set(id, entry);
    images.push(entry);
  });

  let orphans = 0;
  let crowd = 0;
  annsRaw.forEach((a, i) => {
    if (!isObject(a)) {
      orphans++;
      return;
    }
    const img = isId(a.image_id) ? byId.get(String(a.image_id)) : undefined;
    if (!img) {
      orphans++;
      return;
    }
    if (img.problem) return; // the first problem of an image is reported
    const bad = (reason: string): void => {
      problems.push({ key: 'annotations', index: i, image: img, reason: `annotation${isId(a.id) ? ` ${a.id}` : ''} of ${img.fileName}: ${reason}` });
      img.problem = 'pending';
    };
    if (a.iscrowd === 1 || a.iscrowd === true) {
      crowd++;
      return;
    }
    const cat = isId(a.category_id) ? categories.get(String(a.category_id)) : undefined;
    if (cat === undefined) return bad(`category_id ${JSON.stringify(a.category_id)} is not in categories`);
    const bb = a.bbox;
    if (!Array.isArray(bb) || bb.length !== 4 || !bb.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      return bad('bbox must be 4 numbers [x, y, width, height]');
    }
    const [x, y, w, h] = bb as number[];
    const c = checkPixelBox(x!, y!, x! + w!, y! + h!, img.width, img.height);
    if (typeof c === 'string') return bad(c);
    if (img.boxes.length >= lim.maxBoxesPerImage) return bad(`more than ${lim.maxBoxesPerImage} boxes`);
    img.boxes.push({ label: boundName(cat), x: c.x0 / img.width, y: c.y0 / img.height, w: (c.x1 - c.x0) / img.width, h: (c.y1 - c.y0) / img.height });
  });

  // file:line of each problem, in one pass per array
  const located = problems.slice(0, MAX_LOCATED);
  const offsets = new Map<string, Map<number, number>>();
  for (const key of ['images', 'annotations'] as const) {
    offsets.set(key, locateElements(text, key, new Set(located.filter((p) => p.key === key).map((p) => p.index))));
  }
  const lines = linesOf(
    text,
    [...offsets.values()].flatMap((m) => [...m.values()]),
  );
  for (const p of problems) {
    const off = offsets.get(p.key)?.get(p.index);
    const line = off === undefined ? undefined : lines.get(off);
    p.image.problem = `${file}${line !== undefined ? `:${line}` : ''}: ${p.reason}`;
    p.image.boxes = [];
  }
  // annotation line numbers for the boxes themselves are not kept (COCO files are large)
  return { file, categories, images, orphans, crowd };
}

/**
 * The COCO image entry of a repository image: the entries whose file_name has the image's basename,
 * narrowed to those whose file_name is a path suffix of the image path (longest first).
 */
export class CocoMatcher {
  private byBase = new Map<string, CocoImage[]>();
  constructor(readonly index: CocoIndex) {
    for (const im of index.images) {
      const b = posix.basename(im.fileName);
      let list = this.byBase.get(b);
      if (!list) this.byBase.set(b, (list = []));
      list.push(im);
    }
  }

  match(imagePath: string): ImageAnnotation {
    const cands = this.byBase.get(posix.basename(imagePath));
    if (!cands?.length) return { kind: 'missing', reason: `not in ${this.index.file}` };
    let best: CocoImage[] = [];
    let bestLen = -1;
    const segs = imagePath.split('/');
    for (const c of cands) {
      const cs = c.fileName.replace(/^\.\//, '').split('/').filter(Boolean);
      let k = 0;
      while (k < cs.length && k < segs.length && cs[cs.length - 1 - k] === segs[segs.length - 1 - k]) k++;
      if (k > bestLen) {
        best = [c];
        bestLen = k;
      } else if (k === bestLen) best.push(c);
    }
    if (best.length > 1)
      return {
        kind: 'problem',
        reason: `${this.index.file}: ${best.length} images match ${imagePath} (file_name ${best[0]!.fileName}); give them distinct paths`,
        file: this.index.file,
      };
    const im = best[0]!;
    if (im.problem) return { kind: 'problem', reason: im.problem, file: this.index.file };
    return { kind: 'boxes', value: { file: this.index.file, boxes: im.boxes, size: { width: im.width, height: im.height } } };
  }
}

function isObject(v: Json | undefined): v is { [k: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function isId(v: Json | undefined): v is string | number {
  return (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v.length > 0);
}
function isPositiveInt(v: Json | undefined): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
}
function mib(n: number): string {
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
