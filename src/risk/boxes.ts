/**
 * Detection datasets (labels yolo:, coco:, voc:): what the box statistics (report.datasets[].boxes,
 * measured by src/measure/boxes.ts and src/measure/objects.ts) say about roi-shift and task-mismatch.
 * Judging only: every number comes from the report.
 *
 * roi-shift:
 * - objects become small at the model's input (their share under smallObjectPx rose, and their sizes drifted);
 * - a box class appears that base has none of;
 * - box statistics drifted (class frequencies, sizes, positions, aspect, boxes per image);
 * - the object classes separate less on crops at head than at base;
 * - the objects themselves (their crops' embeddings) drifted.
 * task-mismatch:
 * - box annotations with an image-classification backbone, named from the data;
 * - head object classes the features cannot separate even on crops.
 */
import type { BoxesReport, FeatureReport, FeatureSummary, SideTransferability } from '../contracts/index.js';
import { atLeast, capScore, fmt, fmtP, graded, pct, plural, type Finding } from './common.js';
import type { RiskContext, RiskDataset } from './types.js';
import { unanalyzable, unanalyzableNote, unreadableAnnotationsFinding } from './unreadable.js';

interface Part {
  score: number;
  evidence: string[];
  recommendations: string[];
}

function merge(parts: Part[]): Finding {
  const sorted = [...parts].sort((a, b) => b.score - a.score);
  const recs: string[] = [];
  for (const p of sorted) for (const r of p.recommendations) if (!recs.includes(r)) recs.push(r);
  return { score: Math.max(0, ...parts.map((p) => p.score)), evidence: sorted.flatMap((p) => p.evidence), recommendations: recs };
}

const inputName = (b: BoxesReport): string => (b.input ? `${b.input.width}×${b.input.height}` : 'the model');

/** "11×4 px (√(w·h) 7 px)" for one side's medians. */
function medianSize(a: NonNullable<BoxesReport['base']['atInput']>): string {
  return `${fmt(a.width.median)}×${fmt(a.height.median)} px (√(w·h) ${fmt(a.size.median)} px)`;
}

/** Objects that become small after the model's resize. */
function scalePart(b: BoxesReport, ctx: RiskContext): Part | undefined {
  const t = ctx.t;
  const h = b.head.atInput;
  const base = b.base.atInput;
  if (!h || !b.input) return undefined;
  const rise = h.smallShare - (base?.smallShare ?? 0);
  const where = `at the model's ${inputName(b)} input (${b.input.resize === 'fill' ? 'stretched' : 'shorter side, centre crop'})`;
  const evidence = [
    `median head object ${medianSize(h)} ${where}${base ? `, base ${medianSize(base)}` : ''}; ${pct(h.smallShare)} of head boxes are under ${fmt(b.smallObjectPx)} px${base ? ` vs ${pct(base.smallShare)} of base` : ''}`,
  ];
  const recs: string[] = [];
  let score = 0;
  // the rise counts when the sizes moved significantly (box_size_at_input drifted: one box per image, BH, effect gate)
  const size = b.features.find((f) => f.name === 'box_size_at_input');
  if (rise >= t.boxSmallRise && !size?.drift) {
    evidence.push(
      `the share of small objects rose by ${pct(rise)}, but the box sizes did not move significantly (${size ? fmtP(size.metrics.pAdjusted).replace(/^p/, 'p_adj') : 'not tested'})`,
    );
  } else if (rise >= t.boxSmallRise) {
    score = graded(h.smallShare, t.boxSmallShareMedium, t.boxSmallShareHigh);
    if (score >= 1 / 3 - 1e-12) {
      evidence[0] = `objects become small at the model's input: ${evidence[0]}`;
      const need = h.size.median > 0 ? Math.ceil((b.smallObjectPx / h.size.median) * Math.max(b.input.width, b.input.height)) : undefined;
      recs.push(
        `tile the images (e.g. overlapping ${b.input.width}×${b.input.height} tiles at native resolution, SAHI-style slicing) so small objects keep their pixels`,
        `raise the input resolution${need && Number.isFinite(need) ? `: the median head object reaches ${fmt(b.smallObjectPx)} px at about ${need}×${need}` : ''}`,
        'train and score on crops around the regions of interest (see the object-level separability below)',
      );
    }
  } else if (h.smallShare >= t.boxSmallShareMedium) {
    evidence.push(`small objects are as common in base (${pct(base?.smallShare ?? 0)}): not new in this change`);
  }
  const cut = b.head.boxes ? h.croppedOut / b.head.boxes : 0;
  if (cut >= 0.05) {
    evidence.push(`${pct(cut)} of head boxes are more than half cut away by the model's centre crop`);
    recs.push('resize without cropping (letterbox or stretch) so objects near the border stay in the input');
  }
  return { score, evidence, recommendations: recs };
}

function newClassPart(b: BoxesReport, ctx: RiskContext): Part | undefined {
  const t = ctx.t;
  const evidence: string[] = [];
  const recs: string[] = [];
  let score = 0;
  const share = b.newClasses.reduce((a, c) => a + c.share, 0);
  if (b.newClasses.length && b.base.boxes > 0) {
    const list = b.newClasses
      .slice(0, 5)
      .map((c) => `${c.name} (${plural(c.boxes, 'box', 'boxes')}, ${pct(c.share)} of head boxes)`)
      .join(', ');
    evidence.push(`head brings object class${b.newClasses.length > 1 ? 'es' : ''} that base has no box of: ${list}`);
    if (share >= t.boxNewClassShare) {
      score = atLeast(0.34 + 0.3 * Math.min(1, share / 0.5), 'medium');
      score = capScore(score, 1);
      recs.push(
        'a new object class has no base examples: add labeled examples of it to the training and validation splits, and check on crops that the features separate it (object-level separability)',
      );
    }
  }
  if (b.goneClasses.length && b.head.boxes > 0) {
    evidence.push(
      `base object class${b.goneClasses.length > 1 ? 'es' : ''} absent from head: ${b.goneClasses
        .slice(0, 5)
        .map((c) => `${c.name} (${pct(c.share)} of base boxes)`)
        .join(', ')}`,
    );
  }
  return evidence.length ? { score, evidence, recommendations: recs } : undefined;
}

const FEATURE_WORDS: Record<string, string> = {
  boxes_per_image: 'boxes per image',
  image_without_boxes: 'images without boxes',
  box_area_share: 'box area (share of the image)',
  box_aspect: 'box aspect (w/h)',
  box_center_x: 'box centre x',
  box_center_y: 'box centre y',
  box_class: 'box class frequencies',
  box_size_at_input: 'box size at the model input (px)',
};

function side(s: FeatureSummary): string {
  if (s.top)
    return s.top
      .slice(0, 3)
      .map((x) => `${x.value} ${pct(x.share)}`)
      .join(', ');
  return `median ${fmt(s.median)}`;
}

/** One sentence per drifted box feature: "box class frequencies: scratch 40%, … → …; JS 0.31, p_adj < 0.001". */
export function describeBoxFeature(f: FeatureReport): string {
  const name = FEATURE_WORDS[f.name] ?? f.name;
  const sides = f.summary ? `${side(f.summary.base)} → ${side(f.summary.head)}` : '';
  const effect =
    f.kind === 'numeric' ? `W/σ ${fmt(f.metrics.wassersteinNormed)}, PSI ${fmt(f.metrics.psi)}` : `JS ${fmt(f.metrics.js)}, PSI ${fmt(f.metrics.psi)}`;
  return `${name}: ${sides}${sides ? '; ' : ''}${effect}, ${fmtP(f.metrics.pAdjusted).replace(/^p/, 'p_adj')}`;
}

function featurePart(b: BoxesReport, ctx: RiskContext): Part | undefined {
  const t = ctx.t;
  const drifted = b.features.filter((f) => f.drift);
  if (!drifted.length) return undefined;
  let score = 0;
  for (const f of drifted) {
    const s =
      f.kind === 'numeric'
        ? graded(f.metrics.wassersteinNormed ?? 0, t.featureWnMedium, t.featureWnHigh)
        : graded(f.metrics.js, t.featureJsMedium, t.featureJsHigh);
    score = Math.max(score, s);
  }
  return {
    score: capScore(score, 1),
    evidence: [`box statistics drifted (${plural(drifted.length, 'feature')}; tests on one box per image): ${drifted.map(describeBoxFeature).join('; ')}`],
    recommendations:
      score >= 1 / 3 - 1e-12
        ? [
            'the objects to find changed in number, size, place or class mix: re-validate the detector on head data and rebalance training if a class or size range grew',
          ]
        : [],
  };
}

function lift(s: SideTransferability): string {
  return `kNN lift ${fmt(s.knn.lift)} (shuffled ${fmt(s.knn.baseline)}; ${s.n} objects, ${s.classes.length} classes)`;
}

function objectsPart(b: BoxesReport, ctx: RiskContext): Part | undefined {
  const t = ctx.t;
  const o = b.objects;
  if (!o) return undefined;
  const evidence: string[] = [];
  const recs: string[] = [];
  let score = 0;
  const bc = o.separability.base?.crops;
  const hc = o.separability.head?.crops;
  const hi = o.separability.head?.images;
  if (bc && hc) {
    const drop = bc.knn.lift - hc.knn.lift;
    const s = graded(drop, t.roiLiftDropMedium, t.roiLiftDropHigh);
    score = Math.max(score, s);
    evidence.push(`object classes on crops: base ${lift(bc)}, head ${lift(hc)}${drop > 0 ? ` (drop ${fmt(drop)})` : ''}`);
  } else if (hc) {
    evidence.push(`object classes on head crops: ${lift(hc)}`);
  }
  if (hc && hi) {
    const gain = hc.knn.lift - hi.knn.lift;
    evidence.push(
      `head object classes on crops vs whole images: lift ${fmt(hc.knn.lift)} vs ${fmt(hi.knn.lift)}; LogME gain over shuffled ${fmt(hc.logme.gain, 3)} vs ${fmt(hi.logme.gain, 3)}`,
    );
    if (gain >= 0.2)
      recs.push(
        `the features separate the objects when they fill the input (crop lift ${fmt(hc.knn.lift)} vs ${fmt(hi.knn.lift)} on whole images): crops or tiles around the objects recover what the whole-image resize loses`,
      );
  }
  const d = o.drift;
  if (d) {
    const sig = d.classifierPValue < t.alpha;
    const s = sig ? capScore(graded(d.classifierAuc - 0.5, t.embAucMedium - 0.5, t.embAucHigh - 0.5), 1) : 0;
    score = Math.max(score, s);
    if (sig || d.mmd.pValue < t.alpha) {
      evidence.push(
        `the objects themselves moved: base vs head crops, domain classifier AUC ${fmt(d.classifierAuc)} (${fmtP(d.classifierPValue)}), MMD ${fmtP(d.mmd.pValue)}`,
      );
    }
  }
  for (const n of o.notes ?? []) evidence.push(n);
  return evidence.length ? { score, evidence, recommendations: recs } : undefined;
}

/** roi-shift evidence from a detection dataset's boxes (undefined when the dataset has none). */
export function boxRoiFinding(ds: RiskDataset, ctx: RiskContext): Finding | undefined {
  const b = ds.report.boxes;
  if (!b) return undefined;
  // annotations that could not be read count like unreadable data: never fewer boxes, lower risk
  const unread = unreadableAnnotationsFinding(b, ctx.t);
  const withUnread = (parts: Part[]): Part[] => (unread.evidence.length ? [...parts, unread] : parts);
  if (b.error) {
    // head's annotations that cannot be judged fail closed (a PR cannot lower roi-shift by breaking or deleting them); base's alone: medium
    const head = b.errorSides?.includes('head') ?? false;
    const closed = head ? unanalyzable(ctx.t) : undefined;
    const why = closed ? unanalyzableNote(ctx.t, "the pull request's annotations cannot be judged, so the check fails closed") : '';
    return merge(
      withUnread([
        {
          score: closed ? closed.score : atLeast(0, 'medium'),
          evidence: [`box statistics not measured: ${b.error}${why}`],
          recommendations: ["fix the annotation files named in the report (or the dataset's labels setting), then re-run the analysis"],
        },
      ]),
    );
  }
  const parts = withUnread([scalePart(b, ctx), newClassPart(b, ctx), featurePart(b, ctx), objectsPart(b, ctx)].filter((p): p is Part => p !== undefined));
  if (!parts.length) return undefined;
  const f = merge(parts);
  if (f.score < 1 / 3 - 1e-12 && !b.features.some((x) => x.drift)) {
    f.evidence.push(
      `box statistics stable: no box feature drifted (${b.base.boxes} base vs ${b.head.boxes} head boxes in ${b.base.images} vs ${b.head.images} annotated images)`,
    );
  }
  return f;
}

/**
 * task-mismatch evidence from a detection dataset's boxes; `families` are the task families
 * (taskFamily in task-mismatch.ts) of the pretrained model and the target.
 */
export function boxTaskFinding(ds: RiskDataset, ctx: RiskContext, families: { pretrained: string; target: string }): Finding | undefined {
  const b = ds.report.boxes;
  if (!b || b.error || b.base.boxes + b.head.boxes === 0) return undefined;
  const t = ctx.t;
  const src = families.pretrained;
  const dst = families.target;
  const evidence: string[] = [];
  const recs: string[] = [];
  let score = 0;
  const classes = new Set([...Object.keys(b.base.classes), ...Object.keys(b.head.classes)]).size;
  const data = `the data is annotated with object boxes (${b.format}: ${plural(b.head.boxes, 'box', 'boxes')} in ${b.head.images} sampled head images, ${plural(classes, 'class', 'classes')})`;
  if (src === 'classification' || src === 'embedding') {
    if (dst === 'detection') {
      evidence.push(
        `${data}: a detection target, while the pretrained model is an image-level ${ctx.pretrained.task} model that was never trained to localize objects`,
      );
    } else {
      score = 0.5;
      evidence.push(
        `${data}, but target.task is ${ctx.target.task || 'not declared'} and the pretrained model is an image-level ${ctx.pretrained.task} model: a detector trained on these boxes starts from features that were never trained to localize objects`,
      );
      recs.push('declare target.task: detection, and use a backbone pretrained for detection (e.g. on COCO) or plan for fine-tuning the whole network');
    }
  } else if (src === 'detection') {
    evidence.push(`${data}; the pretrained model is a detection model`);
  }
  const hc = b.objects?.separability.head?.crops;
  if (hc && hc.knn.lift < t.cropLiftLow) {
    score = Math.max(score, atLeast(0, 'medium'));
    evidence.push(
      `the head's object classes are not separable even on object crops (${lift(hc)}; LogME gain over shuffled labels ${fmt(hc.logme.gain, 3)}): the pretrained features do not tell these objects apart`,
    );
    recs.push(
      'the pretrained features cannot tell the object classes apart even on crops: fine-tune the whole backbone, or start from a model pretrained on similar objects (defect, fine-grained) data',
    );
  }
  return evidence.length ? { score, evidence, recommendations: recs } : undefined;
}
