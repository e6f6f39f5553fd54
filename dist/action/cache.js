/**
 * The embedding cache across workflow runs through `@actions/cache`, keyed by model and datasets.
 * Failing to reach the cache service warns and continues: the cache only saves time.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { parse } from 'yaml';
import { errorText } from './util.js';
import { runGit } from '../data/git.js';
import { silentLogger } from '../log.js';
const short = (s) => createHash('sha256').update(s).digest('hex').slice(0, 12);
/** Keys for the embedding cache: model + datasets, then the head SHA so each run can save. */
export function cacheKeys(model, datasets, headSha, platform = `${process.platform}-${process.arch}`) {
    const modelPart = `${model.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 40)}-${short(model)}`;
    const prefix = `transfer-risk-embeddings-v1-${platform}-${modelPart}-`;
    const dsPart = `${short([...datasets].sort().join('\n'))}-`;
    return { primary: `${prefix}${dsPart}${headSha}`, restore: [`${prefix}${dsPart}`, prefix] };
}
/** The model and dataset names from the config at `rev` (loosely; defaults when unreadable). */
export async function modelAndDatasets(repoDir, rev, configPath) {
    try {
        const text = (await runGit(repoDir, ['show', `${rev}:${configPath}`])).toString('utf8');
        const doc = parse(text);
        const model = typeof doc?.pretrained?.model === 'string' ? doc.pretrained.model : 'builtin:default';
        const datasets = Array.isArray(doc?.datasets) ? doc.datasets.map((d) => String(d?.name ?? '')).filter(Boolean) : [];
        return { model, datasets };
    }
    catch {
        return { model: 'builtin:default', datasets: [] };
    }
}
export async function loadCacheService() {
    return (await import('@actions/cache'));
}
/** Restore the cache into `dir`; never throws. */
export async function restoreEmbeddingCache(service, dir, keys, log = silentLogger) {
    const state = { dir, keys, enabled: false };
    try {
        const svc = service ?? (await loadCacheService());
        if (!svc.isFeatureAvailable()) {
            log.info('embedding cache: the Actions cache service is not available here; continuing without it');
            return state;
        }
        state.enabled = true;
        const hit = await svc.restoreCache([dir], keys.primary, keys.restore);
        if (hit) {
            state.restored = hit;
            log.info(`embedding cache: restored ${hit}`);
        }
        else {
            log.info('embedding cache: no entry yet');
        }
    }
    catch (err) {
        log.warn(`embedding cache: cannot restore (${errorText(err)}); continuing without it`);
    }
    return state;
}
/** Save `dir` under the primary key unless it was restored from that exact key; never throws. */
export async function saveEmbeddingCache(service, state, log = silentLogger) {
    if (!state.enabled || state.restored === state.keys.primary)
        return false;
    if (!existsSync(state.dir) || readdirSync(state.dir).length === 0)
        return false;
    try {
        const svc = service ?? (await loadCacheService());
        await svc.saveCache([state.dir], state.keys.primary);
        log.info(`embedding cache: saved ${state.keys.primary}`);
        return true;
    }
    catch (err) {
        log.warn(`embedding cache: cannot save (${errorText(err)}); continuing`);
        return false;
    }
}
