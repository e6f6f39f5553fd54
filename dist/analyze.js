/**
 * The one pipeline: plan → sample → featurize → embed → measure → assess. The CLI, the action and
 * the bot are thin shells over `analyze()` (and `compare` for two snapshots on disk).
 */
import { collectDataset } from './data/collect.js';
import { DEFAULT_CONFIG_PATH, loadConfig, loadConfigAt } from './data/config.js';
import { stricterFailOn } from './contracts/index.js';
import { GitRepo } from './data/git.js';
import { planChanges } from './data/plan.js';
import { evaluateDatasets } from './evaluate.js';
import { silentLogger } from './log.js';
import { TOOL_NAME, TOOL_VERSION } from './version.js';
/**
 * resolve refs → configs (base + head, policy from base) → changed paths → plan → collect each
 * touched dataset → evaluate (feature drift, embeddings, augmentation, risk) → report.
 */
export async function analyze(opts) {
    const started = Date.now();
    const log = opts.log ?? silentLogger;
    const repo = await GitRepo.open(opts.repo);
    const [baseSha, headSha] = await Promise.all([repo.resolve(opts.base), repo.resolve(opts.head)]);
    const blobs = repo.blobReader();
    try {
        const configPath = opts.configPath ?? DEFAULT_CONFIG_PATH;
        const loaded = await loadConfig(blobs, baseSha, headSha, configPath);
        const modelSource = await trustedModelSource(repo, blobs, baseSha, headSha, configPath);
        const config = { ...loaded, failOn: stricterFailOn(loaded.failOn, opts.failOn) };
        const changed = opts.changedPaths ?? (await repo.changedPaths(baseSha, headSha));
        const plan = planChanges(config, changed);
        if (plan.untouched)
            log.info('no dataset changes: nothing to analyze');
        const sampleSize = opts.sampleSize ?? config.sample.size;
        const inputs = [];
        for (const dp of plan.datasets) {
            log.info(`${dp.dataset.name}: ${dp.dataChanges.length} changed path(s)${dp.augmentationChanged ? ', augmentation config changed' : ''}`);
            const c = await collectDataset({
                repo,
                blobs,
                dataset: dp.dataset,
                base: baseSha,
                head: headSha,
                changed,
                sampleSize,
                seed: config.sample.seed,
                log,
                ...(opts.progress ? { progress: opts.progress } : {}),
            });
            if (c.skipped.length > 0)
                log.warn(`${c.name}: ${c.skipped.length} item(s) skipped`);
            if (c.error)
                log.warn(`${c.name}: ${c.error}`);
            const path = dp.dataset.augmentation;
            const augmentation = path ? { path, baseText: await readText(blobs, baseSha, path), headText: await readText(blobs, headSha, path) } : undefined;
            inputs.push({ collected: c, augmentation });
        }
        const evaluation = await evaluateDatasets(inputs, {
            config,
            backend: opts.backend,
            modelSource,
            cacheDir: opts.cacheDir,
            augmentationSample: opts.augmentationSample,
            log,
            progress: opts.progress,
        });
        const report = {
            schemaVersion: 1,
            tool: { name: TOOL_NAME, version: TOOL_VERSION },
            createdAt: new Date().toISOString(),
            base: { ref: opts.base, sha: baseSha },
            head: { ref: opts.head, sha: headSha },
            meta: {
                ...evaluation.meta,
                model: evaluation.meta.model ?? config.pretrained.model,
                sampleSize,
                seed: config.sample.seed,
                failOn: config.failOn,
                seconds: (Date.now() - started) / 1000,
            },
            datasets: evaluation.datasets,
            risk: evaluation.risk,
        };
        return { report, config, touched: !plan.untouched, collected: inputs.map((i) => i.collected), extras: evaluation.extras };
    }
    finally {
        await blobs.close();
    }
}
/**
 * Where a repository model is read from: git objects at the trusted revision — base when base has a config
 * (it decides `pretrained`), else head (the pull request that introduces transfer-risk); never the work tree.
 */
export async function trustedModelSource(repo, blobs, baseSha, headSha, configPath = DEFAULT_CONFIG_PATH) {
    const baseHasConfig = (await loadConfigAt(blobs, baseSha, configPath).catch(() => undefined)) !== undefined;
    return baseHasConfig ? { kind: 'git', repo, rev: baseSha, label: 'base' } : { kind: 'git', repo, rev: headSha, label: 'head' };
}
async function readText(blobs, rev, path) {
    const b = await blobs.readPath(rev, path);
    return b ? new TextDecoder('utf-8').decode(b) : undefined;
}
