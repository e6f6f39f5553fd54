/** Readable numbers in the renderers: n/a for scenarios that do not apply, AUC ≤ 0.5 and MMD² < 0 with their meaning, the new sections. */
import { describe, expect, it } from '@jest/globals';
import type { Report } from '../../src/contracts/index.js';
import { renderComment } from '../../src/report/comment.js';
import { renderHtml } from '../../src/report/html.js';
import { validateReport } from '../../src/report/validate.js';
import { loadFixture } from './fixtures.js';

function calm(): Report {
  const r = loadFixture('one-dataset');
  const ds = r.datasets[0]!;
  ds.embedding = { ...ds.embedding!, classifierAuc: 0.13, classifierPValue: 1, mmd: { statistic: -0.02, pValue: 1 } };
  for (const s of r.risk.scenarios)
    if (s.id !== 'data-drift')
      Object.assign(s, { applicable: false, level: 'low', score: 0, evidence: ['not applicable: no augmentation config is declared'], recommendations: [] });
  r.risk.level = r.risk.scenarios.find((s) => s.id === 'data-drift')!.level;
  ds.transferability = {
    base: {
      n: 60,
      classes: ['bolt', 'gear'],
      dropped: [],
      knn: { k: 5, folds: 5, accuracy: 0.9, chance: 0.5, lift: 0.8, baseline: 0.01 },
      logme: { score: 0.8, baseline: -0.7, baselineStd: 0.01, gain: 1.5, shuffles: 5 },
    },
    labelsChanged: false,
    labelsSame: false,
    notes: { head: 'no labels' },
  };
  ds.duplicates = {
    exact: { base: { items: 0, share: 0, groups: 0 }, head: { items: 79, share: 0.9875, groups: 1 } },
    sharedWithBase: { items: 0, share: 0 },
    test: { pValue: 1e-30, excess: 0.9875 },
    examples: [{ kind: 'exact', paths: ['data/a.jpg', 'data/b.jpg'] }],
  };
  ds.features[0]!.missingness = { share: { base: 0, head: 0.3 }, pValue: 1e-9, pAdjusted: 1e-8, drift: true };
  return validateReport(r);
}

describe('readable renderers', () => {
  it('the comment shows n/a (not a green low) for scenarios that do not apply, and no score for them', () => {
    const md = renderComment(calm(), {});
    const rows = md.split('\n').filter((l) => l.startsWith('| Task mismatch') || l.startsWith('| ROI shift') || l.startsWith('| Augmentation drift'));
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row).toContain('⚪ n/a | — |');
      expect(row).not.toContain('🟢');
    }
  });
  it('the HTML cards say n/a, and AUC below 0.5 and negative MMD² read as no separation / no difference', () => {
    const html = renderHtml(calm());
    expect(html).toMatch(/<article class="card na"[^>]*id="scenario-task-mismatch">[\s\S]*?<span class="pill">n\/a<\/span>/);
    expect(html).toContain('≤ 0.5 (no separation; 0.13)');
    expect(html).toContain('≈ 0 (no difference)');
    expect(html).not.toMatch(/>0\.13</);
    const md = renderComment(calm(), {});
    expect(md).toContain('| MMD² (RBF kernel) | ≈ 0 (no difference) |');
    expect(md).toContain('AUC ≤ 0.5 (no separation)');
  });
  it('the HTML report shows transferability per side, duplicates with example paths, and data quality', () => {
    const html = renderHtml(calm());
    expect(html).toContain('<h3>Transferability');
    expect(html).toMatch(/kNN lift \(0 = chance, 1 = perfect\)<\/td><td class="num">0\.8 <span class="muted">\(shuffled 0\.01\)/);
    expect(html).toContain('LEEP and NCE need the model');
    expect(html).toMatch(/<h3>Duplicates[\s\S]*exact: <code>data\/a\.jpg<\/code> = <code>data\/b\.jpg<\/code>/);
    expect(html).toMatch(/<h3>Data quality<\/h3>[\s\S]*missing values<\/td><td class="num">0% → 30%/);
    const md = renderComment(calm(), {});
    expect(md).toMatch(/\*\*Data quality\*\*\n\n- <code>[^<]+<\/code>: missing 0% → 30%\n- duplicates: 98\.8% of head items copy another \(base 0%\)/);
  });
});
