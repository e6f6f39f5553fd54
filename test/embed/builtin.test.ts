/**
 * The offline built-in default (MobileNetV2 from the nsfwjs package) on the wasm backend.
 * Kept cheap: four 224×224 images.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as TfNamespace from '@tensorflow/tfjs';
import { currentBackend, type Tf } from '../../src/embed/backends.js';
import { BUILTIN_MODELS, builtinByName } from '../../src/embed/builtin.js';
import { createEmbedder } from '../../src/embed/create.js';
import { loadModel } from '../../src/embed/models.js';
import type { Embedder, EmbedInput, EmbeddingSet } from '../../src/embed/types.js';
import { cosine, png } from './helpers.js';

const S = 224;
let embedder: Embedder;
let set: EmbeddingSet;
let tf: Tf;
const raws: Record<string, Uint8Array> = {};

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

beforeAll(async () => {
  const rnd = lcg(3);
  raws.gradient = await png(S, S, (x, y) => [x, y, 128]);
  raws.checker = await png(S, S, (x, y) => ((Math.floor(x / 16) + Math.floor(y / 16)) % 2 ? [250, 250, 250] : [5, 5, 5]));
  raws.noise = await png(S, S, () => [rnd() * 255, rnd() * 255, rnd() * 255]);
  embedder = await createEmbedder({
    modality: 'image',
    pretrained: { model: 'builtin:default', task: 'classification' },
    backend: 'wasm',
    cacheDir: null,
  });
  const inputs: EmbedInput[] = [
    { id: 'gradient', contentHash: 'g', bytes: raws.gradient },
    { id: 'checker', contentHash: 'c', bytes: raws.checker },
    { id: 'noise', contentHash: 'n', bytes: raws.noise },
    // same bytes under another id and content hash: embedded again, must be identical
    { id: 'gradient-again', contentHash: 'g2', bytes: raws.gradient },
    { id: 'broken', contentHash: 'b', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]) },
  ];
  set = await embedder.embed(inputs);
  tf = (await currentBackend())!.tf;
}, 120_000);

afterAll(async () => {
  await embedder?.dispose();
});

const row = (id: string): Float32Array => {
  const i = set.ids.indexOf(id);
  return set.vectors.subarray(i * set.dims, (i + 1) * set.dims);
};

describe('builtin:default', () => {
  it('is MobileNetV2 with 224×224 [0,1] fill preprocessing, as nsfwjs infers', () => {
    expect(builtinByName('default')).toBe(BUILTIN_MODELS.mobilenet_v2);
    expect(embedder.meta.model).toBe('builtin:default');
    expect(embedder.meta.preprocessing).toBe('image 224x224 fill linear [0,1]');
    expect(embedder.meta.layer).toBe('flatten_1');
    expect(embedder.meta.modelIdentity).toMatch(/^builtin:mobilenet_v2@nsfwjs-4\./);
    expect(embedder.meta.backend).toBe('wasm');
    expect(embedder.meta.device).toMatch(/^CPU \(WASM/);
    expect(embedder.meta.classNames).toEqual(['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy']);
  });

  it('gives 1280-d embeddings and 5-class probabilities; a broken file is a per-item failure', () => {
    expect(set.dims).toBe(1280);
    expect(set.ids).toEqual(['gradient', 'checker', 'noise', 'gradient-again']);
    expect(set.vectors.length).toBe(4 * 1280);
    expect(set.failed).toHaveLength(1);
    expect(set.failed[0]!.id).toBe('broken');
    expect(set.failed[0]!.reason.length).toBeGreaterThan(0);
    expect(set.classes).toBe(5);
    for (let i = 0; i < 4; i++) {
      const p = set.probs!.subarray(i * 5, i * 5 + 5);
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    }
  });

  it('is identical for the same image and differs meaningfully for different images', () => {
    expect(Array.from(row('gradient-again'))).toEqual(Array.from(row('gradient')));
    const ids = ['gradient', 'checker', 'noise'];
    for (let a = 0; a < ids.length; a++) {
      for (let b = a + 1; b < ids.length; b++) {
        expect(cosine(row(ids[a]!), row(ids[b]!))).toBeLessThan(0.9);
      }
    }
    // post-ReLU6 average pooling: every component in [0, 6], and not all zero
    for (const id of ids) {
      const v = row(id);
      expect(Math.min(...v)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...v)).toBeLessThanOrEqual(6);
      expect(Math.max(...v)).toBeGreaterThan(0.1);
    }
  });

  it('equals the global average of out_relu computed independently from the nsfwjs bundles', async () => {
    // independent path: the UMD bundles loaded here, pixels / 255 with no resize (224×224 input)
    const req = createRequire(import.meta.url);
    const dir = path.resolve(path.dirname(req.resolve('nsfwjs')), '../models/mobilenet_v2');
    const json = req(path.join(dir, 'model.min.js')) as { modelTopology: object; weightsManifest: Array<{ weights: TfNamespace.io.WeightsManifestEntry[] }> };
    const weights = Buffer.from(req(path.join(dir, 'group1-shard1of1.min.js')) as string, 'base64');
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
        weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer,
      }),
    );
    const features = tf.model({ inputs: model.inputs, outputs: [model.getLayer('out_relu').output as TfNamespace.SymbolicTensor, model.outputs[0]!] });
    const sharp = (await import('sharp')).default;
    const { data } = await sharp(raws.checker!).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const x = tf.tidy(() => tf.div(tf.tensor4d(new Uint8Array(data), [1, S, S, 3], 'int32').toFloat(), 255));
    const [fmap, probs] = features.predict(x) as TfNamespace.Tensor[];
    const pooled = tf.mean(fmap!, [1, 2]);
    const want = (await pooled.data()) as Float32Array;
    const wantProbs = (await probs!.data()) as Float32Array;
    const got = row('checker');
    let maxDiff = 0;
    for (let i = 0; i < 1280; i++) maxDiff = Math.max(maxDiff, Math.abs(got[i]! - want[i]!));
    expect(maxDiff).toBeLessThan(1e-3);
    const i = set.ids.indexOf('checker');
    for (let k = 0; k < 5; k++) expect(set.probs![i * 5 + k]).toBeCloseTo(wantProbs[k]!, 3);
    tf.dispose([x, fmap!, probs!, pooled]);
    model.dispose();
  }, 60_000);

  it('a run served entirely from the cache never loads the model', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tr-embed-builtin-cache-'));
    const opts = { modality: 'image' as const, pretrained: { model: 'builtin:default', task: 'classification' }, backend: 'wasm' as const, cacheDir };
    const cold = await createEmbedder(opts);
    const a = await cold.embed([{ id: 'checker', contentHash: 'c', bytes: raws.checker! }]);
    expect(cold.meta).toMatchObject({ cacheHits: 0, cacheMisses: 1 });
    await cold.dispose();
    const before = tf.memory().numTensors;
    const warm = await createEmbedder(opts);
    const b = await warm.embed([{ id: 'checker', contentHash: 'c', bytes: raws.checker! }]);
    expect(warm.meta).toMatchObject({ cacheHits: 1, cacheMisses: 0 });
    expect(tf.memory().numTensors).toBe(before); // no weights were loaded
    expect(Array.from(b.vectors)).toEqual(Array.from(a.vectors));
    expect(Array.from(b.probs!)).toEqual(Array.from(a.probs!));
    // and it matches the uncached embedding of the same image
    expect(Array.from(b.vectors)).toEqual(Array.from(row('checker')));
    await warm.dispose();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }, 60_000);

  it('builtin:mobilenet_v2_mid is a GraphModel (MobileNetV2 1.4, 1792-d) whose default node is the squeeze after the average pool', async () => {
    const runner = await loadModel(tf, 'builtin:mobilenet_v2_mid');
    expect(runner.format).toBe('graph');
    expect(runner.layer).toMatch(/feature_vector\/SpatialSqueeze$/);
    expect(runner.dims).toBe(1792);
    expect(runner.classes).toBe(5);
    runner.dispose();
  }, 60_000);
});
