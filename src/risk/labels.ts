/**
 * Labels, judged under data-drift: a prior shift (class proportions moving, chi-square significant
 * and Jensen–Shannon distance at least labelJsMedium) changes what fine-tuning learns even when every
 * item looks the same, and classes appearing or disappearing change the classifier head: both are
 * medium. A label set replaced entirely (no class shared) is a relabeling: medium here, as classes added
 * and dropped are, and roi-shift judges the new labels' separability where there are embeddings. Items
 * without a label are left out of that comparison, so the rise of the unlabelled share from base to head
 * is graded on its own like a column's missing share (missingShareMedium / missingShareHigh): a pull
 * request that deletes or blanks the labels of the class it changes raises the verdict, never lowers it.
 */
import type { DatasetReport } from '../contracts/index.js';
import type { RiskThresholds } from './thresholds.js';
import { atLeast, capScore, fmt, fmtP, graded, pct } from './common.js';

export interface LabelAssessment {
  findings: Array<{ score: number; text: string }>;
  recommendations: string[];
  notes: string[];
}

function list(xs: string[]): string {
  const q = xs.slice(0, 5).map((x) => `\`${x.replace(/`/g, "'")}\``);
  return xs.length > 5 ? `${q.join(', ')} and ${xs.length - 5} more` : q.join(', ');
}

const pc = (x: number) => `${fmt(x * 100, x * 100 < 10 ? 1 : 0)}%`;

export function assessLabels(r: DatasetReport, t: RiskThresholds): LabelAssessment {
  const ld = r.labelDistribution;
  const out: LabelAssessment = { findings: [], recommendations: [], notes: [] };
  assessUnlabelled(r, t, out);
  if (!ld) return out;
  if (ld.classes.shared === 0) {
    // every class added and every class dropped: at least what either alone is (medium). roi-shift judges
    // the new labels' separability where there are embeddings; where there are none (tables, text without
    // a model), this is the only grade the relabeling gets, and it must not be low.
    out.findings.push({
      score: atLeast(0, 'medium'),
      text: `the label set was replaced (${ld.classes.base} base classes, ${ld.classes.head} head classes, none shared; e.g. ${list(ld.added)}): a relabeling — the classifier head is learned anew and nothing base taught it about the labels carries over`,
    });
    out.recommendations.push(
      'a replaced label set: if this is a rename, map the old class names to the new ones in one commit and say so; otherwise fine-tune a fresh classifier head and check per-class metrics',
    );
    return out;
  }
  const sig = ld.chi2.pValue < t.alpha;
  const shift = ld.largest ? `; largest change ${`\`${ld.largest.label.replace(/`/g, "'")}\``} ${pc(ld.largest.base)} → ${pc(ld.largest.head)}` : '';
  const text = `class proportions base → head: JS ${fmt(ld.js)} (χ² ${fmt(ld.chi2.statistic)}, ${fmtP(ld.chi2.pValue)}${shift})`;
  if (sig && ld.js >= t.labelJsMedium) {
    out.findings.push({ score: capScore(atLeast(graded(ld.js, t.labelJsMedium, 2 * t.labelJsMedium), 'medium'), 1), text: `prior shift: ${text}` });
    out.recommendations.push(
      'the class balance changed: re-weight or re-sample classes when fine-tuning, and check per-class metrics on a validation set with the new balance',
    );
  } else {
    out.notes.push(text);
  }
  if (ld.added.length) {
    const big = ld.addedShare >= t.labelNewClassShare;
    const s = `head adds ${ld.added.length === 1 ? 'class' : 'classes'} ${list(ld.added)} (${pc(ld.addedShare)} of head items)`;
    if (big) {
      out.findings.push({ score: atLeast(0, 'medium'), text: `${s}: the classifier head needs new outputs` });
      out.recommendations.push('new classes: extend the classifier head and make sure each new class has enough examples');
    } else out.notes.push(s);
  }
  if (ld.removed.length) {
    const big = ld.removedShare >= t.labelNewClassShare;
    const s = `head drops ${ld.removed.length === 1 ? 'class' : 'classes'} ${list(ld.removed)} (${pc(ld.removedShare)} of base items)`;
    if (big) out.findings.push({ score: atLeast(0, 'medium'), text: `${s}: the model will no longer learn ${ld.removed.length === 1 ? 'it' : 'them'}` });
    else out.notes.push(s);
  }
  return out;
}

/**
 * The rise of the share of sampled items without a label (head − base), graded like a column's missing
 * share: label drift counts labelled items only, so labels removed from part of head (label rows
 * deleted, label values blanked) hide those items' classes. The sample holds mostly the same items on
 * both sides (seeded), so the rise is graded as it is, without a test: a small dataset is not let off.
 */
function assessUnlabelled(r: DatasetReport, t: RiskThresholds, out: LabelAssessment): void {
  const u = r.labels?.unlabelled;
  if (!u || u.head.items === 0) return;
  const rise = u.head.share - u.base.share;
  const s = `${u.head.items} of the ${u.head.of} sampled head items have no label (${pct(u.head.share)}; base ${u.base.items} of ${u.base.of}, ${pct(u.base.share)})`;
  if (rise >= t.missingShareMedium) {
    out.findings.push({
      score: graded(rise, t.missingShareMedium, t.missingShareHigh),
      text: `${s}: items without a label are left out of the class-balance comparison, so a change to their classes is not seen (labels ${r.labels!.source}; medium from a rise of ${pct(t.missingShareMedium)}, high from ${pct(t.missingShareHigh)})`,
    });
    out.recommendations.push(
      'items lost their labels: restore the label rows or values the pull request deleted or blanked (or drop those items on purpose and say so), then re-run the analysis',
    );
  } else out.notes.push(s);
}
