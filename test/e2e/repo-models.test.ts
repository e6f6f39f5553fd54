/**
 * Repository models through the built CLI as a real process (issue 12 item 3, issue 14 item 3):
 * `analyze` reads `pretrained.model` from git at the trusted revision (base, which has a config), whatever
 * the working directory and the work tree hold; a hostile manifest is exit 2 with one line naming the file
 * and the reason, within seconds.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeRepo, type TempRepo } from '../data/git-helpers.js';
import { png } from '../embed/helpers.js';

const ROOT = process.cwd();
const CLI = path.join(ROOT, 'dist', 'cli.js');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'onnx');

function config(model: string, extra = ''): string {
  return [
    'datasets:',
    '  - name: parts',
    '    paths: ["data/**"]',
    '    modality: image',
    '    labels: directory',
    'pretrained:',
    `  model: ${model}`,
    '  task: classification',
    extra,
    'sample: {size: 20, seed: 1}',
    '',
  ].join('\n');
}

async function images(repo: TempRepo, side: number): Promise<void> {
  for (let k = 0; k < 8; k++) {
    repo.write(
      `data/${k % 2 ? 'a' : 'b'}/img${k}.png`,
      await png(40, 40, (x, y) => [(x * 6 + k * 20 + side * 90) % 256, (y * 5 + k * 9) % 256, side ? 200 : 30]),
    );
  }
}

function analyze(repo: TempRepo, base: string, head: string, cacheDir: string) {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [CLI, 'analyze', '--repo', repo.dir, '--base', base, '--head', head, '--format', 'json', '--cache-dir', cacheDir], {
    encoding: 'utf8',
    cwd: os.tmpdir(),
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, seconds: (Date.now() - t0) / 1000 };
}

let cacheDir: string;
beforeAll(() => {
  cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tr-repo-models-cache-'));
});
afterAll(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

describe('analyze with a repository model', () => {
  it('embeds with the ONNX model committed at base, from any working directory, ignoring the work tree', async () => {
    const repo = makeRepo('tr-repo-onnx-');
    repo.write('.github/transfer-risk.yml', config('models/classifier.onnx', '  input: {mean: [0.5, 0.4, 0.3], std: [0.2, 0.25, 0.3]}'));
    repo.write('models/classifier.onnx', fs.readFileSync(path.join(FIXTURES, 'classifier.onnx')));
    await images(repo, 0);
    const base = repo.commit('base');
    await images(repo, 1);
    // the pull request replaces the model with junk: the base revision's model is the one used
    repo.write('models/classifier.onnx', 'not a model');
    const head = repo.commit('head');
    // and the work tree holds yet another file
    repo.write('models/classifier.onnx', 'work tree junk');
    const r = analyze(repo, base, head, cacheDir);
    expect(r.stderr).not.toMatch(/Error:|at .*\.js:\d+/);
    expect([0, 1]).toContain(r.code);
    const report = JSON.parse(r.stdout);
    expect(report.meta.model).toBe('models/classifier.onnx');
    expect(report.meta.backend).toBe('onnx');
    expect(report.meta.engine).toBe('onnxruntime');
    expect(report.meta.executionProvider).toBe('cpu');
    expect(report.meta.threads).toBeGreaterThanOrEqual(1);
    expect(report.meta.imagesPerSecond).toBeGreaterThan(0);
    expect(report.datasets[0].embedding.dims).toBe(8);
    repo.cleanup();
  }, 180_000);

  it('a manifest naming ../../../../etc/hostname, /dev/zero or a symlinked model.json is exit 2 with one line, within seconds', async () => {
    const repo = makeRepo('tr-repo-evil-');
    const manifest = (p: string) =>
      JSON.stringify({
        format: 'layers-model',
        modelTopology: { class_name: 'Sequential', config: { layers: [] } },
        weightsManifest: [{ paths: [p], weights: [] }],
      });
    repo.write('models/escape/model.json', manifest('../../../../etc/hostname'));
    repo.write('models/zero/model.json', manifest('/dev/zero'));
    fs.mkdirSync(path.join(repo.dir, 'models/link'), { recursive: true });
    fs.symlinkSync('../escape/model.json', path.join(repo.dir, 'models/link/model.json'));
    const cases: Array<[string, string]> = [
      [
        'models/escape/model.json',
        "pretrained.model models/escape/model.json: weight file '../../../../etc/hostname' is outside the model's folder models/escape",
      ],
      [
        'models/zero/model.json',
        "pretrained.model models/zero/model.json: weight file '/dev/zero' is not a relative path inside the model's folder models/zero",
      ],
      ['models/link/model.json', 'pretrained.model models/link/model.json: is a symlink (git mode 120000); models are read from regular files only'],
    ];
    for (const [model, line] of cases) {
      repo.write('.github/transfer-risk.yml', config(model));
      await images(repo, 0);
      const base = repo.commit(`base ${model}`);
      await images(repo, 1);
      const head = repo.commit(`head ${model}`);
      const r = analyze(repo, base, head, cacheDir);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines[lines.length - 1]).toBe(`transfer-risk: ${line}`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.seconds).toBeLessThan(30);
    }
    repo.cleanup();
  }, 180_000);
});
