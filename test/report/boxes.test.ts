import { describe, expect, it } from '@jest/globals';
import type { BoxesReport, Report } from '../../src/contracts/index.js';
import { renderComment } from '../../src/report/comment.js';
import { renderHtml } from '../../src/report/html.js';
import { validateReport } from '../../src/report/validate.js';
import { loadFixture } from './fixtures.js';
import { expectWellFormed } from './markdown-checks.js';

const q = (m: number) => ({ p10: m * 0.5, median: m, p90: m * 1.5 });
const PIXEL = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

function boxes(className = 'spot'): BoxesReport {
  return {
    format: 'yolo',
    source: 'yolo:data/defects',
    classes: ['scratch', 'dent', className],
    input: { width: 224, height: 224, resize: 'fill' },
    smallObjectPx: 16,
    base: {
      images: 90,
      boxes: 70,
      imagesWithoutBoxes: 20,
      unannotated: 0,
      malformed: 0,
      classes: { scratch: 35, dent: 35 },
      atInput: { width: q(34), height: q(30), size: q(31), small: 2, smallShare: 0.0286, croppedOut: 0 },
    },
    head: {
      images: 90,
      boxes: 70,
      imagesWithoutBoxes: 20,
      unannotated: 1,
      malformed: 2,
      classes: { scratch: 20, [className]: 50 },
      atInput: { width: q(8.4), height: q(7), size: q(7.7), small: 70, smallShare: 1, croppedOut: 0 },
    },
    newClasses: [{ name: className, boxes: 50, share: 0.714 }],
    goneClasses: [{ name: 'dent', boxes: 35, share: 0.5 }],
    features: [
      {
        name: 'box_size_at_input',
        kind: 'numeric',
        metrics: { psi: 7.9, kl: 3, js: 0.8, ks: { statistic: 1, pValue: 1e-9 }, wasserstein: 23, wassersteinNormed: 4.33, pAdjusted: 1e-8 },
        drift: true,
        summary: { base: { n: 70, median: 30.5 }, head: { n: 70, median: 7.67 } },
      },
      {
        name: 'box_class',
        kind: 'categorical',
        metrics: { psi: 3, kl: 1, js: 0.49, chi2: { statistic: 40, pValue: 1e-6, dof: 2 }, pAdjusted: 1e-5 },
        drift: true,
        summary: { base: { n: 70, top: [{ value: 'scratch', share: 0.5 }] }, head: { n: 70, top: [{ value: className, share: 0.71 }] } },
      },
      { name: 'box_center_x', kind: 'numeric', metrics: { psi: 0.02, kl: 0.01, js: 0.05, ks: { statistic: 0.1, pValue: 0.6 }, pAdjusted: 0.7 }, drift: false },
    ],
    sizeHistogram: { edges: [0, 2, 4, 8, 16, 32, 64, 128], base: [0, 0, 0, 0, 2, 60, 8, 0], head: [0, 0, 10, 60, 0, 0, 0, 0] },
    objects: {
      crops: { base: 70, head: 70 },
      margin: 0.5,
      separability: {
        base: {
          crops: {
            n: 70,
            classes: ['dent', 'scratch'],
            dropped: [],
            knn: { k: 5, folds: 5, accuracy: 0.9, chance: 0.5, lift: 0.8, baseline: 0.01 },
            logme: { score: 1, baseline: 0.2, baselineStd: 0.1, gain: 0.8, shuffles: 5 },
          },
        },
        head: {
          crops: {
            n: 70,
            classes: ['scratch', className],
            dropped: [],
            knn: { k: 5, folds: 5, accuracy: 0.85, chance: 0.71, lift: 0.48, baseline: 0 },
            logme: { score: 1, baseline: 0.4, baselineStd: 0.1, gain: 0.6, shuffles: 5 },
          },
          images: {
            n: 70,
            classes: ['scratch', className],
            dropped: [],
            knn: { k: 5, folds: 5, accuracy: 0.7, chance: 0.71, lift: -0.03, baseline: 0 },
            logme: { score: 0.5, baseline: 0.5, baselineStd: 0.1, gain: 0, shuffles: 5 },
          },
        },
      },
      drift: { mmd: { statistic: 0.3, pValue: 0.005 }, classifierAuc: 0.93, classifierPValue: 0.02 },
    },
    notes: ['no class names file: classes are shown by id'],
  };
}

function withBoxes(b: BoxesReport): Report {
  const r = loadFixture('one-dataset');
  r.datasets[0]!.boxes = b;
  return validateReport(r);
}

describe('box statistics in the comment', () => {
  it('a Boxes line with counts and sizes at the input, and a table of the box statistics that drifted', () => {
    const md = renderComment(withBoxes(boxes()));
    expectWellFormed(md);
    expect(md).toContain(
      '**Boxes** (yolo:data/defects; model input 224×224): 70 → 70 boxes in 90 → 90 annotated images; median box at the input 34×30 px → 8.4×7 px; small (under 16 px) 2.86% → 100%; new classes: spot (71.4% of head boxes).',
    );
    expect(md).toContain('| Box statistic | Base | Head | Effect | p (BH) |');
    expect(md).toContain('| box\\_size\\_at\\_input | median 30.5 | median 7.67 | W₁/σ 4.33 | < 1e-6 |');
    expect(md).toContain('| box\\_class | scratch 50% | spot 71% | JS 0.49 | 1e-5 |');
    expect(md).not.toContain('| box\\_center\\_x');
    expect(md).toContain('Object classes on head crops: kNN lift 0.48 (shuffled 0) vs -0.03 on whole images.');
  });

  it('escapes class names from the pull request', () => {
    const md = renderComment(withBoxes(boxes('<img src=x onerror=alert(1)>|x')));
    expectWellFormed(md);
    expect(md).not.toContain('<img src=x');
    const html = renderHtml(withBoxes(boxes('<img src=x onerror=alert(1)>')), {});
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('an annotation error replaces the numbers', () => {
    const b = { ...boxes(), error: 'box annotations yolo:data cannot be judged: head: no YOLO label files (*.txt) under data/labels/' };
    const md = renderComment(withBoxes(b));
    expect(md).toContain('**Boxes** (yolo:data/defects; model input 224×224): ⚠️ box annotations yolo:data cannot be judged');
  });
});

describe('box statistics in the HTML report', () => {
  it('a Boxes section: counts and sizes table, the size histogram, box statistics, object separability and the atypical head objects', () => {
    const html = renderHtml(withBoxes(boxes()), {
      boxSizes: [
        {
          dataset: 'parts',
          feature: 'box size √(w·h) at the 224×224 input (px)',
          edges: [0, 2, 4, 8, 16, 32, 64, 128, 256],
          base: [0, 0, 0, 0, 2, 60, 8, 0],
          head: [0, 0, 10, 60, 0, 0, 0, 0],
        },
      ],
      objects: [
        {
          dataset: 'parts',
          path: 'data/defects/images/a.jpg',
          dataUri: PIXEL,
          note: 'spot box: nearest base object at distance 3.2 (2.1× the base 95th percentile)',
        },
        { dataset: 'parts', path: 'evil.jpg', dataUri: 'data:image/svg+xml;base64,PHN2Zz4=', note: 'not shown' },
      ],
    });
    expect(html).toContain('<h3>Boxes <span class="muted small">(yolo:data/defects)</span></h3>');
    expect(html).toContain('<tr><td>Median box at the input, w × h (px)</td><td class="num">34 × 30</td><td class="num">8.4 × 7</td></tr>');
    expect(html).toContain('<tr><td>Small objects (under 16 px)</td><td class="num">2 (2.86%)</td><td class="num">70 (100%)</td></tr>');
    expect(html).toContain('<b>box size √(w·h) at the 224×224 input (px)</b>');
    expect(html).toContain('<h3>Box statistics</h3>');
    expect(html).toContain('<h3>Most atypical head objects</h3>');
    expect(html).toContain('spot box: nearest base object at distance 3.2');
    expect(html).not.toContain('evil.jpg');
    expect(html).toContain('New classes in head: <code>spot</code> 50 (71.4%).');
    expect(html).toMatch(
      /<td>head<\/td><td class="num">70<\/td><td class="num">0\.48 <span class="muted">\(shuffled 0; LogME gain 0\.6\)<\/span><\/td><td class="num">-0\.03/,
    );
    expect(html).toContain('Base vs head crops: domain classifier AUC 0.93 (0.02), MMD 0.005.');
    // the box histogram is drawn in the Boxes section only, not among the feature histograms
    expect((html.match(/Histogram of box size/g) ?? []).length).toBe(1);
  });
});

describe('unreadable annotations in the HTML report', () => {
  it('lists each annotation file that could not be read with its line, side, reason and images, escaped', () => {
    const b = boxes();
    b.head.unreadable = { images: 2, of: 92, share: 2 / 92 };
    b.unreadable = [
      { side: 'head', file: 'data/defects/labels/a.txt', line: 2, reason: "non-numeric width 'wide'", images: 1 },
      { side: 'head', file: 'data/defects/labels/<img src=x onerror=alert(1)>.txt', reason: '<script>alert(1)</script>', images: 1 },
    ];
    const html = renderHtml(withBoxes(b));
    expect(html).toContain(
      '<h3>Annotations that could not be read <span class="muted small">(head: 2 of 92 sampled images (2.17%); left out of the box statistics)</span></h3>',
    );
    expect(html).toContain(
      '<tr><td><code>data/defects/labels/a.txt:2</code></td><td>head</td><td>non-numeric width &#39;wide&#39;</td><td class="num">1</td></tr>',
    );
    expect(html).toContain('<code>data/defects/labels/&lt;img src=x onerror=alert(1)&gt;.txt</code>');
    expect(html).not.toMatch(/<img src=x|<script>/);
    expect(renderHtml(withBoxes(boxes()))).not.toContain('Annotations that could not be read');
  });
});
