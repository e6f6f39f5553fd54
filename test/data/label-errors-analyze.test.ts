/**
 * A label column or label file that the pull request's data breaks is that dataset's error (it fails
 * closed, high by default); the run is not aborted, the report is written and the other datasets are
 * analyzed. Before, each of these aborted `analyze` with exit 2 and no report.
 */
import { symlinkSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { analyze } from '../../src/analyze.js';
import type { Report } from '../../src/contracts/index.js';
import { validateReport } from '../../src/report/validate.js';
import { makeRepo, type TempRepo } from './git-helpers.js';

const CONFIG_PATH = '.github/transfer-risk.yml';

function table(shift: number, header = 'x,y,label', rows = 60): string {
  const lines = [header];
  for (let i = 0; i < rows; i++) lines.push(`${(i % 20) / 10 + shift},${(i * 7) % 13},k${i % 3}`);
  return `${lines.join('\n')}\n`;
}

/** a healthy tabular dataset `good` beside the dataset under test */
const GOOD = '  - name: good\n    paths: ["good/**"]\n    modality: tabular\n';

function writeTexts(r: TempRepo, n: number, prefix: string): void {
  for (let i = 0; i < n; i++) r.write(`notes/${i}.txt`, `${prefix} note number ${i} about part ${i % 5}\n`);
}

const LABELS_OK = `path,label\n${Array.from({ length: 12 }, (_, i) => `notes/${i}.txt,${i % 2 ? 'ok' : 'bad'}`).join('\n')}\n`;
const FILE_CONFIG = `datasets:\n  - name: notes\n    paths: ["notes/**"]\n    modality: text\n    labels: file:meta/labels.csv\n${GOOD}`;

const DS = (report: Report) => report.datasets.find((d) => d.name !== 'good')!;

async function run(r: TempRepo, base: string, head: string): Promise<Report> {
  const { report } = await analyze({ repo: r.dir, base, head, cacheDir: null });
  validateReport(JSON.parse(JSON.stringify(report)));
  return report;
}

/** the broken dataset is what makes data-drift high: it fails closed with its reason */
function expectClosed(report: Report, error: string): void {
  const drift = report.risk.scenarios.find((s) => s.id === 'data-drift')!;
  expect(drift.level).toBe('high');
  expect(drift.evidence.join('\n')).toContain(`could not be analyzed: ${error}`);
  expect(report.risk.level).toBe('high');
}

function expectGoodAnalyzed(report: Report): void {
  const good = report.datasets.find((d) => d.name === 'good')!;
  expect(good).toBeDefined();
  expect(good.error).toBeUndefined();
  expect(good.features.length).toBeGreaterThan(0);
}

describe('label data the pull request breaks fails the dataset closed, the run goes on', () => {
  it('a head table without the labels column:<name> column', async () => {
    const r = makeRepo('tr-label-column-');
    try {
      r.write(CONFIG_PATH, `datasets:\n  - name: t\n    paths: ["data/**"]\n    modality: tabular\n    labels: column:label\n${GOOD}`);
      r.write('data/t.csv', table(0));
      r.write('good/g.csv', table(0));
      const b = r.commit('base');
      r.write('data/t.csv', table(0, 'x,y,category'));
      r.write('good/g.csv', table(0.1));
      const h = r.commit('head drops the label column');
      const report = await run(r, b, h);
      const t = report.datasets.find((d) => d.name === 't')!;
      expect(t.error).toMatch(/^the head table data\/t\.csv lacks the label column label named by labels column:label \(its columns: x, y, category\)/);
      expect(t.error).not.toMatch(/fix .* config/);
      expectGoodAnalyzed(report);
      expectClosed(report, DS(report).error!);
    } finally {
      r.cleanup();
    }
  });

  it('a malformed file:<csv> label file in head', async () => {
    const r = makeRepo('tr-label-csv-');
    try {
      r.write(CONFIG_PATH, FILE_CONFIG);
      writeTexts(r, 12, 'a');
      r.write('meta/labels.csv', LABELS_OK);
      r.write('good/g.csv', table(0));
      const b = r.commit('base');
      writeTexts(r, 12, 'b');
      r.write('meta/labels.csv', 'path,label\nnotes/0.txt,ok\nnotes/1.txt,"bad\nnotes/2.txt,ok\n');
      r.write('good/g.csv', table(0.1));
      const h = r.commit('head breaks the label file');
      const report = await run(r, b, h);
      const notes = report.datasets.find((d) => d.name === 'notes')!;
      expect(notes.error).toMatch(/label file at head \(the pull request brings it\) cannot be used: meta\/labels\.csv:\d+: label file is not valid CSV/);
      expectGoodAnalyzed(report);
      expectClosed(report, DS(report).error!);
    } finally {
      r.cleanup();
    }
  });

  it('a label file that is a symlink in head (git mode 120000)', async () => {
    const r = makeRepo('tr-label-symlink-');
    try {
      r.write(CONFIG_PATH, FILE_CONFIG);
      writeTexts(r, 12, 'a');
      r.write('meta/labels.csv', LABELS_OK);
      r.write('good/g.csv', table(0));
      const b = r.commit('base');
      r.write('meta/real.csv', LABELS_OK);
      r.git('rm', '-q', 'meta/labels.csv');
      symlinkSync('real.csv', `${r.dir}/meta/labels.csv`);
      r.write('good/g.csv', table(0.1));
      const h = r.commit('head turns the label file into a symlink');
      expect(r.git('ls-tree', h, 'meta/labels.csv')).toMatch(/^120000 /);
      const report = await run(r, b, h);
      const notes = report.datasets.find((d) => d.name === 'notes')!;
      expect(notes.error).toBe(
        'label file meta/labels.csv at head (the pull request brings it) is a symlink (git mode 120000); label files are read from regular files only',
      );
      expectGoodAnalyzed(report);
      expectClosed(report, DS(report).error!);
    } finally {
      r.cleanup();
    }
  });

  it('a broken base label file fails closed too: a broken reference cannot vouch for head', async () => {
    const r = makeRepo('tr-label-base-');
    try {
      r.write(CONFIG_PATH, FILE_CONFIG);
      writeTexts(r, 12, 'a');
      r.write('meta/labels.csv', 'path,label\nnotes/0.txt,"ok\n');
      r.write('good/g.csv', table(0));
      const b = r.commit('base with a broken label file');
      r.write('meta/labels.csv', LABELS_OK);
      r.write('good/g.csv', table(0.1));
      const h = r.commit('head fixes it');
      const report = await run(r, b, h);
      const notes = report.datasets.find((d) => d.name === 'notes')!;
      expect(notes.error).toMatch(/^label file at base \(the reference the pull request is compared against\) cannot be used: meta\/labels\.csv:\d+: /);
      expectGoodAnalyzed(report);
      expectClosed(report, DS(report).error!);
    } finally {
      r.cleanup();
    }
  });
  it('a new dataset (nothing at base) with a broken head label file fails closed; with a good one it is medium', async () => {
    const newDataset = async (labels: string) => {
      const r = makeRepo('tr-label-new-');
      try {
        r.write(CONFIG_PATH, FILE_CONFIG);
        r.write('good/g.csv', table(0));
        const b = r.commit('base declares the dataset, holds none of it');
        writeTexts(r, 12, 'b');
        r.write('meta/labels.csv', labels);
        r.write('good/g.csv', table(0.1));
        const h = r.commit('head adds the dataset and its labels');
        return await run(r, b, h);
      } finally {
        r.cleanup();
      }
    };
    const broken = await newDataset('path,label\nnotes/0.txt,ok\nnotes/1.txt,"bad\n');
    const notes = DS(broken);
    expect(notes.sample.base).toBe(0);
    expect(notes.errorSides).toEqual(['head']);
    expect(notes.error).toMatch(/label file at head \(the pull request brings it\) cannot be used/);
    expectGoodAnalyzed(broken);
    expectClosed(broken, notes.error!);

    const fine = await newDataset(LABELS_OK);
    expect(DS(fine).errorSides).toEqual(['base']);
    const drift = fine.risk.scenarios.find((s) => s.id === 'data-drift')!;
    expect(drift.level).toBe('medium');
    expect(drift.evidence.join('\n')).toContain('no readable base data to compare against');
  });
});
