/**
 * Issue 12, item 1, through the whole pipeline: a pull request cannot switch the gate off by editing
 * the config it is judged by. Before, editing `.github/transfer-risk.yml` so no dataset path matched
 * turned a drifting PR into "no dataset changes".
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { analyze } from '../../src/analyze.js';
import type { Report } from '../../src/contracts/index.js';
import { renderComment } from '../../src/report/comment.js';
import { makeRepo, type TempRepo } from './git-helpers.js';

const CONFIG = '.github/transfer-risk.yml';
const BASE = 'datasets:\n  - name: t\n    paths: ["data/**"]\n    modality: tabular\nfail-on: medium\n';

function table(shift: number): string {
  const lines = ['x,y'];
  for (let i = 0; i < 200; i++) lines.push(`${(i % 40) / 8 + shift},${(i * 7) % 23}`);
  return `${lines.join('\n')}\n`;
}

describe("analyze: the base revision's config judges the pull request", () => {
  let r: TempRepo;
  const revs: Record<string, string> = {};
  beforeAll(() => {
    r = makeRepo('tr-trust-analyze-');
    r.write(CONFIG, BASE);
    r.write('data/t.csv', table(0));
    revs.base = r.commit('base');
    r.write('data/t.csv', table(5));
    r.write(CONFIG, 'datasets:\n  - name: t\n    paths: ["elsewhere/**"]\n    modality: tabular\nfail-on: none\ntarget: {task: segmentation}\n');
    revs.evasive = r.commit('drift, and a config that looks away');
    r.git('checkout', '-q', revs.base);
    r.write('data/t.csv', table(0).replace('0,0', '0.1,0'));
    r.write(CONFIG, BASE.replace('modality: tabular', 'modality: tabular\n    labels: pictures'));
    revs.invalid = r.commit('a tiny change and an invalid config');
  });
  afterAll(() => r.cleanup());

  it('a config edit that matches no dataset path does not turn a drifting PR into "no dataset changes"', async () => {
    const { report, touched, config } = await analyze({ repo: r.dir, base: revs.base!, head: revs.evasive!, cacheDir: null });
    expect(touched).toBe(true); // before: false, and a neutral check
    expect(config.failOn).toBe('medium');
    expect(report.datasets.map((d) => d.name)).toEqual(['t']);
    expect(report.risk.scenarios.find((s) => s.id === 'data-drift')!.level).toBe('high');
    // head's declared target (segmentation) is assessed beside base's: the worse counts
    const task = report.risk.scenarios.find((s) => s.id === 'task-mismatch')!;
    expect(task.level).not.toBe('low');
    expect(task.evidence[0]).toMatch(
      /^the pull request's config declares pretrained\.task classification and target\.task segmentation \(takes effect after merge\)/,
    );
    expect(report.config!.changes.map((c) => [c.key, c.line, c.effect])).toEqual([
      ['datasets[t].paths', 3, 'after-merge'],
      ['target.task', 6, 'after-merge'],
      ['fail-on', 5, 'after-merge'],
    ]);
    const md = renderComment(report);
    expect(md).toContain('**Configuration** (the base revision decides how a pull request is judged)');
    expect(md).toMatch(
      /<code>\.github\/transfer-risk\.yml:3<\/code> changes <code>datasets\\\[t\\\]\.paths<\/code>: \\\[&quot;data\/\\\*\\\*&quot;\\\] → \\\[&quot;elsewhere\/\\\*\\\*&quot;\\\] — takes effect after merge/,
    );
  });

  it("an invalid head config is a failing verdict naming file:line, with the analysis done on base's config", async () => {
    const { report } = await analyze({ repo: r.dir, base: revs.base!, head: revs.invalid!, cacheDir: null });
    expect(report.config).toMatchObject({
      source: 'base',
      head: 'invalid',
      error: { line: 5, message: expect.stringMatching(/labels must be directory, none/) },
    });
    const task = report.risk.scenarios.find((s) => s.id === 'task-mismatch')!;
    expect(task.level).toBe('high');
    expect(task.evidence[0]).toMatch(/^the pull request's config is invalid \(\.github\/transfer-risk\.yml:5: datasets\[0\]\.labels must be/);
    expect(report.risk.level).toBe('high');
    expect(report.datasets.map((d) => d.name)).toEqual(['t']);
    expect(renderComment(report)).toMatch(/The pull request's config is invalid\*\* \(<code>\.github\/transfer-risk\.yml:5<\/code>/);
  });

  it("a pull request that only changes the config is judged: head's declared target counts; a broken config fails", async () => {
    r.git('checkout', '-q', revs.base!);
    r.write(CONFIG, `${BASE}target: {task: detection}\n`);
    const only = r.commit('only the config');
    const res = await analyze({ repo: r.dir, base: revs.base!, head: only, cacheDir: null });
    expect(res.touched).toBe(true); // before: "no dataset changes", a neutral check
    expect(res.report.datasets).toEqual([]);
    expect(res.report.risk.scenarios.find((s) => s.id === 'task-mismatch')!.level).toBe('high');
    r.write(CONFIG, 'datasets: [\n');
    const broken = r.commit('a broken config only');
    const b = await analyze({ repo: r.dir, base: revs.base!, head: broken, cacheDir: null });
    expect(b.touched).toBe(true);
    expect(b.report.risk.level).toBe('high');
    // a change that leaves the config and the data alone is still "no dataset changes"
    r.write('README.md', 'docs\n');
    r.write(CONFIG, BASE);
    const fixed = r.commit('fixed');
    r.write('README.md', 'more docs\n');
    const docs = r.commit('docs only');
    expect((await analyze({ repo: r.dir, base: fixed, head: docs, cacheDir: null })).touched).toBe(false);
  });

  it('pointing a dataset at another augmentation config does not escape the gate: the worse of the two counts', async () => {
    const a = makeRepo('tr-trust-aug-');
    try {
      const cfg = (aug: string) => `datasets:\n  - name: t\n    paths: ["data/**"]\n    modality: tabular\n    augmentation: ${aug}\n`;
      a.write(CONFIG, cfg('configs/gentle.yaml'));
      a.write('configs/gentle.yaml', 'transforms:\n  - {name: horizontal_flip, p: 0.5}\n');
      a.write('data/t.csv', table(0));
      const b = a.commit('base');
      a.write(CONFIG, cfg('configs/harsh.yaml'));
      a.write('configs/harsh.yaml', 'transforms:\n  - {name: horizontal_flip, p: 0.5}\n  - {name: gaussian_blur, sigma: 60}\n');
      const h = a.commit('point the dataset at a harsh config');
      const { report, touched } = await analyze({ repo: a.dir, base: b, head: h, cacheDir: null });
      expect(touched).toBe(true);
      const aug = report.risk.scenarios.find((x) => x.id === 'augmentation-drift')!;
      expect(aug.level).toBe('high'); // before: the unchanged gentle.yaml was judged (or nothing at all), low
      expect(aug.evidence[0]).toBe(
        "the pull request's config points this dataset at configs/harsh.yaml (takes effect after merge; judged because it is riskier than the base revision's)",
      );
      expect(aug.evidence.join('\n')).toMatch(/harsh transform: gaussian_blur sigma 60/);
      expect(report.config!.changes.map((c) => c.key)).toEqual(['datasets[t].augmentation']);
    } finally {
      a.cleanup();
    }
  });

  it("with no config at base, head's config is used and the report says so", async () => {
    const empty = r.git('commit-tree', '-m', 'empty', r.git('mktree').trim()).trim();
    const { report }: { report: Report } = await analyze({ repo: r.dir, base: empty, head: revs.base!, cacheDir: null });
    expect(report.config).toMatchObject({ source: 'head', head: 'changed' });
    expect(report.config!.changes).toEqual([{ key: 'fail-on', change: 'changed', base: '"high"', head: '"medium"', line: 5, effect: 'after-merge' }]);
    expect(report.meta.failOn).toBe('high');
    expect(renderComment(report)).toMatch(/No config at base: this pull request introduces <code>\.github\/transfer-risk\.yml<\/code>/);
  });
});
