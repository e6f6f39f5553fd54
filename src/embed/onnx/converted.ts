/**
 * TF.js Layers models converted to ONNX once and kept in the cache directory:
 * `<cacheDir>/models/onnx/<sha256 of the source model, the embedding layer and the converter version>.onnx`
 * with a `.json` beside it (input, outputs, dims). Writes are atomic (temp file + rename); an unreadable
 * or mismatched entry is converted again.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../atomic-file.js';
import { errorMessage } from '../../errors.js';
import type { Logger } from '../../log.js';
import type { ModelJson } from '../builtin.js';
import { conversionKey, convertLayersModel, defaultEmbeddingLayer, type ConvertedModel } from './convert.js';

export type ConvertedInfo = Omit<ConvertedModel, 'bytes'>;

/** The converted model for `json`+`weights` at `layer` (default: the model's default embedding layer). */
export function convertedModel(
  json: ModelJson,
  weights: ArrayBuffer,
  opts: { layer?: string; cacheDir?: string | null; log?: Logger },
): { bytes: Uint8Array; info: ConvertedInfo; cached: boolean } {
  const { layer, withProbs } = defaultEmbeddingLayer(json, opts.layer);
  const key = conversionKey(json, weights, layer, withProbs);
  const dir = opts.cacheDir ? path.join(opts.cacheDir, 'models', 'onnx') : undefined;
  const file = dir ? path.join(dir, `${key}.onnx`) : undefined;
  if (file) {
    try {
      const info = JSON.parse(fs.readFileSync(`${file.slice(0, -5)}.json`, 'utf8')) as ConvertedInfo & { key?: string; size?: number };
      const bytes = fs.readFileSync(file);
      if (info.key === key && info.size === bytes.length)
        return { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), info, cached: true };
    } catch {
      // not cached yet (or unreadable): convert
    }
  }
  const t0 = Date.now();
  const conv = convertLayersModel(json, weights, { embeddingLayer: layer, withProbs });
  const { bytes, ...info } = conv;
  opts.log?.debug(`converted the TF.js model to ONNX in ${Date.now() - t0} ms (${bytes.length} bytes, embedding at ${layer})`);
  if (dir && file) {
    try {
      writeFileAtomic(file, bytes);
      writeFileAtomic(`${file.slice(0, -5)}.json`, JSON.stringify({ ...info, key, size: bytes.length }));
    } catch (err) {
      opts.log?.debug(`converted model cache: cannot write ${file} (${errorMessage(err)})`);
    }
  }
  return { bytes, info, cached: false };
}
