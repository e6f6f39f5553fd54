import { UserError, errorMessage } from '../errors.js';
import { builtinByName, readBuiltinArtifacts } from './builtin.js';
import { readModelFiles } from './source.js';
export { isUrl } from './source.js';
const POOL_LAYERS = new Set([
    'GlobalAveragePooling1D',
    'GlobalAveragePooling2D',
    'GlobalAveragePooling3D',
    'GlobalMaxPooling1D',
    'GlobalMaxPooling2D',
    'GlobalMaxPooling3D',
    'GlobalMaxPool1D',
    'GlobalMaxPool2D',
    'GlobalAvgPool1D',
    'GlobalAvgPool2D',
    'AveragePooling1D',
    'AveragePooling2D',
    'AveragePooling3D',
    'MaxPooling1D',
    'MaxPooling2D',
    'MaxPooling3D',
]);
const POOL_OPS = new Set(['AvgPool', 'MaxPool', 'Mean', 'AvgPool3D', 'MaxPool3D']);
export function detectFormat(json) {
    if (json.format === 'graph-model')
        return 'graph';
    if (json.format === 'layers-model')
        return 'layers';
    const topo = json.modelTopology;
    if (topo && Array.isArray(topo.node))
        return 'graph';
    if (topo && (topo.model_config !== undefined || topo.class_name !== undefined || topo.config !== undefined))
        return 'layers';
    throw new Error('neither a LayersModel nor a GraphModel (no `format`, no recognizable `modelTopology`)');
}
function artifactsOf(json, weights) {
    const weightSpecs = (json.weightsManifest ?? []).flatMap((g) => g.weights);
    const a = {
        modelTopology: json.modelTopology,
        weightSpecs,
        weightData: weights,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy ?? undefined,
    };
    if (json.trainingConfig)
        a.trainingConfig = json.trainingConfig;
    if (json.userDefinedMetadata)
        a.userDefinedMetadata = json.userDefinedMetadata;
    if (json.signature)
        a.signature = json.signature;
    if (json.modelInitializer)
        a.modelInitializer = json.modelInitializer;
    return a;
}
/* ---------- embedding heads ---------- */
function layerClass(l) {
    return l.getClassName();
}
function isSoftmaxLayer(l) {
    const cls = l.getClassName();
    if (cls === 'Softmax')
        return true;
    const act = l.getConfig().activation;
    return (cls === 'Dense' || cls === 'Activation') && act === 'softmax';
}
function singleOutput(layerName, out) {
    if (Array.isArray(out)) {
        if (out.length !== 1)
            throw new UserError(`pretrained.layer '${layerName}' has ${out.length} outputs; pick a single-output layer`);
        return out[0];
    }
    return out;
}
/** Default embedding layer of a LayersModel: the last pooling layer (or the Flatten right after it), else the input of the last Dense. */
export function defaultLayersEmbedding(model) {
    const layers = model.layers;
    for (let i = layers.length - 1; i >= 0; i--) {
        const l = layers[i];
        if (POOL_LAYERS.has(layerClass(l))) {
            const next = layers[i + 1];
            if (next && layerClass(next) === 'Flatten')
                return next.name;
            return l.name;
        }
    }
    // no pooling: the feature the last Dense (the head) consumes
    for (let i = layers.length - 1; i >= 1; i--) {
        if (layerClass(layers[i]) === 'Dense') {
            for (let j = i - 1; j >= 0; j--) {
                const c = layerClass(layers[j]);
                if (c !== 'Dropout' && c !== 'InputLayer')
                    return layers[j].name;
            }
            break;
        }
    }
    return layers[layers.length - 1].name;
}
function flatten2d(tf, t) {
    if (t.rank === 2)
        return t;
    return tf.reshape(t, [t.shape[0], -1]);
}
function layersRunner(tf, model, requested, base) {
    const layerName = requested ?? defaultLayersEmbedding(model);
    let layer;
    try {
        layer = model.getLayer(layerName);
    }
    catch {
        const names = model.layers.map((l) => l.name);
        const tail = names.slice(-8).join(', ');
        throw new UserError(`pretrained.layer '${layerName}' is not a layer of ${base.spec} (last layers: ${tail})`);
    }
    const last = model.layers[model.layers.length - 1];
    const withProbs = isSoftmaxLayer(last) && layer !== last && model.outputs.length === 1;
    const embOut = singleOutput(layerName, layer.output);
    const outputs = withProbs ? [embOut, model.outputs[0]] : [embOut];
    const sub = tf.model({ inputs: model.inputs, outputs });
    const inputShape = model.inputs[0].shape.slice(1);
    const dims = embOut.shape.slice(1).reduce((a, b) => a * (b ?? NaN), 1);
    const classes = withProbs ? (model.outputs[0].shape[1] ?? undefined) : undefined;
    return {
        ...base,
        format: 'layers',
        layer: layerName,
        inputShape,
        dims,
        classes: classes ?? undefined,
        run(x) {
            return tf.tidy(() => {
                const out = sub.predict(x);
                const arr = Array.isArray(out) ? out : [out];
                const embedding = flatten2d(tf, arr[0]);
                return withProbs ? { embedding, probs: arr[1] } : { embedding };
            });
        },
        dispose() {
            model.dispose();
        },
    };
}
function cleanInput(name) {
    return name.replace(/^\^/, '').replace(/:\d+$/, '');
}
/** Default embedding node of a GraphModel: the last pooling op (or the Squeeze/Reshape right after it). */
export function defaultGraphEmbedding(nodes) {
    for (let i = nodes.length - 1; i >= 0; i--) {
        const n = nodes[i];
        if (POOL_OPS.has(n.op)) {
            const consumer = nodes.find((m) => (m.op === 'Squeeze' || m.op === 'Reshape') && (m.input ?? []).map(cleanInput).includes(n.name));
            return consumer ? consumer.name : n.name;
        }
    }
    return undefined;
}
function graphRunner(tf, model, json, requested, base) {
    const topo = json.modelTopology;
    const nodes = topo?.node ?? [];
    const byName = new Map(nodes.map((n) => [n.name, n]));
    const outputName = model.outputNodes[0];
    // follow Identity chains from the output to see whether it is a softmax
    let probe = byName.get(cleanInput(outputName));
    for (let k = 0; probe && probe.op === 'Identity' && k < 10; k++)
        probe = byName.get(cleanInput(probe.input?.[0] ?? ''));
    const isSoftmax = probe?.op === 'Softmax';
    let node = requested ?? defaultGraphEmbedding(nodes);
    if (!node && isSoftmax && probe?.input?.[0])
        node = cleanInput(probe.input[0]);
    if (!node)
        node = outputName;
    if (nodes.length && !byName.has(cleanInput(node))) {
        throw new UserError(`pretrained.layer '${node}' is not a node of ${base.spec}`);
    }
    const withProbs = isSoftmax && cleanInput(node) !== cleanInput(outputName);
    const inputShape = (model.inputs[0]?.shape ?? []).slice(1).map((d) => (d === undefined || d < 0 ? null : d));
    const runner = {
        ...base,
        format: 'graph',
        layer: node,
        inputShape,
        dims: 0,
        classes: undefined,
        run(x) {
            return tf.tidy(() => {
                const out = model.execute(x, withProbs ? [node, outputName] : [node]);
                const arr = Array.isArray(out) ? out : [out];
                const embedding = flatten2d(tf, arr[0]);
                return withProbs ? { embedding, probs: flatten2d(tf, arr[1]) } : { embedding };
            });
        },
        dispose() {
            model.dispose();
        },
    };
    return runner;
}
/** Zeros of batch 1 through the runner: fills in dims/classes and warms the kernels. */
async function probe(tf, runner) {
    let shape = runner.inputShape;
    if (shape.some((d) => d === null)) {
        // an image model with free height/width ([null, null, 3]) is probed (and later fed) at 224×224
        if (shape.length === 3 && shape[2] === 3)
            shape = shape.map((d) => d ?? 224);
        else if (runner.dims > 0)
            return;
        else
            throw new UserError(`pretrained.model ${runner.spec}: input shape [${shape.join(', ')}] has free dimensions; cannot infer the embedding size`);
    }
    const x = tf.zeros([1, ...shape]);
    try {
        const { embedding, probs } = runner.run(x);
        await embedding.data();
        runner.dims = embedding.shape[1];
        runner.classes = probs ? probs.shape[1] : undefined;
        embedding.dispose();
        probs?.dispose();
    }
    finally {
        x.dispose();
    }
}
export async function loadModel(tf, spec, opts = {}) {
    let artifacts;
    let builtin;
    let format;
    if (spec.startsWith('builtin:')) {
        builtin = builtinByName(spec.slice('builtin:'.length));
        artifacts = readBuiltinArtifacts(builtin);
        format = builtin.format;
    }
    else {
        const files = opts.files ??
            (await readModelFiles(spec, opts.source, {
                maxBytes: opts.maxBytes,
                timeoutMs: opts.timeoutMs,
                fetch: opts.fetch,
                cacheDir: opts.cacheDir,
                log: opts.log,
            }));
        if (files.format !== 'tfjs')
            throw new UserError(`pretrained.model ${spec}: an ONNX model runs on ONNX Runtime (backend auto, onnx or onnx-cuda), not on TensorFlow.js`);
        artifacts = { json: files.json, weights: files.weights, identity: files.identity };
        try {
            format = detectFormat(artifacts.json);
        }
        catch (err) {
            throw new UserError(`pretrained.model: ${spec} is ${errorMessage(err)}`);
        }
    }
    const handler = tf.io.fromMemory(artifactsOf(artifacts.json, artifacts.weights));
    const base = { identity: artifacts.identity, spec, builtin, classNames: builtin?.classes };
    const layer = opts.layer ?? builtin?.layer;
    let runner;
    try {
        if (format === 'layers') {
            const model = await tf.loadLayersModel(handler);
            runner = layersRunner(tf, model, layer, base);
        }
        else {
            const model = await tf.loadGraphModel(handler);
            runner = graphRunner(tf, model, artifacts.json, layer, base);
        }
    }
    catch (err) {
        if (err instanceof UserError)
            throw err;
        throw new UserError(`pretrained.model: cannot load ${spec} as a ${format === 'layers' ? 'LayersModel' : 'GraphModel'} (${errorMessage(err).split('\n')[0]})`);
    }
    await probe(tf, runner);
    if (builtin?.classes && runner.classes !== builtin.classes.length)
        runner.classNames = undefined;
    return runner;
}
