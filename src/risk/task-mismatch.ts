/**
 * task-mismatch: the pretrained model's task differs from the target task (an ImageNet classifier
 * fine-tuned for detection or segmentation: Zoph et al. 2020, "Rethinking Pre-training and
 * Self-training"; He et al. 2019, "Rethinking ImageNet Pre-training"), plus the transferability of
 * the head labels in the pretrained embedding (LogME, shrinkage H-score, LEEP/NCE with the model's
 * class probabilities, kNN probe), each against the same score on shuffled labels.
 */
import type { Scenario } from '../contracts/index.js';
import type { RiskContext, RiskDataset } from './types.js';
import { atLeast, combine, fmt, type Finding } from './common.js';
import { describeLogme, describeProbe, transferabilityOf } from './roi-shift.js';
import { boxTaskFinding } from './boxes.js';

export type TaskFamily = 'classification' | 'detection' | 'segmentation' | 'keypoints' | 'regression' | 'embedding' | 'generation' | 'other' | 'unknown';

const ALIASES: Array<[RegExp, TaskFamily]> = [
  [/(classif|recogn|categor|tagging|multi[-_ ]?label)/, 'classification'],
  [/(detect|bbox|bounding|yolo|localiz)/, 'detection'],
  [/(segment|mask|panoptic|matting)/, 'segmentation'],
  [/(keypoint|pose|landmark)/, 'keypoints'],
  [/(regress|count|depth|estimat)/, 'regression'],
  [/(embed|retriev|similar|metric|feature|self[-_ ]?supervised|contrastive)/, 'embedding'],
  [/(generat|caption|diffusion|synthes)/, 'generation'],
];

export function taskFamily(task: string | undefined): TaskFamily {
  const s = (task ?? '').trim().toLowerCase();
  if (!s) return 'unknown';
  for (const [re, fam] of ALIASES) if (re.test(s)) return fam;
  return 'other';
}

const DENSE = new Set<TaskFamily>(['detection', 'segmentation', 'keypoints']);
const IMAGE_SOURCES = /(imagenet|coco|openimages|open[-_ ]images|places|inaturalist|laion|jft|objects365|cifar|mnist)/i;

/** Declared-task rule: same family low; classification/embedding → dense prediction high; other differences medium. */
export function declaredTaskFinding(ctx: RiskContext, modalities: string[]): Finding {
  const src = taskFamily(ctx.pretrained.task);
  const dst = taskFamily(ctx.target.task);
  const evidence: string[] = [];
  const recs: string[] = [];
  let score = 0;
  const source = ctx.pretrained.source ? ` (pretrained on ${ctx.pretrained.source})` : '';
  if (src === 'unknown' || dst === 'unknown') {
    evidence.push(
      `pretrained task "${ctx.pretrained.task ?? ''}" and target task "${ctx.target.task ?? ''}": ${src === 'unknown' ? 'pretrained.task' : 'target.task'} is not declared, so task fit is judged from the labels only`,
    );
  } else if (src === dst) {
    evidence.push(`pretrained model task ${ctx.pretrained.task}${source} matches the target task ${ctx.target.task}`);
  } else if ((src === 'classification' || src === 'embedding') && DENSE.has(dst)) {
    score = 0.8;
    evidence.push(
      `the pretrained model is a ${ctx.pretrained.task} model${source} but the target task is ${ctx.target.task}: image-level ${src} pre-training transfers poorly to dense prediction — ` +
        'He et al. 2019 ("Rethinking ImageNet Pre-training") found it matches training from scratch given enough target data, and Zoph et al. 2020 ("Rethinking Pre-training and Self-training") found it can hurt detection and segmentation with strong augmentation',
    );
    recs.push(
      `use a backbone pre-trained for ${ctx.target.task} (e.g. on COCO) or plan for longer fine-tuning of the whole network with normalization layers trained`,
    );
    recs.push('consider self-training on the target data (Zoph et al. 2020) or training from scratch with a longer schedule (He et al. 2019)');
  } else {
    score = 0.5;
    evidence.push(`the pretrained model's task (${ctx.pretrained.task}${source}) differs from the target task (${ctx.target.task})`);
    recs.push(`replace the model's head for ${ctx.target.task} and fine-tune deeper layers; validate against a from-scratch baseline`);
  }
  if (ctx.pretrained.source && IMAGE_SOURCES.test(ctx.pretrained.source)) {
    const nonImage = modalities.filter((m) => m === 'audio' || m === 'text' || m === 'tabular');
    if (nonImage.length) {
      score = Math.max(score, 0.5);
      evidence.push(`the model was pretrained on ${ctx.pretrained.source} (images) but the data is ${[...new Set(nonImage)].join(', ')}`);
      recs.push(`use a model pretrained on ${[...new Set(nonImage)].join('/')} data`);
    }
  }
  return { score, evidence, recommendations: recs };
}

/** Transferability of the head labels; raises to medium only when the labels did not change in this PR (a changed labeling is roi-shift's). */
export function transferabilityFinding(ds: RiskDataset, ctx: RiskContext): Finding {
  const t = ctx.t;
  const sep = transferabilityOf(ds);
  const h = sep.head;
  if (!h) return { score: 0, evidence: sep.notes?.head && ds.report.labels ? [`head labels not scored: ${sep.notes.head}`] : [], recommendations: [] };
  const evidence: string[] = [describeProbe('head', h), describeLogme('head', h)];
  if (h.hscore) evidence.push(`shrinkage H-score ${fmt(h.hscore.score, 3)} vs ${fmt(h.hscore.baseline, 3)} on shuffled labels`);
  if (h.leep && h.nce) {
    evidence.push(
      `with the model's own class probabilities: LEEP ${fmt(h.leep.score, 3)} (shuffled ${fmt(h.leep.baseline, 3)}), NCE ${fmt(h.nce.score, 3)} (shuffled ${fmt(h.nce.baseline, 3)})`,
    );
  }
  let score = 0;
  const recs: string[] = [];
  if (h.knn.lift < t.transferLiftLow) {
    if (!sep.labelsChanged && (sep.labelsSame || !sep.base)) {
      score = atLeast(0, 'medium');
      evidence.push(
        `the target labels are no more separable in the pretrained embedding than shuffled labels (kNN lift ${fmt(h.knn.lift)} < ${fmt(t.transferLiftLow)}; LogME gain over shuffled labels ${fmt(h.logme.gain, 3)}): the model's features do not fit this task`,
      );
      recs.push('the pretrained features do not separate the target labels: fine-tune the whole network, try another pretrained model, or train from scratch');
    } else {
      evidence.push(
        `the head labels are no more separable than shuffled labels (kNN lift ${fmt(h.knn.lift)} < ${fmt(t.transferLiftLow)}), but the labeling changed in this pull request: roi-shift judges whether the new labels fit the features`,
      );
    }
  }
  return { score, evidence, recommendations: recs };
}

/**
 * The declared tasks at base and at head (when head's config declares others): the worse counts, so a
 * pull request can raise the risk by what its config declares, never lower it. Head's declaration
 * takes effect after merge; the evidence says which one counted.
 */
export function declaredTasksFinding(ctx: RiskContext, modalities: string[]): Finding {
  const trusted = declaredTaskFinding(ctx, modalities);
  const h = ctx.headDeclared;
  if (!h) return trusted;
  const pretrained = { ...ctx.pretrained, task: h.pretrained.task };
  if (h.pretrained.source !== undefined) pretrained.source = h.pretrained.source;
  else delete pretrained.source;
  const head = declaredTaskFinding({ ...ctx, pretrained, target: h.target }, modalities);
  const what = `the pull request's config declares pretrained.task ${h.pretrained.task}${h.pretrained.source !== undefined ? `, pretrained.source ${h.pretrained.source}` : ''} and target.task ${h.target.task} (takes effect after merge)`;
  if (head.score > trusted.score) {
    return {
      score: head.score,
      evidence: [`${what}: ${head.evidence[0] ?? ''}`, ...head.evidence.slice(1), ...trusted.evidence.map((e) => `base's config: ${e}`)],
      recommendations: head.recommendations,
    };
  }
  return { ...trusted, evidence: [...trusted.evidence, `${what}; assessed too, no higher risk`] };
}

/** Head's config is invalid: what the pull request declares cannot be assessed, so this fails closed (high). */
export function headConfigErrorFinding(error: string): Finding {
  return {
    score: atLeast(0, 'high'),
    evidence: [
      `the pull request's config is invalid (${error}): what it declares cannot be assessed, so the check fails closed; this run used the base revision's config`,
    ],
    recommendations: ['fix the config error named above; the check is judged again on the next push'],
  };
}

export function taskMismatch(datasets: RiskDataset[], ctx: RiskContext): Scenario {
  const declared = declaredTasksFinding(
    ctx,
    datasets.map((d) => d.report.modality),
  );
  const parts: Array<{ dataset?: string; finding: Finding }> = [{ finding: declared }];
  if (ctx.headConfigError) parts.unshift({ finding: headConfigErrorFinding(ctx.headConfigError) });
  // detection datasets: the task as the data shows it (box annotations), next to the declared one
  const families = { pretrained: taskFamily(ctx.pretrained.task), target: taskFamily(ctx.target.task) };
  for (const ds of datasets) {
    const box = boxTaskFinding(ds, ctx, families);
    if (box) parts.push({ dataset: ds.report.name, finding: box });
  }
  for (const ds of datasets) parts.push({ dataset: ds.report.name, finding: transferabilityFinding(ds, ctx) });
  return combine('task-mismatch', parts, datasets.length > 1);
}
