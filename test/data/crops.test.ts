import { describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { cropObjects, cropRegion } from '../../src/data/crops.js';
import { ImageReadError } from '../../src/data/image.js';

/** A w×h grey image with a red rectangle at (x, y, rw, rh), encoded as PNG (or JPEG with an EXIF orientation). */
async function picture(w: number, h: number, rect: [number, number, number, number], orientation?: number): Promise<Buffer> {
  const data = Buffer.alloc(w * h * 3, 128);
  const [x0, y0, rw, rh] = rect;
  for (let y = y0; y < y0 + rh; y++) for (let x = x0; x < x0 + rw; x++) data.set([255, 0, 0], (y * w + x) * 3);
  const img = sharp(data, { raw: { width: w, height: h, channels: 3 } });
  return orientation ? img.jpeg({ quality: 100 }).withMetadata({ orientation }).toBuffer() : img.png().toBuffer();
}

async function redShare(png: Uint8Array): Promise<{ share: number; width: number; height: number }> {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  let red = 0;
  for (let i = 0; i < data.length; i += info.channels) if (data[i]! > 200 && data[i + 1]! < 60) red++;
  return { share: red / (info.width * info.height), width: info.width, height: info.height };
}

describe('object crops', () => {
  it('a square around the box with a margin of half its longer side on each side, kept inside the image', () => {
    expect(cropRegion({ label: 'a', x: 0.4, y: 0.4, w: 0.1, h: 0.05 }, 200, 100)).toEqual({ left: 70, top: 23, width: 40, height: 40 });
    // tiny objects get the minimum side
    expect(cropRegion({ label: 'a', x: 0.5, y: 0.5, w: 0.01, h: 0.01 }, 200, 200, 0.5, 16)).toEqual({ left: 93, top: 93, width: 16, height: 16 });
    // at the border the square is shifted inside; larger than the image it is cut to it
    expect(cropRegion({ label: 'a', x: 0, y: 0, w: 0.1, h: 0.1 }, 100, 100)).toEqual({ left: 0, top: 0, width: 20, height: 20 });
    expect(cropRegion({ label: 'a', x: 0, y: 0, w: 1, h: 0.5 }, 100, 50)).toEqual({ left: 0, top: 0, width: 100, height: 50 });
  });

  it('cuts each box out of the decoded image as PNG', async () => {
    const img = await picture(200, 100, [100, 40, 20, 20]);
    const [c] = await cropObjects(img, [{ label: 'spot', x: 0.5, y: 0.4, w: 0.1, h: 0.2 }]);
    expect(c!.region).toEqual({ left: 90, top: 30, width: 40, height: 40 });
    const r = await redShare(c!.bytes);
    expect([r.width, r.height]).toEqual([40, 40]);
    expect(r.share).toBeCloseTo(0.25, 2);
  });

  it('boxes are placed in the displayed orientation (EXIF applied)', async () => {
    // stored 100×50 with the rectangle at the left; orientation 6 (rotate 90° clockwise) displays 50×100 with it at the top
    const img = await picture(100, 50, [0, 15, 20, 20], 6);
    const [c] = await cropObjects(img, [{ label: 'spot', x: 0.3, y: 0, w: 0.4, h: 0.2 }], { margin: 0 });
    expect(c!.region).toEqual({ left: 15, top: 0, width: 20, height: 20 });
    expect((await redShare(c!.bytes)).share).toBeGreaterThan(0.8);
  });

  it('an unreadable image is an ImageReadError; no boxes, no work', async () => {
    await expect(cropObjects(Buffer.from('not an image'), [{ label: 'a', x: 0, y: 0, w: 1, h: 1 }])).rejects.toThrow(ImageReadError);
    expect(await cropObjects(Buffer.from('not an image'), [])).toEqual([]);
    const big = await picture(200, 100, [0, 0, 1, 1]);
    await expect(cropObjects(big, [{ label: 'a', x: 0, y: 0, w: 1, h: 1 }], { maxPixels: 1000 })).rejects.toThrow(/not a readable image/);
  });
});
