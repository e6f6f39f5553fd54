/**
 * Thumbnails for the HTML report: the head images the measure stage found farthest from the base
 * sample (src/measure/plots.ts), rendered as small inline JPEGs with the measured distance as caption.
 */
import sharp from 'sharp';
import { MAX_IMAGE_PIXELS } from '../data/image.js';
import type { AtypicalItem } from '../measure/types.js';
import type { ThumbnailExtra } from './extras.js';

export async function renderThumbnails(dataset: string, items: readonly AtypicalItem[]): Promise<ThumbnailExtra[]> {
  const out: ThumbnailExtra[] = [];
  for (const a of items) {
    const bytes = a.item.bytes;
    if (!bytes) continue;
    try {
      const jpg = await sharp(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { failOn: 'error', limitInputPixels: MAX_IMAGE_PIXELS })
        .rotate()
        .resize(128, 128, { fit: 'cover' })
        .jpeg({ quality: 75 })
        .toBuffer();
      out.push({
        dataset,
        path: a.item.path,
        dataUri: `data:image/jpeg;base64,${jpg.toString('base64')}`,
        note: `${a.object ? `${a.object.label} box: nearest base object` : 'nearest base image'} at distance ${a.distance.toFixed(2)}${Number.isFinite(a.ratio) ? ` (${a.ratio.toFixed(1)}× the base 95th percentile)` : ''}`,
      });
    } catch {
      // an image that cannot be thumbnailed is simply not shown
    }
  }
  return out;
}
