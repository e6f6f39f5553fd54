/**
 * `compare` on two folders, as a real process (dist/cli.js, built by test/global-setup.mjs when
 * stale): rendered part photographs through the reference camera vs the demo's new camera (darker,
 * noisier), and two folders of text files.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import sharp from 'sharp';
import { analyzeCommand } from '../../src/cli/analyze.js';
import { EMBEDDING_OPTIONS } from '../../src/cli/compare.js';
import { NEW_CAMERA, REFERENCE_CAMERA, renderPart, type Camera, type PartKind } from '../../src/demo/render.js';
import { validateReport } from '../../src/report/validate.js';

const ROOT = process.cwd();
const CLI = path.join(ROOT, 'dist', 'cli.js');
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'tr-compare-folders-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

function run(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: ROOT, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const PARTS: PartKind[] = ['gear', 'nut', 'bolt'];

async function renderFolder(dir: string, camera: Camera, seed0: number, n = 30): Promise<void> {
  for (let i = 0; i < n; i++) {
    const part = PARTS[i % 3]!;
    const img = renderPart({ part, defect: 'none', seed: seed0 + i, camera, size: 96 });
    const jpg = await sharp(Buffer.from(img.data), { raw: { width: img.width, height: img.height, channels: 3 } })
      .jpeg({ quality: 90 })
      .toBuffer();
    fs.mkdirSync(path.join(dir, part), { recursive: true });
    fs.writeFileSync(path.join(dir, part, `${String(i).padStart(3, '0')}.jpg`), jpg);
  }
}

describe('compare on two folders (dist/cli.js)', () => {
  const base = path.join(TMP, 'parts-base');
  const head = path.join(TMP, 'parts');
  const cache = path.join(TMP, 'cache');
  const out = path.join(TMP, 'out');

  beforeAll(async () => {
    await renderFolder(base, REFERENCE_CAMERA, 1000);
    await renderFolder(head, NEW_CAMERA, 2000);
  });

  it('dist/cli.js exists (jest globalSetup builds it)', () => {
    expect(fs.existsSync(CLI)).toBe(true);
  });

  it("the folder embedding options are the analyze command's", () => {
    for (const spec of EMBEDDING_OPTIONS) expect(analyzeCommand.options.find((o) => o.name === spec.name)).toEqual(spec);
  });

  it('images from a new camera: brightness and noise drift, 1280-d embeddings, exit 1 at fail-on medium, report.html written', () => {
    const r = run([
      'compare',
      '--base',
      base,
      '--head',
      head,
      '--backend',
      'wasm',
      '--format',
      'json',
      '--fail-on',
      'medium',
      '--cache-dir',
      cache,
      '--labels',
      'directory',
      '--out',
      out,
    ]);
    if (r.code !== 1) console.error(r.stderr);
    expect(r.code).toBe(1);
    const report = validateReport(JSON.parse(r.stdout));
    expect(report.base).toEqual({ ref: base, sha: '' });
    expect(report.head).toEqual({ ref: head, sha: '' });
    expect(report.meta.backend).toBe('wasm');
    const ds = report.datasets[0]!;
    expect(report.datasets).toHaveLength(1);
    expect(ds.name).toBe('parts');
    expect(ds.modality).toBe('image');
    expect(ds.sample).toEqual({ base: 30, head: 30 });
    // the same file names on both sides, every picture retaken
    expect(ds.changes).toEqual({ added: 0, modified: 30, deleted: 0, renamed: 0 });
    expect(ds.labels).toEqual({ source: 'directory', base: { gear: 10, nut: 10, bolt: 10 }, head: { gear: 10, nut: 10, bolt: 10 } });
    const drift = (name: string) => ds.features.find((f) => f.name === name);
    expect(drift('brightness')?.drift).toBe(true);
    expect(drift('noise')?.drift).toBe(true);
    // NEW_CAMERA halves the exposure: head images are darker on average
    const summary = drift('brightness')!.summary!;
    expect(summary.head.mean!).toBeLessThan(summary.base.mean!);
    expect(ds.embedding?.dims).toBe(1280);
    expect(report.risk.scenarios.find((s) => s.id === 'data-drift')!.level).not.toBe('low');
    expect(['medium', 'high']).toContain(report.risk.level);
    expect(r.stderr).toMatch(/risk: (medium|high) \(fail-on medium: failing\)/);
    for (const f of ['report.json', 'comment.md', 'report.html']) expect(fs.existsSync(path.join(out, f))).toBe(true);
    expect(fs.readFileSync(path.join(out, 'report.html'), 'utf8')).toMatch(/brightness/);
  }, 120_000);

  it('text folders: feature drift and the built-in text embedding, no image model', () => {
    const tb = path.join(TMP, 'notes-base');
    const th = path.join(TMP, 'notes');
    fs.mkdirSync(tb);
    fs.mkdirSync(th);
    const words = ['pump', 'valve', 'motor', 'seal', 'belt', 'gear', 'filter', 'bearing'];
    for (let i = 0; i < 40; i++) {
      fs.writeFileSync(path.join(tb, `n${i}.txt`), `checked the ${words[i % 8]} and the ${words[(i + 3) % 8]}, all fine`);
      // head: long ticket dumps full of numbers
      const codes = Array.from({ length: 20 + (i % 7) }, (_, k) => `ERR-${1000 + i * 37 + k} at 0x${(i * 977 + k).toString(16)}`).join('; ');
      fs.writeFileSync(path.join(th, `n${i}.txt`), `${words[i % 8]} log: ${codes}`);
    }
    fs.writeFileSync(path.join(th, '.DS_Store'), 'ignored');
    const r = run(['compare', '--base', tb, '--head', th, '--format', 'json', '--fail-on', 'none', '--no-cache']);
    if (r.code !== 0) console.error(r.stderr);
    expect(r.code).toBe(0);
    const report = validateReport(JSON.parse(r.stdout));
    const ds = report.datasets[0]!;
    expect(ds.name).toBe('notes');
    expect(ds.modality).toBe('text');
    expect(ds.sample).toEqual({ base: 40, head: 40 });
    expect(ds.changes).toEqual({ added: 0, modified: 40, deleted: 0, renamed: 0 });
    expect(ds.skipped).toEqual([]);
    for (const name of ['chars', 'digitShare', 'unseenTokenShare']) expect(ds.features.find((f) => f.name === name)?.drift).toBe(true);
    expect(ds.embedding).toBeDefined();
    expect(report.meta.model).toMatch(/text/);
    // the built-in text embedding is no ImageNet model: no image-vs-text task mismatch
    const tm = report.risk.scenarios.find((s) => s.id === 'task-mismatch')!;
    expect(tm.evidence.join(' ')).not.toMatch(/imagenet/i);
    expect(tm.level).toBe('low');
    expect(r.stderr).not.toMatch(/mobilenet/i);
  }, 60_000);

  it('a folder and a file: exit 2 with one line', () => {
    const file = path.join(ROOT, 'examples', 'tables', 'base.csv');
    const r = run(['compare', '--base', base, '--head', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n').filter(Boolean);
    expect(lines).toEqual([`transfer-risk: --base ${base} is a folder but --head ${file} is a file: compare two table files or two folders`]);
  });

  it('folders without image, audio or text files: exit 2 with one line', () => {
    const a = path.join(TMP, 'junk-a');
    fs.mkdirSync(a);
    fs.writeFileSync(path.join(a, 'x.bin'), 'x');
    const r = run(['compare', '--base', a, '--head', a, '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([`transfer-risk: ${a}, ${a}: no image, audio or text files in either folder`]);
  });
});
