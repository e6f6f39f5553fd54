import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import * as tfjs from '@tensorflow/tfjs';
import type { Tf } from '../../src/embed/backends.js';
import { defaultGraphEmbedding, defaultLayersEmbedding, detectFormat, loadModel } from '../../src/embed/models.js';
import type { ModelSource } from '../../src/embed/source.js';
import { UserError } from '../../src/errors.js';
import { saveLayersModel, tmpDir } from './helpers.js';

const tf = tfjs as unknown as Tf;
const DISK: ModelSource = { kind: 'disk' };

/** fetch for https://models.test/… served by the local http server at `base` (the scheme is the only change) */
function fetchVia(base: string): typeof fetch {
  return ((url: string | URL, init?: RequestInit) => fetch(String(url).replace('https://models.test', base), init)) as typeof fetch;
}

/** [4] → dense(8, relu, 'hidden') → dense(3, softmax, 'out') */
function tinyClassifier(seed: number): tfjs.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.dense({ inputShape: [4], units: 8, activation: 'relu', name: 'hidden', kernelInitializer: tf.initializers.glorotUniform({ seed }) }));
  m.add(tf.layers.dense({ units: 3, activation: 'softmax', name: 'out', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }));
  return m;
}

const X = [
  [0.1, -0.2, 0.3, 0.9],
  [1.5, 0.2, -0.7, 0.0],
  [-1, -1, 2, 0.5],
];

let dir: string;
let modelPath: string;
let original: tfjs.Sequential;

beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = tmpDir('models');
  original = tinyClassifier(7);
  modelPath = await saveLayersModel(original, path.join(dir, 'tiny'), tf);
});

afterAll(() => {
  original.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function expectMatchesOriginal(runner: Awaited<ReturnType<typeof loadModel>>): Promise<void> {
  const x = tf.tensor2d(X);
  const { embedding, probs } = runner.run(x);
  // outside check: the original in-memory model's hidden activations and softmax
  const hidden = tf.model({ inputs: original.inputs, outputs: original.getLayer('hidden').output as tfjs.SymbolicTensor });
  const expectedHidden = (hidden.predict(x) as tfjs.Tensor).arraySync() as number[][];
  const expectedProbs = (original.predict(x) as tfjs.Tensor).arraySync() as number[][];
  const gotHidden = embedding.arraySync();
  const gotProbs = probs!.arraySync();
  for (let i = 0; i < X.length; i++) {
    for (let j = 0; j < 8; j++) expect(gotHidden[i]![j]).toBeCloseTo(expectedHidden[i]![j]!, 5);
    for (let j = 0; j < 3; j++) expect(gotProbs[i]![j]).toBeCloseTo(expectedProbs[i]![j]!, 5);
  }
  x.dispose();
  embedding.dispose();
  probs!.dispose();
}

describe('detectFormat', () => {
  it('reads the format field', () => {
    expect(detectFormat({ format: 'graph-model', modelTopology: {} })).toBe('graph');
    expect(detectFormat({ format: 'layers-model', modelTopology: {} })).toBe('layers');
  });
  it('falls back to the shape of modelTopology', () => {
    expect(detectFormat({ modelTopology: { node: [] } })).toBe('graph');
    expect(detectFormat({ modelTopology: { class_name: 'Sequential', config: {} } })).toBe('layers');
    expect(detectFormat({ modelTopology: { keras_version: '2.2.4', model_config: {} } })).toBe('layers');
    expect(() => detectFormat({})).toThrow(/neither a LayersModel nor a GraphModel/);
  });
});

describe('default embedding layer', () => {
  it('takes the input of the dense head when there is no pooling', () => {
    expect(defaultLayersEmbedding(original)).toBe('hidden');
  });
  it('takes the Flatten after the last pooling layer', () => {
    const m = tf.sequential();
    m.add(tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 2, kernelSize: 3, name: 'c' }));
    m.add(tf.layers.averagePooling2d({ poolSize: 6, name: 'pool' }));
    m.add(tf.layers.flatten({ name: 'flat' }));
    m.add(tf.layers.dense({ units: 2, activation: 'softmax', name: 'head' }));
    expect(defaultLayersEmbedding(m)).toBe('flat');
    m.dispose();
  });
  it('graph models: the squeeze after the last pooling op', () => {
    const nodes = [
      { name: 'input', op: 'Placeholder' },
      { name: 'conv', op: 'Conv2D', input: ['input'] },
      { name: 'pool', op: 'AvgPool', input: ['conv'] },
      { name: 'sq', op: 'Squeeze', input: ['pool'] },
      { name: 'logits', op: 'MatMul', input: ['sq'] },
      { name: 'prob', op: 'Softmax', input: ['logits'] },
    ];
    expect(defaultGraphEmbedding(nodes)).toBe('sq');
    expect(defaultGraphEmbedding(nodes.filter((n) => n.name !== 'sq'))).toBe('pool');
    expect(defaultGraphEmbedding(nodes.slice(0, 2))).toBeUndefined();
  });
});

describe('loadModel from a local model.json', () => {
  it('loads a LayersModel, embeds from the penultimate layer and keeps the softmax', async () => {
    const runner = await loadModel(tf, modelPath, { source: DISK });
    expect(runner.format).toBe('layers');
    expect(runner.layer).toBe('hidden');
    expect(runner.dims).toBe(8);
    expect(runner.classes).toBe(3);
    expect(runner.inputShape).toEqual([4]);
    expect(runner.identity).toMatch(/^model-sha256:[0-9a-f]{64}$/);
    await expectMatchesOriginal(runner);
    runner.dispose();
  });

  it('pretrained.layer picks another layer; unknown layers are a clear error', async () => {
    const runner = await loadModel(tf, modelPath, { source: DISK, layer: 'out' });
    expect(runner.layer).toBe('out');
    expect(runner.dims).toBe(3);
    expect(runner.classes).toBeUndefined();
    runner.dispose();
    await expect(loadModel(tf, modelPath, { source: DISK, layer: 'nope' })).rejects.toThrow(
      /pretrained.layer 'nope' is not a layer of .*\(last layers: hidden, out\)/,
    );
  });

  it('identity follows the weights: a different model has a different identity', async () => {
    const other = tinyClassifier(99);
    const otherPath = await saveLayersModel(other, path.join(dir, 'other'), tf);
    const a = await loadModel(tf, modelPath, { source: DISK });
    const b = await loadModel(tf, otherPath, { source: DISK });
    expect(a.identity).not.toBe(b.identity);
    a.dispose();
    b.dispose();
    other.dispose();
  });

  it('an image model with free height and width is probed at 224×224', async () => {
    const m = tf.sequential();
    m.add(tf.layers.conv2d({ inputShape: [null, null, 3], filters: 3, kernelSize: 3, name: 'c' }));
    m.add(tf.layers.globalMaxPooling2d({ name: 'gmp' }));
    m.add(tf.layers.dense({ units: 2, activation: 'softmax', name: 'head' }));
    const p = await saveLayersModel(m, path.join(dir, 'freedims'), tf);
    m.dispose();
    const runner = await loadModel(tf, p, { source: DISK });
    expect(runner.inputShape).toEqual([null, null, 3]);
    expect(runner.layer).toBe('gmp');
    expect(runner.dims).toBe(3);
    expect(runner.classes).toBe(2);
    runner.dispose();
  });

  it('missing files and bad JSON are one-line UserErrors', async () => {
    await expect(loadModel(tf, path.join(dir, 'nope', 'model.json'), { source: DISK })).rejects.toThrow(
      /pretrained.model .*: cannot read .*model.json \(ENOENT\)/,
    );
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, '{not json');
    await expect(loadModel(tf, bad, { source: DISK })).rejects.toThrow(UserError);
    const noWeights = path.join(dir, 'noweights');
    fs.mkdirSync(noWeights);
    const json = JSON.parse(fs.readFileSync(modelPath, 'utf8')) as object;
    fs.writeFileSync(path.join(noWeights, 'model.json'), JSON.stringify(json));
    await expect(loadModel(tf, path.join(noWeights, 'model.json'), { source: DISK })).rejects.toThrow(/weight file weights.bin listed in .* is missing/);
  });
});

describe('loadModel from an https URL', () => {
  let server: http.Server;
  let base: string;
  const requests: string[] = [];

  beforeAll(async () => {
    const root = path.dirname(modelPath);
    server = http.createServer((req, res) => {
      requests.push(req.url ?? '');
      if (req.url === '/hang/model.json') return; // never answers
      const file = path.join(root, path.basename(req.url ?? ''));
      if (!req.url?.startsWith('/m/') || !fs.existsSync(file)) {
        res.writeHead(404).end('not found');
        return;
      }
      res.writeHead(200).end(fs.readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('downloads once into the cache dir, then loads from disk', async () => {
    const cacheDir = tmpDir('urlcache');
    const url = 'https://models.test/m/model.json';
    requests.length = 0;
    const a = await loadModel(tf, url, { cacheDir, fetch: fetchVia(base) });
    expect(requests).toEqual(['/m/model.json', '/m/weights.bin']);
    expect(a.dims).toBe(8);
    await expectMatchesOriginal(a);
    // the same model as from the local path
    const local = await loadModel(tf, modelPath, { source: DISK });
    expect(a.identity).toBe(local.identity);
    local.dispose();
    a.dispose();
    const stored = fs.readdirSync(path.join(cacheDir, 'models', 'url'));
    expect(stored).toHaveLength(1);
    expect(fs.readdirSync(path.join(cacheDir, 'models', 'url', stored[0]!)).sort()).toEqual(['0.bin', '1.bin', 'index.json']);
    requests.length = 0;
    const b = await loadModel(tf, url, { cacheDir, fetch: fetchVia(base) });
    expect(requests).toEqual([]);
    expect(b.identity).toBe(a.identity);
    b.dispose();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  it('without a cache dir it loads from memory', async () => {
    requests.length = 0;
    const a = await loadModel(tf, 'https://models.test/m/model.json', { cacheDir: null, fetch: fetchVia(base) });
    expect(requests).toHaveLength(2);
    await expectMatchesOriginal(a);
    a.dispose();
  });

  it('HTTP errors and timeouts are clear one-line errors', async () => {
    const cacheDir = tmpDir('urlcache-err');
    const f = fetchVia(base);
    await expect(loadModel(tf, 'https://models.test/m/missing.json', { cacheDir, fetch: f })).rejects.toThrow(
      /^pretrained.model https:\/\/models.test\/m\/missing.json: cannot download https:\/\/models.test\/m\/missing.json \(HTTP 404 Not Found\)$/,
    );
    const t0 = Date.now();
    await expect(loadModel(tf, 'https://models.test/hang/model.json', { cacheDir, timeoutMs: 300, fetch: f })).rejects.toThrow(
      /cannot download .*hang\/model.json \(timed out after 300 ms\)/,
    );
    expect(Date.now() - t0).toBeLessThan(5000);
    // nothing half-written is left behind
    const models = path.join(cacheDir, 'models');
    expect(fs.existsSync(models) ? fs.readdirSync(models) : []).toEqual([]);
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });
});
