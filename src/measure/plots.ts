/**
 * The HTML report's plot data, measured: quantile-bin histograms of the most drifted features, a 2-D
 * PCA projection of base and head embeddings, and the head items farthest from the base sample in
 * embedding space (their thumbnails are rendered by src/report/thumbnails.ts).
 */
import type { Item } from '../data/item.js';
import type { DatasetReport } from '../contracts/index.js';
import type { HistogramExtra, ScatterExtra } from '../report/extras.js';
import type { AtypicalItem, DatasetPlots } from './types.js';
import { numericBins, quantile, rangeBinBoundaries, rangeBinCounts } from '../stats/binning.js';
import { parseNumber } from '../stats/feature-drift.js';
import { fitPca } from '../stats/pca.js';
import type { Matrix } from '../stats/matrix.js';
import { NearestIndex, nearestSqDistances } from '../stats/nearest.js';

export interface PlotInput {
  report: DatasetReport;
  base: Item[];
  head: Item[];
  embeddings?: { base: Matrix; head: Matrix; headItems: Item[] };
}

function numericValues(items: Item[], feature: string): Float64Array {
  const out: number[] = [];
  for (const it of items) {
    const v = parseNumber(it.features[feature] ?? null);
    if (v !== undefined && Number.isFinite(v)) out.push(v);
  }
  return Float64Array.from(out);
}

function histograms(p: PlotInput, top: number): HistogramExtra[] {
  const numeric = p.report.features.filter((f) => f.kind === 'numeric').sort((a, b) => b.metrics.psi - a.metrics.psi);
  const chosen = [...numeric.filter((f) => f.drift), ...numeric.filter((f) => !f.drift)].slice(0, top);
  return chosen.flatMap((f) => {
    const b = numericValues(p.base, f.name);
    const h = numericValues(p.head, f.name);
    if (!b.length || !h.length) return [];
    const bins = numericBins(b);
    return [
      {
        dataset: p.report.name,
        feature: f.name,
        edges: rangeBinBoundaries(bins),
        base: Array.from(rangeBinCounts(b, bins)),
        head: Array.from(rangeBinCounts(h, bins)),
      },
    ];
  });
}

function scatter(p: PlotInput): ScatterExtra[] {
  const e = p.embeddings;
  if (!e || e.base.rows < 3 || e.head.rows < 1) return [];
  // the eigen-solve is cubic in the rows: fit on an evenly spaced subset of at most 400 base rows
  const step = Math.max(1, Math.ceil(e.base.rows / 400));
  const fitRows = Array.from({ length: Math.ceil(e.base.rows / step) }, (_, i) => i * step);
  const fit: Matrix = { rows: fitRows.length, cols: e.base.cols, data: new Float64Array(fitRows.length * e.base.cols) };
  fitRows.forEach((r, i) => fit.data.set(e.base.data.subarray(r * e.base.cols, (r + 1) * e.base.cols), i * e.base.cols));
  const pca = fitPca(fit, { maxComponents: 2, varianceTarget: 1 });
  if (pca.components.rows < 2) return [];
  const pts = (m: Matrix): [number, number][] => {
    const t = pca.transform(m);
    return Array.from({ length: t.rows }, (_, i) => [t.data[i * t.cols]!, t.data[i * t.cols + 1]!] as [number, number]);
  };
  const pct = (i: number): string => `PC${i + 1} (${Math.round(100 * pca.explainedVarianceRatio[i]!)}%)`;
  return [{ dataset: p.report.name, base: pts(e.base), head: pts(e.head), axes: [pct(0), pct(1)] }];
}

/**
 * distance of each row of `from` to its nearest row of `to` (skipping the same index when `self`).
 * Exact: the square root of the minimum of the same index-order sums as a plain double loop
 * (src/stats/nearest.ts: candidates are skipped only when a conservative lower bound shows they cannot
 * win, or abandoned part-way once their partial sum passes the best).
 */
export function nearestDistances(from: Matrix, to: Matrix, self = false): Float64Array {
  return sqrtInPlace(nearestSqDistances(from, to, self));
}

function sqrtInPlace(a: Float64Array): Float64Array {
  for (let i = 0; i < a.length; i++) a[i] = Math.sqrt(a[i]!);
  return a;
}

/** Head items farthest from their nearest base item (image datasets), with the distance ratio. */
function atypical(p: PlotInput, top: number): AtypicalItem[] {
  const e = p.embeddings;
  if (!e || p.report.modality !== 'image' || e.base.rows < 2 || e.head.rows < 1) return [];
  // one index on base for both searches (its axes also fitted to head)
  const index = new NearestIndex(e.base, [e.head]);
  const baseNn = sqrtInPlace(index.nearestSq(e.base, true)).sort();
  const p95 = quantile(baseNn, 0.95);
  const headNn = sqrtInPlace(index.nearestSq(e.head));
  const order = Array.from(headNn.keys())
    .sort((a, b) => headNn[b]! - headNn[a]!)
    .slice(0, top);
  return order.map((i) => ({ item: e.headItems[i]!, distance: headNn[i]!, ratio: p95 > 0 ? headNn[i]! / p95 : NaN }));
}

export function measurePlots(p: PlotInput, opts: { histograms?: number; atypical?: number } = {}): DatasetPlots {
  if (p.report.error) return { histograms: [], scatter: [], atypical: [] };
  return { histograms: histograms(p, opts.histograms ?? 6), scatter: scatter(p), atypical: atypical(p, opts.atypical ?? 6) };
}
