/**
 * One dataset at two revisions: list its files, sample each side (seeded bottom-k on the path,
 * stratified by label), read and featurize the sample from git objects, and record what was
 * skipped and why. The result feeds `measureColumns` (features) and the embedder (bytes/text).
 */
import picomatch from 'picomatch';
import {
  boundName,
  MAX_UNREADABLE_ANNOTATIONS,
  type ChangedPath,
  type Modality,
  type Side,
  type SkippedItem,
  type UnreadableAnnotation,
} from '../contracts/index.js';
import { InputError, errorMessage } from '../errors.js';
import type { Logger } from '../log.js';
import { silentLogger } from '../log.js';
import type { ProgressFactory } from '../progress.js';
import { noProgress } from '../progress.js';
import { loadAnnotations } from './annotations/load.js';
import { DEFAULT_ANNOTATION_LIMITS, dominantLabel, type AnnotationFormat, type AnnotationLimits } from './annotations/types.js';
import { audioFeatures } from './audio.js';
import type { DatasetConfig, LabelSource } from './config-types.js';
import { parseLabelSource } from './config.js';
import { dirMatcher, formatBytes, globMatcher, type BlobReader, type GitFile, type GitRepo } from './git.js';
import { cachedImageFeatures, type FeatureCache } from './feature-cache.js';
import type { ImageOptions } from './image.js';
import type { FeatureValue, Item, ItemStatus } from './item.js';
import { countLabels, directoryLabel, parseLabelFile, unlabelledOf, type UnlabelledSide } from './labels.js';
import { READ_FORMATS, detectModality, isDatasetFile, isTableFile, unreadFormat } from './modality.js';
import { DVC_REASON, parseDvcPointer, parseLfsPointer, resolveLfs } from './pointers.js';
import { BottomK, seededHash } from './sample.js';
import { readTable } from './tables.js';
import { addUnseenTokenShare, textFeatures, textFileFeatures } from './text.js';
import { estimateTableRows, noCounts, type SideCounts } from './unreadable.js';

export interface CollectOptions {
  repo: GitRepo;
  blobs: BlobReader;
  dataset: DatasetConfig;
  /** commit shas */
  base: string;
  head: string;
  /**
   * head's paths for this dataset when head's config defines it differently: head's side also reads the
   * files they cover (the data the dataset holds after the merge), base's side reads base's definition.
   * Modality, labels and the rest stay the trusted definition's.
   */
  headPaths?: readonly string[];
  /** changed paths between base and head (for renames) */
  changed?: readonly ChangedPath[];
  /** per side; 0 = every item */
  sampleSize: number;
  seed: number;
  /** blobs above this are skipped (default 100 MiB) */
  maxBlobBytes?: number;
  /** reads in flight (default READS_IN_FLIGHT) */
  concurrency?: number;
  image?: ImageOptions;
  /** image features read from / stored in this cache (src/data/feature-cache.ts); none: every image is measured */
  featureCache?: FeatureCache;
  /** keep raw bytes on image/audio items for embedding (default true) */
  keepBytes?: boolean;
  /** limits on annotation files (labels yolo:/coco:/voc:) */
  annotationLimits?: Partial<AnnotationLimits>;
  log?: Logger;
  progress?: ProgressFactory;
}

export interface CollectedDataset {
  name: string;
  modality: Modality;
  labelSource: LabelSource;
  /** the dataset's `labels` setting as written */
  labelsSetting: string;
  base: Item[];
  head: Item[];
  /** items available per side before sampling (files, or table rows) */
  total: { base: number; head: number };
  /** file changes in the dataset between base and head */
  changes: { added: number; modified: number; deleted: number; renamed: number };
  skipped: SkippedItem[];
  labels?: { source: string; base: Record<string, number>; head: Record<string, number>; unlabelled?: { base: UnlabelledSide; head: UnlabelledSide } };
  /** box annotations (labels yolo:/coco:/voc:): what was read; the boxes are on the items */
  annotations?: CollectedAnnotations;
  /** what could not be read per side (src/data/unreadable.ts): the report's `unreadable` and data-drift's evidence */
  unreadable: Record<Side, SideCounts>;
  /** set when the dataset cannot be analyzed at all: a side with no data, or with nothing readable */
  error?: string;
  /** the revision `error` is about */
  errorSides?: Side[];
  /** field delimiters of the delimited table files read, per side (sniffed) */
  delimiters?: { base: string[]; head: string[] };
}

export interface AnnotationSideInfo {
  /** annotation files of the source at the revision (YOLO .txt, VOC .xml; 1 for a COCO file) */
  files: number;
  /** sampled images with an annotation (boxes or none) */
  annotated: number;
  /** sampled images no annotation refers to (kept for the image statistics, left out of the box ones) */
  unannotated: number;
  /** sampled images skipped for a malformed annotation (listed in skipped[]) */
  problems: number;
  /** sampled images whose annotation could not be read or used (problems, or all of them when the source file failed), of those tried */
  unreadable?: { images: number; of: number };
}

export interface CollectedAnnotations {
  format: AnnotationFormat;
  /** the `labels` setting, e.g. yolo:data/defects */
  source: string;
  base: AnnotationSideInfo;
  head: AnnotationSideInfo;
  /** class names the source declares (head's, else base's) */
  classes?: string[];
  notes: string[];
  /** annotation files that could not be read or used, head's first (the report's boxes.unreadable) */
  unreadable?: UnreadableAnnotation[];
  /** why the boxes cannot be judged (a side's source missing or unreadable, too many malformed files) */
  error?: string;
  /** the revisions `error` is about */
  errorSides?: Side[];
  /** field delimiters of the delimited table files read, per side (sniffed) */
  delimiters?: { base: string[]; head: string[] };
}

/**
 * Default reads (git read + decode + features) in flight. An image's decode and resizes run in libuv's
 * threadpool (4 threads, one libvips thread each) and its statistics on the main thread; 8 in flight
 * keeps sharp work queued while the main thread measures, so both cores stay busy, and bounds what is
 * buffered to 8 files and their decoded pixels.
 */
export const READS_IN_FLIGHT = 8;

/** table files read per side before row sampling; beyond this, files are sampled too */
const MAX_TABLE_FILES = 1000;

type ReadOutcome =
  | { ok: true; features: Record<string, FeatureValue>; bytes?: Uint8Array; text?: string; truncated?: true }
  | { ok: true; rows: Array<{ key: string; features: Record<string, FeatureValue> }>; totalRows: number; delimiter?: string }
  | { ok: false; reason: string; table?: { rows?: number } };

export async function collectDataset(opts: CollectOptions): Promise<CollectedDataset> {
  const { repo, dataset } = opts;
  const log = opts.log ?? silentLogger;
  const labelSource = parseLabelSource(dataset.labels);
  const match = globMatcher(dataset.paths);
  const headGlobs = headGlobsOf(opts);
  const matchHead = headGlobs === dataset.paths ? match : globMatcher(headGlobs);
  const [allBase, allHead] = await Promise.all([repo.listFiles(opts.base), repo.listFiles(opts.head)]);
  const skipped: SkippedItem[] = [];

  // DVC pointers that track (part of) this dataset, on each side
  const dvc = {
    base: await dvcPointersFor(opts, allBase, opts.base, dataset.paths, match),
    head: await dvcPointersFor(opts, allHead, opts.head, headGlobs, matchHead),
  };
  for (const side of ['base', 'head'] as const) {
    for (const p of dvc[side]) skipped.push({ path: p.path, side, reason: `${DVC_REASON} (${p.outs.join(', ')})` });
  }
  // a pointer head adds or changes (another blob than base's at that path: new outs, a new md5) is data the
  // pull request brings that cannot be read from git: the dataset fails closed at head; an unchanged one
  // (the same blob on both sides) stays a skipped entry
  const basePointerSha = new Map(allBase.filter((f) => f.path.endsWith('.dvc')).map((f) => [f.path, f.sha]));
  const newPointers = dvc.head.filter((p) => basePointerSha.get(p.path) !== p.sha);

  const matchedBase = allBase.filter((f) => match(f.path) && !f.path.endsWith('.dvc'));
  const matchedHead = allHead.filter((f) => matchHead(f.path) && !f.path.endsWith('.dvc'));
  let modality: Modality;
  if (dataset.modality === 'auto') {
    // base decides (a pull request adding files of another kind must not switch what is read); head when base has none
    const detect = (files: GitFile[]) =>
      detectModality(
        files.map((f) => f.path),
        true,
      );
    modality = detect(matchedBase) ?? detect(matchedHead) ?? 'image';
  } else modality = dataset.modality;
  // data in a format not read here (a BMP image, a FLAC recording) is part of the dataset: sampled, and unreadable
  const baseFiles = matchedBase.filter((f) => isDatasetFile(modality, f.path));
  const headFiles = matchedHead.filter((f) => isDatasetFile(modality, f.path));
  const ignored = matchedHead.length - headFiles.length;
  if (ignored > 0) log.debug(`${dataset.name}: ${ignored} file(s) matching the dataset paths are not ${modality} data; ignored`);

  // status of each file relative to the other side
  const baseByPath = new Map(baseFiles.map((f) => [f.path, f]));
  const headByPath = new Map(headFiles.map((f) => [f.path, f]));
  const renamedTo = new Map<string, string>(); // base path -> head path
  const renamedFrom = new Map<string, string>(); // head path -> base path
  for (const c of opts.changed ?? []) {
    if (c.status === 'renamed' && c.previousPath && headByPath.has(c.path) && baseByPath.has(c.previousPath)) {
      renamedTo.set(c.previousPath, c.path);
      renamedFrom.set(c.path, c.previousPath);
    }
  }
  const changes = { added: 0, modified: 0, deleted: 0, renamed: renamedTo.size };
  for (const f of headFiles) {
    const b = baseByPath.get(f.path);
    if (!b) {
      if (!renamedFrom.has(f.path)) changes.added++;
    } else if (b.sha !== f.sha) changes.modified++;
  }
  for (const f of baseFiles) if (!headByPath.has(f.path) && !renamedTo.has(f.path)) changes.deleted++;
  const statusOf = (side: Side, f: GitFile): ItemStatus => {
    const other = side === 'head' ? baseByPath.get(f.path) : headByPath.get(f.path);
    if (other) return other.sha === f.sha ? 'unchanged' : 'modified';
    if (side === 'head') return renamedFrom.has(f.path) ? 'renamed' : 'added';
    return renamedTo.has(f.path) ? 'renamed' : 'deleted';
  };

  // submodules (gitlinks) where the dataset's files are: data held in another repository, never read
  const submodules = await submodulesIn(opts);
  for (const [side, links] of [
    ['base', submodules.base],
    ['head', submodules.head],
  ] as const) {
    for (const g of links) skipped.push({ path: g.path, side, reason: `${SUBMODULE_REASON} (commit ${g.sha.slice(0, 12)})` });
  }
  const baseLinks = new Map(submodules.base.map((g) => [g.path, g.sha]));
  const newLink = submodules.head.find((g) => baseLinks.get(g.path) !== g.sha);

  // labels known from the path (directory, label file) before reading
  const labelMaps: Partial<Record<Side, Map<string, string>>> = {};
  // a label file or label column a side's data breaks: the dataset's error (fails closed), never the run's
  const labelErrors: Partial<Record<Side, string>> = {};
  if (labelSource.kind === 'file') {
    for (const side of ['base', 'head'] as const) {
      const read = await readLabelFile(opts, side, labelSource.path, side === 'base' ? allBase : allHead);
      if ('map' in read) labelMaps[side] = read.map;
      else if ('error' in read) labelErrors[side] = read.error;
      else log.warn(`${dataset.name}: label file ${labelSource.path} not found at ${side}`);
    }
    // base's labels are the reference: a head without the file has no labels to compare (they would vanish)
    if (labelMaps.base && !labelMaps.head && labelErrors.head === undefined) {
      labelErrors.head = `label file ${labelSource.path.replace(/^\.\//, '')} is missing at head (the pull request deletes or moves it; base has it): the pull request's labels cannot be compared`;
    }
  }
  if (labelSource.kind === 'column' && !(modality === 'tabular' || modality === 'text')) {
    log.warn(`${dataset.name}: labels ${dataset.labels} apply to tables and JSONL/CSV text only; ignored for ${modality} files`);
  }
  const fileLabel = (side: Side, path: string): string | undefined => {
    if (labelSource.kind === 'directory') return directoryLabel(path);
    if (labelSource.kind === 'file') return labelMaps[side]?.get(path);
    return undefined;
  };

  if (labelSource.kind === 'boxes' && modality !== 'image') {
    log.warn(`${dataset.name}: labels ${dataset.labels} apply to image datasets only; ignored for ${modality} files`);
  }
  const stratify = labelSource.kind === 'directory' || labelSource.kind === 'file';
  // table files are read whole (rows are sampled inside) so row totals are exact, up to a limit
  const tablesOf = (files: GitFile[]): GitFile[] => {
    const tables = files.filter((f) => isTableFile(f.path));
    return sampleFiles(tables, tables.length <= MAX_TABLE_FILES ? 0 : Math.max(opts.sampleSize, MAX_TABLE_FILES), opts.seed);
  };
  const others = sampleSides(
    { base: baseFiles.filter((f) => !isTableFile(f.path)), head: headFiles.filter((f) => !isTableFile(f.path)) },
    opts.sampleSize,
    opts.seed,
    stratify ? (side, f) => fileLabel(side, f.path) : undefined,
  );
  const sampled = {
    base: [...tablesOf(baseFiles), ...others.base].sort(byPath),
    head: [...tablesOf(headFiles), ...others.head].sort(byPath),
  };

  // read + featurize, each distinct blob once
  const cache = new Map<string, Promise<ReadOutcome>>();
  const read = (f: GitFile): Promise<ReadOutcome> => {
    let p = cache.get(f.sha);
    if (!p) {
      p = readOne(opts, modality, f).catch((e: unknown): ReadOutcome => {
        return { ok: false as const, reason: errorMessage(e), ...(isTableFile(f.path) ? { table: {} } : {}) };
      });
      cache.set(f.sha, p);
    }
    return p;
  };
  const progress = opts.progress ?? noProgress;
  const items: Record<Side, Item[]> = { base: [], head: [] };
  const failed: Record<Side, SkippedItem[]> = { base: [], head: [] };
  const rowTotals: Record<Side, number> = { base: 0, head: 0 };
  const delimiters: Record<Side, Set<string>> = { base: new Set(), head: new Set() };
  const counts: Record<Side, SideCounts> = { base: noCounts(), head: noCounts() };
  for (const side of ['base', 'head'] as const) {
    const files = sampled[side];
    const bar = progress(`${dataset.name} (${side})`, files.length);
    const outcomes = await mapLimit(files, opts.concurrency ?? READS_IN_FLIGHT, async (f) => {
      const r = await read(f);
      bar.tick();
      return r;
    });
    bar.done();
    const tableRows = new BottomK<Item>(opts.sampleSize, opts.seed);
    files.forEach((f, i) => {
      const r = outcomes[i]!;
      const status = statusOf(side, f);
      // a table by its name, or one in a format not read here (r.table: its rows are unknown)
      const table = isTableFile(f.path) || (!r.ok && r.table !== undefined);
      if (table) counts[side].tables.tried++;
      else counts[side].items.tried++;
      if (!r.ok) {
        failed[side].push({ path: f.path, side, reason: r.reason });
        if (table) {
          counts[side].tables.failed++;
          counts[side].tables.failedRows.push(r.table?.rows);
        } else counts[side].items.failed++;
        return;
      }
      if ('rows' in r) {
        rowTotals[side] += r.totalRows;
        if (r.delimiter) delimiters[side].add(r.delimiter);
        counts[side].tables.rowsRead += r.totalRows;
        if (
          labelSource.kind === 'column' &&
          (modality === 'tabular' || modality === 'text') &&
          r.rows.length > 0 &&
          !(labelSource.name in r.rows[0]!.features)
        ) {
          const columns = Object.keys(r.rows[0]!.features);
          const listed = `${columns.slice(0, 20).join(', ')}${columns.length > 20 ? ', …' : ''}`;
          // base's own table and the config that decides this run disagree: a config error (exit 2);
          // a head table without the column is the pull request's data: the dataset fails closed
          if (side === 'base') {
            throw new InputError(
              f.path,
              `labels ${dataset.labels} names no column of this table (columns: ${listed}) at base; fix datasets[${dataset.name}].labels in the config`,
            );
          }
          labelErrors.head ??= `the head table ${f.path} lacks the label column ${labelSource.name} named by labels ${dataset.labels} (its columns: ${listed}): the pull request's labels cannot be compared`;
        }
        for (const row of r.rows) {
          const features = { ...row.features };
          const item: Item = { id: `${f.path}#${row.key}`, path: f.path, side, status, contentHash: row.key, features };
          applyRowColumns(item, dataset, labelSource, modality);
          tableRows.add(`${f.path}#${row.key}`, item);
        }
        return;
      }
      const item: Item = { id: f.path, path: f.path, side, status, contentHash: f.sha, features: { ...r.features } };
      const label = fileLabel(side, f.path);
      if (label !== undefined) item.label = boundName(label);
      if (r.bytes && opts.keepBytes !== false) item.bytes = r.bytes;
      if (r.text !== undefined) item.text = r.text;
      if (r.truncated) item.textTruncated = true;
      items[side].push(item);
    });
    items[side].push(...tableRows.values());
    skipped.push(...failed[side]);
  }
  if (modality === 'text') addUnseenTokenShare(items.base, items.head);
  // labels base has and head's sampled items all lack: label drift would not be measured at all (it needs
  // labels on both sides), so a pull request could hide any label change by dropping its labels
  const labelled = labelSource.kind === 'file' || (labelSource.kind === 'column' && (modality === 'tabular' || modality === 'text'));
  if (labelled && labelErrors.head === undefined && items.head.length > 0 && !items.head.some((it) => it.label !== undefined)) {
    const baseLabelled = items.base.filter((it) => it.label !== undefined).length;
    if (baseLabelled > 0) {
      labelErrors.head = `none of the ${plural(items.head.length, 'sampled head item')} has a label (labels ${dataset.labels}; ${baseLabelled} of the ${items.base.length} sampled base items have one): the pull request's labels cannot be compared`;
    }
  }
  let annotations: CollectedAnnotations | undefined;
  if (labelSource.kind === 'boxes' && modality === 'image') {
    annotations = await attachAnnotations(opts, labelSource, { base: allBase, head: allHead }, items, skipped);
    log.debug(`${dataset.name}: box annotations ${dataset.labels}: base ${annotations.base.annotated} annotated, head ${annotations.head.annotated} annotated`);
    if (annotations.error) log.warn(`${dataset.name}: ${annotations.error}`);
  }

  // items available: files, with each table file counted as its rows (rows of unread table files
  // are unknown when there are more than MAX_TABLE_FILES)
  const total = {
    base: rowTotals.base + baseFiles.filter((f) => !isTableFile(f.path)).length,
    head: rowTotals.head + headFiles.filter((f) => !isTableFile(f.path)).length,
  };

  const result: CollectedDataset = {
    name: dataset.name,
    modality,
    labelSource,
    labelsSetting: dataset.labels,
    base: items.base,
    head: items.head,
    total,
    changes,
    skipped,
    unreadable: counts,
  };
  if (labelSource.kind !== 'none' && (labelSource.kind !== 'boxes' || annotations)) {
    result.labels = { source: dataset.labels, base: countLabels(items.base), head: countLabels(items.head) };
    // items the labels apply to that have none (a label row deleted, a label value blanked): graded in src/risk/labels.ts
    const unlabelled = labelled || labelSource.kind === 'directory' ? unlabelledOf(items.base, items.head) : undefined;
    if (unlabelled) result.labels.unlabelled = unlabelled;
  }
  if (delimiters.base.size || delimiters.head.size) result.delimiters = { base: [...delimiters.base].sort(), head: [...delimiters.head].sort() };
  if (annotations) result.annotations = annotations;
  // the first error found, and the revision it is about (a new dataset with nothing at base is medium, but
  // whatever the pull request itself breaks fails closed: src/risk/unreadable.ts)
  const errors: [Side, string | undefined][] = [
    [
      'head',
      newLink &&
        `the pull request ${baseLinks.has(newLink.path) ? 'moves the git submodule' : 'puts a git submodule'} at ${newLink.path} (git mode 160000, commit ${newLink.sha.slice(0, 12)}) among the dataset's paths${submodules.head.length > 1 ? ` (${plural(submodules.head.length, 'submodule')} in all)` : ''}: its data is in another repository, which is never read, so what it adds cannot be analyzed`,
    ],
    ['head', newPointers.length > 0 ? dvcPointerError(newPointers, basePointerSha) : undefined],
    ['head', labelErrors.head],
    ['base', sideError('base', baseFiles.length, sampled.base.length, items.base.length, failed.base, dvc.base.length, modality, dataset)],
    ['head', sideError('head', headFiles.length, sampled.head.length, items.head.length, failed.head, dvc.head.length, modality, dataset)],
    ['base', labelErrors.base],
  ];
  const first = errors.find(([, e]) => e !== undefined);
  if (first) {
    result.error = first[1]!;
    result.errorSides = [first[0]];
  }
  return result;
}

/** Why a submodule in a dataset's paths is not read (a skipped[] entry on each side that has it). */
export const SUBMODULE_REASON = 'a git submodule (git mode 160000): its content is in another repository and is never read';

/** Each side's submodules (gitlinks) at a path where the dataset's globs may match files (src/data/git.ts dirMatcher). */
async function submodulesIn(opts: CollectOptions): Promise<Record<Side, GitFile[]>> {
  const inBase = dirMatcher(opts.dataset.paths);
  const inHead = dirMatcher(headGlobsOf(opts));
  const [base, head] = await Promise.all([opts.repo.listGitlinks(opts.base), opts.repo.listGitlinks(opts.head)]);
  return { base: base.filter((g) => inBase(g.path)), head: head.filter((g) => inHead(g.path)) };
}

/** The globs head's side is read with: the trusted definition's, and head's own when it has others (`headPaths`). */
function headGlobsOf(opts: CollectOptions): string[] {
  const extra = (opts.headPaths ?? []).filter((g) => !opts.dataset.paths.includes(g));
  return extra.length === 0 ? opts.dataset.paths : [...opts.dataset.paths, ...extra];
}

/** More than this share of a side's sampled annotations malformed: the boxes cannot be judged. */
const MAX_MALFORMED_SHARE = 0.2;

/**
 * Reads the box annotations of the sampled images of both sides and puts them on the items: boxes,
 * and the class of the largest box as the image's label. An image whose annotation is malformed (a
 * skipped[] entry with `file:line: reason`), or that no annotation refers to, keeps its image
 * statistics and is left out of the box statistics. More than MAX_MALFORMED_SHARE of a side's
 * annotations malformed, or none at all, and the boxes cannot be judged (fail closed: roi-shift).
 */
async function attachAnnotations(
  opts: CollectOptions,
  src: Extract<LabelSource, { kind: 'boxes' }>,
  listings: Record<Side, GitFile[]>,
  items: Record<Side, Item[]>,
  skipped: SkippedItem[],
): Promise<CollectedAnnotations> {
  const cache = new Map<string, Promise<unknown>>();
  const limits = { ...DEFAULT_ANNOTATION_LIMITS, ...(opts.annotationLimits ?? {}) };
  const out: CollectedAnnotations = {
    format: src.format,
    source: opts.dataset.labels,
    base: { files: 0, annotated: 0, unannotated: 0, problems: 0 },
    head: { files: 0, annotated: 0, unannotated: 0, problems: 0 },
    notes: [],
  };
  const errors: string[] = [];
  const errorSides: Side[] = [];
  const unreadable = new Map<string, UnreadableAnnotation>();
  const note = (side: Side, file: string, message: string, images: number) => {
    const { line, reason: full } = splitLocation(message, file);
    const reason = full.length > 1000 ? `${full.slice(0, 999)}…` : full;
    const key = JSON.stringify([side, file, line, reason]);
    const had = unreadable.get(key);
    if (had) had.images += images;
    else unreadable.set(key, { side, file, ...(line !== undefined ? { line } : {}), reason, images });
  };
  for (const side of ['base', 'head'] as const) {
    const loaded = await loadAnnotations({
      source: { format: src.format, path: src.path },
      blobs: opts.blobs,
      files: listings[side],
      images: items[side].map((it) => it.path),
      limits,
      concurrency: opts.concurrency ?? 3,
      cache,
    });
    const info = out[side];
    info.files = loaded.files;
    if (loaded.classes && (side === 'head' || !out.classes)) out.classes = loaded.classes;
    for (const n of loaded.notes) if (!out.notes.includes(n)) out.notes.push(n);
    if (loaded.error) {
      errors.push(`${side}: ${loaded.error}`);
      errorSides.push(side);
      // a file of the source exists but cannot be read: none of the side's annotations can be used
      if (loaded.errorFile !== undefined && items[side].length > 0) {
        info.unreadable = { images: items[side].length, of: items[side].length };
        note(side, loaded.errorFile, loaded.error, items[side].length);
      }
      continue;
    }
    const kept: Item[] = [];
    for (const it of items[side]) {
      const a = loaded.images.get(it.path);
      if (!a || a.kind === 'missing') {
        info.unannotated++;
        kept.push(it);
        continue;
      }
      const reason = a.kind === 'problem' ? a.reason : sizeMismatch(a.value.size, it);
      if (reason) {
        // the image itself was read: it stays in the image statistics, out of the box ones
        info.problems++;
        skipped.push({ path: it.path, side, reason: `annotation: ${reason}` });
        note(side, a.kind === 'problem' ? a.file : a.value.file, reason, 1);
        kept.push(it);
        continue;
      }
      if (a.kind !== 'boxes') continue;
      it.boxes = a.value.boxes;
      it.label = dominantLabel(a.value.boxes);
      info.annotated++;
      kept.push(it);
    }
    items[side] = kept;
    const tried = info.annotated + info.problems;
    if (info.problems > 0) info.unreadable = { images: info.problems, of: tried };
    if (tried > 0 && info.problems / tried > MAX_MALFORMED_SHARE) {
      errors.push(`${side}: ${info.problems} of ${tried} sampled annotations are malformed (see skipped)`);
      errorSides.push(side);
    } else if (info.annotated === 0 && items[side].length > 0) {
      errors.push(`${side}: none of the ${items[side].length} sampled images has an annotation in ${src.path}`);
      errorSides.push(side);
    }
  }
  if (errors.length) {
    out.error = `box annotations ${opts.dataset.labels} cannot be judged: ${errors.join('; ')}`;
    out.errorSides = errorSides;
  }
  if (unreadable.size > 0) {
    const list = [...unreadable.values()];
    out.unreadable = [...list.filter((u) => u.side === 'head'), ...list.filter((u) => u.side === 'base')].slice(0, MAX_UNREADABLE_ANNOTATIONS);
  }
  return out;
}

/**
 * Why boxes placed on a declared image size do not fit the image: an aspect ratio that differs by more
 * than 1% (a uniform rescale is fine, the boxes are relative); swapped sides are named (rotation).
 */
function sizeMismatch(size: { width: number; height: number } | undefined, it: Item): string | undefined {
  const w = it.features.width;
  const h = it.features.height;
  if (!size || typeof w !== 'number' || typeof h !== 'number' || !(w > 0) || !(h > 0)) return undefined;
  const declared = size.width / size.height;
  const actual = w / h;
  if (Math.abs(declared / actual - 1) <= 0.01) return undefined;
  const swapped = Math.abs(declared * actual - 1) <= 0.01;
  return `the annotation is for a ${size.width}×${size.height} image but the image is ${w}×${h}${swapped ? ' (width and height swapped: rotated, e.g. by its EXIF orientation?)' : ''}: the boxes would not line up`;
}

/**
 * Why one side cannot be analyzed at all: no files of the modality, or none of the sampled ones
 * readable. Some unreadable items are not a reason: they are evidence (src/data/unreadable.ts).
 */
function sideError(
  side: Side,
  available: number,
  attempted: number,
  readable: number,
  failed: SkippedItem[],
  dvcCount: number,
  modality: Modality,
  dataset: DatasetConfig,
): string | undefined {
  if (available === 0) {
    if (dvcCount > 0) return `no ${modality} files at ${side}: the data is DVC-tracked (pull with dvc to analyze)`;
    return `no ${modality} files matching ${dataset.paths.join(', ')} at ${side}${side === 'base' ? ': nothing to compare against' : ''}`;
  }
  if (readable === 0) {
    if (failed.length === 0) return `no ${modality} items at ${side}: the ${plural(attempted, 'sampled file')} hold no data`;
    const byReason = new Map<string, number>();
    for (const f of failed) {
      const key = f.reason.replace(/ \(.*\)$/, '');
      byReason.set(key, (byReason.get(key) ?? 0) + 1);
    }
    const [top] = [...byReason.entries()].sort((a, b) => b[1] - a[1]);
    return `none of the ${plural(attempted, `sampled ${side} item`)} could be read (most common: ${top![0]}, ${top![1]}×)`;
  }
  return undefined;
}

/**
 * A side's label CSV (`labels: file:<csv path>`), from its git object: `map` when it parses, nothing
 * when the side has no such file, `error` when it cannot be used (a symlink or other non-regular file,
 * unreadable, malformed). Head's is the pull request's input; base's is the reference, and a broken
 * reference cannot vouch for head either: both fail the dataset closed.
 */
async function readLabelFile(
  opts: CollectOptions,
  side: Side,
  csvPath: string,
  listing: readonly GitFile[],
): Promise<{ map: Map<string, string> } | { error: string } | { missing: true }> {
  const path = csvPath.replace(/^\.\//, '');
  const where = side === 'head' ? 'at head (the pull request brings it)' : 'at base (the reference the pull request is compared against)';
  const entry = listing.find((f) => f.path === path);
  if (entry?.mode === '120000') return { error: `label file ${path} ${where} is a symlink (git mode 120000); label files are read from regular files only` };
  if (entry?.mode !== undefined && entry.mode !== '100644' && entry.mode !== '100755') {
    return { error: `label file ${path} ${where} is not a regular file (git mode ${entry.mode})` };
  }
  try {
    const data = entry ? await readBlob(opts.blobs, entry) : await opts.blobs.readPath(side === 'base' ? opts.base : opts.head, path);
    if (!data) return { missing: true };
    return { map: parseLabelFile(path, data) };
  } catch (e) {
    const message = errorMessage(e).split('\n')[0]!.slice(0, 1000);
    return { error: `label file ${where} cannot be used: ${message}` };
  }
}

async function readBlob(blobs: BlobReader, f: GitFile): Promise<Uint8Array> {
  const r = await blobs.read(f.sha);
  if (!r.ok) throw new InputError(f.path, r.reason);
  return r.data;
}

/** `path:12: reason` → line 12 and `reason`; `path: reason` → `reason`; any other message is the reason. */
function splitLocation(message: string, path: string): { line?: number; reason: string } {
  if (!message.startsWith(`${path}:`)) return { reason: message };
  const rest = message.slice(path.length + 1);
  const m = /^(\d+): (.*)$/s.exec(rest);
  return m ? { line: Number(m[1]), reason: m[2]! } : { reason: rest.replace(/^ /, '') };
}

/** `path:12: reason` → `line 12: reason`; `path: reason` → `reason` (the skipped entry names the path). */
function withoutFile(message: string, path: string): string {
  const { line, reason } = splitLocation(message, path);
  return line !== undefined ? `line ${line}: ${reason}` : reason;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function applyRowColumns(item: Item, dataset: DatasetConfig, labels: LabelSource, modality: Modality): void {
  if (labels.kind === 'column') {
    const v = item.features[labels.name];
    if (v !== null && v !== undefined && v !== '') item.label = boundName(String(v));
  }
  if (modality === 'text') {
    const col = dataset.textColumn ?? 'text';
    const v = item.features[col];
    const text = v === null || v === undefined ? '' : String(v);
    item.text = text;
    item.features = textFeatures(text);
  }
}

const cacheWarned = new WeakSet<CollectOptions>();

/** One warning per collection when the feature cache cannot be written (read-only or full disk). */
function featureCacheWarning(opts: CollectOptions): (err: unknown) => void {
  return (err) => {
    if (cacheWarned.has(opts)) return;
    cacheWarned.add(opts);
    opts.log?.warn(`feature cache: could not write under ${opts.featureCache?.root ?? '?'} (${errorMessage(err)}); features are measured again next time`);
  };
}

/** Read one blob (resolving LFS pointers) and featurize it. */
async function readOne(opts: CollectOptions, modality: Modality, f: GitFile): Promise<ReadOutcome> {
  // a symlink's blob is its target path: not data, and never followed (it may point outside the repository)
  if (f.mode === '120000') return { ok: false, reason: 'a symbolic link (git mode 120000): links are not followed' };
  const format = unreadFormat(modality, f.path);
  if (format) {
    // a table of unknown rows weighs as many as the side's readable tables hold on average (src/data/unreadable.ts)
    const reason = `a ${format} file: training code reads this format, transfer-risk does not (it reads ${READ_FORMATS[modality]})`;
    return { ok: false, reason, ...(modality === 'tabular' ? { table: {} } : {}) };
  }
  const max = opts.maxBlobBytes ?? opts.blobs.maxBytes;
  if (f.size > max) return { ok: false, reason: `file too large (${formatBytes(f.size)} > ${formatBytes(max)})` };
  const r = await opts.blobs.read(f.sha);
  if (!r.ok) return { ok: false, reason: r.reason };
  let data: Buffer = r.data;
  const ptr = parseLfsPointer(data);
  if (ptr) {
    if (ptr.size > max) return { ok: false, reason: `LFS object too large (${formatBytes(ptr.size)} > ${formatBytes(max)})` };
    const resolved = await resolveLfs(opts.repo.dir, f.path, data, ptr);
    if (!resolved.ok) return { ok: false, reason: resolved.reason };
    data = resolved.data;
  }
  if (isTableFile(f.path)) {
    const rawColumns = modality === 'text' ? [opts.dataset.textColumn ?? 'text'] : undefined;
    let sample;
    try {
      sample = await readTable({ name: f.path, data }, { sampleSize: opts.sampleSize, seed: opts.seed, ...(rawColumns ? { rawColumns } : {}) });
    } catch (err) {
      const rows = estimateTableRows(f.path, data);
      return { ok: false, reason: withoutFile(errorMessage(err), f.path), table: rows === undefined ? {} : { rows } };
    }
    const rows = sample.rowKeys.map((key, i) => {
      const features: Record<string, FeatureValue> = {};
      for (const [name, values] of sample.columns) features[name] = values[i] ?? null;
      return { key, features };
    });
    return { ok: true, rows, totalRows: sample.totalRows, ...(sample.delimiter ? { delimiter: sample.delimiter } : {}) };
  }
  switch (modality) {
    case 'image':
      return { ok: true, features: await cachedImageFeatures(data, opts.image ?? {}, opts.featureCache, featureCacheWarning(opts)), bytes: data };
    case 'audio':
      return { ok: true, features: audioFeatures(data), bytes: data };
    case 'text': {
      const t = textFileFeatures(data);
      if (t === undefined) return { ok: false, reason: 'not a text file (binary content)' };
      return { ok: true, ...t };
    }
    default:
      return { ok: false, reason: `not a ${modality} file` };
  }
}

/** Why a `.dvc` pointer head adds or changes among a dataset's paths fails the dataset closed (the first named, with the count). */
function dvcPointerError(pointers: DvcFound[], basePointerSha: ReadonlyMap<string, string>): string {
  const [p] = pointers;
  const verb = basePointerSha.has(p!.path) ? 'changes' : 'adds';
  const outs = p!.outs.map((o) => boundName(o, PATH_MAX_DVC)).join(', ');
  const more = pointers.length > 1 ? ` (${plural(pointers.length, 'new or changed DVC pointer')} in all)` : '';
  return `the pull request ${verb} the DVC pointer ${boundName(p!.path, PATH_MAX_DVC)} (tracking ${outs}) among the dataset's paths${more}: that data is DVC-tracked and cannot be read from git, so what it adds or changes cannot be analyzed (pull it with dvc and analyze it locally, or keep the data in git)`;
}

/** Paths named in a DVC pointer error are shown ellipsized beyond this length. */
const PATH_MAX_DVC = 200;

interface DvcFound {
  path: string;
  /** the pointer file's blob */
  sha: string;
  outs: string[];
}

/** `.dvc` pointer files at a revision whose outputs overlap the dataset's paths. */
async function dvcPointersFor(opts: CollectOptions, files: GitFile[], rev: string, globs: string[], match: (p: string) => boolean): Promise<DvcFound[]> {
  const bases = globs.map((g) => picomatch.scan(g).base.replace(/\/$/, ''));
  const out: DvcFound[] = [];
  for (const f of files) {
    if (!f.path.endsWith('.dvc') || f.size > 1024 * 1024) continue;
    const data = await opts.blobs.readPath(rev, f.path);
    if (!data) continue;
    const ptr = parseDvcPointer(f.path, data);
    if (!ptr) continue;
    const overlaps =
      match(f.path) ||
      ptr.outs.some((o) => match(o.path) || bases.some((b) => b === o.path || b.startsWith(`${o.path}/`) || o.path.startsWith(b === '' ? '' : `${b}/`)));
    if (overlaps) out.push({ path: f.path, sha: f.sha, outs: ptr.outs.map((o) => o.path) });
  }
  return out;
}

/**
 * Split k over labels proportionally to their counts (largest remainder), at least 1 per label
 * (never more than the label has). Sums to k unless there are more labels than k.
 */
export function allocate(k: number, counts: ReadonlyMap<string, number>): Map<string, number> {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const out = new Map<string, number>();
  if (k <= 0 || k >= total) {
    for (const [l, n] of counts) out.set(l, n);
    return out;
  }
  const rema: Array<[string, number]> = [];
  let used = 0;
  for (const [l, n] of counts) {
    const exact = (k * n) / total;
    const q = Math.min(n, Math.max(1, Math.floor(exact)));
    out.set(l, q);
    used += q;
    rema.push([l, exact - q]);
  }
  rema.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  for (let i = 0; used < k && rema.length > 0; i = (i + 1) % rema.length) {
    const l = rema[i]![0];
    if (out.get(l)! < counts.get(l)!) {
      out.set(l, out.get(l)! + 1);
      used++;
    } else if (rema.every(([x]) => out.get(x)! >= counts.get(x)!)) break;
  }
  return out;
}

const UNLABELED = '\u0000unlabeled';

/**
 * Seeded bottom-k sample of files keyed by path (the same file gets the same hash on both sides);
 * with `labelOf`, stratified: k is split over labels by `allocate`, bottom-k within each label.
 * Ordered by path.
 */
export function sampleFiles<T extends { path: string }>(files: readonly T[], k: number, seed: number, labelOf?: (f: T) => string | undefined): T[] {
  if (!labelOf) {
    const bk = new BottomK<T>(k, seed);
    for (const f of files) bk.add(f.path, f);
    return bk.values().sort(byPath);
  }
  const groups = new Map<string, T[]>();
  for (const f of files) {
    const l = labelOf(f) ?? UNLABELED;
    let g = groups.get(l);
    if (!g) groups.set(l, (g = []));
    g.push(f);
  }
  const quota = allocate(k, new Map([...groups].map(([l, g]) => [l, g.length])));
  const out: T[] = [];
  for (const [l, g] of groups) {
    const bk = new BottomK<T>(quota.get(l)!, seed);
    for (const f of g) bk.add(f.path, f);
    out.push(...bk.values());
  }
  return out.sort(byPath);
}

/**
 * Coordinated seeded sampling of both sides (stratified by label when `labelOf` is given): per label,
 * each side's quota comes from `allocate`, and one hash threshold is used on both sides — the lower
 * of the sampling sides' k-th smallest (hash, path). A file with the same path and label on both
 * sides therefore gets the same inclusion decision whenever both sides are sampled; a side whose
 * quota covers all its files of that label takes them all. Each side gets at most its quota.
 */
export function sampleSides<T extends { path: string }>(
  files: Readonly<Record<Side, readonly T[]>>,
  k: number,
  seed: number,
  labelOf?: (side: Side, f: T) => string | undefined,
): Record<Side, T[]> {
  const sides: Side[] = ['base', 'head'];
  if (k <= 0) return { base: [...files.base].sort(byPath), head: [...files.head].sort(byPath) };
  type Entry = { f: T; hash: number };
  const groups: Record<Side, Map<string, Entry[]>> = { base: new Map(), head: new Map() };
  for (const side of sides) {
    for (const f of files[side]) {
      const l = (labelOf ? labelOf(side, f) : undefined) ?? UNLABELED;
      let g = groups[side].get(l);
      if (!g) groups[side].set(l, (g = []));
      g.push({ f, hash: seededHash(f.path, seed) });
    }
    for (const g of groups[side].values()) g.sort(byHash);
  }
  const quota: Record<Side, Map<string, number>> = {
    base: allocate(k, new Map([...groups.base].map(([l, g]) => [l, g.length]))),
    head: allocate(k, new Map([...groups.head].map(([l, g]) => [l, g.length]))),
  };
  const out: Record<Side, T[]> = { base: [], head: [] };
  const labels = new Set([...groups.base.keys(), ...groups.head.keys()]);
  for (const l of labels) {
    let threshold: Entry | undefined;
    for (const side of sides) {
      const g = groups[side].get(l);
      const q = quota[side].get(l) ?? 0;
      if (!g || q >= g.length) continue;
      const kth = g[Math.max(0, q - 1)]!;
      if (q === 0) threshold = { f: kth.f, hash: -1 };
      else if (!threshold || byHash(kth, threshold) < 0) threshold = kth;
    }
    for (const side of sides) {
      const g = groups[side].get(l);
      if (!g) continue;
      const q = quota[side].get(l) ?? 0;
      const take = q >= g.length || !threshold ? g : g.filter((e) => byHash(e, threshold!) <= 0).slice(0, q);
      out[side].push(...take.map((e) => e.f));
    }
  }
  return { base: out.base.sort(byPath), head: out.head.sort(byPath) };
}

function byHash(a: { f: { path: string }; hash: number }, b: { f: { path: string }; hash: number }): number {
  return a.hash - b.hash || byPath(a.f, b.f);
}

function byPath(a: { path: string }, b: { path: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/** Map with at most `limit` promises in flight; results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}
