/**
 * The embedding cache across workflow runs through `@actions/cache`, keyed by model and datasets.
 * Failing to reach the cache service warns and continues: the cache only saves time.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { parse } from 'yaml';
import { errorText } from './util.js';
import { runGit } from '../data/git.js';
import { silentLogger, type Logger } from '../log.js';

/** What the cache functions need from `@actions/cache` (injectable for tests). */
export interface CacheService {
  isFeatureAvailable(): boolean;
  restoreCache(paths: string[], primaryKey: string, restoreKeys?: string[]): Promise<string | undefined>;
  saveCache(paths: string[], key: string): Promise<number>;
}

export interface CacheKeys {
  primary: string;
  restore: string[];
}

export interface CacheState {
  dir: string;
  keys: CacheKeys;
  /** the key restored, when one was */
  restored?: string;
  enabled: boolean;
}

const short = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 12);

/** Keys for the embedding cache: model + datasets, then the head SHA so each run can save. */
export function cacheKeys(model: string, datasets: string[], headSha: string, platform = `${process.platform}-${process.arch}`): CacheKeys {
  const modelPart = `${model.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 40)}-${short(model)}`;
  const prefix = `transfer-risk-embeddings-v1-${platform}-${modelPart}-`;
  const dsPart = `${short([...datasets].sort().join('\n'))}-`;
  return { primary: `${prefix}${dsPart}${headSha}`, restore: [`${prefix}${dsPart}`, prefix] };
}

/** The model and dataset names from the config at `rev` (loosely; defaults when unreadable). */
export async function modelAndDatasets(repoDir: string, rev: string, configPath: string): Promise<{ model: string; datasets: string[] }> {
  try {
    const text = (await runGit(repoDir, ['show', `${rev}:${configPath}`])).toString('utf8');
    const doc = parse(text) as { pretrained?: { model?: unknown }; datasets?: Array<{ name?: unknown }> } | null;
    const model = typeof doc?.pretrained?.model === 'string' ? doc.pretrained.model : 'builtin:default';
    const datasets = Array.isArray(doc?.datasets) ? doc.datasets.map((d) => String(d?.name ?? '')).filter(Boolean) : [];
    return { model, datasets };
  } catch {
    return { model: 'builtin:default', datasets: [] };
  }
}

export async function loadCacheService(): Promise<CacheService> {
  return (await import('@actions/cache')) as CacheService;
}

/** Restore the cache into `dir`; never throws. */
export async function restoreEmbeddingCache(service: CacheService | undefined, dir: string, keys: CacheKeys, log: Logger = silentLogger): Promise<CacheState> {
  const state: CacheState = { dir, keys, enabled: false };
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
    } else {
      log.info('embedding cache: no entry yet');
    }
  } catch (err) {
    log.warn(`embedding cache: cannot restore (${errorText(err)}); continuing without it`);
  }
  return state;
}

/** Save `dir` under the primary key unless it was restored from that exact key; never throws. */
export async function saveEmbeddingCache(service: CacheService | undefined, state: CacheState, log: Logger = silentLogger): Promise<boolean> {
  if (!state.enabled || state.restored === state.keys.primary) return false;
  if (!existsSync(state.dir) || readdirSync(state.dir).length === 0) return false;
  try {
    const svc = service ?? (await loadCacheService());
    await svc.saveCache([state.dir], state.keys.primary);
    log.info(`embedding cache: saved ${state.keys.primary}`);
    return true;
  } catch (err) {
    log.warn(`embedding cache: cannot save (${errorText(err)}); continuing`);
    return false;
  }
}
