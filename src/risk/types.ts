/**
 * The risk engine's input: everything the four scenarios judge, already measured by the measure stage
 * (src/measure). The rules only judge numbers; they compute none. Pure data: no file handles, no I/O.
 */
import type { DatasetReport, TestResult } from '../contracts/index.js';
import type { RiskThresholds } from './thresholds.js';

export type { RiskReport, Scenario, Level, ScenarioId } from '../contracts/index.js';

/** Preprocessing the pretrained model expects, for pixels scaled to [0, 1]: (x − mean) / std. */
export interface ModelPreprocessing {
  /** per channel (or one value for all channels), in [0, 1] pixel units */
  mean: number[];
  std: number[];
  /** human description, e.g. "[-1, 1]" or "ImageNet mean/std" */
  range?: string;
}

/** Parameter values of a parsed augmentation transform, as written (numbers, ranges, names, flags). */
export type AugParamValue = number | string | boolean | null | number[] | Array<number | string>;

/**
 * One transform of a parsed augmentation pipeline. `name` is canonical (the native form's names:
 * horizontal_flip, vertical_flip, rotate, random_resized_crop, resize, crop, color_jitter,
 * brightness, contrast, gaussian_noise, gaussian_blur, grayscale, cutout, normalize, …).
 * Canonical parameter conventions (the parsers convert to them):
 * - color_jitter: brightness/contrast/saturation as torchvision's factor range [1−x, 1+x], hue in [0, 0.5];
 * - gaussian_noise: `std` in [0, 1] pixel units (a [lo, hi] range allowed);
 * - gaussian_blur: `sigma` in pixels at the model's input size (a [lo, hi] range allowed);
 * - rotate: `degrees`; normalize: `mean`, `std` in [0, 1] pixel units;
 * - `p`: probability the transform is applied (default 1).
 */
export interface AugTransform {
  name: string;
  params: Record<string, AugParamValue>;
  /** 1-based line in the config file, when known */
  line?: number;
  /** the name as written in the config (e.g. "A.GaussNoise") */
  source?: string;
}

export interface AugPipeline {
  /** which dialect was parsed: native | albumentations | torchvision | keras */
  format: string;
  transforms: AugTransform[];
}

export interface AugDiff {
  added: AugTransform[];
  removed: AugTransform[];
  changed: Array<{ name: string; before: AugTransform; after: AugTransform }>;
}

/** Augmented-vs-clean drift of the head sample, measured by applying the head pipeline. */
export interface AugMeasured {
  /** head items the pipeline was applied to */
  items: number;
  features?: {
    /** largest PSI among per-item features, augmented vs clean */
    maxPsi: number;
    /** features whose augmented distribution drifted, with their numbers (means clean → augmented) */
    drifting: Array<{ name: string; psi: number; clean?: number; augmented?: number; wassersteinNormed?: number }>;
  };
  embedding?: {
    mmd?: TestResult;
    classifierAuc?: number;
    classifierPValue?: number;
    /** mean cosine distance (1 − cos) between each item's clean and augmented embedding */
    meanCosineDistance?: number;
  };
}

/** What the augmentation helper (src/augment) hands the risk engine. */
export interface AugmentationEvidence {
  /** config path in the repository */
  configPath: string;
  /** parsed base pipeline; null when the file does not exist at base */
  base: AugPipeline | null;
  /** parsed head pipeline; null when the file was deleted */
  head: AugPipeline | null;
  diff: AugDiff;
  /** the head pipeline's normalize step, if any (in [0, 1] pixel units; values > 1 are read as 0–255 units) */
  normalize?: { mean: number[]; std: number[]; line?: number } | null;
  measured?: AugMeasured;
  /** why head's config could not be parsed (YAML syntax, alias bombs), with file:line: at least medium */
  parseError?: string;
  /** head's config parsed but is not a usable augmentation config (no transforms list, too many transforms, non-finite parameters), with file:line: at least medium */
  invalid?: string[];
  /** why base's config could not be used (the change is judged against no base pipeline) */
  baseError?: string;
  /** transform names in head's config that transfer-risk does not know: listed with their lines, not simulated */
  unknown?: Array<{ name: string; line?: number; suggestion?: string }>;
  /** known transforms of head's pipeline that are not simulated (judged from their parameters only) */
  notSimulated?: string[];
  /** parameters clamped for the simulation (the rules judge the declared values) */
  clamped?: string[];
  /** the engine failed while measuring head's pipeline on this dataset (judged from its parameters only) */
  measureError?: string;
  /** the config head's definition of the dataset points to (not base's): it takes effect after merge */
  afterMerge?: boolean;
}

export interface RiskDataset {
  /** every number of the dataset, measured by src/measure (features, embedding drift, subsets, transferability, …) */
  report: DatasetReport;
  augmentation?: AugmentationEvidence;
  /** the embedder's preprocessing for this dataset's model; `pretrained.normalize` takes precedence */
  modelPreprocessing?: ModelPreprocessing;
}

export interface RiskInput {
  pretrained: { task: string; source?: string; normalize?: { mean: number[]; std: number[] }; model: string };
  target: { task: string };
  /** overrides of DEFAULT_THRESHOLDS (config `thresholds`); merged and validated by assessRisk */
  thresholds?: Partial<RiskThresholds> | Record<string, number>;
  datasets: RiskDataset[];
  /** head's declared tasks when its config declares others (assessed beside these: the worse counts) */
  headDeclared?: HeadDeclared;
  /** head's config is invalid (`file:line: message`): what it declares cannot be assessed, so task-mismatch fails closed */
  headConfigError?: string;
}

/** What the pull request's own config declares about the model and the target (takes effect after merge). */
export interface HeadDeclared {
  pretrained: { task: string; source?: string };
  target: { task: string };
}

/** What each scenario needs besides the datasets. */
export interface RiskContext {
  pretrained: RiskInput['pretrained'];
  target: RiskInput['target'];
  t: RiskThresholds;
  headDeclared?: HeadDeclared;
  headConfigError?: string;
}
