/**
 * The built CLI as a real process (dist/cli.js, built by test/global-setup.mjs when stale):
 * stdout holds only the report JSON, exit codes follow DESIGN.md, errors are one line on stderr.
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = process.cwd();
const CLI = path.join(ROOT, 'dist', 'cli.js');
const EX = path.join(ROOT, 'examples', 'tables');
const GOLD = path.join(ROOT, 'test', 'fixtures', 'tables', 'golden');

function run(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: ROOT });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('dist/cli.js', () => {
  it('exists (npm run build)', () => {
    expect(fs.existsSync(CLI)).toBe(true);
    expect(fs.readFileSync(CLI, 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
  });

  it('compare: report JSON on stdout, logs on stderr, exit 1 at high risk', () => {
    const r = run(['compare', '--base', path.join(EX, 'base.csv'), '--head', path.join(EX, 'head.csv')]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.datasets[0].name).toBe('head.csv');
    expect(report.risk.level).toBe('high');
    expect(r.stderr).toMatch(/risk: high/);
  });

  it('compare --sample-size 0 on a golden pair reproduces the scipy numbers', () => {
    const expected = JSON.parse(fs.readFileSync(path.join(GOLD, 'expected.json'), 'utf8')).large;
    const r = run([
      'compare',
      '--base',
      path.join(GOLD, 'large-base.csv'),
      '--head',
      path.join(GOLD, 'large-head.csv'),
      '--sample-size',
      '0',
      '--fail-on',
      'none',
    ]);
    expect(r.code).toBe(0);
    const ds = JSON.parse(r.stdout).datasets[0];
    expect(ds.sample).toEqual({ base: 12000, head: 15000 });
    for (const w of expected.features) {
      const f = ds.features.find((x: { name: string }) => x.name === w.name);
      expect(Math.abs(f.metrics.psi - w.metrics.psi)).toBeLessThanOrEqual(1e-9 * Math.abs(w.metrics.psi) + 1e-12);
      expect(f.drift).toBe(w.drift);
    }
  });

  it('exit 0 below fail-on', () => {
    const same = path.join(EX, 'base.csv');
    const r = run(['compare', '--base', same, '--head', same, '--fail-on', 'medium', '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-bad-'));
  const good = path.join(EX, 'head.csv');
  const cases: Array<[string, string | Buffer, RegExp]> = [
    ['empty.csv', '', /empty\.csv: empty file \(0 bytes\)$/],
    ['header.csv', 'a,b\n', /header\.csv: no data rows \(header only\)$/],
    ['ragged.csv', 'a,b\n1,2\n1,2,3\n', /ragged\.csv:3: expected 2 fields \(as in the header\), found 3$/],
    ['latin1.csv', Buffer.from('a,b\n1,caf\xe9\n', 'latin1'), /latin1\.csv:2: undecodable bytes \(not valid UTF-8\)$/],
    ['bad.jsonl', '{"a":1}\n{oops}\n', /bad\.jsonl:2: malformed JSON/],
    ['bad.parquet', 'not parquet', /bad\.parquet: not a readable Parquet file/],
  ];
  it.each(cases)('bad input %s: exit 2, one line on stderr, nothing on stdout', (name, content, message) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, content);
    const r = run(['compare', '--base', p, '--head', good, '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^transfer-risk: /);
    expect(lines[0]).toMatch(message);
  });

  it('missing file and usage errors: exit 2, one line', () => {
    const m = run(['compare', '--base', path.join(dir, 'missing.csv'), '--head', good]);
    expect(m.code).toBe(2);
    expect(m.stderr.trim()).toBe(`transfer-risk: ${path.join(dir, 'missing.csv')}: file not found`);
    const u = run(['compare', '--head', good, '--format', 'xml']);
    expect(u.code).toBe(2);
    expect(u.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('--debug prints the stack trace', () => {
    const r = run(['compare', '--base', path.join(dir, 'missing.csv'), '--head', good, '--debug']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\n\s+at /);
  });

  it('--version and --help', () => {
    const v = run(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
    const h = run(['compare', '--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/usage: transfer-risk compare/);
  });
});
