/** The measure stage: every number of a dataset (see src/measure/types.ts). */
export { measureDataset, measureDatasetWith, BUILTIN_HEAD_CAVEAT, type EmbeddingDriftArgs, type MeasureRunners, type TransferabilityArgs } from './dataset.js';
export { driftOptions, embeddingDrift, outsideCoverage, type EmbeddingDriftOptions, type EmbeddingDriftReport } from './embedding.js';
export type { AtypicalItem, DatasetMeasures, DatasetPlots, EmbeddedSide, MeasureContext, MeasureInput, MeasureModel } from './types.js';
export { measureFeatures, type FeaturesMeasured } from './features.js';
