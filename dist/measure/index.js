/** The measure stage: every number of a dataset (see src/measure/types.ts). */
export { measureDataset, measureDatasetWith, BUILTIN_HEAD_CAVEAT } from './dataset.js';
export { driftOptions, embeddingDrift, outsideCoverage } from './embedding.js';
export { measureFeatures } from './features.js';
