/**
 * The evaluation stage shared by `analyze` (two git revisions) and `compare` (two folders): for each
 * collected dataset, embeddings (src/embed), every number (the measure stage, src/measure) and the
 * augmentation evidence; then the risk verdict over all datasets (src/risk, judging only) and the
 * HTML report's plot data.
 */
import { augmentationEvidence } from './augment/evidence.js';
import { mapLimit, READS_IN_FLIGHT } from './data/collect.js';
import { releaseDecoded } from './data/decoded.js';
import { DEFAULT_CANONICAL_IMAGE, imageContentFeatures, parseImagePreprocessing, sameCanonical } from './data/image.js';
import { initBackend } from './embed/backends.js';
import { builtinByName } from './embed/builtin.js';
import { createEmbedder } from './embed/create.js';
import { embedDataset } from './embed/dataset.js';
import { UserError, errorMessage } from './errors.js';
import { measureDataset, measureDatasetWith } from './measure/index.js';
import { measureRunners } from './parallel/measure.js';
import { renderThumbnails } from './report/thumbnails.js';
import { assessRisk } from './risk/assess.js';
import { mergeThresholds } from './risk/thresholds.js';
import { augmentationFinding } from './risk/augmentation-drift.js';
import { embedObjects, modelInput } from './evaluate-boxes.js';
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
/**
 * The form image content features are measured in, before the model is loaded: the built-in model's
 * preset, else 224×224 cover (what src/embed uses for a model whose input size is not fixed). When the
 * loaded model says otherwise, `evaluateDatasets` measures the content again in the model's form.
 */
export function canonicalImageFor(p) {
    if (p.model.startsWith('builtin:')) {
        try {
            const preset = builtinByName(p.model.slice('builtin:'.length)).preset;
            return { width: preset.width, height: preset.height, resize: preset.resize, kernel: preset.kernel ?? (preset.resize === 'fill' ? 'linear' : 'lanczos3') };
        }
        catch {
            return DEFAULT_CANONICAL_IMAGE;
        }
    }
    return { width: 224, height: 224, resize: 'cover', kernel: 'lanczos3' };
}
/** Content features of image items measured again in the model's canonical form (bytes kept on the items). */
async function remeasureImageContent(c, canonical) {
    await mapLimit([...c.base, ...c.head], READS_IN_FLIGHT, async (it) => {
        if (!it.bytes)
            return;
        try {
            Object.assign(it.features, await imageContentFeatures(it.bytes, { canonical }));
        }
        catch {
            // it was readable when collected; keep the features measured then
        }
    });
}
/** The measure stage's settings from the trusted config: merged thresholds, seed, what the model is. */
export function measureContext(config) {
    return {
        t: mergeThresholds(config.thresholds),
        seed: config.sample.seed,
        model: { builtin: config.pretrained.model.startsWith('builtin:'), canonicalImage: canonicalImageFor(config.pretrained) },
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
async function datasetAugmentation(ctx, input, embedder, source = input.augmentation) {
    if (!source)
        return undefined;
    const { path, baseText, headText } = source;
    const c = input.collected;
    const n = ctx.opts.augmentationSample ?? 48;
    const images = c.modality === 'image'
        ? c.head
            .filter((it) => it.bytes)
            .slice(0, n)
            .map((it) => ({ id: it.id, bytes: it.bytes }))
        : [];
    let measure;
    if (images.length && embedder) {
        const { tf } = await initBackend(ctx.opts.backend ?? 'auto', { log: ctx.log });
        measure = {
            tf,
            images,
            seed: ctx.config.sample.seed,
            embed: (inputs) => embedder.embed(inputs),
            embedForm: parseImagePreprocessing(embedder.meta.preprocessing),
        };
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
    let embedError;
    if (!c.error && EMBEDDED.has(c.modality) && c.base.length + c.head.length > 0) {
        try {
            embedder = await embedderFor(ctx, c.modality);
            const canonical = c.modality === 'image' ? parseImagePreprocessing(embedder.meta.preprocessing) : undefined;
            if (canonical && !sameCanonical(canonical, canonicalImageFor(ctx.config.pretrained))) {
                ctx.log.info(`${c.name}: measuring image content at the model's input (${canonical.width}×${canonical.height} ${canonical.resize})`);
                await remeasureImageContent(c, canonical);
            }
            if (canonical)
                ctx.measure = { ...ctx.measure, model: { ...ctx.measure.model, canonicalImage: canonical } };
            ctx.log.info(`${c.name}: embedding ${c.base.length} base + ${c.head.length} head items with ${embedder.meta.model} on ${embedder.meta.backend}`);
            emb = await embedDataset(embedder, c.base, c.head);
        }
        catch (err) {
            if (err instanceof UserError)
                throw err; // a model or config problem: the run's error (exit 2)
            // an engine failure on this dataset is this dataset's: the run and the other datasets go on
            ctx.log.warn(`${c.name}: embedding failed: ${errorMessage(err)}`);
            embedError = `the embedding engine failed on this dataset: ${errorMessage(err).split('\n')[0].slice(0, 500)}`;
            embedder = undefined;
        }
    }
    // detection datasets: object crops embedded with the same model (evaluate-boxes.ts), boxes measured at the model's input
    let objects;
    if (c.annotations && !c.annotations.error && embedder && emb) {
        try {
            objects = await embedObjects(c, embedder, emb, { t: ctx.measure.t, seed: ctx.measure.seed, log: ctx.log });
        }
        catch (err) {
            if (err instanceof UserError)
                throw err;
            ctx.log.warn(`${c.name}: object crops could not be embedded: ${errorMessage(err)}`);
        }
    }
    const geometry = c.annotations ? modelInput(ctx.config.pretrained, embedder) : undefined;
    const mctx = geometry ? { ...ctx.measure, model: { ...ctx.measure.model, input: geometry } } : ctx.measure;
    const measureInput = { collected: c, ...(emb ? { embeddings: emb } : {}), ...(objects?.objects ? { objects: objects.objects } : {}) };
    // the augmentation pipeline (trusted config, and head's when head points elsewhere) is measured while the
    // measure stage's costliest parts run on worker threads (src/parallel/); even when the dataset could not be
    // analyzed, its augmentation config is judged (from its parameters)
    const augmenting = (async () => {
        const trusted = await datasetAugmentation(ctx, input, embedder);
        const after = input.augmentationAfterMerge ? await datasetAugmentation(ctx, input, embedder, input.augmentationAfterMerge) : undefined;
        return { trusted, after };
    })();
    augmenting.catch(() => { }); // awaited below, after the measures
    const runners = measureRunners();
    const measured = runners ? await measureDatasetWith(measureInput, mctx, runners) : measureDataset(measureInput, mctx);
    if (objects?.failed.length)
        measured.report.skipped.push(...objects.failed);
    if (embedError)
        measured.report.error = embedError;
    const risk = { report: measured.report, modelPreprocessing: modelPre };
    try {
        const { trusted, after } = await augmenting;
        risk.augmentation = trusted;
        if (after)
            risk.augmentation = worseAugmentation(ctx, risk, { ...after, afterMerge: true });
    }
    catch (err) {
        if (err instanceof UserError)
            throw err;
        // an engine failure is this dataset's: the other datasets and the run go on
        ctx.log.warn(`${c.name}: augmentation could not be measured: ${errorMessage(err)}`);
        if (input.augmentation) {
            const { evidence } = await augmentationEvidence({
                configPath: input.augmentation.path,
                baseText: input.augmentation.baseText,
                headText: input.augmentation.headText,
            });
            risk.augmentation = { ...evidence, measureError: errorMessage(err).split('\n')[0].slice(0, 500) };
        }
    }
    if (risk.augmentation?.measureError)
        ctx.log.warn(`${c.name}: the augmentation pipeline could not be measured: ${risk.augmentation.measureError}`);
    return { risk, plots: measured.plots };
}
/** Of the trusted augmentation evidence and the one head's definition points to, the one the rules grade higher (ties: the trusted one). */
function worseAugmentation(ctx, risk, after) {
    const rctx = { pretrained: ctx.config.pretrained, target: ctx.config.target, t: ctx.measure.t };
    const score = (a) => (a ? augmentationFinding({ ...risk, augmentation: a }, rctx).score : -1);
    return score(after) > score(risk.augmentation) ? after : (risk.augmentation ?? after);
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
/** Head's declared tasks as the risk rules see them (the same `source` rule as `riskPretrained`). */
function riskDeclared(trusted, head, inputs) {
    const p = riskPretrained({ ...trusted, task: head.pretrained.task, ...(head.pretrained.source !== undefined ? { source: head.pretrained.source } : {}) }, inputs);
    return { pretrained: { task: p.task, ...(p.source !== undefined && head.pretrained.source !== undefined ? { source: p.source } : {}) }, target: head.target };
}
export async function evaluateDatasets(inputs, opts) {
    const ctx = { opts, config: opts.config, log: opts.log, embedders: new Map(), measure: measureContext(opts.config) };
    try {
        const outcomes = [];
        try {
            for (const input of inputs)
                outcomes.push(await evaluateDataset(ctx, input));
        }
        finally {
            // the pixels kept from the content features for the embedder (src/data/decoded.ts)
            releaseDecoded();
        }
        const risk = assessRisk({
            pretrained: riskPretrained(opts.config.pretrained, inputs),
            target: opts.config.target,
            thresholds: opts.config.thresholds,
            datasets: outcomes.map((o) => o.risk),
            ...(opts.headDeclared ? { headDeclared: riskDeclared(opts.config.pretrained, opts.headDeclared, inputs) } : {}),
            ...(opts.headConfigError ? { headConfigError: opts.headConfigError } : {}),
        });
        const extras = { histograms: [], scatter: [], thumbnails: [], boxSizes: [], objects: [] };
        for (const o of outcomes) {
            extras.histograms.push(...o.plots.histograms);
            extras.scatter.push(...o.plots.scatter);
            extras.thumbnails.push(...(await renderThumbnails(o.risk.report.name, o.plots.atypical)));
            extras.boxSizes.push(...(o.plots.boxSizes ?? []));
            extras.objects.push(...(await renderThumbnails(o.risk.report.name, o.plots.atypicalObjects ?? [])));
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
