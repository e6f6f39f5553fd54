import { describe, expect, it } from '@jest/globals';
import type { Box } from '../../src/data/annotations/types.js';
import {
  boxAtInput,
  boxColumns,
  boxFeatureDrift,
  boxSideSummary,
  measureBoxes,
  sizeHistogram,
  testedBox,
  type AnnotatedImage,
} from '../../src/measure/boxes.js';
import type { CollectedAnnotations, CollectedDataset } from '../../src/data/collect.js';
import { noCounts } from '../../src/data/unreadable.js';
import type { Item } from '../../src/data/item.js';
import { mergeThresholds } from '../../src/risk/thresholds.js';
import { createRng } from '../../src/stats/rng.js';

const box = (label: string, x: number, y: number, w: number, h: number): Box => ({ label, x, y, w, h });

/** n images of `size` px with 0..3 boxes each; `scale` multiplies box sides, `classes` their labels. */
function images(n: number, seed: number, opts: { scale?: number; classes?: string[]; size?: [number, number]; prefix?: string } = {}): AnnotatedImage[] {
  const rng = createRng(seed);
  const [W, H] = opts.size ?? [640, 480];
  const classes = opts.classes ?? ['scratch', 'dent'];
  return Array.from({ length: n }, (_, i) => {
    const k = rng.int(4);
    const boxes = Array.from({ length: k }, () => {
      const w = Math.min(0.9, (0.05 + 0.1 * rng.next()) * (opts.scale ?? 1));
      const h = Math.min(0.9, (0.05 + 0.1 * rng.next()) * (opts.scale ?? 1));
      return box(classes[rng.int(classes.length)]!, rng.next() * (1 - w), rng.next() * (1 - h), w, h);
    });
    return { id: `${opts.prefix ?? 'img'}-${i}`, width: W, height: H, boxes };
  });
}

describe('boxes at the model input', () => {
  it('fill stretches the image to the input', () => {
    const a = boxAtInput(box('a', 0.25, 0.5, 0.1, 0.2), { width: 1000, height: 500 }, { width: 224, height: 224, resize: 'fill' });
    expect(a.x).toBeCloseTo(56, 10);
    expect(a.y).toBeCloseTo(112, 10);
    expect(a.w).toBeCloseTo(22.4, 10);
    expect(a.h).toBeCloseTo(44.8, 10);
    expect(a.size).toBeCloseTo(Math.sqrt(22.4 * 44.8), 10);
    expect(a.visible).toBe(1);
  });

  it('cover scales the shorter side to the input and crops the centre', () => {
    // 1000×500 → scale 224/500 = 0.448 → 448×224, 112 px cropped on each side
    const input = { width: 224, height: 224, resize: 'cover' as const };
    const a = boxAtInput(box('a', 0.5, 0.25, 0.1, 0.5), { width: 1000, height: 500 }, input);
    expect(a.x).toBeCloseTo(500 * 0.448 - 112, 10);
    expect(a.w).toBeCloseTo(100 * 0.448, 10);
    expect(a.h).toBeCloseTo(250 * 0.448, 10);
    expect(a.visible).toBe(1);
    // a box at the left edge is cropped away
    const edge = boxAtInput(box('a', 0, 0, 0.1, 0.1), { width: 1000, height: 500 }, input);
    expect(edge.visible).toBe(0);
    const half = boxAtInput(box('a', 0.1, 0, 0.04, 0.1), { width: 1000, height: 500 }, input);
    // x from 100·0.448 − 112 = −67.2 to 140·0.448 − 112 = −49.28: outside
    expect(half.visible).toBe(0);
    const part = boxAtInput(box('a', 0.2, 0, 0.1, 0.1), { width: 1000, height: 500 }, input);
    // x from −22.4 to 22.4: half visible
    expect(part.visible).toBeCloseTo(0.5, 10);
  });
});

describe('box drift features', () => {
  it('per-image columns for every image, per-box columns from one seeded box per image', () => {
    const ims = images(50, 1);
    const cols = boxColumns(ims, { seed: 42 });
    expect(cols.get('boxes_per_image')).toHaveLength(50);
    expect(cols.get('image_without_boxes')!.filter((v) => v === 'without boxes').length).toBe(ims.filter((im) => im.boxes.length === 0).length);
    const withBoxes = ims.filter((im) => im.boxes.length > 0);
    expect(cols.get('box_area_share')).toHaveLength(withBoxes.length);
    expect(cols.has('box_size_at_input')).toBe(false);
    // the tested box is the same for the same image id (both sides of an unchanged image)
    const copy = ims.map((im) => ({ ...im, boxes: [...im.boxes] }));
    expect(copy.map((im) => testedBox(im, 42))).toEqual(ims.map((im) => testedBox(im, 42)));
    const k = testedBox(withBoxes[0]!, 42);
    const b = withBoxes[0]!.boxes[k]!;
    expect(cols.get('box_area_share')![0]).toBeCloseTo(b.w * b.h, 12);
    expect(cols.get('box_aspect')![0]).toBeCloseTo((b.w * 640) / (b.h * 480), 12);
    expect(cols.get('box_center_x')![0]).toBeCloseTo(b.x + b.w / 2, 12);
    expect(cols.get('box_class')![0]).toBe(b.label);
    const seeds = new Set(
      Array.from({ length: 20 }, (_, s) =>
        ims
          .filter((im) => im.boxes.length > 1)
          .map((im) => testedBox(im, s))
          .join(),
      ),
    );
    expect(seeds.size).toBeGreaterThan(1);
  });

  it('no drift between two samples of the same annotation process; drift when boxes shrink or a class appears', () => {
    const input = { width: 224, height: 224, resize: 'fill' as const };
    // the same process on both sides: some feature drifts in about α of the pairs (BH across the features)
    let flagged = 0;
    for (let t = 0; t < 20; t++) {
      const same = boxFeatureDrift(images(150, 100 + 2 * t), images(150, 101 + 2 * t, { prefix: 'h' }), { input, seed: 42 });
      expect(same.map((f) => f.name)).toEqual([
        'boxes_per_image',
        'image_without_boxes',
        'box_area_share',
        'box_aspect',
        'box_center_x',
        'box_center_y',
        'box_class',
        'box_size_at_input',
      ]);
      if (same.some((f) => f.drift)) flagged++;
    }
    expect(flagged).toBeLessThanOrEqual(3);

    const shrunk = boxFeatureDrift(images(300, 5), images(300, 6, { scale: 0.3, prefix: 'h' }), { input, seed: 42 });
    const drifted = shrunk.filter((f) => f.drift).map((f) => f.name);
    expect(drifted).toEqual(expect.arrayContaining(['box_area_share', 'box_size_at_input']));
    expect(drifted).not.toContain('box_class');
    expect(drifted).not.toContain('boxes_per_image');

    const newClass = boxFeatureDrift(images(300, 5), images(300, 6, { classes: ['scratch', 'dent', 'spot'], prefix: 'h' }), { input, seed: 42 });
    expect(newClass.filter((f) => f.drift).map((f) => f.name)).toEqual(['box_class']);
    const cls = newClass.find((f) => f.name === 'box_class')!;
    expect(cls.kind).toBe('categorical');
    expect(cls.summary!.head.top!.map((t) => t.value).sort()).toEqual(['dent', 'scratch', 'spot']);
  });

  it('summaries describe every box, tests use one per image', () => {
    const base = images(100, 3);
    const head = images(100, 4, { prefix: 'h' });
    const f = boxFeatureDrift(base, head, { seed: 1 }).find((x) => x.name === 'box_area_share')!;
    const nBoxes = base.reduce((a, im) => a + im.boxes.length, 0);
    expect(f.summary!.base.n).toBe(nBoxes);
    expect(f.metrics.ks).toBeDefined();
    expect(nBoxes).toBeGreaterThan(base.filter((im) => im.boxes.length > 0).length);
  });
});

describe('box summaries at the model input', () => {
  it('counts boxes, classes, empty images and small objects, with quantiles in input pixels', () => {
    const ims: AnnotatedImage[] = [
      { id: 'a', width: 1000, height: 1000, boxes: [box('scratch', 0, 0, 0.05, 0.05), box('dent', 0.5, 0.5, 0.2, 0.1)] },
      { id: 'b', width: 1000, height: 1000, boxes: [] },
      { id: 'c', width: 1000, height: 1000, boxes: [box('scratch', 0.1, 0.1, 0.01, 0.02)] },
    ];
    const s = boxSideSummary(ims, { width: 224, height: 224, resize: 'fill' }, 16);
    expect(s).toMatchObject({ images: 3, boxes: 3, imagesWithoutBoxes: 1, classes: { scratch: 2, dent: 1 } });
    // sizes: 0.05·224 = 11.2; √(44.8·22.4) = 31.68; √(2.24·4.48) = 3.17
    expect(s.atInput!.small).toBe(2);
    expect(s.atInput!.smallShare).toBeCloseTo(2 / 3, 12);
    expect(s.atInput!.size.median).toBeCloseTo(11.2, 10);
    expect(s.atInput!.width.median).toBeCloseTo(11.2, 10);
    expect(s.atInput!.width.p90).toBeCloseTo(11.2 + 0.8 * (44.8 - 11.2), 10);
    expect(boxSideSummary(ims, undefined).atInput).toBeUndefined();
  });

  it('histogram bins double from 2 px up to the input size', () => {
    const ims: AnnotatedImage[] = [
      { id: 'a', width: 100, height: 100, boxes: [box('a', 0, 0, 0.005, 0.005), box('a', 0, 0, 0.05, 0.05), box('a', 0, 0, 0.9, 0.9)] },
    ];
    const h = sizeHistogram(ims, [], { width: 224, height: 224, resize: 'fill' });
    expect(h.edges).toEqual([0, 2, 4, 8, 16, 32, 64, 128]);
    // 1.12 px → [0, 2); 11.2 → [8, 16); 201.6 → [128, ∞)
    expect(h.base).toEqual([1, 0, 0, 1, 0, 0, 0, 1]);
    expect(h.head).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });
});

describe('measureBoxes (report.datasets[].boxes)', () => {
  const t = mergeThresholds({});
  const item = (id: string, side: 'base' | 'head', boxes?: Box[]): Item => ({
    id,
    path: id,
    side,
    status: 'unchanged',
    contentHash: id,
    features: { width: 1000, height: 1000 },
    ...(boxes ? { boxes } : {}),
  });
  const collected = (base: Item[], head: Item[], annotations: Partial<CollectedAnnotations> = {}): CollectedDataset => ({
    name: 'defects',
    modality: 'image',
    labelSource: { kind: 'boxes', format: 'yolo', path: 'data' },
    labelsSetting: 'yolo:data',
    base,
    head,
    total: { base: base.length, head: head.length },
    changes: { added: 0, modified: 0, deleted: 0, renamed: 0 },
    skipped: [],
    unreadable: { base: noCounts(), head: noCounts() },
    annotations: {
      format: 'yolo',
      source: 'yolo:data',
      base: { files: base.length, annotated: base.length, unannotated: 0, problems: 0 },
      head: { files: head.length, annotated: head.length, unannotated: 1, problems: 2 },
      classes: ['scratch', 'spot'],
      notes: [],
      ...annotations,
    },
  });

  it('counts, classes, sizes at the input, new and gone classes, features and the histogram', () => {
    const base = Array.from({ length: 20 }, (_, i) =>
      item(`b${i}`, 'base', i % 4 === 0 ? [] : [box('scratch', 0.1, 0.1, 0.1, 0.1), box('dent', 0.5, 0.5, 0.2, 0.2)]),
    );
    const head = Array.from({ length: 20 }, (_, i) => item(`h${i}`, 'head', [box('scratch', 0.1, 0.1, 0.05, 0.05), box('spot', 0.5, 0.5, 0.02, 0.02)]));
    head.push(item('loose', 'head'));
    const r = measureBoxes(collected(base, head), { input: { width: 224, height: 224, resize: 'fill' }, t, seed: 1 })!;
    expect(r).toMatchObject({
      format: 'yolo',
      source: 'yolo:data',
      classes: ['scratch', 'spot'],
      smallObjectPx: 16,
      input: { width: 224, height: 224, resize: 'fill' },
    });
    expect(r.base).toMatchObject({ images: 20, boxes: 30, imagesWithoutBoxes: 5, unannotated: 0, malformed: 0, classes: { scratch: 15, dent: 15 } });
    expect(r.head).toMatchObject({ images: 20, boxes: 40, imagesWithoutBoxes: 0, unannotated: 1, malformed: 2, classes: { scratch: 20, spot: 20 } });
    // 0.05·224 = 11.2 px and 0.02·224 = 4.48 px: every head box is small; base 22.4 and 44.8 px
    expect(r.head.atInput!.smallShare).toBe(1);
    expect(r.base.atInput!.smallShare).toBe(0);
    expect(r.newClasses).toEqual([{ name: 'spot', boxes: 20, share: 0.5 }]);
    expect(r.goneClasses).toEqual([{ name: 'dent', boxes: 15, share: 0.5 }]);
    expect(r.features.find((f) => f.name === 'box_size_at_input')!.drift).toBe(true);
    expect(r.sizeHistogram!.base.reduce((a, b) => a + b)).toBe(30);
    expect(r.sizeHistogram!.head.reduce((a, b) => a + b)).toBe(40);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r); // no NaN or undefined on the way to report.json
  });

  it('without the input size, sizes are left out; an annotation error is reported, nothing else', () => {
    const base = [item('b0', 'base', [box('a', 0, 0, 0.5, 0.5)])];
    const r = measureBoxes(collected(base, []), { t, seed: 1 })!;
    expect(r.base.atInput).toBeUndefined();
    expect(r.head.atInput).toBeUndefined();
    expect(r.sizeHistogram).toBeUndefined();
    expect(r.features.find((f) => f.name === 'box_size_at_input')).toBeUndefined();
    const e = measureBoxes(collected(base, base, { error: 'box annotations yolo:data cannot be judged: head: no YOLO label files' }), { t, seed: 1 })!;
    expect(e.error).toMatch(/cannot be judged/);
    expect(e.features).toEqual([]);
    const none = collected(base, base);
    delete none.annotations;
    expect(measureBoxes(none, { t, seed: 1 })).toBeUndefined();
  });
});
