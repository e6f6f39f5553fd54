/**
 * TensorFlow.js Layers model (Keras topology + weights manifest) → ONNX graph, in JavaScript.
 *
 * Supported layers: InputLayer, Conv2D, DepthwiseConv2D, SeparableConv2D, BatchNormalization, ReLU
 * (max value, negative slope), LeakyReLU, ELU, Activation, Softmax, ZeroPadding2D, Add, Subtract, Multiply,
 * Average, Maximum, Minimum, Concatenate, AveragePooling2D, MaxPooling2D, GlobalAveragePooling2D,
 * GlobalMaxPooling2D, Flatten, Dense (on a flat input), Rescaling, and the inference no-ops (Dropout,
 * SpatialDropout2D, GaussianNoise, GaussianDropout, AlphaDropout, ActivityRegularization). Anything else
 * stops the conversion with a ConversionError naming the layer and its class.
 *
 * Layout: Keras images are NHWC (channels_last); the ONNX graph is NCHW (what ONNX Runtime's CPU and
 * CUDA convolutions run natively): its input is [batch, channels, height, width] and the caller feeds
 * NCHW pixels, so no transposes run inside. Flatten of a spatial tensor transposes back to NHWC first, so
 * the flattened order is Keras's.
 *
 * Weights: float32, or quantized (uint8/uint16 with min and scale, float16) as the TF.js converter writes
 * them; quantized weights are dequantized exactly as tfjs-core does (`q * scale + min`, in float64, stored
 * as float32), so both engines run on the same numbers.
 *
 * Rewrites that do not change the function: a BatchNormalization right after a convolution (its only
 * consumer) is folded into the convolution's weights and bias; a ZeroPadding2D whose only consumer is a
 * 'valid' convolution or pooling becomes that operator's pads. ONNX Runtime fuses the activations.
 */
import { createHash } from 'node:crypto';
import { attr, DataType, encodeModel, floatTensor, int64Tensor } from './proto.js';
/** Bumped when the converter's output changes (part of the converted model's cache key). */
export const CONVERTER_VERSION = 'tfjs-layers-to-onnx-1';
export const OPSET = 13;
export class ConversionError extends Error {
    layer;
    constructor(layer, message) {
        super(message);
        this.layer = layer;
        this.name = 'ConversionError';
    }
}
function tensorKey(layer, node = 0, tensor = 0) {
    return `${layer}:${node}:${tensor}`;
}
/** Layers in topological order with their inputs, and the model's input/output tensors. */
export function readTopology(json) {
    const topo = json.modelTopology;
    if (!topo)
        throw new ConversionError(undefined, 'model.json has no modelTopology');
    const mc = (topo.model_config ?? topo);
    const cls = mc.class_name;
    if (cls === 'Sequential') {
        const cfg = mc.config;
        const list = Array.isArray(cfg) ? cfg : (cfg.layers ?? []);
        const layers = [];
        let prev;
        for (const l of list) {
            const name = String(l.config?.name ?? l.name);
            if (l.class_name !== 'InputLayer' && prev === undefined) {
                // Sequential without an explicit InputLayer: the first layer carries batch_input_shape
                const shape = l.config.batch_input_shape;
                if (!Array.isArray(shape))
                    throw new ConversionError(name, `layer "${name}" (${l.class_name}): a Sequential model needs an input shape`);
                layers.push({ name: `${name}_input`, cls: 'InputLayer', config: { batch_input_shape: shape }, inputs: [] });
                prev = tensorKey(`${name}_input`);
            }
            layers.push({ name, cls: l.class_name, config: l.config, inputs: prev === undefined ? [] : [prev] });
            prev = tensorKey(name);
        }
        const first = layers[0];
        if (!first || !prev)
            throw new ConversionError(undefined, 'the Sequential model has no layers');
        return { layers, inputs: [tensorKey(first.name)], outputs: [prev] };
    }
    if (cls !== 'Model' && cls !== 'Functional')
        throw new ConversionError(undefined, `model class ${String(cls)} is not supported (Sequential, Model or Functional)`);
    const cfg = mc.config;
    const ref = (r) => {
        if (!Array.isArray(r) || typeof r[0] !== 'string')
            throw new ConversionError(undefined, `unexpected tensor reference ${JSON.stringify(r)}`);
        return tensorKey(r[0], Number(r[1] ?? 0), Number(r[2] ?? 0));
    };
    const layers = cfg.layers.map((l) => {
        const name = String(l.name ?? l.config.name);
        const nodes = (l.inbound_nodes ?? []);
        if (nodes.length > 1)
            throw new ConversionError(name, `layer "${name}" (${l.class_name}) is called ${nodes.length} times (shared layers are not supported)`);
        const inputs = nodes.length ? nodes[0].map(ref) : [];
        if (nodes.length && !Array.isArray(nodes[0]))
            throw new ConversionError(name, `layer "${name}": inbound nodes in an unsupported (Keras 3) format`);
        return { name, cls: l.class_name, config: l.config, inputs };
    });
    return { layers, inputs: cfg.input_layers.map(ref), outputs: cfg.output_layers.map(ref) };
}
function halfToFloat(h) {
    const s = (h & 0x8000) >> 15;
    const e = (h & 0x7c00) >> 10;
    const f = h & 0x03ff;
    if (e === 0)
        return (s ? -1 : 1) * 2 ** -14 * (f / 1024);
    if (e === 0x1f)
        return f ? NaN : (s ? -1 : 1) * Infinity;
    return (s ? -1 : 1) * 2 ** (e - 15) * (1 + f / 1024);
}
/** Decode (and dequantize) every weight of the manifest, in manifest order over the concatenated buffer. */
export function decodeWeights(json, buffer) {
    const out = new Map();
    const bytes = new Uint8Array(buffer);
    const view = new DataView(buffer);
    let offset = 0;
    for (const group of json.weightsManifest ?? []) {
        for (const w of group.weights) {
            const n = w.shape.reduce((a, b) => a * b, 1);
            const q = w.quantization;
            const values = new Float32Array(n);
            if (q) {
                const size = q.dtype === 'uint8' ? 1 : q.dtype === 'uint16' || q.dtype === 'float16' ? 2 : 0;
                if (!size)
                    throw new ConversionError(undefined, `weight ${w.name}: quantization dtype ${q.dtype} is not supported`);
                if (offset + n * size > bytes.length)
                    throw new ConversionError(undefined, `weight ${w.name}: the weight files are shorter than the manifest says`);
                if (q.dtype === 'float16') {
                    for (let i = 0; i < n; i++)
                        values[i] = halfToFloat(view.getUint16(offset + 2 * i, true));
                }
                else {
                    const scale = q.scale ?? 1;
                    const min = q.min ?? 0;
                    for (let i = 0; i < n; i++) {
                        const v = size === 1 ? bytes[offset + i] : view.getUint16(offset + 2 * i, true);
                        values[i] = v * scale + min;
                    }
                }
                offset += n * size;
            }
            else {
                if (w.dtype !== 'float32' && w.dtype !== 'int32')
                    throw new ConversionError(undefined, `weight ${w.name}: dtype ${w.dtype} is not supported`);
                if (offset + n * 4 > bytes.length)
                    throw new ConversionError(undefined, `weight ${w.name}: the weight files are shorter than the manifest says`);
                for (let i = 0; i < n; i++)
                    values[i] = w.dtype === 'float32' ? view.getFloat32(offset + 4 * i, true) : view.getInt32(offset + 4 * i, true);
                offset += n * 4;
            }
            out.set(w.name, { shape: w.shape, values });
        }
    }
    return out;
}
const NOOP_LAYERS = new Set(['Dropout', 'SpatialDropout1D', 'SpatialDropout2D', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout', 'ActivityRegularization']);
const pair = (v, name, layer) => {
    if (typeof v === 'number')
        return [v, v];
    if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number'))
        return [v[0], v[1]];
    throw new ConversionError(layer, `layer "${layer}": ${name} ${JSON.stringify(v)} is not supported`);
};
/** TF 'same' padding for one spatial dim: [before, after] (the extra pixel goes after, as SAME_UPPER). */
function samePads(size, k, s, d) {
    const eff = (k - 1) * d + 1;
    const out = Math.ceil(size / s);
    const total = Math.max((out - 1) * s + eff - size, 0);
    const before = Math.floor(total / 2);
    return [before, total - before];
}
export function convertLayersModel(json, weightsBuffer, opts) {
    const topo = readTopology(json);
    const weights = decodeWeights(json, weightsBuffer);
    const layerCounts = {};
    for (const l of topo.layers)
        layerCounts[l.cls] = (layerCounts[l.cls] ?? 0) + 1;
    const byName = new Map(topo.layers.map((l) => [l.name, l]));
    if (!byName.has(opts.embeddingLayer))
        throw new ConversionError(opts.embeddingLayer, `layer "${opts.embeddingLayer}" is not a layer of the model`);
    // consumers of each tensor (fusion is only safe for single-consumer tensors that are not outputs)
    const consumers = new Map();
    for (const l of topo.layers)
        for (const i of l.inputs)
            consumers.set(i, [...(consumers.get(i) ?? []), l.name]);
    const protectedKeys = new Set([...topo.outputs, tensorKey(opts.embeddingLayer)]);
    const nodes = [];
    const inits = [];
    const values = new Map();
    const convs = new Map();
    /** ZeroPadding2D outputs waiting to be folded into their consumer: value key → pads [t, l, b, r] and source */
    const pendingPads = new Map();
    let uid = 0;
    const fresh = (base) => `${base}__${uid++}`;
    const addInit = (t) => {
        inits.push(t);
        return t.name;
    };
    const constF = (base, data, dims) => addInit(floatTensor(fresh(base), dims, data instanceof Float32Array ? data : Float32Array.from(data)));
    const constI = (base, data) => addInit(int64Tensor(fresh(base), [data.length], data));
    const weightOf = (layer, w, required = true) => {
        const exact = weights.get(`${layer}/${w}`);
        if (exact)
            return exact;
        for (const [k, v] of weights) {
            const base = k.replace(/:\d+$/, '');
            if (base.endsWith(`/${layer}/${w}`) || base === `${layer}/${w}`)
                return v;
        }
        if (required)
            throw new ConversionError(layer, `layer "${layer}": weight ${w} is missing from the weights manifest`);
        return undefined;
    };
    function activation(layer, act, x) {
        const a = act === undefined || act === null ? 'linear' : String(act);
        const name = fresh(`${layer}_${a}`);
        const rank = x.shape.length;
        const unary = (op, attrs = []) => {
            nodes.push({ op_type: op, input: [x.name], output: [name], name, attribute: attrs });
            return { name, shape: x.shape };
        };
        switch (a) {
            case 'linear':
                return x;
            case 'relu':
                return unary('Relu');
            case 'relu6':
                nodes.push({ op_type: 'Clip', input: [x.name, constF('zero', [0], []), constF('six', [6], [])], output: [name], name });
                return { name, shape: x.shape };
            case 'sigmoid':
                return unary('Sigmoid');
            case 'tanh':
                return unary('Tanh');
            case 'elu':
                return unary('Elu', [attr.float('alpha', 1)]);
            case 'selu':
                return unary('Selu');
            case 'softplus':
                return unary('Softplus');
            case 'softsign':
                return unary('Softsign');
            case 'exponential':
                return unary('Exp');
            case 'hard_sigmoid':
                return unary('HardSigmoid', [attr.float('alpha', 0.2), attr.float('beta', 0.5)]);
            case 'softmax':
                // Keras: the last axis, i.e. channels (axis 1 in NCHW) for images
                return unary('Softmax', [attr.int('axis', rank === 3 ? 1 : -1)]);
            case 'swish':
            case 'silu': {
                const s = fresh(`${layer}_sigmoid`);
                nodes.push({ op_type: 'Sigmoid', input: [x.name], output: [s], name: s });
                nodes.push({ op_type: 'Mul', input: [x.name, s], output: [name], name });
                return { name, shape: x.shape };
            }
            default:
                throw new ConversionError(layer, `layer "${layer}": activation ${a} is not supported by the ONNX converter`);
        }
    }
    const input = (l, i = 0) => {
        const key = l.inputs[i];
        const v = key ? values.get(key) : undefined;
        if (!key || !v) {
            if (key && pendingPads.has(key))
                return materializePad(key);
            throw new ConversionError(l.name, `layer "${l.name}" (${l.cls}): input ${key ?? i} is not available`);
        }
        return v;
    };
    function materializePad(key) {
        const p = pendingPads.get(key);
        pendingPads.delete(key);
        const [t, le, b, r] = p.pads;
        const name = fresh(key.split(':')[0]);
        nodes.push({
            op_type: 'Pad',
            input: [p.source.name, constI('pads', [0, 0, t, le, 0, 0, b, r])],
            output: [name],
            name,
            attribute: [attr.string('mode', 'constant')],
        });
        const [h, w, c] = p.source.shape;
        const v = { name, shape: [h === null ? null : h + t + b, w === null ? null : w + le + r, c] };
        values.set(key, v);
        return v;
    }
    /** The image input of a conv/pool layer, with pads folded in from a pending ZeroPadding2D. */
    function spatialInput(l, padding, fold) {
        const key = l.inputs[0];
        // zero padding folds into a convolution's pads; a pooling's pads are not zeros (max: −∞, average: excluded)
        if (fold && key && pendingPads.has(key) && padding === 'valid' && (consumers.get(key)?.length ?? 0) === 1) {
            const p = pendingPads.get(key);
            pendingPads.delete(key);
            return { x: p.source, extra: p.pads };
        }
        const x = input(l);
        if (x.shape.length !== 3)
            throw new ConversionError(l.name, `layer "${l.name}" (${l.cls}): expects an image tensor [height, width, channels], got rank ${x.shape.length + 1}`);
        return { x, extra: [0, 0, 0, 0] };
    }
    function convPads(l, x, k, s, d, padding, extra) {
        const [h, w] = x.shape;
        if (padding !== 'same' && padding !== 'valid')
            throw new ConversionError(l.name, `layer "${l.name}": padding ${padding} is not supported`);
        let pads = [...extra];
        let autoPad;
        if (padding === 'same') {
            if (h === null || w === null)
                autoPad = 'SAME_UPPER';
            else {
                const [ht, hb] = samePads(h, k[0], s[0], d[0]);
                const [wl, wr] = samePads(w, k[1], s[1], d[1]);
                pads = [ht, wl, hb, wr];
            }
        }
        const eff = (i) => (k[i] - 1) * d[i] + 1;
        const oh = autoPad || h === null ? null : Math.floor((h + pads[0] + pads[2] - eff(0)) / s[0]) + 1;
        const ow = autoPad || w === null ? null : Math.floor((w + pads[1] + pads[3] - eff(1)) / s[1]) + 1;
        const attrs = autoPad ? [attr.string('auto_pad', autoPad)] : [attr.ints('pads', pads)];
        return { attrs, oh, ow };
    }
    function emitConv(l, kind) {
        const cfg = l.config;
        if ((cfg.data_format ?? 'channels_last') !== 'channels_last')
            throw new ConversionError(l.name, `layer "${l.name}": data_format ${String(cfg.data_format)} is not supported`);
        const padding = String(cfg.padding ?? 'valid');
        const { x, extra } = spatialInput(l, padding, true);
        const k = pair(cfg.kernel_size, 'kernel_size', l.name);
        const s = pair(cfg.strides ?? 1, 'strides', l.name);
        const d = pair(cfg.dilation_rate ?? 1, 'dilation_rate', l.name);
        const cin = x.shape[2];
        let weight;
        let group;
        let cout;
        if (kind === 'conv') {
            const kw = weightOf(l.name, 'kernel'); // [kh, kw, in/g, out]
            const [kh, kww, cig, co] = kw.shape;
            group = Number(cfg.groups ?? 1);
            if (cig * group !== cin)
                throw new ConversionError(l.name, `layer "${l.name}": kernel expects ${cig * group} input channels, got ${cin}`);
            cout = co;
            const out = new Float32Array(co * cig * kh * kww);
            for (let a = 0; a < kh; a++)
                for (let b = 0; b < kww; b++)
                    for (let i = 0; i < cig; i++)
                        for (let o = 0; o < co; o++)
                            out[((o * cig + i) * kh + a) * kww + b] = kw.values[((a * kww + b) * cig + i) * co + o];
            weight = { shape: [co, cig, kh, kww], values: out };
        }
        else {
            const kw = weightOf(l.name, 'depthwise_kernel'); // [kh, kw, in, mult]
            const [kh, kww, ci, m] = kw.shape;
            if (ci !== cin)
                throw new ConversionError(l.name, `layer "${l.name}": depthwise kernel expects ${ci} channels, got ${cin}`);
            group = ci;
            cout = ci * m;
            const out = new Float32Array(cout * kh * kww);
            for (let a = 0; a < kh; a++)
                for (let b = 0; b < kww; b++)
                    for (let c = 0; c < ci; c++)
                        for (let j = 0; j < m; j++)
                            out[((c * m + j) * kh + a) * kww + b] = kw.values[((a * kww + b) * ci + c) * m + j];
            weight = { shape: [cout, 1, kh, kww], values: out };
        }
        const useBias = cfg.use_bias !== false;
        const bias = useBias ? Float32Array.from(weightOf(l.name, 'bias').values) : new Float32Array(cout);
        const { attrs, oh, ow } = convPads(l, x, k, s, d, padding, extra);
        const out = fresh(l.name);
        const node = {
            op_type: 'Conv',
            input: [x.name, '', ''],
            output: [out],
            name: l.name,
            attribute: [attr.ints('kernel_shape', weight.shape.slice(2)), attr.ints('strides', s), attr.ints('dilations', d), attr.int('group', group), ...attrs],
        };
        nodes.push(node);
        convs.set(out, { node, weight, bias, output: out, padding: 'explicit' });
        const v = { name: out, shape: [oh, ow, cout] };
        return activation(l.name, cfg.activation, v);
    }
    function emitPool(l, op) {
        const cfg = l.config;
        if ((cfg.data_format ?? 'channels_last') !== 'channels_last')
            throw new ConversionError(l.name, `layer "${l.name}": data_format ${String(cfg.data_format)} is not supported`);
        const padding = String(cfg.padding ?? 'valid');
        const { x, extra } = spatialInput(l, padding, false);
        const k = pair(cfg.pool_size ?? 2, 'pool_size', l.name);
        const s = pair(cfg.strides ?? k, 'strides', l.name);
        const { attrs, oh, ow } = convPads(l, x, k, s, [1, 1], padding, extra);
        const out = fresh(l.name);
        nodes.push({ op_type: op, input: [x.name], output: [out], name: l.name, attribute: [attr.ints('kernel_shape', k), attr.ints('strides', s), ...attrs] });
        return { name: out, shape: [oh, ow, x.shape[2]] };
    }
    function emitBatchNorm(l) {
        const cfg = l.config;
        const x = input(l);
        const axis = Number(Array.isArray(cfg.axis) ? cfg.axis[0] : (cfg.axis ?? -1));
        const rank = x.shape.length + 1;
        if (axis !== -1 && axis !== rank - 1)
            throw new ConversionError(l.name, `layer "${l.name}": BatchNormalization over axis ${axis} is not supported (only the channel axis)`);
        const c = x.shape[x.shape.length - 1];
        const eps = Number(cfg.epsilon ?? 1e-3);
        const gamma = cfg.scale === false ? undefined : weightOf(l.name, 'gamma').values;
        const beta = cfg.center === false ? undefined : weightOf(l.name, 'beta').values;
        const mean = weightOf(l.name, 'moving_mean').values;
        const variance = weightOf(l.name, 'moving_variance').values;
        const conv = convs.get(x.name);
        const key = l.inputs[0];
        if (conv && (consumers.get(key)?.length ?? 0) === 1 && !protectedKeys.has(key) && conv.node.output[0] === x.name) {
            // fold: w' = w·γ/√(σ²+ε), b' = (b − μ)·γ/√(σ²+ε) + β
            const per = conv.weight.values.length / c;
            for (let o = 0; o < c; o++) {
                const g = gamma ? gamma[o] : 1;
                const f = g / Math.sqrt(variance[o] + eps);
                for (let j = 0; j < per; j++)
                    conv.weight.values[o * per + j] = conv.weight.values[o * per + j] * f;
                conv.bias[o] = (conv.bias[o] - mean[o]) * f + (beta ? beta[o] : 0);
            }
            return x;
        }
        const out = fresh(l.name);
        nodes.push({
            op_type: 'BatchNormalization',
            input: [
                x.name,
                constF('gamma', gamma ?? new Float32Array(c).fill(1), [c]),
                constF('beta', beta ?? new Float32Array(c), [c]),
                constF('mean', mean, [c]),
                constF('var', variance, [c]),
            ],
            output: [out],
            name: l.name,
            attribute: [attr.float('epsilon', eps)],
        });
        return { name: out, shape: x.shape };
    }
    function emitDense(l) {
        const x = input(l);
        if (x.shape.length !== 1)
            throw new ConversionError(l.name, `layer "${l.name}" (Dense): input of rank ${x.shape.length + 1} is not supported (only [batch, features])`);
        const kw = weightOf(l.name, 'kernel');
        const [din, units] = kw.shape;
        if (x.shape[0] !== null && x.shape[0] !== din)
            throw new ConversionError(l.name, `layer "${l.name}": kernel expects ${din} features, got ${x.shape[0]}`);
        const inputs = [x.name, constF(`${l.name}_kernel`, kw.values, [din, units])];
        if (l.config.use_bias !== false)
            inputs.push(constF(`${l.name}_bias`, weightOf(l.name, 'bias').values, [units]));
        const out = fresh(l.name);
        nodes.push({ op_type: 'Gemm', input: inputs, output: [out], name: l.name });
        return activation(l.name, l.config.activation, { name: out, shape: [units] });
    }
    function elementwise(l, op) {
        const xs = l.inputs.map((_, i) => input(l, i));
        const out = fresh(l.name);
        if (op === 'Sub') {
            if (xs.length !== 2)
                throw new ConversionError(l.name, `layer "${l.name}" (Subtract) needs exactly 2 inputs`);
            nodes.push({ op_type: 'Sub', input: xs.map((x) => x.name), output: [out], name: l.name });
        }
        else if (xs.length === 2 && op !== 'Mean') {
            nodes.push({ op_type: op === 'Sum' ? 'Add' : op, input: xs.map((x) => x.name), output: [out], name: l.name });
        }
        else if (op === 'Mul') {
            let acc = xs[0].name;
            for (let i = 1; i < xs.length; i++) {
                const o = i === xs.length - 1 ? out : fresh(l.name);
                nodes.push({ op_type: 'Mul', input: [acc, xs[i].name], output: [o], name: o });
                acc = o;
            }
        }
        else {
            nodes.push({ op_type: op, input: xs.map((x) => x.name), output: [out], name: l.name });
        }
        return { name: out, shape: xs[0].shape };
    }
    const flattenOf = (layer, x) => {
        if (x.shape.length === 1)
            return x;
        let src = x.name;
        const [h, w] = x.shape;
        if (x.shape.length === 3 && !(h === 1 && w === 1)) {
            const t = fresh(`${layer}_nhwc`);
            nodes.push({ op_type: 'Transpose', input: [x.name], output: [t], name: t, attribute: [attr.ints('perm', [0, 2, 3, 1])] });
            src = t;
        }
        const out = fresh(layer);
        nodes.push({ op_type: 'Flatten', input: [src], output: [out], name: out, attribute: [attr.int('axis', 1)] });
        const d = x.shape.every((v) => v !== null) ? x.shape.reduce((a, b) => a * b, 1) : null;
        return { name: out, shape: [d] };
    };
    let graphInput;
    for (const l of topo.layers) {
        const cfg = l.config;
        let v;
        switch (l.cls) {
            case 'InputLayer': {
                if (graphInput)
                    throw new ConversionError(l.name, `layer "${l.name}": models with more than one input are not supported`);
                const shape = (cfg.batch_input_shape ?? cfg.batch_shape);
                if (!Array.isArray(shape) || shape.length !== 4)
                    throw new ConversionError(l.name, `input "${l.name}" has shape ${JSON.stringify(shape)}; the converter takes image models ([batch, height, width, channels])`);
                const [, h, w, c] = shape;
                if (c === null || c === undefined)
                    throw new ConversionError(l.name, `input "${l.name}": the channel count must be fixed`);
                graphInput = { name: 'input', shape: [c, h ?? null, w ?? null] };
                v = { name: 'input', shape: [h ?? null, w ?? null, c] };
                break;
            }
            case 'Conv2D':
                v = emitConv(l, 'conv');
                break;
            case 'DepthwiseConv2D':
                v = emitConv(l, 'depthwise');
                break;
            case 'SeparableConv2D': {
                // depthwise (no bias, linear) then a 1×1 pointwise conv with the bias and activation
                const dw = { ...l, config: { ...cfg, activation: 'linear', use_bias: false } };
                const dv = emitConv(dw, 'depthwise');
                const pw = weightOf(l.name, 'pointwise_kernel');
                const [, , ci, co] = pw.shape;
                const w = new Float32Array(co * ci);
                for (let i = 0; i < ci; i++)
                    for (let o = 0; o < co; o++)
                        w[o * ci + i] = pw.values[i * co + o];
                const bias = cfg.use_bias !== false ? Float32Array.from(weightOf(l.name, 'bias').values) : new Float32Array(co);
                const out = fresh(`${l.name}_pointwise`);
                const node = {
                    op_type: 'Conv',
                    input: [dv.name, '', ''],
                    output: [out],
                    name: `${l.name}_pointwise`,
                    attribute: [attr.ints('kernel_shape', [1, 1])],
                };
                nodes.push(node);
                convs.set(out, { node, weight: { shape: [co, ci, 1, 1], values: w }, bias, output: out, padding: 'explicit' });
                v = activation(l.name, cfg.activation, { name: out, shape: [dv.shape[0], dv.shape[1], co] });
                break;
            }
            case 'BatchNormalization':
                v = emitBatchNorm(l);
                break;
            case 'ReLU': {
                const x = input(l);
                const max = cfg.max_value === null || cfg.max_value === undefined ? undefined : Number(cfg.max_value);
                const slope = Number(cfg.negative_slope ?? 0);
                const threshold = Number(cfg.threshold ?? 0);
                if (threshold !== 0)
                    throw new ConversionError(l.name, `layer "${l.name}" (ReLU): threshold ${threshold} is not supported`);
                const out = fresh(l.name);
                if (slope !== 0 && max !== undefined)
                    throw new ConversionError(l.name, `layer "${l.name}" (ReLU): negative_slope with max_value is not supported`);
                if (slope !== 0)
                    nodes.push({ op_type: 'LeakyRelu', input: [x.name], output: [out], name: l.name, attribute: [attr.float('alpha', slope)] });
                else if (max !== undefined)
                    nodes.push({ op_type: 'Clip', input: [x.name, constF('zero', [0], []), constF('max', [max], [])], output: [out], name: l.name });
                else
                    nodes.push({ op_type: 'Relu', input: [x.name], output: [out], name: l.name });
                v = { name: out, shape: x.shape };
                break;
            }
            case 'LeakyReLU': {
                const x = input(l);
                const out = fresh(l.name);
                nodes.push({
                    op_type: 'LeakyRelu',
                    input: [x.name],
                    output: [out],
                    name: l.name,
                    attribute: [attr.float('alpha', Number(cfg.alpha ?? cfg.negative_slope ?? 0.3))],
                });
                v = { name: out, shape: x.shape };
                break;
            }
            case 'ELU': {
                const x = input(l);
                const out = fresh(l.name);
                nodes.push({ op_type: 'Elu', input: [x.name], output: [out], name: l.name, attribute: [attr.float('alpha', Number(cfg.alpha ?? 1))] });
                v = { name: out, shape: x.shape };
                break;
            }
            case 'Activation':
                v = activation(l.name, cfg.activation, input(l));
                break;
            case 'Softmax': {
                const x = input(l);
                const axis = Number(cfg.axis ?? -1);
                if (axis !== -1 && axis !== x.shape.length)
                    throw new ConversionError(l.name, `layer "${l.name}" (Softmax): axis ${axis} is not supported`);
                v = activation(l.name, 'softmax', x);
                break;
            }
            case 'ZeroPadding2D': {
                const x = input(l);
                if (x.shape.length !== 3)
                    throw new ConversionError(l.name, `layer "${l.name}" (ZeroPadding2D) expects an image tensor`);
                const p = cfg.padding;
                let pads;
                if (typeof p === 'number')
                    pads = [p, p, p, p];
                else if (Array.isArray(p) && p.every((q) => typeof q === 'number'))
                    pads = [p[0], p[1], p[0], p[1]];
                else if (Array.isArray(p) && p.length === 2 && p.every((q) => Array.isArray(q) && q.length === 2)) {
                    const [[t, b], [le, r]] = p;
                    pads = [t, le, b, r];
                }
                else
                    throw new ConversionError(l.name, `layer "${l.name}": padding ${JSON.stringify(p)} is not supported`);
                pendingPads.set(tensorKey(l.name), { pads, source: x });
                continue;
            }
            case 'Add':
                v = elementwise(l, 'Sum');
                break;
            case 'Subtract':
                v = elementwise(l, 'Sub');
                break;
            case 'Multiply':
                v = elementwise(l, 'Mul');
                break;
            case 'Average':
                v = elementwise(l, 'Mean');
                break;
            case 'Maximum':
                v = elementwise(l, 'Max');
                break;
            case 'Minimum':
                v = elementwise(l, 'Min');
                break;
            case 'Concatenate': {
                const xs = l.inputs.map((_, i) => input(l, i));
                const rank = xs[0].shape.length + 1;
                let axis = Number(cfg.axis ?? -1);
                if (axis < 0)
                    axis += rank;
                // Keras NHWC axis → ONNX NCHW axis
                const onnxAxis = rank === 4 ? [0, 2, 3, 1][axis] : axis;
                const out = fresh(l.name);
                nodes.push({ op_type: 'Concat', input: xs.map((x) => x.name), output: [out], name: l.name, attribute: [attr.int('axis', onnxAxis)] });
                const shape = [...xs[0].shape];
                const k = axis - 1;
                shape[k] = xs.every((x) => x.shape[k] !== null) ? xs.reduce((a, x) => a + x.shape[k], 0) : null;
                v = { name: out, shape };
                break;
            }
            case 'AveragePooling2D':
                v = emitPool(l, 'AveragePool');
                break;
            case 'MaxPooling2D':
                v = emitPool(l, 'MaxPool');
                break;
            case 'GlobalAveragePooling2D':
            case 'GlobalMaxPooling2D': {
                const x = input(l);
                if (x.shape.length !== 3)
                    throw new ConversionError(l.name, `layer "${l.name}" (${l.cls}) expects an image tensor`);
                const out = fresh(l.name);
                nodes.push({ op_type: l.cls === 'GlobalAveragePooling2D' ? 'GlobalAveragePool' : 'GlobalMaxPool', input: [x.name], output: [out], name: l.name });
                const pooled = { name: out, shape: [1, 1, x.shape[2]] };
                v = cfg.keepdims === true ? pooled : flattenOf(l.name, pooled);
                break;
            }
            case 'Flatten':
                v = flattenOf(l.name, input(l));
                break;
            case 'Dense':
                v = emitDense(l);
                break;
            case 'Rescaling': {
                const x = input(l);
                const scale = Number(cfg.scale ?? 1);
                const offset = Number(cfg.offset ?? 0);
                const m = fresh(`${l.name}_scale`);
                nodes.push({ op_type: 'Mul', input: [x.name, constF('scale', [scale], [])], output: [m], name: m });
                const out = fresh(l.name);
                nodes.push({ op_type: 'Add', input: [m, constF('offset', [offset], [])], output: [out], name: l.name });
                v = { name: out, shape: x.shape };
                break;
            }
            default:
                if (NOOP_LAYERS.has(l.cls)) {
                    v = input(l);
                    break;
                }
                throw new ConversionError(l.name, `layer "${l.name}" (${l.cls}) is not supported by the ONNX converter`);
        }
        values.set(tensorKey(l.name), v);
    }
    if (!graphInput)
        throw new ConversionError(undefined, 'the model has no InputLayer');
    const embKey = tensorKey(opts.embeddingLayer);
    let emb = values.get(embKey) ?? (pendingPads.has(embKey) ? materializePad(embKey) : undefined);
    if (!emb)
        throw new ConversionError(opts.embeddingLayer, `layer "${opts.embeddingLayer}" has no output`);
    emb = flattenOf(`${opts.embeddingLayer}_embedding`, emb);
    const finalOut = values.get(topo.outputs[0]);
    const withProbs = opts.withProbs === true && topo.outputs.length === 1 && finalOut !== undefined && finalOut.shape.length === 1 && topo.outputs[0] !== embKey;
    // convolution weights/bias (after BN folding) become initializers
    for (const c of convs.values()) {
        c.node.input[1] = constF(`${c.node.name ?? 'conv'}_W`, c.weight.values, c.weight.shape);
        c.node.input[2] = constF(`${c.node.name ?? 'conv'}_B`, c.bias, [c.weight.shape[0]]);
    }
    // outputs under stable names (Identity), then keep only what they need
    const outputs = [];
    const finalNodes = [...nodes];
    const named = (src, name, dims) => {
        finalNodes.push({ op_type: 'Identity', input: [src], output: [name], name });
        outputs.push({
            name,
            type: {
                tensor_type: { elem_type: DataType.FLOAT, shape: { dim: [{ dim_param: 'batch' }, dims === null ? { dim_param: 'features' } : { dim_value: dims }] } },
            },
        });
    };
    named(emb.name, 'embedding', emb.shape[0] ?? null);
    if (withProbs)
        named(finalOut.name, 'probs', finalOut.shape[0] ?? null);
    const needed = new Set(outputs.map((o) => o.name));
    const kept = [];
    for (let i = finalNodes.length - 1; i >= 0; i--) {
        const n = finalNodes[i];
        if (!n.output.some((o) => needed.has(o)))
            continue;
        kept.push(n);
        for (const x of n.input)
            if (x)
                needed.add(x);
    }
    kept.reverse();
    const usedInits = inits.filter((t) => needed.has(t.name));
    const [c, h, w] = graphInput.shape;
    const dim = (v, p) => (v === null ? { dim_param: p } : { dim_value: v });
    const bytes = encodeModel({
        ir_version: 7,
        opset_import: [{ domain: '', version: OPSET }],
        producer_name: 'transfer-risk',
        producer_version: CONVERTER_VERSION,
        graph: {
            name: 'converted',
            node: kept,
            initializer: usedInits,
            input: [
                {
                    name: graphInput.name,
                    type: { tensor_type: { elem_type: DataType.FLOAT, shape: { dim: [{ dim_param: 'batch' }, dim(c, 'channels'), dim(h, 'height'), dim(w, 'width')] } } },
                },
            ],
            output: outputs,
        },
    });
    return {
        bytes,
        inputName: graphInput.name,
        inputShape: graphInput.shape,
        embeddingOutput: 'embedding',
        probsOutput: withProbs ? 'probs' : undefined,
        embeddingLayer: opts.embeddingLayer,
        dims: emb.shape[0] ?? 0,
        classes: withProbs ? (finalOut.shape[0] ?? undefined) : undefined,
        layers: layerCounts,
    };
}
/** Content hash of a TF.js model (topology + weights) and the converter version: the converted model's cache key. */
export function conversionKey(json, weights, embeddingLayer, withProbs) {
    const h = createHash('sha256');
    h.update(CONVERTER_VERSION);
    h.update(JSON.stringify({ topology: json.modelTopology, manifest: json.weightsManifest, embeddingLayer, withProbs }));
    h.update(new Uint8Array(weights));
    return h.digest('hex');
}
const POOLING = new Set([
    'GlobalAveragePooling1D',
    'GlobalAveragePooling2D',
    'GlobalMaxPooling1D',
    'GlobalMaxPooling2D',
    'AveragePooling1D',
    'AveragePooling2D',
    'MaxPooling1D',
    'MaxPooling2D',
]);
/**
 * The default embedding layer of a Layers topology, as src/embed/models.ts picks it on a loaded
 * LayersModel: the last pooling layer (or the Flatten right after it), else the input of the last Dense,
 * else the last layer. `withProbs`: the last layer is a softmax head after that layer.
 */
export function defaultEmbeddingLayer(json, requested) {
    const { layers } = readTopology(json);
    const isSoftmax = (l) => l.cls === 'Softmax' || ((l.cls === 'Dense' || l.cls === 'Activation') && l.config.activation === 'softmax');
    const last = layers[layers.length - 1];
    const pick = () => {
        if (requested)
            return requested;
        for (let i = layers.length - 1; i >= 0; i--) {
            if (POOLING.has(layers[i].cls)) {
                const next = layers[i + 1];
                return next && next.cls === 'Flatten' ? next.name : layers[i].name;
            }
        }
        for (let i = layers.length - 1; i >= 1; i--) {
            if (layers[i].cls === 'Dense') {
                for (let j = i - 1; j >= 0; j--) {
                    const c = layers[j].cls;
                    if (c !== 'Dropout' && c !== 'InputLayer')
                        return layers[j].name;
                }
                break;
            }
        }
        return last.name;
    };
    const layer = pick();
    return { layer, withProbs: isSoftmax(last) && last.name !== layer };
}
