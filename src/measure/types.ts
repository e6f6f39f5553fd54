/**
 * The measure stage's vocabulary. `measureDataset()` (src/measure/dataset.ts) takes one collected
 * dataset (its sampled items with per-item features, labels and content hashes) and, when the modality
 * is embedded, the pretrained model's embeddings of those items; it returns every number the risk
 * rules judge (`report`, the dataset's entry of report.json) and the bulky plot data the HTML report
 * draws (`plots`). One module per measure, each a pure function of its inputs (no I/O).
 *
 * Extending it (e.g. detection datasets: box features, object-scale evidence, crop embeddings): add an
 * optional field to `MeasureInput` for the new input, a module that measures it into an optional
 * field of the dataset report (src/contracts/report.ts + schema), and one call in `measureDataset`.
 */
import type { DatasetReport, SkippedItem } from '../contracts/index.js';
import type { CollectedDataset } from '../data/collect.js';
import type { CanonicalImage } from '../data/image.js';
import type { Item } from '../data/item.js';
import type { HistogramExtra, ScatterExtra } from '../report/extras.js';
import type { RiskThresholds } from '../risk/thresholds.js';
import type { Matrix } from '../stats/matrix.js';
import type { InputGeometry } from './boxes.js';
import type { ObjectSide } from './objects.js';

/** One side's embeddings: rows aligned with `items` (the items that were embedded). */
export interface EmbeddedSide {
  items: Item[];
  vectors: Matrix;
  /** the model's class probabilities, when it has a classifier head (rows aligned with items) */
  probs?: Matrix;
}

export interface MeasureInput {
  collected: CollectedDataset;
  /** embeddings of the sampled items (image, audio, text datasets), when they were computed */
  embeddings?: { base: EmbeddedSide; head: EmbeddedSide; failed?: SkippedItem[] };
  /** detection datasets: object crops embedded with the same model (src/evaluate-boxes.ts), rows aligned with their images' */
  objects?: { base: ObjectSide; head: ObjectSide };
}

/** What the pretrained model is, as far as the measures need to know. */
export interface MeasureModel {
  /** the built-in model (its classifier head is a 5-class content classifier unrelated to the user's task) */
  builtin: boolean;
  /** names of the classifier head's classes, when known */
  classNames?: string[];
  /** the form image content was measured in (the model's input size and resize) */
  canonicalImage?: CanonicalImage;
  /** the model's input size and resize (box sizes at the input, detection datasets) */
  input?: InputGeometry;
}

/** The trusted settings every measure reads: thresholds (`thresholds.alpha` and friends) and the seed. */
export interface MeasureContext {
  t: RiskThresholds;
  seed: number;
  model: MeasureModel;
}

/** A head item far from every base item in embedding space (the HTML report shows its thumbnail). */
export interface AtypicalItem {
  item: Item;
  /** distance to the nearest base item (embedding space) */
  distance: number;
  /** distance / base's own 95th-percentile nearest-neighbour distance */
  ratio: number;
  /** set for an object crop (detection datasets): the box's class */
  object?: { label: string };
}

/** Plot data (bulky; drawn by the HTML report, not part of report.json). */
export interface DatasetPlots {
  histograms: HistogramExtra[];
  scatter: ScatterExtra[];
  atypical: AtypicalItem[];
  /** detection datasets: box sizes at the model's input */
  boxSizes?: HistogramExtra[];
  /** detection datasets: the head object crops farthest from every base object */
  atypicalObjects?: AtypicalItem[];
}

export interface DatasetMeasures {
  /** the dataset's entry of report.json: every number the risk rules judge */
  report: DatasetReport;
  plots: DatasetPlots;
}
