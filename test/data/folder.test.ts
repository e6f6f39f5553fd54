import { afterAll, describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { collectFolders, detectFolderModality, listFolder, type FolderOptions } from '../../src/data/folder.js';
import { seededHash } from '../../src/data/sample.js';
import { UserError } from '../../src/errors.js';
import { unreadableReport } from '../../src/data/unreadable.js';
import { writeWav } from './git-helpers.js';

const tmpRoots: string[] = [];
afterAll(() => {
  for (const d of tmpRoots) fs.rmSync(d, { recursive: true, force: true });
});

/** a temp folder with `files` (relative path → content) written into it */
function folder(files: Record<string, string | Uint8Array>, prefix = 'tr-folder-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tmpRoots.push(dir);
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }
  return dir;
}

const OPTS: FolderOptions = { sampleSize: 500, seed: 42 };

async function png(value: number, size = 16): Promise<Buffer> {
  return sharp(Buffer.alloc(size * size * 3, value), { raw: { width: size, height: size, channels: 3 } })
    .png()
    .toBuffer();
}

function sentences(n: number, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < n; i++) out[`${prefix}${String(i).padStart(3, '0')}.txt`] = `note ${i}: the quick brown fox jumps over the lazy dog`;
  return out;
}

describe('collectFolders: statuses and change counts', () => {
  it('compares the sha256 of the same relative path on both sides; one-sided files with the same content are renames', async () => {
    const base = folder({
      'a.txt': 'alpha stays the same',
      'b.txt': 'beta before',
      'c.txt': 'gamma moves to another folder',
      'sub/d.txt': 'delta is deleted',
    });
    const head = folder({
      'a.txt': 'alpha stays the same',
      'b.txt': 'beta after the edit',
      'e.txt': 'epsilon is new',
      'moved/c2.txt': 'gamma moves to another folder',
    });
    const c = await collectFolders(base, head, OPTS);
    expect(c.modality).toBe('text');
    expect(c.changes).toEqual({ added: 1, modified: 1, deleted: 1, renamed: 1 });
    const st = (items: typeof c.head) => Object.fromEntries(items.map((it) => [it.path, it.status]));
    expect(st(c.head)).toEqual({ 'a.txt': 'unchanged', 'b.txt': 'modified', 'e.txt': 'added', 'moved/c2.txt': 'renamed' });
    expect(st(c.base)).toEqual({ 'a.txt': 'unchanged', 'b.txt': 'modified', 'c.txt': 'renamed', 'sub/d.txt': 'deleted' });
    const a = c.head.find((it) => it.path === 'a.txt')!;
    expect(a.contentHash).toBe(createHash('sha256').update('alpha stays the same').digest('hex'));
    expect(a.text).toBe('alpha stays the same');
    expect(a.features.tokens).toBe(4);
    expect(typeof a.features.unseenTokenShare).toBe('number');
    // "epsilon", "is", "new": "is" occurs in the base sample ("delta is deleted"), the other two do not
    expect(c.head.find((it) => it.path === 'e.txt')!.features.unseenTokenShare).toBeCloseTo(2 / 3, 12);
    expect(c.total).toEqual({ base: 4, head: 4 });
    expect(c.name).toBe(path.basename(head));
    expect(c.error).toBeUndefined();
    expect(c.labels).toBeUndefined();
  });

  it('a same-size edit is still modified (content, not size, decides)', async () => {
    const base = folder({ 'x.txt': 'aaaa' });
    const head = folder({ 'x.txt': 'aaab' });
    const c = await collectFolders(base, head, OPTS);
    expect(c.head[0]!.status).toBe('modified');
    expect(c.changes.modified).toBe(1);
  });
});

describe('collectFolders: sampling', () => {
  const baseFiles = sentences(40, 'doc');
  const headFiles = { ...sentences(30, 'doc'), ...sentences(15, 'new') };

  it('is the seeded bottom-k on the relative path, the same keys on both sides, stable across runs', async () => {
    const base = folder(baseFiles);
    const head = folder(headFiles);
    const k = 10;
    const c1 = await collectFolders(base, head, { ...OPTS, sampleSize: k, seed: 7 });
    const c2 = await collectFolders(base, head, { ...OPTS, sampleSize: k, seed: 7 });
    // coordinated bottom-k: one hash threshold for both sides, the lower of the two sides' k-th hash
    const kth = (paths: string[]) => [...paths].map((p) => seededHash(p, 7)).sort((a, b) => a - b)[k - 1]!;
    const cut = Math.min(kth(Object.keys(baseFiles)), kth(Object.keys(headFiles)));
    const below = (paths: string[]) => paths.filter((p) => seededHash(p, 7) <= cut).sort();
    expect(c1.base.map((it) => it.path)).toEqual(below(Object.keys(baseFiles)));
    expect(c1.head.map((it) => it.path)).toEqual(below(Object.keys(headFiles)));
    expect(Math.max(c1.base.length, c1.head.length)).toBe(k);
    expect(c2.base.map((it) => it.path)).toEqual(c1.base.map((it) => it.path));
    expect(c2.head.map((it) => it.path)).toEqual(c1.head.map((it) => it.path));
    // a path sampled on base that exists on head and ranks in head's bottom-k is sampled there too
    const headSet = new Set(c1.head.map((it) => it.path));
    const headCut = Math.max(...c1.head.map((it) => seededHash(it.path, 7)));
    for (const it of c1.base) {
      if (it.path in headFiles && seededHash(it.path, 7) <= headCut) expect(headSet.has(it.path)).toBe(true);
    }
    expect(c1.total).toEqual({ base: 40, head: 45 });
    const other = await collectFolders(base, head, { ...OPTS, sampleSize: k, seed: 8 });
    expect(other.base.map((it) => it.path)).not.toEqual(c1.base.map((it) => it.path));
  });

  it('sample size 0 reads every file', async () => {
    const c = await collectFolders(folder(baseFiles), folder(headFiles), { ...OPTS, sampleSize: 0 });
    expect(c.base).toHaveLength(40);
    expect(c.head).toHaveLength(45);
  });
});

describe('collectFolders: labels from folder names', () => {
  it('labels each file with its parent folder and stratifies the sample by label', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++) files[`cats/c${i}.txt`] = `a cat named ${i}`;
    for (let i = 0; i < 10; i++) files[`dogs/d${i}.txt`] = `a dog named ${i}`;
    const c = await collectFolders(folder(files), folder(files), { ...OPTS, sampleSize: 8, labels: 'directory' });
    // 8 split 30:10 → 6 cats, 2 dogs
    expect(c.labels).toEqual({ source: 'directory', base: { cats: 6, dogs: 2 }, head: { cats: 6, dogs: 2 } });
    for (const it of [...c.base, ...c.head]) expect(it.label).toBe(it.path.split('/')[0]);
    expect(c.labelSource).toEqual({ kind: 'directory' });
    const none = await collectFolders(folder(files), folder(files), { ...OPTS, sampleSize: 8 });
    expect(none.labels).toBeUndefined();
    expect(none.head.every((it) => it.label === undefined)).toBe(true);
  });
});

describe('collectFolders: unreadable files', () => {
  it('records a corrupt image as skipped with its reason and goes on', async () => {
    const files: Record<string, Uint8Array | string> = {};
    for (let i = 0; i < 10; i++) files[`img${i}.png`] = await png(20 * i + 10);
    const base = folder(files);
    const head = folder({ ...files, 'broken.png': 'this is not a PNG at all' });
    const c = await collectFolders(base, head, OPTS);
    expect(c.modality).toBe('image');
    expect(c.head).toHaveLength(10);
    expect(c.skipped).toEqual([{ path: 'broken.png', side: 'head', reason: expect.stringMatching(/not a readable image/) }]);
    expect(c.error).toBeUndefined();
    const img = c.head.find((it) => it.path === 'img3.png')!;
    expect(img.features.width).toBe(16);
    expect(img.features.brightness).toBeCloseTo(70 / 255, 6);
    expect(img.bytes).toBeInstanceOf(Uint8Array);
  });

  it('unreadable files never stop the readable ones from being analyzed; nothing readable is the error', async () => {
    const files: Record<string, Uint8Array | string> = {};
    for (let i = 0; i < 7; i++) files[`ok${i}.png`] = await png(30 * i);
    const bad = { ...files, 'x1.png': 'junk', 'x2.png': 'junk', 'x3.png': '' };
    const c = await collectFolders(folder(files), folder(bad), OPTS);
    expect(c.skipped).toHaveLength(3);
    expect(c.error).toBeUndefined(); // before: "3 of 10 … (30% > 20%)" and nothing was analyzed
    expect(c.head).toHaveLength(7);
    expect(unreadableReport(c.unreadable)!.head).toEqual({ items: 3, of: 10, share: 0.3 });
    const none = await collectFolders(folder(files), folder({ 'x1.png': 'junk', 'x2.png': '' }), OPTS);
    expect(none.error).toMatch(/^none of the 2 sampled head items could be read \(most common: /);
  });

  it('binary content in a .txt file is skipped', async () => {
    const c = await collectFolders(folder(sentences(10, 'd')), folder({ ...sentences(10, 'd'), 'bin.txt': new Uint8Array([1, 0, 2, 0]) }), OPTS);
    expect(c.skipped).toEqual([{ path: 'bin.txt', side: 'head', reason: 'not a text file (binary content)' }]);
  });

  it('files above the size limit are skipped without being read', async () => {
    const c = await collectFolders(folder({ 'a.txt': 'short' }), folder({ 'a.txt': 'short', 'big.txt': 'x'.repeat(2000) }), { ...OPTS, maxFileBytes: 1000 });
    expect(c.skipped).toEqual([{ path: 'big.txt', side: 'head', reason: expect.stringMatching(/^file too large/) }]);
  });
});

describe('collectFolders: listing', () => {
  it('skips dotfiles and dot-folders, follows links only inside the folder', async () => {
    const outside = folder({ 'secret.txt': 'outside the folder' });
    const head = folder({ 'a.txt': 'visible', '.hidden.txt': 'dotfile', '.git/x.txt': 'dot folder', 'sub/b.txt': 'nested' });
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(head, 'leak.txt'));
    fs.symlinkSync(path.join(head, 'sub', 'b.txt'), path.join(head, 'alias.txt'));
    fs.symlinkSync(outside, path.join(head, 'outdir'));
    const listed = await listFolder(fs.realpathSync(head), 'head');
    expect(listed.files.map((f) => f.path)).toEqual(['a.txt', 'alias.txt', 'sub/b.txt']);
    expect(listed.skipped.map((s) => s.path).sort()).toEqual(['leak.txt', 'outdir']);
    for (const s of listed.skipped) expect(s.reason).toMatch(/outside the folder/);
    const c = await collectFolders(folder({ 'a.txt': 'visible' }), head, OPTS);
    expect(c.head.map((it) => it.path)).toEqual(['a.txt', 'alias.txt', 'sub/b.txt']);
    expect(c.head.find((it) => it.path === 'alias.txt')!.text).toBe('nested');
    expect(c.skipped.map((s) => s.path).sort()).toEqual(['leak.txt', 'outdir']);
  });

  it('a missing folder or a file is a one-line user error naming it', async () => {
    const ok = folder({ 'a.txt': 'x' });
    await expect(collectFolders(path.join(ok, 'nope'), ok, OPTS)).rejects.toThrow(/nope: no such folder \(--base\)$/);
    await expect(collectFolders(ok, path.join(ok, 'a.txt'), OPTS)).rejects.toThrow(/a\.txt: not a folder \(--head\)$/);
  });
});

describe('collectFolders: modality', () => {
  const wav = writeWav({ sampleRate: 8000, channels: 1, bits: 16 }, [Float64Array.from({ length: 800 }, (_, i) => 0.3 * Math.sin(i / 5))]);

  it('detects it from extensions (head first, then base) and ignores files of other kinds', async () => {
    const audio = { 'a.wav': wav, 'b.wav': wav, 'c.wav': wav, 'readme.txt': 'about the recordings' };
    const c = await collectFolders(folder(audio), folder(audio), OPTS);
    expect(c.modality).toBe('audio');
    expect(c.head.map((it) => it.path)).toEqual(['a.wav', 'b.wav', 'c.wav']);
    expect(c.head[0]!.features.sampleRate).toBe(8000);
    expect(c.head[0]!.features.duration).toBeCloseTo(0.1, 12);
    expect(c.head[0]!.bytes).toBeDefined();
    expect(detectFolderModality(['x.png', 'y.jpg', 'z.txt'], [], { base: 'b', head: 'h' })).toBe('image');
    expect(detectFolderModality([], ['x.md'], { base: 'b', head: 'h' })).toBe('text');
    // tables do not count: the .txt decides
    expect(detectFolderModality(['a.csv', 'b.csv', 'c.txt'], [], { base: 'b', head: 'h' })).toBe('text');
  });

  it('an explicit modality reads only those files', async () => {
    const mixed = { 'a.wav': wav, 'b.wav': wav, 'n1.txt': 'one', 'n2.txt': 'two' };
    const c = await collectFolders(folder(mixed), folder(mixed), { ...OPTS, modality: 'text' });
    expect(c.modality).toBe('text');
    expect(c.head.map((it) => it.path)).toEqual(['n1.txt', 'n2.txt']);
  });

  it('no supported files on either side is a user error; none on one side is a dataset error', async () => {
    const junk = folder({ 'a.bin': 'x', 'b.json': '{}' });
    await expect(collectFolders(junk, junk, OPTS)).rejects.toThrow(UserError);
    await expect(collectFolders(junk, junk, OPTS)).rejects.toThrow(/no image, audio or text files in either folder/);
    const tables = folder({ 'a.csv': 'x\n1\n' });
    await expect(collectFolders(tables, tables, OPTS)).rejects.toThrow(/table files only.*compare --base FILE --head FILE/);
    const c = await collectFolders(junk, folder(sentences(5, 'd')), OPTS);
    expect(c.modality).toBe('text');
    expect(c.base).toHaveLength(0);
    expect(c.error).toBe(`no text files in ${junk} (base)`);
    const empty = folder({});
    const e = await collectFolders(folder(sentences(5, 'd')), empty, OPTS);
    expect(e.error).toBe(`no text files in ${empty} (head)`);
  });
});
