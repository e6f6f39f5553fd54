import { describe, expect, it } from '@jest/globals';
import { atypicalObjects, measureObjects, separabilityScore } from '../../src/measure/objects.js';
import { mergeThresholds } from '../../src/risk/thresholds.js';
import { knnProbe } from '../../src/transfer/knn-probe.js';
import { encodeLabels } from '../../src/transfer/labels.js';
import { logme } from '../../src/transfer/logme.js';
import { clusters, gaussian } from '../risk/fixtures.js';

const t = { ...mergeThresholds({}), mmdPermutations: 100, classifierPermutations: 30 };
const names = (codes: number[]): string[] => codes.map((c) => ['scratch', 'dent', 'crack'][c]!);

describe('object-level separability', () => {
  it('is the kNN probe and LogME of the labels, beside shuffled labels', () => {
    const { m, labels } = clusters(20, 3, 8, 1);
    const s = separabilityScore(m, names(labels), t, 5);
    if (typeof s === 'string') throw new Error(s);
    const enc = encodeLabels(names(labels));
    expect(s.knn.lift).toBeCloseTo(knnProbe(m, enc.codes, { k: t.probeK, folds: t.probeFolds }).lift, 12);
    expect(s.logme.score).toBeCloseTo(logme(m, enc.codes), 10);
    expect(s.knn.lift).toBeGreaterThan(0.9);
    expect(Math.abs(s.knn.baseline)).toBeLessThan(0.3);
    expect(s.logme.gain).toBeGreaterThan(0);
    expect(s).toMatchObject({ n: 60, classes: ['crack', 'dent', 'scratch'] });
  });

  it('noise labels do not separate; too few classes is a reason', () => {
    const noise = gaussian(60, 8, 3);
    const s = separabilityScore(noise, names(Array.from({ length: 60 }, (_, i) => i % 3)), t, 5);
    if (typeof s === 'string') throw new Error(s);
    expect(s.knn.lift).toBeLessThan(0.25);
    expect(separabilityScore(noise, Array(60).fill('scratch'), t, 5)).toBe('one class only (scratch)');
    expect(separabilityScore(noise, ['a', 'a', 'b', ...Array(57).fill('c')], t, 5)).toBe('fewer than 2 classes with 3+ items');
    expect(separabilityScore(noise, ['a'], t, 5)).toBe('labels (1) do not match embeddings (60)');
  });

  it('crops vs whole images per side, and base vs head object drift', () => {
    const crops = clusters(20, 3, 8, 1);
    const images = { m: gaussian(60, 8, 2), labels: crops.labels };
    const head = clusters(20, 3, 8, 9);
    for (let i = 0; i < head.m.data.length; i++) head.m.data[i]! += 3; // the objects moved
    const o = measureObjects(
      { crops: crops.m, images: images.m, labels: names(crops.labels) },
      { crops: head.m, images: gaussian(60, 8, 4), labels: names(head.labels) },
      t,
      42,
    );
    expect(o.crops).toEqual({ base: 60, head: 60 });
    expect(o.margin).toBe(t.cropMargin);
    expect(o.separability.base!.crops!.knn.lift).toBeGreaterThan(0.9);
    expect(o.separability.base!.images!.knn.lift).toBeLessThan(0.3);
    expect(o.drift!.classifierAuc).toBeGreaterThan(0.9);
    expect(o.drift!.classifierPValue).toBeLessThan(0.05);
    expect(o.drift!.mmd.pValue).toBeLessThan(0.05);

    const same = measureObjects(
      { crops: clusters(20, 3, 8, 1).m, images: images.m, labels: names(crops.labels) },
      { crops: clusters(20, 3, 8, 2).m, images: images.m, labels: names(crops.labels) },
      t,
      42,
    );
    expect(same.drift!.classifierPValue).toBeGreaterThan(0.05);
  });

  it('few crops: no drift test, with a note', () => {
    const a = clusters(2, 2, 4, 1);
    const o = measureObjects({ crops: a.m, images: a.m, labels: names(a.labels) }, { crops: a.m, images: a.m, labels: names(a.labels) }, t, 1);
    expect(o.drift).toBeUndefined();
    expect(o.notes).toEqual([
      'base object classes not probed: fewer than 2 classes with 3+ items',
      'head object classes not probed: fewer than 2 classes with 3+ items',
      'object drift not tested: 4 base and 4 head crops (at least 8 each)',
    ]);
  });
});

describe('atypical objects', () => {
  it('are the head crops farthest from every base crop', () => {
    const base = gaussian(40, 4, 1);
    const head = gaussian(10, 4, 2);
    head.data.set([30, 30, 30, 30], 3 * 4);
    head.data.set([10, 10, 10, 10], 7 * 4);
    const a = atypicalObjects(base, head, 2);
    expect(a.map((x) => x.index)).toEqual([3, 7]);
    expect(a[0]!.ratio).toBeGreaterThan(5);
    expect(atypicalObjects(gaussian(1, 4, 1), head, 2)).toEqual([]);
  });
});
