/**
 * The shard file of a sharded run: its format, how items are assigned to shards, and reading, checking
 * and unpacking shard files (which may come from another machine's artifact: bounded and validated).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Modality, Side, SkippedItem } from '../contracts/index.js';
import type { FeatureValue } from '../data/item.js';
import { UserError } from '../errors.js';

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

export function fingerprint(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
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
      throw new UserError(`${file} is from another run than ${first.file} (revisions, config, sample size or shard count differ)`);
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
  for (const raw of list
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean)) {
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
