/** Short per-side summaries of a feature for evidence in the user's terms. */
import type { FeatureSummary } from '../contracts/index.js';
import { quantile } from './binning.js';
import { stdPopulation } from './wasserstein.js';

/** n, mean, median, std (ddof 0), min, max of the (finite) values; only n when empty. */
export function describeNumeric(values: Float64Array): FeatureSummary {
  return describeNumericSorted(Float64Array.from(values).sort());
}

/** describeNumeric of values already sorted ascending. */
export function describeNumericSorted(s: Float64Array): FeatureSummary {
  const n = s.length;
  if (n === 0) return { n: 0 };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += s[i]!;
  return {
    n,
    mean: sum / n,
    median: quantile(s, 0.5),
    std: stdPopulation(s),
    min: s[0]!,
    max: s[n - 1]!,
  };
}

/** n and the 5 most frequent categories with their shares (ties: first seen first). */
export function describeCategorical(values: readonly string[], top = 5): FeatureSummary {
  const n = values.length;
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const entries = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  return { n, top: entries.slice(0, top).map(([value, c]) => ({ value, share: c / n })) };
}
