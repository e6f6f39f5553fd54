/**
 * Sharded runs for large datasets.
 *
 * `transfer-risk embed --shard i/n` draws the same deterministic sample as an unsharded run (bottom-k
 * on the path, so every shard agrees on it), reads and featurizes it, and embeds only the sampled
 * items whose content hash falls in shard i of n. The shard file holds those items' features and
 * their embeddings as content-addressed embedding-cache entries (key = model, preprocessing, layer,
 * modality, content hash; the backend is not part of it).
 *
 * `transfer-risk merge --shards FILES|DIRS --out DIR` checks that the shards belong together (same
 * revisions, config and sample; shards 1..n each exactly once), unpacks their embeddings into the
 * embedding cache and runs the ordinary pipeline on the repository: every embedding is then a cache
 * hit, so the merge does no model inference (it loads the model once) and the merged report is the
 * report an unsharded run would give, by construction.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyze, trustedModelSource } from '../analyze.js';
import { collectDataset } from '../data/collect.js';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../data/config.js';
import { GitRepo } from '../data/git.js';
import type { FeatureValue } from '../data/item.js';
import { planChanges } from '../data/plan.js';
import { EmbeddingCache, cacheKey } from '../embed/cache.js';
import { createEmbedder } from '../embed/create.js';
import type { EmbedInput } from '../embed/types.js';
import { BACKEND_NAMES, type BackendName, type FailOn, Modality, Side, SkippedItem } from '../contracts/index.js';
import { UserError } from '../errors.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import type { OptionSpec } from './args.js';
import type { CliContext, Command } from './command.js';
import { emitReport, FAIL_ON_OPTION, OUTPUT_OPTIONS, type OutputFormat } from './output.js';

export const SHARD_FORMAT = 'transfer-risk-shard';
export const SHARD_VERSION = 1;
/** a shard file larger than this is refused (it may come from another machine's artifact) */
export const MAX_SHARD_BYTES = 1024 * 1024 * 1024;

const ENTRY_RE = /^embeddings\/v1\/[0-9a-f]{2}\/[0-9a-f]{64}\.bin$/;

export interface ShardItem {
  id: string;
  side: Side;
  contentHash: string;
  label?: string;
  features: Record<string, FeatureValue>;
}

export interface ShardDataset {
  name: string;
  modality: Modality;
  /** sampled items per side in the whole sample (all shards) */
  sample: { base: number; head: number };
  /** this shard's items */
  items: ShardItem[];
  /** this shard's items that could not be embedded */
  failed: Array<{ id: string; reason: string }>;
  skipped: SkippedItem[];
}

export interface ShardFile {
  format: typeof SHARD_FORMAT;
  version: typeof SHARD_VERSION;
  tool: { name: string; version: string };
  createdAt: string;
  shard: { index: number; count: number };
  base: { ref: string; sha: string };
  head: { ref: string; sha: string };
  configPath: string;
  sampleSize: number;
  seed: number;
  /** identical in every shard of one run: revisions, config, sample */
  fingerprint: string;
  embedder?: { model: string; preprocessing: string; backend: string; device: string };
  datasets: ShardDataset[];
  /** embedding-cache entries: path under the cache dir → base64 of the entry file */
  embeddings: Record<string, string>;
}

/** Parse `i/n` (1-based). */
export function parseShardSpec(spec: string): { index: number; count: number } {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(spec);
  if (!m) throw new UserError(`--shard must look like i/n (e.g. 2/4), got "${spec}"`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > 1024) throw new UserError(`--shard: n must be between 1 and 1024, got ${count}`);
  if (index < 1 || index > count) throw new UserError(`--shard: i must be between 1 and ${count}, got ${index}`);
  return { index, count };
}

/** The shard (1-based) of an item: by its content hash, so equal content lands in one shard. */
export function shardOf(contentHash: string, count: number): number {
  const h = createHash('sha256').update(contentHash).digest();
  return (h.readUInt32BE(0) % count) + 1;
}

function fingerprint(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

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

/** Compute one shard. Exported for tests and other shells. */
export async function embedShard(opts: EmbedShardOptions, ctx: Pick<CliContext, 'log' | 'progress'>): Promise<ShardFile> {
  const { log } = ctx;
  const repo = await GitRepo.open(opts.repo);
  const [baseSha, headSha] = await Promise.all([repo.resolve(opts.base), repo.resolve(opts.head)]);
  const configPath = opts.configPath ?? DEFAULT_CONFIG_PATH;
  const blobs = repo.blobReader();
  // the embedder needs a cache to hand its results over; a temp one unless the caller has one
  const tempCache = opts.cacheDir ? undefined : mkdtempSync(path.join(os.tmpdir(), 'transfer-risk-shard-'));
  const cacheDir = opts.cacheDir ?? tempCache!;
  try {
    const config = await loadConfig(blobs, baseSha, headSha, configPath);
    const modelSource = await trustedModelSource(repo, blobs, baseSha, headSha, configPath);
    const sampleSize = opts.sampleSize ?? config.sample.size;
    const changed = await repo.changedPaths(baseSha, headSha);
    const plan = planChanges(config, changed);
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
        progress: ctx.progress,
      });
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
          backend: opts.backend ?? 'auto',
          modelSource,
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
            const key = cacheKey({ engine: m.engine, model: m.modelIdentity ?? m.model, preprocessing: m.preprocessing, layer: m.layer ?? '', modality: c.modality, contentHash: it.contentHash });
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
    return shard;
  } finally {
    await blobs.close();
    if (tempCache) rmSync(tempCache, { recursive: true, force: true });
  }
}

/** Read and check one shard file. */
export function readShardFile(file: string): ShardFile {
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_SHARD_BYTES) throw new UserError(`${file} is too large to be a shard (${size} bytes)`);
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(`cannot read shard ${file}: ${(err as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UserError(`${file} is not JSON: ${(err as Error).message}`);
  }
  const s = data as Partial<ShardFile>;
  if (!s || typeof s !== 'object' || s.format !== SHARD_FORMAT) throw new UserError(`${file} is not a transfer-risk shard file`);
  if (s.version !== SHARD_VERSION) throw new UserError(`${file}: shard format version ${String(s.version)}, this build reads ${SHARD_VERSION}`);
  if (!s.shard || !Number.isInteger(s.shard.index) || !Number.isInteger(s.shard.count)) throw new UserError(`${file}: no shard index`);
  if (!s.base?.sha || !s.head?.sha || typeof s.fingerprint !== 'string' || !Array.isArray(s.datasets) || !s.embeddings || typeof s.embeddings !== 'object') {
    throw new UserError(`${file}: incomplete shard file`);
  }
  for (const rel of Object.keys(s.embeddings)) {
    if (!ENTRY_RE.test(rel)) throw new UserError(`${file}: unexpected embedding entry "${rel.slice(0, 80)}"`);
  }
  return s as ShardFile;
}

/** Check that the shards form one complete run; returns them sorted by index. */
export function checkShards(shards: Array<{ file: string; shard: ShardFile }>): Array<{ file: string; shard: ShardFile }> {
  if (shards.length === 0) throw new UserError('no shard files given (--shards FILE[,FILE…] or a directory)');
  const first = shards[0]!;
  const count = first.shard.shard.count;
  const seen = new Map<number, string>();
  for (const { file, shard } of shards) {
    if (shard.fingerprint !== first.shard.fingerprint || shard.shard.count !== count) {
      throw new UserError(
        `${file} is from another run than ${first.file} (revisions, config, sample size or shard count differ)`,
      );
    }
    const prev = seen.get(shard.shard.index);
    if (prev) throw new UserError(`shard ${shard.shard.index}/${count} given twice: ${prev} and ${file}`);
    seen.set(shard.shard.index, file);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0) throw new UserError(`missing shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')}`);
  return [...shards].sort((a, b) => a.shard.shard.index - b.shard.shard.index);
}

/** Shard files from `--shards`: comma-separated files and/or directories (their *.json files). */
export function expandShardArgs(list: string[]): string[] {
  const files: string[] = [];
  for (const raw of list.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean)) {
    if (existsSync(raw) && statSync(raw).isDirectory()) {
      for (const f of readdirSync(raw).sort()) if (f.endsWith('.json')) files.push(path.join(raw, f));
    } else files.push(raw);
  }
  return files;
}

/** Unpack the shards' embeddings into `cacheDir`; returns how many entries were written. */
export function unpackEmbeddings(shards: ShardFile[], cacheDir: string): number {
  let n = 0;
  for (const s of shards) {
    for (const [rel, b64] of Object.entries(s.embeddings)) {
      if (!ENTRY_RE.test(rel)) continue;
      const dest = path.join(cacheDir, ...rel.split('/'));
      mkdirSync(path.dirname(dest), { recursive: true });
      writeFileSync(dest, Buffer.from(b64, 'base64'));
      n++;
    }
  }
  return n;
}

const COMMON: readonly OptionSpec[] = [
  { name: 'repo', type: 'string', value: 'DIR', default: '.', description: 'the repository (work tree or bare)' },
  { name: 'config', type: 'string', value: 'PATH', description: 'config path inside the repository [default: .github/transfer-risk.yml]' },
  { name: 'backend', type: 'string', value: 'NAME', choices: BACKEND_NAMES, default: 'auto', description: 'embedding engine (ONNX Runtime or TensorFlow.js)' },
  { name: 'cache-dir', type: 'string', value: 'DIR', description: 'embedding cache to use as well' },
];

export const embedCommand: Command = {
  name: 'embed',
  summary: 'Embed one shard of the sample: the sampled items whose content hash falls in shard i of n.',
  usage: 'embed --repo DIR --base REF --head REF --shard i/n --out FILE [--config PATH] [--sample-size N] [--backend NAME]',
  options: [
    { name: 'base', type: 'string', value: 'REF', required: true, description: 'base revision' },
    { name: 'head', type: 'string', value: 'REF', required: true, description: 'head revision' },
    { name: 'shard', type: 'string', value: 'i/n', required: true, description: 'this shard (1-based) of n' },
    { name: 'out', type: 'string', value: 'FILE', required: true, description: 'the shard file to write' },
    { name: 'sample-size', type: 'integer', value: 'N', description: "items per side (overrides the config's sample.size); the same in every shard" },
    ...COMMON,
  ],
  details: 'Every shard draws the same sample; run `transfer-risk merge --shards …` on all n shard files.',
  async run(args, ctx) {
    const o = args.options;
    const shard = parseShardSpec(o.shard as string);
    const started = Date.now();
    const file = await embedShard(
      {
        repo: o.repo as string,
        base: o.base as string,
        head: o.head as string,
        shard,
        ...(o.config !== undefined ? { configPath: o.config as string } : {}),
        ...(o['sample-size'] !== undefined ? { sampleSize: o['sample-size'] as number } : {}),
        backend: o.backend as BackendName,
        ...(o['cache-dir'] !== undefined ? { cacheDir: o['cache-dir'] as string } : {}),
      },
      ctx,
    );
    const out = o.out as string;
    mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    writeFileSync(out, `${JSON.stringify(file)}\n`);
    const items = file.datasets.reduce((n, d) => n + d.items.length, 0);
    ctx.log.info(
      `wrote ${out}: shard ${shard.index}/${shard.count}, ${items} item(s), ${Object.keys(file.embeddings).length} embedding(s) in ${((Date.now() - started) / 1000).toFixed(1)}s`,
    );
    return 0;
  },
};

export const mergeCommand: Command = {
  name: 'merge',
  summary: 'Merge the shard files of one sharded run into the report.',
  usage: 'merge --shards FILE[,FILE…]|DIR --repo DIR [--out DIR] [--format json|md] [--fail-on LEVEL]',
  options: [
    { name: 'shards', type: 'string', value: 'LIST', required: true, description: 'shard files, comma-separated, or a directory of them' },
    ...COMMON,
    ...OUTPUT_OPTIONS,
    { ...FAIL_ON_OPTION, description: "exit 1 at this level; may only tighten the base config's fail-on" },
  ],
  details:
    'The merge needs the repository (both revisions) and runs the pipeline with every embedding taken from the shards: no model inference, and the report of an unsharded run.',
  async run(args, ctx) {
    const o = args.options;
    const files = expandShardArgs([o.shards as string, ...args.positionals]);
    const shards = checkShards(files.map((file) => ({ file, shard: readShardFile(file) })));
    const s0 = shards[0]!.shard;
    const cacheDir = (o['cache-dir'] as string | undefined) ?? mkdtempSync(path.join(os.tmpdir(), 'transfer-risk-merge-'));
    const entries = unpackEmbeddings(
      shards.map((s) => s.shard),
      cacheDir,
    );
    ctx.log.info(`merging ${shards.length} shard(s) of ${s0.base.sha.slice(0, 7)} → ${s0.head.sha.slice(0, 7)}: ${entries} embedding(s)`);
    const cliFailOn = o['fail-on'] as FailOn | undefined;
    try {
      const result = await analyze({
        repo: o.repo as string,
        base: s0.base.sha,
        head: s0.head.sha,
        configPath: (o.config as string | undefined) ?? s0.configPath,
        sampleSize: s0.sampleSize,
        ...(cliFailOn ? { failOn: cliFailOn } : {}),
        backend: o.backend as BackendName,
        cacheDir,
        log: ctx.log,
        progress: ctx.progress,
      });
      result.report.base.ref = s0.base.ref;
      result.report.head.ref = s0.head.ref;
      result.report.meta.shards = shards.length;
      const failOn = result.report.meta.failOn ?? result.config.failOn;
      return await emitReport(result.report, ctx, { format: o.format as OutputFormat, ...(o.out ? { out: o.out as string } : {}), failOn });
    } finally {
      if (o['cache-dir'] === undefined) rmSync(cacheDir, { recursive: true, force: true });
    }
  },
};
