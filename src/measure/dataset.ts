/**
 * `measureDataset()`: every number of one dataset, from its collected sample, its embeddings and the
 * trusted settings. The risk rules (src/risk) judge the result; the renderers (src/report) print it.
 */
import type { DatasetReport, TransferabilityReport } from '../contracts/index.js';
import { toColumns } from '../data/item.js';
import { CANONICAL_AUDIO_RATE } from '../data/audio.js';
import { MAX_TEXT_BYTES } from '../data/text.js';
import { unreadableReport, withLaterFailures } from '../data/unreadable.js';
import { measureDetection } from './detection.js';
import { measureDuplicates } from './duplicates.js';
import { driftOptions, embeddingDrift, type EmbeddingDriftReport } from './embedding.js';
import { measureFeatures } from './features.js';
import { measureLabels } from './labels.js';
import { measurePlots } from './plots.js';
import { measureSubsets } from './subsets.js';
import { measureTransferability } from './transferability.js';
import type { DatasetMeasures, MeasureContext, MeasureInput } from './types.js';

/** Caveat on numbers from the built-in model's classifier head. */
export const BUILTIN_HEAD_CAVEAT =
  "the built-in model's classifier head is a 5-class content classifier (Drawing, Hentai, Neutral, Porn, Sexy), not your task: indicative only";

/** How content features were measured, for the report. */
export function contentForm(
  modality: DatasetReport['modality'],
  model: MeasureContext['model'],
  textTruncated?: { base: number; head: number },
): string | undefined {
  if (modality === 'image') {
    const c = model.canonicalImage;
    return c
      ? `${c.width}×${c.height} RGB (${c.resize === 'fill' ? 'resized to fill' : 'shorter side resized, centre crop'}, ${c.kernel}); noise and sharpness at pixel scale without enlargement`
      : undefined;
  }
  if (modality === 'audio') return `mono, ${CANONICAL_AUDIO_RATE / 1000} kHz (band-limited resampling)`;
  if (modality === 'text') {
    const form = 'decoded text, byte-order mark removed, line endings normalized to \\n';
    const cut = textTruncated ?? { base: 0, head: 0 };
    if (cut.base + cut.head === 0) return form;
    return `${form}; files longer than ${MAX_TEXT_BYTES / 1024 / 1024} MiB measured on their first ${MAX_TEXT_BYTES / 1024 / 1024} MiB (${cut.base} at base, ${cut.head} at head)`;
  }
  return undefined;
}

/** The arguments of `measureTransferability` and `embeddingDrift`, as `measureDataset` passes them. */
export type TransferabilityArgs = Parameters<typeof measureTransferability>;
export type EmbeddingDriftArgs = Parameters<typeof embeddingDrift>;

/**
 * Where the two costliest measures run when not on this thread (src/parallel/: worker threads): each runner
 * computes the same function on the same arguments, so the numbers are the same wherever they are
 * computed. The measure stage itself does no I/O and starts no thread.
 */
export interface MeasureRunners {
  transferability?: (...args: TransferabilityArgs) => Promise<TransferabilityReport>;
  embeddingDrift?: (...args: EmbeddingDriftArgs) => Promise<EmbeddingDriftReport>;
}

/** Every number of one dataset (see the module comment), computed on this thread. */
export function measureDataset(input: MeasureInput, ctx: MeasureContext): DatasetMeasures {
  return measureCore(input, ctx, {}).measures;
}

/**
 * `measureDataset`, with the embedding tests and the label-separability scores handed to `runners` while
 * this thread measures the rest: the same report, field order included.
 */
export async function measureDatasetWith(input: MeasureInput, ctx: MeasureContext, runners: MeasureRunners): Promise<DatasetMeasures> {
  const { measures, pending } = measureCore(input, ctx, runners);
  const [embedding, transferability] = await Promise.all([pending.embedding, pending.transferability]);
  if (embedding) measures.report.embedding = embedding;
  if (transferability) measures.report.transferability = transferability;
  return measures;
}

function measureCore(
  input: MeasureInput,
  ctx: MeasureContext,
  runners: MeasureRunners,
): { measures: DatasetMeasures; pending: { embedding?: Promise<EmbeddingDriftReport>; transferability?: Promise<TransferabilityReport> } } {
  const c = input.collected;
  const { t, seed } = ctx;
  const report: DatasetReport = {
    name: c.name,
    modality: c.modality,
    sample: { base: c.base.length, head: c.head.length },
    total: c.total,
    changes: c.changes,
    features: [],
    skipped: [...c.skipped],
  };
  const pending: { embedding?: Promise<EmbeddingDriftReport>; transferability?: Promise<TransferabilityReport> } = {};
  if (c.labels) report.labels = c.labels;
  if (c.delimiters) report.delimiters = c.delimiters;
  const truncated = (items: typeof c.base): number => items.reduce((n, it) => n + (it.textTruncated ? 1 : 0), 0);
  const form = contentForm(c.modality, ctx.model, { base: truncated(c.base), head: truncated(c.head) });
  if (form) report.contentForm = form;
  // what could not be read, including items that failed to embed: evidence of its own (src/risk/unreadable.ts)
  const failedLater = input.embeddings?.failed ?? [];
  const unreadable = unreadableReport(failedLater.length ? withLaterFailures(c.unreadable, failedLater) : c.unreadable);
  if (unreadable) report.unreadable = unreadable;
  if (c.error) {
    report.error = c.error;
    if (c.errorSides?.length) report.errorSides = [...c.errorSides];
    return { measures: { report, plots: { histograms: [], scatter: [], atypical: [] } }, pending };
  }
  const f = measureFeatures(toColumns(c.base), toColumns(c.head), t, { modality: c.modality });
  report.features = f.features;
  if (f.onlyIn) report.onlyIn = f.onlyIn;

  if (c.labels) {
    const ld = measureLabels(c.labels.base, c.labels.head);
    if (ld) report.labelDistribution = ld;
  }

  const e = input.embeddings;
  if (e?.failed?.length) report.skipped.push(...e.failed);
  const dup = measureDuplicates(
    {
      base: c.base,
      head: c.head,
      ...(e ? { embeddings: { base: { items: e.base.items, vectors: e.base.vectors }, head: { items: e.head.items, vectors: e.head.vectors } } } : {}),
    },
    t,
  );
  if (dup) report.duplicates = dup;
  let plotEmbeddings;
  if (e && e.base.items.length >= 2 && e.head.items.length >= 2) {
    const embArgs: EmbeddingDriftArgs = [
      e.base.vectors,
      e.head.vectors,
      {
        ...driftOptions(t, seed),
        ...(e.base.probs ? { baseProbs: e.base.probs } : {}),
        ...(e.head.probs ? { headProbs: e.head.probs } : {}),
      },
    ];
    const caveat = (emb: EmbeddingDriftReport): EmbeddingDriftReport => {
      if (emb.confidence && ctx.model.builtin) emb.confidence.caveat = BUILTIN_HEAD_CAVEAT;
      return emb;
    };
    if (runners.embeddingDrift) {
      // started now, filled in when it arrives; the key is placed here so the report's field order stays the same
      pending.embedding = runners.embeddingDrift(...embArgs).then(caveat);
      report.embedding = undefined;
    } else {
      report.embedding = caveat(embeddingDrift(...embArgs));
    }
    const subsets = measureSubsets(
      e.base.vectors,
      e.head.vectors,
      e.head.items.map((it) => it.status),
      t,
      seed,
    );
    if (subsets) report.subsets = subsets;
    if (c.labelSource.kind !== 'none') {
      const args: TransferabilityArgs = [
        { features: e.base.vectors, labels: e.base.items.map((it) => it.label ?? ''), ...(e.base.probs ? { probs: e.base.probs } : {}) },
        { features: e.head.vectors, labels: e.head.items.map((it) => it.label ?? ''), ...(e.head.probs ? { probs: e.head.probs } : {}) },
        t,
        seed,
        { classifierHead: !ctx.model.builtin },
      ];
      if (runners.transferability) {
        pending.transferability = runners.transferability(...args);
        report.transferability = undefined;
      } else {
        report.transferability = measureTransferability(...args);
      }
    }
    plotEmbeddings = { base: e.base.vectors, head: e.head.vectors, headItems: e.head.items };
  }
  const plots = measurePlots({ report, base: c.base, head: c.head, ...(plotEmbeddings ? { embeddings: plotEmbeddings } : {}) });
  // detection datasets (labels yolo:, coco:, voc:): box statistics and object-level embeddings
  const detection = measureDetection(input, ctx);
  if (detection) {
    report.boxes = detection.boxes;
    plots.boxSizes = detection.boxSizes;
    plots.atypicalObjects = detection.atypicalObjects;
  }
  return { measures: { report, plots }, pending };
}
