import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GitRepo, type BlobReader } from '../../../src/data/git.js';
import { loadAnnotations, type AnnotationSource } from '../../../src/data/annotations/load.js';
import { makeRepo, type TempRepo } from '../git-helpers.js';

let repo: TempRepo;
let git: GitRepo;
let blobs: BlobReader;
let base: string;
let head: string;

const COCO = (boxes: number[][]): string =>
  JSON.stringify({
    images: [
      { id: 1, file_name: 'a.jpg', width: 100, height: 50 },
      { id: 2, file_name: 'b.jpg', width: 100, height: 50 },
    ],
    annotations: boxes.map((b, i) => ({ id: i + 1, image_id: 1, category_id: 1, bbox: b })),
    categories: [{ id: 1, name: 'spot' }],
  });

const VOC = (xmax: number): string =>
  `<annotation><size><width>100</width><height>50</height></size><object><name>spot</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>${xmax}</xmax><ymax>10</ymax></bndbox></object></annotation>`;

beforeAll(async () => {
  repo = makeRepo('tr-ann-');
  repo.write('yolo/classes.txt', 'spot\nhole\n');
  repo.write('yolo/images/a.jpg', 'not read');
  repo.write('yolo/images/b.jpg', 'not read');
  repo.write('yolo/images/sub/c.jpg', 'not read');
  repo.write('yolo/labels/a.txt', '0 0.5 0.5 0.2 0.2\n');
  repo.write('yolo/labels/sub/c.txt', '1 0.5 0.5 0.2 0.2\n');
  repo.write('coco/instances_train.json', COCO([[0, 0, 10, 10]]));
  repo.write('bare/labels/x.txt', '3 0.5 0.5 0.1 0.1\n');
  repo.write('voc/Annotations/a.xml', VOC(20));
  repo.write('voc/Annotations/b.xml', VOC(20));
  base = repo.commit('base');
  repo.write('yolo/labels/a.txt', '0 0.5 0.5 0.2 0.2\n1 0.5 0.5 0.1 0.1\n');
  repo.write('yolo/labels/sub/c.txt', '5 0.5 0.5 0.2 0.2\n');
  repo.write(
    'coco/instances_train.json',
    COCO([
      [0, 0, 10, 10],
      [50, 20, 10, 10],
    ]),
  );
  repo.write('voc/Annotations/b.xml', VOC(500));
  head = repo.commit('head');
  git = await GitRepo.open(repo.dir);
  blobs = git.blobReader();
});

afterAll(async () => {
  await blobs.close();
  repo.cleanup();
});

async function load(source: AnnotationSource, rev: string, images: string[], extra: Partial<Parameters<typeof loadAnnotations>[0]> = {}) {
  return loadAnnotations({ source, blobs, files: await git.listFiles(rev), images, ...extra });
}

describe('loading annotations from git objects at each revision', () => {
  it('YOLO: label files beside images/, class names, images without a label file have no objects', async () => {
    const images = ['yolo/images/a.jpg', 'yolo/images/b.jpg', 'yolo/images/sub/c.jpg', 'elsewhere/d.jpg'];
    const b = await load({ format: 'yolo', path: 'yolo' }, base, images);
    expect(b.classes).toEqual(['spot', 'hole']);
    expect(b.files).toBe(2);
    const a = b.images.get('yolo/images/a.jpg');
    expect(a?.kind === 'boxes' && a.value.boxes.map((x) => x.label)).toEqual(['spot']);
    expect(b.images.get('yolo/images/b.jpg')).toEqual({ kind: 'boxes', value: { file: 'yolo/labels/b.txt', boxes: [] } });
    const c = b.images.get('yolo/images/sub/c.jpg');
    expect(c?.kind === 'boxes' && c.value.boxes.map((x) => x.label)).toEqual(['hole']);
    expect(b.images.get('elsewhere/d.jpg')?.kind).toBe('missing');

    const h = await load({ format: 'yolo', path: 'yolo/labels' }, head, images);
    const ha = h.images.get('yolo/images/a.jpg');
    expect(ha?.kind === 'boxes' && ha.value.boxes.map((x) => x.label)).toEqual(['spot', 'hole']);
    expect(h.images.get('yolo/images/sub/c.jpg')).toEqual({
      kind: 'problem',
      reason: 'yolo/labels/sub/c.txt:1: class id 5 is not in the class names (2 classes: 0..1)',
      file: 'yolo/labels/sub/c.txt',
    });
  });

  it('YOLO: no label files at all is an error for that revision; no names file is a note', async () => {
    const none = await load({ format: 'yolo', path: 'coco' }, base, ['coco/images/a.jpg']);
    expect(none.error).toBe('no YOLO label files (*.txt) under coco/labels/');
    const bare = await load({ format: 'yolo', path: 'bare' }, base, ['bare/images/x.png']);
    expect(bare.error).toBeUndefined();
    expect(bare.notes).toEqual(['no class names file (classes.txt, obj.names, data.yaml, dataset.yaml) in bare: classes are shown by id']);
    const x = bare.images.get('bare/images/x.png');
    expect(x?.kind === 'boxes' && x.value.boxes[0]!.label).toBe('3');
  });

  it('COCO: one JSON per revision, parsed once per blob', async () => {
    const cache = new Map<string, Promise<unknown>>();
    const images = ['data/a.jpg', 'data/b.jpg', 'data/z.jpg'];
    const b = await load({ format: 'coco', path: 'coco/instances_train.json' }, base, images, { cache });
    const h = await load({ format: 'coco', path: 'coco/instances_train.json' }, head, images, { cache });
    const count = (l: typeof b, p: string): number => {
      const a = l.images.get(p);
      return a?.kind === 'boxes' ? a.value.boxes.length : -1;
    };
    expect([count(b, 'data/a.jpg'), count(h, 'data/a.jpg')]).toEqual([1, 2]);
    expect(count(h, 'data/b.jpg')).toBe(0);
    expect(h.images.get('data/z.jpg')?.kind).toBe('missing');
    expect(cache.size).toBe(2);
    const missing = await load({ format: 'coco', path: 'coco/nope.json' }, base, images);
    expect(missing.error).toBe('COCO file coco/nope.json not found');
    const small = await load({ format: 'coco', path: 'coco/instances_train.json' }, base, images, { limits: { maxCocoBytes: 10 } });
    expect(small.error).toMatch(/^coco\/instances_train\.json: COCO file too large \(\d+ B > 10 B limit\)$/);
  });

  it('VOC: XML files matched by name; a malformed one makes its image a problem', async () => {
    const images = ['voc/JPEGImages/a.jpg', 'voc/JPEGImages/b.jpg', 'voc/JPEGImages/c.jpg'];
    const h = await load({ format: 'voc', path: 'voc/Annotations' }, head, images);
    const a = h.images.get('voc/JPEGImages/a.jpg');
    expect(a?.kind === 'boxes' && a.value.boxes.length).toBe(1);
    expect(h.images.get('voc/JPEGImages/b.jpg')).toEqual({
      kind: 'problem',
      reason: 'voc/Annotations/b.xml:1: <object> spot: box (0, 0)–(500, 10) lies outside the 100×50 image',
      file: 'voc/Annotations/b.xml',
    });
    expect(h.images.get('voc/JPEGImages/c.jpg')).toEqual({ kind: 'missing', reason: 'no c.xml under voc/Annotations/' });
    const big = await load({ format: 'voc', path: 'voc/Annotations' }, head, images, { limits: { maxFileBytes: 20 } });
    expect(big.images.get('voc/JPEGImages/a.jpg')).toMatchObject({
      kind: 'problem',
      reason: expect.stringMatching(/^voc\/Annotations\/a\.xml: annotation file too large/),
      file: 'voc/Annotations/a.xml',
    });
  });
});
