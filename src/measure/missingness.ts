/**
 * Missing values per column, base vs head: the missing share of each side, Fisher's exact test on the
 * 2×2 table (missing / present × base / head); and, for table columns, a value whose share jumped —
 * a constant fill, which is what imputed missing values look like (the mean, 0, −999 written where
 * the cell was empty). The p-values are corrected together (Benjamini–Hochberg) by the caller.
 */
import type { FillReport } from '../contracts/index.js';
import type { FeatureValue } from '../data/item.js';
import type { RiskThresholds } from '../risk/thresholds.js';
import { isMissing, parseNumber } from '../stats/feature-drift.js';
import { fisherExact } from '../stats/fisher.js';

export interface MissingCounts {
  rows: number;
  missing: number;
}

/** p-value of the missing shares' difference (Fisher), 1 when a side has no rows. */
export function missingnessPValue(b: MissingCounts, h: MissingCounts): number {
  if (b.rows === 0 || h.rows === 0) return 1;
  return fisherExact(b.missing, b.rows - b.missing, h.missing, h.rows - h.missing);
}

/**
 * The most frequent finite number of a column and its count (ties: the smaller number). One pass with
 * run lengths when the numbers come sorted (src/compare.ts presorts table columns), else a count map.
 */
function modeOf(values: readonly FeatureValue[]): { value: number; count: number } | undefined {
  let best: number | undefined;
  let bestCount = 0;
  let prev = -Infinity;
  let run = 0;
  let sorted = true;
  for (const v of values) {
    if (isMissing(v)) continue;
    const x = parseNumber(v!);
    if (x === undefined || !Number.isFinite(x)) continue;
    if (x < prev) {
      sorted = false;
      break;
    }
    run = x === prev ? run + 1 : 1;
    prev = x;
    if (run > bestCount) [best, bestCount] = [x, run];
  }
  if (sorted) return best === undefined ? undefined : { value: best, count: bestCount };
  const map = new Map<number, number>();
  for (const v of values) {
    if (isMissing(v)) continue;
    const x = parseNumber(v!);
    if (x === undefined || !Number.isFinite(x)) continue;
    map.set(x, (map.get(x) ?? 0) + 1);
  }
  best = undefined;
  bestCount = 0;
  for (const [x, c] of map) if (c > bestCount || (c === bestCount && best !== undefined && x < best)) [best, bestCount] = [x, c];
  return best === undefined ? undefined : { value: best, count: bestCount };
}

/** Whether the column has at least `k` distinct finite numbers (stops counting at k). */
function distinctAtLeast(values: readonly FeatureValue[], k: number): boolean {
  const seen = new Set<number>();
  for (const v of values) {
    if (isMissing(v)) continue;
    const x = parseNumber(v!);
    if (x === undefined || !Number.isFinite(x)) continue;
    seen.add(x);
    if (seen.size >= k) return true;
  }
  return false;
}

function countOf(values: readonly FeatureValue[], x: number): number {
  let c = 0;
  for (const v of values) {
    if (isMissing(v)) continue;
    if (parseNumber(v!) === x) c++;
  }
  return c;
}

/** A fill candidate before the correction: the head's most common value, if its share rose enough. */
export type FillCandidate = Omit<FillReport, 'pAdjusted'>;

/**
 * The head's most frequent number, when its share of head rows rose by at least `fillShareMedium` over
 * its share of base rows AND either the missing share fell by at least half as much (the missing cells
 * were filled: imputed) or it was rare in base (≤ fillBaseShareMax) in a column whose base values
 * spread over at least fillMinDistinct numbers (a new point mass in a continuous column: a constant fill).
 */
export function fillCandidate(
  base: readonly FeatureValue[],
  head: readonly FeatureValue[],
  bm: MissingCounts,
  hm: MissingCounts,
  t: RiskThresholds,
): FillCandidate | undefined {
  if (bm.rows === 0 || hm.rows === 0) return undefined;
  const mode = modeOf(head);
  if (!mode || mode.count < 2) return undefined;
  const { value, count } = mode;
  const bc = countOf(base, value);
  const shareB = bc / bm.rows;
  const shareH = count / hm.rows;
  const rise = shareH - shareB;
  if (rise < t.fillShareMedium) return undefined;
  const missingDrop = bm.missing / bm.rows - hm.missing / hm.rows;
  const imputed = missingDrop >= 0.5 * rise;
  if (!imputed) {
    // a new point mass is a fill only in a column that otherwise spreads over many values: a new value
    // of a column with few (ISO 100/200/400, a fixed resolution) is an ordinary distribution change
    if (shareB > t.fillBaseShareMax) return undefined;
    if (distinctAtLeast(base, t.fillMinDistinct) === false) return undefined;
  }
  const pValue = fisherExact(bc, bm.rows - bc, count, hm.rows - count);
  return { value: String(value), share: { base: shareB, head: shareH }, pValue, kind: imputed ? 'imputed' : 'constant' };
}
