import type { DatasetReport, FeatureReport } from '../../src/contracts/index.js';
import type { ItemStatus } from '../../src/data/item.js';
import { driftOptions, embeddingDrift } from '../../src/measure/embedding.js';
import { measureSubsets } from '../../src/measure/subsets.js';
import { measureTransferability } from '../../src/measure/transferability.js';
import type { RiskContext, RiskDataset } from '../../src/risk/types.js';
import type { Matrix } from '../../src/stats/matrix.js';
import { createRng } from '../../src/stats/rng.js';
import { mergeThresholds } from '../../src/risk/thresholds.js';

export function numericFeature(
  name: string,
  o: { psi: number; wn?: number; drift: boolean; base?: number; head?: number; p?: number; baseMedian?: number; headMedian?: number },
): FeatureReport {
  const f: FeatureReport = {
    name,
    kind: 'numeric',
    metrics: {
      psi: o.psi,
      kl: o.psi / 2,
      js: Math.min(1, o.psi / 3),
      ks: { statistic: 0.5, pValue: o.p ?? (o.drift ? 1e-6 : 0.4) },
      wasserstein: o.wn ?? 0,
      wassersteinNormed: o.wn ?? 0,
      pAdjusted: o.p ?? (o.drift ? 1e-5 : 0.6),
    },
    drift: o.drift,
  };
  if (o.base !== undefined && o.head !== undefined) {
    f.summary = {
      base: { n: 100, mean: o.base, median: o.baseMedian ?? o.base },
      head: { n: 100, mean: o.head, median: o.headMedian ?? o.head },
    };
  }
  return f;
}

export function report(o: Partial<DatasetReport> = {}): DatasetReport {
  return { name: 'parts', modality: 'image', sample: { base: 200, head: 200 }, features: [], skipped: [], ...o };
}

export function ctx(overrides: Record<string, number> = {}, pretrained: Partial<RiskContext['pretrained']> = {}, targetTask = 'classification'): RiskContext {
  return {
    pretrained: { task: 'classification', source: 'imagenet', model: 'builtin:default', ...pretrained },
    target: { task: targetTask },
    t: { ...mergeThresholds(overrides), mmdPermutations: 100, classifierPermutations: 40 },
  };
}

/** n rows of d-dim gaussian noise around `center` (length d), std `sd`. */
export function gaussian(n: number, d: number, seed: number, center?: number[], sd = 1): Matrix {
  const rng = createRng(seed);
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) data[i * d + j] = (center?.[j] ?? 0) + sd * rng.normal();
  return { rows: n, cols: d, data };
}

/** `classes` well separated clusters in d dims (cluster c centred at 6·e_c), n per class; returns matrix + labels. */
export function clusters(nPerClass: number, classes: number, d: number, seed: number, spread = 1): { m: Matrix; labels: number[] } {
  const rng = createRng(seed);
  const n = nPerClass * classes;
  const data = new Float64Array(n * d);
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % classes;
    labels.push(c);
    for (let j = 0; j < d; j++) data[i * d + j] = (j === c ? 6 : 0) + 2 + spread * rng.normal();
  }
  return { m: { rows: n, cols: d, data }, labels };
}

/** Embeddings of a test dataset, measured into its report by the measure stage (src/measure) before the rules judge it. */
export interface TestEmbeddings {
  base: Matrix;
  head: Matrix;
  baseLabels?: string[];
  headLabels?: string[];
  baseProbs?: Matrix;
  headProbs?: Matrix;
  headStatus?: ItemStatus[];
}

export const MEASURE_SEED = 7;

/**
 * A risk dataset. With `embeddings`, the measure stage fills the report as the pipeline does:
 * embedding drift (unless the report already has one), added/modified subsets, transferability.
 */
export function ds(r: DatasetReport, extra: Partial<RiskDataset> & { embeddings?: TestEmbeddings } = {}): RiskDataset {
  const { embeddings: e, ...rest } = extra;
  if (e) {
    const t = ctx().t;
    if (!r.embedding && e.base.rows >= t.minItemsForTests && e.head.rows >= t.minItemsForTests) {
      r.embedding = embeddingDrift(e.base, e.head, {
        ...driftOptions(t, MEASURE_SEED),
        ...(e.baseProbs ? { baseProbs: e.baseProbs } : {}),
        ...(e.headProbs ? { headProbs: e.headProbs } : {}),
      });
    }
    if (e.headStatus) {
      const sub = measureSubsets(e.base, e.head, e.headStatus, t, MEASURE_SEED);
      if (sub) r.subsets = sub;
    }
    if (e.baseLabels || e.headLabels) {
      r.transferability = measureTransferability(
        { features: e.base, ...(e.baseLabels ? { labels: e.baseLabels } : {}), ...(e.baseProbs ? { probs: e.baseProbs } : {}) },
        { features: e.head, ...(e.headLabels ? { labels: e.headLabels } : {}), ...(e.headProbs ? { probs: e.headProbs } : {}) },
        t,
        MEASURE_SEED,
        { classifierHead: true },
      );
    }
  }
  return { report: r, ...rest };
}
