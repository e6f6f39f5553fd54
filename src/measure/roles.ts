/**
 * Format vs content. Format features describe how an item is stored — what the model's preprocessing
 * normalizes away (resize, colour conversion, resampling, decoding); content features describe what
 * the item holds, measured in canonical form (src/data/image.ts, audio.ts, text.ts). A format change
 * with stable content is at most medium (src/risk/data-drift.ts).
 */
import type { Modality } from '../contracts/index.js';

export const FORMAT_FEATURES: Readonly<Record<Modality, readonly string[]>> = {
  image: ['width', 'height', 'aspect', 'megapixels', 'bytes', 'format', 'channels', 'bitDepth'],
  audio: ['sampleRate', 'channels', 'bitDepth', 'duration'],
  text: ['encoding', 'lineEndings'],
  tabular: [],
};

export function featureRole(modality: Modality, name: string): 'format' | 'content' {
  return FORMAT_FEATURES[modality].includes(name) ? 'format' : 'content';
}
