import { describe, expect, it } from '@jest/globals';
import { dataDrift } from '../../src/risk/data-drift.js';
import { embeddingDrift } from '../../src/measure/embedding.js';
import type { ItemStatus } from '../../src/data/item.js';
import { vstack } from '../../src/stats/matrix.js';
import { ctx, ds, gaussian, numericFeature, report } from './fixtures.js';
import { mergeThresholds } from '../../src/risk/thresholds.js';
import type { DatasetReport } from '../../src/contracts/index.js';

const c = ctx();

describe('data-drift: per-item features', () => {
  it("a darker, noisier camera is high with the numbers in the user's terms", () => {
    const s = dataDrift(
      [
        ds(
          report({
            features: [
              numericFeature('brightness', { psi: 2.1, wn: 3.2, drift: true, base: 0.52, head: 0.24 }),
              numericFeature('noise', { psi: 1.4, wn: 2.5, drift: true, base: 0.011, head: 0.05 }),
            ],
            changes: { added: 0, modified: 200, deleted: 0, renamed: 0 },
          }),
        ),
      ],
      c,
    );
    expect(s.level).toBe('high');
    expect(s.evidence.join('\n')).toContain('mean brightness 0.52 → 0.24 (shift 3.2 base SD');
    expect(s.evidence.join('\n')).toContain('modifies 200');
    expect(s.recommendations.join('\n')).toMatch(/collect more samples/);
  });

  it('medium needs both PSI and normed Wasserstein past their medium thresholds', () => {
    const mk = (psi: number, wn: number) =>
      dataDrift([ds(report({ features: [numericFeature('contrast', { psi, wn, drift: true, base: 0.2, head: 0.25 })] }))], c).level;
    expect(mk(0.3, 0.6)).toBe('medium');
    expect(mk(0.2, 0.6)).toBe('low');
    expect(mk(0.3, 0.4)).toBe('low');
    expect(mk(1.2, 1.6)).toBe('high');
    expect(mk(1.2, 1.4)).toBe('medium');
  });

  it('never rests on an effect without significance: drift=false stays low', () => {
    const s = dataDrift([ds(report({ features: [numericFeature('brightness', { psi: 3, wn: 4, drift: false, base: 0.5, head: 0.2 })] }))], c);
    expect(s.level).toBe('low');
    expect(s.evidence.join(' ')).toMatch(/no per-item feature drifts/);
  });

  it('file-level features alone (file size) stay low and say why', () => {
    const s = dataDrift([ds(report({ features: [numericFeature('bytes', { psi: 3, wn: 4, drift: true, base: 120000, head: 60000 })] }))], c);
    expect(s.level).toBe('low');
    expect(s.evidence.join(' ')).toMatch(/file size .*not a transfer risk by itself/);
  });

  it('three primary features at medium make high', () => {
    const f = (n: string) => numericFeature(n, { psi: 0.4, wn: 0.7, drift: true, base: 1, head: 1.2 });
    expect(dataDrift([ds(report({ features: [f('contrast'), f('saturation')] }))], c).level).toBe('medium');
    expect(dataDrift([ds(report({ features: [f('contrast'), f('saturation'), f('entropy')] }))], c).level).toBe('high');
  });

  it("describes resolution and audio noise floor in the user's terms", () => {
    const s = dataDrift(
      [
        ds(
          report({
            features: [
              numericFeature('width', { psi: 5, wn: 10, drift: true, base: 1024, head: 640 }),
              numericFeature('height', { psi: 5, wn: 10, drift: true, base: 768, head: 480 }),
              numericFeature('noiseFloorDbfs', { psi: 3, wn: 5, drift: true, base: -62, head: -41 }),
            ],
          }),
        ),
      ],
      c,
    );
    const text = s.evidence.join('\n');
    expect(text).toContain('resolution 1024×768 → 640×480');
    expect(text).toContain('noise floor −62 → −41 dBFS');
  });

  it('small samples say "low power" and never claim a confident low; tiny ones are not tested', () => {
    const s = dataDrift([ds(report({ sample: { base: 30, head: 30 } }))], c);
    expect(s.level).toBe('low');
    expect(s.evidence.join(' ')).toContain('30 items: low power');
    expect(s.evidence.join(' ')).toMatch(/not that the data is unchanged/);
    const tiny = dataDrift([ds(report({ sample: { base: 5, head: 40 } }))], c);
    expect(tiny.evidence.join(' ')).toMatch(/too few to test/);
    const big = dataDrift([ds(report({ sample: { base: 300, head: 300 } }))], c);
    expect(big.evidence.join(' ')).not.toMatch(/low power/);
  });

  it("a dataset that cannot be analyzed at all fails closed (high), unless the base config's policy says otherwise", () => {
    const broken = report({ error: 'none of the 60 sampled head items could be read (most common: empty file, 60×)', sample: { base: 60, head: 0 } });
    const s = dataDrift([ds(broken)], c);
    expect(s.level).toBe('high');
    expect(s.evidence[0]).toMatch(/^could not be analyzed: none of the 60 .* fails closed/);
    const lenient = { ...c, t: mergeThresholds({ unanalyzableLevel: 1 }) };
    expect(dataDrift([ds(broken)], lenient).level).toBe('medium');
    // nothing at base only (a new dataset): nothing to compare against, medium
    const fresh = dataDrift([ds(report({ error: 'no image files matching data/** at base: nothing to compare against', sample: { base: 0, head: 40 } }))], c);
    expect(fresh.level).toBe('medium');
    expect(fresh.evidence[0]).toMatch(/no readable base data to compare against .* not evidence of no drift/);
  });

  it('the unreadable share is evidence of its own, graded from documented thresholds, with the items listed', () => {
    const skipped = Array.from({ length: 7 }, (_, i) => ({ path: `data/x${i}.png`, side: 'head' as const, reason: 'empty file' }));
    const withShare = (items: number, of: number, extra: Partial<DatasetReport> = {}) =>
      dataDrift(
        [
          ds(
            report({
              sample: { base: 200, head: of - items },
              skipped: skipped.slice(0, items),
              unreadable: { base: { items: 0, of: 200, share: 0 }, head: { items, of, share: items / of } },
              ...extra,
            }),
          ),
        ],
        c,
      );
    expect(withShare(1, 200).level).toBe('low'); // 0.5%
    expect(withShare(6, 60).level).toBe('medium'); // 10% ≥ unreadableShareMedium 5%
    const high = withShare(7, 30); // 23% ≥ unreadableShareHigh 20%
    expect(high.level).toBe('high');
    expect(high.evidence.join(' ')).toMatch(
      /7 items of 30 sampled head items could not be read \(23% of the head sample\): data\/x0\.png \(empty file\), .*, and 2 more/,
    );
    // base's share is not the pull request's: at most medium
    const base = dataDrift(
      [ds(report({ sample: { base: 10, head: 200 }, unreadable: { base: { items: 190, of: 200, share: 0.95 }, head: { items: 0, of: 200, share: 0 } } }))],
      c,
    );
    expect(base.level).toBe('medium');
    // tables: header-only files add no unreadable rows
    const rows = dataDrift(
      [
        ds(
          report({
            unreadable: {
              base: { items: 0, of: 1, rows: { unreadable: 0, of: 1000 }, share: 0 },
              head: { items: 2, of: 3, rows: { unreadable: 0, of: 1000 }, share: 0 },
            },
          }),
        ),
      ],
      c,
    );
    expect(rows.level).toBe('low');
  });
});

describe('data-drift: embeddings', () => {
  const embReport = (auc: number, p: number) => ({
    dims: 64,
    components: 10,
    explainedVariance: 0.9,
    mmd: { statistic: 0.2, pValue: p },
    classifierAuc: auc,
    classifierPValue: p,
    driftShare: 0,
  });
  it('grades the classifier AUC only when the tests are significant', () => {
    const lvl = (auc: number, p: number) => dataDrift([ds(report({ embedding: embReport(auc, p) }))], c).level;
    expect(lvl(0.95, 0.005)).toBe('high');
    expect(lvl(0.8, 0.005)).toBe('medium');
    expect(lvl(0.7, 0.005)).toBe('low');
    expect(lvl(0.95, 0.2)).toBe('low');
  });

  it('tests added items separately: 20 shifted added items among 100 are caught; same-kind additions are low', () => {
    const base = gaussian(100, 16, 1);
    const unchanged = base; // identical items on both sides
    const shifted = gaussian(20, 16, 2, new Array(16).fill(1.5));
    const same = gaussian(20, 16, 3);
    const status: ItemStatus[] = [...new Array<ItemStatus>(100).fill('unchanged'), ...new Array<ItemStatus>(20).fill('added')];
    const run = (added: typeof shifted) => {
      const head = vstack(unchanged, added);
      const r = report({
        sample: { base: 100, head: 120 },
        embedding: embeddingDrift(base, head, { seed: 1, mmdPermutations: 100, classifierPermutations: 40 }),
      });
      return dataDrift([ds(r, { embeddings: { base, head, headStatus: status } })], c);
    };
    const bad = run(shifted);
    expect(bad.level).not.toBe('low');
    expect(bad.evidence.join('\n')).toMatch(/20 added items vs base: domain classifier AUC/);
    const good = run(same);
    expect(good.level).toBe('low');
  });
});
