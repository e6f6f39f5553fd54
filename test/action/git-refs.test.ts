import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { ensureCommit, ensureRevisions } from '../../src/action/git-refs.js';
import { UserError } from '../../src/errors.js';

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' },
  }).trim();

let upstream: string;
let shas: string[];
let root: string;

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'tr-refs-'));
  upstream = path.join(root, 'upstream');
  execFileSync('git', ['init', '-q', '-b', 'main', upstream]);
  shas = [];
  for (let i = 0; i < 4; i++) {
    writeFileSync(path.join(upstream, 'f.txt'), `v${i}\n`);
    git(upstream, 'add', 'f.txt');
    git(upstream, 'commit', '-q', '-m', `c${i}`);
    shas.push(git(upstream, 'rev-parse', 'HEAD'));
  }
  // a branch that the shallow clone does not have
  git(upstream, 'branch', 'feature', shas[1]!);
  // a "pull request head" only reachable through refs/pull/7/head
  git(upstream, 'checkout', '-q', '-b', 'pr', shas[0]!);
  writeFileSync(path.join(upstream, 'g.txt'), 'pr\n');
  git(upstream, 'add', 'g.txt');
  git(upstream, 'commit', '-q', '-m', 'pr');
  shas.push(git(upstream, 'rev-parse', 'HEAD'));
  git(upstream, 'update-ref', 'refs/pull/7/head', shas[4]!);
  git(upstream, 'checkout', '-q', 'main');
  git(upstream, 'branch', '-D', 'pr');
});

function shallowClone(name: string): string {
  const dir = path.join(root, name);
  execFileSync('git', ['clone', '-q', '--depth=1', '--no-tags', `file://${upstream}`, dir]);
  return dir;
}

describe('ensureCommit', () => {
  it('returns a commit that is already there without fetching', async () => {
    const dir = shallowClone('present');
    const lines: string[] = [];
    const sha = await ensureCommit(dir, shas[3]!, { log: { info: (m) => lines.push(m), warn: () => {}, debug: () => {} } });
    expect(sha).toBe(shas[3]);
    expect(lines).toEqual([]);
  });

  it('fetches a missing SHA into a shallow checkout (depth 1)', async () => {
    const dir = shallowClone('missing');
    expect(() => git(dir, 'cat-file', '-e', `${shas[0]}^{commit}`)).toThrow();
    const lines: string[] = [];
    const sha = await ensureCommit(dir, shas[0]!, { log: { info: (m) => lines.push(m), warn: () => {}, debug: () => {} } });
    expect(sha).toBe(shas[0]);
    expect(git(dir, 'cat-file', '-t', shas[0]!)).toBe('commit');
    expect(lines[0]).toMatch(/^fetching [0-9a-f]{40} from origin \(shallow checkout, depth 1\)$/);
    expect(git(dir, 'rev-parse', '--is-shallow-repository')).toBe('true');
  });

  it('resolves a branch through origin/<branch>, or fetches it', async () => {
    const dir = shallowClone('branch');
    expect(await ensureCommit(dir, 'main')).toBe(shas[3]);
    expect(await ensureCommit(dir, 'feature')).toBe(shas[1]);
  });

  it("a server that refuses the SHA: one clear line with git's reason", async () => {
    const dir = shallowClone('refused');
    // protocol v0 refuses SHAs that are no ref's tip, as some servers do
    const saved = { ...process.env };
    Object.assign(process.env, { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'protocol.version', GIT_CONFIG_VALUE_0: '0' });
    try {
      await expect(ensureCommit(dir, shas[0]!)).rejects.toThrow(/^cannot fetch [0-9a-f]{40} from origin: .*unadvertised object/);
    } finally {
      for (const k of ['GIT_CONFIG_COUNT', 'GIT_CONFIG_KEY_0', 'GIT_CONFIG_VALUE_0']) if (!(k in saved)) delete process.env[k];
    }
  });

  it('both revisions at once', async () => {
    const dir = shallowClone('both');
    expect(await ensureRevisions(dir, shas[1]!, shas[2]!)).toEqual({ base: shas[1], head: shas[2] });
  });

  it('unknown revision: one clear UserError line', async () => {
    const dir = shallowClone('unknown');
    const err = (await ensureCommit(dir, 'no-such-branch').catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toMatch(/^cannot fetch no-such-branch from origin: /);
    expect(err.message).not.toContain('\n');
  });

  it('no remote and missing commit', async () => {
    const dir = path.join(root, 'lonely');
    execFileSync('git', ['init', '-q', dir]);
    await expect(ensureCommit(dir, shas[0]!)).rejects.toThrow(`revision ${shas[0]} is not in ${dir} and there is no "origin" remote to fetch it from`);
  });

  it('rejects option-like revisions', async () => {
    await expect(ensureCommit(root, '--upload-pack=evil')).rejects.toThrow('invalid revision: "--upload-pack=evil"');
  });
});
