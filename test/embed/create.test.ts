import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import * as tfjs from '@tensorflow/tfjs';
import { currentBackend, type Tf } from '../../src/embed/backends.js';
import { createEmbedder } from '../../src/embed/create.js';
import type { EmbedInput, EmbedderOptions } from '../../src/embed/types.js';
import { png, saveLayersModel, tinyImageModel, tmpDir } from './helpers.js';

const tf = tfjs as unknown as Tf;
let dir: string;
let modelA: string;
let modelB: string;
let images: EmbedInput[];

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
  dir = tmpDir('create');
  const a = tinyImageModel(tf, 1);
  const b = tinyImageModel(tf, 50);
  modelA = await saveLayersModel(a, path.join(dir, 'a'), tf);
  modelB = await saveLayersModel(b, path.join(dir, 'b'), tf);
  a.dispose();
  b.dispose();
  images = [];
  for (let k = 0; k < 12; k++) {
    const bytes = await png(12 + k, 10, (x, y) => [(x * 20 + k * 17) % 256, (y * 25 + k * 31) % 256, (k * 40) % 256]);
    images.push({ id: `img${k}.png`, contentHash: `sha-${k}`, bytes });
  }
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function opts(over: Partial<EmbedderOptions> & { cacheDir: string | null }): EmbedderOptions {
  return { modality: 'image', pretrained: { model: modelA, task: 'classification' }, backend: 'cpu', batchSize: 4, modelSource: { kind: 'disk' }, ...over };
}

describe('createEmbedder: image model from a path', () => {
  it('embeds every image with the pooled layer and the softmax head', async () => {
    const e = await createEmbedder(opts({ cacheDir: null }));
    expect(e.meta.layer).toBe('gap');
    expect(e.meta.dims).toBe(4);
    expect(e.meta.preprocessing).toBe('image 8x8 cover lanczos3 [0,1]');
    const set = await e.embed(images);
    expect(set.ids).toEqual(images.map((i) => i.id));
    expect(set.dims).toBe(4);
    expect(set.classes).toBe(2);
    expect(set.vectors.length).toBe(48);
    expect(set.failed).toEqual([]);
    e.dispose();
  });

  it('pretrained.normalize changes the input scaling (and the preprocessing identity)', async () => {
    const e1 = await createEmbedder(opts({ cacheDir: null }));
    const e2 = await createEmbedder(
      opts({ cacheDir: null, pretrained: { model: modelA, task: 'classification', normalize: { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] } } }),
    );
    expect(e2.meta.preprocessing).toBe('image 8x8 cover lanczos3 [-1,1]');
    const a = await e1.embed(images.slice(0, 2));
    const b = await e2.embed(images.slice(0, 2));
    expect(Array.from(a.vectors)).not.toEqual(Array.from(b.vectors));
    e1.dispose();
    e2.dispose();
  });

  it('per-item failures are reported and the run goes on', async () => {
    const e = await createEmbedder(opts({ cacheDir: null }));
    const set = await e.embed([
      images[0]!,
      { id: 'bad.png', contentHash: 'bad', bytes: new Uint8Array([1, 2, 3]) },
      { id: 'empty.png', contentHash: 'none' },
      images[1]!,
    ]);
    expect(set.ids).toEqual([images[0]!.id, images[1]!.id]);
    expect(set.failed.map((f) => f.id)).toEqual(['bad.png', 'empty.png']);
    expect(set.failed[1]!.reason).toBe('no content');
    e.dispose();
  });

  it('tf.memory() does not grow across batches or calls', async () => {
    const seen: number[] = [];
    const e = await createEmbedder(opts({ cacheDir: null, batchSize: 2, onBatch: (b) => seen.push(b.numTensors) }));
    const before = tf.memory().numTensors;
    await e.embed(images);
    const afterFirst = tf.memory().numTensors;
    await e.embed(images);
    expect(seen).toHaveLength(12);
    expect(new Set(seen).size).toBe(1);
    expect(afterFirst).toBe(before);
    expect(tf.memory().numTensors).toBe(before);
    e.dispose();
    // disposing the embedder frees the model's weights
    expect(tf.memory().numTensors).toBeLessThan(before);
  });

  it('reports progress for every input', async () => {
    const ticks: number[] = [];
    let done = 0;
    const e = await createEmbedder(
      opts({
        cacheDir: null,
        progress: (_label, total) => {
          ticks.push(-total);
          return { tick: (n = 1) => ticks.push(n), done: () => done++ };
        },
      }),
    );
    await e.embed(images.slice(0, 6));
    expect(ticks[0]).toBe(-6);
    expect(ticks.slice(1).reduce((a, b) => a + b, 0)).toBe(6);
    expect(done).toBe(1);
    e.dispose();
  });
});

describe('embedding cache', () => {
  it('second run is all hits with identical vectors; only new images are embedded', async () => {
    const cacheDir = tmpDir('cache');
    const e1 = await createEmbedder(opts({ cacheDir }));
    const first = await e1.embed(images.slice(0, 8));
    expect(e1.meta).toMatchObject({ cacheHits: 0, cacheMisses: 8 });
    e1.dispose();

    const batches: number[] = [];
    const e2 = await createEmbedder(opts({ cacheDir, onBatch: (b) => batches.push(b.size) }));
    const second = await e2.embed(images.slice(0, 8));
    expect(e2.meta).toMatchObject({ cacheHits: 8, cacheMisses: 0 });
    expect(batches).toEqual([]); // the model never ran
    expect(Array.from(second.vectors)).toEqual(Array.from(first.vectors));
    expect(Array.from(second.probs!)).toEqual(Array.from(first.probs!));

    // a dataset that grows by 4 images embeds only those 4
    const third = await e2.embed(images);
    expect(e2.meta).toMatchObject({ cacheHits: 16, cacheMisses: 4 });
    expect(batches).toEqual([4]);
    expect(Array.from(third.vectors.subarray(0, 32))).toEqual(Array.from(first.vectors));
    e2.dispose();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  it('is invalidated by a different model or different preprocessing', async () => {
    const cacheDir = tmpDir('cache-inv');
    const base = await createEmbedder(opts({ cacheDir }));
    await base.embed(images.slice(0, 3));
    base.dispose();

    const otherModel = await createEmbedder(opts({ cacheDir, pretrained: { model: modelB, task: 'classification' } }));
    await otherModel.embed(images.slice(0, 3));
    expect(otherModel.meta).toMatchObject({ cacheHits: 0, cacheMisses: 3 });
    otherModel.dispose();

    const otherPrep = await createEmbedder(
      opts({ cacheDir, pretrained: { model: modelA, task: 'classification', normalize: { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] } } }),
    );
    await otherPrep.embed(images.slice(0, 3));
    expect(otherPrep.meta).toMatchObject({ cacheHits: 0, cacheMisses: 3 });
    otherPrep.dispose();

    const otherLayer = await createEmbedder(opts({ cacheDir, pretrained: { model: modelA, task: 'classification', layer: 'conv' } }));
    await otherLayer.embed(images.slice(0, 3));
    expect(otherLayer.meta).toMatchObject({ cacheHits: 0, cacheMisses: 3 });
    otherLayer.dispose();

    // the same model copied elsewhere hits: identity is the content, not the path
    const copy = path.join(dir, 'a-copy');
    fs.cpSync(path.dirname(modelA), copy, { recursive: true });
    const same = await createEmbedder(opts({ cacheDir, pretrained: { model: path.join(copy, 'model.json'), task: 'classification' } }));
    await same.embed(images.slice(0, 3));
    expect(same.meta).toMatchObject({ cacheHits: 3, cacheMisses: 0 });
    same.dispose();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  it('a changed file (new content hash) is a miss even under the same id', async () => {
    const cacheDir = tmpDir('cache-content');
    const e = await createEmbedder(opts({ cacheDir }));
    await e.embed([images[0]!]);
    await e.embed([{ ...images[1]!, id: images[0]!.id }]);
    expect(e.meta).toMatchObject({ cacheHits: 0, cacheMisses: 2 });
    e.dispose();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });
});

describe('audio and text defaults', () => {
  it('text: builtin model means the hashed n-gram embedding', async () => {
    const e = await createEmbedder({ modality: 'text', pretrained: { model: 'builtin:default', task: 'classification' }, backend: 'cpu', cacheDir: null });
    expect(e.meta.model).toBe('builtin:text-hashed-ngrams');
    const set = await e.embed([
      { id: 'a', contentHash: '1', text: 'the quick brown fox' },
      { id: 'b', contentHash: '2', bytes: new TextEncoder().encode('the quick brown fox') },
    ]);
    expect(set.dims).toBe(512);
    expect(Array.from(set.vectors.subarray(0, 512))).toEqual(Array.from(set.vectors.subarray(512)));
    e.dispose();
  });

  it('audio: builtin model means log-mel statistics; a non-WAV file fails alone', async () => {
    const { wav16, sine } = await import('./helpers.js');
    const e = await createEmbedder({ modality: 'audio', pretrained: { model: 'builtin:default', task: 'classification' }, backend: 'cpu', cacheDir: null });
    expect(e.meta.model).toBe('builtin:audio-logmel');
    const set = await e.embed([
      { id: 'tone.wav', contentHash: '1', bytes: wav16(sine(440, 0.5, 16000), 16000) },
      { id: 'junk.wav', contentHash: '2', bytes: new Uint8Array([1, 2, 3, 4]) },
    ]);
    expect(set.ids).toEqual(['tone.wav']);
    expect(set.dims).toBe(192);
    expect(set.failed[0]!.id).toBe('junk.wav');
    e.dispose();
  });

  it('an image model given for text data falls back to the default text embedding', async () => {
    const info: string[] = [];
    const e = await createEmbedder({
      modality: 'text',
      pretrained: { model: modelA, task: 'classification' },
      backend: 'cpu',
      cacheDir: null,
      modelSource: { kind: 'disk' },
      log: { info: (m) => info.push(m), warn: () => {}, debug: () => {} },
    });
    expect(e.meta.model).toBe('builtin:text-hashed-ngrams');
    expect(info.join('\n')).toMatch(/using the built-in text embedding/);
    e.dispose();
  });

  it('a TF.js text model taking [features] is fed the hashed features', async () => {
    const m = tf.sequential();
    m.add(tf.layers.dense({ inputShape: [64], units: 6, activation: 'tanh', name: 'enc' }));
    m.add(tf.layers.dense({ units: 3, activation: 'softmax', name: 'cls' }));
    const p = await saveLayersModel(m, path.join(dir, 'textmodel'), tf);
    m.dispose();
    const e = await createEmbedder({
      modality: 'text',
      pretrained: { model: p, task: 'classification' },
      backend: 'cpu',
      cacheDir: null,
      modelSource: { kind: 'disk' },
    });
    expect(e.meta.preprocessing).toContain('dims=64');
    const set = await e.embed([
      { id: 'a', contentHash: '1', text: 'hello there' },
      { id: 'b', contentHash: '2', text: 'completely different words' },
    ]);
    expect(set.dims).toBe(6);
    expect(set.classes).toBe(3);
    e.dispose();
  });

  it('a TF.js audio model taking [frames, 64] log-mel input is fed the log-mel spectrogram', async () => {
    const { wav16, sine } = await import('./helpers.js');
    const m = tf.sequential();
    m.add(tf.layers.flatten({ inputShape: [20, 64], name: 'flat' }));
    m.add(tf.layers.dense({ units: 5, activation: 'relu', name: 'feat' }));
    m.add(tf.layers.dense({ units: 2, activation: 'softmax', name: 'cls' }));
    const p = await saveLayersModel(m, path.join(dir, 'audiomodel'), tf);
    const e = await createEmbedder({
      modality: 'audio',
      pretrained: { model: p, task: 'classification' },
      backend: 'cpu',
      cacheDir: null,
      modelSource: { kind: 'disk' },
    });
    expect(e.meta.layer).toBe('feat');
    expect(e.meta.preprocessing).toMatch(/log-mel .* frames=20$/);
    const clip = sine(700, 0.1, 16000); // 8 frames: zero-padded to 20
    const set = await e.embed([{ id: 'a.wav', contentHash: '1', bytes: wav16(clip, 16000) }]);
    expect(set.dims).toBe(5);
    // outside check: the same log-mel frames through the original model
    const { logMelSpectrogram, decodeAudio } = await import('../../src/embed/audio.js');
    const lm = logMelSpectrogram(tf, decodeAudio(wav16(clip, 16000)));
    const padded = tf
      .pad(lm, [
        [0, 20 - lm.shape[0]],
        [0, 0],
      ])
      .reshape([1, 20, 64]);
    const feat = tf.model({ inputs: m.inputs, outputs: m.getLayer('feat').output as tfjs.SymbolicTensor });
    const want = (feat.predict(padded) as tfjs.Tensor).dataSync();
    for (let i = 0; i < 5; i++) expect(set.vectors[i]).toBeCloseTo(want[i]!, 4);
    tf.dispose([lm, padded]);
    m.dispose();
    e.dispose();
  });

  it('tabular data has no embedding', async () => {
    await expect(createEmbedder({ modality: 'tabular', pretrained: { model: 'builtin:default', task: 'x' }, backend: 'cpu', cacheDir: null })).rejects.toThrow(
      /no embedding for tabular data/,
    );
  });

  it('uses one process-wide backend', async () => {
    expect((await currentBackend())?.backend).toBe('cpu');
  });
});
