/**
 * The evaluation stage shared by `analyze` (two git revisions) and `compare` (two folders): for each
 * collected dataset, feature drift, embeddings and their drift, augmentation evidence; then the risk
 * verdict over all datasets and the HTML report's plot data.
 */
import { augmentationEvidence } from './augment/evidence.js';
import { toColumns } from './data/item.js';
import { initBackend } from './embed/backends.js';
import { builtinByName } from './embed/builtin.js';
import { createEmbedder } from './embed/create.js';
import { embedDataset } from './embed/dataset.js';
import { errorMessage } from './errors.js';
import { buildExtras } from './report/plots.js';
import { assessRisk } from './risk/assess.js';
import { driftOptions } from './risk/data-drift.js';
import { embeddingDrift } from './risk/embedding-drift.js';
import { mergeThresholds } from './risk/thresholds.js';
import { measureColumns } from './stats/feature-drift.js';
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
/** The report entry of one collected dataset: sample sizes, changes, labels, feature drift. */
export function datasetReport(c) {
    const out = {
        name: c.name,
        modality: c.modality,
        sample: { base: c.base.length, head: c.head.length },
        total: c.total,
        changes: c.changes,
        features: [],
        skipped: c.skipped,
    };
    if (c.labels)
        out.labels = c.labels;
    if (c.error) {
        out.error = c.error;
        return out;
    }
    const measured = measureColumns(toColumns(c.base), toColumns(c.head));
    out.features = measured.features;
    if (measured.onlyIn.base.length > 0 || measured.onlyIn.head.length > 0)
        out.onlyIn = measured.onlyIn;
    return out;
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
    const report = datasetReport(c);
    const risk = { report, modelPreprocessing: modelPreprocessing(ctx.config.pretrained) };
    const plot = { report, base: c.base, head: c.head };
    if (report.error)
        return { risk, plot };
    let embedder;
    let emb;
    if (EMBEDDED.has(c.modality) && c.base.length + c.head.length > 0) {
        embedder = await embedderFor(ctx, c.modality);
        ctx.log.info(`${c.name}: embedding ${c.base.length} base + ${c.head.length} head items with ${embedder.meta.model} on ${embedder.meta.backend}`);
        emb = await embedDataset(embedder, c.base, c.head);
        report.skipped.push(...emb.failed);
        if (emb.base.items.length >= 2 && emb.head.items.length >= 2) {
            report.embedding = embeddingDrift(emb.base.vectors, emb.head.vectors, {
                ...driftOptions(mergeThresholds(ctx.config.thresholds), ctx.config.sample.seed),
                baseProbs: emb.base.probs,
                headProbs: emb.head.probs,
            });
            const labelled = c.labelSource.kind !== 'none';
            risk.embeddings = {
                base: emb.base.vectors,
                head: emb.head.vectors,
                baseProbs: emb.base.probs,
                headProbs: emb.head.probs,
                headStatus: emb.head.items.map((it) => it.status),
                ...(labelled ? { baseLabels: emb.base.items.map((it) => it.label ?? ''), headLabels: emb.head.items.map((it) => it.label ?? '') } : {}),
            };
            plot.embeddings = { base: emb.base.vectors, head: emb.head.vectors, headItems: emb.head.items };
        }
    }
    try {
        risk.augmentation = await datasetAugmentation(ctx, input, embedder);
    }
    catch (err) {
        ctx.log.warn(`${c.name}: augmentation could not be measured: ${errorMessage(err)}`);
        if (input.augmentation) {
            risk.augmentation = { configPath: input.augmentation.path, base: null, head: null, diff: { added: [], removed: [], changed: [] }, parseError: errorMessage(err) };
        }
    }
    return { risk, plot };
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
    const ctx = { opts, config: opts.config, log: opts.log, embedders: new Map() };
    try {
        const outcomes = [];
        for (const input of inputs)
            outcomes.push(await evaluateDataset(ctx, input));
        const risk = assessRisk({
            pretrained: riskPretrained(opts.config.pretrained, inputs),
            target: opts.config.target,
            thresholds: opts.config.thresholds,
            datasets: outcomes.map((o) => o.risk),
            seed: opts.config.sample.seed,
        });
        const extras = await buildExtras(outcomes.map((o) => o.plot));
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
