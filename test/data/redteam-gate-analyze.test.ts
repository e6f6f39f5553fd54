/**
 * Red-team cases of the gate: what a pull request brings into a dataset cannot vanish from the
 * analysis. A git submodule (gitlink, mode 160000) inside a dataset's paths holds data from another
 * repository that is never read: it was dropped from the listing (the dataset looked unchanged, or was
 * not even planned when the globs name file extensions). A head whose sampled items carry no label at
 * all (label file deleted, label column emptied) made label drift vanish (nothing to compare).
 * Each fails the dataset closed now, with its reason. A head that widens a dataset's paths and puts
 * new data there had that data left out (base's definition was read on both sides), and after the
 * merge it was part of the dataset without ever having been judged: head's side now reads it too.
 */
import { describe, expect, it } from '@jest/globals';
import { analyze } from '../../src/analyze.js';
import type { Report } from '../../src/contracts/index.js';
import { validateReport } from '../../src/report/validate.js';
import { makeRepo, type TempRepo } from './git-helpers.js';

const CONFIG_PATH = '.github/transfer-risk.yml';

function table(shift: number, header = 'x,y,label', rows = 60, label = (i: number) => `k${i % 3}`): string {
  const lines = [header];
  for (let i = 0; i < rows; i++) lines.push(`${(i % 20) / 10 + shift},${(i * 7) % 13},${label(i)}`);
  return `${lines.join('\n')}\n`;
}

const GOOD = '  - name: good\n    paths: ["good/**"]\n    modality: tabular\n';

async function run(r: TempRepo, base: string, head: string): Promise<{ report: Report; touched: boolean }> {
  const { report, touched } = await analyze({ repo: r.dir, base, head, cacheDir: null });
  validateReport(JSON.parse(JSON.stringify(report)));
  return { report, touched };
}

function expectClosed(report: Report, dataset: string, error: RegExp): void {
  const ds = report.datasets.find((d) => d.name === dataset);
  expect(ds).toBeDefined();
  expect(ds!.error).toMatch(error);
  expect(ds!.errorSides).toEqual(['head']);
  const drift = report.risk.scenarios.find((s) => s.id === 'data-drift')!;
  expect(drift.level).toBe('high');
  expect(report.risk.level).toBe('high');
}

/** commits the index with a gitlink at `path` (a submodule's commit; its content is in another repository) */
function commitGitlink(r: TempRepo, path: string, message: string): string {
  r.git('add', '-A');
  r.git('update-index', '--add', '--cacheinfo', `160000,${'ab'.repeat(20)},${path}`);
  r.git('commit', '-q', '-m', message);
  return r.git('rev-parse', 'HEAD').trim();
}

describe('a git submodule in a dataset is data that cannot be analyzed: the dataset fails closed', () => {
  for (const glob of ['data/**', 'data/**/*.csv']) {
    it(`head adds a submodule under ${glob}`, async () => {
      const r = makeRepo('tr-gitlink-');
      try {
        r.write(CONFIG_PATH, `datasets:\n  - name: t\n    paths: ["${glob}"]\n    modality: tabular\n${GOOD}`);
        r.write('data/t.csv', table(0));
        r.write('good/g.csv', table(0));
        const b = r.commit('base');
        const h = commitGitlink(r, 'data/extra', 'head adds a submodule of data');
        expect(r.git('ls-tree', h, 'data/extra')).toMatch(/^160000 commit /);
        const { report, touched } = await run(r, b, h);
        expect(touched).toBe(true);
        expectClosed(report, 't', /git submodule at data\/extra \(git mode 160000, commit abababababab\)/);
        const t = report.datasets.find((d) => d.name === 't')!;
        expect(t.skipped.some((s) => s.path === 'data/extra' && s.side === 'head')).toBe(true);
      } finally {
        r.cleanup();
      }
    });
  }

  it('a submodule outside every dataset changes nothing', async () => {
    const r = makeRepo('tr-gitlink-out-');
    try {
      r.write(CONFIG_PATH, `datasets:\n  - name: t\n    paths: ["data/**/*.csv"]\n    modality: tabular\n`);
      r.write('data/t.csv', table(0));
      const b = r.commit('base');
      const h = commitGitlink(r, 'vendor/lib', 'head adds a code submodule');
      const { touched } = await run(r, b, h);
      expect(touched).toBe(false);
    } finally {
      r.cleanup();
    }
  });
});

describe('a head whose sampled items carry no label at all fails closed (labels cannot vanish)', () => {
  it('head deletes the label file of labels: file:', async () => {
    const r = makeRepo('tr-label-gone-');
    try {
      r.write(CONFIG_PATH, `datasets:\n  - name: notes\n    paths: ["notes/**"]\n    modality: text\n    labels: file:meta/labels.csv\n${GOOD}`);
      for (let i = 0; i < 12; i++) r.write(`notes/${i}.txt`, `a note number ${i} about part ${i % 5}\n`);
      r.write('meta/labels.csv', `path,label\n${Array.from({ length: 12 }, (_, i) => `notes/${i}.txt,${i % 2 ? 'ok' : 'bad'}`).join('\n')}\n`);
      r.write('good/g.csv', table(0));
      const b = r.commit('base');
      r.remove('meta/labels.csv');
      r.write('notes/3.txt', 'a changed note\n');
      const h = r.commit('head deletes the labels');
      const { report } = await run(r, b, h);
      expectClosed(report, 'notes', /label file meta\/labels\.csv .*missing at head/);
    } finally {
      r.cleanup();
    }
  });

  it('head empties the label column of labels: column:', async () => {
    const r = makeRepo('tr-label-empty-');
    try {
      r.write(CONFIG_PATH, `datasets:\n  - name: t\n    paths: ["data/**"]\n    modality: tabular\n    labels: column:label\n${GOOD}`);
      r.write('data/t.csv', table(0));
      r.write('good/g.csv', table(0));
      const b = r.commit('base');
      r.write(
        'data/t.csv',
        table(0, 'x,y,label', 60, () => ''),
      );
      const h = r.commit('head blanks every label');
      const { report } = await run(r, b, h);
      expectClosed(report, 't', /none of the \d+ sampled head items has a label \(labels column:label; \d+ of the \d+ sampled base items have one\)/);
    } finally {
      r.cleanup();
    }
  });
});

describe("head's paths for a dataset count on head's side: data it moves into the dataset is judged", () => {
  it('head widens the paths and adds drifting data there', async () => {
    const r = makeRepo('tr-widen-');
    try {
      const config = (paths: string) => `datasets:\n  - name: t\n    paths: [${paths}]\n    modality: tabular\n`;
      r.write(CONFIG_PATH, config('"data/a/**"'));
      r.write('data/a/t.csv', table(0, 'x,y,label', 200));
      const b = r.commit('base');
      r.write(CONFIG_PATH, config('"data/a/**", "data/b/**"'));
      r.write('data/b/new.csv', table(40, 'x,y,label', 2000));
      const h = r.commit('head adds data/b to the dataset, with data unlike data/a');
      const { report } = await run(r, b, h);
      const t = report.datasets.find((d) => d.name === 't')!;
      const widened = report.datasets.find((d) => d.name === "t (with head's paths)")!;
      expect(t.sample.head).toBe(t.sample.base); // base's definition: data/a only, unchanged
      expect(widened.sample.head).toBeGreaterThan(widened.sample.base);
      const drift = report.risk.scenarios.find((s) => s.id === 'data-drift')!;
      expect(drift.level).toBe('high');
      expect(report.config!.changes.find((c) => c.key === 'datasets[t].paths')).toMatchObject({ effect: 'after-merge' });
    } finally {
      r.cleanup();
    }
  });

  it('old files brought under the widened paths do not dilute the drift of the changed ones', async () => {
    const r = makeRepo('tr-dilute-');
    try {
      const config = (paths: string) => `datasets:\n  - name: t\n    paths: [${paths}]\n    modality: tabular\nsample:\n  size: 300\n`;
      r.write(CONFIG_PATH, config('"data/a/**"'));
      r.write('data/a/t.csv', table(0, 'x,y,label', 300));
      r.write('data/old/o.csv', table(0, 'x,y,label', 6000)); // outside the dataset at base, like data/a
      const b = r.commit('base');
      r.write('data/a/t.csv', table(1.5, 'x,y,label', 300));
      r.write(CONFIG_PATH, config('"data/a/**", "data/old/**"'));
      const h = r.commit('head shifts data/a and brings 20x as much old data under the dataset');
      const { report } = await run(r, b, h);
      expect(report.datasets.map((d) => d.name).sort()).toEqual(['t', "t (with head's paths)"]);
      const t = report.datasets.find((d) => d.name === 't')!;
      expect(t.sample).toEqual({ base: 300, head: 300 });
      const drift = report.risk.scenarios.find((s) => s.id === 'data-drift')!;
      expect(drift.level).toBe('high');
      expect(report.risk.level).toBe('high');
    } finally {
      r.cleanup();
    }
  });

  it('a widening that brings no file reads the dataset once; one that brings a submodule fails its second reading closed', async () => {
    const r = makeRepo('tr-widen-link-');
    try {
      const config = (paths: string) => `datasets:\n  - name: t\n    paths: [${paths}]\n    modality: tabular\n`;
      r.write(CONFIG_PATH, config('"data/a/**"'));
      r.write('data/a/t.csv', table(0, 'x,y,label', 200));
      const b = r.commit('base');
      r.write(CONFIG_PATH, config('"data/a/**", "data/b/**"'));
      const empty = r.commit('head widens the paths to a folder with nothing in it');
      expect((await run(r, b, empty)).report.datasets.map((d) => d.name)).toEqual(['t']);
      const linked = commitGitlink(r, 'data/b/extra', 'and puts a submodule there');
      const { report } = await run(r, b, linked);
      expectClosed(report, "t (with head's paths)", /git submodule at data\/b\/extra/);
      expect(report.datasets.find((d) => d.name === 't')!.error).toBeUndefined();
    } finally {
      r.cleanup();
    }
  });
});
