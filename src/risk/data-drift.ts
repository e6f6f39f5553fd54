/**
 * data-drift: did the statistics of the data move? Per-item features (PSI, KS, Wasserstein, JS;
 * a feature counts only when its test is significant after BH AND an effect size passes — the
 * `drift` flag from src/stats) graded by effect size, and embedding drift (domain-classifier AUC,
 * MMD, per-component KS, model confidence) graded by effect size when significant. Added and
 * modified items are tested separately against base when there are enough of them. Small samples
 * say "low power" instead of claiming a confident low.
 */
import type { EmbeddingReport, FeatureReport, Scenario } from '../contracts/index.js';
import type { RiskContext, RiskDataset } from './types.js';
import type { RiskThresholds } from './thresholds.js';
import { atLeast, capScore, combine, fmt, fmtP, graded, pct, plural, type Finding } from './common.js';
import { describeChange, describeResolution, termOf } from './terms.js';
import { unanalyzableFinding, unreadableFinding } from './unreadable.js';

/** Effect-size grade of one feature on the shared score scale (whether or not it is significant). */
export function featureEffect(f: FeatureReport, t: RiskThresholds): number {
  const m = f.metrics;
  const psiG = graded(m.psi, t.featurePsiMedium, t.featurePsiHigh);
  if (f.kind === 'categorical') return Math.min(psiG, graded(m.js, t.featureJsMedium, t.featureJsHigh));
  if (m.wassersteinNormed === undefined) return psiG;
  return Math.min(psiG, graded(m.wassersteinNormed, t.featureWnMedium, t.featureWnHigh));
}

export interface FeatureAssessment {
  score: number;
  /** drifting primary (non-container) features at medium effect or more, strongest first */
  strong: FeatureReport[];
  evidence: string[];
}

export function assessFeatures(features: FeatureReport[], t: RiskThresholds): FeatureAssessment {
  const drifting = features.filter((f) => f.drift).map((f) => ({ f, g: featureEffect(f, t) }));
  drifting.sort((a, b) => b.g - a.g);
  const primary = drifting.filter((d) => !termOf(d.f.name).secondary);
  const secondary = drifting.filter((d) => termOf(d.f.name).secondary);
  const strong = primary.filter((d) => d.g >= 1 / 3 - 1e-12);
  let score = primary.length ? primary[0]!.g : 0;
  if (strong.length >= t.featureCountHigh) score = atLeast(score, 'high');
  if (secondary.length) score = Math.max(score, capScore(secondary[0]!.g, 0));
  const evidence: string[] = [];
  const byName = new Map(features.map((f) => [f.name, f] as const));
  const shown = new Set<string>();
  const resolutionMoved = drifting.some((d) => d.f.name === 'width' || d.f.name === 'height');
  if (resolutionMoved) {
    const res = describeResolution(byName.get('width'), byName.get('height'));
    const w = drifting.find((d) => d.f.name === 'width' || d.f.name === 'height')!;
    if (res) {
      evidence.push(`${res} (PSI ${fmt(w.f.metrics.psi)})`);
      shown.add('width').add('height');
    }
  }
  // per-item content features first: file-level ones (bytes, format) only accompany them
  for (const { f } of [...primary, ...secondary].slice(0, 6)) {
    if (shown.has(f.name)) continue;
    shown.add(f.name);
    const m = f.metrics;
    const parts = [`PSI ${fmt(m.psi)}`];
    if (m.ks) parts.push(`KS ${fmt(m.ks.statistic)}, ${fmtP(m.pAdjusted ?? m.ks.pValue)}`);
    if (m.chi2) parts.push(`χ² ${fmt(m.chi2.statistic)}, ${fmtP(m.pAdjusted ?? m.chi2.pValue)}`);
    if (m.wassersteinNormed !== undefined) parts.push(`shift ${fmt(m.wassersteinNormed)} base SD`);
    if (f.kind === 'categorical') parts.push(`JS ${fmt(m.js)}`);
    const note = termOf(f.name).secondary ? ' — file-level only, not a transfer risk by itself' : '';
    evidence.push(`${describeChange(f)} (${parts.join('; ')})${note}`);
  }
  if (drifting.length > 6) evidence.push(`${drifting.length - 6} more features drift (see the dataset section)`);
  if (!drifting.length && features.length) {
    const top = features
      .map((f) => ({ f, g: featureEffect(f, t) }))
      .sort((a, b) => b.g - a.g)[0]!;
    evidence.push(
      `no per-item feature drifts (significant after Benjamini–Hochberg and past its effect-size threshold); largest PSI ${fmt(top.f.metrics.psi)} on ${termOf(top.f.name).label}`,
    );
  }
  return { score, strong: strong.map((d) => d.f), evidence };
}

export interface EmbeddingAssessment {
  score: number;
  evidence: string[];
}

/**
 * Grade an embedding drift report: significant (MMD or classifier p ≤ α/(2·tests)) AND effect
 * (classifier AUC); or a BH-significant PCA component with a large KS statistic; or the model's
 * confidence dropping with a significant KS test.
 */
/** Per-component KS summary embeddingDrift adds to the report (src/measure/embedding.ts). */
interface ComponentKs {
  max: number;
  maxSignificant: number;
  significant: number;
}

export function assessEmbedding(e: EmbeddingReport, t: RiskThresholds, what: string, tests = 1): EmbeddingAssessment {
  const a = t.alpha / tests;
  const sig = e.mmd.pValue <= a / 2 || (e.classifierPValue ?? 1) <= a / 2;
  const aucG = graded(e.classifierAuc - 0.5, t.embAucMedium - 0.5, t.embAucHigh - 0.5);
  let score = sig ? aucG : Math.min(aucG, 0.3);
  const ks = e.componentKs as ComponentKs | undefined;
  if (ks && ks.significant > 0) score = Math.max(score, graded(ks.maxSignificant, t.embKsMedium, t.embKsHigh));
  const evidence: string[] = [];
  const comp = e.components ? `${e.components} PCA components, ${pct(e.explainedVariance ?? 0)} of base variance` : 'no PCA components';
  evidence.push(
    `${what}: domain classifier AUC ${fmt(e.classifierAuc)} (${fmtP(e.classifierPValue)}), MMD² ${fmt(e.mmd.statistic)} (${fmtP(e.mmd.pValue)}), ${pct(e.driftShare)} of components drift (${comp})`,
  );
  if (e.confidence?.ks) {
    const drop = e.confidence.base - e.confidence.head;
    if (e.confidence.ks.pValue <= a) score = Math.max(score, graded(drop, t.confidenceDropMedium, t.confidenceDropHigh));
    evidence.push(
      `the model's confidence (mean max softmax) ${fmt(e.confidence.base)} → ${fmt(e.confidence.head)} (KS ${fmt(e.confidence.ks.statistic)}, ${fmtP(e.confidence.ks.pValue)})`,
    );
  }
  return { score, evidence };
}

export interface DataDriftFinding extends Finding {
  /** a primary per-item feature drifted with at least a medium effect */
  featuresExplain: boolean;
  embeddingScore: number;
}

export function dataDriftFinding(ds: RiskDataset, ctx: RiskContext): DataDriftFinding {
  const t = ctx.t;
  const r = ds.report;
  const evidence: string[] = [];
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
    evidence.push(
      `this change adds ${ch.added}, modifies ${ch.modified}, deletes ${ch.deleted} and renames ${ch.renamed} items; sampled ${r.sample.base} base vs ${r.sample.head} head items`,
    );
  } else {
    evidence.push(`sampled ${r.sample.base} base vs ${r.sample.head} head items`);
  }
  if (unreadable.evidence.length) {
    evidence.push(...unreadable.evidence);
    recs.push(...unreadable.recommendations);
  } else if (r.skipped.length) {
    const bySide = (side: string) => r.skipped.filter((x) => x.side === side).length;
    evidence.push(`${plural(r.skipped.length, 'item')} skipped (base ${bySide('base')}, head ${bySide('head')}), e.g. ${r.skipped[0]!.path}: ${r.skipped[0]!.reason}`);
  }
  if (nMin < t.minItemsForTests) {
    evidence.push(`${plural(nMin, 'item')} on the smaller side: too few to test for drift — this is not evidence of no drift`);
    recs.push(`add items or raise sample.size: drift tests need at least ${t.lowPowerItems} items per side to be informative`);
    return { score: Math.max(0.3, unreadable.score), evidence, recommendations: recs, featuresExplain: false, embeddingScore: 0 };
  }
  const fa = assessFeatures(r.features, t);
  evidence.push(...fa.evidence);
  let score = fa.score;
  if (r.onlyIn?.base.length) {
    score = atLeast(score, 'medium');
    evidence.push(`columns missing in head: ${r.onlyIn.base.join(', ')}`);
    recs.push(`restore the columns the model was trained with (${r.onlyIn.base.join(', ')}) or retrain the input layer`);
  }
  if (r.onlyIn?.head.length) evidence.push(`new columns in head: ${r.onlyIn.head.join(', ')}`);

  // embeddings: the full head sample, and added / modified items separately
  let embScore = 0;
  const full = r.embedding;
  const sub = r.subsets;
  if (sub && (sub.counts.added || sub.counts.modified)) {
    evidence.push(`head sample: ${sub.counts.added} added, ${sub.counts.modified} modified, ${sub.counts.other} unchanged or renamed items`);
  }
  const tests = 1 + (sub?.tests.length ?? 0);
  if (full) {
    const ea = assessEmbedding(full, t, `embedding (${full.dims}-d)`, tests);
    embScore = ea.score;
    evidence.push(...ea.evidence);
    if (full.outsideCoverage !== undefined) {
      evidence.push(`${pct(full.outsideCoverage)} of head items lie outside base coverage (about ${pct(1 - t.coverageQuantile)} expected without shift)`);
    }
  }
  for (const s of sub?.tests ?? []) {
    const ea = assessEmbedding(s.embedding, t, `${s.n} ${s.name} items vs base`, tests);
    evidence.push(...ea.evidence.slice(0, 1));
    embScore = Math.max(embScore, ea.score);
    if (ea.score >= 1 / 3 - 1e-12) recs.push(`review the ${s.name} items: they differ from base in the model's embedding`);
  }
  score = Math.max(score, embScore, unreadable.score);

  if (nMin < t.lowPowerItems) {
    evidence.push(
      `${plural(nMin, 'item')}: low power — only large shifts are detectable${score < 1 / 3 ? '; "low" here means no large shift was seen, not that the data is unchanged' : ''}`,
    );
    recs.push(`raise sample.size or add items: ${t.lowPowerItems}+ per side make the drift tests informative`);
  }
  if (score >= 1 / 3 - 1e-12) {
    const names = fa.strong.map((f) => termOf(f.name).label);
    if (names.length) recs.push(`find what changed the ${names.slice(0, 3).join(', ')} (camera, exposure, encoding or ingestion) and decide whether it is intended`);
    recs.push('collect more samples from the new source and fine-tune on a mix of old and new data; validate on a held-out set from the new source');
    if (score >= 2 / 3 - 1e-12) recs.push('consider fine-tuning deeper layers (not only the head), or normalizing the new data back to the old statistics');
    if ((ch?.modified ?? 0) > 0) recs.push(`${plural(ch!.modified, 'existing item was', 'existing items were')} modified: confirm the re-capture or re-export was intended`);
  }
  // lead with what moved when something did; the change counts are context
  const ordered = score >= 1 / 3 - 1e-12 && evidence.length > 1 ? [...evidence.slice(1), evidence[0]!] : evidence;
  return { score, evidence: ordered, recommendations: recs, featuresExplain: fa.strong.length > 0, embeddingScore: embScore };
}

export function dataDrift(datasets: RiskDataset[], ctx: RiskContext): Scenario {
  const parts = datasets.map((ds) => ({ dataset: ds.report.name, finding: dataDriftFinding(ds, ctx) }));
  if (!parts.length) return combine('data-drift', [{ finding: { score: 0, evidence: ['no dataset was analyzed'], recommendations: [] } }], false);
  return combine('data-drift', parts, parts.length > 1);
}
