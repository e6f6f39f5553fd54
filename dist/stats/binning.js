/**
 * Quantile binning as DESIGN.md "Metric definitions": edges = base quantiles at 0.1, …, 0.9
 * (numpy's default 'linear' method), duplicates removed; a value's bin is the number of edges strictly
 * below it, plus two more bins: one for values below base's minimum and one for values above base's
 * maximum (`rangeBinCounts`), so a constant base column, or head values outside base's range, are
 * seen. Categorical columns get one bin per category in base ∪ head.
 */
/** Quantile q ∈ [0, 1] of an ascending-sorted array, as numpy.quantile(method='linear'). */
export function quantile(sorted, q) {
    const n = sorted.length;
    if (n === 0)
        return NaN;
    const vi = (n - 1) * q;
    if (vi >= n - 1)
        return sorted[n - 1];
    if (vi < 0)
        return sorted[0];
    const prev = Math.floor(vi);
    const a = sorted[prev];
    const b = sorted[prev + 1];
    const t = vi - prev;
    const diff = b - a;
    // numpy's _lerp: a + diff·t, but b − diff·(1 − t) when t ≥ 0.5
    return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}
export const DECILES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
/** Bin edges: the base deciles with duplicates removed (ascending). Empty base → no edges. */
export function quantileEdges(base) {
    if (base.length === 0)
        return [];
    return quantileEdgesSorted(Float64Array.from(base).sort());
}
/** quantileEdges of a base sample already sorted ascending. */
export function quantileEdgesSorted(s) {
    if (s.length === 0)
        return [];
    const edges = [];
    for (const q of DECILES) {
        const e = quantile(s, q);
        if (edges.length === 0 || e !== edges[edges.length - 1])
            edges.push(e);
    }
    return edges;
}
/** Counts per bin (edges.length + 1 bins); bin of x = #edges strictly below x. */
export function binCounts(values, edges) {
    const counts = new Float64Array(edges.length + 1);
    const k = edges.length;
    for (let i = 0; i < values.length; i++) {
        const x = values[i];
        // binary search: number of edges < x (edges ascending)
        let lo = 0;
        let hi = k;
        while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (edges[mid] < x)
                lo = mid + 1;
            else
                hi = mid;
        }
        counts[lo] += 1;
    }
    return counts;
}
/** numericBins of a base sample already sorted ascending (non-empty). */
export function numericBinsSorted(s) {
    return { edges: quantileEdgesSorted(s), min: s[0], max: s[s.length - 1] };
}
export function numericBins(base) {
    return numericBinsSorted(Float64Array.from(base).sort());
}
/**
 * Counts per bin, edges.length + 3 bins: [values < min, the quantile bins of values in [min, max]
 * (edges.length + 1 of them, bin = #edges strictly below), values > max].
 */
export function rangeBinCounts(values, bins) {
    const { edges, min, max } = bins;
    const k = edges.length;
    const counts = new Float64Array(k + 3);
    for (let i = 0; i < values.length; i++) {
        const x = values[i];
        if (x < min) {
            counts[0] += 1;
            continue;
        }
        if (x > max) {
            counts[k + 2] += 1;
            continue;
        }
        let lo = 0;
        let hi = k;
        while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (edges[mid] < x)
                lo = mid + 1;
            else
                hi = mid;
        }
        counts[lo + 1] += 1;
    }
    return counts;
}
/** The boundaries of the rangeBinCounts bins for a histogram: [min, ...edges, max] (counts = boundaries + 1). */
export function rangeBinBoundaries(bins) {
    return [bins.min, ...bins.edges, bins.max];
}
/** One bin per category in base ∪ head. */
export function categoryCounts(base, head) {
    const index = new Map();
    const categories = [];
    const b = [];
    const h = [];
    for (const v of base) {
        let i = index.get(v);
        if (i === undefined) {
            i = categories.push(v) - 1;
            index.set(v, i);
            b.push(0);
            h.push(0);
        }
        b[i]++;
    }
    for (const v of head) {
        let i = index.get(v);
        if (i === undefined) {
            i = categories.push(v) - 1;
            index.set(v, i);
            b.push(0);
            h.push(0);
        }
        h[i]++;
    }
    return { categories, base: Float64Array.from(b), head: Float64Array.from(h) };
}
