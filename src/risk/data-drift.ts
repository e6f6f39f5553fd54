/**
 * data-drift: did the statistics of the data move? Judged from the numbers the measure stage
 * (src/measure) put in the dataset report:
 * - per-item features (src/risk/features.ts): content features graded up to high, format features
 *   (resolution, file format, sample rate, encoding) at most medium with what preprocessing does;
 * - table columns (src/risk/columns.ts): missing values, fills (imputation), type changes; columns
 *   missing in head; a changed CSV delimiter;
 * - labels (src/risk/labels.ts): prior shift, new and removed classes;
 * - duplicates (src/risk/duplicates.ts): a head dominated by copies;
 * - embedding drift (domain-classifier AUC, MMD, per-component KS, the model's confidence) graded by
 *   effect size when significant, for the whole head sample and for added / modified items;
 * - unreadable data (src/risk/unreadable.ts): the share that could not be read, graded on its own.
 * Small samples say "low power" instead of claiming a confident low. The evidence leads with the
 * strongest finding.
 */
import { boundName, clampText, listNames, type DatasetReport, type EmbeddingReport, type Modality, type Scenario } from '../contracts/index.js';
import type { RiskContext, RiskDataset } from './types.js';
import type { RiskThresholds } from './thresholds.js';
import { assessColumns } from './columns.js';
import { atLeast, combine, fmt, fmtAuc, fmtMmd, fmtP, graded, NO_DATASET, notApplicable, pct, plural, type Finding } from './common.js';
import { assessDuplicates } from './duplicates.js';
import { assessFeatures, featureEffect, type FeatureAssessment } from './features.js';
import { assessLabels } from './labels.js';
import { termOf } from './terms.js';
import { PATH_MAX, REASON_MAX, unanalyzableFinding, unreadableFinding } from './unreadable.js';

export { assessFeatures, featureEffect, type FeatureAssessment };

export interface EmbeddingAssessment {
  score: number;
  evidence: string[];
  /** per sentence of `evidence`, the score it carries */
  scores: number[];
}

/** Per-component KS summary embeddingDrift adds to the report (src/measure/embedding.ts). */
interface ComponentKs {
  max: number;
  maxSignificant: number;
  significant: number;
}

/**
 * Grade an embedding drift report: significant (MMD or classifier p ≤ α/(2·tests)) AND effect
 * (classifier AUC); or a BH-significant PCA component with a large KS statistic; or the model's
 * confidence dropping with a significant KS test (not for a classifier head that is not about the
 * task, which carries a caveat).
 */
export function assessEmbedding(e: EmbeddingReport, t: RiskThresholds, what: string, tests = 1): EmbeddingAssessment {
  const a = t.alpha / tests;
  const sig = e.mmd.pValue <= a / 2 || (e.classifierPValue ?? 1) <= a / 2;
  const aucG = graded(e.classifierAuc - 0.5, t.embAucMedium - 0.5, t.embAucHigh - 0.5);
  let score = sig ? aucG : Math.min(aucG, 0.3);
  const ks = e.componentKs as ComponentKs | undefined;
  if (ks && ks.significant > 0) score = Math.max(score, graded(ks.maxSignificant, t.embKsMedium, t.embKsHigh));
  const evidence: string[] = [];
  const scores: number[] = [];
  const comp = e.components ? `${e.components} PCA components, ${pct(e.explainedVariance ?? 0)} of base variance` : 'no PCA components';
  evidence.push(
    `${what}: domain classifier ${fmtAuc(e.classifierAuc)}, ${fmtP(e.classifierPValue)}; ${fmtMmd(e.mmd.statistic)} (${fmtP(e.mmd.pValue)}); ${pct(e.driftShare)} of components drift (${comp})`,
  );
  scores.push(score);
  if (e.confidence?.ks) {
    const drop = e.confidence.base - e.confidence.head;
    const caveat = e.confidence.caveat;
    const g = caveat ? 0 : e.confidence.ks.pValue <= a ? graded(drop, t.confidenceDropMedium, t.confidenceDropHigh) : 0;
    score = Math.max(score, g);
    evidence.push(
      `the model's confidence (mean max softmax) ${fmt(e.confidence.base)} → ${fmt(e.confidence.head)} (KS ${fmt(e.confidence.ks.statistic)}, ${fmtP(e.confidence.ks.pValue)})${caveat ? ` — ${caveat}, not scored` : ''}`,
    );
    scores.push(g);
  }
  return { score, evidence, scores };
}

/**
 * The significance level of each family of data-drift tests: α divided by the number of families the
 * dataset has (per-item features, embedding, labels, duplicates, table columns' missing values), a
 * Bonferroni split, so the scenario as a whole keeps its false-positive rate near α however many kinds
 * of evidence it weighs (`npm run bench:calibration` measures it).
 */
export function familyAlpha(r: DatasetReport, t: RiskThresholds): number {
  let families = 0;
  if (r.features.length) families++;
  if (r.embedding) families++;
  if (r.labelDistribution && r.labelDistribution.classes.shared > 0) families++;
  if (r.duplicates) families++;
  if (r.modality === 'tabular' && r.features.some((f) => f.missingness || f.fill)) families++;
  return t.alpha / Math.max(1, families);
}

export interface DataDriftFinding extends Finding {
  /** a content feature drifted with at least a medium effect */
  featuresExplain: boolean;
  embeddingScore: number;
}

/** What may have moved the data, in the modality's terms. */
const CAUSES: Record<Modality, string> = {
  image: 'camera, exposure, lighting, encoding or ingestion',
  audio: 'microphone, gain, room, codec or ingestion',
  text: 'source, language, cleaning or ingestion',
  tabular: 'upstream source, ETL job, joins, units or encoding',
};

function recommendations(r: DatasetReport, fa: FeatureAssessment, score: number, contentMoved: boolean): string[] {
  const recs: string[] = [];
  const mod = r.modality;
  const names = fa.strong.map((f) => (mod === 'tabular' ? `\`${f.name.replace(/`/g, "'")}\`` : termOf(f.name, mod).label));
  if (names.length) recs.push(`find what changed the ${names.slice(0, 3).join(', ')} (${CAUSES[mod]}) and decide whether it is intended`);
  if (!contentMoved) {
    if (fa.format.length)
      recs.push(
        "the change is in how the data is stored: check that the training pipeline's preprocessing (decoding, resizing, resampling) handles the new format",
      );
    return recs;
  }
  if (mod === 'tabular') {
    recs.push('retrain (or recalibrate) on data from the new distribution and validate on a held-out set from it');
    if (score >= 2 / 3 - 1e-12)
      recs.push('refit the feature preprocessing (scalers, encoders, imputers) on the new data, or map the new data back to the old conventions upstream');
  } else {
    recs.push('collect more samples from the new source and fine-tune on a mix of old and new data; validate on a held-out set from the new source');
    if (score >= 2 / 3 - 1e-12) recs.push('consider fine-tuning deeper layers (not only the head), or normalizing the new data back to the old statistics');
  }
  return recs;
}

export function dataDriftFinding(ds: RiskDataset, ctx: RiskContext): DataDriftFinding {
  const t = ctx.t;
  const r = ds.report;
  const scored: Array<{ score: number; text: string }> = [];
  const context: string[] = [];
  const recs: string[] = [];
  const nMin = Math.min(r.sample.base, r.sample.head);
  const unreadable = unreadableFinding(r, t);
  if (r.error) {
    const f = unanalyzableFinding(r, t);
    return {
      score: Math.max(f.score, unreadable.score),
      evidence: [...f.evidence, ...unreadable.evidence],
      recommendations: [...f.recommendations, ...unreadable.recommendations.filter((x) => !f.recommendations.includes(x))],
      featuresExplain: false,
      embeddingScore: 0,
    };
  }
  const ch = r.changes;
  if (ch) {
    context.push(
      `this change adds ${ch.added}, modifies ${ch.modified}, deletes ${ch.deleted} and renames ${ch.renamed} items; sampled ${r.sample.base} base vs ${r.sample.head} head items`,
    );
  } else {
    context.push(`sampled ${r.sample.base} base vs ${r.sample.head} head items`);
  }
  if (unreadable.evidence.length) {
    // the unreadable share is graded on its own (its first sentence carries the score)
    unreadable.evidence.forEach((text, i) => scored.push({ score: i === 0 ? unreadable.score : 0, text }));
    recs.push(...unreadable.recommendations);
  } else if (r.skipped.length) {
    const bySide = (side: string) => r.skipped.filter((x) => x.side === side).length;
    context.push(
      `${plural(r.skipped.length, 'item')} skipped (base ${bySide('base')}, head ${bySide('head')}), e.g. ${boundName(r.skipped[0]!.path, PATH_MAX)}: ${clampText(r.skipped[0]!.reason, REASON_MAX)}`,
    );
  }
  if (nMin < t.minItemsForTests) {
    context.push(`${plural(nMin, 'item')} on the smaller side: too few to test for drift — this is not evidence of no drift`);
    recs.push(`add items or raise sample.size: drift tests need at least ${t.lowPowerItems} items per side to be informative`);
    const ranked = [...scored].sort((a, b) => b.score - a.score).map((x) => x.text);
    return { score: Math.max(0.3, unreadable.score), evidence: [...ranked, ...context], recommendations: recs, featuresExplain: false, embeddingScore: 0 };
  }

  // each family of tests at its share of α; effect thresholds as configured
  const tf: RiskThresholds = { ...t, alpha: familyAlpha(r, t) };

  // per-item features: content, format, file level
  const fa = assessFeatures(r.features, tf, { modality: r.modality, ...(r.contentForm ? { contentForm: r.contentForm } : {}) });
  scored.push(...fa.findings);
  context.push(...fa.notes);

  // table columns: missing values, fills, types; columns gone; the delimiter
  const ca = assessColumns(r, tf);
  scored.push(...ca.findings);
  context.push(...ca.notes);
  recs.push(...ca.recommendations);
  if (r.onlyIn?.base.length) {
    scored.push({ score: atLeast(0, 'medium'), text: `columns missing in head: ${listNames(r.onlyIn.base)}` });
    recs.push(`restore the columns the model was trained with (${listNames(r.onlyIn.base)}) or retrain the input layer`);
  }
  if (r.onlyIn?.head.length) context.push(`new columns in head: ${listNames(r.onlyIn.head)}`);
  const dl = r.delimiters;
  if (dl && dl.base.length && dl.head.length && dl.base.join() !== dl.head.join()) {
    const name = (xs: string[]) => xs.map((d) => JSON.stringify(d)).join(', ');
    scored.push({
      score: atLeast(0, 'medium'),
      text: `format change: the CSV field delimiter is ${name(dl.head)} in head (base ${name(dl.base)}) — read correctly here (sniffed), but a loader fixed to ${name(dl.base)} reads every row as one column`,
    });
    recs.push(`keep the delimiter ${name(dl.base)} or update every reader of these files`);
  } else if (dl && dl.head.some((d) => d !== ',')) {
    context.push(`CSV field delimiter ${dl.head.map((d) => JSON.stringify(d)).join(', ')} (sniffed)`);
  }

  // labels and duplicates
  const la = assessLabels(r, tf);
  scored.push(...la.findings);
  context.push(...la.notes);
  recs.push(...la.recommendations);
  const da = assessDuplicates(r, tf);
  scored.push(...da.findings);
  context.push(...da.notes);
  recs.push(...da.recommendations);

  // embeddings: the full head sample, and added / modified items separately
  let embScore = 0;
  const full = r.embedding;
  const sub = r.subsets;
  if (sub && (sub.counts.added || sub.counts.modified)) {
    context.push(`head sample: ${sub.counts.added} added, ${sub.counts.modified} modified, ${sub.counts.other} unchanged or renamed items`);
  }
  const tests = 1 + (sub?.tests.length ?? 0);
  if (full) {
    const ea = assessEmbedding(full, tf, `embedding (${full.dims}-d)`, tests);
    embScore = ea.score;
    ea.evidence.forEach((text, i) => scored.push({ score: ea.scores[i]!, text }));
    if (full.outsideCoverage !== undefined) {
      context.push(`${pct(full.outsideCoverage)} of head items lie outside base coverage (about ${pct(1 - t.coverageQuantile)} expected without shift)`);
    }
  }
  for (const s of sub?.tests ?? []) {
    const ea = assessEmbedding(s.embedding, tf, `${s.n} ${s.name} items vs base`, tests);
    scored.push({ score: ea.scores[0]!, text: ea.evidence[0]! });
    embScore = Math.max(embScore, ea.score);
    if (ea.score >= 1 / 3 - 1e-12) recs.push(`review the ${s.name} items: they differ from base in the model's embedding`);
  }

  let score = 0;
  for (const s of scored) score = Math.max(score, s.score);
  const contentMoved =
    Math.max(fa.contentScore, embScore, ...ca.findings.map((x) => x.score), ...la.findings.map((x) => x.score), ...da.findings.map((x) => x.score)) >=
    1 / 3 - 1e-12;

  if (nMin < t.lowPowerItems) {
    context.push(
      `${plural(nMin, 'item')}: low power — only large shifts are detectable${score < 1 / 3 ? '; "low" here means no large shift was seen, not that the data is unchanged' : ''}`,
    );
    recs.push(`raise sample.size or add items: ${t.lowPowerItems}+ per side make the drift tests informative`);
  }
  if (score >= 1 / 3 - 1e-12) {
    for (const rec of recommendations(r, fa, score, contentMoved)) if (!recs.includes(rec)) recs.push(rec);
    if ((ch?.modified ?? 0) > 0 && contentMoved)
      recs.push(`${plural(ch!.modified, 'existing item was', 'existing items were')} modified: confirm the re-capture or re-export was intended`);
  }
  // the strongest finding leads when something moved; the change counts are context
  const ranked = scored
    .map((s, i) => ({ ...s, i }))
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .map((s) => s.text);
  const evidence = score >= 1 / 3 - 1e-12 ? [...ranked, ...context] : [...context, ...ranked];
  return { score, evidence, recommendations: recs, featuresExplain: fa.strong.length > 0, embeddingScore: embScore };
}

export function dataDrift(datasets: RiskDataset[], ctx: RiskContext): Scenario {
  const parts = datasets.map((ds) => ({ dataset: ds.report.name, finding: dataDriftFinding(ds, ctx) }));
  // no dataset in the report: the pull request changes none (a dataset that failed to analyze is in the list)
  if (!parts.length) return notApplicable('data-drift', NO_DATASET);
  return combine('data-drift', parts, parts.length > 1);
}
