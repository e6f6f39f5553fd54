/**
 * Issue 12, item 6: the CLI's error classes, on the built entry as a real process. Each mistake is
 * exit 2 with one line naming the path or file (no stack trace), a closed stdout keeps the verdict's
 * exit code, and `demo --out DIR` deletes nothing it did not create.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeRepo } from '../data/git-helpers.js';

const ROOT = process.cwd();
const CLI = path.join(ROOT, 'dist', 'cli.js');
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'tr-cli-errors-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

function run(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** one line on stderr, no stack trace */
function oneLine(stderr: string): string {
  const lines = stderr
    .trim()
    .split('\n')
    .filter((l) => !/^(base|head) /.test(l) && !/^risk: /.test(l));
  expect(lines.filter((l) => /^\s+at /.test(l))).toEqual([]);
  return lines.join('\n');
}

function tables(): { base: string; head: string } {
  const base = path.join(TMP, 'base.csv');
  const head = path.join(TMP, 'head.csv');
  const rows = (shift: number) => ['x,c', ...Array.from({ length: 40 }, (_, i) => `${(i % 10) + shift},k${i % 3}`)].join('\n');
  fs.writeFileSync(base, `${rows(0)}\n`);
  fs.writeFileSync(head, `${rows(5)}\n`);
  return { base, head };
}

describe('CLI error classes', () => {
  it('an unwritable --out is exit 2 naming the path, before the analysis', () => {
    const { base, head } = tables();
    const file = path.join(TMP, 'a-file');
    fs.writeFileSync(file, 'x');
    for (const out of [path.join(file, 'sub'), file, ...(fs.existsSync('/proc/self') ? ['/proc/transfer-risk-out'] : [])]) {
      const r = run(['compare', '--base', base, '--head', head, '--out', out]);
      expect(r.code).toBe(2);
      expect(oneLine(r.stderr)).toMatch(new RegExp(`^transfer-risk: cannot write to ${out.replace(/[/.]/g, '\\$&')}: `));
      expect(r.stdout).toBe('');
    }
  });

  it('a repeated single-value flag is a usage error', () => {
    const { base, head } = tables();
    const r = run(['compare', '--base', base, '--base', head, '--head', head]);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toBe('transfer-risk: --base is given more than once for compare; give it once');
  });

  it('--cache-dir naming a file is exit 2 naming it', () => {
    const { base, head } = tables();
    const file = path.join(TMP, 'cache-file');
    fs.writeFileSync(file, 'x');
    const r = run(['compare', '--base', base, '--head', head, '--cache-dir', file]);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toBe(`transfer-risk: --cache-dir ${file}: ${file} is not a directory`);
  });

  it("a closed stdout (| head) keeps the verdict's exit code, with no stack trace", async () => {
    // a report larger than a pipe buffer, so writing it hits the closed pipe
    const cols = Array.from({ length: 300 }, (_, i) => `c${i}`);
    const big = (shift: number) =>
      [cols.join(','), ...Array.from({ length: 30 }, (_, r) => cols.map((_, i) => ((r * 7 + i) % 13) + shift).join(','))].join('\n');
    fs.writeFileSync(path.join(TMP, 'big-base.csv'), `${big(0)}\n`);
    fs.writeFileSync(path.join(TMP, 'big-head.csv'), `${big(20)}\n`);
    const closed = (failOn: string) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(
          process.execPath,
          [CLI, 'compare', '--base', path.join(TMP, 'big-base.csv'), '--head', path.join(TMP, 'big-head.csv'), '--fail-on', failOn, '-q'],
          { stdio: ['ignore', 'pipe', 'pipe'] },
        );
        let stderr = '';
        child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
        child.stdout.once('data', () => child.stdout.destroy()); // the reader goes away after the first chunk
        child.on('close', (code) => resolve({ code, stderr }));
      });
    const none = await closed('none');
    expect(none.code).toBe(0);
    expect(none.stderr).not.toMatch(/EPIPE|Error|\s+at /);
    const high = await closed('medium');
    expect(high.code).toBe(1);
    expect(high.stderr).not.toMatch(/EPIPE|Error|\s+at /);
  }, 60_000);

  it('demo --out DIR never deletes or overwrites what it did not create', () => {
    const out = path.join(TMP, 'demo-out');
    fs.mkdirSync(path.join(out, 'repo'), { recursive: true });
    fs.writeFileSync(path.join(out, 'repo', 'precious.txt'), 'keep me');
    const r = run(['demo', '--out', out]);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toBe(
      `transfer-risk: refusing to replace ${path.join(out, 'repo')}: it was not created by transfer-risk demo (move it away or choose another --out)`,
    );
    expect(fs.readFileSync(path.join(out, 'repo', 'precious.txt'), 'utf8')).toBe('keep me');
    const out2 = path.join(TMP, 'demo-out2');
    fs.mkdirSync(out2);
    fs.writeFileSync(path.join(out2, 'report.json'), '{"mine": true}');
    const r2 = run(['demo', '--out', out2]);
    expect(r2.code).toBe(2);
    expect(oneLine(r2.stderr)).toMatch(/^transfer-risk: refusing to overwrite .*report\.json: not written by transfer-risk demo/);
    expect(fs.readFileSync(path.join(out2, 'report.json'), 'utf8')).toBe('{"mine": true}');
  });
});

describe('CLI error classes on a repository', () => {
  const bomb = (() => {
    let s = 'a: &a [x, x, x, x, x, x, x, x, x]\n';
    let prev = 'a';
    for (const k of 'bcdefghij') {
      s += `${k}: &${k} [${Array(9).fill(`*${prev}`).join(', ')}]\n`;
      prev = k;
    }
    return `${s}datasets:\n  - name: t\n    paths: ["data/**"]\n`;
  })();
  const CONFIG = '.github/transfer-risk.yml';
  const table = (shift: number, col = 'label') => `x,${col}\n${Array.from({ length: 40 }, (_, i) => `${(i % 10) + shift},k${i % 2}`).join('\n')}\n`;

  it('a YAML alias bomb is exit 2 naming the file (base config); in head it fails the pull request, with a report', () => {
    const r = makeRepo('tr-cli-bomb-');
    try {
      r.write(CONFIG, bomb);
      r.write('data/t.csv', table(0));
      const b = r.commit('base');
      r.write('data/t.csv', table(5));
      const h = r.commit('head');
      const res = run(['analyze', '--repo', r.dir, '--base', b, '--head', h, '--no-cache']);
      expect(res.code).toBe(2);
      expect(oneLine(res.stderr)).toMatch(/^transfer-risk: \.github\/transfer-risk\.yml: invalid YAML: Excessive alias count .*base revision's config/);

      const r2 = makeRepo('tr-cli-bomb-head-');
      try {
        r2.write(CONFIG, 'datasets:\n  - name: t\n    paths: ["data/**"]\n    modality: tabular\nfail-on: high\n');
        r2.write('data/t.csv', table(0));
        const b2 = r2.commit('base');
        r2.write(CONFIG, bomb);
        r2.write('data/t.csv', table(0).replace('0,k0', '1,k0'));
        const h2 = r2.commit('head');
        const res2 = run(['analyze', '--repo', r2.dir, '--base', b2, '--head', h2, '--no-cache']);
        expect(res2.code).toBe(1); // a failing verdict, not a crash and not ignored
        const report = JSON.parse(res2.stdout);
        expect(report.config).toMatchObject({
          source: 'base',
          head: 'invalid',
          error: { message: expect.stringMatching(/^invalid YAML: Excessive alias count/) },
        });
        const task = report.risk.scenarios.find((s: { id: string }) => s.id === 'task-mismatch');
        expect(task.level).toBe('high');
        expect(task.evidence[0]).toMatch(/the pull request's config is invalid \(\.github\/transfer-risk\.yml: invalid YAML: Excessive alias count/);
      } finally {
        r2.cleanup();
      }
    } finally {
      r.cleanup();
    }
  });

  it('labels column:<name> naming no column is an input error naming the file', () => {
    const r = makeRepo('tr-cli-labels-');
    try {
      r.write(CONFIG, 'datasets:\n  - name: t\n    paths: ["data/**"]\n    modality: tabular\n    labels: column:category\n');
      r.write('data/t.csv', table(0));
      const b = r.commit('base');
      r.write('data/t.csv', table(5));
      const h = r.commit('head');
      const res = run(['analyze', '--repo', r.dir, '--base', b, '--head', h, '--no-cache', '-q']);
      expect(res.code).toBe(2);
      expect(oneLine(res.stderr)).toBe(
        'transfer-risk: data/t.csv: labels column:category names no column of this table (columns: x, label) at base; fix datasets[t].labels in the config',
      );
    } finally {
      r.cleanup();
    }
  });
});
