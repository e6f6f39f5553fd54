/**
 * Quantile binning as DESIGN.md "Metric definitions": edges = base quantiles at 0.1, …, 0.9
 * (numpy's default 'linear' method), duplicates removed; a value's bin is the number of edges strictly
 * below it, plus two more bins: one for values below base's minimum and one for values above base's
 * maximum (`rangeBinCounts`), so a constant base column, or head values outside base's range, are
 * seen. Categorical columns get one bin per category in base ∪ head.
 */

/** Quantile q ∈ [0, 1] of an ascending-sorted array, as numpy.quantile(method='linear'). */
export function quantile(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const vi = (n - 1) * q;
  if (vi >= n - 1) return sorted[n - 1]!;
  if (vi < 0) return sorted[0]!;
  const prev = Math.floor(vi);
  const a = sorted[prev]!;
  const b = sorted[prev + 1]!;
  const t = vi - prev;
  const diff = b - a;
  // numpy's _lerp: a + diff·t, but b − diff·(1 − t) when t ≥ 0.5
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

export const DECILES: readonly number[] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

/** Bin edges: the base deciles with duplicates removed (ascending). Empty base → no edges. */
export function quantileEdges(base: Float64Array): number[] {
  if (base.length === 0) return [];
  return quantileEdgesSorted(Float64Array.from(base).sort());
}

/** quantileEdges of a base sample already sorted ascending. */
export function quantileEdgesSorted(s: Float64Array): number[] {
  if (s.length === 0) return [];
  const edges: number[] = [];
  for (const q of DECILES) {
    const e = quantile(s, q);
    if (edges.length === 0 || e !== edges[edges.length - 1]) edges.push(e);
  }
  return edges;
}

/** Counts per bin (edges.length + 1 bins); bin of x = #edges strictly below x. */
export function binCounts(values: Float64Array, edges: number[]): Float64Array {
  const counts = new Float64Array(edges.length + 1);
  const k = edges.length;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    // binary search: number of edges < x (edges ascending)
    let lo = 0;
    let hi = k;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (edges[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    counts[lo]! += 1;
  }
  return counts;
}

/** The bins of a numeric feature: base's deduplicated decile edges and base's range. */
export interface NumericBins {
  edges: number[];
  min: number;
  max: number;
}

/** numericBins of a base sample already sorted ascending (non-empty). */
export function numericBinsSorted(s: Float64Array): NumericBins {
  return { edges: quantileEdgesSorted(s), min: s[0]!, max: s[s.length - 1]! };
}

export function numericBins(base: Float64Array): NumericBins {
  return numericBinsSorted(Float64Array.from(base).sort());
}

/**
 * Counts per bin, edges.length + 3 bins: [values < min, the quantile bins of values in [min, max]
 * (edges.length + 1 of them, bin = #edges strictly below), values > max].
 */
export function rangeBinCounts(values: Float64Array, bins: NumericBins): Float64Array {
  const { edges, min, max } = bins;
  const k = edges.length;
  const counts = new Float64Array(k + 3);
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (x < min) {
      counts[0]! += 1;
      continue;
    }
    if (x > max) {
      counts[k + 2]! += 1;
      continue;
    }
    let lo = 0;
    let hi = k;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (edges[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    counts[lo + 1]! += 1;
  }
  return counts;
}

/** The boundaries of the rangeBinCounts bins for a histogram: [min, ...edges, max] (counts = boundaries + 1). */
export function rangeBinBoundaries(bins: NumericBins): number[] {
  return [bins.min, ...bins.edges, bins.max];
}

export interface CategoryCounts {
  /** categories in first-seen order: base's, then head-only ones */
  categories: string[];
  base: Float64Array;
  head: Float64Array;
}

/** One bin per category in base ∪ head. */
export function categoryCounts(base: readonly string[], head: readonly string[]): CategoryCounts {
  const index = new Map<string, number>();
  const categories: string[] = [];
  const b: number[] = [];
  const h: number[] = [];
  for (const v of base) {
    let i = index.get(v);
    if (i === undefined) {
      i = categories.push(v) - 1;
      index.set(v, i);
      b.push(0);
      h.push(0);
    }
    b[i]!++;
  }
  for (const v of head) {
    let i = index.get(v);
    if (i === undefined) {
      i = categories.push(v) - 1;
      index.set(v, i);
      b.push(0);
      h.push(0);
    }
    h[i]!++;
  }
  return { categories, base: Float64Array.from(b), head: Float64Array.from(h) };
}
