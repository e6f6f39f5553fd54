/**
 * Red-team cases of the gate, continued: labels stripped from part of head's items, and data moved
 * behind a DVC pointer. Label drift compares the classes of labelled items only, so a pull request that
 * blanked or deleted the labels of some items (the class it changes) kept them out of the class-balance
 * comparison: a rise of the unlabelled share is graded now. A `.dvc` pointer that head adds or changes
 * inside a dataset is new data that cannot be read from git: it was only a skipped entry (the verdict
 * could be low); the dataset fails closed at head now. An unchanged pointer stays a skipped entry.
 */
import { describe, expect, it } from '@jest/globals';
import { analyze } from '../../src/analyze.js';
import type { Report } from '../../src/contracts/index.js';
import { validateReport } from '../../src/report/validate.js';
import { makeRepo, type TempRepo } from './git-helpers.js';

const CONFIG_PATH = '.github/transfer-risk.yml';

function table(shift: number, header = 'x,y,label', rows = 60, label = (i: number) => `k${i % 3}`, from = 0): string {
  const lines = [header];
  for (let i = from; i < from + rows; i++) lines.push(`${(i % 20) / 10 + shift},${(i * 7) % 13},${label(i)}`);
  return `${lines.join('\n')}\n`;
}

async function run(r: TempRepo, base: string, head: string): Promise<Report> {
  const { report } = await analyze({ repo: r.dir, base, head, cacheDir: null });
  validateReport(JSON.parse(JSON.stringify(report)));
  return report;
}

const WORDS = ['red', 'green', 'blue', 'small', 'large', 'round', 'flat'];
/** a short text whose every word is common to many texts (no word unique to one) */
const note = (i: number) => `a note on the ${WORDS[i % 7]} ${WORDS[(i * 3 + 1) % 7]} part of size ${WORDS[(i * 5 + 2) % 7]}`;

const driftOf = (report: Report) => report.risk.scenarios.find((s) => s.id === 'data-drift')!;

describe('labels removed from part of head: the rise of the unlabelled share is graded', () => {
  it('labels: column: (JSONL text) head adds records with a blank label (their class is not compared)', async () => {
    const r = makeRepo('tr-label-part-col-');
    try {
      r.write(CONFIG_PATH, `datasets:\n  - name: t\n    paths: ["data/**"]\n    modality: text\n    labels: column:label\n`);
      const records = (from: number, n: number, label: (i: number) => string) =>
        Array.from({ length: n }, (_, k) => JSON.stringify({ text: note(from + k), label: label(from + k) })).join('\n');
      r.write('data/t.jsonl', `${records(0, 60, (i) => `k${i % 3}`)}\n`);
      const b = r.commit('base');
      // 30 more records like the base ones, with their label blanked: the labelled ones keep base's balance
      r.write('data/t.jsonl', `${records(0, 60, (i) => `k${i % 3}`)}\n${records(60, 30, () => '')}\n`);
      const h = r.commit('head adds records without labels');
      const report = await run(r, b, h);
      const t = report.datasets.find((d) => d.name === 't')!;
      expect(t.error).toBeUndefined();
      const drift = driftOf(report);
      expect(drift.level).toBe('high');
      expect(t.labels!.unlabelled).toEqual({ base: { items: 0, of: 60, share: 0 }, head: { items: 30, of: 90, share: 30 / 90 } });
      expect(drift.evidence.join('\n')).toMatch(/30 of the 90 sampled head items have no label \(33%; base 0 of 60, 0%\)/);
    } finally {
      r.cleanup();
    }
  });

  it('labels: file: head deletes the label rows of part of one class', async () => {
    const r = makeRepo('tr-label-part-file-');
    try {
      r.write(CONFIG_PATH, `datasets:\n  - name: notes\n    paths: ["notes/**"]\n    modality: text\n    labels: file:meta/labels.csv\n`);
      for (let i = 0; i < 40; i++) r.write(`notes/${i}.txt`, `${note(i)}\n`);
      const labels = (keep: (i: number) => boolean) =>
        `path,label\n${Array.from({ length: 40 }, (_, i) => i)
          .filter(keep)
          .map((i) => `notes/${i}.txt,${i % 2 ? 'ok' : 'bad'}`)
          .join('\n')}\n`;
      r.write(
        'meta/labels.csv',
        labels(() => true),
      );
      const b = r.commit('base');
      r.write(
        'meta/labels.csv',
        labels((i) => !(i % 2 === 0 && i < 16)),
      ); // 8 of the 20 'bad' notes lose their label
      const h = r.commit('head removes some label rows');
      const report = await run(r, b, h);
      const ds = report.datasets.find((d) => d.name === 'notes')!;
      expect(ds.error).toBeUndefined();
      const drift = driftOf(report);
      expect(drift.level).toBe('medium');
      expect(ds.labels!.unlabelled).toEqual({ base: { items: 0, of: 40, share: 0 }, head: { items: 8, of: 40, share: 0.2 } });
      expect(drift.evidence.join('\n')).toMatch(
        /8 of the 40 sampled head items have no label \(20%; base 0 of 40, 0%\).*left out of the class-balance comparison/,
      );
    } finally {
      r.cleanup();
    }
  });

  it('an unlabelled share that does not rise is a note, not a finding', async () => {
    const r = makeRepo('tr-label-part-same-');
    try {
      r.write(CONFIG_PATH, `datasets:\n  - name: t\n    paths: ["data/**"]\n    modality: tabular\n    labels: column:label\n`);
      const lab = (i: number) => (i % 10 === 0 ? '' : `k${i % 3}`);
      r.write('data/t.csv', table(0, 'x,y,label', 120, lab));
      const b = r.commit('base');
      r.write('data/u.csv', table(0, 'x,y,label', 30, lab, 120));
      const h = r.commit('head adds a few rows like the base ones');
      const report = await run(r, b, h);
      const t = report.datasets.find((d) => d.name === 't')!;
      expect(driftOf(report).level).toBe('low');
      expect(t.labels!.unlabelled!.base.items).toBe(12);
    } finally {
      r.cleanup();
    }
  });
});

describe('a DVC pointer head adds or changes in a dataset is data that cannot be read from git: the dataset fails closed', () => {
  const CONFIG = `datasets:\n  - name: t\n    paths: ["data/**"]\n    modality: tabular\n`;
  const pointer = (md5: string, path: string) => `outs:\n- md5: ${md5}\n  size: 123456\n  path: ${path}\n`;

  it('head moves part of the dataset behind a new .dvc pointer', async () => {
    const r = makeRepo('tr-dvc-new-');
    try {
      r.write(CONFIG_PATH, CONFIG);
      r.write('data/a.csv', table(0));
      r.write('data/b.csv', table(0));
      const b = r.commit('base');
      r.remove('data/b.csv');
      r.write('data/b.csv.dvc', pointer('0123456789abcdef0123456789abcdef', 'b.csv'));
      const h = r.commit('head moves data/b.csv to DVC');
      const report = await run(r, b, h);
      const t = report.datasets.find((d) => d.name === 't')!;
      expect(t.error).toMatch(/adds the DVC pointer data\/b\.csv\.dvc \(tracking data\/b\.csv\).*DVC-tracked and cannot be read from git/);
      expect(t.errorSides).toEqual(['head']);
      expect(driftOf(report).level).toBe('high');
      expect(report.risk.level).toBe('high');
    } finally {
      r.cleanup();
    }
  });

  it('head changes the md5 of an existing pointer (new data behind it)', async () => {
    const r = makeRepo('tr-dvc-changed-');
    try {
      r.write(CONFIG_PATH, CONFIG);
      r.write('data/a.csv', table(0));
      r.write('data/raw.dvc', pointer('0123456789abcdef0123456789abcdef.dir', 'raw'));
      const b = r.commit('base');
      r.write('data/raw.dvc', pointer('fedcba9876543210fedcba9876543210.dir', 'raw'));
      const h = r.commit('head points data/raw at new data');
      const report = await run(r, b, h);
      const t = report.datasets.find((d) => d.name === 't')!;
      expect(t.error).toMatch(/changes the DVC pointer data\/raw\.dvc \(tracking data\/raw\)/);
      expect(t.errorSides).toEqual(['head']);
      expect(report.risk.level).toBe('high');
    } finally {
      r.cleanup();
    }
  });

  it('a pointer unchanged on both sides stays a skipped entry', async () => {
    const r = makeRepo('tr-dvc-same-');
    try {
      r.write(CONFIG_PATH, CONFIG);
      r.write('data/a.csv', table(0));
      r.write('data/raw.dvc', pointer('0123456789abcdef0123456789abcdef.dir', 'raw'));
      const b = r.commit('base');
      r.write('data/a.csv', table(0, 'x,y,label', 61));
      const h = r.commit('head adds a row');
      const report = await run(r, b, h);
      const t = report.datasets.find((d) => d.name === 't')!;
      expect(t.error).toBeUndefined();
      expect(t.skipped.filter((s) => s.path === 'data/raw.dvc').map((s) => s.side)).toEqual(['base', 'head']);
      expect(report.risk.level).toBe('low');
    } finally {
      r.cleanup();
    }
  });
});
