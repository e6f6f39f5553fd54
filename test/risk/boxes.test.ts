import { describe, expect, it } from '@jest/globals';
import type { BoxesReport, BoxSideReport, SideTransferability } from '../../src/contracts/index.js';
import { assessRisk } from '../../src/risk/assess.js';
import { boxRoiFinding, boxTaskFinding } from '../../src/risk/boxes.js';
import { levelOfScore } from '../../src/risk/common.js';
import { unreadableFinding } from '../../src/risk/unreadable.js';
import { ctx, ds, numericFeature, report } from './fixtures.js';

const q = (median: number) => ({ p10: median * 0.7, median, p90: median * 1.3 });

function side(o: { boxes?: number; small?: number; median?: number; classes?: Record<string, number>; croppedOut?: number } = {}): BoxSideReport {
  const boxes = o.boxes ?? 100;
  const smallShare = o.small ?? 0.05;
  return {
    images: 100,
    boxes,
    imagesWithoutBoxes: 20,
    unannotated: 0,
    malformed: 0,
    classes: o.classes ?? { scratch: boxes / 2, dent: boxes / 2 },
    atInput: {
      width: q(o.median ?? 30),
      height: q((o.median ?? 30) * 0.8),
      size: q((o.median ?? 30) * 0.9),
      small: Math.round(smallShare * boxes),
      smallShare,
      croppedOut: o.croppedOut ?? 0,
    },
  };
}

const sep = (lift: number, n = 80): SideTransferability => ({
  n,
  classes: ['dent', 'scratch'],
  dropped: [],
  knn: { k: 5, folds: 5, accuracy: 0.5 + lift / 2, chance: 0.5, lift, baseline: 0.01 },
  logme: { score: lift, baseline: 0, baselineStd: 0.1, gain: lift, shuffles: 5 },
});

function boxes(o: Partial<BoxesReport> = {}): BoxesReport {
  return {
    format: 'yolo',
    source: 'yolo:data/defects',
    input: { width: 224, height: 224, resize: 'fill' },
    smallObjectPx: 16,
    base: side(),
    head: side(),
    newClasses: [],
    goneClasses: [],
    features: [],
    ...o,
  };
}

const roi = (b: BoxesReport, c = ctx()) => boxRoiFinding(ds(report({ boxes: b })), c)!;

describe('roi-shift from boxes', () => {
  const shrunk = numericFeature('box_size_at_input', { psi: 5, wn: 3, drift: true, base: 27, head: 6.3 });

  it('objects that become small at the model input: high, with the sizes and what to do', () => {
    const f = roi(boxes({ head: side({ small: 0.9, median: 7 }), features: [shrunk] }));
    expect(levelOfScore(f.score)).toBe('high');
    expect(f.evidence[0]).toBe(
      "objects become small at the model's input: median head object 7×5.6 px (√(w·h) 6.3 px) at the model's 224×224 input (stretched), base 30×24 px (√(w·h) 27 px); 90% of head boxes are under 16 px vs 5% of base",
    );
    expect(f.recommendations.join(' ')).toMatch(/tile the images/);
    // 16 / 6.3 × 224 → 569
    expect(f.recommendations).toContain('raise the input resolution: the median head object reaches 16 px at about 569×569');
    expect(levelOfScore(roi(boxes({ head: side({ small: 0.35, median: 20 }), features: [shrunk] })).score)).toBe('medium');
  });

  it('a rise of small objects without a significant size drift is noise: low, said so', () => {
    const f = roi(boxes({ head: side({ small: 0.9, median: 7 }), features: [{ ...shrunk, drift: false, metrics: { ...shrunk.metrics, pAdjusted: 0.2 } }] }));
    expect(levelOfScore(f.score)).toBe('low');
    expect(f.evidence).toContain('the share of small objects rose by 85%, but the box sizes did not move significantly (p_adj 0.200)');
  });

  it('small objects already in base are not new: low', () => {
    const f = roi(boxes({ base: side({ small: 0.85, median: 8 }), head: side({ small: 0.9, median: 7 }) }));
    expect(levelOfScore(f.score)).toBe('low');
    expect(f.evidence).toContain('small objects are as common in base (85%): not new in this change');
    expect(f.evidence[f.evidence.length - 1]).toMatch(/^box statistics stable: no box feature drifted/);
  });

  it('a centre crop that cuts objects away is named', () => {
    const f = roi(boxes({ input: { width: 224, height: 224, resize: 'cover' }, head: side({ croppedOut: 12 }) }));
    expect(f.evidence).toContain("12% of head boxes are more than half cut away by the model's centre crop");
    expect(f.recommendations).toContain('resize without cropping (letterbox or stretch) so objects near the border stay in the input');
  });

  it('a new object class: medium, named with its share', () => {
    const f = roi(boxes({ newClasses: [{ name: 'spot', boxes: 40, share: 0.3 }] }));
    expect(levelOfScore(f.score)).toBe('medium');
    expect(f.evidence[0]).toBe('head brings object class that base has no box of: spot (40 boxes, 30% of head boxes)');
    expect(levelOfScore(roi(boxes({ newClasses: [{ name: 'spot', boxes: 2, share: 0.02 }] })).score)).toBe('low');
    const gone = roi(boxes({ goneClasses: [{ name: 'crack', boxes: 10, share: 0.1 }] }));
    expect(gone.evidence).toContain('base object class absent from head: crack (10% of base boxes)');
  });

  it('drifted box statistics: listed with their numbers, at most medium', () => {
    const size = numericFeature('box_size_at_input', { psi: 5, wn: 3, drift: true, base: 30, head: 8 });
    const f = roi(boxes({ features: [size, numericFeature('box_center_x', { psi: 0.01, drift: false })] }));
    expect(levelOfScore(f.score)).toBe('medium');
    expect(f.evidence[0]).toBe(
      'box statistics drifted (1 feature; tests on one box per image): box size at the model input (px): median 30 → median 8; W/σ 3, PSI 5, p_adj < 0.001',
    );
  });

  it('object classes separating less on head crops; crops beating whole images is a recommendation', () => {
    const f = roi(
      boxes({
        objects: { crops: { base: 80, head: 80 }, margin: 0.5, separability: { base: { crops: sep(0.8) }, head: { crops: sep(0.1), images: sep(0.05) } } },
      }),
    );
    expect(levelOfScore(f.score)).toBe('high');
    expect(f.evidence[0]).toMatch(/^object classes on crops: base kNN lift 0\.8 .*head kNN lift 0\.1 .*\(drop 0\.7\)$/);
    const better = roi(boxes({ objects: { crops: { base: 80, head: 80 }, margin: 0.5, separability: { head: { crops: sep(0.7), images: sep(0.1) } } } }));
    expect(better.recommendations[0]).toMatch(/^the features separate the objects when they fill the input \(crop lift 0\.7 vs 0\.1 on whole images\)/);
  });

  it('objects that moved (crop embeddings): at most medium, only when significant', () => {
    const moved = roi(
      boxes({
        objects: {
          crops: { base: 80, head: 80 },
          margin: 0.5,
          separability: {},
          drift: { mmd: { statistic: 0.2, pValue: 0.001 }, classifierAuc: 0.97, classifierPValue: 0.01 },
        },
      }),
    );
    expect(levelOfScore(moved.score)).toBe('medium');
    expect(moved.evidence[0]).toBe('the objects themselves moved: base vs head crops, domain classifier AUC 0.97 (p 0.010), MMD p 0.001');
    const noise = roi(
      boxes({
        objects: {
          crops: { base: 80, head: 80 },
          margin: 0.5,
          separability: {},
          drift: { mmd: { statistic: 0, pValue: 0.4 }, classifierAuc: 0.9, classifierPValue: 0.3 },
        },
      }),
    );
    expect(levelOfScore(noise.score)).toBe('low');
  });

  it("head's annotations that cannot be judged (deleted, unreadable) fail closed at high; no boxes, no finding", () => {
    const error = 'box annotations yolo:data cannot be judged: head: no YOLO label files (*.txt) under data/labels/';
    const f = roi(boxes({ error, errorSides: ['head'] }));
    expect(levelOfScore(f.score)).toBe('high');
    expect(f.evidence[0]).toBe(`box statistics not measured: ${error} — the pull request's annotations cannot be judged, so the check fails closed`);
    expect(boxRoiFinding(ds(report()), ctx())).toBeUndefined();
  });

  it("only base's annotations cannot be judged: medium (the pull request did not bring it)", () => {
    const f = roi(boxes({ error: 'box annotations yolo:data cannot be judged: base: no YOLO label files (*.txt) under data/labels/', errorSides: ['base'] }));
    expect(levelOfScore(f.score)).toBe('medium');
    expect(f.evidence[0]).not.toContain('fails closed');
  });

  it("thresholds.unanalyzableLevel in the base config sets the level for head's annotations", () => {
    const b = boxes({ error: 'box annotations yolo:data cannot be judged: head: no YOLO label files', errorSides: ['head'] });
    const f = boxRoiFinding(ds(report({ boxes: b })), ctx({ unanalyzableLevel: 1 }))!;
    expect(levelOfScore(f.score)).toBe('medium');
    expect(f.evidence[0]).toContain('(thresholds.unanalyzableLevel 1 in the base config sets this level)');
  });

  it('leads the roi-shift scenario when it is the strongest evidence', () => {
    const risk = assessRisk({
      pretrained: ctx().pretrained,
      target: { task: 'detection' },
      datasets: [ds(report({ boxes: boxes({ head: side({ small: 0.9, median: 7 }), features: [shrunk] }) }))],
    });
    const s = risk.scenarios.find((x) => x.id === 'roi-shift')!;
    expect(s.level).toBe('high');
    expect(s.evidence[0]).toMatch(/^objects become small at the model's input/);
  });
});

describe('unreadable annotations count like unreadable data (roi-shift)', () => {
  const unread = (images: number, of = 100) => ({ images, of, share: images / of });
  const files = (side: 'base' | 'head', n: number) =>
    Array.from({ length: n }, (_, i) => ({ side, file: `data/labels/p${i}.txt`, line: i + 1, reason: 'class id 9 is not in the class names', images: 1 }));
  const level = (b: BoxesReport) => levelOfScore(roi(b).score);
  const stable = boxes();

  it('head: medium from 5 %, high from 20 % of the sampled images, with the files, lines and reasons', () => {
    expect(level(stable)).toBe('low');
    expect(level(boxes({ head: { ...side(), unreadable: unread(2) }, unreadable: files('head', 2) }))).toBe('low');
    const medium = roi(boxes({ head: { ...side(), unreadable: unread(8) }, unreadable: files('head', 8) }));
    expect(levelOfScore(medium.score)).toBe('medium');
    expect(medium.evidence[0]).toMatch(
      /^8 sampled images of 100 at head have annotations that could not be read or used \(8%; left out of the box statistics\): data\/labels\/p0\.txt:1 \(class id 9 is not in the class names\), .*, and 3 more \(see the dataset's unreadable annotations\) — boxes that cannot be read are not measured, so a large unreadable share is a risk in itself \(medium from 5%, high from 20%\)$/,
    );
    expect(medium.recommendations).toContain('fix the annotation files listed in the report (each with its file:line and reason), then re-run the analysis');
    expect(level(boxes({ head: { ...side(), unreadable: unread(25) }, unreadable: files('head', 25) }))).toBe('high');
  });

  it("base's unreadable annotations raise at most medium: the pull request did not bring them", () => {
    const f = roi(boxes({ base: { ...side(), unreadable: unread(60) }, unreadable: files('base', 3) }));
    expect(levelOfScore(f.score)).toBe('medium');
    expect(f.evidence[0]).toMatch(/ — already in base, not introduced by this change/);
  });

  it('a head source file that cannot be read at all (every sampled image) fails closed at high, beside the error', () => {
    const f = roi(
      boxes({
        head: { ...side({ boxes: 0 }), images: 0, unreadable: unread(100) },
        unreadable: [{ side: 'head', file: 'coco.json', line: 3, reason: 'not valid JSON: Unexpected token', images: 100 }],
        error: 'box annotations coco:coco.json cannot be judged: head: coco.json:3: not valid JSON: Unexpected token',
      }),
    );
    expect(levelOfScore(f.score)).toBe('high');
    expect(f.evidence.join('\n')).toContain('coco.json:3 (not valid JSON: Unexpected token)');
    expect(f.evidence.join('\n')).toContain('box statistics not measured: box annotations coco:coco.json cannot be judged');
  });

  it('an image skipped only for its annotation is not listed as unreadable data (it was read)', () => {
    const r = report({
      unreadable: { base: { items: 0, of: 100, share: 0 }, head: { items: 1, of: 100, share: 0.01 } },
      skipped: [
        { path: 'data/images/a.jpg', side: 'head', reason: 'annotation: data/labels/a.txt:2: class id 9 is not in the class names' },
        { path: 'data/images/b.jpg', side: 'head', reason: 'image is 0 bytes' },
      ],
    });
    const f = unreadableFinding(r, ctx().t);
    expect(f.evidence[0]).toMatch(/^1 item of 100 sampled head items could not be read \(1% of the head sample\): data\/images\/b\.jpg \(image is 0 bytes\)$/);
  });

  it('breaking annotation files never lowers the verdict: each share rates at least as high as the same boxes read in full', () => {
    const shrunk = numericFeature('box_size_at_input', { psi: 5, wn: 3, drift: true, base: 27, head: 6.3 });
    const drifting = { head: side({ small: 0.9, median: 7 }), features: [shrunk] };
    const rank = { low: 0, medium: 1, high: 2 } as const;
    for (const b of [stable, boxes(drifting)]) {
      const before = rank[level(b)];
      for (const n of [1, 5, 10, 19, 20, 50, 100]) {
        const broken = { ...b, head: { ...b.head, unreadable: unread(n) }, unreadable: files('head', Math.min(n, 10)) };
        expect(rank[level(broken)]).toBeGreaterThanOrEqual(before);
      }
    }
  });
});

describe('task-mismatch from boxes', () => {
  const fam = (pretrained: string, target: string) => ({ pretrained, target });

  it('names box annotations with a classification backbone from the data', () => {
    const detection = boxTaskFinding(ds(report({ boxes: boxes() })), ctx({}, {}, 'detection'), fam('classification', 'detection'))!;
    expect(detection.score).toBe(0);
    expect(detection.evidence[0]).toBe(
      'the data is annotated with object boxes (yolo: 100 boxes in 100 sampled head images, 2 classes): a detection target, while the pretrained model is an image-level classification model that was never trained to localize objects',
    );
    const declaredClassification = boxTaskFinding(ds(report({ boxes: boxes() })), ctx(), fam('classification', 'classification'))!;
    expect(levelOfScore(declaredClassification.score)).toBe('medium');
    expect(declaredClassification.evidence[0]).toMatch(/but target\.task is classification and the pretrained model is an image-level classification model/);
    expect(declaredClassification.recommendations[0]).toMatch(/^declare target\.task: detection/);
    const detector = boxTaskFinding(ds(report({ boxes: boxes() })), ctx({}, { task: 'detection' }, 'detection'), fam('detection', 'detection'))!;
    expect(detector.score).toBe(0);
    expect(detector.evidence[0]).toMatch(/the pretrained model is a detection model$/);
  });

  it('object classes not separable even on crops: medium', () => {
    const b = boxes({ objects: { crops: { base: 80, head: 80 }, margin: 0.5, separability: { head: { crops: sep(0.02) } } } });
    const f = boxTaskFinding(ds(report({ boxes: b })), ctx({}, {}, 'detection'), fam('classification', 'detection'))!;
    expect(levelOfScore(f.score)).toBe('medium');
    expect(f.evidence[1]).toMatch(/^the head's object classes are not separable even on object crops \(kNN lift 0\.02/);
  });

  it('comes right after the declared task in the scenario; no boxes, no finding', () => {
    const risk = assessRisk({ pretrained: ctx().pretrained, target: { task: 'detection' }, datasets: [ds(report({ boxes: boxes() }))] });
    const s = risk.scenarios.find((x) => x.id === 'task-mismatch')!;
    expect(s.level).toBe('high');
    expect(s.evidence[1]).toMatch(/^the data is annotated with object boxes/);
    expect(boxTaskFinding(ds(report()), ctx(), fam('classification', 'classification'))).toBeUndefined();
    expect(
      boxTaskFinding(ds(report({ boxes: boxes({ base: side({ boxes: 0 }), head: side({ boxes: 0 }) }) })), ctx(), fam('classification', 'classification')),
    ).toBeUndefined();
  });
});
