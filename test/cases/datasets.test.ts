/**
 * Generated datasets through the measure stage and the risk rules (no model: labels, duplicates and
 * per-item features as the collectors produce them).
 */
import { describe, expect, it } from '@jest/globals';
import type { RiskReport } from '../../src/contracts/index.js';
import type { CollectedDataset } from '../../src/data/collect.js';
import type { Item, ItemStatus } from '../../src/data/item.js';
import { countLabels } from '../../src/data/labels.js';
import { noCounts } from '../../src/data/unreadable.js';
import { measureDataset } from '../../src/measure/index.js';
import { assessRisk } from '../../src/risk/assess.js';
import { mergeThresholds } from '../../src/risk/thresholds.js';
import { createRng } from '../../src/stats/rng.js';

const t = mergeThresholds();

function item(
  side: 'base' | 'head',
  i: number,
  label: string,
  features: Record<string, number>,
  o: { hash?: string; status?: ItemStatus; path?: string } = {},
): Item {
  const path = o.path ?? `data/${label}/${side}-${i}.jpg`;
  return { id: path, path, side, status: o.status ?? (side === 'head' ? 'added' : 'deleted'), contentHash: o.hash ?? `${side}-${i}`, label, features };
}

function dataset(base: Item[], head: Item[], labelled = true): CollectedDataset {
  const d: CollectedDataset = {
    name: 'parts',
    modality: 'image',
    labelSource: labelled ? { kind: 'directory' } : { kind: 'none' },
    labelsSetting: labelled ? 'directory' : 'none',
    base,
    head,
    total: { base: base.length, head: head.length },
    changes: { added: head.length, modified: 0, deleted: base.length, renamed: 0 },
    skipped: [],
    unreadable: { base: noCounts(), head: noCounts() },
  };
  if (labelled) d.labels = { source: 'directory', base: countLabels(base), head: countLabels(head) };
  return d;
}

function risk(c: CollectedDataset): { risk: RiskReport; report: ReturnType<typeof measureDataset>['report'] } {
  const m = measureDataset({ collected: c }, { t, seed: 1, model: { builtin: true } });
  return {
    report: m.report,
    risk: assessRisk({
      pretrained: { task: 'classification', model: 'builtin:default' },
      target: { task: 'classification' },
      datasets: [{ report: m.report }],
    }),
  };
}

const dd = (r: RiskReport) => r.scenarios.find((s) => s.id === 'data-drift')!;
const features = (rng: ReturnType<typeof createRng>) => ({ brightness: 0.5 + 0.05 * rng.normal(), contrast: 0.2 + 0.02 * rng.normal() });

describe('labels: prior shift', () => {
  const draw = (side: 'base' | 'head', n: number, p: number, seed: number) => {
    const rng = createRng(seed);
    return Array.from({ length: n }, (_, i) => item(side, i, rng.next() < p ? 'bolt' : 'nut', features(rng)));
  };
  it('class proportions 50/50 → 85/15 are a prior shift: data-drift at least medium, in evidence and report', () => {
    const { risk: r, report } = risk(dataset(draw('base', 300, 0.5, 1), draw('head', 300, 0.85, 2)));
    expect(report.labelDistribution).toMatchObject({ classes: { base: 2, head: 2, shared: 2 }, added: [], removed: [] });
    expect(report.labelDistribution!.chi2.pValue).toBeLessThan(1e-6);
    expect(dd(r).level).toBe('medium');
    expect(dd(r).evidence[0]).toMatch(/^prior shift: class proportions base → head: JS 0\.\d+ \(χ² .*largest change `bolt` \d+% → \d+%/);
  });
  it('the same proportions are low; a new class with many items is medium and named', () => {
    expect(dd(risk(dataset(draw('base', 300, 0.5, 3), draw('head', 300, 0.5, 4))).risk).level).toBe('low');
    const rng = createRng(5);
    const head = [...draw('head', 240, 0.5, 6), ...Array.from({ length: 60 }, (_, i) => item('head', 1000 + i, 'gear', features(rng)))];
    const { risk: r, report } = risk(dataset(draw('base', 300, 0.5, 7), head));
    expect(report.labelDistribution!.added).toEqual(['gear']);
    expect(dd(r).evidence.join('\n')).toMatch(/head adds class `gear` \(20% of head items\): the classifier head needs new outputs/);
    expect(dd(r).level).toBe('medium');
  });
  it('a label set replaced entirely (no class shared) is at least medium even with no embeddings to judge it by', () => {
    // the same items, relabeled: nothing else moves, so only the labels can raise the verdict
    const base = draw('base', 300, 0.5, 8);
    const head = base.map((x, i) => ({ ...x, id: `h${i}`, side: 'head' as const, status: 'added' as const, label: x.label === 'bolt' ? 'scratch' : 'dent' }));
    const { risk: r, report } = risk(dataset(base, head));
    expect(report.embedding).toBeUndefined();
    expect(report.labelDistribution!.classes).toMatchObject({ base: 2, head: 2, shared: 0 });
    expect(dd(r).level).toBe('medium');
    expect(dd(r).evidence.join('\n')).toMatch(
      /the label set was replaced \(2 base classes, 2 head classes, none shared; e\.g\. `dent`, `scratch`\): a relabeling/,
    );
  });
});

describe('duplicates', () => {
  it('a head made of 80 copies of one frame is at least medium and the copies are named', () => {
    const rng = createRng(8);
    const base = Array.from({ length: 100 }, (_, i) => item('base', i, 'bolt', features(rng)));
    const frame = features(rng);
    const head = Array.from({ length: 80 }, (_, i) => item('head', i, 'bolt', frame, { hash: 'blob-frame', path: `data/bolt/frame-${i}.jpg` }));
    const { risk: r, report } = risk(dataset(base, head, false));
    expect(report.duplicates!.exact.head).toEqual({ items: 79, share: 79 / 80, groups: 1 });
    expect(report.duplicates!.exact.base.items).toBe(0);
    const ev = dd(r).evidence.join('\n');
    expect(ev).toMatch(
      /the head is dominated by copies: 79 head items \(99%\) copy another head item — exact duplicates \(same content\), e\.g\. `data\/bolt\/frame-0\.jpg` = `data\/bolt\/frame-1\.jpg`/,
    );
    expect(['medium', 'high']).toContain(dd(r).level);
  });
  it('copies that base already had are no evidence; a copy of a base item added in this change is named', () => {
    const rng = createRng(9);
    const mk = (side: 'base' | 'head') =>
      Array.from({ length: 100 }, (_, i) => item(side, i, 'bolt', features(rng), { hash: `h${i % 50}`, status: 'unchanged', path: `p${side}${i}` }));
    const head = mk('head');
    head.push(item('head', 500, 'bolt', features(rng), { hash: 'h3', status: 'added', path: 'data/bolt/copy.jpg' }));
    const { risk: r, report } = risk(dataset(mk('base'), head, false));
    expect(report.duplicates!.sharedWithBase.items).toBe(1);
    expect(dd(r).level).toBe('low');
    expect(dd(r).evidence.join('\n')).toMatch(/1 added or modified head item is a copy of base items \(e\.g\. `data\/bolt\/copy\.jpg` = `pbase3`\)/);
  });
});
