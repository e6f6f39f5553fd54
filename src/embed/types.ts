/** The contract between the pipeline and the embedding engine (src/embed). */
import type { BackendName, Modality } from '../contracts/index.js';
import type { PretrainedConfig } from '../data/config-types.js';
import type { Logger } from '../log.js';
import type { ProgressFactory } from '../progress.js';
import type { BackendLoaders } from './backends.js';
import type { ModelSource } from './source.js';

export interface EmbedInput {
  id: string;
  /** content identity (git blob sha or sha256): the cache key together with model and preprocessing */
  contentHash: string;
  bytes?: Uint8Array;
  text?: string;
}

export interface EmbeddingSet {
  ids: string[];
  dims: number;
  /** row-major ids.length × dims */
  vectors: Float32Array;
  /** class probabilities when the model has a classifier head: row-major ids.length × classes */
  probs?: Float32Array;
  classes?: number;
  /** inputs that could not be embedded, with the reason */
  failed: Array<{ id: string; reason: string }>;
}

export interface EmbedMeta {
  backend: string;
  device: string;
  /** the engine that runs the model: onnxruntime | tfjs */
  engine?: 'onnxruntime' | 'tfjs';
  /** ONNX Runtime: cpu | cuda; TF.js: its backend (wasm, tensorflow, cpu) */
  executionProvider?: string;
  /** ONNX Runtime intra-op threads */
  threads?: number;
  batchSize?: number;
  /** items embedded (cache misses run through the model) and the wall time it took, decode included */
  embedded?: number;
  embedSeconds?: number;
  imagesPerSecond?: number;
  model: string;
  preprocessing: string;
  cacheHits: number;
  cacheMisses: number;
  /** content identity of the model (part of the cache key) */
  modelIdentity?: string;
  /** layer / node the embedding comes from ('' for the built-in audio/text embeddings) */
  layer?: string;
  /** embedding size */
  dims?: number;
  /** class names of the classifier head, when known */
  classNames?: string[];
}

export interface Embedder {
  readonly meta: EmbedMeta;
  embed(inputs: EmbedInput[]): Promise<EmbeddingSet>;
  dispose(): Promise<void> | void;
}

export interface EmbedderOptions {
  modality: Modality;
  pretrained: PretrainedConfig;
  backend: BackendName;
  /** undefined: default cache dir; null: no cache */
  cacheDir?: string | null;
  batchSize?: number;
  log?: Logger;
  progress?: ProgressFactory;
  /** replace backend loaders (tests); see src/embed/backends.ts */
  loaders?: Partial<BackendLoaders>;
  /** called after each inference batch (tests and benchmarks check memory with it) */
  onBatch?: (info: { batch: number; size: number; numTensors: number; numBytes: number }) => void;
  /** where repository models are read from: the trusted git revision (analyze), or an explicit disk root */
  modelSource?: ModelSource;
  /** the whole download of an https model (ms); default 120000 */
  downloadTimeoutMs?: number;
  /** injected for tests (URL models) */
  fetch?: typeof fetch;
}
