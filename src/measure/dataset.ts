/**
 * `measureDataset()`: every number of one dataset, from its collected sample, its embeddings and the
 * trusted settings. The risk rules (src/risk) judge the result; the renderers (src/report) print it.
 */
import type { DatasetReport } from '../contracts/index.js';
import { toColumns } from '../data/item.js';
import { CANONICAL_AUDIO_RATE } from '../data/audio.js';
import { unreadableReport, withLaterFailures } from '../data/unreadable.js';
import { measureDetection } from './detection.js';
import { measureDuplicates } from './duplicates.js';
import { driftOptions, embeddingDrift } from './embedding.js';
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
export function contentForm(modality: DatasetReport['modality'], model: MeasureContext['model']): string | undefined {
  if (modality === 'image') {
    const c = model.canonicalImage;
    return c
      ? `${c.width}×${c.height} RGB (${c.resize === 'fill' ? 'resized to fill' : 'shorter side resized, centre crop'}, ${c.kernel}); noise and sharpness at pixel scale without enlargement`
      : undefined;
  }
  if (modality === 'audio') return `mono, ${CANONICAL_AUDIO_RATE / 1000} kHz (band-limited resampling)`;
  if (modality === 'text') return 'decoded text, byte-order mark removed, line endings normalized to \\n';
  return undefined;
}

export function measureDataset(input: MeasureInput, ctx: MeasureContext): DatasetMeasures {
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
  if (c.labels) report.labels = c.labels;
  if (c.delimiters) report.delimiters = c.delimiters;
  const form = contentForm(c.modality, ctx.model);
  if (form) report.contentForm = form;
  // what could not be read, including items that failed to embed: evidence of its own (src/risk/unreadable.ts)
  const failedLater = input.embeddings?.failed ?? [];
  const unreadable = unreadableReport(failedLater.length ? withLaterFailures(c.unreadable, failedLater) : c.unreadable);
  if (unreadable) report.unreadable = unreadable;
  if (c.error) {
    report.error = c.error;
    return { report, plots: { histograms: [], scatter: [], atypical: [] } };
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
    const emb = embeddingDrift(e.base.vectors, e.head.vectors, {
      ...driftOptions(t, seed),
      ...(e.base.probs ? { baseProbs: e.base.probs } : {}),
      ...(e.head.probs ? { headProbs: e.head.probs } : {}),
    });
    if (emb.confidence && ctx.model.builtin) emb.confidence.caveat = BUILTIN_HEAD_CAVEAT;
    report.embedding = emb;
    const subsets = measureSubsets(
      e.base.vectors,
      e.head.vectors,
      e.head.items.map((it) => it.status),
      t,
      seed,
    );
    if (subsets) report.subsets = subsets;
    if (c.labelSource.kind !== 'none') {
      report.transferability = measureTransferability(
        { features: e.base.vectors, labels: e.base.items.map((it) => it.label ?? ''), ...(e.base.probs ? { probs: e.base.probs } : {}) },
        { features: e.head.vectors, labels: e.head.items.map((it) => it.label ?? ''), ...(e.head.probs ? { probs: e.head.probs } : {}) },
        t,
        seed,
        { classifierHead: !ctx.model.builtin },
      );
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
  return { report, plots };
}
