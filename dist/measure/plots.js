import { numericBins, quantile, rangeBinBoundaries, rangeBinCounts } from '../stats/binning.js';
import { parseNumber } from '../stats/feature-drift.js';
import { fitPca } from '../stats/pca.js';
function numericValues(items, feature) {
    const out = [];
    for (const it of items) {
        const v = parseNumber(it.features[feature] ?? null);
        if (v !== undefined && Number.isFinite(v))
            out.push(v);
    }
    return Float64Array.from(out);
}
function histograms(p, top) {
    const numeric = p.report.features.filter((f) => f.kind === 'numeric').sort((a, b) => b.metrics.psi - a.metrics.psi);
    const chosen = [...numeric.filter((f) => f.drift), ...numeric.filter((f) => !f.drift)].slice(0, top);
    return chosen.flatMap((f) => {
        const b = numericValues(p.base, f.name);
        const h = numericValues(p.head, f.name);
        if (!b.length || !h.length)
            return [];
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
function scatter(p) {
    const e = p.embeddings;
    if (!e || e.base.rows < 3 || e.head.rows < 1)
        return [];
    // the eigen-solve is cubic in the rows: fit on an evenly spaced subset of at most 400 base rows
    const step = Math.max(1, Math.ceil(e.base.rows / 400));
    const fitRows = Array.from({ length: Math.ceil(e.base.rows / step) }, (_, i) => i * step);
    const fit = { rows: fitRows.length, cols: e.base.cols, data: new Float64Array(fitRows.length * e.base.cols) };
    fitRows.forEach((r, i) => fit.data.set(e.base.data.subarray(r * e.base.cols, (r + 1) * e.base.cols), i * e.base.cols));
    const pca = fitPca(fit, { maxComponents: 2, varianceTarget: 1 });
    if (pca.components.rows < 2)
        return [];
    const pts = (m) => {
        const t = pca.transform(m);
        return Array.from({ length: t.rows }, (_, i) => [t.data[i * t.cols], t.data[i * t.cols + 1]]);
    };
    const pct = (i) => `PC${i + 1} (${Math.round(100 * pca.explainedVarianceRatio[i])}%)`;
    return [{ dataset: p.report.name, base: pts(e.base), head: pts(e.head), axes: [pct(0), pct(1)] }];
}
/** checkpoint stride (dimensions) of the early exit in `boundedSqDist` */
const STRIDE = 64;
/**
 * Σ (a − b)² over d dimensions, summed in index order; stops early (returning the partial sum, which is
 * then ≥ `bound`) once the partial sum reaches `bound`: a sum of squares only grows, so the full sum
 * would not be below `bound` either. Below `bound`, the result is the full sum, bit for bit.
 */
function boundedSqDist(a, ai, b, bi, d, bound) {
    let s = 0;
    let k = 0;
    while (k < d) {
        const end = Math.min(d, k + STRIDE);
        for (; k < end; k++) {
            const x = a[ai + k] - b[bi + k];
            s += x * x;
        }
        if (s >= bound)
            return s;
    }
    return s;
}
/**
 * distance of each row of `from` to its nearest row of `to` (skipping the same index when `self`).
 * Exact: the same sums as a plain double loop (candidates that cannot beat the best so far are
 * abandoned part-way); with `self` on one matrix each pair is summed once (the squared difference is
 * symmetric, bit for bit).
 */
export function nearestDistances(from, to, self = false) {
    const d = from.cols;
    const best = new Float64Array(from.rows).fill(Infinity);
    if (self && from === to) {
        const a = from.data;
        for (let i = 0; i < from.rows; i++) {
            for (let j = i + 1; j < from.rows; j++) {
                const s = boundedSqDist(a, i * d, a, j * d, d, Math.max(best[i], best[j]));
                if (s < best[i])
                    best[i] = s;
                if (s < best[j])
                    best[j] = s;
            }
        }
    }
    else {
        for (let i = 0; i < from.rows; i++) {
            let b = Infinity;
            for (let j = 0; j < to.rows; j++) {
                if (self && i === j)
                    continue;
                const s = boundedSqDist(from.data, i * d, to.data, j * to.cols, d, b);
                if (s < b)
                    b = s;
            }
            best[i] = b;
        }
    }
    for (let i = 0; i < best.length; i++)
        best[i] = Math.sqrt(best[i]);
    return best;
}
/** Head items farthest from their nearest base item (image datasets), with the distance ratio. */
function atypical(p, top) {
    const e = p.embeddings;
    if (!e || p.report.modality !== 'image' || e.base.rows < 2 || e.head.rows < 1)
        return [];
    const baseNn = nearestDistances(e.base, e.base, true).sort();
    const p95 = quantile(baseNn, 0.95);
    const headNn = nearestDistances(e.head, e.base);
    const order = Array.from(headNn.keys())
        .sort((a, b) => headNn[b] - headNn[a])
        .slice(0, top);
    return order.map((i) => ({ item: e.headItems[i], distance: headNn[i], ratio: p95 > 0 ? headNn[i] / p95 : NaN }));
}
export function measurePlots(p, opts = {}) {
    if (p.report.error)
        return { histograms: [], scatter: [], atypical: [] };
    return { histograms: histograms(p, opts.histograms ?? 6), scatter: scatter(p), atypical: atypical(p, opts.atypical ?? 6) };
}
