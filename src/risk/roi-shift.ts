/**
 * roi-shift: what matters in the data changed (part type → tiny defects on the part), so the
 * target labels are no longer separable by the pretrained features. Evidence: cross-validated kNN
 * probe lift ((accuracy − chance)/(1 − chance)) and LogME under base labels vs head labels; head
 * items outside base's embedding coverage when low-level statistics did not move (otherwise that is
 * data drift).
 */
import type { Scenario } from '../contracts/index.js';
import type { RiskContext, RiskDataset } from './types.js';
import { atLeast, capScore, combine, fmt, graded, NO_DATASET, notApplicable, pct, type Finding } from './common.js';
import type { SideTransferability, TransferabilityReport } from '../contracts/index.js';
import { assessFeatures } from './data-drift.js';
import { boxRoiFinding } from './boxes.js';

function listClasses(s: SideTransferability): string {
  const c = s.classes;
  return c.length <= 4 ? c.join(', ') : `${c.slice(0, 4).join(', ')}, … (${c.length} classes)`;
}

export function describeProbe(what: string, s: SideTransferability): string {
  const p = s.knn;
  return `kNN probe (k=${p.k}, ${p.folds}-fold, cosine) on ${what} labels (${listClasses(s)}; ${s.n} items): accuracy ${fmt(p.accuracy)} vs chance ${fmt(p.chance)} (lift ${fmt(p.lift)}; shuffled labels ${fmt(p.baseline)})`;
}

/** The dataset's transferability report, or an empty one (no labels or no embeddings). */
export function transferabilityOf(ds: RiskDataset): TransferabilityReport {
  return ds.report.transferability ?? { labelsChanged: false, labelsSame: false };
}

export function describeLogme(what: string, s: SideTransferability): string {
  return `LogME on ${what} labels ${fmt(s.logme.score, 3)} vs ${fmt(s.logme.baseline, 3)} on shuffled labels (gain ${fmt(s.logme.gain, 3)})`;
}

export function roiShiftFinding(ds: RiskDataset, ctx: RiskContext): Finding {
  const t = ctx.t;
  const sep = transferabilityOf(ds);
  const evidence: string[] = [];
  const recs: string[] = [];
  let score = 0;
  const { base, head } = sep;
  if (base) evidence.push(describeProbe('base', base));
  if (head) evidence.push(describeProbe('head', head));
  if (base && head) {
    const drop = base.knn.lift - head.knn.lift;
    score = graded(drop, t.roiLiftDropMedium, t.roiLiftDropHigh);
    const explained = sep.labelsSame && drop > 0 && assessFeatures(ds.report.features, t, { modality: ds.report.modality }).strong.length > 0;
    // the comparison leads; the two probes it compares follow
    evidence.unshift(
      `label separability ${drop > 0 ? 'drops' : 'changes'} by ${fmt(Math.abs(drop))} in lift from base to head labels${sep.labelsChanged ? ' (the label set changed)' : ''}${explained ? ' (same labels: the image statistics moved too, see data-drift)' : ''}`,
    );
    // same labels and the image statistics moved: the drop is a consequence of data drift (reported there); cap at medium
    if (explained) score = capScore(score, 1);
    evidence.push(`${describeLogme('base', base)}; ${describeLogme('head', head)}`);
  } else if (head) {
    evidence.push(describeLogme('head', head));
    if (head.knn.lift < t.roiHeadLiftLow) {
      const below = (t.roiHeadLiftLow - Math.max(0, head.knn.lift)) / Math.max(t.roiHeadLiftLow, 1e-9);
      score = capScore(atLeast((1 / 3) * (1 + 0.99 * below), 'medium'), 1);
      evidence.push(
        `head labels are barely separable in the pretrained embedding (lift ${fmt(head.knn.lift)} < ${fmt(t.roiHeadLiftLow)}) and base has no comparable labels (${sep.notes?.base ?? 'none'})`,
      );
    } else {
      score = Math.min(0.3, 0.3 * Math.max(0, 1 - head.knn.lift));
    }
  } else {
    evidence.push(
      ds.report.error
        ? 'label separability not measured: the dataset could not be analyzed (see data-drift)'
        : `label separability not measured: head ${sep.notes?.head ?? (ds.report.embedding ? 'no labels' : 'no embeddings')}`,
    );
  }
  const nProbe = Math.min(base?.n ?? Infinity, head?.n ?? Infinity);
  if (Number.isFinite(nProbe) && nProbe < t.lowPowerItems) {
    evidence.push(`${nProbe} labeled items: low power — the probe accuracies are rough (± ${fmt(1 / Math.sqrt(nProbe))})`);
  }
  // coverage: head content the base never covered, with no low-level feature drift to explain it
  const e = ds.report.embedding;
  if (e?.outsideCoverage !== undefined) {
    const fa = assessFeatures(ds.report.features, t, { modality: ds.report.modality });
    const share = e.outsideCoverage;
    if (!fa.strong.length) {
      const g = capScore(graded(share, t.coverageMedium, t.coverageHigh), 1);
      score = Math.max(score, g);
      evidence.push(
        `${pct(share)} of head items lie outside base's embedding coverage (nearest-neighbour distance above base's ${Math.round(t.coverageQuantile * 100)}th percentile; about ${pct(1 - t.coverageQuantile)} expected) while low-level image statistics are stable`,
      );
    } else if (share >= t.coverageMedium) {
      evidence.push(`${pct(share)} of head items lie outside base coverage, explained by the feature drift (see data-drift)`);
    }
  }
  // detection datasets: what the boxes say (objects shrinking at the input, new classes, box drift, crops); strongest first
  const box = boxRoiFinding(ds, ctx);
  if (box) {
    const imageScore = score;
    score = Math.max(score, box.score);
    if (box.score >= imageScore) evidence.unshift(...box.evidence);
    else evidence.push(...box.evidence);
    recs.push(...box.recommendations);
  }
  if (score >= 1 / 3 - 1e-12) {
    recs.push(
      'the new labels depend on details the pretrained features do not separate: fine-tune deeper layers or the whole backbone rather than only the classifier head',
    );
    if (ds.report.modality === 'image')
      recs.push('use higher input resolution or crops/tiles around the region of interest so small defects survive the resize');
    else if (ds.report.modality === 'audio') recs.push('cut the clips around the events that carry the label, or use a model with finer time resolution');
    else if (ds.report.modality === 'text')
      recs.push('check that the words that carry the new labels are within the embedded text (length limits) and seen by the tokenizer');
    recs.push(
      'check a linear probe on a labeled pilot set before committing; consider a backbone pretrained for fine-grained or defect data, or training from scratch',
    );
  }
  return { score, evidence, recommendations: recs };
}

export function roiShift(datasets: RiskDataset[], ctx: RiskContext): Scenario {
  const parts = datasets.map((ds) => ({ dataset: ds.report.name, finding: roiShiftFinding(ds, ctx) }));
  if (!parts.length) return notApplicable('roi-shift', NO_DATASET);
  // roi-shift needs labels or embeddings: without either nothing about the region of interest was measured
  if (datasets.every((ds) => !ds.report.labels && !ds.report.embedding && !ds.report.transferability && !ds.report.boxes && !ds.report.error)) {
    return notApplicable('roi-shift', 'not applicable: the changed datasets have no labels, boxes or embeddings to measure label separability or coverage on');
  }
  return combine('roi-shift', parts, parts.length > 1);
}
