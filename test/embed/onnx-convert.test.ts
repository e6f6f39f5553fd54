/**
 * The TF.js Layers → ONNX converter: numerical agreement with TensorFlow.js (the outside oracle: the same
 * model run by tfjs's own kernels) on models made of every supported layer, with random weights and
 * non-trivial batch-norm statistics; the protobuf it writes; and the error naming a layer it cannot convert.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import * as tfjs from '@tensorflow/tfjs';
import ort from 'onnxruntime-node';
import type { ModelJson } from '../../src/embed/builtin.js';
import { ConversionError, convertLayersModel, decodeWeights, defaultEmbeddingLayer, readTopology } from '../../src/embed/onnx/convert.js';
import { addGraphOutputs, decodeModel, inspectGraph } from '../../src/embed/onnx/proto.js';
import { float32Tensor, PROBE_MODEL_BASE64, type OrtModule } from '../../src/embed/onnx/runtime.js';

const tf = tfjs;

/** The artifacts tfjs itself would write for `model` (model.json object + one weight buffer). */
async function artifactsOf(model: tfjs.LayersModel): Promise<{ json: ModelJson; weights: ArrayBuffer }> {
  let out: { json: ModelJson; weights: ArrayBuffer } | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      out = {
        json: { format: 'layers-model', modelTopology: a.modelTopology, weightsManifest: [{ paths: ['w.bin'], weights: a.weightSpecs! as never }] },
        weights: a.weightData as ArrayBuffer,
      };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return out!;
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** Random weights everywhere; variances positive. */
function randomize(model: tfjs.LayersModel, seed: number): void {
  const rnd = lcg(seed);
  const ws = model.weights.map((w) => {
    const shape = w.shape.map((d) => d ?? 1);
    const n = shape.reduce((a, b) => a * b, 1);
    const v = new Float32Array(n);
    const variance = /moving_variance/.test(w.name);
    for (let i = 0; i < n; i++) v[i] = variance ? 0.2 + rnd() : (rnd() - 0.5) * 0.8;
    return tf.tensor(v, shape);
  });
  model.setWeights(ws);
  ws.forEach((t) => t.dispose());
}

function nhwcToNchw(x: Float32Array, n: number, h: number, w: number, c: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let b = 0; b < n; b++)
    for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) for (let k = 0; k < c; k++) out[((b * c + k) * h + i) * w + j] = x[((b * h + i) * w + j) * c + k]!;
  return out;
}

async function agree(model: tfjs.LayersModel, embeddingLayer: string, n = 3): Promise<{ maxRel: number; probsDiff: number }> {
  const [, h, w, c] = model.inputs[0]!.shape as number[];
  const { json, weights } = await artifactsOf(model);
  const { layer, withProbs } = defaultEmbeddingLayer(json, embeddingLayer);
  const conv = convertLayersModel(json, weights, { embeddingLayer: layer, withProbs });
  const rnd = lcg(99);
  const x = Float32Array.from({ length: n * h! * w! * c! }, () => rnd());
  const sub = tf.model({ inputs: model.inputs, outputs: [model.getLayer(layer).output as tfjs.SymbolicTensor, model.outputs[0]!] });
  const [embT, probT] = sub.predict(tf.tensor4d(x, [n, h!, w!, c!])) as tfjs.Tensor[];
  const expected = (await embT!.reshape([n, -1]).data()) as Float32Array;
  const expectedProbs = (await probT!.data()) as Float32Array;
  const session = await ort.InferenceSession.create(conv.bytes);
  const res = await session.run({ input: float32Tensor(ort as unknown as OrtModule, nhwcToNchw(x, n, h!, w!, c!), [n, c!, h!, w!]) });
  const got = res.embedding!.data as Float32Array;
  expect(got.length).toBe(expected.length);
  const d = expected.length / n;
  expect(conv.dims).toBe(d);
  let maxRel = 0;
  for (let i = 0; i < n; i++) {
    let maxAbs = 0;
    let scale = 0;
    for (let j = 0; j < d; j++) {
      maxAbs = Math.max(maxAbs, Math.abs(got[i * d + j]! - expected[i * d + j]!));
      scale = Math.max(scale, Math.abs(expected[i * d + j]!));
    }
    maxRel = Math.max(maxRel, maxAbs / scale);
  }
  let probsDiff = 0;
  if (withProbs) {
    const p = res.probs!.data as Float32Array;
    for (let i = 0; i < p.length; i++) probsDiff = Math.max(probsDiff, Math.abs(p[i]! - expectedProbs[i]!));
  }
  await session.release();
  return { maxRel, probsDiff };
}

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

describe('convertLayersModel agrees with TensorFlow.js', () => {
  it('a functional CNN of every supported layer (padding, strides, BN folding, depthwise, residuals, concat, pooling, head)', async () => {
    const input = tf.input({ shape: [17, 15, 3], name: 'img' });
    let x = tf.layers
      .zeroPadding2d({
        padding: [
          [0, 1],
          [1, 0],
        ],
        name: 'pad',
      })
      .apply(input) as tfjs.SymbolicTensor;
    x = tf.layers.conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'valid', useBias: false, name: 'conv1' }).apply(x) as tfjs.SymbolicTensor;
    x = tf.layers.batchNormalization({ name: 'bn1', epsilon: 1e-3 }).apply(x) as tfjs.SymbolicTensor;
    x = tf.layers.reLU({ maxValue: 6, name: 'relu6' }).apply(x) as tfjs.SymbolicTensor;
    const skip = x;
    let y = tf.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same', depthMultiplier: 1, useBias: false, name: 'dw' }).apply(x) as tfjs.SymbolicTensor;
    y = tf.layers.batchNormalization({ name: 'bn_dw' }).apply(y) as tfjs.SymbolicTensor;
    y = tf.layers.activation({ activation: 'relu6', name: 'act6' }).apply(y) as tfjs.SymbolicTensor;
    y = tf.layers.conv2d({ filters: 8, kernelSize: 1, padding: 'same', name: 'project' }).apply(y) as tfjs.SymbolicTensor;
    x = tf.layers.add({ name: 'residual' }).apply([skip, y]) as tfjs.SymbolicTensor;
    const s = tf.layers
      .separableConv2d({ filters: 6, kernelSize: 3, strides: 2, padding: 'same', depthMultiplier: 2, activation: 'relu', name: 'sep' })
      .apply(x) as tfjs.SymbolicTensor;
    const m = tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same', name: 'maxpool' }).apply(x) as tfjs.SymbolicTensor;
    x = tf.layers.concatenate({ axis: -1, name: 'concat' }).apply([s, m]) as tfjs.SymbolicTensor;
    x = tf.layers.batchNormalization({ name: 'bn_standalone', center: false }).apply(x) as tfjs.SymbolicTensor;
    x = tf.layers.leakyReLU({ alpha: 0.1, name: 'leaky' }).apply(x) as tfjs.SymbolicTensor;
    x = tf.layers.averagePooling2d({ poolSize: 2, strides: 1, padding: 'valid', name: 'avgpool' }).apply(x) as tfjs.SymbolicTensor;
    x = tf.layers
      .conv2d({ filters: 5, kernelSize: 2, dilationRate: 2, padding: 'same', activation: 'sigmoid', name: 'dilated' })
      .apply(x) as tfjs.SymbolicTensor;
    const pooled = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(x) as tfjs.SymbolicTensor;
    let h = tf.layers.dense({ units: 7, activation: 'elu', name: 'fc' }).apply(pooled) as tfjs.SymbolicTensor;
    h = tf.layers.dropout({ rate: 0.5, name: 'drop' }).apply(h) as tfjs.SymbolicTensor;
    const out = tf.layers.dense({ units: 4, activation: 'softmax', name: 'head' }).apply(h) as tfjs.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    randomize(model, 3);
    const { maxRel, probsDiff } = await agree(model, 'gap');
    expect(maxRel).toBeLessThan(1e-5);
    expect(probsDiff).toBeLessThan(1e-5);
    // the default embedding layer is the last pooling layer
    expect(defaultEmbeddingLayer((await artifactsOf(model)).json)).toEqual({ layer: 'gap', withProbs: true });
    model.dispose();
  });

  it('a Sequential model whose Flatten sees a spatial tensor (Keras flattens in NHWC order)', async () => {
    const seq = tf.sequential();
    seq.add(tf.layers.conv2d({ inputShape: [9, 9, 3], filters: 4, kernelSize: 3, strides: 2, activation: 'tanh', name: 'c' }));
    seq.add(tf.layers.flatten({ name: 'flat' }));
    seq.add(tf.layers.dense({ units: 3, activation: 'softmax', name: 'out' }));
    randomize(seq, 5);
    const { maxRel, probsDiff } = await agree(seq, 'flat');
    expect(maxRel).toBeLessThan(1e-5);
    expect(probsDiff).toBeLessThan(1e-5);
    seq.dispose();
  });

  it('names the layer it cannot convert', async () => {
    const m = tf.sequential();
    m.add(tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 2, kernelSize: 3, name: 'c' }));
    m.add(tf.layers.upSampling2d({ size: [2, 2], name: 'up' }));
    m.add(tf.layers.globalAveragePooling2d({ name: 'gap' }));
    const { json, weights } = await artifactsOf(m);
    const err = (() => {
      try {
        convertLayersModel(json, weights, { embeddingLayer: 'gap' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(ConversionError);
    expect((err as ConversionError).layer).toBe('up');
    expect((err as Error).message).toBe('layer "up" (UpSampling2D) is not supported by the ONNX converter');
    m.dispose();
  });

  it('dequantizes uint8 weights as tfjs does (q · scale + min)', () => {
    const json: ModelJson = {
      modelTopology: { model_config: { class_name: 'Sequential', config: { layers: [] } } },
      weightsManifest: [
        {
          paths: ['w'],
          weights: [
            { name: 'a/kernel', shape: [3], dtype: 'float32', quantization: { dtype: 'uint8', min: -1, scale: 0.5 } } as never,
            { name: 'b/bias', shape: [2], dtype: 'float32' },
          ],
        },
      ],
    };
    const buf = new ArrayBuffer(3 + 8);
    new Uint8Array(buf, 0, 3).set([0, 2, 255]);
    new DataView(buf).setFloat32(3, 1.5, true);
    new DataView(buf).setFloat32(7, -2, true);
    const w = decodeWeights(json, buf);
    expect(Array.from(w.get('a/kernel')!.values)).toEqual([-1, 0, 126.5]);
    expect(Array.from(w.get('b/bias')!.values)).toEqual([1.5, -2]);
    expect(() => decodeWeights(json, new ArrayBuffer(5))).toThrow(/weight b\/bias: the weight files are shorter than the manifest says/);
  });

  it('reads Sequential and functional topologies', () => {
    const t = readTopology({
      modelTopology: { class_name: 'Sequential', config: { layers: [{ class_name: 'Dense', config: { name: 'd', batch_input_shape: [null, 4], units: 2 } }] } },
    });
    expect(t.layers.map((l) => [l.name, l.cls, l.inputs])).toEqual([
      ['d_input', 'InputLayer', []],
      ['d', 'Dense', ['d_input:0:0']],
    ]);
    expect(() =>
      readTopology({
        modelTopology: {
          class_name: 'Functional',
          config: { layers: [{ class_name: 'Dense', name: 'd', config: {}, inbound_nodes: [[], []] }], input_layers: [], output_layers: [] },
        },
      }),
    ).toThrow(/layer "d" \(Dense\) is called 2 times \(shared layers are not supported\)/);
  });
});

describe('ONNX protobuf', () => {
  it('the CUDA probe model is a one-node Add graph', () => {
    const m = decodeModel(Buffer.from(PROBE_MODEL_BASE64, 'base64'));
    expect(m.graph.node.map((n) => [n.op_type, n.input, n.output])).toEqual([['Add', ['x', 'x'], ['y']]]);
    expect(m.opset_import[0]!.version).toBe(13);
  });

  it('inspectGraph reads nodes, inputs and outputs; addGraphOutputs exposes an intermediate value and keeps the rest', async () => {
    const m = tf.sequential();
    m.add(tf.layers.conv2d({ inputShape: [6, 6, 3], filters: 2, kernelSize: 3, name: 'c' }));
    m.add(tf.layers.globalAveragePooling2d({ name: 'gap' }));
    m.add(tf.layers.dense({ units: 2, activation: 'softmax', name: 'out' }));
    const { json, weights } = await artifactsOf(m);
    const conv = convertLayersModel(json, weights, { embeddingLayer: 'gap', withProbs: true });
    const g = inspectGraph(conv.bytes);
    expect(g.inputs.map((i) => [i.name, i.elemType, i.shape])).toEqual([['input', 1, ['batch', 3, 6, 6]]]);
    expect(g.outputs.map((o) => o.name)).toEqual(['embedding', 'probs']);
    expect(g.initializers.size).toBeGreaterThan(0);
    const conv2 = g.nodes.find((n) => n.opType === 'Conv')!;
    const more = addGraphOutputs(conv.bytes, [conv2.outputs[0]!]);
    const g2 = inspectGraph(more);
    expect(g2.outputs.map((o) => o.name)).toEqual(['embedding', 'probs', conv2.outputs[0]]);
    expect(g2.nodes).toEqual(g.nodes);
    const s = await ort.InferenceSession.create(more);
    const r = await s.run({ input: float32Tensor(ort as unknown as OrtModule, new Float32Array(3 * 36).fill(0.5), [1, 3, 6, 6]) });
    expect(r[conv2.outputs[0]!]!.dims).toEqual([1, 2, 4, 4]);
    await s.release();
    m.dispose();
  });
});
