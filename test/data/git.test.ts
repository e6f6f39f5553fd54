import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../src/errors.js';
import { GitRepo, dirMatcher, globMatcher, parseNameStatus } from '../../src/data/git.js';
import { makeRepo, prng, type TempRepo } from './git-helpers.js';

describe('GitRepo', () => {
  let r: TempRepo;
  let base: string;
  let head: string;
  const big = Buffer.alloc(300_000, 7);
  const renamed = 'payload that moves unchanged\n'.repeat(20);

  beforeAll(() => {
    r = makeRepo();
    r.write('data/a.txt', 'alpha\n');
    r.write('data/b.txt', 'bravo\n');
    r.write('data/sub/c.txt', 'charlie\n');
    r.write('data/old name.txt', renamed);
    r.write('data/ünïcödé.txt', 'unicode\n');
    r.write('data/big.bin', big);
    r.write('other/x.txt', 'x\n');
    base = r.commit('base');
    r.write('data/a.txt', 'alpha v2\n'); // modified
    r.remove('data/b.txt'); // deleted
    r.write('data/new.txt', 'new\n'); // added
    r.move('data/old name.txt', 'data/moved/new name.txt'); // renamed
    head = r.commit('head');
    r.git('tag', 'v1', base);
  });
  afterAll(() => r.cleanup());

  it('resolves refs to commit shas', async () => {
    const repo = await GitRepo.open(r.dir);
    expect(await repo.resolve('HEAD')).toBe(head);
    expect(await repo.resolve('v1')).toBe(base);
    expect(await repo.resolve('main~1')).toBe(base);
    expect(await repo.resolve(head.slice(0, 10))).toBe(head);
  });

  it('a missing revision or a non-git directory is a clear UserError', async () => {
    const repo = await GitRepo.open(r.dir);
    await expect(repo.resolve('no-such-branch')).rejects.toThrow(UserError);
    await expect(repo.resolve('no-such-branch')).rejects.toThrow(`revision not found in ${r.dir}: no-such-branch`);
    await expect(repo.resolve('--output=x')).rejects.toThrow(UserError);
    const plain = mkdtempSync(join(tmpdir(), 'tr-nogit-'));
    try {
      await expect(GitRepo.open(plain)).rejects.toThrow(`not a git repository: ${plain}`);
      await expect(GitRepo.open(join(plain, 'missing'))).rejects.toThrow(/repository directory not found/);
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });

  it('lists added, deleted, modified and renamed paths', async () => {
    const repo = await GitRepo.open(r.dir);
    const changed = await repo.changedPaths(base, head);
    const byPath = Object.fromEntries(changed.map((c) => [c.path, c]));
    expect(changed).toHaveLength(4);
    expect(byPath['data/a.txt']).toEqual({ status: 'modified', path: 'data/a.txt' });
    expect(byPath['data/b.txt']).toEqual({ status: 'deleted', path: 'data/b.txt' });
    expect(byPath['data/new.txt']).toEqual({ status: 'added', path: 'data/new.txt' });
    expect(byPath['data/moved/new name.txt']).toEqual({ status: 'renamed', path: 'data/moved/new name.txt', previousPath: 'data/old name.txt' });
  });

  it('parses -z name-status records', () => {
    const out = Buffer.from('M\0a\0R087\0old\0new\0A\0b c\0D\0d\0T\0e\0C100\0src\0copy\0');
    expect(parseNameStatus(out)).toEqual([
      { status: 'modified', path: 'a' },
      { status: 'renamed', path: 'new', previousPath: 'old' },
      { status: 'added', path: 'b c' },
      { status: 'deleted', path: 'd' },
      { status: 'modified', path: 'e' },
      { status: 'added', path: 'copy' },
    ]);
  });

  it('lists files at a revision with blob sha and size, filtered by globs', async () => {
    const repo = await GitRepo.open(r.dir);
    const files = await repo.listFiles(base, ['data/**']);
    expect(files.map((f) => f.path).sort()).toEqual(['data/a.txt', 'data/b.txt', 'data/big.bin', 'data/old name.txt', 'data/sub/c.txt', 'data/ünïcödé.txt']);
    const a = files.find((f) => f.path === 'data/a.txt')!;
    expect(a.sha).toBe(r.git('rev-parse', `${base}:data/a.txt`).trim());
    expect(a.size).toBe(6);
    expect(files.find((f) => f.path === 'data/big.bin')!.size).toBe(big.length);
    const top = await repo.listFiles(head, ['data/*.txt']);
    expect(top.map((f) => f.path).sort()).toEqual(['data/a.txt', 'data/new.txt', 'data/ünïcödé.txt']);
    expect((await repo.listFiles(head)).length).toBe(7);
  });

  it('lists submodules (gitlinks, mode 160000) apart from files', async () => {
    const repo = await GitRepo.open(r.dir);
    expect(await repo.listGitlinks(head)).toEqual([]);
    r.git('update-index', '--add', '--cacheinfo', `160000,${'cd'.repeat(20)},data/module`);
    r.git('commit', '-q', '-m', 'a submodule');
    const withLink = r.git('rev-parse', 'HEAD').trim();
    expect(await repo.listGitlinks(withLink)).toEqual([{ path: 'data/module', sha: 'cd'.repeat(20), size: 0, mode: '160000' }]);
    expect((await repo.listFiles(withLink)).some((f) => f.path === 'data/module')).toBe(false);
    expect([...(await repo.submodulePaths(head, withLink))]).toEqual(['data/module']);
    r.git('reset', '-q', '--hard', head);
  });

  it('dirMatcher: directories where the globs may match files (a submodule there holds dataset data)', () => {
    const cases: Array<[string[], string, boolean]> = [
      [['data/**'], 'data/extra', true],
      [['data/**/*.csv'], 'data/extra', true],
      [['data/**/*.csv'], 'vendor/lib', false],
      [['data/t.csv'], 'data/extra', false],
      [['data/t.csv'], 'data/t.csv', true],
      [['data/*/x.csv'], 'data/extra', true],
      [['data/*.csv'], 'data/extra', false],
      [['data/*/x.csv'], 'data/a/b', false],
      [['**/*.png'], 'anything', true],
      [['data/images/**'], 'data', true],
      [['data/images/**'], 'other', false],
      [['data/{a,b}/*.csv'], 'data/c', true],
      [['./data/**'], 'data/x', true],
    ];
    for (const [globs, dir, want] of cases) expect([globs, dir, dirMatcher(globs)(dir)]).toEqual([globs, dir, want]);
  });

  it('rejects globs that escape the repository', () => {
    expect(() => globMatcher(['../x/**'])).toThrow(UserError);
    expect(() => globMatcher(['/etc/*'])).toThrow(UserError);
    expect(globMatcher(['./data/**'])('data/a/b.png')).toBe(true);
    expect(globMatcher(['data/**'])('data/.hidden/b.png')).toBe(true);
  });
});

describe('BlobReader', () => {
  it('streams many blobs through one process, matching git show', async () => {
    const r = makeRepo();
    try {
      const rand = prng(1);
      const contents: Buffer[] = [];
      for (let i = 0; i < 150; i++) {
        const n = Math.floor(rand() * 20000);
        const b = Buffer.alloc(n);
        for (let j = 0; j < n; j++) b[j] = Math.floor(rand() * 256); // binary, with newlines inside
        contents.push(b);
        r.write(`f/${i}.bin`, b);
      }
      r.write('f/empty.bin', '');
      const sha = r.commit('c');
      const repo = await GitRepo.open(r.dir);
      const files = await repo.listFiles(sha, ['f/*.bin']);
      const reader = repo.blobReader();
      try {
        const results = await Promise.all(files.map((f) => reader.read(f.sha)));
        files.forEach((f, i) => {
          const res = results[i]!;
          expect(res.ok).toBe(true);
          if (!res.ok) return;
          const m = /^f\/(\d+)\.bin$/.exec(f.path);
          const expected = m ? contents[Number(m[1])]! : Buffer.alloc(0);
          expect(Buffer.compare(res.data, expected)).toBe(0);
          expect(res.sha).toBe(f.sha);
        });
        expect((await reader.readPath(sha, 'f/3.bin'))!.equals(contents[3]!)).toBe(true);
        expect(await reader.readPath(sha, 'f/nope.bin')).toBeUndefined();
      } finally {
        await reader.close();
      }
    } finally {
      r.cleanup();
    }
  });

  it('skips oversized blobs with a reason and keeps serving the next requests', async () => {
    const r = makeRepo();
    try {
      r.write('small.txt', 'small\n');
      r.write('large.bin', Buffer.alloc(50_000, 1));
      const sha = r.commit('c');
      const repo = await GitRepo.open(r.dir);
      const reader = repo.blobReader({ maxBytes: 10_000 });
      try {
        const [a, b, c] = await Promise.all([reader.read(`${sha}:small.txt`), reader.read(`${sha}:large.bin`), reader.read(`${sha}:small.txt`)]);
        expect(a.ok && a.data.toString()).toBe('small\n');
        expect(b.ok).toBe(false);
        if (!b.ok) {
          expect(b.reason).toBe('blob too large (48.8 KiB > 9.8 KiB)');
          expect(b.size).toBe(50_000);
        }
        expect(c.ok && c.data.toString()).toBe('small\n');
        const d = await reader.read(`${sha}:missing`);
        expect(d).toEqual({ ok: false, reason: 'missing' });
        const tree = await reader.read(`${sha}^{tree}`);
        expect(tree.ok).toBe(false);
      } finally {
        await reader.close();
      }
    } finally {
      r.cleanup();
    }
  });
});
