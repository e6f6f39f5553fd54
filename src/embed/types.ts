/** The contract between the pipeline and the embedding engine (src/embed). */
import type { Modality } from '../report/types.js';
import type { PretrainedConfig } from '../data/config-types.js';
import type { Logger } from '../log.js';
import type { ProgressFactory } from '../progress.js';

export type BackendName = 'auto' | 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';

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
  model: string;
  preprocessing: string;
  cacheHits: number;
  cacheMisses: number;
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
}
