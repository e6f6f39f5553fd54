/**
 * Added and modified head items tested on their own against base in the embedding: a few shifted
 * items among many unchanged ones do not move the whole head sample, but they do differ from base on
 * their own. Each subset is tested at α / (1 + number of subsets) (Bonferroni over the full test and
 * the subsets), so the family of embedding tests keeps its false-positive rate.
 */
import type { SubsetReport } from '../contracts/index.js';
import type { ItemStatus } from '../data/item.js';
import type { RiskThresholds } from '../risk/thresholds.js';
import type { Matrix } from '../stats/matrix.js';
import { driftOptions, embeddingDrift } from './embedding.js';

function subsetRows(m: Matrix, rows: number[]): Matrix {
  const out: Matrix = { rows: rows.length, cols: m.cols, data: new Float64Array(rows.length * m.cols) };
  rows.forEach((r, i) => out.data.set(m.data.subarray(r * m.cols, (r + 1) * m.cols), i * m.cols));
  return out;
}

/** The subsets worth testing: at least subsetMinItems items and less than 90% of the head sample. */
export function subsetRowsOf(
  status: readonly ItemStatus[],
  t: RiskThresholds,
): { counts: SubsetReport['counts']; subsets: Array<{ name: 'added' | 'modified'; rows: number[] }> } {
  const added: number[] = [];
  const modified: number[] = [];
  status.forEach((s, i) => {
    if (s === 'added') added.push(i);
    else if (s === 'modified') modified.push(i);
  });
  const subsets: Array<{ name: 'added' | 'modified'; rows: number[] }> = [];
  for (const [name, rows] of [
    ['added', added],
    ['modified', modified],
  ] as const) {
    if (rows.length >= t.subsetMinItems && rows.length < 0.9 * status.length) subsets.push({ name, rows: [...rows] });
  }
  return { counts: { added: added.length, modified: modified.length, other: status.length - added.length - modified.length }, subsets };
}

/** Subset tests of the head sample (rows aligned with `status`); undefined when nothing was added or modified. */
export function measureSubsets(base: Matrix, head: Matrix, status: readonly ItemStatus[], t: RiskThresholds, seed: number): SubsetReport | undefined {
  if (status.length !== head.rows) return undefined;
  const { counts, subsets } = subsetRowsOf(status, t);
  if (counts.added === 0 && counts.modified === 0) return undefined;
  const tests = 1 + subsets.length;
  return {
    counts,
    tests: subsets.map((s) => ({
      name: s.name,
      n: s.rows.length,
      embedding: embeddingDrift(base, subsetRows(head, s.rows), driftOptions(t, seed + 7, t.alpha / tests)),
    })),
  };
}
