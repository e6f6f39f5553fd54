/**
 * Built-in models that work offline: the weights that ship inside the installed `nsfwjs` package.
 *
 * nsfwjs publishes each model as UMD bundles under dist/models/<name>/: `model.min.js` exports the
 * model.json object ({modelTopology, weightsManifest, ...}) and `group1-shardKofN.min.js` exports the
 * weight shard as one base64 string. nsfwjs's own loader (dist/esm/core.js, JSONHandler) decodes the
 * shards in manifest order and concatenates them; we do the same and hand the artifacts to
 * tf.io.fromMemory.
 *
 * Preprocessing, from nsfwjs's `NSFWJS.infer` (dist/esm/core.js): pixels → float, divided by 255 (so
 * [0, 1]), then `tf.image.resizeBilinear` to size×size (no crop, aspect ratio not kept). Size is 224
 * for MobileNetV2 and 299 for InceptionV3 (`options: {size: 299}` in dist/esm/models/inception_v3.js).
 * All of them end in a 5-class softmax head (Drawing, Hentai, Neutral, Porn, Sexy).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { UserError } from '../errors.js';
import type { ImagePreset } from './preprocess.js';

export interface BuiltinModel {
  name: string;
  /** folder under nsfwjs/dist/models */
  folder: string;
  format: 'layers' | 'graph';
  /** default embedding layer (LayersModel) or node (GraphModel) */
  layer: string;
  preset: ImagePreset;
  /** embedding size at the default layer (checked against the model when it loads) */
  dims: number;
  classes: string[];
}

const NSFW_CLASSES = ['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy'];

export const BUILTIN_MODELS: Record<string, BuiltinModel> = {
  mobilenet_v2: {
    name: 'mobilenet_v2',
    folder: 'mobilenet_v2',
    format: 'layers',
    // out_relu (7×7×1280) → average_pooling2d_1 (7×7 pool = global average) → flatten_1 (1280)
    layer: 'flatten_1',
    preset: { width: 224, height: 224, resize: 'fill', scale: 'unit' },
    dims: 1280,
    classes: NSFW_CLASSES,
  },
  mobilenet_v2_mid: {
    name: 'mobilenet_v2_mid',
    folder: 'mobilenet_v2_mid',
    format: 'graph',
    // GraphModel, MobileNetV2 with depth multiplier 1.4: .../Logits/AvgPool (1×1×1792) → .../feature_vector/SpatialSqueeze (1792)
    layer:
      'StatefulPartitionedCall/sequential/keras_layer/StatefulPartitionedCall/StatefulPartitionedCall/StatefulPartitionedCall/predict/feature_vector/SpatialSqueeze',
    preset: { width: 224, height: 224, resize: 'fill', scale: 'unit' },
    dims: 1792,
    classes: NSFW_CLASSES,
  },
  inception_v3: {
    name: 'inception_v3',
    folder: 'inception_v3',
    // mixed10 (8×8×2048) → average_pooling2d_10 (8×8 pool = global average) → flatten_1 (2048)
    format: 'layers',
    layer: 'flatten_1',
    preset: { width: 299, height: 299, resize: 'fill', scale: 'unit' },
    dims: 2048,
    classes: NSFW_CLASSES,
  },
};

export const BUILTIN_ALIASES: Record<string, string> = { default: 'mobilenet_v2' };

export function builtinByName(name: string): BuiltinModel {
  const key = BUILTIN_ALIASES[name] ?? name;
  const model = BUILTIN_MODELS[key];
  if (!model) {
    const known = [...Object.keys(BUILTIN_ALIASES), ...Object.keys(BUILTIN_MODELS)].map((n) => `builtin:${n}`);
    throw new UserError(`unknown built-in model 'builtin:${name}'; known: ${known.join(', ')}`);
  }
  return model;
}

/** nsfwjs's package root and version. */
export function nsfwjsRoot(): { root: string; version: string } {
  const req = createRequire(import.meta.url);
  let main: string;
  try {
    main = req.resolve('nsfwjs');
  } catch {
    throw new UserError('built-in models need the `nsfwjs` package (it ships the weights); run `npm install nsfwjs@4`');
  }
  let dir = path.dirname(main);
  for (let i = 0; i < 6; i++) {
    const pj = path.join(dir, 'package.json');
    if (fs.existsSync(pj)) {
      const json = JSON.parse(fs.readFileSync(pj, 'utf8')) as { name?: string; version?: string };
      if (json.name === 'nsfwjs') return { root: dir, version: json.version ?? 'unknown' };
    }
    dir = path.dirname(dir);
  }
  throw new UserError(`cannot locate the nsfwjs package root from ${main}`);
}

export interface ModelJson {
  format?: string;
  generatedBy?: string;
  convertedBy?: string;
  modelTopology?: unknown;
  weightsManifest?: Array<{ paths: string[]; weights: Array<{ name: string; shape: number[]; dtype: string }> }>;
  userDefinedMetadata?: Record<string, unknown>;
  signature?: unknown;
  trainingConfig?: unknown;
  modelInitializer?: unknown;
}

/** The model identity of a builtin (part of the embedding cache key): name and nsfwjs version. */
export function builtinIdentity(model: BuiltinModel): string {
  return `builtin:${model.name}@nsfwjs-${nsfwjsRoot().version}`;
}

/** Read a builtin's model.json object and its concatenated weights (in manifest order). */
export function readBuiltinArtifacts(model: BuiltinModel): { json: ModelJson; weights: ArrayBuffer; identity: string } {
  const { root, version } = nsfwjsRoot();
  const dir = path.join(root, 'dist', 'models', model.folder);
  const req = createRequire(import.meta.url);
  const load = (file: string): unknown => {
    const p = path.join(dir, file);
    if (!fs.existsSync(p)) throw new UserError(`built-in model ${model.name}: ${p} is missing from the nsfwjs package`);
    // UMD bundle: CommonJS branch sets module.exports; drop it from the require cache afterwards
    const value = req(p) as unknown;
    delete req.cache[p];
    return value;
  };
  const json = load('model.min.js') as ModelJson;
  const parts: Buffer[] = [];
  for (const group of json.weightsManifest ?? []) {
    for (const shard of group.paths) {
      const b64 = load(`${shard}.min.js`);
      if (typeof b64 !== 'string') throw new UserError(`built-in model ${model.name}: ${shard}.min.js did not hold base64 weights`);
      parts.push(Buffer.from(b64, 'base64'));
    }
  }
  const all = Buffer.concat(parts);
  const weights = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer;
  return { json, weights, identity: `builtin:${model.name}@nsfwjs-${version}` };
}
