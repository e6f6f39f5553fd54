/** Wasserstein-1 distance between two empirical distributions (= scipy.stats.wasserstein_distance). */

function sortedCopy(x: Float64Array): Float64Array {
  return Float64Array.from(x).sort();
}

export function wasserstein1(a: Float64Array, b: Float64Array): number {
  return wasserstein1Sorted(sortedCopy(a), sortedCopy(b));
}

/** W1 of samples already sorted ascending. */
export function wasserstein1Sorted(sa: Float64Array, sb: Float64Array): number {
  const n = sa.length;
  const m = sb.length;
  if (n === 0 || m === 0) throw new Error('wasserstein1: samples must not be empty');
  // walk the merged sorted values; between consecutive values the CDFs are constant
  let i = 0;
  let j = 0;
  let prev = Math.min(sa[0]!, sb[0]!);
  let total = 0;
  while (i < n || j < m) {
    const v = j >= m || (i < n && sa[i]! <= sb[j]!) ? sa[i]! : sb[j]!;
    if (v !== prev) {
      total += Math.abs(i / n - j / m) * (v - prev);
      prev = v;
    }
    while (i < n && sa[i]! <= v) i++;
    while (j < m && sb[j]! <= v) j++;
  }
  return total;
}

/** Population standard deviation (ddof 0), two-pass. */
export function stdPopulation(x: Float64Array): number {
  const n = x.length;
  if (n === 0) return NaN;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i]!;
  const mean = s / n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i]! - mean;
    ss += d * d;
  }
  const std = Math.sqrt(ss / n);
  return Number.isFinite(std) ? std : stdScaled(x);
}

/** The same on values scaled by their largest magnitude: finite for any finite input (the sums above overflow near ±1e308). */
function stdScaled(x: Float64Array): number {
  let scale = 0;
  for (let i = 0; i < x.length; i++) scale = Math.max(scale, Math.abs(x[i]!));
  if (!Number.isFinite(scale) || scale === 0) return Number.isFinite(scale) ? 0 : NaN;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! / scale;
  const mean = s / x.length;
  let ss = 0;
  for (let i = 0; i < x.length; i++) {
    const d = x[i]! / scale - mean;
    ss += d * d;
  }
  return scale * Math.sqrt(ss / x.length);
}

/** W1 / max(std(base, ddof 0), 0.001). `a` is the base sample. */
export function wassersteinNormed(a: Float64Array, b: Float64Array): number {
  return wasserstein1(a, b) / Math.max(stdPopulation(a), 0.001);
}
