/**
 * The built-in model (nsfwjs's MobileNetV2, uint8-quantized TF.js Layers weights) on ONNX Runtime,
 * converted in JavaScript at first use, against the same model on TensorFlow.js (WASM backend, the outside
 * oracle) on real decoded images: the demo's rendered part photographs (JPEG, both cameras, defects) and
 * synthetic PNGs. Goal from issue 14: per vector max relative difference ≤ 1e-4 and cosine ≥ 0.99999.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { createEmbedder } from '../../src/embed/create.js';
import type { EmbedInput, EmbeddingSet, EmbedMeta } from '../../src/embed/types.js';
import { availableCores } from '../../src/embed/onnx/runtime.js';
import { defectImages, encodeImage, partImages } from '../../src/demo/repo.js';
import { NEW_CAMERA, REFERENCE_CAMERA } from '../../src/demo/render.js';
import { cosine, png, tmpDir } from './helpers.js';

let inputs: EmbedInput[];
let onnx: EmbeddingSet;
let tfjs: EmbeddingSet;
let onnxMeta: EmbedMeta;
let cacheDir: string;

const pretrained = { model: 'builtin:default', task: 'classification' };

beforeAll(async () => {
  const specs = [...partImages(4, 1, REFERENCE_CAMERA), ...partImages(3, 40, NEW_CAMERA), ...defectImages(3, 70, REFERENCE_CAMERA)];
  inputs = [];
  for (const s of specs) inputs.push({ id: s.path, contentHash: `demo-${s.path}`, bytes: new Uint8Array(await encodeImage(s, 160)) });
  inputs.push({ id: 'gradient.png', contentHash: 'grad', bytes: await png(300, 200, (x, y) => [x % 256, y, 128]) });
  inputs.push({
    id: 'checker.png',
    contentHash: 'check',
    bytes: await png(224, 224, (x, y) => ((Math.floor(x / 16) + Math.floor(y / 16)) % 2 ? [250, 250, 250] : [5, 5, 5])),
  });
  cacheDir = tmpDir('builtin-onnx');
  const e1 = await createEmbedder({ modality: 'image', pretrained, backend: 'onnx', cacheDir });
  onnx = await e1.embed(inputs);
  onnxMeta = { ...e1.meta };
  await e1.dispose();
  const e2 = await createEmbedder({ modality: 'image', pretrained, backend: 'wasm', cacheDir: null });
  tfjs = await e2.embed(inputs);
  await e2.dispose();
}, 300_000);

afterAll(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

describe('builtin:default on ONNX Runtime', () => {
  it('reports the engine, execution provider and threads', () => {
    expect(onnxMeta.backend).toBe('onnx');
    expect(onnxMeta.engine).toBe('onnxruntime');
    expect(onnxMeta.executionProvider).toBe('cpu');
    expect(onnxMeta.threads).toBe(availableCores());
    expect(onnxMeta.layer).toBe('flatten_1');
    expect(onnxMeta.dims).toBe(1280);
    expect(onnxMeta.preprocessing).toBe('image 224x224 fill linear [0,1]');
    expect(onnxMeta.embedded).toBe(inputs.length);
    expect(onnxMeta.imagesPerSecond).toBeGreaterThan(0);
  });

  it('agrees with TensorFlow.js on every image: max relative difference ≤ 1e-4, cosine ≥ 0.99999, same class probabilities', () => {
    expect(onnx.ids).toEqual(tfjs.ids);
    expect(onnx.ids).toHaveLength(inputs.length);
    const d = onnx.dims;
    expect(d).toBe(tfjs.dims);
    for (let i = 0; i < onnx.ids.length; i++) {
      const a = onnx.vectors.subarray(i * d, (i + 1) * d);
      const b = tfjs.vectors.subarray(i * d, (i + 1) * d);
      let maxAbs = 0;
      let scale = 0;
      for (let j = 0; j < d; j++) {
        maxAbs = Math.max(maxAbs, Math.abs(a[j]! - b[j]!));
        scale = Math.max(scale, Math.abs(b[j]!));
      }
      expect(scale).toBeGreaterThan(0);
      expect(maxAbs / scale).toBeLessThanOrEqual(1e-4);
      expect(cosine(a, b)).toBeGreaterThanOrEqual(0.99999);
    }
    expect(onnx.classes).toBe(5);
    for (let i = 0; i < onnx.probs!.length; i++) expect(Math.abs(onnx.probs![i]! - tfjs.probs![i]!)).toBeLessThan(1e-4);
  });

  it('different images give different embeddings (the agreement is not trivial)', () => {
    const d = onnx.dims;
    expect(cosine(onnx.vectors.subarray(0, d), onnx.vectors.subarray(d * 10, d * 11))).toBeLessThan(0.99);
  });

  it('is converted once and cached in the cache dir under a content hash of the source model', async () => {
    const dir = path.join(cacheDir, 'models', 'onnx');
    const files = fs.readdirSync(dir).sort();
    expect(files).toHaveLength(2);
    expect(files[0]).toMatch(/^[0-9a-f]{64}\.json$/);
    expect(files[1]).toMatch(/^[0-9a-f]{64}\.onnx$/);
    const before = fs.statSync(path.join(dir, files[1]!)).mtimeMs;
    // a new embedder on the same cache (no embedding hits: other content) reuses the converted file
    const e = await createEmbedder({ modality: 'image', pretrained, backend: 'onnx', cacheDir });
    const again = await e.embed([{ ...inputs[0]!, contentHash: 'other-hash' }]);
    await e.dispose();
    expect(fs.statSync(path.join(dir, files[1]!)).mtimeMs).toBe(before);
    expect(Array.from(again.vectors)).toEqual(Array.from(onnx.vectors.subarray(0, onnx.dims)));
  });

  it('keys the embedding cache by engine: TF.js does not read ONNX Runtime entries', async () => {
    const e = await createEmbedder({ modality: 'image', pretrained, backend: 'wasm', cacheDir });
    await e.embed(inputs.slice(0, 2));
    expect(e.meta.cacheHits).toBe(0);
    expect(e.meta.cacheMisses).toBe(2);
    await e.dispose();
    const o = await createEmbedder({ modality: 'image', pretrained, backend: 'onnx', cacheDir });
    await o.embed(inputs.slice(0, 2));
    expect(o.meta.cacheHits).toBe(2);
    await o.dispose();
  });
});
