import { describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import type { Box } from '../src/data/annotations/types.js';
import type { CollectedDataset } from '../src/data/collect.js';
import { noCounts } from '../src/data/unreadable.js';
import type { Item } from '../src/data/item.js';
import { objectCrops } from '../src/data/objects.js';
import { embedDataset } from '../src/embed/dataset.js';
import type { EmbedInput, Embedder, EmbeddingSet } from '../src/embed/types.js';
import { embedObjects, modelInput } from '../src/evaluate-boxes.js';
import { measureDataset } from '../src/measure/dataset.js';
import { renderThumbnails } from '../src/report/thumbnails.js';
import { silentLogger } from '../src/log.js';
import { mergeThresholds } from '../src/risk/thresholds.js';
import { validateReport } from '../src/report/validate.js';
import { createRng } from '../src/stats/rng.js';

/** A real (tiny) embedder: the image decoded to 6×6 RGB, pixel values as the vector. */
function pixelEmbedder(): Embedder & { calls: EmbedInput[][] } {
  const calls: EmbedInput[][] = [];
  return {
    calls,
    meta: { backend: 'test', device: 'cpu', model: 'pixels-6x6', preprocessing: 'image 96x96 fill linear [0,1]', cacheHits: 0, cacheMisses: 0 },
    async embed(inputs: EmbedInput[]): Promise<EmbeddingSet> {
      calls.push(inputs);
      const dims = 6 * 6 * 3;
      const vectors = new Float32Array(inputs.length * dims);
      const failed: EmbeddingSet['failed'] = [];
      for (let i = 0; i < inputs.length; i++) {
        try {
          const raw = await sharp(inputs[i]!.bytes!).removeAlpha().resize(6, 6, { fit: 'fill' }).raw().toBuffer();
          for (let j = 0; j < dims; j++) vectors[i * dims + j] = raw[j]! / 255;
        } catch (e) {
          failed.push({ id: inputs[i]!.id, reason: String(e) });
        }
      }
      return { ids: inputs.map((x) => x.id), dims, vectors, failed };
    },
    dispose() {},
  };
}

const COLORS: Record<string, [number, number, number]> = { red: [230, 30, 30], blue: [30, 30, 230] };

/** A 96×96 grey image with one coloured square object of side `side` (px) at a random place. */
async function picture(seed: number, label: string, side: number): Promise<{ bytes: Buffer; box: Box }> {
  const rng = createRng(seed);
  const W = 96;
  const x0 = Math.floor(rng.next() * (W - side));
  const y0 = Math.floor(rng.next() * (W - side));
  const data = Buffer.alloc(W * W * 3);
  for (let i = 0; i < W * W; i++) data.fill(100 + Math.floor(20 * rng.next()), i * 3, i * 3 + 3);
  for (let y = y0; y < y0 + side; y++) for (let x = x0; x < x0 + side; x++) data.set(COLORS[label]!, (y * W + x) * 3);
  const bytes = await sharp(data, { raw: { width: W, height: W, channels: 3 } })
    .png()
    .toBuffer();
  return { bytes, box: { label, x: x0 / W, y: y0 / W, w: side / W, h: side / W } };
}

async function items(side: 'base' | 'head', n: number, size: number, seed0: number): Promise<Item[]> {
  const out: Item[] = [];
  for (let i = 0; i < n; i++) {
    const label = i % 2 ? 'red' : 'blue';
    const p = await picture(seed0 + i, label, size);
    out.push({
      id: `img/${side}-${i}.png`,
      path: `img/${side}-${i}.png`,
      side,
      status: 'added',
      contentHash: `${side}${i}`,
      features: { width: 96, height: 96 },
      bytes: p.bytes,
      boxes: [p.box],
      label,
    });
  }
  return out;
}

function collected(base: Item[], head: Item[]): CollectedDataset {
  return {
    name: 'objects',
    modality: 'image',
    labelSource: { kind: 'boxes', format: 'coco', path: 'ann.json' },
    labelsSetting: 'coco:ann.json',
    base,
    head,
    total: { base: base.length, head: head.length },
    changes: { added: head.length, modified: 0, deleted: 0, renamed: 0 },
    skipped: [],
    unreadable: { base: noCounts(), head: noCounts() },
    annotations: {
      format: 'coco',
      source: 'coco:ann.json',
      base: { files: 1, annotated: base.length, unannotated: 0, problems: 0 },
      head: { files: 1, annotated: head.length, unannotated: 0, problems: 0 },
      notes: [],
    },
  };
}

describe('the model input geometry', () => {
  it('comes from the embedder preprocessing, else the built-in preset', () => {
    expect(modelInput({ model: 'x/model.json', task: 'classification' }, pixelEmbedder())).toEqual({ width: 96, height: 96, resize: 'fill' });
    expect(modelInput({ model: 'builtin:default', task: 'classification' })).toEqual({ width: 224, height: 224, resize: 'fill' });
    expect(modelInput({ model: 'builtin:inception_v3', task: 'classification' })).toEqual({ width: 299, height: 299, resize: 'fill' });
    expect(modelInput({ model: 'x/model.json', task: 'classification' })).toBeUndefined();
  });
});

describe('object crops', () => {
  it('one crop per image with boxes, at most maxPerSide (the same seeded images on both sides)', async () => {
    const its = await items('base', 6, 20, 1);
    its.push({ ...its[0]!, id: 'no-boxes', boxes: [] });
    const r = await objectCrops(its, 'base', { seed: 3, margin: 0.5, maxPerSide: 4 });
    expect(r.crops).toHaveLength(4);
    expect(r.failed).toEqual([]);
    const again = await objectCrops([...its].reverse(), 'base', { seed: 3, margin: 0.5, maxPerSide: 4 });
    expect(again.crops.map((c) => c.item.id)).toEqual(r.crops.map((c) => c.item.id));
    expect(r.crops[0]!.id).toBe(`base:crop:${r.crops[0]!.item.id}`);
    expect(r.crops[0]!.contentHash).toMatch(/:crop:\d+,\d+,40,40$/);
    const bad = await objectCrops([{ ...its[0]!, bytes: Buffer.from('junk') }], 'head', { seed: 3, margin: 0.5, maxPerSide: 4 });
    expect(bad.failed[0]).toMatchObject({ path: its[0]!.path, side: 'head', reason: expect.stringMatching(/^object crop failed: not a readable image/) });
  });
});

describe('object embeddings into the measure stage', () => {
  it('box statistics, object crops embedded with the same model, their separability and the atypical objects', async () => {
    const base = await items('base', 24, 24, 100);
    const head = await items('head', 24, 4, 200); // the objects shrink to 4 px
    const embedder = pixelEmbedder();
    const embeddings = await embedDataset(embedder, base, head);
    const t = { ...mergeThresholds({}), mmdPermutations: 50, classifierPermutations: 20 };
    const c = collected(base, head);
    const objects = await embedObjects(c, embedder, embeddings, { t, seed: 42, log: silentLogger });
    expect(objects.failed).toEqual([]);
    const cropIds = (its: Item[], side: string) => its.map((it) => `${side}:crop:${it.id}`).sort();
    expect(embedder.calls[1]!.map((x) => x.id)).toEqual([...cropIds(base, 'base'), ...cropIds(head, 'head')]);
    // rows aligned: the crop's image row holds that image's whole-image embedding
    const o = objects.objects!;
    const k = 5;
    const img = embeddings.head.items.findIndex((it) => it.path === o.head.items![k]!.path);
    expect(Array.from(o.head.images.data.subarray(k * o.head.images.cols, (k + 1) * o.head.images.cols))).toEqual(
      Array.from(embeddings.head.vectors.data.subarray(img * embeddings.head.vectors.cols, (img + 1) * embeddings.head.vectors.cols)),
    );
    expect(o.head.labels[k]).toBe(head.find((it) => it.path === o.head.items![k]!.path)!.boxes![0]!.label);

    const input = modelInput({ model: 'x', task: 'c' }, embedder);
    const measured = measureDataset({ collected: c, embeddings, objects: o }, { t, seed: 42, model: { builtin: false, ...(input ? { input } : {}) } });
    const b = measured.report.boxes!;
    expect(b.input).toEqual({ width: 96, height: 96, resize: 'fill' });
    expect(b.base.atInput!.size.median).toBeCloseTo(24, 6);
    expect(b.head.atInput!.smallShare).toBe(1);
    expect(b.objects!.crops).toEqual({ base: 24, head: 24 });
    // a coloured square filling the crop: the colour classes separate on crops; whole images of 4 px objects less
    expect(b.objects!.separability.base!.crops!.knn.lift).toBeGreaterThan(0.8);
    expect(b.objects!.separability.head!.crops!.knn.lift).toBeGreaterThan(0.8);
    expect(b.objects!.separability.head!.images!.knn.lift).toBeLessThan(b.objects!.separability.head!.crops!.knn.lift);
    expect(b.objects!.separability.head!.crops!.leep).toBeUndefined();
    const sizes = measured.plots.boxSizes!;
    expect(sizes[0]!.feature).toBe('box size √(w·h) at the 96×96 input (px)');
    expect(sizes[0]!.edges.length).toBe(sizes[0]!.base.length + 1);
    const thumbs = await renderThumbnails('objects', measured.plots.atypicalObjects!);
    expect(thumbs).toHaveLength(6);
    expect(thumbs[0]!.dataUri).toMatch(/^data:image\/jpeg;base64,/);
    expect(thumbs[0]!.note).toMatch(/^(red|blue) box: nearest base object at distance/);
    // the report entry is schema-valid
    validateReport({
      schemaVersion: 1,
      tool: { name: 'transfer-risk', version: '0' },
      createdAt: '2026-01-01T00:00:00Z',
      base: { ref: 'a', sha: '' },
      head: { ref: 'b', sha: '' },
      meta: {},
      datasets: [measured.report],
      risk: {
        level: 'low',
        scenarios: (['task-mismatch', 'data-drift', 'roi-shift', 'augmentation-drift'] as const).map((id) => ({
          id,
          level: 'low' as const,
          score: 0,
          evidence: [],
          recommendations: [],
        })),
      },
    });
  });

  it('without object embeddings, only the box statistics; without annotations, no boxes', async () => {
    const base = await items('base', 6, 24, 1);
    const t = mergeThresholds({});
    const m = measureDataset(
      { collected: collected(base, base) },
      { t, seed: 1, model: { builtin: true, input: { width: 224, height: 224, resize: 'fill' } } },
    );
    expect(m.report.boxes!.objects).toBeUndefined();
    expect(m.report.boxes!.features.length).toBeGreaterThan(0);
    const plain = collected(base, base);
    delete plain.annotations;
    const p = measureDataset({ collected: plain }, { t, seed: 1, model: { builtin: true } });
    expect(p.report.boxes).toBeUndefined();
    expect(p.plots.boxSizes).toBeUndefined();
  });
});
