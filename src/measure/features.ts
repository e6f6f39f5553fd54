/**
 * Per-item feature drift of one dataset: every feature (table column, image/audio/text feature) that
 * both sides have, measured by src/stats/feature-drift.ts with the trusted significance level.
 */
import type { FeatureReport } from '../contracts/index.js';
import type { Columns } from '../data/item.js';
import type { RiskThresholds } from '../risk/thresholds.js';
import { measureColumns } from '../stats/feature-drift.js';

export interface FeaturesMeasured {
  features: FeatureReport[];
  onlyIn?: { base: string[]; head: string[] };
}

/** Every column both sides have (items' features via `toColumns`, or a table's columns). */
export function measureFeatures(base: Columns, head: Columns, t: RiskThresholds): FeaturesMeasured {
  const measured = measureColumns(base, head, { alpha: t.alpha });
  const out: FeaturesMeasured = { features: measured.features };
  if (measured.onlyIn.base.length > 0 || measured.onlyIn.head.length > 0) out.onlyIn = measured.onlyIn;
  return out;
}
