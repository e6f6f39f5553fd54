import { seededHash } from '../sample.js';

/**
 * Object annotations of images (detection datasets): the common shape the YOLO, COCO and Pascal VOC
 * readers produce. Boxes are normalized to the image: x, y (top-left corner), w, h in [0, 1] of the
 * image's width and height, in the image's displayed orientation (EXIF orientation applied), the
 * frame the annotation tools draw in.
 */

export type AnnotationFormat = 'yolo' | 'coco' | 'voc';

export interface Box {
  /** class name (from the class names file, the categories or the object's <name>) */
  label: string;
  /** top-left corner and size, as shares of the image width / height, in [0, 1] */
  x: number;
  y: number;
  w: number;
  h: number;
  /** 1-based line of the box in its annotation file, when known */
  line?: number;
}

/** The annotation of one image. */
export interface ImageBoxes {
  /** the annotation file (and line) the boxes come from */
  file: string;
  boxes: Box[];
  /** the image size the annotation declares (COCO images[].width/height, VOC <size>), in pixels */
  size?: { width: number; height: number };
}

/**
 * What the annotations say about one image:
 * - `boxes`: annotated (possibly with no boxes: an image without objects);
 * - `problem`: the annotation is malformed (`file:line: reason`), the image is left out of the box statistics;
 * - `missing`: no annotation refers to the image (it is left out of the box statistics).
 */
export type ImageAnnotation =
  | { kind: 'boxes'; value: ImageBoxes }
  /** `file`: the annotation file (or folder) the problem is in; `reason` starts with `file:line:` where the line is known */
  | { kind: 'problem'; reason: string; file: string }
  | { kind: 'missing'; reason: string };

/** Size and count limits on untrusted annotation files. */
export interface AnnotationLimits {
  /** one YOLO .txt, VOC .xml or class names file (default 1 MiB) */
  maxFileBytes: number;
  /** a COCO JSON (default 64 MiB; COCO 2017 val is 25 MiB, train 448 MiB) */
  maxCocoBytes: number;
  /** boxes in one image (default 5000) */
  maxBoxesPerImage: number;
  /** entries (images + annotations + categories) in one COCO file (default 2,000,000) */
  maxCocoEntries: number;
  /** classes in a names file or COCO categories (default 10000) */
  maxClasses: number;
}

export const DEFAULT_ANNOTATION_LIMITS: AnnotationLimits = {
  maxFileBytes: 1024 * 1024,
  maxCocoBytes: 64 * 1024 * 1024,
  maxBoxesPerImage: 5000,
  maxCocoEntries: 2_000_000,
  maxClasses: 10_000,
};

/** How far (as a share of the image) a YOLO box may poke outside the image and still be clamped. */
export const YOLO_TOLERANCE = 0.005;
/** How far (in pixels) a COCO/VOC box may poke outside the declared image size and still be clamped. */
export const PIXEL_TOLERANCE = 1;

/**
 * Clamp a box given in pixels (x0, y0, x1, y1) to a w×h image, allowing `tol` pixels of slack;
 * a reason string when it lies further outside or is empty.
 */
export function checkPixelBox(
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  width: number,
  height: number,
  tol = PIXEL_TOLERANCE,
): { x0: number; y0: number; x1: number; y1: number } | string {
  if (!(x1 > x0)) return `box has no width (x from ${num(x0)} to ${num(x1)})`;
  if (!(y1 > y0)) return `box has no height (y from ${num(y0)} to ${num(y1)})`;
  if (x0 < -tol || y0 < -tol || x1 > width + tol || y1 > height + tol) {
    return `box (${num(x0)}, ${num(y0)})–(${num(x1)}, ${num(y1)}) lies outside the ${width}×${height} image`;
  }
  const c = { x0: Math.max(0, x0), y0: Math.max(0, y0), x1: Math.min(width, x1), y1: Math.min(height, y1) };
  if (!(c.x1 > c.x0) || !(c.y1 > c.y0)) return `box (${num(x0)}, ${num(y0)})–(${num(x1)}, ${num(y1)}) lies outside the ${width}×${height} image`;
  return c;
}

export function num(x: number): string {
  return Number.isInteger(x) ? String(x) : String(+x.toFixed(4));
}

/** A strict decimal number (no hex, no empty string, no "Infinity"), or undefined. */
export function parseDecimal(token: string): number | undefined {
  // `\d+(?:\.\d*)?` cannot split a digit run two ways: linear time on a 1 MiB token (`\d+\.?\d*` was quadratic)
  if (!/^[+-]?(\d+(?:\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(token)) return undefined;
  const x = Number(token);
  return Number.isFinite(x) ? x : undefined;
}

/** The label of an annotated image without objects. */
export const NO_OBJECTS = '(no objects)';

/** An image's label for whole-image separability: the class of its largest box, or NO_OBJECTS. */
export function dominantLabel(boxes: readonly Box[]): string {
  let best: Box | undefined;
  for (const b of boxes) if (!best || b.w * b.h > best.w * best.h) best = b;
  return best ? best.label : NO_OBJECTS;
}

/**
 * The box an image contributes where one box per image is used (per-box drift tests, object crops):
 * picked by a seeded hash of the image id, so an unchanged image gives the same box on both sides.
 * −1 for an image without boxes.
 */
export function testedBoxIndex(imageId: string, boxes: number, seed: number): number {
  return boxes <= 0 ? -1 : seededHash(`box:${imageId}`, seed) % boxes;
}
