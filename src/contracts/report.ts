/**
 * The report JSON contract (schemaVersion 1). See shared DESIGN.md "Report JSON".
 * Other tools (the bot, the action, users' scripts) read this shape: change it only deliberately.
 */
export type Level = 'low' | 'medium' | 'high';
export type FailOn = 'none' | 'medium' | 'high';
export type ScenarioId = 'task-mismatch' | 'data-drift' | 'roi-shift' | 'augmentation-drift';
export const SCENARIO_IDS: readonly ScenarioId[] = ['task-mismatch', 'data-drift', 'roi-shift', 'augmentation-drift'];
export type Modality = 'image' | 'tabular' | 'audio' | 'text';
export type Side = 'base' | 'head';

export interface TestResult {
  statistic: number;
  pValue: number;
}

export interface FeatureMetrics {
  psi: number;
  kl: number;
  js: number;
  /** numeric features */
  ks?: TestResult;
  wasserstein?: number;
  wassersteinNormed?: number;
  /** categorical features */
  chi2?: TestResult & { dof: number };
  /** p-value of the feature's test after multiple-testing correction (BH by default). */
  pAdjusted?: number;
}

/** Short description of one side of a feature, for evidence in the user's terms. */
export interface FeatureSummary {
  n: number;
  mean?: number;
  median?: number;
  std?: number;
  min?: number;
  max?: number;
  /** categorical: the most frequent categories with their shares */
  top?: Array<{ value: string; share: number }>;
}

/** Change of a feature's missing share (rows with the cell empty or an NA token), base vs head. */
export interface MissingnessReport {
  /** missing / rows, per side */
  share: { base: number; head: number };
  /** Fisher's exact test on the 2×2 table missing/present × base/head */
  pValue: number;
  /** after Benjamini–Hochberg across the dataset's missingness and fill tests */
  pAdjusted: number;
  /** significant after correction and |Δ share| at least missingShareMedium */
  drift: boolean;
}

/** One value whose share jumped in head: a constant fill, often imputed missing values. */
export interface FillReport {
  /** the value, as text */
  value: string;
  /** rows holding exactly this value, per side (share of all rows) */
  share: { base: number; head: number };
  pValue: number;
  pAdjusted: number;
  /** imputed: missing values went down as the value went up; constant: a value rare in base became common */
  kind: 'imputed' | 'constant';
}

/** A column whose type differs between the sides (a schema change). */
export interface TypeChangeReport {
  base: 'numeric' | 'text';
  head: 'numeric' | 'text';
  /** share of non-missing values that are not numbers, per side */
  nonNumericShare: { base: number; head: number };
  /** a few of the values that are not numbers (head's for numeric → text, base's for text → numeric) */
  examples: string[];
}

/** A categorical feature with many categories, judged by unseen values and the top categories. */
export interface CardinalityReport {
  /** distinct categories per side and in both together */
  distinct: { base: number; head: number; union: number };
  /**
   * head: share of head values that base does not have; base: base's leave-one-out share (values seen
   * once, the Good–Turing estimate of the unseen share without drift)
   */
  unseenShare: { base: number; head: number };
  /** Fisher's exact test of the two unseen shares */
  unseenPValue: number;
  /** the k most frequent categories (base ∪ head) plus one "other" bin */
  topK: { k: number; js: number; chi2: TestResult & { dof: number } };
  /** Bonferroni of the top-k chi-square and the unseen test */
  pValue: number;
  /** after Benjamini–Hochberg across the dataset's high-cardinality features */
  pAdjusted: number;
}

export interface FeatureReport {
  name: string;
  kind: 'numeric' | 'categorical';
  /** format: how the item is stored (resolution, file format, sample rate, encoding); content: what it holds. Absent: content */
  role?: 'format' | 'content';
  missing?: { base: number; head: number };
  metrics: FeatureMetrics;
  /** for high-cardinality categoricals: `cardinality`'s test and effects, not the full chi-square */
  drift: boolean;
  summary?: { base: FeatureSummary; head: FeatureSummary };
  missingness?: MissingnessReport;
  fill?: FillReport;
  typeChange?: TypeChangeReport;
  cardinality?: CardinalityReport;
}

export interface EmbeddingReport {
  dims: number;
  /** PCA components kept (fitted on base). */
  components?: number;
  explainedVariance?: number;
  mmd: TestResult;
  classifierAuc: number;
  classifierPValue?: number;
  /** share of PCA components whose KS test is significant after BH. */
  driftShare: number;
  /** share of head items outside base coverage (kNN distance above base's 95th percentile). */
  outsideCoverage?: number;
  /** the model's own confidence (max softmax) when it has a classifier head. */
  confidence?: {
    base: number;
    head: number;
    ks?: TestResult;
    /** set when the classifier head is not about the user's task (the built-in model's 5 content classes) */
    caveat?: string;
  };
  [extra: string]: unknown;
}

/** A transferability score beside the same score on shuffled labels (same class counts, no relation to the features). */
export interface BaselinedScore {
  score: number;
  /** mean over the shuffled labelings */
  baseline: number;
  /** standard deviation (ddof 1) of the shuffled scores */
  baselineStd: number;
  /** score − baseline */
  gain: number;
  shuffles: number;
}

/** Cross-validated kNN probe (cosine) of the labels in the embedding. */
export interface KnnProbeReport {
  k: number;
  folds: number;
  accuracy: number;
  /** majority-class share */
  chance: number;
  /** (accuracy − chance) / (1 − chance) */
  lift: number;
  /** mean lift on shuffled labels */
  baseline: number;
}

/** Transferability of one side's labels in the pretrained embedding. */
export interface SideTransferability {
  /** items scored (a seeded subsample above separabilityMaxItems) */
  n: number;
  classes: string[];
  /** classes left out for having too few items */
  dropped: string[];
  knn: KnnProbeReport;
  logme: BaselinedScore;
  hscore?: BaselinedScore;
  /** with the model's own classifier head (not for the built-in model: its head is a 5-class content classifier) */
  leep?: BaselinedScore;
  nce?: BaselinedScore;
}

export interface TransferabilityReport {
  base?: SideTransferability;
  head?: SideTransferability;
  /** why a side was not scored */
  notes?: { base?: string; head?: string };
  /** base and head labels present with different class sets */
  labelsChanged: boolean;
  /** base and head labels present with the same class set */
  labelsSame: boolean;
}

/** Added or modified head items tested on their own against base in the embedding. */
export interface SubsetReport {
  /** items of the head sample by how they changed */
  counts: { added: number; modified: number; other: number };
  tests: Array<{ name: 'added' | 'modified'; n: number; embedding: EmbeddingReport }>;
}

/** Sampled items of one side that carry no label. */
export interface UnlabelledShare {
  /** sampled items without a label */
  items: number;
  /** sampled items */
  of: number;
  /** items / of */
  share: number;
}

/** Class proportions base vs head (from the sampled items' labels). */
export interface LabelDistributionReport {
  classes: { base: number; head: number; shared: number };
  /** classes only head has / only base has */
  added: string[];
  removed: string[];
  /** share of head items in added classes / of base items in removed classes */
  addedShare: number;
  removedShare: number;
  /** Pearson chi-square test of homogeneity over the classes */
  chi2: TestResult & { dof: number };
  /** Jensen–Shannon distance (base 2) between the class proportions */
  js: number;
  /** the class whose share moved most */
  largest?: { label: string; base: number; head: number };
}

/** Copies inside one side's sample. */
export interface DuplicateSide {
  /** items that duplicate an earlier item of the same side */
  items: number;
  /** items / sampled items */
  share: number;
  /** groups of two or more items with the same content */
  groups: number;
}

/** Exact (same content hash) and near (embedding cosine at or above a threshold) duplicates. */
export interface DuplicatesReport {
  exact: { base: DuplicateSide; head: DuplicateSide };
  /** added or modified head items whose content is also in the base sample (copies of existing items) */
  sharedWithBase: { items: number; share: number };
  /** near duplicates in the embedding (includes the exact ones) */
  near?: { threshold: number; base: DuplicateSide; head: DuplicateSide };
  /** copies (near when measured, else exact) in head vs base: Fisher's exact test and head − base share */
  test: { pValue: number; excess: number };
  /** a few example groups (paths) */
  examples: Array<{ kind: 'exact' | 'near' | 'shared'; paths: string[] }>;
}

export interface SkippedItem {
  path: string;
  side: Side;
  reason: string;
}

/** What could not be read on one side of a dataset (unreadable data is evidence, never a reason to skip the rest). */
export interface UnreadableSide {
  /** sampled items that could not be read (a table file counts once) */
  items: number;
  /** sampled items read or tried */
  of: number;
  /** table files: data rows in the unreadable ones (estimated from their line count) and rows in all of them */
  rows?: { unreadable: number; of: number };
  /** the unreadable share data-drift grades, in [0, 1]: items and table rows together */
  share: number;
}

export interface DatasetReport {
  name: string;
  modality: Modality;
  /** items sampled per side */
  sample: { base: number; head: number };
  /** items available per side before sampling */
  total?: { base: number; head: number };
  changes?: { added: number; modified: number; deleted: number; renamed: number };
  labels?: {
    source: string;
    base: Record<string, number>;
    head: Record<string, number>;
    /** sampled items without a label per side (directory, file: and column: labels; absent when all have one) */
    unlabelled?: { base: UnlabelledShare; head: UnlabelledShare };
  };
  /** class proportions base vs head, new and removed classes */
  labelDistribution?: LabelDistributionReport;
  /** copies within each side and shared between them */
  duplicates?: DuplicatesReport;
  /** delimited table files' field delimiter per side, as sniffed (",", ";", "\t", "|") */
  delimiters?: { base: string[]; head: string[] };
  /** how content features were measured (the canonical form), e.g. "224×224 RGB (fill, linear resize)" */
  contentForm?: string;
  /** columns/features present on one side only */
  onlyIn?: { base: string[]; head: string[] };
  features: FeatureReport[];
  embedding?: EmbeddingReport;
  /** added / modified head items tested on their own against base */
  subsets?: SubsetReport;
  /** label separability and transferability scores per side */
  transferability?: TransferabilityReport;
  /** box statistics of a detection dataset (labels yolo:/coco:/voc:) */
  boxes?: BoxesReport;
  skipped: SkippedItem[];
  /** how much of each side's sample could not be read (set when anything could not be read) */
  unreadable?: { base: UnreadableSide; head: UnreadableSide };
  /** set when the dataset could not be analyzed at all (no readable item on a side, no data at head, …) */
  error?: string;
  /** the revision `error` is about: only base lacking data (a new dataset) is graded medium; what head breaks fails closed */
  errorSides?: Side[];
}

/** p10 / median / p90 of a box measure, in model-input pixels. */
export interface BoxSizeQuantiles {
  p10: number;
  median: number;
  p90: number;
}

/** One side's boxes. */
export interface BoxSideReport {
  /** sampled images with an annotation (with or without boxes) */
  images: number;
  boxes: number;
  imagesWithoutBoxes: number;
  /** sampled images no annotation refers to (left out of the box statistics) */
  unannotated: number;
  /** sampled images skipped for a malformed annotation (listed in skipped) */
  malformed: number;
  /**
   * sampled images whose annotation could not be read or used (a malformed annotation, or a source file that
   * could not be read: then all of the side's sampled images), of those whose annotation was read or tried;
   * roi-shift grades the share like unreadable data. Absent when every annotation was read.
   */
  unreadable?: { images: number; of: number; share: number };
  /** boxes per class */
  classes: Record<string, number>;
  /** at the model's input (when its input size is known and the side has boxes) */
  atInput?: {
    width: BoxSizeQuantiles;
    height: BoxSizeQuantiles;
    /** √(width · height) */
    size: BoxSizeQuantiles;
    /** boxes whose size is under smallObjectPx */
    small: number;
    smallShare: number;
    /** boxes more than half cut away by a `cover` resize (centre crop) */
    croppedOut: number;
  };
}

/** Object-level embeddings: crops around the boxes embedded with the same model. */
export interface ObjectsReport {
  /** crops embedded per side */
  crops: { base: number; head: number };
  /** context margin on each side of a box, as a share of its longer side */
  margin: number;
  /** box classes on object crops vs the same images' whole-image embeddings (labelled by the cropped box's class), per side */
  separability: {
    base?: { crops?: SideTransferability; images?: SideTransferability };
    head?: { crops?: SideTransferability; images?: SideTransferability };
  };
  /** base crops vs head crops */
  drift?: { mmd: TestResult; classifierAuc: number; classifierPValue: number };
  /** why a part was not measured */
  notes?: string[];
}

/** Box statistics of a detection dataset. */
/** Entries of `boxes.unreadable` at most (the counts in `boxes.base/head.unreadable` cover all). */
export const MAX_UNREADABLE_ANNOTATIONS = 1000;

/** An annotation file of a detection dataset that could not be read or used (report `boxes.unreadable`). */
export interface UnreadableAnnotation {
  side: Side;
  /** the annotation file (the annotation folder when the problem is which of its files belongs to an image) */
  file: string;
  /** 1-based line of the problem in the file, when known */
  line?: number;
  /** why, without the file and line */
  reason: string;
  /** sampled images left out of the box statistics because of it */
  images: number;
}

export interface BoxesReport {
  format: 'yolo' | 'coco' | 'voc';
  /** the `labels` setting, e.g. yolo:data/defects */
  source: string;
  /** class names the source declares */
  classes?: string[];
  /** the model's input: how images (and so boxes) are resized */
  input?: { width: number; height: number; resize: 'fill' | 'cover' };
  /** objects under this size (√(w·h) at the model's input, pixels) count as small */
  smallObjectPx: number;
  base: BoxSideReport;
  head: BoxSideReport;
  /** classes of head boxes that base has none of, with their counts and share of head boxes */
  newClasses: Array<{ name: string; boxes: number; share: number }>;
  /** classes of base boxes that head has none of */
  goneClasses: Array<{ name: string; boxes: number; share: number }>;
  /** box drift features; per-box features are tested on one (seeded) box per image and summarized over every box */
  features: FeatureReport[];
  /** box sizes at the model's input: bins [edges[i], edges[i+1]), the last one open */
  sizeHistogram?: { edges: number[]; base: number[]; head: number[] };
  objects?: ObjectsReport;
  notes?: string[];
  /** annotation files that could not be read or used, head's first (at most MAX_UNREADABLE_ANNOTATIONS; the counts are in base/head.unreadable) */
  unreadable?: UnreadableAnnotation[];
  /** set when the boxes cannot be judged (a side's annotations missing or unreadable) */
  error?: string;
  /** the revisions `error` is about: head's annotations that cannot be judged fail closed (thresholds.unanalyzableLevel) */
  errorSides?: Side[];
}

export interface Scenario {
  id: ScenarioId;
  /** kept in low | medium | high for fail-on; `applicable: false` says the scenario does not apply (shown as n/a) */
  level: Level;
  /** false when the scenario does not apply to this comparison (no model, labels or augmentation config) */
  applicable?: boolean;
  score: number;
  evidence: string[];
  recommendations: string[];
}

export interface RiskReport {
  level: Level;
  scenarios: Scenario[];
}

export interface ReportMeta {
  backend?: string;
  device?: string;
  /** the engine that ran the model: onnxruntime | tfjs */
  engine?: string;
  /** ONNX Runtime: cpu | cuda; TF.js: its backend */
  executionProvider?: string;
  /** ONNX Runtime intra-op threads */
  threads?: number;
  /** embedding throughput of the run (decode included), cache hits excluded */
  imagesPerSecond?: number;
  model?: string;
  sampleSize?: number;
  seconds?: number;
  seed?: number;
  failOn?: FailOn;
  runUrl?: string;
  reportUrl?: string;
  /** lists longer than the schema allows, cut to fit when the report was written (src/report/finalize.ts) */
  truncated?: TruncatedList[];
  [extra: string]: unknown;
}

/** One list of the report cut to the schema's maxItems: where, how many kept, how many there were. */
export interface TruncatedList {
  /** where in the report, e.g. `datasets[2].labelDistribution.added` */
  path: string;
  kept: number;
  of: number;
}

/** One change head's config makes to the repository config (report `config.changes`). */
export interface ConfigChange {
  /** key path, datasets by name: `datasets[parts].paths`, `pretrained.task`, `fail-on`, `thresholds.alpha` */
  key: string;
  change: 'added' | 'removed' | 'changed';
  /** the value at base, as JSON (absent when added) */
  base?: string;
  /** the value at head, as JSON (absent when removed) */
  head?: string;
  /** 1-based line in head's config file (for a removed key, the nearest enclosing line there) */
  line?: number;
  /** after-merge: this run used base's value; this-run: head's value was used (a dataset defined only in head) */
  effect: 'after-merge' | 'this-run';
}

/** Which config judged the run, and what the pull request changes in it (DESIGN.md "Repository config … Trust"). */
export interface ConfigReport {
  /** the config file in the repository */
  path: string;
  /** the revision whose config decided this run: base, or head when base has no config */
  source: 'base' | 'head';
  /** head's config file compared with base's */
  head: 'unchanged' | 'changed' | 'missing' | 'invalid';
  changes: ConfigChange[];
  /** head's config is invalid: the problem, with its line (the check fails closed) */
  error?: { line?: number; message: string };
}

export interface Report {
  schemaVersion: 1;
  tool: { name: string; version: string };
  createdAt: string;
  base: { ref: string; sha: string };
  head: { ref: string; sha: string };
  meta: ReportMeta;
  /** the repository config's trust and head's changes to it (analyze runs; absent for folder/table comparisons) */
  config?: ConfigReport;
  datasets: DatasetReport[];
  risk: RiskReport;
}
