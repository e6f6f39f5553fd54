/**
 * Strings a pull request brings (column names, file paths, class labels, transform names) are bounded
 * where they enter the report: a 5,000-character column name, 2,000 new columns, a 2,000-character
 * path, a 5,000-character label or transform name still give a schema-valid report that names the
 * long thing, ellipsized. Before, each made the report schema-invalid: exit 2, no report at all.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compareTables } from '../../src/compare.js';
import { analyze } from '../../src/analyze.js';
import type { Report } from '../../src/contracts/index.js';
import { validateReport } from '../../src/report/validate.js';
import { makeRepo } from '../data/git-helpers.js';

const LONG = 'c'.repeat(60) + 'x'.repeat(4940); // 5,000 characters, a recognizable prefix
const PREFIX = 'c'.repeat(60);

function texts(report: Report): string {
  return JSON.stringify(report);
}

/** Every string in the report, longest first. */
function longest(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) return value.reduce((m: number, v) => Math.max(m, longest(v)), 0);
  if (value && typeof value === 'object') return Object.values(value).reduce((m: number, v) => Math.max(m, longest(v)), 0);
  return 0;
}

function numeric(shift: number, cols: string[], rows = 120): string {
  const lines = [cols.join(',')];
  for (let i = 0; i < rows; i++) lines.push(cols.map((_, j) => `${((i * (j + 3)) % 17) + shift}`).join(','));
  return `${lines.join('\n')}\n`;
}

describe('compareTables with long column names', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tr-long-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a 5,000-character column name: a valid report naming it ellipsized, numbers as before', async () => {
    const b = path.join(dir, 'b1.csv');
    const h = path.join(dir, 'h1.csv');
    fs.writeFileSync(b, numeric(0, ['a', LONG]));
    fs.writeFileSync(h, numeric(9, ['a', LONG]));
    const report = await compareTables(b, h);
    expect(() => validateReport(JSON.parse(JSON.stringify(report)))).not.toThrow();
    const f = report.datasets[0]!.features.find((x) => x.name.startsWith(PREFIX))!;
    expect(f).toBeDefined();
    expect(f.name.length).toBeLessThan(300);
    expect(f.name).toMatch(/…/);
    expect(f.name).toMatch(/5,000 characters|5000/);
    expect(f.drift).toBe(true);
    expect(texts(report)).not.toContain('x'.repeat(1000));
    const dd = report.risk.scenarios.find((s) => s.id === 'data-drift')!;
    expect(dd.evidence.join('\n')).toContain(PREFIX);
  });

  it('2,000 new columns: one evidence sentence names a few and counts the rest', async () => {
    const cols = Array.from({ length: 2000 }, (_, i) => `new_column_number_${i}`);
    const b = path.join(dir, 'b2.csv');
    const h = path.join(dir, 'h2.csv');
    fs.writeFileSync(b, numeric(0, ['a'], 30));
    fs.writeFileSync(h, numeric(0, ['a', ...cols], 30));
    const report = await compareTables(b, h);
    expect(() => validateReport(JSON.parse(JSON.stringify(report)))).not.toThrow();
    expect(report.datasets[0]!.onlyIn!.head).toHaveLength(2000);
    const dd = report.risk.scenarios.find((s) => s.id === 'data-drift')!;
    const line = dd.evidence.find((e) => e.startsWith('new columns in head'))!;
    expect(line).toContain('new_column_number_0');
    expect(line).toMatch(/and 1,9\d\d more/);
    expect(line.length).toBeLessThanOrEqual(4000);
  });
});

describe('analyze with long strings from the pull request', () => {
  const CONFIG = '.github/transfer-risk.yml';

  it('a 2,000-character data file path', async () => {
    const r = makeRepo('tr-long-path-');
    try {
      r.write(CONFIG, 'datasets:\n  - name: t\n    paths: ["data/**"]\n    modality: tabular\n');
      r.write('data/t.csv', numeric(0, ['x', 'y']));
      const b = r.commit('base');
      const deep = `data/${Array.from({ length: 20 }, (_, i) => `${String(i).padStart(2, '0')}${'d'.repeat(97)}`).join('/')}/t.csv`;
      expect(deep.length).toBeGreaterThan(2000);
      r.write(deep, numeric(9, ['x', 'y']));
      const h = r.commit('a deeply nested table');
      const { report } = await analyze({ repo: r.dir, base: b, head: h, cacheDir: null });
      expect(() => validateReport(JSON.parse(JSON.stringify(report)))).not.toThrow();
      expect(texts(report)).toContain(deep.slice(0, 100));
      expect(longest(report)).toBeLessThanOrEqual(4096);
    } finally {
      r.cleanup();
    }
  }, 60_000);

  it('a 5,000-character class label in a file: label CSV', async () => {
    const r = makeRepo('tr-long-label-');
    try {
      r.write(CONFIG, 'datasets:\n  - name: docs\n    paths: ["data/**"]\n    modality: text\n    labels: file:labels.csv\n');
      const label = (i: number, long: boolean) => (long && i % 2 ? LONG : i % 2 ? 'odd' : 'even');
      const write = (long: boolean) => {
        const rows = ['path,label'];
        for (let i = 0; i < 40; i++) {
          r.write(`data/${i}.txt`, `document number ${i} ${long ? 'changed words here' : 'plain'} ${'w'.repeat(i % 7)}\n`);
          rows.push(`data/${i}.txt,${label(i, long)}`);
        }
        r.write('labels.csv', `${rows.join('\n')}\n`);
      };
      write(false);
      const b = r.commit('base');
      write(true);
      const h = r.commit('a very long label');
      const { report } = await analyze({ repo: r.dir, base: b, head: h, cacheDir: null });
      expect(() => validateReport(JSON.parse(JSON.stringify(report)))).not.toThrow();
      const labels = report.datasets[0]!.labels!;
      const key = Object.keys(labels.head).find((k) => k.startsWith(PREFIX))!;
      expect(key).toBeDefined();
      expect(key).toMatch(/…/);
      expect(labels.head[key]).toBe(20); // numbers do not change
      expect(texts(report)).not.toContain('x'.repeat(1000));
    } finally {
      r.cleanup();
    }
  }, 120_000);

  it('a 5,000-character transform name in an augmentation config', async () => {
    const r = makeRepo('tr-long-aug-');
    try {
      r.write(CONFIG, 'datasets:\n  - name: t\n    paths: ["data/**"]\n    modality: tabular\n    augmentation: configs/aug.yaml\n');
      r.write('configs/aug.yaml', 'transforms:\n  - {name: horizontal_flip, p: 0.5}\n');
      r.write('data/t.csv', numeric(0, ['x', 'y']));
      const b = r.commit('base');
      r.write('configs/aug.yaml', `transforms:\n  - {name: horizontal_flip, p: 0.5}\n  - {name: ${LONG}, p: 0.5}\n`);
      const h = r.commit('a transform with a long name');
      const { report } = await analyze({ repo: r.dir, base: b, head: h, cacheDir: null });
      expect(() => validateReport(JSON.parse(JSON.stringify(report)))).not.toThrow();
      expect(texts(report)).toContain(PREFIX);
      expect(texts(report)).not.toContain('x'.repeat(1000));
    } finally {
      r.cleanup();
    }
  }, 60_000);
});

describe('boundName, listNames and the backstop', () => {
  it('ellipsize with a hash, count the rest, and cut any leftover string to its schema field', async () => {
    const { boundName, listNames } = await import('../../src/contracts/index.js');
    const { clampToSchema } = await import('../../src/report/finalize.js');
    expect(boundName('short')).toBe('short');
    const a = boundName(`${PREFIX}a${'x'.repeat(4939)}`);
    const b = boundName(`${PREFIX}b${'x'.repeat(4939)}`);
    expect(a.length).toBe(160);
    expect(a).not.toBe(b);
    expect(listNames(['a', 'b', 'c', 'd'], (s) => s, 3)).toBe('a, b, c and 1 more');
    const b1 = path.join(os.tmpdir(), `tr-long-bs-${process.pid}.csv`);
    fs.writeFileSync(b1, numeric(0, ['a']));
    try {
      const report = await compareTables(b1, b1);
      report.risk.scenarios[1]!.evidence.push('e'.repeat(9000));
      clampToSchema(report);
      const cut = report.risk.scenarios[1]!.evidence.at(-1)!;
      expect(cut.length).toBe(4000);
      expect(cut).toMatch(/…\(9,000 characters in all\)$/);
      expect(() => validateReport(JSON.parse(JSON.stringify(report)))).not.toThrow();
    } finally {
      fs.rmSync(b1, { force: true });
    }
  });
});

describe('lists longer than the schema allows', () => {
  it('are cut to maxItems and recorded in meta.truncated; lists of numbers never are', async () => {
    const { finalizeReport } = await import('../../src/report/finalize.js');
    const { REPORT_LIMITS } = await import('../../src/report/schema.js');
    const b1 = path.join(os.tmpdir(), `tr-long-list-${process.pid}.csv`);
    fs.writeFileSync(b1, numeric(0, ['a']));
    try {
      const report = await compareTables(b1, b1);
      const d = report.datasets[0]!;
      const many = Array.from({ length: REPORT_LIMITS.labels + 500 }, (_, i) => `new-${i}`);
      d.onlyIn = { base: [], head: Array.from({ length: REPORT_LIMITS.onlyIn + 7 }, (_, i) => `col-${i}`) };
      d.labelDistribution = {
        classes: { base: 1, head: many.length, shared: 0 },
        js: 1,
        chi2: { statistic: 1, pValue: 0, dof: many.length },
        added: many,
        removed: [],
        addedShare: 1,
        removedShare: 1,
      };
      // before: the report was schema-invalid (exit 2, no report at all)
      expect(() => validateReport(JSON.parse(JSON.stringify(report)))).toThrow();
      finalizeReport(report);
      expect(d.labelDistribution!.added).toHaveLength(REPORT_LIMITS.labels);
      expect(d.labelDistribution!.added.at(-1)).toBe(`new-${REPORT_LIMITS.labels - 1}`);
      expect(d.onlyIn.head).toHaveLength(REPORT_LIMITS.onlyIn);
      expect(report.meta.truncated).toEqual([
        { path: 'datasets[0].onlyIn.head', kept: REPORT_LIMITS.onlyIn, of: REPORT_LIMITS.onlyIn + 7 },
        { path: 'datasets[0].labelDistribution.added', kept: REPORT_LIMITS.labels, of: REPORT_LIMITS.labels + 500 },
      ]);
      // the numbers the verdict used stay whole, and the comment says lists were shortened
      expect(d.labelDistribution!.classes.head).toBe(REPORT_LIMITS.labels + 500);
      const { renderMarkdown } = await import('../../src/report/markdown.js');
      const small = await compareTables(b1, b1);
      small.meta.truncated = report.meta.truncated;
      expect(renderMarkdown(small, { maxLength: 65_536 })).toContain("2 lists in report.json shortened to the schema's length");

      // histogram counts are aligned with their edges: a list of numbers is never cut (a bug validation names)
      const { clampToSchema } = await import('../../src/report/finalize.js');
      const again = await compareTables(b1, b1);
      const hist = { edges: Array<number>(65).fill(1), base: Array<number>(65).fill(0), head: Array<number>(65).fill(0) };
      again.datasets[0]!.boxes = { sizeHistogram: hist } as never;
      clampToSchema(again);
      expect([hist.edges.length, hist.base.length, hist.head.length]).toEqual([65, 65, 65]);
      expect(again.meta.truncated).toBeUndefined();
    } finally {
      fs.rmSync(b1, { force: true });
    }
  });
});
