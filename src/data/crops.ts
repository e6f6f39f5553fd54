/**
 * Object crops for object-level embeddings: a square region around each box with a context margin,
 * cut from the image in its displayed orientation (EXIF applied, the frame boxes are drawn in) and
 * encoded as PNG, so the embedder (which takes encoded image bytes) resizes it to the model's input
 * like any image. Decoding is bounded by a pixel limit, as for every image.
 */
import sharp from 'sharp';
import type { Box } from './annotations/types.js';
import { ImageReadError, MAX_IMAGE_PIXELS } from './image.js';

export interface CropOptions {
  /** context on each side of the box, as a share of its longer side (default 0.5: the crop is 2× the box) */
  margin?: number;
  /** smallest crop side in image pixels (default 16), so tiny objects keep some context */
  minSide?: number;
  /** refuse images with more pixels than this (default 100 MP) */
  maxPixels?: number;
}

export interface Region {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface Crop {
  /** index of the box in the input list */
  box: number;
  region: Region;
  /** PNG bytes of the crop */
  bytes: Uint8Array;
}

/**
 * The crop region of a box in a width×height image: a square of side max(box w, box h)·(1 + 2·margin)
 * (at least `minSide`) centred on the box, shifted to stay inside the image and cut to its size.
 */
export function cropRegion(box: Box, width: number, height: number, margin = 0.5, minSide = 16): Region {
  const bw = box.w * width;
  const bh = box.h * height;
  const side = Math.max(Math.max(bw, bh) * (1 + 2 * margin), minSide, 1);
  const w = Math.max(1, Math.min(width, Math.round(side)));
  const h = Math.max(1, Math.min(height, Math.round(side)));
  const cx = (box.x + box.w / 2) * width;
  const cy = (box.y + box.h / 2) * height;
  const left = Math.min(width - w, Math.max(0, Math.round(cx - w / 2)));
  const top = Math.min(height - h, Math.max(0, Math.round(cy - h / 2)));
  return { left, top, width: w, height: h };
}

/**
 * Crops around `boxes` of one encoded image (in box order). Each crop is cut by libvips from the
 * auto-oriented image (rotate, then extract), so a large image is never held in memory whole.
 */
export async function cropObjects(bytes: Uint8Array, boxes: readonly Box[], opts: CropOptions = {}): Promise<Crop[]> {
  if (boxes.length === 0) return [];
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sharpOpts = { limitInputPixels: opts.maxPixels ?? MAX_IMAGE_PIXELS, failOn: 'error' as const, pages: 1, page: 0 };
  const unreadable = (e: unknown): ImageReadError =>
    new ImageReadError(`not a readable image (${(e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 160)})`);
  let width: number;
  let height: number;
  try {
    const meta = await sharp(input, sharpOpts).metadata();
    if (!meta.width || !meta.height) throw new Error('image has no dimensions');
    if (meta.width * meta.height > sharpOpts.limitInputPixels) throw new Error(`image too large (${meta.width}×${meta.height})`);
    const swap = (meta.orientation ?? 1) >= 5;
    width = swap ? meta.height : meta.width;
    height = swap ? meta.width : meta.height;
  } catch (e) {
    throw unreadable(e);
  }
  const out: Crop[] = [];
  for (let i = 0; i < boxes.length; i++) {
    const region = cropRegion(boxes[i]!, width, height, opts.margin, opts.minSide);
    let png: Buffer;
    try {
      png = await sharp(input, sharpOpts).rotate().extract(region).toColourspace('srgb').removeAlpha().png({ compressionLevel: 1 }).toBuffer();
    } catch (e) {
      throw unreadable(e);
    }
    out.push({ box: i, region, bytes: new Uint8Array(png.buffer, png.byteOffset, png.byteLength) });
  }
  return out;
}
