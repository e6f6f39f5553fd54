/** measureDataset: every number of a dataset from its sample, its embeddings and the trusted thresholds. */
import { describe, expect, it } from '@jest/globals';
import type { CollectedDataset } from '../../src/data/collect.js';
import type { Item } from '../../src/data/item.js';
import { countLabels } from '../../src/data/labels.js';
import { noCounts } from '../../src/data/unreadable.js';
import { measureDataset, type MeasureContext } from '../../src/measure/index.js';
import { mergeThresholds } from '../../src/risk/thresholds.js';
import { createRng } from '../../src/stats/rng.js';
import { clusters } from '../risk/fixtures.js';

function collected(n: number, shift: number, seed: number): CollectedDataset {
  const rng = createRng(seed);
  const mk = (side: 'base' | 'head', d: number): Item[] =>
    Array.from({ length: n }, (_, i) => ({
      id: `${side}${i}`,
      path: `${['a', 'b', 'c'][i % 3]}/${side}${i}.jpg`,
      side,
      status: side === 'head' ? 'added' : 'deleted',
      contentHash: `${side}${i}`,
      label: ['a', 'b', 'c'][i % 3]!,
      features: { brightness: 0.5 + d + 0.05 * rng.normal(), width: 640 },
    }));
  const base = mk('base', 0);
  const head = mk('head', shift);
  return {
    name: 'd',
    modality: 'image',
    labelSource: { kind: 'directory' },
    labelsSetting: 'directory',
    base,
    head,
    total: { base: n, head: n },
    changes: { added: n, modified: 0, deleted: n, renamed: 0 },
    skipped: [],
    unreadable: { base: noCounts(), head: noCounts() },
    labels: { source: 'directory', base: countLabels(base), head: countLabels(head) },
  };
}

const ctx = (o: Record<string, number> = {}, builtin = true): MeasureContext => ({
  t: { ...mergeThresholds(o), mmdPermutations: 50, classifierPermutations: 20 },
  seed: 1,
  model: { builtin },
});

describe('measureDataset', () => {
  it('thresholds.alpha reaches the feature tests', () => {
    const c = collected(60, 0.025, 2);
    const strict = measureDataset({ collected: c }, ctx({ alpha: 1e-12 })).report.features.find((f) => f.name === 'brightness')!;
    const loose = measureDataset({ collected: c }, ctx({ alpha: 0.5 })).report.features.find((f) => f.name === 'brightness')!;
    expect(strict.metrics.pAdjusted).toBe(loose.metrics.pAdjusted);
    expect(strict.drift).toBe(false);
    expect(loose.drift).toBe(true);
  });
  it('roles, label distribution, duplicates and the content form are in the report', () => {
    const r = measureDataset(
      { collected: collected(30, 0, 3) },
      { ...ctx(), model: { builtin: true, canonicalImage: { width: 224, height: 224, resize: 'fill', kernel: 'linear' } } },
    ).report;
    expect(r.features.find((f) => f.name === 'width')!.role).toBe('format');
    expect(r.features.find((f) => f.name === 'brightness')!.role).toBe('content');
    expect(r.labelDistribution).toMatchObject({ classes: { base: 3, head: 3, shared: 3 }, js: 0 });
    expect(r.duplicates!.exact.head.items).toBe(0);
    expect(r.contentForm).toMatch(/^224×224 RGB \(resized to fill, linear\)/);
  });
  it('transferability per side in the report; LEEP and NCE only with a classifier head that is not the built-in one', () => {
    const { m, labels } = clusters(10, 3, 8, 4);
    const c = collected(30, 0, 5);
    c.base.forEach((it, i) => (it.label = ['a', 'b', 'c'][labels[i]!]!));
    c.head.forEach((it, i) => (it.label = ['a', 'b', 'c'][labels[i]!]!));
    const probs = { rows: 30, cols: 3, data: Float64Array.from({ length: 90 }, (_, k) => (k % 3 === labels[Math.floor(k / 3)] ? 0.8 : 0.1)) };
    const embeddings = { base: { items: c.base, vectors: m, probs }, head: { items: c.head, vectors: m, probs } };
    const builtin = measureDataset({ collected: c, embeddings }, ctx({}, true)).report;
    expect(builtin.transferability!.head).toMatchObject({ n: 30, classes: ['a', 'b', 'c'] });
    expect(builtin.transferability!.head!.knn.lift).toBeCloseTo(1, 6);
    expect(builtin.transferability!.head!.leep).toBeUndefined();
    expect(builtin.embedding!.confidence!.caveat).toMatch(/5-class content classifier/);
    const own = measureDataset({ collected: c, embeddings }, ctx({}, false)).report;
    expect(own.transferability!.head!.leep!.gain).toBeGreaterThan(0);
    expect(own.transferability!.head!.nce).toBeDefined();
    expect(own.embedding!.confidence!.caveat).toBeUndefined();
  });
});
