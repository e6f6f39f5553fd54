/** Repository config `.github/transfer-risk.yml` (DESIGN.md "Repository config"). */
import type { FailOn, Modality } from '../contracts/index.js';

export type LabelSource =
  | { kind: 'directory' }
  | { kind: 'column'; name: string }
  | { kind: 'file'; path: string }
  | { kind: 'none' };

export interface DatasetConfig {
  name: string;
  paths: string[];
  modality: Modality | 'auto';
  /** raw form as written: directory | column:<name> | file:<csv path> | none */
  labels: string;
  augmentation?: string;
  /** text datasets stored as JSONL/CSV: the column holding the text (config `text-column`; default text) */
  textColumn?: string;
}

export interface NormalizeConfig {
  mean: number[];
  std: number[];
}

export interface PretrainedConfig {
  model: string;
  task: string;
  source?: string;
  normalize?: NormalizeConfig;
  /** layer (LayersModel) or node (GraphModel) name to take the embedding from */
  layer?: string;
}

/** Every threshold the risk rules use; defaults live in src/risk/thresholds.ts. */
export type Thresholds = Record<string, number>;

export interface Config {
  datasets: DatasetConfig[];
  pretrained: PretrainedConfig;
  target: { task: string };
  sample: { size: number; seed: number };
  failOn: FailOn;
  thresholds: Thresholds;
  /** the GitHub App's settings: the workflow it dispatches, and how it treats pull requests from forks */
  bot: { workflow: string; forks?: 'approve' | 'run'; forkWorkflow?: string };
}
