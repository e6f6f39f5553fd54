/**
 * Calibration of the table-column rules on seeded synthetic tables (no I/O): base and head are
 * independent samples of the same generator — a normal column, a skewed one with 10% of its cells
 * missing at random, an integer count with 3% missing, a categorical column, a column of unique ids
 * (high cardinality), a zip-code-like column with 200 categories — so every flag is a false positive.
 * Used by `npm run bench:calibration` and, small, by the jest suite.
 */
import type { FeatureValue, Columns } from '../data/item.js';
import { measureFeatures } from '../measure/features.js';
import { assessColumns } from '../risk/columns.js';
import { dataDriftFinding, familyAlpha } from '../risk/data-drift.js';
import { featureEffect } from '../risk/features.js';
import { mergeThresholds, type RiskThresholds } from '../risk/thresholds.js';
import { createRng, type Rng } from '../stats/rng.js';
import type { RateRow } from './images.js';

export const TABLE_COLUMNS = ['x', 'skewed', 'count', 'colour', 'id', 'zip'] as const;

function poisson(rng: Rng, lambda: number): number {
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rng.next();
  } while (p > l);
  return k - 1;
}

/** One side of the synthetic table: `n` rows; ids continue from `idOffset` (fresh ids on each side). */
export function tableSample(n: number, rng: Rng, idOffset: number): Columns {
  const cols: Record<(typeof TABLE_COLUMNS)[number], FeatureValue[]> = { x: [], skewed: [], count: [], colour: [], id: [], zip: [] };
  for (let i = 0; i < n; i++) {
    cols.x.push(Math.round((10 + 2 * rng.normal()) * 1000) / 1000);
    cols.skewed.push(rng.next() < 0.1 ? null : Math.round(Math.exp(rng.normal()) * 100) / 100);
    cols.count.push(rng.next() < 0.03 ? '' : poisson(rng, 4));
    const u = rng.next();
    cols.colour.push(u < 0.5 ? 'red' : u < 0.8 ? 'green' : u < 0.95 ? 'blue' : 'white');
    cols.id.push(`u${idOffset + i}`);
    // 200 zip codes with a Zipf-like spread
    cols.zip.push(`z${Math.floor(200 * rng.next() ** 2)}`);
  }
  return new Map(Object.entries(cols));
}

export interface TableTrialOutcome {
  /** per column with missing values: the missing-share drift flag */
  missingness: boolean[];
  /** per numeric column: a fill (imputation) flagged */
  fill: boolean[];
  typeChange: boolean;
  /** per high-cardinality column: its drift flag */
  cardinality: boolean[];
  /** per column: a drift flag with at least a medium effect */
  featureMedium: boolean[];
  /** any column rule (missing values, fills, types) ≥ medium */
  columnVerdict: boolean;
  dataDriftVerdict: boolean;
}

export function tableTrial(n: number, seed: number, t: RiskThresholds): TableTrialOutcome {
  const rng = createRng(seed);
  const base = tableSample(n, rng, 0);
  const head = tableSample(n, rng, 1_000_000);
  const { features } = measureFeatures(base, head, t, { modality: 'tabular' });
  const report = { name: 'synthetic.csv', modality: 'tabular' as const, sample: { base: n, head: n }, features, skipped: [] };
  const tf = { ...t, alpha: familyAlpha(report, t) };
  const ca = assessColumns(report, tf);
  const dd = dataDriftFinding({ report }, { pretrained: { task: 'none', model: 'none' }, target: { task: 'none' }, t });
  return {
    missingness: features.filter((f) => f.missingness).map((f) => f.missingness!.drift && f.missingness!.pAdjusted < tf.alpha),
    fill: features.filter((f) => f.kind === 'numeric').map((f) => !!f.fill && f.fill.pAdjusted < tf.alpha),
    typeChange: features.some((f) => f.typeChange),
    cardinality: features.filter((f) => f.cardinality).map((f) => f.drift && f.cardinality!.pAdjusted < tf.alpha),
    featureMedium: features.map(
      (f) => f.drift && ((f.cardinality ? f.cardinality.pAdjusted : f.metrics.pAdjusted) ?? 0) < tf.alpha && featureEffect(f, t) >= 1 / 3 - 1e-12,
    ),
    columnVerdict: ca.findings.some((f) => f.score >= 1 / 3 - 1e-12),
    dataDriftVerdict: dd.score >= 1 / 3 - 1e-12,
  };
}

/** False-positive rates of the column rules with no shift. Per-column tests pool trials × columns. */
export function tableFalsePositiveRates(opts: { trials: number; n: number; seed?: number; thresholds?: Record<string, number> }): RateRow[] {
  const t = mergeThresholds(opts.thresholds);
  const acc = { miss: [0, 0], fill: [0, 0], card: [0, 0], feat: [0, 0], type: 0, col: 0, dd: 0 };
  const add = (a: number[], xs: boolean[]) => {
    a[0]! += xs.filter(Boolean).length;
    a[1]! += xs.length;
  };
  for (let i = 0; i < opts.trials; i++) {
    const o = tableTrial(opts.n, (opts.seed ?? 3000) + i, t);
    add(acc.miss, o.missingness);
    add(acc.fill, o.fill);
    add(acc.card, o.cardinality);
    add(acc.feat, o.featureMedium);
    acc.type += o.typeChange ? 1 : 0;
    acc.col += o.columnVerdict ? 1 : 0;
    acc.dd += o.dataDriftVerdict ? 1 : 0;
  }
  const T = opts.trials;
  const rate = (a: number[]) => (a[1]! ? a[0]! / a[1]! : 0);
  return [
    { test: 'missing-share change flagged (per column with missing values)', rate: rate(acc.miss), trials: acc.miss[1]! },
    { test: 'fill / imputation flagged (per numeric column)', rate: rate(acc.fill), trials: acc.fill[1]! },
    { test: 'high-cardinality column drifts (per such column)', rate: rate(acc.card), trials: acc.card[1]! },
    { test: 'column drifts with at least a medium effect (per column)', rate: rate(acc.feat), trials: acc.feat[1]! },
    { test: 'type change named', rate: acc.type / T, trials: T },
    { test: 'missing values / fills / types ≥ medium (family-wise)', rate: acc.col / T, trials: T },
    { test: 'table data-drift scenario ≥ medium', rate: acc.dd / T, trials: T },
  ];
}
