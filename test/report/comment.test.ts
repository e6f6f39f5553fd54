import { describe, expect, it } from '@jest/globals';
import { COMMENT_LIMIT, COMMENT_MARKER, renderComment } from '../../src/report/comment.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { validateReport } from '../../src/report/validate.js';
import { bigReport } from './big.js';
import { FIXTURES, loadFixture } from './fixtures.js';
import { hostileReport } from './hostile.js';
import { cells, expectWellFormed } from './markdown-checks.js';

describe('renderComment', () => {
  it.each(FIXTURES)('renders %s (snapshot)', (name) => {
    const md = renderComment(validateReport(loadFixture(name)));
    expectWellFormed(md);
    expect(md).toMatchSnapshot();
  });

  it('starts with the sticky marker, then the one-line verdict with emoji, level and reason', () => {
    const md = renderComment(loadFixture('one-dataset'));
    const lines = md.split('\n').filter((l) => l !== '');
    expect(lines[0]).toBe(COMMENT_MARKER);
    expect(lines[1]).toBe(
      '### 🔴 Transfer-learning risk: **HIGH** — Data drift: 3 of 7 image features drift in <code>parts</code>; the strongest is <code>brightness</code> (PSI 0.842, KS 0.412, mean 0.412 → 0.571).',
    );
  });

  it('has a table of all four scenarios with level, score and strongest evidence', () => {
    const { tables } = expectWellFormed(renderComment(loadFixture('many-datasets')));
    const scen = tables.find((t) => t[0].includes('Scenario'))!;
    expect(
      scen.slice(2).map((row) =>
        cells(row)
          .map((c) => c.trim())
          .slice(0, 3),
      ),
    ).toEqual([
      ['Task mismatch', '🟡 medium', '0.42'],
      ['Data drift', '🟡 medium', '0.64'],
      ['ROI shift', '🟢 low', '0.11'],
      ['Augmentation drift', '🔴 high', '0.83'],
    ]);
    expect(cells(scen[5])[3]).toContain('raised color\\_jitter to brightness 0.8');
  });

  it('lists recommendations of the risky scenarios, strongest scenario first', () => {
    const md = renderComment(loadFixture('many-datasets'));
    const recs = md.split('\n').filter((l) => l.startsWith('- **'));
    expect(recs.map((l) => l.match(/^- \*\*(.+?):\*\*/)![1])).toEqual([
      'Augmentation drift',
      'Augmentation drift',
      'Data drift',
      'Data drift',
      'Task mismatch',
    ]);
  });

  it('charts the top 8 features by PSI as a Mermaid xychart', () => {
    const md = renderComment(loadFixture('many-datasets'));
    const chart = md.match(/```mermaid\n([\s\S]*?)```/)![1];
    expect(chart).toMatch(/^xychart-beta\n/);
    const bars = chart
      .match(/bar \[(.*)\]/)![1]
      .split(', ')
      .map(Number);
    expect(bars).toEqual([0.534, 0.466, 0.412, 0.287, 0.061, 0.051, 0.019, 0.018]);
    expect(chart).toContain('x-axis ["parts/brightness", "parts/saturation", "sensor-logs/temp_c", "sensor-logs/line"');
    expect(chart).toContain('y-axis "PSI" 0 --> 0.6');
  });

  it('gives each dataset a collapsible section with drifting features, embedding tests, skipped items and errors', () => {
    const md = renderComment(loadFixture('many-datasets'));
    const sections = md.split('<details><summary><b>').slice(1);
    expect(sections.map((s) => s.slice(0, s.indexOf('</b>')))).toEqual(['parts', 'sensor-logs', 'voice-commands', 'reviews']);
    expect(sections[0]).toContain('| brightness | 0.534 | 0.298 | KS 0.331 | < 1e-6 | < 1e-6 | 0.871 |');
    expect(sections[0]).toContain('| Domain classifier AUC (0.5 = no separation, 1 = fully separable) | 0.781 | 0.00498 |');
    expect(sections[1]).toContain('| line | 0.287 | 0.231 | χ² (df 3) 58.3 | < 1e-6 | < 1e-6 | — |');
    expect(sections[1]).toContain('Columns only in head: humidity\\_pct.');
    expect(sections[2]).toContain('> ⚠️ **Analysis failed:** 82% of the head sample could not be read');
    expect(sections[2]).toContain('<details><summary>5 skipped items</summary>');
  });

  it('links the workflow run and the HTML report when known, from options or meta', () => {
    const r = loadFixture('zero-datasets');
    expect(renderComment(r)).not.toContain('](');
    const md = renderComment(r, { runUrl: 'https://github.com/o/r/actions/runs/1', reportUrl: 'https://o.github.io/r/report.html' });
    expect(md).toContain('📊 [Full HTML report](https://o.github.io/r/report.html) · ⚙️ [Workflow run](https://github.com/o/r/actions/runs/1)');
    expect(renderComment(loadFixture('many-datasets'))).toContain('⚙️ [Workflow run](https://github.com/acme/factory-ml/actions/runs/11890012345)');
  });
});

describe('renderComment at the size limit', () => {
  it('cuts whole sections of a huge report to at most 65,536 characters and says what and where', () => {
    const r = validateReport(JSON.parse(JSON.stringify(bigReport(300, 150, 120))));
    const full = renderMarkdown(r, { maxLength: Infinity, marker: true });
    expect(full.length).toBeGreaterThan(10 * COMMENT_LIMIT);

    const md = renderComment(r);
    expect(md.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(md.length).toBeGreaterThan(COMMENT_LIMIT * 0.9); // it keeps what fits
    expect(md.startsWith(`${COMMENT_MARKER}\n`)).toBe(true);
    expect(md).not.toContain('cut at the size limit'); // the last-resort guard was not needed
    expectWellFormed(md);

    const note = md.split('\n').find((l) => l.includes('Shortened to fit'))!;
    expect(note).toMatch(
      /Cut: run details; skipped-item lists of 300 datasets; non-drifting feature lists of 300 datasets; label tables of 300 datasets; details of \d+ datasets \(one line each remains\)\./,
    );
    expect(note).toContain(
      'Everything is in the `transfer-risk-report` artifact (report.json, report.html) of the [workflow run](https://github.com/acme/factory-ml/actions/runs/11890012345).',
    );
    // the verdict, the scenario table and the recommendations survive
    expect(md).toContain('| Augmentation drift | 🔴 high | 0.83 |');
    expect(md).toContain('**Recommendations**');
    // every dataset still has at least its one line; the ones shown in full have their whole
    // drifting-feature table (capped at 40 rows by design, with a pointer to the rest)
    for (const ds of r.datasets) expect(md).toContain(`<b>${ds.name}</b>`);
    const shown = md.split('<details><summary><b>').slice(1);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThan(300);
    for (const s of shown) {
      const ds = r.datasets.find((d) => d.name === s.slice(0, s.indexOf('</b>')))!;
      const drifting = ds.features.filter((f) => f.drift).length;
      const rows = s.split('\n').filter((l) => /^\| ds\d+\\_feature\\_/.test(l));
      expect(rows).toHaveLength(Math.min(40, drifting));
      if (drifting > 40) expect(s).toContain(`…and ${drifting - 40} more drifting features in the full report`);
    }
    // the datasets shown in full are the most drifted ones
    const fullNames = new Set(shown.map((s) => s.slice(0, s.indexOf('</b>'))));
    const drift = (name: string) => r.datasets.find((d) => d.name === name)!.features.filter((f) => f.drift).length;
    const minShown = Math.min(...[...fullNames].map(drift));
    const maxHidden = Math.max(...r.datasets.filter((d) => !fullNames.has(d.name)).map((d) => drift(d.name)));
    expect(minShown).toBeGreaterThanOrEqual(maxHidden);
  });

  it('drops whole datasets, naming them, when even one line each does not fit', () => {
    const r = validateReport(bigReport(1000, 12, 2));
    const md = renderComment(r);
    expect(md.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expectWellFormed(md);
    const note = md.split('\n').find((l) => l.includes('Shortened to fit'))!;
    const m = note.match(/details of 1,000 datasets \(one line each remains\); (\d+) datasets entirely\. Datasets not shown: (.*?), and ([\d,]+) more\./)!;
    expect(m).not.toBeNull();
    const dropped = Number(m[1]);
    expect(m[2].split(', ')).toHaveLength(8);
    expect(Number(m[3].replace(',', ''))).toBe(dropped - 8);
    const lines = md.split('\n').filter((l) => l.startsWith('- <b>dataset-'));
    expect(lines.length + dropped).toBe(1000);
  });

  it('cuts the least important section first when just over the limit', () => {
    const r = validateReport(bigReport(3, 30, 10));
    const full = renderMarkdown(r, { maxLength: Infinity, marker: true });
    const md = renderComment(r, { maxLength: full.length - 1 });
    expect(md.length).toBeLessThanOrEqual(full.length - 1);
    expect(md.length).toBeGreaterThan(full.length - 2000);
    expect(md).toMatch(/Cut: run details(; skipped-item lists of 1 dataset)?\. Everything is in/);
    expect(md).not.toContain('<sub>transfer-risk');
    expect((md.match(/<details><summary><b>/g) ?? []).length).toBe(3);
  });

  it('keeps the verdict and the scenario table even at a tiny limit', () => {
    const md = renderComment(loadFixture('many-datasets'), { maxLength: 3000 });
    expect(md.length).toBeLessThanOrEqual(3000);
    expect(md).toContain('Transfer-learning risk: **HIGH**');
    expect(md).toContain('| Task mismatch |');
    expect(md).toMatch(/Datasets not shown: reviews, /);
    expectWellFormed(md);
  });
});

describe('renderComment escaping', () => {
  const md = renderComment(validateReport(hostileReport()));

  it('lets no HTML from the data through', () => {
    const tags = [...md.matchAll(/<\/?([a-z]+)/gi)].map((m) => m[1].toLowerCase());
    expect(new Set(tags)).toEqual(new Set(['details', 'summary', 'b', 'code', 'sub']));
    expect(md).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('keeps a single sticky marker', () => {
    expect(md.split(COMMENT_MARKER)).toHaveLength(2);
  });

  it('breaks @mentions and #references', () => {
    expect(md).not.toMatch(/@octocat/);
    expect(md).toContain('@&#8203;octocat');
    expect(md).not.toMatch(/(?<!&)#123/);
  });

  it('keeps Markdown from the data inert: no links, emphasis, math or broken tables', () => {
    // every ]( is escaped but our own link: no Markdown link from the data
    expect(md.match(/(?<!\\)\]\(/g)).toHaveLength(1);
    expect(md).toContain('[Full HTML report](https://example.com/report.html)');
    expect(md).toContain('\\*\\*bold\\*\\*');
    expect(md).toContain('\\[link\\]');
    expect(md).toContain('\\$x^2\\$');
    expect(md).not.toMatch(/^## heading/m);
    expect(md).not.toMatch(/^- item/m);
    expect(md).not.toContain('\u202E');
    expectWellFormed(md);
    const drift = md.split('\n').filter((l) => l.startsWith('| ') && l.includes('0.842'));
    for (const row of drift) expect(cells(row)).toHaveLength(7);
  });

  it('drops non-http links', () => {
    expect(md).not.toMatch(/(?<!\\)\]\(javascript/);
    expect(md).toContain('📊 [Full HTML report](https://example.com/report.html)');
    expect(md).not.toContain('Workflow run](');
  });
});
