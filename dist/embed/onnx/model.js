import { UserError, errorMessage } from '../../errors.js';
import { describePreset } from '../preprocess.js';
import { addGraphOutputs, DATA_TYPE_NAMES, DataType, inspectGraph } from './proto.js';
import { float32Tensor } from './runtime.js';
export const IMAGENET_MEAN = [0.485, 0.456, 0.406];
export const IMAGENET_STD = [0.229, 0.224, 0.225];
const HEAD_OPS = new Set(['Gemm', 'MatMul']);
function fail(spec, why) {
    return new UserError(`pretrained.model ${spec}: ${why}`);
}
function shapeText(shape) {
    return shape ? `[${shape.map((d) => (d === null ? '?' : String(d))).join(', ')}]` : '[unknown rank]';
}
/** The embedding (and class-probability) values of a graph. */
export function planOutputs(spec, g, output) {
    const producer = new Map();
    for (const n of g.nodes)
        for (const o of n.outputs)
            producer.set(o, n);
    const constants = new Set(g.nodes.filter((n) => n.opType === 'Constant').flatMap((n) => n.outputs));
    const dataInput = (n) => n.inputs.find((i) => i && !g.initializers.has(i) && !constants.has(i));
    const first = g.outputs[0];
    if (!first)
        throw fail(spec, 'the graph has no outputs');
    const outputNames = g.outputs.map((o) => o.name);
    if (output && output !== 'penultimate' && output !== 'auto') {
        if (outputNames.includes(output) || producer.has(output))
            return { embedding: output };
        const recent = g.nodes.slice(-6).flatMap((n) => n.outputs);
        throw fail(spec, `pretrained.output '${output}' is not a value of the model (outputs: ${outputNames.join(', ')}; last node outputs: ${recent.join(', ')})`);
    }
    const skipIdentity = (name) => {
        let n = producer.get(name);
        for (let k = 0; n && n.opType === 'Identity' && k < 10; k++)
            n = producer.get(n.inputs[0] ?? '');
        return n;
    };
    const last = skipIdentity(first.name);
    if (output === 'penultimate') {
        const v = last ? dataInput(last) : undefined;
        if (!v)
            throw fail(spec, `pretrained.output penultimate: the node producing '${first.name}' has no data input`);
        return { embedding: v };
    }
    // auto: the input of a classifier head, else the first output
    let head = last;
    let probs;
    if (head && head.opType === 'Softmax') {
        probs = { name: first.name, kind: 'probs' };
        head = skipIdentity(dataInput(head) ?? '');
    }
    let mm;
    if (head && HEAD_OPS.has(head.opType))
        mm = head;
    else if (head && head.opType === 'Add') {
        const ins = head.inputs.map((i) => producer.get(i)).filter((n) => n !== undefined);
        mm = ins.find((n) => n.opType === 'MatMul');
    }
    if (mm && head) {
        const emb = dataInput(mm);
        if (emb)
            return { embedding: emb, probs: probs ?? { name: head.outputs[0], kind: 'logits' } };
    }
    return { embedding: first.name };
}
/** Check the model's input against `pretrained.input`; the size and layout to feed. */
export function planInput(spec, g, cfg) {
    if (g.inputs.length !== 1) {
        throw fail(spec, `the model takes ${g.inputs.length} inputs (${g.inputs.map((i) => i.name).join(', ') || 'none'}); an image embedding model takes one image batch`);
    }
    const inp = g.inputs[0];
    const layout = cfg?.layout ?? 'NCHW';
    const expected = layout === 'NCHW' ? '[N, 3, H, W]' : '[N, H, W, 3]';
    if (inp.elemType !== DataType.FLOAT) {
        throw fail(spec, `input '${inp.name}' is ${DATA_TYPE_NAMES[inp.elemType] ?? `type ${inp.elemType}`}; expected float32 pixels (export the model with a float32 input)`);
    }
    const shape = inp.shape;
    if (!shape || shape.length !== 4) {
        throw fail(spec, `input '${inp.name}' has rank ${shape ? shape.length : 'unknown'} (${shapeText(shape)}); expected an image batch ${expected} (pretrained.input.layout ${layout})`);
    }
    const num = (d) => (typeof d === 'number' && d > 0 ? d : undefined);
    const [c, h, w] = layout === 'NCHW' ? [shape[1], shape[2], shape[3]] : [shape[3], shape[1], shape[2]];
    const channels = num(c);
    if (channels !== undefined && channels !== 3) {
        const other = layout === 'NCHW' ? num(shape[3]) : num(shape[1]);
        const hint = other === 3 ? `; the model looks ${layout === 'NCHW' ? 'NHWC' : 'NCHW'}: set pretrained.input.layout: ${layout === 'NCHW' ? 'NHWC' : 'NCHW'}` : '';
        throw fail(spec, `input '${inp.name}' ${shapeText(shape)} has ${channels} channel(s) at dimension ${layout === 'NCHW' ? 1 : 3} (layout ${layout}); expected 3 (RGB)${hint}`);
    }
    const size = cfg?.size;
    const [ch, cw] = size === undefined ? [undefined, undefined] : typeof size === 'number' ? [size, size] : size;
    const mh = num(h);
    const mw = num(w);
    if ((ch !== undefined && mh !== undefined && ch !== mh) || (cw !== undefined && mw !== undefined && cw !== mw)) {
        throw fail(spec, `pretrained.input.size ${ch}×${cw} does not match the model's input ${mh ?? '?'}×${mw ?? '?'} (${shapeText(shape)})`);
    }
    return { name: inp.name, layout, height: ch ?? mh ?? 224, width: cw ?? mw ?? 224, maxBatch: num(shape[0]) };
}
/** Pixel scaling of `pretrained.input` (torchvision defaults; `pretrained.normalize` is the older spelling of mean/std). */
export function inputScale(p) {
    const cfg = p.input;
    const mean = cfg?.mean ?? p.normalize?.mean ?? IMAGENET_MEAN;
    const std = cfg?.std ?? p.normalize?.std ?? IMAGENET_STD;
    const range = cfg?.range ?? [0, 1];
    if (mean.length !== 3 || std.length !== 3)
        throw new UserError('pretrained.input: mean and std need 3 values each (R, G, B)');
    if (std.some((s) => !(s > 0)))
        throw new UserError('pretrained.input: std values must be > 0');
    if (!(range[1] > range[0]))
        throw new UserError(`pretrained.input.range [${range.join(', ')}] must go from low to high`);
    return { mean: [...mean], std: [...std], range: [range[0], range[1]] };
}
function softmaxRows(data, n, k) {
    const out = new Float32Array(n * k);
    for (let i = 0; i < n; i++) {
        let max = -Infinity;
        for (let j = 0; j < k; j++)
            max = Math.max(max, data[i * k + j]);
        let sum = 0;
        for (let j = 0; j < k; j++)
            sum += out[i * k + j] = Math.exp(data[i * k + j] - max);
        for (let j = 0; j < k; j++)
            out[i * k + j] = out[i * k + j] / sum;
    }
    return out;
}
/** Build a session for an image model and probe it once (fills dims and classes). */
export async function loadOnnxImageModel(engine, bytes, opts) {
    const spec = opts.spec;
    let g;
    try {
        g = inspectGraph(bytes);
    }
    catch (err) {
        throw fail(spec, `is not an ONNX model (${errorMessage(err)})`);
    }
    if (g.externalData.length) {
        throw fail(spec, `keeps ${g.externalData.length} weight tensor(s) in external data files (e.g. ${g.externalData[0]}); export it as one .onnx file (under 2 GB)`);
    }
    if (!opts.known && opts.pretrained.layer) {
        throw new UserError(`pretrained.layer applies to TF.js models; for the ONNX model ${spec} name the embedding value with pretrained.output`);
    }
    const input = planInput(spec, g, opts.known ? { layout: opts.known.layout } : opts.pretrained.input);
    const outputs = opts.known?.outputs ?? planOutputs(spec, g, opts.pretrained.output);
    const preset = opts.known?.preset ?? {
        width: input.width,
        height: input.height,
        resize: opts.pretrained.input?.resize ?? 'cover',
        scale: inputScale(opts.pretrained),
    };
    const present = new Set(g.outputs.map((o) => o.name));
    const wanted = [outputs.embedding, ...(outputs.probs ? [outputs.probs.name] : [])];
    const model = addGraphOutputs(bytes, wanted.filter((n) => !present.has(n)));
    let session;
    try {
        session = await engine.createSession(model);
    }
    catch (err) {
        throw fail(spec, `ONNX Runtime cannot load it (${errorMessage(err)
            .split('\n')
            .find((l) => l.trim()) ?? 'unknown error'})`);
    }
    const ort = engine.ort;
    const shapeOf = (n) => (input.layout === 'NCHW' ? [n, 3, preset.height, preset.width] : [n, preset.height, preset.width, 3]);
    let dims = 0;
    let classes;
    const runRaw = async (pixels, n) => {
        let res;
        try {
            res = await session.run({ [input.name]: float32Tensor(ort, pixels, shapeOf(n)) }, wanted);
        }
        catch (err) {
            throw fail(spec, `inference failed (${errorMessage(err)
                .split('\n')
                .find((l) => l.trim()) ?? 'unknown error'})`);
        }
        const emb = res[outputs.embedding];
        if (emb.type !== 'float32')
            throw fail(spec, `the embedding '${outputs.embedding}' is ${emb.type}; expected float32`);
        const vectors = emb.data;
        let probs;
        const p = outputs.probs ? res[outputs.probs.name] : undefined;
        if (p && p.type === 'float32') {
            const k = p.data.length / n;
            probs = outputs.probs.kind === 'logits' ? softmaxRows(p.data, n, k) : p.data;
        }
        for (const t of Object.values(res))
            t.dispose?.();
        return { vectors, probs };
    };
    try {
        const probe = await runRaw(new Float32Array(shapeOf(1).reduce((a, b) => a * b, 1)), 1);
        dims = probe.vectors.length;
        const k = probe.probs?.length;
        classes = k !== undefined && k >= 2 && k <= 100_000 ? k : undefined;
    }
    catch (err) {
        await session.release().catch(() => { });
        throw err;
    }
    if (dims === 0) {
        await session.release().catch(() => { });
        throw fail(spec, `the embedding '${outputs.embedding}' is empty`);
    }
    const classNames = opts.known?.classNames && classes === opts.known.classNames.length ? opts.known.classNames : undefined;
    return {
        spec,
        identity: opts.identity,
        layer: outputs.embedding,
        dims,
        classes,
        classNames,
        preset,
        layout: input.layout,
        maxBatch: input.maxBatch,
        async run(pixels, n) {
            const out = await runRaw(pixels, n);
            if (out.vectors.length !== n * dims)
                throw fail(spec, `the embedding '${outputs.embedding}' changed size (${out.vectors.length / n} values per image, ${dims} at load)`);
            return classes ? out : { vectors: out.vectors };
        },
        dispose: () => session.release(),
    };
}
export function describeOnnxPreset(m) {
    return `${describePreset(m.preset)} ${m.layout}`;
}
