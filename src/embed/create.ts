/**
 * The embedding engine: engine (ONNX Runtime or TensorFlow.js) + model + preprocessing + batching + cache
 * behind `createEmbedder()`.
 *
 * What the model is decides which engines can run it (src/embed/backends.ts `autoOrder`): an ONNX file
 * runs on ONNX Runtime; a TF.js LayersModel (the built-in model too) runs on TF.js or, converted to ONNX
 * (src/embed/onnx/convert.ts, cached), on ONNX Runtime; a GraphModel on TF.js.
 *
 * Inputs already in the cache (keyed by engine, model identity, preprocessing, layer and content) are
 * served from it; the rest are embedded in batches sized for the engine. Decoding (sharp, on libuv
 * threads) runs ahead of inference through a bounded window of at most two batches, so the engine is fed
 * while the next images decode and memory stays bounded. TF.js batches run inside tf.tidy and their tensors
 * are disposed, so tf.memory() does not grow across batches. An input that cannot be decoded lands in
 * `EmbeddingSet.failed` and the run goes on.
 */
import type { Tensor } from '@tensorflow/tfjs';
import { UserError, errorMessage } from '../errors.js';
import { silentLogger } from '../log.js';
import { noProgress } from '../progress.js';
import { AUDIO, AUDIO_PREPROCESSING, AUDIO_STATS_DIMS, decodeAudio, logMelSpectrogram, logMelStats } from './audio.js';
import { initBackend, type LoadedBackend, type ModelFormat, type Tf } from './backends.js';
import { EmbeddingCache, cacheKey, defaultCacheDir } from './cache.js';
import { builtinByName, builtinIdentity, readBuiltinArtifacts, type BuiltinModel } from './builtin.js';
import { detectFormat, loadModel, type ModelRunner } from './models.js';
import { ConversionError } from './onnx/convert.js';
import { convertedModel } from './onnx/converted.js';
import { loadOnnxImageModel, type OnnxImageModel } from './onnx/model.js';
import type { OrtEngine } from './onnx/runtime.js';
import { decodeImage, describePreset, normalizeInto, normalizeIntoPlanar, scaleFromNormalize, type ImagePreset } from './preprocess.js';
import { readModelFiles, type ModelFiles } from './source.js';
import { TEXT_DIMS, TEXT_PREPROCESSING, textEmbedding } from './text.js';
import type { EmbedInput, EmbedMeta, Embedder, EmbedderOptions, EmbeddingSet } from './types.js';

export const DEFAULT_BATCH_SIZE = 32;
/** batch sizes per engine: ONNX Runtime on the CPU keeps its throughput at 16 (and feeds the pipeline sooner); a GPU wants more */
export const ENGINE_BATCH_SIZE = { onnx: 16, 'onnx-cuda': 64 } as const;
export const DEFAULT_MODEL = 'builtin:default';

/** One modality's way from an input to a vector. `P` is the prepared (decoded) form of one input. */
interface Pipeline<P> {
  model: string;
  modelIdentity: string;
  layer: string;
  preprocessing: string;
  dims: number;
  classes?: number;
  classNames?: string[];
  prepare(input: EmbedInput): Promise<P>;
  infer(items: P[]): Promise<{ vectors: Float32Array[]; probs?: Float32Array[] }>;
  dispose(): void;
  /** the engine that runs infer() (meta.backend etc.); default: the selected backend */
  runsOn?: LoadedBackend;
}

function bytesOf(input: EmbedInput): Uint8Array {
  if (input.bytes) return input.bytes;
  if (input.text !== undefined) return new TextEncoder().encode(input.text);
  throw new Error('no content');
}

function textOf(input: EmbedInput): string {
  if (input.text !== undefined) return input.text;
  if (input.bytes) return new TextDecoder('utf-8', { fatal: false }).decode(input.bytes);
  throw new Error('no content');
}

/** Split the rows of [n, d] data into n Float32Arrays. */
function rowsOf(data: Float32Array, n: number, d: number): Float32Array[] {
  const out: Float32Array[] = [];
  for (let i = 0; i < n; i++) out.push(data.slice(i * d, (i + 1) * d));
  return out;
}

async function runBatch(runner: ModelRunner, x: Tensor): Promise<{ vectors: Float32Array[]; probs?: Float32Array[] }> {
  const n = x.shape[0]!;
  let outs: ReturnType<ModelRunner['run']> | undefined;
  try {
    outs = runner.run(x);
    const emb = (await outs.embedding.data()) as Float32Array;
    const vectors = rowsOf(emb, n, outs.embedding.shape[1]);
    if (!outs.probs) return { vectors };
    const pr = (await outs.probs.data()) as Float32Array;
    return { vectors, probs: rowsOf(pr, n, outs.probs.shape[1]) };
  } finally {
    x.dispose();
    outs?.embedding.dispose();
    outs?.probs?.dispose();
  }
}

/** What the pipeline needs to know about a model before (or without) loading it. */
type ModelInfo = Pick<ModelRunner, 'spec' | 'identity' | 'layer' | 'dims' | 'classes' | 'classNames' | 'builtin' | 'inputShape'>;

/** A model loaded on first use (a run served entirely from the cache never loads it). */
class LazyRunner {
  private promise: Promise<ModelRunner> | undefined;
  private runner: ModelRunner | undefined;

  constructor(
    private readonly load: () => Promise<ModelRunner>,
    loaded?: ModelRunner,
  ) {
    if (loaded) {
      this.runner = loaded;
      this.promise = Promise.resolve(loaded);
    }
  }

  get(): Promise<ModelRunner> {
    this.promise ??= this.load().then((r) => (this.runner = r));
    return this.promise;
  }

  dispose(): void {
    this.runner?.dispose();
    this.runner = undefined;
  }
}

function imagePipeline(tf: Tf, info: ModelInfo, lazy: LazyRunner, opts: EmbedderOptions): Pipeline<Uint8Array> {
  let preset: ImagePreset;
  if (info.builtin) {
    preset = info.builtin.preset;
    if (opts.pretrained.normalize) {
      opts.log?.debug(`pretrained.normalize is ignored for ${info.spec}: the built-in model expects ${describePreset(preset)}`);
    }
  } else {
    const [h, w, c] = info.inputShape;
    if (info.inputShape.length !== 3 || (c !== null && c !== 3)) {
      throw new UserError(`pretrained.model ${info.spec}: input shape [${info.inputShape.join(', ')}] is not an RGB image (expected [height, width, 3])`);
    }
    preset = { width: w ?? 224, height: h ?? 224, resize: 'cover', scale: scaleFromNormalize(opts.pretrained.normalize, 'unit') };
  }
  const px = preset.width * preset.height * 3;
  return {
    model: info.spec,
    modelIdentity: info.identity,
    layer: info.layer,
    preprocessing: describePreset(preset),
    dims: info.dims,
    classes: info.classes,
    classNames: info.classNames,
    prepare: (input) => decodeImage(bytesOf(input), preset),
    infer: async (items) => {
      const runner = await lazy.get();
      const buf = new Float32Array(items.length * px);
      items.forEach((rgb, i) => normalizeInto(rgb, preset.scale, buf, i * px));
      const x = tf.tensor4d(buf, [items.length, preset.height, preset.width, 3]);
      return runBatch(runner, x);
    },
    dispose: () => lazy.dispose(),
  };
}

/**
 * A built-in image model at its default layer: everything the cache key and meta need is known
 * without loading it, so loading waits for the first cache miss.
 */
function lazyBuiltinImage(tf: Tf, spec: string, opts: EmbedderOptions, loadOpts: Parameters<typeof loadModel>[2]): Pipeline<Uint8Array> | undefined {
  const b = builtinByName(spec.slice('builtin:'.length));
  if (opts.pretrained.layer && opts.pretrained.layer !== b.layer) return undefined;
  const info: ModelInfo = {
    spec,
    identity: builtinIdentity(b),
    layer: b.layer,
    dims: b.dims,
    classes: b.classes.length,
    classNames: b.classes,
    builtin: b,
    inputShape: [b.preset.height, b.preset.width, 3],
  };
  const lazy = new LazyRunner(async () => {
    const runner = await loadModel(tf, spec, loadOpts);
    if (runner.identity !== info.identity || runner.dims !== info.dims || runner.classes !== info.classes) {
      runner.dispose();
      throw new Error(`built-in model ${spec} does not match its description (${runner.dims}-d, ${runner.classes} classes)`);
    }
    return runner;
  });
  return imagePipeline(tf, info, lazy, opts);
}

function defaultAudioPipeline(tf: Tf): Pipeline<Float32Array> {
  return {
    model: 'builtin:audio-logmel',
    modelIdentity: 'builtin:audio-logmel-v1',
    layer: '',
    preprocessing: AUDIO_PREPROCESSING,
    dims: AUDIO_STATS_DIMS,
    prepare: async (input) => decodeAudio(bytesOf(input)),
    infer: async (items) => {
      const vectors: Float32Array[] = [];
      for (const s of items) vectors.push(await logMelStats(tf, s));
      return { vectors };
    },
    dispose: () => {},
  };
}

function audioModelPipeline(tf: Tf, runner: ModelRunner): Pipeline<Float32Array> {
  const shape = runner.inputShape;
  const waveform = shape.length === 1;
  const T = waveform ? shape[0] : shape[0];
  const M = waveform ? undefined : shape[1];
  if (T === null || T === undefined || (!waveform && M !== AUDIO.mels)) {
    throw new UserError(
      `pretrained.model ${runner.spec}: audio models must take [samples] at ${AUDIO.sampleRate} Hz or [frames, ${AUDIO.mels}(, 1)] log-mel input; got [${shape.join(', ')}]`,
    );
  }
  const per = waveform ? T : T * AUDIO.mels;
  return {
    model: runner.spec,
    modelIdentity: runner.identity,
    layer: runner.layer,
    preprocessing: waveform ? `audio waveform ${AUDIO.sampleRate}Hz samples=${T}` : `${AUDIO_PREPROCESSING} frames=${T}`,
    dims: runner.dims,
    classes: runner.classes,
    prepare: async (input) => decodeAudio(bytesOf(input)),
    infer: async (items) => {
      const buf = new Float32Array(items.length * per);
      for (let i = 0; i < items.length; i++) {
        if (waveform) {
          buf.set(items[i]!.subarray(0, T), i * per);
        } else {
          const lm = logMelSpectrogram(tf, items[i]!);
          const data = lm.dataSync() as Float32Array;
          lm.dispose();
          buf.set(data.subarray(0, per), i * per);
        }
      }
      const x = tf.tensor(buf, [items.length, ...(shape as number[])]);
      return runBatch(runner, x);
    },
    dispose: () => runner.dispose(),
  };
}

function defaultTextPipeline(): Pipeline<string> {
  return {
    model: 'builtin:text-hashed-ngrams',
    modelIdentity: 'builtin:text-hashed-ngrams-v1',
    layer: '',
    preprocessing: TEXT_PREPROCESSING,
    dims: TEXT_DIMS,
    prepare: async (input) => textOf(input),
    infer: async (items) => ({ vectors: items.map((t) => textEmbedding(t)) }),
    dispose: () => {},
  };
}

function textModelPipeline(tf: Tf, runner: ModelRunner): Pipeline<string> {
  const shape = runner.inputShape;
  const D = shape[0];
  if (shape.length !== 1 || D === null || D === undefined) {
    throw new UserError(`pretrained.model ${runner.spec}: text models must take a [features] vector (the hashed n-gram features); got [${shape.join(', ')}]`);
  }
  return {
    model: runner.spec,
    modelIdentity: runner.identity,
    layer: runner.layer,
    preprocessing: `text hashed-ngrams v1 words+bigrams+char3 signed dims=${D}`,
    dims: runner.dims,
    classes: runner.classes,
    prepare: async (input) => textOf(input),
    infer: async (items) => {
      const buf = new Float32Array(items.length * D);
      items.forEach((t, i) => buf.set(textEmbedding(t, D), i * D));
      return runBatch(runner, tf.tensor2d(buf, [items.length, D]));
    },
    dispose: () => runner.dispose(),
  };
}

/** An image model given for an audio/text dataset: fall back to the default embedding. */
function fitsModality(runner: ModelRunner, modality: 'audio' | 'text'): boolean {
  const s = runner.inputShape;
  if (modality === 'text') return s.length === 1;
  return s.length === 1 || s.length === 2 || (s.length === 3 && s[2] === 1);
}

/* ---------- ONNX Runtime ---------- */

class LazyOnnx {
  private promise: Promise<OnnxImageModel> | undefined;
  private model: OnnxImageModel | undefined;
  constructor(private readonly load: () => Promise<OnnxImageModel>) {}
  get(): Promise<OnnxImageModel> {
    this.promise ??= this.load().then((m) => (this.model = m));
    return this.promise;
  }
  dispose(): void {
    void this.model?.dispose().catch(() => {});
    this.model = undefined;
  }
}

/** what the pipeline needs to know of an ONNX image model before it is loaded */
type OnnxInfo = Omit<OnnxImageModel, 'maxBatch' | 'run' | 'dispose'>;

function onnxImagePipeline(info: OnnxInfo, lazy: LazyOnnx): Pipeline<Uint8Array> {
  const { preset } = info;
  const px = preset.width * preset.height * 3;
  return {
    model: info.spec,
    modelIdentity: info.identity,
    layer: info.layer,
    preprocessing: describePreset(preset),
    dims: info.dims,
    classes: info.classes,
    classNames: info.classNames,
    prepare: (input) => decodeImage(bytesOf(input), preset),
    infer: async (items) => {
      const m = await lazy.get();
      const vectors: Float32Array[] = [];
      const probs: Float32Array[] = [];
      // a model exported with a fixed batch size gets chunks of that size (the last one zero-padded)
      const step = m.maxBatch ?? items.length;
      for (let start = 0; start < items.length; start += step) {
        const chunk = items.slice(start, start + step);
        const n = m.maxBatch ?? chunk.length;
        const buf = new Float32Array(n * px);
        chunk.forEach((rgb, i) => (m.layout === 'NCHW' ? normalizeIntoPlanar(rgb, preset.scale, buf, i * px) : normalizeInto(rgb, preset.scale, buf, i * px)));
        const out = await m.run(buf, n);
        vectors.push(...rowsOf(out.vectors, chunk.length, m.dims));
        if (out.probs) probs.push(...rowsOf(out.probs, chunk.length, out.probs.length / n));
      }
      return probs.length ? { vectors, probs } : { vectors };
    },
    dispose: () => lazy.dispose(),
  };
}

/** What the model is, read once: its format (which engines can run it) and files. */
interface ModelPlan {
  spec: string;
  format: ModelFormat;
  builtin?: BuiltinModel;
  files?: ModelFiles;
  /** why a TF.js model does not convert to ONNX */
  notConvertible?: string;
  /** a user's TF.js LayersModel, converted (when an ONNX engine may run it) */
  converted?: ReturnType<typeof convertedModel>;
}

async function planModel(opts: EmbedderOptions, cacheDir: string | null): Promise<ModelPlan> {
  const spec = opts.pretrained.model?.trim() || DEFAULT_MODEL;
  const p = opts.pretrained;
  if (spec.startsWith('builtin:')) {
    if (opts.modality !== 'image') return { spec, format: 'none' };
    const builtin = builtinByName(spec.slice('builtin:'.length));
    if (builtin.format === 'layers') return { spec, format: 'tfjs-convertible', builtin };
    return { spec, format: 'tfjs', builtin, notConvertible: `${spec} is a TF.js GraphModel; the converter takes LayersModels` };
  }
  const files = await readModelFiles(spec, opts.modelSource, {
    maxBytes: p.maxBytes,
    timeoutMs: opts.downloadTimeoutMs,
    cacheDir,
    log: opts.log,
    fetch: opts.fetch,
  });
  if (files.format === 'onnx') return { spec, format: opts.modality === 'image' ? 'onnx' : 'none', files };
  let kind: 'layers' | 'graph';
  try {
    kind = detectFormat(files.json);
  } catch (err) {
    throw new UserError(`pretrained.model: ${spec} is ${errorMessage(err)}`);
  }
  if (kind === 'graph') return { spec, format: 'tfjs', files, notConvertible: 'a TF.js GraphModel is not converted to ONNX' };
  if (opts.modality !== 'image')
    return { spec, format: 'tfjs', files, notConvertible: `the converter takes image models (this is a ${opts.modality} dataset)` };
  // convert now unless a TF.js backend was asked for (the result is cached by content)
  if (opts.backend !== 'auto' && opts.backend !== 'onnx' && opts.backend !== 'onnx-cuda') return { spec, format: 'tfjs-convertible', files };
  try {
    const converted = convertedModel(files.json, files.weights, { layer: p.layer, cacheDir, log: opts.log });
    return { spec, format: 'tfjs-convertible', files, converted };
  } catch (err) {
    if (!(err instanceof ConversionError)) throw err;
    opts.log?.debug(`${spec}: not converted to ONNX (${err.message})`);
    return { spec, format: 'tfjs', files, notConvertible: err.message };
  }
}

async function buildOnnxPipeline(engine: OrtEngine, plan: ModelPlan, opts: EmbedderOptions, cacheDir: string | null): Promise<Pipeline<unknown>> {
  const p = opts.pretrained;
  const spec = plan.spec;
  if (plan.builtin) {
    const b = plan.builtin;
    const layer = p.layer ?? b.layer;
    if (p.normalize) opts.log?.debug(`pretrained.normalize is ignored for ${spec}: the built-in model expects ${describePreset(b.preset)}`);
    const load = async (): Promise<OnnxImageModel> => {
      const a = readBuiltinArtifacts(b);
      const conv = convertedModel(a.json, a.weights, { layer, cacheDir, log: opts.log });
      const m = await loadOnnxImageModel(engine, conv.bytes, {
        spec,
        identity: builtinIdentity(b),
        pretrained: p,
        known: {
          preset: b.preset,
          layout: 'NCHW',
          classNames: b.classes,
          outputs: {
            embedding: conv.info.embeddingOutput,
            ...(conv.info.probsOutput ? { probs: { name: conv.info.probsOutput, kind: 'probs' as const } } : {}),
          },
        },
      });
      if (layer === b.layer && (m.dims !== b.dims || m.classes !== b.classes.length)) {
        await m.dispose();
        throw new Error(`built-in model ${spec} converted to ONNX does not match its description (${m.dims}-d, ${m.classes} classes)`);
      }
      return m;
    };
    const lazy = new LazyOnnx(load);
    if (layer === b.layer) {
      // everything the cache key and meta need is known without loading: loading waits for the first miss
      return onnxImagePipeline(
        { spec, identity: builtinIdentity(b), layer, dims: b.dims, classes: b.classes.length, classNames: b.classes, preset: b.preset, layout: 'NCHW' },
        lazy,
      ) as Pipeline<unknown>;
    }
    const m = await lazy.get();
    return onnxImagePipeline(
      { spec, identity: m.identity, layer: m.layer, dims: m.dims, classes: m.classes, classNames: m.classNames, preset: m.preset, layout: m.layout },
      lazy,
    ) as Pipeline<unknown>;
  }
  const files = plan.files!;
  let m: OnnxImageModel;
  if (files.format === 'onnx') {
    m = await loadOnnxImageModel(engine, files.model, { spec, identity: files.identity, pretrained: p });
  } else {
    const conv = plan.converted ?? convertedModel(files.json, files.weights, { layer: p.layer, cacheDir, log: opts.log });
    const [c, h, w] = conv.info.inputShape;
    if (c !== 3)
      throw new UserError(
        `pretrained.model ${spec}: input shape [${h ?? 'null'}, ${w ?? 'null'}, ${c ?? 'null'}] is not an RGB image (expected [height, width, 3])`,
      );
    // the same preprocessing as the TF.js engine gives this model (src/embed/create.ts imagePipeline)
    const preset: ImagePreset = { width: w ?? 224, height: h ?? 224, resize: 'cover', scale: scaleFromNormalize(p.normalize, 'unit') };
    m = await loadOnnxImageModel(engine, conv.bytes, {
      spec,
      identity: files.identity,
      pretrained: p,
      known: {
        preset,
        layout: 'NCHW',
        outputs: { embedding: conv.info.embeddingOutput, ...(conv.info.probsOutput ? { probs: { name: conv.info.probsOutput, kind: 'probs' as const } } : {}) },
      },
    });
    m.layer = conv.info.embeddingLayer;
  }
  const lazy = new LazyOnnx(async () => m);
  void lazy.get();
  return onnxImagePipeline(
    { spec, identity: m.identity, layer: m.layer, dims: m.dims, classes: m.classes, classNames: m.classNames, preset: m.preset, layout: m.layout },
    lazy,
  ) as Pipeline<unknown>;
}

async function buildPipeline(backend: LoadedBackend, opts: EmbedderOptions, cacheDir: string | null, plan: ModelPlan): Promise<Pipeline<unknown>> {
  const tf = backend.tf;
  const spec = plan.spec;
  const loadOpts = {
    layer: opts.pretrained.layer,
    cacheDir,
    log: opts.log,
    timeoutMs: opts.downloadTimeoutMs,
    files: plan.files,
    source: opts.modelSource,
    maxBytes: opts.pretrained.maxBytes,
    fetch: opts.fetch,
  };
  if (plan.files?.format === 'onnx') {
    // an ONNX model given for an audio/text dataset: the built-in embedding of that modality
    opts.log?.info(`${spec} is an ONNX model; ONNX models embed images: using the built-in ${opts.modality} embedding for ${opts.modality} data`);
    if (opts.modality === 'audio') return defaultAudioPipeline(tf) as Pipeline<unknown>;
    if (opts.modality === 'text') return defaultTextPipeline() as Pipeline<unknown>;
  }
  switch (opts.modality) {
    case 'image': {
      if (spec.startsWith('builtin:')) {
        const lazy = lazyBuiltinImage(tf, spec, opts, loadOpts);
        if (lazy) return lazy as Pipeline<unknown>;
      }
      const runner = await loadModel(tf, spec, loadOpts);
      try {
        return imagePipeline(tf, runner, new LazyRunner(async () => runner, runner), opts) as Pipeline<unknown>;
      } catch (err) {
        runner.dispose();
        throw err;
      }
    }
    case 'audio':
    case 'text': {
      if (spec.startsWith('builtin:')) {
        return (opts.modality === 'audio' ? defaultAudioPipeline(tf) : defaultTextPipeline()) as Pipeline<unknown>;
      }
      const runner = await loadModel(tf, spec, loadOpts);
      if (!fitsModality(runner, opts.modality)) {
        opts.log?.info(
          `${spec} takes [${runner.inputShape.join(', ')}] input, not ${opts.modality}; using the built-in ${opts.modality} embedding for ${opts.modality} data`,
        );
        runner.dispose();
        return (opts.modality === 'audio' ? defaultAudioPipeline(tf) : defaultTextPipeline()) as Pipeline<unknown>;
      }
      try {
        return (opts.modality === 'audio' ? audioModelPipeline(tf, runner) : textModelPipeline(tf, runner)) as Pipeline<unknown>;
      } catch (err) {
        runner.dispose();
        throw err;
      }
    }
    default:
      throw new UserError(`no embedding for ${String(opts.modality)} data (embeddings cover image, audio and text datasets)`);
  }
}

export async function createEmbedder(opts: EmbedderOptions): Promise<Embedder> {
  const log = opts.log ?? silentLogger;
  const progress = opts.progress ?? noProgress;
  const cacheDir = opts.cacheDir === null ? null : (opts.cacheDir ?? defaultCacheDir());
  const cache = cacheDir ? new EmbeddingCache(cacheDir) : undefined;

  const plan = await planModel({ ...opts, log }, cacheDir);
  const backend = await initBackend(opts.backend, { loaders: opts.loaders, log, format: plan.format, model: plan.spec, notConvertible: plan.notConvertible });
  const tf = backend.tf;
  const onnx = backend.engine === 'onnxruntime' && backend.ort && opts.modality === 'image';
  const pipeline = onnx
    ? await buildOnnxPipeline(backend.ort!, plan, { ...opts, log }, cacheDir)
    : await buildPipeline(backend, { ...opts, log }, cacheDir, plan);
  // a TF.js pipeline under an ONNX engine (built-in audio/text embeddings) runs on the TF.js backend
  const runsOn: LoadedBackend = onnx || backend.engine !== 'onnxruntime' ? backend : (backend.helper ?? backend);
  const engine = runsOn.engine ?? 'tfjs';
  const engineBatch = onnx ? ENGINE_BATCH_SIZE[backend.backend === 'onnx-cuda' ? 'onnx-cuda' : 'onnx'] : DEFAULT_BATCH_SIZE;
  const batchSize = Math.max(1, Math.floor(opts.batchSize ?? engineBatch));
  log.debug(`embed ${opts.modality}: ${pipeline.model} (${pipeline.layer || 'built-in'}, ${pipeline.dims}-d) on ${runsOn.backend} / ${runsOn.device}`);

  const meta: EmbedMeta = {
    backend: runsOn.backend,
    device: runsOn.device,
    engine,
    executionProvider: engine === 'onnxruntime' ? (runsOn.ort?.provider ?? 'cpu') : runsOn.tfBackend,
    ...(engine === 'onnxruntime' && runsOn.ort ? { threads: runsOn.ort.threads } : {}),
    batchSize,
    model: pipeline.model,
    preprocessing: pipeline.preprocessing,
    cacheHits: 0,
    cacheMisses: 0,
    embedded: 0,
    embedSeconds: 0,
    modelIdentity: pipeline.modelIdentity,
    layer: pipeline.layer,
    dims: pipeline.dims,
    ...(pipeline.classNames ? { classNames: pipeline.classNames } : {}),
  };
  let batchNo = 0;
  let disposed = false;

  async function embed(inputs: EmbedInput[]): Promise<EmbeddingSet> {
    if (disposed) throw new Error('embedder was disposed');
    const n = inputs.length;
    const vectors: Array<Float32Array | undefined> = new Array(n);
    const probs: Array<Float32Array | undefined> = new Array(n);
    const reasons: Array<string | undefined> = new Array(n);
    const bar = progress(`embed ${opts.modality}`, n);

    // cache lookup; group the rest by key so equal content is embedded once
    const pending = new Map<string, number[]>();
    for (let i = 0; i < n; i++) {
      const input = inputs[i]!;
      const key = cacheKey({
        engine,
        model: pipeline.modelIdentity,
        preprocessing: pipeline.preprocessing,
        layer: pipeline.layer,
        modality: opts.modality,
        contentHash: input.contentHash,
      });
      const hit = cache?.get(key);
      if (hit && hit.vector.length === pipeline.dims) {
        vectors[i] = hit.vector;
        probs[i] = hit.probs;
        meta.cacheHits++;
        bar.tick();
        continue;
      }
      meta.cacheMisses++;
      const list = pending.get(key);
      if (list) list.push(i);
      else pending.set(key, [i]);
    }

    const work = [...pending.entries()];
    type Prepared = { key: string; idx: number[]; data?: unknown; error?: string };
    const prepareOne = async ([key, idx]: [string, number[]]): Promise<Prepared> => {
      try {
        return { key, idx, data: await pipeline.prepare(inputs[idx[0]!]!) };
      } catch (err) {
        return { key, idx, error: errorMessage(err).split('\n')[0] || 'could not be decoded' };
      }
    };

    // bounded read-ahead: at most two batches are decoding or decoded while the engine runs one
    const window = 2 * batchSize;
    const queue: Array<Promise<Prepared>> = [];
    let started = 0;
    const fill = (): void => {
      while (started < work.length && queue.length < window) queue.push(prepareOne(work[started++]!));
    };
    const t0 = process.hrtime.bigint();
    fill();
    while (queue.length) {
      const cur = await Promise.all(queue.splice(0, batchSize));
      // start decoding the next images before running the model on this batch
      fill();
      const ok = cur.filter((c) => c.error === undefined);
      for (const c of cur) if (c.error !== undefined) for (const i of c.idx) reasons[i] = c.error;
      if (ok.length) {
        const out = await pipeline.infer(ok.map((c) => c.data));
        ok.forEach((c, j) => {
          const v = out.vectors[j]!;
          const p = out.probs?.[j];
          for (const i of c.idx) {
            vectors[i] = v;
            probs[i] = p;
          }
          cache?.put(c.key, { vector: v, probs: p }, (err) => log.debug(`embedding cache: cannot write (${errorMessage(err)})`));
        });
        meta.embedded = (meta.embedded ?? 0) + ok.length;
      }
      batchNo++;
      if (opts.onBatch) {
        const mem = tf.memory();
        opts.onBatch({ batch: batchNo, size: cur.length, numTensors: mem.numTensors, numBytes: mem.numBytes });
      }
      bar.tick(cur.reduce((s, c) => s + c.idx.length, 0));
    }
    if (work.length) {
      meta.embedSeconds = (meta.embedSeconds ?? 0) + Number(process.hrtime.bigint() - t0) / 1e9;
      meta.imagesPerSecond = meta.embedSeconds > 0 ? (meta.embedded ?? 0) / meta.embedSeconds : undefined;
    }
    bar.done();

    const ids: string[] = [];
    const failed: EmbeddingSet['failed'] = [];
    const dims = pipeline.dims;
    const okRows: number[] = [];
    for (let i = 0; i < n; i++) {
      if (vectors[i]) {
        ids.push(inputs[i]!.id);
        okRows.push(i);
      } else {
        failed.push({ id: inputs[i]!.id, reason: reasons[i] ?? 'not embedded' });
      }
    }
    const flat = new Float32Array(okRows.length * dims);
    okRows.forEach((i, r) => flat.set(vectors[i]!, r * dims));
    const set: EmbeddingSet = { ids, dims, vectors: flat, failed };
    const classes = pipeline.classes;
    if (classes && okRows.every((i) => probs[i]?.length === classes)) {
      const pf = new Float32Array(okRows.length * classes);
      okRows.forEach((i, r) => pf.set(probs[i]!, r * classes));
      set.probs = pf;
      set.classes = classes;
    }
    return set;
  }

  return {
    meta,
    embed,
    dispose() {
      if (disposed) return;
      disposed = true;
      pipeline.dispose();
    },
  };
}
