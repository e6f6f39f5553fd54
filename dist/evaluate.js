/**
 * The evaluation stage shared by `analyze` (two git revisions) and `compare` (two folders): for each
 * collected dataset, embeddings (src/embed), every number (the measure stage, src/measure) and the
 * augmentation evidence; then the risk verdict over all datasets (src/risk, judging only) and the
 * HTML report's plot data.
 */
import { augmentationEvidence } from './augment/evidence.js';
import { initBackend } from './embed/backends.js';
import { builtinByName } from './embed/builtin.js';
import { createEmbedder } from './embed/create.js';
import { embedDataset } from './embed/dataset.js';
import { errorMessage } from './errors.js';
import { measureDataset } from './measure/index.js';
import { renderThumbnails } from './report/thumbnails.js';
import { assessRisk } from './risk/assess.js';
import { mergeThresholds } from './risk/thresholds.js';
const EMBEDDED = new Set(['image', 'audio', 'text']);
/** What the pretrained model expects of pixels in [0, 1]: from the config, else the built-in preset. */
export function modelPreprocessing(p) {
    if (p.normalize)
        return { mean: p.normalize.mean, std: p.normalize.std, range: 'as declared in pretrained.normalize' };
    if (!p.model.startsWith('builtin:'))
        return undefined;
    try {
        const scale = builtinByName(p.model.slice('builtin:'.length)).preset.scale;
        if (scale === 'unit')
            return { mean: [0, 0, 0], std: [1, 1, 1], range: '[0, 1]' };
        if (scale === 'symmetric')
            return { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5], range: '[-1, 1]' };
        return { mean: scale.mean, std: scale.std };
    }
    catch {
        return undefined;
    }
}
/** The measure stage's settings from the trusted config: merged thresholds, seed, what the model is. */
export function measureContext(config) {
    return {
        t: mergeThresholds(config.thresholds),
        seed: config.sample.seed,
        model: { builtin: config.pretrained.model.startsWith('builtin:') },
    };
}
function embedderFor(ctx, modality) {
    let e = ctx.embedders.get(modality);
    if (!e) {
        e = createEmbedder({
            modality,
            pretrained: ctx.config.pretrained,
            backend: ctx.opts.backend ?? 'auto',
            cacheDir: ctx.opts.cacheDir,
            ...(ctx.opts.modelSource ? { modelSource: ctx.opts.modelSource } : {}),
            log: ctx.log,
            progress: ctx.opts.progress,
        });
        ctx.embedders.set(modality, e);
    }
    return e;
}
async function datasetAugmentation(ctx, input, embedder) {
    if (!input.augmentation)
        return undefined;
    const { path, baseText, headText } = input.augmentation;
    const c = input.collected;
    const n = ctx.opts.augmentationSample ?? 48;
    const images = c.modality === 'image' ? c.head.filter((it) => it.bytes).slice(0, n).map((it) => ({ id: it.id, bytes: it.bytes })) : [];
    let measure;
    if (images.length && embedder) {
        const { tf } = await initBackend(ctx.opts.backend ?? 'auto', { log: ctx.log });
        measure = { tf, images, seed: ctx.config.sample.seed, embed: (inputs) => embedder.embed(inputs) };
    }
    ctx.log.info(`${c.name}: augmentation config ${path}${measure ? `: applying the head pipeline to ${images.length} head images` : ''}`);
    const { evidence } = await augmentationEvidence({ configPath: path, baseText, headText, measure });
    return evidence;
}
async function evaluateDataset(ctx, input) {
    const c = input.collected;
    const modelPre = modelPreprocessing(ctx.config.pretrained);
    let embedder;
    let emb;
    if (!c.error && EMBEDDED.has(c.modality) && c.base.length + c.head.length > 0) {
        embedder = await embedderFor(ctx, c.modality);
        ctx.log.info(`${c.name}: embedding ${c.base.length} base + ${c.head.length} head items with ${embedder.meta.model} on ${embedder.meta.backend}`);
        emb = await embedDataset(embedder, c.base, c.head);
    }
    const measured = measureDataset({ collected: c, ...(emb ? { embeddings: emb } : {}) }, ctx.measure);
    const risk = { report: measured.report, modelPreprocessing: modelPre };
    if (measured.report.error)
        return { risk, plots: measured.plots };
    try {
        risk.augmentation = await datasetAugmentation(ctx, input, embedder);
    }
    catch (err) {
        ctx.log.warn(`${c.name}: augmentation could not be measured: ${errorMessage(err)}`);
        if (input.augmentation) {
            risk.augmentation = { configPath: input.augmentation.path, base: null, head: null, diff: { added: [], removed: [], changed: [] }, parseError: errorMessage(err) };
        }
    }
    return { risk, plots: measured.plots };
}
/**
 * The pretrained model as the risk rules see it. The built-in model embeds only images with an
 * ImageNet-family CNN; text and audio get built-in hashed n-gram and log-mel embeddings, so the
 * config's default `source: imagenet` does not describe them and is left out.
 */
function riskPretrained(p, inputs) {
    const builtin = p.model.startsWith('builtin:');
    if (builtin && inputs.length > 0 && inputs.every((i) => i.collected.modality !== 'image')) {
        const rest = { ...p };
        delete rest.source;
        return rest;
    }
    return p;
}
export async function evaluateDatasets(inputs, opts) {
    const ctx = { opts, config: opts.config, log: opts.log, embedders: new Map(), measure: measureContext(opts.config) };
    try {
        const outcomes = [];
        for (const input of inputs)
            outcomes.push(await evaluateDataset(ctx, input));
        const risk = assessRisk({
            pretrained: riskPretrained(opts.config.pretrained, inputs),
            target: opts.config.target,
            thresholds: opts.config.thresholds,
            datasets: outcomes.map((o) => o.risk),
        });
        const extras = { histograms: [], scatter: [], thumbnails: [] };
        for (const o of outcomes) {
            extras.histograms.push(...o.plots.histograms);
            extras.scatter.push(...o.plots.scatter);
            extras.thumbnails.push(...(await renderThumbnails(o.risk.report.name, o.plots.atypical)));
        }
        const embedders = await Promise.all(ctx.embedders.values());
        const first = embedders[0]?.meta;
        const embedded = sum(embedders.map((e) => e.meta.embedded ?? 0));
        const embedSeconds = sum(embedders.map((e) => e.meta.embedSeconds ?? 0));
        const meta = {
            ...(first ? { backend: first.backend, device: first.device, model: first.model, preprocessing: first.preprocessing } : {}),
            ...(first?.engine ? { engine: first.engine } : {}),
            ...(first?.executionProvider ? { executionProvider: first.executionProvider } : {}),
            ...(first?.threads ? { threads: first.threads } : {}),
            ...(embedded > 0 && embedSeconds > 0 ? { imagesPerSecond: Math.round((embedded / embedSeconds) * 10) / 10 } : {}),
            ...(embedders.length ? { cache: { hits: sum(embedders.map((e) => e.meta.cacheHits)), misses: sum(embedders.map((e) => e.meta.cacheMisses)) } } : {}),
        };
        return { datasets: outcomes.map((o) => o.risk.report), risk, extras, meta };
    }
    finally {
        const made = await Promise.allSettled(ctx.embedders.values());
        await Promise.all(made.map((m) => (m.status === 'fulfilled' ? m.value.dispose() : undefined)));
    }
}
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
