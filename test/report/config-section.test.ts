/**
 * The report's `config` section in all three renderings (comment, HTML report, job summary): the same
 * words, and what the pull request brings (dataset names in keys, values, the config error) escaped for
 * each format.
 */
import { describe, expect, it } from '@jest/globals';
import type { ConfigReport, Report } from '../../src/contracts/index.js';
import { renderComment } from '../../src/report/comment.js';
import { CONFIG_CHANGES_SHOWN } from '../../src/report/config-block.js';
import { renderHtml } from '../../src/report/html.js';
import { writeJobSummary } from '../../src/report/summary.js';
import { fakeSummary } from './fake-summary.js';
import { validateReport } from '../../src/report/validate.js';
import { loadFixture } from './fixtures.js';
import { HOSTILE } from './hostile.js';

function withConfig(config: ConfigReport): Report {
  const r = loadFixture('one-dataset');
  r.config = config;
  return validateReport(r);
}

const CHANGED: ConfigReport = {
  path: '.github/transfer-risk.yml',
  source: 'base',
  head: 'changed',
  changes: [
    { key: 'datasets[t].paths', change: 'changed', base: '["data/**"]', head: '["elsewhere/**"]', line: 3, effect: 'after-merge' },
    { key: 'target.task', change: 'added', head: '"segmentation"', line: 6, effect: 'after-merge' },
    { key: 'datasets[new].paths', change: 'added', head: '["new/**"]', line: 9, effect: 'this-run' },
    { key: 'fail-on', change: 'removed', base: '"medium"', line: 1, effect: 'after-merge' },
  ],
};

const FROM_HEAD: ConfigReport = { path: '.github/transfer-risk.yml', source: 'head', head: 'changed', changes: [] };

/** The words the three renderings share, one per line: tags, emphasis, escapes and entities removed. */
const EXPECTED_CHANGED = [
  '.github/transfer-risk.yml:3 changes datasets[t].paths: ["data/**"] → ["elsewhere/**"] — takes effect after merge (this run used the base value)',
  '.github/transfer-risk.yml:6 adds target.task = "segmentation" — takes effect after merge (this run used the base value)',
  '.github/transfer-risk.yml:9 adds datasets[new].paths = ["new/**"] — used in this run (defined only in head)',
  '.github/transfer-risk.yml:1 removes fail-on — takes effect after merge (this run used the base value)',
];
const EXPECTED_FROM_HEAD = [
  'No config at base: this pull request introduces .github/transfer-risk.yml, so its datasets and model are used now; fail-on and thresholds take their defaults until it is merged.',
];

function plain(s: string): string {
  return s
    .replace(/<[^>]+>/g, '')
    .replace(/\\(.)/g, '$1')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\u200b/g, '');
}

function commentLines(r: Report): string[] {
  const md = renderComment(r);
  const at = md.indexOf('**Configuration** (the base revision decides how a pull request is judged)');
  expect(at).toBeGreaterThan(0);
  const block = md.slice(at).split('\n\n')[1];
  // Markdown's own emphasis is an unescaped ** (the data's asterisks are escaped)
  return block.split('\n').map((l) => plain(l.replace(/^- /, '').replace(/(?<!\\)\*\*/g, '')));
}

function htmlSection(r: Report): string {
  const html = renderHtml(r);
  const m = /<section id="config">(.*?)<\/section>/s.exec(html);
  expect(m).not.toBeNull();
  return m![1];
}

function htmlLines(r: Report): string[] {
  return [...htmlSection(r).matchAll(/<li>(.*?)<\/li>/gs)].map((m) => plain(m[1]));
}

async function summaryCalls(r: Report): Promise<Array<[string, ...unknown[]]>> {
  const f = fakeSummary();
  await writeJobSummary(r, f.s);
  return f.calls;
}

async function summaryLines(r: Report): Promise<string[]> {
  const calls = await summaryCalls(r);
  const at = calls.findIndex((c) => c[0] === 'heading' && c[1] === 'Configuration');
  expect(at).toBeGreaterThan(0);
  expect(calls[at + 1]).toEqual(['raw', '<p>the base revision decides how a pull request is judged</p>', true]);
  expect(calls[at + 2][0]).toBe('list');
  return (calls[at + 2][1] as string[]).map(plain);
}

describe('config section in the comment, the HTML report and the job summary', () => {
  it('says the same words in all three: each change with file:line and when it takes effect', async () => {
    const r = withConfig(CHANGED);
    expect(commentLines(r)).toEqual(EXPECTED_CHANGED);
    expect(htmlLines(r)).toEqual(EXPECTED_CHANGED);
    expect(await summaryLines(r)).toEqual(EXPECTED_CHANGED);
    expect(htmlSection(r)).toContain('<h2>Configuration <span class="muted small">(the base revision decides how a pull request is judged)</span></h2>');
    expect(htmlSection(r)).toContain('<code>.github/transfer-risk.yml:3</code> changes <code>datasets[t].paths</code>');
  });

  it("says so when there is no config at base and head's config is used", async () => {
    const r = withConfig(FROM_HEAD);
    expect(commentLines(r)).toEqual(EXPECTED_FROM_HEAD);
    expect(htmlLines(r)).toEqual(EXPECTED_FROM_HEAD);
    expect(await summaryLines(r)).toEqual(EXPECTED_FROM_HEAD);
  });

  it("names an invalid head config with its line, and a deleted one, in the comment's words", async () => {
    const r = withConfig({
      path: '.github/transfer-risk.yml',
      source: 'base',
      head: 'invalid',
      changes: [],
      error: { line: 5, message: 'labels must be directory' },
    });
    const expected = [
      "⛔ The pull request's config is invalid (.github/transfer-risk.yml:5: labels must be directory): this run used the base revision's config and rates task-mismatch high (it fails closed) until the config is fixed.",
    ];
    expect(commentLines(r)).toEqual(expected);
    expect(htmlLines(r)).toEqual(expected);
    expect(htmlSection(r)).toContain('⛔ <b>The pull request&#39;s config is invalid</b>');
    expect(await summaryLines(r)).toEqual(expected);
    const gone = withConfig({ path: '.github/transfer-risk.yml', source: 'base', head: 'missing', changes: [] });
    const deleted = ["The pull request deletes .github/transfer-risk.yml; this run used the base revision's config."];
    expect(htmlLines(gone)).toEqual(deleted);
    expect(await summaryLines(gone)).toEqual(deleted);
  });

  it('lists the first changes and counts the rest, in all three', async () => {
    const many = Array.from({ length: CONFIG_CHANGES_SHOWN + 3 }, (_, i) => ({
      key: `datasets[d${i}].paths`,
      change: 'added' as const,
      head: '["x/**"]',
      line: i + 1,
      effect: 'this-run' as const,
    }));
    const r = withConfig({ ...CHANGED, changes: many });
    for (const lines of [commentLines(r), htmlLines(r), await summaryLines(r)]) {
      expect(lines).toHaveLength(CONFIG_CHANGES_SHOWN + 1);
      expect(lines.at(-1)).toBe('and 3 more changes (see report.json)');
    }
  });

  it('shows nothing when base judged the run and head did not change the config', async () => {
    const r = withConfig({ path: '.github/transfer-risk.yml', source: 'base', head: 'unchanged', changes: [] });
    expect(renderHtml(r)).not.toContain('id="config"');
    expect((await summaryCalls(r)).some((c) => c[0] === 'heading' && c[1] === 'Configuration')).toBe(false);
    expect(renderComment(r)).not.toContain('**Configuration**');
  });
});

describe('config section escaping (names and values come from the pull request)', () => {
  const hostile = (): Report =>
    withConfig({
      path: `.github/${HOSTILE.img}.yml`,
      source: 'base',
      head: 'invalid',
      error: { line: 2, message: `${HOSTILE.details} ${HOSTILE.mention} ${HOSTILE.md}` },
      changes: [
        { key: `datasets[${HOSTILE.img}].paths`, change: 'added', head: JSON.stringify([HOSTILE.md]), line: 3, effect: 'this-run' },
        {
          key: `datasets[${HOSTILE.details}].labels`,
          change: 'changed',
          base: JSON.stringify(HOSTILE.newline),
          head: JSON.stringify(HOSTILE.marker),
          line: 4,
          effect: 'after-merge',
        },
        { key: `datasets[${HOSTILE.ref}]`, change: 'removed', base: JSON.stringify(HOSTILE.bidi), line: 5, effect: 'after-merge' },
        { key: HOSTILE.tick, change: 'added', head: JSON.stringify(HOSTILE.pipe + HOSTILE.math), line: 6, effect: 'this-run' },
      ],
    });

  it('HTML report: no tag, attribute or script from the data, and the names still readable', () => {
    const section = htmlSection(hostile());
    const tags = new Set([...section.matchAll(/<([a-z][a-z0-9]*)/g)].map((m) => m[1]));
    expect([...tags].sort()).toEqual(['b', 'code', 'h2', 'li', 'span', 'ul']);
    expect(section).not.toMatch(/<img|<script|onerror=alert\(1\)>|<!--|<\/details>/);
    expect(section).toContain('<code>.github/&lt;img src=x onerror=alert(1)&gt;.yml:2</code>');
    expect(section).toContain('&lt;/summary&gt;&lt;/details&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(section).not.toContain('\u202E');
    // the whole page stays one document: the section closes where it should
    const html = renderHtml(hostile());
    expect(html.match(/<section id="config">/g)).toHaveLength(1);
    expect(html).not.toMatch(/<img src=x/);
  });

  it('job summary: no HTML, Markdown links, emphasis, mentions or references from the data', async () => {
    const calls = await summaryCalls(hostile());
    const at = calls.findIndex((c) => c[0] === 'heading' && c[1] === 'Configuration');
    const items = calls[at + 2][1] as string[];
    expect(items).toHaveLength(5);
    const all = items.join('\n');
    expect(all).not.toMatch(/<img|<script|<\/summary>|<\/details>|<!--/i);
    expect(all).not.toMatch(/@octocat/);
    expect(all).not.toMatch(/(?<!&)#123/);
    expect(all).not.toMatch(/\]\(javascript|\*\*bold|~~s~~|\$x\^2\$|`/);
    expect(all).not.toContain('\n## heading');
    expect(all).not.toContain('\u202E');
    expect(all).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(all).toContain('&#91;link&#93;(javascript:alert(1))');
    const tags = new Set([...all.matchAll(/<\/?([a-z][a-z0-9]*)/gi)].map((m) => m[1].toLowerCase()));
    expect([...tags].sort()).toEqual(['b', 'code']);
  });

  it('comment: escaped as before (the block is the same code)', () => {
    const md = renderComment(hostile());
    const block = md.slice(md.indexOf('**Configuration**')).split('\n\n')[1];
    expect(block.split('\n')).toHaveLength(5);
    expect(block).not.toMatch(/<img|<script|<\/summary>|@octocat/);
    expect(block).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});
