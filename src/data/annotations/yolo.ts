/**
 * YOLO annotations (Darknet / Ultralytics): for an image `…/images/<rel>.<ext>` a text file
 * `…/labels/<rel>.txt` with one object per line, `<class id> <x center> <y center> <width> <height>`
 * normalized to [0, 1] (or a segmentation polygon `<class id> x1 y1 x2 y2 …`, read as its bounding
 * box). An image without a label file, or with an empty one, has no objects. Class names come from
 * `classes.txt` / `obj.names` (one per line) or the `names` of a `data.yaml` / `dataset.yaml`
 * (a list, or a map id → name).
 */
import { posix } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { boundName } from '../../contracts/index.js';
import { InputError } from '../../errors.js';
import { parseDecimal, YOLO_TOLERANCE, num, type Box, type ImageBoxes } from './types.js';

/** Where a YOLO dataset keeps things, given the `yolo:<dir>` setting. */
export interface YoloLayout {
  /** the dataset root, holding images/ and labels/ */
  root: string;
  labels: string;
  /** candidate class-names files, in order of preference */
  namesFiles: string[];
}

/** `yolo:<dir>`: the dataset root holding images/ and labels/, or the labels folder itself. */
export function yoloLayout(dir: string): YoloLayout {
  const d = posix
    .normalize(dir.replace(/\\/g, '/'))
    .replace(/^\.\/?/, '')
    .replace(/\/$/, '');
  const root = posix.basename(d) === 'labels' ? (posix.dirname(d) === '.' ? '' : posix.dirname(d)) : d;
  const join = (...p: string[]): string => (root ? posix.join(root, ...p) : posix.join(...p));
  return {
    root,
    labels: join('labels'),
    namesFiles: [join('classes.txt'), join('labels', 'classes.txt'), join('obj.names'), join('data.yaml'), join('dataset.yaml')],
  };
}

/**
 * The label file of an image: the last `images` folder of its path becomes `labels`, the extension
 * `.txt` (Ultralytics' img2label_paths). Undefined when the image is not under an `images` folder
 * inside the layout's root.
 */
export function yoloLabelPath(imagePath: string, layout: YoloLayout): string | undefined {
  const segs = imagePath.split('/');
  const i = segs.lastIndexOf('images');
  if (i < 0 || i === segs.length - 1) return undefined;
  const out = [...segs.slice(0, i), 'labels', ...segs.slice(i + 1)].join('/');
  const ext = posix.extname(out);
  const label = (ext ? out.slice(0, -ext.length) : out) + '.txt';
  const prefix = layout.root ? `${layout.root}/` : '';
  return label.startsWith(prefix) ? label : undefined;
}

/** Class names from `classes.txt` / `obj.names` (one per line) or a `data.yaml` `names`. */
export function parseYoloNames(file: string, data: Uint8Array, maxClasses = 10000): string[] {
  const text = new TextDecoder('utf-8').decode(data);
  if (/\.ya?ml$/i.test(file)) {
    let doc: unknown;
    try {
      doc = parseYaml(text, { maxAliasCount: 10, uniqueKeys: false });
    } catch (e) {
      const line = (e as { linePos?: Array<{ line: number }> }).linePos?.[0]?.line;
      throw new InputError(file, `invalid YAML: ${(e as Error).message.split('\n')[0]}`, line);
    }
    const names = (doc as { names?: unknown } | null)?.names;
    if (Array.isArray(names)) {
      if (names.length > maxClasses) throw new InputError(file, `more than ${maxClasses} class names`);
      return names.map((n) => String(n));
    }
    if (names && typeof names === 'object') {
      const entries = Object.entries(names as Record<string, unknown>);
      if (entries.length > maxClasses) throw new InputError(file, `more than ${maxClasses} class names`);
      const out: string[] = [];
      for (const [k, v] of entries) {
        if (!/^\d+$/.test(k) || Number(k) >= maxClasses) throw new InputError(file, `names: key ${k} is not a class id`);
        out[Number(k)] = String(v);
      }
      for (let i = 0; i < out.length; i++) if (out[i] === undefined) throw new InputError(file, `names: class id ${i} has no name`);
      return out;
    }
    throw new InputError(file, 'has no names: list or map of class names');
  }
  const lines = text.split(/\r?\n/);
  while (lines.length && lines[lines.length - 1]!.trim() === '') lines.pop();
  if (lines.length > maxClasses) throw new InputError(file, `more than ${maxClasses} class names`);
  return lines.map((l, i) => {
    const name = l.trim();
    if (!name) throw new InputError(file, `class id ${i} has an empty name`, i + 1);
    return name;
  });
}

export interface YoloOptions {
  maxBoxes?: number;
}

/**
 * Parse one YOLO label file. `names` (class id → name) may be undefined when the dataset has no
 * names file: classes are then named by their id and any id is accepted.
 */
export function parseYoloLabels(file: string, data: Uint8Array, names: readonly string[] | undefined, opts: YoloOptions = {}): ImageBoxes {
  const maxBoxes = opts.maxBoxes ?? 5000;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    throw new InputError(file, 'not UTF-8 text');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const boxes: Box[] = [];
  const lines = text.split(/\r?\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (!raw) continue;
    const line = i + 1;
    if (boxes.length >= maxBoxes) throw new InputError(file, `more than ${maxBoxes} boxes`, line);
    const tok = raw.split(/\s+/);
    const fail = (reason: string): never => {
      throw new InputError(file, reason, line);
    };
    const cls = parseDecimal(tok[0]!);
    if (cls === undefined || !Number.isInteger(cls) || cls < 0) fail(`class id "${tok[0]!.slice(0, 20)}" is not a non-negative whole number`);
    if (names && cls! >= names.length) fail(`class id ${cls} is not in the class names (${names.length} classes: 0..${names.length - 1})`);
    const values = tok.slice(1).map((t) => {
      const v = parseDecimal(t);
      if (v === undefined) fail(`"${t.slice(0, 20)}" is not a number`);
      return v!;
    });
    let x0: number, y0: number, x1: number, y1: number;
    if (values.length === 4) {
      const [cx, cy, w, h] = values as [number, number, number, number];
      if (!(w > 0) || !(h > 0)) fail(`box has no area (width ${num(w)}, height ${num(h)})`);
      x0 = cx - w / 2;
      x1 = cx + w / 2;
      y0 = cy - h / 2;
      y1 = cy + h / 2;
    } else if (values.length >= 6 && values.length % 2 === 0) {
      // segmentation polygon: its bounding box
      const xs = values.filter((_, k) => k % 2 === 0);
      const ys = values.filter((_, k) => k % 2 === 1);
      x0 = Math.min(...xs);
      x1 = Math.max(...xs);
      y0 = Math.min(...ys);
      y1 = Math.max(...ys);
      if (!(x1 > x0) || !(y1 > y0)) fail('polygon has no area');
    } else {
      fail(`expected "class x_center y_center width height" (5 values) or a polygon "class x1 y1 x2 y2 …", got ${tok.length} values`);
    }
    const t = YOLO_TOLERANCE;
    if (x0! < -t || y0! < -t || x1! > 1 + t || y1! > 1 + t) {
      fail(`box (${num(x0!)}, ${num(y0!)})–(${num(x1!)}, ${num(y1!)}) lies outside the image (YOLO coordinates are shares of the image, 0..1)`);
    }
    const cx0 = Math.max(0, x0!);
    const cy0 = Math.max(0, y0!);
    const cx1 = Math.min(1, x1!);
    const cy1 = Math.min(1, y1!);
    boxes.push({ label: boundName(names ? names[cls!]! : String(cls)), x: cx0, y: cy0, w: cx1 - cx0, h: cy1 - cy0, line });
  }
  return { file, boxes };
}
