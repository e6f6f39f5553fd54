/**
 * Issue 12, item 5: every report validates. Adversarial tables (disjoint categories, constant
 * columns, all-missing columns, one row per side, extreme values, columns on one side only) and a
 * seeded stream of random ones go through the table comparison and through the whole git pipeline;
 * every report must validate against the schema (the same check the CLI, the action and the merge
 * run before writing).
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { analyze } from '../../src/analyze.js';
import { compareFolders, compareTables } from '../../src/compare.js';
import type { Report } from '../../src/contracts/index.js';
import { validateReport } from '../../src/report/validate.js';
import { makeRepo, prng } from '../data/git-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'tr-adversarial-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The report as it would be written: JSON (NaN/Infinity become null) and then the schema. */
function valid(report: Report): Report {
  return validateReport(JSON.parse(JSON.stringify(report)), 'adversarial report');
}

function csv(columns: Record<string, Array<string | number>>): string {
  const names = Object.keys(columns);
  const rows = Math.max(...names.map((n) => columns[n]!.length));
  const lines = [names.join(',')];
  for (let i = 0; i < rows; i++) lines.push(names.map((n) => String(columns[n]![i] ?? '')).join(','));
  return `${lines.join('\n')}\n`;
}

const range = (n: number, f: (i: number) => string | number) => Array.from({ length: n }, (_, i) => f(i));

const CASES: Array<{ name: string; base: Record<string, Array<string | number>>; head: Record<string, Array<string | number>> }> = [
  // many disjoint categories: the Jensen–Shannon distance rounds to 1.0000000000000009 without the clamp
  { name: 'disjoint categories', base: { c: range(400, (i) => `b${i}`) }, head: { c: range(400, (i) => `h${i}`) } },
  { name: 'disjoint categories, few', base: { c: ['a', 'b', 'a'] }, head: { c: ['x', 'y', 'z', 'x'] } },
  { name: 'constant columns', base: { k: range(50, () => 3), s: range(50, () => 'same') }, head: { k: range(50, () => 3), s: range(50, () => 'same') } },
  { name: 'constant, different constants', base: { k: range(50, () => 3) }, head: { k: range(50, () => 7) } },
  { name: 'all-missing columns', base: { m: range(20, () => ''), x: range(20, (i) => i) }, head: { m: range(20, () => ''), x: range(20, (i) => i + 1) } },
  { name: 'all-missing on one side', base: { m: range(20, (i) => i), id: range(20, (i) => i) }, head: { m: range(20, () => ''), id: range(20, (i) => i) } },
  { name: 'one row per side', base: { x: [1], c: ['a'] }, head: { x: [2], c: ['b'] } },
  { name: 'one row per side, identical', base: { x: [1] }, head: { x: [1] } },
  { name: 'extreme values', base: { x: [1e308, -1e308, 5e-324, 0] }, head: { x: [-1e308, 1e308, -5e-324, -0] } },
  { name: 'columns on one side only', base: { a: [1, 2, 3], b: ['x', 'y', 'z'] }, head: { c: [1, 2, 3] } },
];

describe('adversarial tables through compare: every report validates', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const b = join(dir, `${c.name.replace(/\W+/g, '-')}-base.csv`);
      const h = join(dir, `${c.name.replace(/\W+/g, '-')}-head.csv`);
      writeFileSync(b, csv(c.base));
      writeFileSync(h, csv(c.head));
      const report = valid(await compareTables(b, h, { sampleSize: 0 }));
      for (const f of report.datasets[0]!.features) expect(f.metrics.js).toBeLessThanOrEqual(1);
    });
  }

  it('a seeded stream of random tables', async () => {
    const rand = prng(2026);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
    for (let t = 0; t < 60; t++) {
      const cols = 1 + Math.floor(rand() * 4);
      const side = (shift: number): Record<string, Array<string | number>> => {
        const n = 1 + Math.floor(rand() * (rand() < 0.3 ? 3 : 300));
        const out: Record<string, Array<string | number>> = { id: range(n, (i) => i) }; // no blank rows (a header-only file is an input error)
        for (let c = 0; c < cols; c++) {
          const kind = pick(['normal', 'constant', 'categories', 'disjoint', 'missing', 'mixed', 'huge']);
          out[`c${c}`] = range(n, (i) => {
            switch (kind) {
              case 'normal':
                return (rand() - 0.5) * 10 + shift;
              case 'constant':
                return shift;
              case 'categories':
                return `k${Math.floor(rand() * 5)}`;
              case 'disjoint':
                return `${shift}-${Math.floor(rand() * 500)}`;
              case 'missing':
                return '';
              case 'mixed':
                return i % 3 === 0 ? 'n/a' : rand();
              default:
                return (rand() < 0.5 ? -1 : 1) * 10 ** (300 * rand());
            }
          });
        }
        return out;
      };
      const b = join(dir, `random-${t}-base.csv`);
      const h = join(dir, `random-${t}-head.csv`);
      writeFileSync(b, csv(side(0)));
      writeFileSync(h, csv(side(1)));
      valid(await compareTables(b, h, { sampleSize: rand() < 0.5 ? 0 : 50, seed: t }));
    }
  }, 60_000);
});

describe('adversarial tables through the git pipeline: every report validates', () => {
  it('disjoint categories, constant and all-missing columns, one row per side', async () => {
    const run = async (config: string): Promise<Report> => {
      const r = makeRepo('tr-adversarial-git-');
      try {
        r.write('.github/transfer-risk.yml', config);
        CASES.forEach((c, i) => r.write(`data/${i}.csv`, csv(c.base)));
        const b = r.commit('base');
        CASES.forEach((c, i) => r.write(`data/${i}.csv`, csv(c.head)));
        const h = r.commit('head');
        return valid((await analyze({ repo: r.dir, base: b, head: h, cacheDir: null })).report);
      } finally {
        r.cleanup();
      }
    };
    // all tables in one dataset, then one dataset per table
    expect((await run('datasets:\n  - name: t\n    paths: ["data/**"]\n    modality: tabular\n')).datasets).toHaveLength(1);
    const each = ['datasets:', ...CASES.map((_, i) => `  - name: t${i}\n    paths: ["data/${i}.csv"]\n    modality: tabular`)].join('\n');
    const changed = CASES.filter((c) => csv(c.base) !== csv(c.head)).length; // an unchanged table is not analyzed
    expect((await run(`${each}\n`)).datasets).toHaveLength(changed);
  }, 120_000);
});

describe('adversarial image sets through the folder pipeline (embeddings included): every report validates', () => {
  const png = (w: number, h: number, channels: 1 | 3 | 4, value: (i: number) => number): Promise<Buffer> =>
    sharp(Buffer.from(Array.from({ length: w * h * channels }, (_, i) => value(i) & 255)), { raw: { width: w, height: h, channels } })
      .png()
      .toBuffer();
  const folder = (name: string, files: Record<string, Buffer | string>): string => {
    const d = join(dir, name);
    for (const [p, data] of Object.entries(files)) {
      mkdirSync(dirname(join(d, p)), { recursive: true });
      writeFileSync(join(d, p), data);
    }
    return d;
  };
  const rand = prng(9);

  it('one image per side, constant images, 1×1 pixels, grey and alpha images, identical sets, mostly unreadable', async () => {
    const sets: Array<{ name: string; base: Record<string, Buffer | string>; head: Record<string, Buffer | string> }> = [
      { name: 'one-per-side', base: { 'a.png': await png(16, 16, 3, (i) => i) }, head: { 'b.png': await png(16, 16, 3, (i) => 255 - i) } },
      {
        name: 'constant',
        base: { 'a.png': await png(8, 8, 3, () => 0), 'b.png': await png(8, 8, 3, () => 0) },
        head: { 'a.png': await png(8, 8, 3, () => 255), 'b.png': await png(8, 8, 3, () => 255) },
      },
      {
        name: 'one-pixel',
        base: { 'a.png': await png(1, 1, 3, () => 10), 'b.png': await png(1, 1, 3, () => 20) },
        head: { 'a.png': await png(1, 1, 3, () => 200), 'c.png': await png(1, 1, 3, () => 30) },
      },
      {
        name: 'grey-and-alpha',
        base: { 'a.png': await png(12, 12, 1, (i) => i * 3), 'b.png': await png(12, 12, 1, (i) => i) },
        head: { 'a.png': await png(12, 12, 4, (i) => (i % 4 === 3 ? 0 : i)), 'b.png': await png(12, 12, 4, () => 128) },
      },
      {
        name: 'identical',
        base: { 'a.png': await png(16, 16, 3, (i) => i * 7), 'b.png': await png(16, 16, 3, (i) => i * 5) },
        head: { 'a.png': await png(16, 16, 3, (i) => i * 7), 'b.png': await png(16, 16, 3, (i) => i * 5) },
      },
      {
        name: 'mostly-unreadable',
        base: { 'a.png': await png(16, 16, 3, () => Math.floor(rand() * 256)) },
        head: { 'a.png': await png(16, 16, 3, () => Math.floor(rand() * 256)), 'x.png': '', 'y.png': 'junk', 'z.jpg': 'junk' },
      },
    ];
    for (const s of sets) {
      const { report } = await compareFolders(folder(`${s.name}-base`, s.base), folder(`${s.name}-head`, s.head), {
        sampleSize: 0,
        backend: 'wasm',
        cacheDir: null,
      });
      valid(report);
      if (s.name === 'mostly-unreadable') {
        expect(report.datasets[0]!.error).toBeUndefined(); // the readable image is analyzed
        expect(report.datasets[0]!.unreadable!.head).toEqual({ items: 3, of: 4, share: 0.75 });
        expect(report.risk.scenarios.find((x) => x.id === 'data-drift')!.level).toBe('high');
      }
    }
  }, 300_000);
});
