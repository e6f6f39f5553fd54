/**
 * Content-addressed embedding cache on disk.
 *
 * key = sha256(format version, model identity, preprocessing, layer, modality, content hash, engine). One small
 * binary file per item at `<dir>/embeddings/v1/<key[0..2]>/<key>.bin`:
 *   bytes 0..3  magic "TRE1"
 *   bytes 4..7  dims    (uint32 LE)
 *   bytes 8..11 classes (uint32 LE, 0 = no probabilities)
 *   then dims float32 (LE) vector values, then classes float32 probabilities.
 * Writes go to a unique temp file in the same folder and are renamed into place, so concurrent writers
 * (parallel jobs sharing a cache) never expose a partial file; a corrupt or short file is a miss.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from '../atomic-file.js';

const MAGIC = 0x31455254; // "TRE1" little-endian
const VERSION = 'v1';

/** `--cache-dir` (given by the caller), else $XDG_CACHE_HOME/transfer-risk, else ~/.cache/transfer-risk. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): string {
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'transfer-risk');
  return path.join(env.HOME || home, '.cache', 'transfer-risk');
}

export interface CacheKeyParts {
  /** the engine that ran the model (onnxruntime | tfjs); TF.js keys are those of earlier versions */
  engine?: string;
  model: string;
  preprocessing: string;
  layer: string;
  modality: string;
  contentHash: string;
}

export function cacheKey(p: CacheKeyParts): string {
  const h = createHash('sha256');
  const engine = p.engine && p.engine !== 'tfjs' ? [p.engine] : [];
  h.update(JSON.stringify([VERSION, p.model, p.preprocessing, p.layer, p.modality, p.contentHash, ...engine]));
  return h.digest('hex');
}

export interface CachedEmbedding {
  vector: Float32Array;
  probs?: Float32Array;
}

export function encodeEntry(e: CachedEmbedding): Buffer {
  const dims = e.vector.length;
  const classes = e.probs?.length ?? 0;
  const buf = Buffer.alloc(12 + 4 * (dims + classes));
  buf.writeUInt32LE(MAGIC, 0);
  buf.writeUInt32LE(dims, 4);
  buf.writeUInt32LE(classes, 8);
  for (let i = 0; i < dims; i++) buf.writeFloatLE(e.vector[i]!, 12 + 4 * i);
  for (let i = 0; i < classes; i++) buf.writeFloatLE(e.probs![i]!, 12 + 4 * (dims + i));
  return buf;
}

export function decodeEntry(buf: Buffer): CachedEmbedding | undefined {
  if (buf.length < 12 || buf.readUInt32LE(0) !== MAGIC) return undefined;
  const dims = buf.readUInt32LE(4);
  const classes = buf.readUInt32LE(8);
  if (buf.length !== 12 + 4 * (dims + classes)) return undefined;
  const vector = new Float32Array(dims);
  for (let i = 0; i < dims; i++) vector[i] = buf.readFloatLE(12 + 4 * i);
  if (!classes) return { vector };
  const probs = new Float32Array(classes);
  for (let i = 0; i < classes; i++) probs[i] = buf.readFloatLE(12 + 4 * (dims + i));
  return { vector, probs };
}

export class EmbeddingCache {
  readonly root: string;

  constructor(readonly dir: string) {
    this.root = path.join(dir, 'embeddings', VERSION);
  }

  pathOf(key: string): string {
    return path.join(this.root, key.slice(0, 2), `${key}.bin`);
  }

  get(key: string): CachedEmbedding | undefined {
    let buf: Buffer;
    try {
      buf = fs.readFileSync(this.pathOf(key));
    } catch {
      return undefined;
    }
    return decodeEntry(buf);
  }

  /** Store an entry; failures (read-only or full disk) are reported to `onError`, never thrown. */
  put(key: string, e: CachedEmbedding, onError?: (err: unknown) => void): void {
    try {
      writeFileAtomic(this.pathOf(key), encodeEntry(e));
    } catch (err) {
      onError?.(err);
    }
  }
}
