/**
 * Issue 12, item 2, through the whole pipeline: unreadable data never lowers the verdict. Before, 60
 * empty PNGs (or two header-only CSVs) made a drifting dataset "not analyzed" and the verdict medium,
 * and the other scenarios said false things ("no augmentation config is declared").
 */
import { describe, expect, it } from '@jest/globals';
import { symlinkSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import sharp from 'sharp';
import { analyze } from '../../src/analyze.js';
import type { Report, Scenario } from '../../src/contracts/index.js';
import { makeRepo } from './git-helpers.js';

const scenario = (r: Report, id: string): Scenario => r.risk.scenarios.find((s) => s.id === id)!;

function table(shift: number, rows = 300): string {
  const lines = ['x,y,c'];
  for (let i = 0; i < rows; i++) lines.push(`${(i % 50) / 10 + shift},${(i * 7) % 31},k${i % 4}`);
  return `${lines.join('\n')}\n`;
}

describe('gzipped and other table names the reader knows are data, not ignored', () => {
  it.each(['main.csv.gz', 'main.tab', 'main.jsonl.gz'])('a drifting %s is analyzed (before: 0 changes, low)', async (name) => {
    const r = makeRepo('tr-gz-tables-');
    try {
      const enc = (text: string): string | Buffer => {
        const body = name.startsWith('main.jsonl')
          ? text
              .trim()
              .split('\n')
              .slice(1)
              .map((l) => {
                const [x, y, c] = l.split(',');
                return JSON.stringify({ x: Number(x), y: Number(y), c });
              })
              .join('\n') + '\n'
          : name.endsWith('.tab')
            ? text.replaceAll(',', '\t')
            : text;
        return name.endsWith('.gz') ? gzipSync(Buffer.from(body)) : body;
      };
      r.write('.github/transfer-risk.yml', 'datasets:\n  - name: t\n    paths: ["data/**"]\n    modality: tabular\n');
      r.write(`data/${name}`, enc(table(0)));
      const b = r.commit('base');
      r.write(`data/${name}`, enc(table(4)));
      const h = r.commit('drift');
      const { report, touched } = await analyze({ repo: r.dir, base: b, head: h, cacheDir: null });
      expect(touched).toBe(true);
      expect(report.datasets[0]!.sample).toEqual({ base: 300, head: 300 });
      expect(report.risk.level).toBe('high');
    } finally {
      r.cleanup();
    }
  });
});

describe('symbolic links in a dataset', () => {
  it('a symlink the pull request adds is listed as unreadable, never read as data (its blob is its target path)', async () => {
    const r = makeRepo('tr-symlink-data-');
    try {
      r.write('.github/transfer-risk.yml', 'datasets:\n  - name: notes\n    paths: ["data/**"]\n    modality: text\n');
      for (let i = 0; i < 6; i++) r.write(`data/n${i}.txt`, `note ${i}: the part passed inspection on line ${i}\n`);
      const b = r.commit('base');
      symlinkSync('/etc/hostname', `${r.dir}/data/link.txt`);
      const h = r.commit('head adds a symlink');
      const { report } = await analyze({ repo: r.dir, base: b, head: h, cacheDir: null });
      const ds = report.datasets[0]!;
      expect(ds.sample.head).toBe(6);
      expect(ds.skipped).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ path: 'data/link.txt', side: 'head', reason: 'a symbolic link (git mode 120000): links are not followed' }),
        ]),
      );
    } finally {
      r.cleanup();
    }
  });
});

describe('unreadable tables', () => {
  it('two header-only CSVs beside a drifting table: still high; they add no unreadable rows', async () => {
    const r = makeRepo('tr-unreadable-tables-');
    try {
      r.write('.github/transfer-risk.yml', 'datasets:\n  - name: t\n    paths: ["data/**"]\n    modality: tabular\n');
      r.write('data/main.csv', table(0));
      const b = r.commit('base');
      r.write('data/main.csv', table(4));
      const drifting = r.commit('drift');
      r.write('data/empty1.csv', 'x,y,c\n');
      r.write('data/empty2.csv', 'x,y,c\n');
      const padded = r.commit('two header-only files');
      const plain = (await analyze({ repo: r.dir, base: b, head: drifting, cacheDir: null })).report;
      const { report } = await analyze({ repo: r.dir, base: b, head: padded, cacheDir: null });
      expect(plain.risk.level).toBe('high');
      expect(report.risk.level).toBe('high'); // before: medium ("2 of 3 sampled head items could not be read")
      const ds = report.datasets[0]!;
      expect(ds.error).toBeUndefined();
      expect(ds.unreadable!.head).toEqual({ items: 2, of: 3, rows: { unreadable: 0, of: 300 }, share: 0 });
      expect(scenario(report, 'data-drift').evidence.join('\n')).toMatch(
        /2 items of 3 sampled head items could not be read \(0% of the head sample\): data\/empty1\.csv \(no data rows \(header only\)\)/,
      );
    } finally {
      r.cleanup();
    }
  });

  it('a corrupt table is weighed by its rows: a large unreadable share is high on its own', async () => {
    const r = makeRepo('tr-unreadable-rows-');
    try {
      r.write('.github/transfer-risk.yml', 'datasets:\n  - name: t\n    paths: ["data/**"]\n    modality: tabular\n');
      r.write('data/main.csv', table(0, 100));
      const b = r.commit('base');
      // the same table, plus a 400-row file with a ragged row: unreadable, ~80% of head's rows
      r.write('data/more.csv', `${table(0, 400).trimEnd()}\n1,2\n`);
      const h = r.commit('corrupt');
      const { report } = await analyze({ repo: r.dir, base: b, head: h, cacheDir: null });
      const u = report.datasets[0]!.unreadable!.head;
      expect(u.items).toBe(1);
      expect(u.rows).toEqual({ unreadable: 401, of: 501 });
      expect(scenario(report, 'data-drift').level).toBe('high');
    } finally {
      r.cleanup();
    }
  });
});

describe('unreadable images', () => {
  const png = (v: number, i: number): Promise<Buffer> =>
    sharp(Buffer.from(Array.from({ length: 24 * 24 * 3 }, (_, k) => (v + ((k * 13 + i * 7) % 40)) & 255)), { raw: { width: 24, height: 24, channels: 3 } })
      .png()
      .toBuffer();
  const CONFIG = 'datasets:\n  - name: parts\n    paths: ["data/**"]\n    modality: image\n    augmentation: configs/augment.yaml\nsample: {size: 200}\n';

  it('60 empty PNGs do not lower a drifting image dataset; an unanalyzable one fails closed and the augmentation change is still judged', async () => {
    const r = makeRepo('tr-unreadable-images-');
    try {
      r.write('.github/transfer-risk.yml', CONFIG);
      r.write('configs/augment.yaml', 'transforms:\n  - {name: horizontal_flip, p: 0.5}\n');
      for (let i = 0; i < 30; i++) r.write(`data/${i}.png`, await png(60, i));
      const b = r.commit('base');
      for (let i = 0; i < 30; i++) r.write(`data/${i}.png`, await png(190, i));
      for (let i = 0; i < 60; i++) r.write(`data/empty-${i}.png`, '');
      r.write('configs/augment.yaml', 'transforms:\n  - {name: horizontal_flip, p: 0.5}\n  - {name: gaussian_noise, std: 0.3}\n');
      const h = r.commit('brighter, 60 empty files, noisier augmentation');
      const { report } = await analyze({ repo: r.dir, base: b, head: h, cacheDir: null, backend: 'wasm', augmentationSample: 8 });
      const ds = report.datasets[0]!;
      expect(ds.error).toBeUndefined(); // before: "60 of 90 sampled head items could not be read (67% > 20%)"
      expect(ds.sample).toEqual({ base: 30, head: 30 });
      expect(ds.unreadable!.head).toEqual({ items: 60, of: 90, share: 60 / 90 });
      expect(scenario(report, 'data-drift').level).toBe('high');
      expect(report.risk.level).toBe('high');

      // every head image unreadable: cannot be analyzed → high, said so; the augmentation config is still judged
      for (let i = 0; i < 30; i++) r.write(`data/${i}.png`, '');
      const h2 = r.commit('every image empty');
      const broken = (await analyze({ repo: r.dir, base: b, head: h2, cacheDir: null, backend: 'wasm', augmentationSample: 8 })).report;
      expect(broken.datasets[0]!.error).toMatch(/^none of the 90 sampled head items could be read/);
      const drift = scenario(broken, 'data-drift');
      expect(drift.level).toBe('high');
      expect(drift.evidence[0]).toMatch(/^could not be analyzed: none of the 90 .* fails closed/);
      const aug = scenario(broken, 'augmentation-drift');
      expect(aug.evidence.join('\n')).not.toMatch(/no augmentation config is declared/);
      expect(aug.evidence.join('\n')).toMatch(/configs\/augment\.yaml: adds gaussian_noise \(line 3\)/);
      expect(aug.level).toBe('high'); // noise std 0.3, judged from its parameters
      expect(scenario(broken, 'roi-shift').evidence[0]).toBe('label separability not measured: the dataset could not be analyzed (see data-drift)');
    } finally {
      r.cleanup();
    }
  }, 240_000);
});

describe('data in a format training code reads and transfer-risk does not is unreadable, never ignored', () => {
  it('Excel and Feather files a pull request adds to a table dataset count as unreadable rows (before: ignored, low)', async () => {
    const r = makeRepo('tr-unread-tables-');
    try {
      r.write('.github/transfer-risk.yml', 'datasets:\n  - name: t\n    paths: ["data/**"]\n    modality: tabular\n');
      r.write('data/main.csv', table(0));
      r.write('data/README.md', '# not data: still ignored\n');
      const b = r.commit('base');
      r.write('data/new.xlsx', Buffer.from('PK\x03\x04 an Excel workbook'));
      r.write('data/more.feather', Buffer.from('ARROW1 a Feather file'));
      const h = r.commit('new rows in Excel and Feather');
      const { report } = await analyze({ repo: r.dir, base: b, head: h, cacheDir: null });
      const ds = report.datasets[0]!;
      expect(ds.error).toBeUndefined();
      // each unreadable table weighs the side's mean readable rows (300): 600 of 900
      expect(ds.unreadable!.head).toMatchObject({ items: 2, of: 3, rows: { unreadable: 600, of: 900 } });
      expect(ds.skipped.find((s) => s.path === 'data/new.xlsx')!.reason).toMatch(
        /^a Excel file: training code reads this format, transfer-risk does not \(it reads CSV/,
      );
      expect(ds.skipped.some((s) => s.path === 'data/README.md')).toBe(false);
      expect(scenario(report, 'data-drift').level).toBe('high');
    } finally {
      r.cleanup();
    }
  });

  it('BMP images a pull request adds to an image dataset are sampled and unreadable (before: ignored, low)', async () => {
    const r = makeRepo('tr-unread-bmp-');
    try {
      const png = (i: number): Promise<Buffer> =>
        sharp(Buffer.from(Array.from({ length: 24 * 24 * 3 }, (_, k) => (60 + ((k * 13 + i * 7) % 40)) & 255)), { raw: { width: 24, height: 24, channels: 3 } })
          .png()
          .toBuffer();
      r.write('.github/transfer-risk.yml', 'datasets:\n  - name: parts\n    paths: ["data/**"]\n');
      for (let i = 0; i < 30; i++) r.write(`data/${i}.png`, await png(i));
      const b = r.commit('base');
      for (let i = 0; i < 30; i++) r.write(`data/new/${i}.BMP`, Buffer.concat([Buffer.from('BM'), Buffer.alloc(64)]));
      const h = r.commit('30 photographs from a new camera, as BMP');
      const { report } = await analyze({ repo: r.dir, base: b, head: h, cacheDir: null, backend: 'wasm', augmentationSample: 8 });
      const ds = report.datasets[0]!;
      expect(ds.modality).toBe('image');
      expect(ds.changes!.added).toBe(30);
      expect(ds.unreadable!.head).toEqual({ items: 30, of: 60, share: 0.5 });
      expect(ds.skipped.find((s) => s.path === 'data/new/0.BMP')!.reason).toMatch(/^a BMP file: .* \(it reads JPEG, PNG/);
      expect(scenario(report, 'data-drift').level).toBe('high');
    } finally {
      r.cleanup();
    }
  }, 240_000);

  it('a dataset of FLAC recordings only is audio that cannot be analyzed: it fails closed, saying why', async () => {
    const r = makeRepo('tr-unread-flac-');
    try {
      r.write('.github/transfer-risk.yml', 'datasets:\n  - name: speech\n    paths: ["audio/**"]\n');
      for (let i = 0; i < 10; i++) r.write(`audio/${i}.flac`, Buffer.from(`fLaC recording ${i}`));
      const b = r.commit('base');
      r.write('audio/10.flac', Buffer.from('fLaC another recording'));
      const h = r.commit('one more');
      const { report } = await analyze({ repo: r.dir, base: b, head: h, cacheDir: null });
      const ds = report.datasets[0]!;
      expect(ds.modality).toBe('audio');
      expect(ds.error).toMatch(/could be read/);
      expect(ds.skipped.find((s) => s.path === 'audio/10.flac')!.reason).toMatch(/^a FLAC file: .* \(it reads WAV audio\)/);
      expect(scenario(report, 'data-drift').level).toBe('high');
    } finally {
      r.cleanup();
    }
  });
});
