/**
 * `embed --shard i/n`: draws the same deterministic sample as an unsharded run (bottom-k on the path, so
 * every shard agrees on it), reads and featurizes it, and embeds only the sampled items whose content
 * hash falls in shard i of n. The shard file holds those items' features and their embeddings as
 * content-addressed embedding-cache entries (key = model, preprocessing, layer, modality, content hash;
 * the backend is not part of it).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BackendName } from '../contracts/index.js';
import { collectPlanned, trustedModelSource } from '../analyze.js';
import { DEFAULT_CONFIG_PATH } from '../data/config.js';
import { loadTrustedConfig } from '../data/config-trust.js';
import { GitRepo } from '../data/git.js';
import { planChanges } from '../data/plan.js';
import { EmbeddingCache, cacheKey } from '../embed/cache.js';
import { createEmbedder } from '../embed/create.js';
import type { EmbedInput } from '../embed/types.js';
import type { Logger } from '../log.js';
import type { ProgressFactory } from '../progress.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { fingerprint, SHARD_FORMAT, SHARD_VERSION, shardOf, type ShardDataset, type ShardFile } from './format.js';

export interface EmbedShardOptions {
  repo: string;
  base: string;
  head: string;
  shard: { index: number; count: number };
  configPath?: string;
  sampleSize?: number;
  backend?: BackendName;
  /** where the embedder also keeps its cache (model downloads, entries); default: a temp dir */
  cacheDir?: string;
}

/** Compute one shard. */
export async function embedShard(opts: EmbedShardOptions, ctx: { log: Logger; progress: ProgressFactory }): Promise<ShardFile> {
  const { log } = ctx;
  const repo = await GitRepo.open(opts.repo);
  const [baseSha, headSha] = await Promise.all([repo.resolve(opts.base), repo.resolve(opts.head)]);
  const configPath = opts.configPath ?? DEFAULT_CONFIG_PATH;
  const blobs = repo.blobReader();
  // the embedder needs a cache to hand its results over; a temp one unless the caller has one
  const tempCache = opts.cacheDir ? undefined : mkdtempSync(path.join(os.tmpdir(), 'transfer-risk-shard-'));
  const cacheDir = opts.cacheDir ?? tempCache!;
  try {
    // the same trusted config and plan as analyze() (the merge runs it): base decides, head's definitions trigger too
    const trusted = await loadTrustedConfig(blobs, baseSha, headSha, configPath);
    const config = trusted.config;
    const modelSource = trustedModelSource(repo, trusted.report.source, baseSha, headSha);
    const sampleSize = opts.sampleSize ?? config.sample.size;
    const changed = await repo.changedPaths(baseSha, headSha);
    const plan = planChanges(config, changed, trusted.headDatasets, await repo.submodulePaths(baseSha, headSha));
    const shard: ShardFile = {
      format: SHARD_FORMAT,
      version: SHARD_VERSION,
      tool: { name: TOOL_NAME, version: TOOL_VERSION },
      createdAt: new Date().toISOString(),
      shard: opts.shard,
      base: { ref: opts.base, sha: baseSha },
      head: { ref: opts.head, sha: headSha },
      configPath,
      sampleSize,
      seed: config.sample.seed,
      fingerprint: fingerprint([SHARD_VERSION, baseSha, headSha, configPath, sampleSize, config, opts.shard.count]),
      datasets: [],
      embeddings: {},
    };
    if (plan.untouched) {
      log.info('no dataset changes: the shard is empty');
      return shard;
    }
    for (const dp of plan.datasets) {
      // the same datasets and samples as analyze()
      for (const c of await collectPlanned(dp, trusted.headDatasets.get(dp.dataset.name), {
        config,
        repo,
        blobs,
        base: baseSha,
        head: headSha,
        changed,
        sampleSize,
        log,
        progress: ctx.progress,
      })) {
        const mine = [...c.base, ...c.head].filter((it) => shardOf(it.contentHash, opts.shard.count) === opts.shard.index);
        const ds: ShardDataset = {
          name: c.name,
          modality: c.modality,
          sample: { base: c.base.length, head: c.head.length },
          items: mine.map((it) => ({
            id: it.id,
            side: it.side,
            contentHash: it.contentHash,
            ...(it.label !== undefined ? { label: it.label } : {}),
            features: it.features,
          })),
          failed: [],
          skipped: c.skipped,
        };
        log.info(`${c.name}: ${mine.length} of ${c.base.length + c.head.length} sampled item(s) in shard ${opts.shard.index}/${opts.shard.count}`);
        if (c.modality !== 'tabular' && !c.error && mine.length > 0) {
          const embedder = await createEmbedder({
            modality: c.modality,
            pretrained: config.pretrained,
            modelSource,
            backend: opts.backend ?? 'auto',
            cacheDir,
            log,
            progress: ctx.progress,
          });
          try {
            const inputs: EmbedInput[] = mine.map((it) => ({
              id: it.id,
              contentHash: it.contentHash,
              ...(it.bytes ? { bytes: it.bytes } : {}),
              ...(it.text !== undefined ? { text: it.text } : {}),
            }));
            const set = await embedder.embed(inputs);
            ds.failed = set.failed;
            const m = embedder.meta;
            shard.embedder = { model: m.model, preprocessing: m.preprocessing, backend: m.backend, device: m.device };
            // pack exactly this shard's entries (the cache dir may hold many others)
            const cache = new EmbeddingCache(cacheDir);
            const failed = new Set(set.failed.map((f) => f.id));
            for (const it of mine) {
              if (failed.has(it.id)) continue;
              const key = cacheKey({
                engine: m.engine,
                model: m.modelIdentity ?? m.model,
                preprocessing: m.preprocessing,
                layer: m.layer ?? '',
                modality: c.modality,
                contentHash: it.contentHash,
              });
              const file = cache.pathOf(key);
              if (!existsSync(file)) throw new Error(`embedding of ${it.id} is missing from the cache after embedding (${file})`);
              shard.embeddings[`embeddings/v1/${key.slice(0, 2)}/${key}.bin`] = readFileSync(file).toString('base64');
            }
          } finally {
            await embedder.dispose();
          }
        }
        shard.datasets.push(ds);
      }
    }
    return shard;
  } finally {
    await blobs.close();
    if (tempCache) rmSync(tempCache, { recursive: true, force: true });
  }
}
