/**
 * `compare`: two snapshots on disk → the report (DESIGN.md "Report JSON"), one dataset.
 * Two table files (`compareTables`): reads both sides (a deterministic bottom-k sample of
 * `sampleSize` rows each; 0 = every row), measures every shared column (src/stats/feature-drift.ts)
 * and judges the risk. Two folders of images, audio or text (`compareFolders`): the evaluation
 * stage of `analyze` (src/evaluate.ts) on the folders' files (src/data/folder.ts).
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Columns, FeatureValue } from './data/item.js';
import { readTable } from './data/table/read.js';
import { sortFloat64 } from './data/table/radix-sort.js';
import type { TableSample } from './data/table/types.js';
import { InputError, UserError, errorMessage } from './errors.js';
import { silentLogger, type Logger } from './log.js';
import { noProgress, type ProgressFactory } from './progress.js';
import { measureFeatures } from './measure/features.js';
import { mergeThresholds } from './risk/thresholds.js';
import { type BackendName, type DatasetReport, type FailOn, maxLevel, type Report, type RiskReport, type Scenario } from './contracts/index.js';
import { assessRisk } from './risk/assess.js';
import { TOOL_NAME, TOOL_VERSION } from './version.js';
import type { CollectedDataset } from './data/collect.js';
import type { Config } from './data/config-types.js';
import type { FolderLabels, FolderModality } from './data/folder.js';
import { finalizeReport } from './report/finalize.js';
import type { ReportExtras } from './report/extras.js';

export const DEFAULT_SAMPLE_SIZE = 10000;
export const DEFAULT_SEED = 42;

export interface CompareOptions {
  /** rows per side (default 10000); 0 = every row */
  sampleSize?: number;
  seed?: number;
  failOn?: FailOn;
  log?: Logger;
  /** progress of reading each side, in bytes */
  progress?: ProgressFactory;
}

/** sha256 of a file, hex */
export function sha256File(path: string): string {
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      hash.update(buf.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

interface ColumnKinds {
  hasNumber: boolean;
  hasText: boolean;
}

function kinds(values: FeatureValue[]): ColumnKinds {
  let hasNumber = false;
  let hasText = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'number') hasNumber = true;
    else if (typeof v === 'string') hasText = true;
    if (hasNumber && hasText) break;
  }
  return { hasNumber, hasText };
}

/**
 * Columns that are categorical (some non-missing cell is not a number, on either side) but hold
 * cells the reader turned into numbers: those sides must be re-read keeping the raw text, so that
 * "1.0" and "1" stay two categories, as they are in the file.
 */
export function columnsNeedingText(base: Columns, head: Columns): { base: string[]; head: string[] } {
  const out = { base: [] as string[], head: [] as string[] };
  for (const [name, bv] of base) {
    const hv = head.get(name);
    if (!hv) continue;
    const kb = kinds(bv);
    const kh = kinds(hv);
    if (!kb.hasText && !kh.hasText) continue;
    if (kb.hasNumber) out.base.push(name);
    if (kh.hasNumber) out.head.push(name);
  }
  return out;
}

/** files smaller than this are read without a progress display */
export const PROGRESS_MIN_BYTES = 32 << 20;

async function readSide(path: string, sampleSize: number, seed: number, progress: ProgressFactory, label: string, rawColumns?: string[]): Promise<TableSample> {
  let size = 0;
  try {
    size = statSync(path).size;
  } catch {
    // readTable names the problem
  }
  // progress only where reading takes a while (on a TTY a redrawn bar, in CI a line every 10 s)
  const bar = size >= PROGRESS_MIN_BYTES ? progress(`reading ${label} (bytes)`, size) : null;
  const sample = await readTable(
    { path },
    { sampleSize, seed, rowKeys: false, rawColumns, nanMissing: true, ...(bar ? { onBytes: (n: number) => bar.tick(n) } : {}) },
  );
  bar?.done();
  return sample;
}

/**
 * A numeric column (numbers and missing cells only) as a sorted array of doubles, missing cells as
 * NaN at the end; null when the column holds text. Every metric of a column is invariant under
 * reordering its values (columns are measured one by one), and the statistics sort their inputs:
 * handing them sorted data makes those sorts cheap, and a packed double array is compact.
 */
export function sortedNumeric(values: FeatureValue[]): FeatureValue[] | null {
  const n = values.length;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v !== 'number' && v !== null && v !== undefined) return null;
  }
  const f = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    f[i] = typeof v === 'number' ? v : NaN;
  }
  sortFloat64(f);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = f[i]!;
  return out;
}

function presort(cols: Columns): Columns {
  const out: Columns = new Map();
  for (const [name, values] of cols) out.set(name, sortedNumeric(values) ?? values);
  return out;
}

/** Evidence of the scenarios a table comparison cannot judge. */
export const NOT_APPLICABLE = 'not applicable to tables: a table comparison has no pretrained model, labels or augmentation config';

/**
 * Risk of a table comparison: the data-drift scenario of the risk engine (src/risk/assess.ts) on the
 * measured features; task mismatch, ROI shift and augmentation drift need a model, labels or an
 * augmentation config, which two table files do not have: they are not applicable (`applicable: false`,
 * shown as n/a; their level stays low for fail-on) and say why.
 */
export function tableRisk(dataset: DatasetReport): RiskReport {
  const assessed = assessRisk({
    pretrained: { task: 'none', model: 'none' },
    target: { task: 'none' },
    datasets: [{ report: dataset }],
  });
  const scenarios: Scenario[] = assessed.scenarios.map((s) =>
    s.id === 'data-drift' ? s : { id: s.id, level: 'low', applicable: false, score: 0, evidence: [NOT_APPLICABLE], recommendations: [] },
  );
  return { level: maxLevel(scenarios.map((s) => s.level)), scenarios };
}

/** Compare two table files: the report for `compare --base … --head …`. */
export async function compareTables(basePath: string, headPath: string, opts: CompareOptions = {}): Promise<Report> {
  const started = process.hrtime.bigint();
  const sampleSize = opts.sampleSize ?? DEFAULT_SAMPLE_SIZE;
  const seed = opts.seed ?? DEFAULT_SEED;
  const log = opts.log ?? silentLogger;
  const progress = opts.progress ?? noProgress;
  if (!Number.isInteger(sampleSize) || sampleSize < 0) throw new UserError(`--sample-size must be a whole number ≥ 0, got ${sampleSize}`);

  let base = await readSide(basePath, sampleSize, seed, progress, 'base');
  log.info(`base ${basePath}: ${base.totalRows} rows, ${base.columns.size} columns (${base.format})`);
  let head = await readSide(headPath, sampleSize, seed, progress, 'head');
  log.info(`head ${headPath}: ${head.totalRows} rows, ${head.columns.size} columns (${head.format})`);

  const needText = columnsNeedingText(base.columns, head.columns);
  if (needText.base.length > 0) {
    log.debug(`re-reading base for text columns: ${needText.base.join(', ')}`);
    base = await readSide(basePath, sampleSize, seed, progress, 'base again', needText.base);
  }
  if (needText.head.length > 0) {
    log.debug(`re-reading head for text columns: ${needText.head.join(', ')}`);
    head = await readSide(headPath, sampleSize, seed, progress, 'head again', needText.head);
  }

  const { features, onlyIn } = measureFeatures(presort(base.columns), presort(head.columns), mergeThresholds());
  const rowsOf = (t: TableSample): number => {
    const first = t.columns.values().next();
    return first.done ? 0 : first.value.length;
  };
  let baseSha: string;
  let headSha: string;
  try {
    baseSha = sha256File(basePath);
    headSha = sha256File(headPath);
  } catch (err) {
    throw new InputError(basePath, `cannot hash (${errorMessage(err)})`);
  }
  const dataset: DatasetReport = {
    name: basename(headPath),
    modality: 'tabular',
    sample: { base: rowsOf(base), head: rowsOf(head) },
    total: { base: base.totalRows, head: head.totalRows },
    onlyIn: onlyIn ?? { base: [], head: [] },
    features,
    skipped: [],
  };
  if (base.delimiter || head.delimiter) dataset.delimiters = { base: base.delimiter ? [base.delimiter] : [], head: head.delimiter ? [head.delimiter] : [] };
  const risk = tableRisk(dataset);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const report: Report = {
    schemaVersion: 1,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    createdAt: new Date().toISOString(),
    base: { ref: basePath, sha: baseSha },
    head: { ref: headPath, sha: headSha },
    meta: { sampleSize, seconds: Math.round(seconds * 1000) / 1000, seed, ...(opts.failOn ? { failOn: opts.failOn } : {}) },
    datasets: [dataset],
    risk,
  };
  return finalizeReport(report, 'the comparison report');
}

/** Files per side a folder comparison samples by default (the config default `sample.size`). */
export const DEFAULT_FOLDER_SAMPLE_SIZE = 500;

export interface CompareFoldersOptions {
  /** files per side (default 500); 0 = every file */
  sampleSize?: number;
  seed?: number;
  failOn?: FailOn;
  /** `directory`: labels are the parent folders' names (default none) */
  labels?: FolderLabels;
  modality?: FolderModality | 'auto';
  backend?: BackendName;
  /** undefined: the default cache dir; null: no cache */
  cacheDir?: string | null;
  log?: Logger;
  progress?: ProgressFactory;
}

export interface FolderComparison {
  report: Report;
  config: Config;
  /** plot data for the HTML report */
  extras: ReportExtras;
  /** the sampled items (with bytes/text), in `report.datasets` order */
  collected: CollectedDataset[];
}

/**
 * Compare two folders of images, audio or text: the same pipeline as `analyze` on a default config
 * with one dataset (named after the head folder): sample both sides, per-item feature drift,
 * embeddings with the built-in model and their drift, and the risk verdict.
 */
export async function compareFolders(baseDir: string, headDir: string, opts: CompareFoldersOptions = {}): Promise<FolderComparison> {
  const started = Date.now();
  const log = opts.log ?? silentLogger;
  const sampleSize = opts.sampleSize ?? DEFAULT_FOLDER_SAMPLE_SIZE;
  const seed = opts.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(sampleSize) || sampleSize < 0) throw new UserError(`--sample-size must be a whole number ≥ 0, got ${sampleSize}`);
  // loaded here, not at the top: a table comparison does not pay for image decoding or TensorFlow.js
  const [{ collectFolders }, { evaluateDatasets }, { defaultConfig }] = await Promise.all([
    import('./data/folder.js'),
    import('./evaluate.js'),
    import('./data/config.js'),
  ]);
  const collected = await collectFolders(baseDir, headDir, {
    sampleSize,
    seed,
    labels: opts.labels ?? 'none',
    modality: opts.modality ?? 'auto',
    log,
    ...(opts.progress ? { progress: opts.progress } : {}),
  });
  if (collected.skipped.length > 0) log.warn(`${collected.name}: ${collected.skipped.length} item(s) skipped`);
  if (collected.error) log.warn(`${collected.name}: ${collected.error}`);
  const defaults = defaultConfig();
  // the built-in audio and text embeddings are not an ImageNet model: no image pre-training to judge
  const { source, ...pretrainedRest } = defaults.pretrained;
  const config: Config = {
    ...defaults,
    pretrained: collected.modality === 'image' && source !== undefined ? { ...pretrainedRest, source } : pretrainedRest,
    datasets: [{ name: collected.name, paths: ['**'], modality: collected.modality, labels: collected.labelsSetting }],
    sample: { size: sampleSize, seed },
    failOn: opts.failOn ?? defaults.failOn,
  };
  const evaluation = await evaluateDatasets([{ collected }], {
    config,
    backend: opts.backend,
    cacheDir: opts.cacheDir,
    log,
    progress: opts.progress,
  });
  const report: Report = {
    schemaVersion: 1,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    createdAt: new Date().toISOString(),
    base: { ref: baseDir, sha: '' },
    head: { ref: headDir, sha: '' },
    meta: {
      ...evaluation.meta,
      model: evaluation.meta.model ?? config.pretrained.model,
      sampleSize,
      seed,
      failOn: config.failOn,
      seconds: (Date.now() - started) / 1000,
    },
    datasets: evaluation.datasets,
    risk: evaluation.risk,
  };
  return { report: finalizeReport(report, 'the comparison report'), config, extras: evaluation.extras, collected: [collected] };
}
