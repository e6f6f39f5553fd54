import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { collectDataset } from '../../src/data/collect.js';
import type { DatasetConfig } from '../../src/data/config-types.js';
import { GitRepo } from '../../src/data/git.js';
import { makeRepo, type TempRepo } from './git-helpers.js';

async function jpeg(w: number, h: number, value: number, orientation?: number): Promise<Buffer> {
  const img = sharp(Buffer.alloc(w * h * 3, value), { raw: { width: w, height: h, channels: 3 } }).jpeg();
  return orientation ? img.withMetadata({ orientation }).toBuffer() : img.toBuffer();
}

async function collect(r: TempRepo, base: string, head: string, dataset: Partial<DatasetConfig>) {
  const repo = await GitRepo.open(r.dir);
  const blobs = repo.blobReader();
  try {
    return await collectDataset({
      repo,
      blobs,
      dataset: { name: 'd', paths: ['data/**'], modality: 'image', labels: 'none', ...dataset },
      base,
      head,
      changed: await repo.changedPaths(base, head),
      sampleSize: 500,
      seed: 42,
    });
  } finally {
    await blobs.close();
  }
}

let r: TempRepo;
let base: string;
let head: string;

beforeAll(async () => {
  r = makeRepo('tr-collect-boxes-');
  r.write('data/classes.txt', 'scratch\ndent\n');
  for (let i = 0; i < 10; i++) {
    r.write(`data/images/p${i}.jpg`, await jpeg(64, 32, 40 + i));
    if (i % 2 === 0) r.write(`data/labels/p${i}.txt`, `0 0.5 0.5 0.2 0.2\n1 0.2 0.2 0.3 0.3\n`);
  }
  r.write('data/extra/loose.jpg', await jpeg(64, 32, 200));
  r.write(
    'coco.json',
    JSON.stringify({
      images: [
        { id: 1, file_name: 'p0.jpg', width: 32, height: 64 },
        { id: 2, file_name: 'p1.jpg', width: 50, height: 50 },
        { id: 3, file_name: 'p4.jpg', width: 640, height: 320 },
      ],
      annotations: [{ id: 1, image_id: 3, category_id: 1, bbox: [0, 0, 64, 32] }],
      categories: [{ id: 1, name: 'a' }],
    }),
  );
  base = r.commit('base');
  r.write('data/labels/p2.txt', '0 0.5 0.5 0.2 0.2\n9 0.5 0.5 0.1 0.1\n');
  r.write('data/labels/p3.txt', '1 0.5 0.5 0.4 0.4\n');
  head = r.commit('head');
});

afterAll(() => r.cleanup());

describe('collecting a detection dataset', () => {
  it('puts the boxes on the sampled images, labels them by their largest box, and skips malformed annotations with file:line', async () => {
    const c = await collect(r, base, head, { labels: 'yolo:data' });
    expect(c.error).toBeUndefined();
    expect(c.annotations).toMatchObject({
      format: 'yolo',
      source: 'yolo:data',
      classes: ['scratch', 'dent'],
      base: { files: 5, annotated: 10, unannotated: 1, problems: 0 },
      head: { files: 6, annotated: 9, unannotated: 1, problems: 1 },
    });
    expect(c.annotations!.error).toBeUndefined();
    const b0 = c.base.find((it) => it.path === 'data/images/p0.jpg')!;
    expect(b0.boxes!.map((b) => b.label)).toEqual(['scratch', 'dent']);
    expect(b0.label).toBe('dent'); // the larger box
    expect(c.base.find((it) => it.path === 'data/images/p1.jpg')!).toMatchObject({ boxes: [], label: '(no objects)' });
    const loose = c.base.find((it) => it.path === 'data/extra/loose.jpg')!;
    expect(loose.boxes).toBeUndefined();
    expect(loose.features.brightness).toBeDefined();
    // a malformed annotation leaves the image in the image statistics, out of the box ones
    const p2 = c.head.find((it) => it.path === 'data/images/p2.jpg')!;
    expect(p2.boxes).toBeUndefined();
    expect(p2.label).toBeUndefined();
    expect(p2.features.brightness).toBeDefined();
    expect(c.skipped).toEqual([
      { path: 'data/images/p2.jpg', side: 'head', reason: 'annotation: data/labels/p2.txt:2: class id 9 is not in the class names (2 classes: 0..1)' },
    ]);
    // which annotation file could not be read, at which line and why (the report's boxes.unreadable)
    expect(c.annotations!.unreadable).toEqual([
      { side: 'head', file: 'data/labels/p2.txt', line: 2, reason: 'class id 9 is not in the class names (2 classes: 0..1)', images: 1 },
    ]);
    expect(c.annotations!.head.unreadable).toEqual({ images: 1, of: 10 });
    expect(c.annotations!.base.unreadable).toBeUndefined();
    expect(c.head.find((it) => it.path === 'data/images/p3.jpg')!.label).toBe('dent');
    expect(c.labels).toMatchObject({ source: 'yolo:data', base: { dent: 5, '(no objects)': 5 } });
  });

  it('a declared size that does not fit the image is a problem (swapped sides are named); a uniform rescale is fine', async () => {
    const c = await collect(r, base, head, { labels: 'coco:coco.json', paths: ['data/images/p[014].jpg'] });
    expect(c.skipped.filter((s) => s.side === 'base').map((s) => s.reason)).toEqual([
      'annotation: the annotation is for a 32×64 image but the image is 64×32 (width and height swapped: rotated, e.g. by its EXIF orientation?): the boxes would not line up',
      'annotation: the annotation is for a 50×50 image but the image is 64×32: the boxes would not line up',
    ]);
    const p4 = c.base.find((it) => it.path === 'data/images/p4.jpg')!;
    expect(p4.boxes).toEqual([{ label: 'a', x: 0, y: 0, w: 0.1, h: 0.1 }]);
    expect(c.annotations!.error).toMatch(/^box annotations coco:coco\.json cannot be judged: base: 2 of 3 sampled annotations are malformed \(see skipped\)/);
    expect(c.annotations!.unreadable!.filter((u) => u.side === 'base')).toEqual([
      {
        side: 'base',
        file: 'coco.json',
        reason:
          'the annotation is for a 32×64 image but the image is 64×32 (width and height swapped: rotated, e.g. by its EXIF orientation?): the boxes would not line up',
        images: 1,
      },
      { side: 'base', file: 'coco.json', reason: 'the annotation is for a 50×50 image but the image is 64×32: the boxes would not line up', images: 1 },
    ]);
    expect(c.annotations!.base.unreadable).toEqual({ images: 2, of: 3 });
  });

  it('a source missing at a revision makes the boxes unjudgeable, the images are still analyzed', async () => {
    const c = await collect(r, base, head, { labels: 'voc:annotations' });
    expect(c.error).toBeUndefined();
    expect(c.base.length).toBe(11);
    expect(c.annotations!.error).toBe(
      'box annotations voc:annotations cannot be judged: base: no VOC annotation files (*.xml) under annotations/; head: no VOC annotation files (*.xml) under annotations/',
    );
    expect(c.base.every((it) => it.boxes === undefined)).toBe(true);
  });

  it('a source file that cannot be parsed counts every sampled image of its side, named with file:line; a missing source counts none', async () => {
    r.write('coco.json', '{"images": [\n  {"id": 1,\n  oops\n]}\n');
    const broken = r.commit('head: coco.json is not JSON');
    const c = await collect(r, base, broken, { labels: 'coco:coco.json', paths: ['data/images/p[014].jpg'] });
    expect(c.annotations!.unreadable!.filter((u) => u.side === 'head')).toEqual([
      { side: 'head', file: 'coco.json', line: 3, reason: expect.stringMatching(/^not valid JSON/), images: 3 },
    ]);
    expect(c.annotations!.head.unreadable).toEqual({ images: 3, of: 3 });
    const missing = await collect(r, base, head, { labels: 'voc:annotations' });
    expect(missing.annotations!.unreadable).toBeUndefined();
    expect(missing.annotations!.head.unreadable).toBeUndefined();
  });
});
