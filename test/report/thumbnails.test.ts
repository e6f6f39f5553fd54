import { describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import type { Item } from '../../src/data/item.js';
import type { AtypicalItem } from '../../src/measure/types.js';
import { renderThumbnails } from '../../src/report/thumbnails.js';
import { bigPng } from '../data/git-helpers.js';

const atypical = (path: string, bytes: Uint8Array): AtypicalItem => ({ item: { path, bytes } as unknown as Item, distance: 1, ratio: 2 });

describe('renderThumbnails', () => {
  it('an image above MAX_IMAGE_PIXELS (100 MP) is not decoded and gets no thumbnail; a small one does', async () => {
    const small = await sharp({ create: { width: 20, height: 10, channels: 3, background: { r: 10, g: 20, b: 30 } } })
      .png()
      .toBuffer();
    const thumbs = await renderThumbnails('d', [
      atypical('data/huge.png', new Uint8Array(bigPng(12_000, 10_000))),
      atypical('data/small.png', new Uint8Array(small)),
    ]);
    expect(thumbs.map((t) => t.path)).toEqual(['data/small.png']);
    expect(thumbs[0]!.dataUri).toMatch(/^data:image\/jpeg;base64,/);
  });
});
