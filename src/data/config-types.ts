/** Repository config `.github/transfer-risk.yml` (DESIGN.md "Repository config"). */
import type { FailOn, Modality } from '../contracts/index.js';

export type LabelSource =
  | { kind: 'directory' }
  | { kind: 'column'; name: string }
  | { kind: 'file'; path: string }
  /** object boxes (detection datasets): yolo:<dir>, coco:<file>, voc:<dir> (src/data/annotations) */
  | { kind: 'boxes'; format: 'yolo' | 'coco' | 'voc'; path: string }
  | { kind: 'none' };

export interface DatasetConfig {
  name: string;
  paths: string[];
  modality: Modality | 'auto';
  /** raw form as written: directory | column:<name> | file:<csv path> | yolo:<dir> | coco:<file> | voc:<dir> | none */
  labels: string;
  augmentation?: string;
  /** text datasets stored as JSONL/CSV: the column holding the text (config `text-column`; default text) */
  textColumn?: string;
}

export interface NormalizeConfig {
  mean: number[];
  std: number[];
}

/** What an ONNX image model takes (config `pretrained.input`; torchvision-style defaults). */
export interface ModelInputConfig {
  /** height = width, or [height, width]; default the model's fixed size, else 224 */
  size?: number | [number, number];
  /** default NCHW */
  layout?: 'NCHW' | 'NHWC';
  /** pixel values before mean/std: [0, 1] (default), [0, 255], [-1, 1], … */
  range?: [number, number];
  /** per channel (R, G, B), in the units of `range`; default ImageNet's */
  mean?: number[];
  std?: number[];
  /** cover (default): shorter side to size, center crop; fill: stretch */
  resize?: 'cover' | 'fill';
}

export interface PretrainedConfig {
  model: string;
  task: string;
  source?: string;
  normalize?: NormalizeConfig;
  /** layer (LayersModel) or node (GraphModel) name to take the embedding from */
  layer?: string;
  /** ONNX models: the input they take */
  input?: ModelInputConfig;
  /** ONNX models: the value the embedding is read from (a value name, or `penultimate`; default auto) */
  output?: string;
  /** repository and URL models: the most bytes their files may take together (config `max-bytes`) */
  maxBytes?: number;
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
