import { describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CliIO } from '../../src/cli/command.js';
import { main } from '../../src/cli/main.js';
import { stricterFailOn } from '../../src/contracts/index.js';
import { TOOL_VERSION } from '../../src/version.js';

function io(): CliIO & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    out: () => out,
    err: () => err,
  };
}

const EX = path.join(process.cwd(), 'examples', 'tables');
const BASE = path.join(EX, 'base.csv');
const HEAD = path.join(EX, 'head.csv');

describe('global flags and help', () => {
  it('--version prints the package version', async () => {
    const t = io();
    expect(await main(['--version'], t)).toBe(0);
    expect(t.out()).toBe(`${TOOL_VERSION}\n`);
  });
  it('--help lists every command; no command at all is a usage error', async () => {
    const t = io();
    expect(await main(['--help'], t)).toBe(0);
    for (const c of ['compare', 'analyze', 'demo', 'embed', 'merge']) expect(t.out()).toMatch(new RegExp(`\\n  ${c} `));
    const none = io();
    expect(await main([], none)).toBe(2);
    // a usage error: one line on stderr, nothing on stdout
    expect(none.out()).toBe('');
    expect(none.err()).toMatch(/^transfer-risk: no command given \(commands: compare, analyze, .*\); see transfer-risk --help\n$/);
  });
  it('per-command --help shows its options', async () => {
    const t = io();
    expect(await main(['compare', '--help'], t)).toBe(0);
    expect(t.out()).toMatch(/^usage: transfer-risk compare --base PATH --head PATH/);
    expect(t.out()).toMatch(/--sample-size N/);
    const a = io();
    expect(await main(['analyze', '-h'], a)).toBe(0);
    for (const o of ['--repo', '--base', '--head', '--config', '--out', '--format', '--cache-dir', '--sample-size', '--backend', '--fail-on', '--debug'])
      expect(a.out()).toContain(o);
  });
  it('help COMMAND is the same as COMMAND --help', async () => {
    const a = io();
    const b = io();
    expect(await main(['help', 'compare'], a)).toBe(0);
    expect(await main(['compare', '--help'], b)).toBe(0);
    expect(a.out()).toBe(b.out());
    expect(await main(['help', 'nope'], io())).toBe(2);
  });
  it('unknown commands and options are one-line usage errors (exit 2)', async () => {
    const t = io();
    expect(await main(['frobnicate'], t)).toBe(2);
    expect(t.err()).toBe('transfer-risk: unknown command "frobnicate" (commands: compare, analyze, demo, embed, merge)\n');
    const u = io();
    expect(await main(['compare', '--base', BASE, '--head', HEAD, '--colour'], u)).toBe(2);
    expect(u.err()).toBe('transfer-risk: unknown option --colour for compare (see --help)\n');
    const v = io();
    expect(await main(['compare', '--base', BASE], v)).toBe(2);
    expect(v.err()).toBe('transfer-risk: missing --head for compare (see --help)\n');
    expect(v.out()).toBe('');
  });
});

describe('compare', () => {
  it('prints only the report JSON on stdout and exits 1 at the default fail-on (high)', async () => {
    const t = io();
    const code = await main(['compare', '--base', BASE, '--head', HEAD, '--quiet'], t);
    const report = JSON.parse(t.out());
    expect(report.schemaVersion).toBe(1);
    expect(report.risk.level).toBe('high');
    expect(code).toBe(1);
    expect(t.err()).toBe('');
  });
  it('fail-on none and medium', async () => {
    expect(await main(['compare', '--base', BASE, '--head', HEAD, '-q', '--fail-on', 'none'], io())).toBe(0);
    expect(await main(['compare', '--base', BASE, '--head', HEAD, '-q', '--fail-on', 'medium'], io())).toBe(1);
    // the same file on both sides: no drift, low risk
    expect(await main(['compare', '--base', BASE, '--head', BASE, '-q', '--fail-on', 'medium'], io())).toBe(0);
  });
  it('--format md prints the Markdown comment with the features', async () => {
    const t = io();
    await main(['compare', '--base', BASE, '--head', HEAD, '-q', '--format', 'md'], t);
    expect(t.out()).toMatch(/Transfer-learning risk/);
    expect(t.out()).toMatch(/exposure\\_ms/);
    expect(() => JSON.parse(t.out())).toThrow();
  });
  it('--out writes report.json, comment.md and report.html', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-out-'));
    const t = io();
    await main(['compare', '--base', BASE, '--head', HEAD, '--out', out], t);
    const written = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8'));
    expect(written).toEqual(JSON.parse(t.out()));
    expect(fs.readFileSync(path.join(out, 'comment.md'), 'utf8')).toMatch(/<!-- transfer-risk:comment -->/);
    expect(fs.readFileSync(path.join(out, 'report.html'), 'utf8')).toMatch(/<html/i);
    expect(t.err()).toMatch(/wrote .*report\.json/);
  });
  it('bad input: one line naming the file, exit 2; --debug adds the stack', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-bad-'));
    const rag = path.join(dir, 'rag.csv');
    fs.writeFileSync(rag, 'a,b\n1,2\n3\n');
    const t = io();
    expect(await main(['compare', '--base', rag, '--head', HEAD], t)).toBe(2);
    expect(t.err().split('\n').filter(Boolean).slice(-1)[0]).toBe(`transfer-risk: ${rag}:3: expected 2 fields (as in the header), found 1`);
    expect(t.err()).not.toMatch(/\n\s+at /);
    expect(t.out()).toBe('');
    const d = io();
    expect(await main(['compare', '--base', rag, '--head', HEAD, '--debug'], d)).toBe(2);
    expect(d.err()).toMatch(/\n\s+at /);
  });
});

describe('stricterFailOn', () => {
  it('keeps the stricter policy', () => {
    expect(stricterFailOn('high', 'medium')).toBe('medium');
    expect(stricterFailOn('medium', 'high')).toBe('medium');
    expect(stricterFailOn('high', 'none')).toBe('high');
    expect(stricterFailOn('none', 'high')).toBe('high');
    expect(stricterFailOn('high', undefined)).toBe('high');
  });
});
