import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { allocate, collectDataset, sampleFiles, sampleSides, type CollectOptions } from '../../src/data/collect.js';
import type { DatasetConfig } from '../../src/data/config-types.js';
import { GitRepo } from '../../src/data/git.js';
import { seededHash } from '../../src/data/sample.js';
import { unreadableReport } from '../../src/data/unreadable.js';
import { makeRepo, prng, writeWav, type TempRepo } from './git-helpers.js';

async function pngOf(value: number, size = 16): Promise<Buffer> {
  return sharp(Buffer.alloc(size * size * 3, value), { raw: { width: size, height: size, channels: 3 } })
    .png()
    .toBuffer();
}

async function collect(r: TempRepo, base: string, head: string, dataset: Partial<DatasetConfig>, extra: Partial<CollectOptions> = {}) {
  const repo = await GitRepo.open(r.dir);
  const blobs = repo.blobReader();
  try {
    return await collectDataset({
      repo,
      blobs,
      dataset: { name: 'd', paths: ['data/**'], modality: 'auto', labels: 'none', ...dataset },
      base,
      head,
      changed: await repo.changedPaths(base, head),
      sampleSize: 500,
      seed: 42,
      ...extra,
    });
  } finally {
    await blobs.close();
  }
}

describe('allocate (stratified sample sizes)', () => {
  it('splits k proportionally with at least one per label and sums to k', () => {
    const q = allocate(
      12,
      new Map([
        ['cat', 30],
        ['dog', 15],
        ['bird', 3],
      ]),
    );
    expect([...q.values()].reduce((a, b) => a + b)).toBe(12);
    expect(q.get('bird')).toBe(1); // 0.75 → at least 1
    // exact shares 7.5 / 3.75 / 0.75: floors 7 / 3 / 1 = 11, one more to the largest remainder (dog .75 vs cat .5)
    expect(q.get('cat')).toBe(7);
    expect(q.get('dog')).toBe(4);
    const all = allocate(
      100,
      new Map([
        ['a', 3],
        ['b', 4],
      ]),
    );
    expect(Object.fromEntries(all)).toEqual({ a: 3, b: 4 });
    const tiny = allocate(
      2,
      new Map([
        ['a', 10],
        ['b', 10],
        ['c', 10],
      ]),
    );
    expect([...tiny.values()]).toEqual([1, 1, 1]); // more labels than k: one each
    const capped = allocate(
      10,
      new Map([
        ['a', 1],
        ['b', 100],
      ]),
    );
    expect(Object.fromEntries(capped)).toEqual({ a: 1, b: 9 });
  });
});

describe('sampleFiles (seeded bottom-k on the path)', () => {
  const files = Array.from({ length: 300 }, (_, i) => ({ path: `data/${i % 3 === 0 ? 'a' : 'b'}/${i}.png` }));
  it('is the k smallest path hashes, the same on every run and in any order', () => {
    const s1 = sampleFiles(files, 25, 7);
    const s2 = sampleFiles([...files].reverse(), 25, 7);
    expect(s1).toEqual(s2);
    const expected = [...files]
      .sort((x, y) => seededHash(x.path, 7) - seededHash(y.path, 7))
      .slice(0, 25)
      .map((f) => f.path)
      .sort();
    expect(s1.map((f) => f.path)).toEqual(expected);
    expect(sampleFiles(files, 25, 8).map((f) => f.path)).not.toEqual(expected);
    expect(sampleFiles(files, 0, 7)).toHaveLength(300);
  });

  it('stratifies by label', () => {
    const s = sampleFiles(files, 30, 7, (f) => f.path.split('/')[1]);
    const counts = s.reduce<Record<string, number>>((acc, f) => ({ ...acc, [f.path.split('/')[1]!]: (acc[f.path.split('/')[1]!] ?? 0) + 1 }), {});
    expect(counts).toEqual({ a: 10, b: 20 });
    // within a label, the bottom-k of that label
    const aFiles = files.filter((f) => f.path.startsWith('data/a/'));
    const expectedA = [...aFiles]
      .sort((x, y) => seededHash(x.path, 7) - seededHash(y.path, 7))
      .slice(0, 10)
      .map((f) => f.path)
      .sort();
    expect(s.filter((f) => f.path.startsWith('data/a/')).map((f) => f.path)).toEqual(expectedA);
  });
});

describe('sampling across revisions', () => {
  it('when head only edits files, both sides sample exactly the same paths', async () => {
    const r = makeRepo();
    try {
      for (let i = 0; i < 40; i++) r.write(`data/${i}.png`, await pngOf(i));
      const base = r.commit('base');
      for (let i = 0; i < 40; i += 4) r.write(`data/${i}.png`, await pngOf(255 - i));
      const head = r.commit('head');
      const c = await collect(r, base, head, {}, { sampleSize: 15 });
      expect(c.base.map((i) => i.path)).toEqual(c.head.map((i) => i.path));
      expect(c.head).toHaveLength(15);
      const statuses = new Set(c.head.map((i) => i.status));
      expect(statuses.has('unchanged')).toBe(true);
      expect(c.changes).toEqual({ added: 0, modified: 10, deleted: 0, renamed: 0 });
      // unchanged items carry identical features on both sides
      for (const h of c.head.filter((i) => i.status === 'unchanged')) {
        expect(c.base.find((b) => b.path === h.path)!.features).toEqual(h.features);
      }
    } finally {
      r.cleanup();
    }
  });
});

describe('collectDataset on an image repository', () => {
  let r: TempRepo;
  let base: string;
  let head: string;
  beforeAll(async () => {
    r = makeRepo();
    const counts: Record<string, number> = { cat: 30, dog: 15, bird: 3 };
    for (const [label, n] of Object.entries(counts)) for (let i = 0; i < n; i++) r.write(`data/${label}/${i}.png`, await pngOf(40 + i));
    r.write('data/README.md', 'not an image\n');
    r.write('.github/transfer-risk.yml', 'datasets: []\n');
    base = r.commit('base');
    r.write('data/cat/0.png', await pngOf(200)); // modified
    r.write('data/cat/1.png', await pngOf(201)); // modified
    r.remove('data/dog/0.png'); // deleted
    r.move('data/dog/1.png', 'data/bird/moved.png'); // renamed (label changes)
    r.write('data/bird/new.png', await pngOf(90)); // added
    const rand = prng(11);
    r.write('data/cat/junk.png', Buffer.from(Array.from({ length: 400 }, () => Math.floor(rand() * 256))));
    r.write('data/cat/empty.png', '');
    const jpeg = await sharp(Buffer.alloc(32 * 32 * 3, 128), { raw: { width: 32, height: 32, channels: 3 } })
      .jpeg()
      .toBuffer();
    r.write('data/cat/truncated.jpg', jpeg.subarray(0, jpeg.length >> 1));
    r.write('data/dog/lfs.png', 'version https://git-lfs.github.com/spec/v1\noid sha256:' + 'ab'.repeat(32) + '\nsize 12345\n');
    r.write('data/raw.dvc', 'outs:\n- md5: 0123456789abcdef0123456789abcdef.dir\n  path: raw\n');
    head = r.commit('head');
  });
  afterAll(() => r.cleanup());

  it('reads every file, with statuses, change counts, labels and skipped reasons', async () => {
    const c = await collect(r, base, head, { labels: 'directory' });
    expect(c.modality).toBe('image');
    expect(c.total).toEqual({ base: 48, head: 48 - 1 + 1 + 4 });
    expect(c.changes).toEqual({ added: 5, modified: 2, deleted: 1, renamed: 1 });
    expect(c.base).toHaveLength(48);
    expect(c.head).toHaveLength(48 + 4 - 4); // 4 broken/pointer files skipped
    const status = (side: 'base' | 'head', path: string) => c[side].find((i) => i.path === path)?.status;
    expect(status('head', 'data/cat/0.png')).toBe('modified');
    expect(status('head', 'data/cat/2.png')).toBe('unchanged');
    expect(status('head', 'data/bird/moved.png')).toBe('renamed');
    expect(status('head', 'data/bird/new.png')).toBe('added');
    expect(status('base', 'data/dog/0.png')).toBe('deleted');
    expect(status('base', 'data/dog/1.png')).toBe('renamed');
    expect(status('base', 'data/cat/5.png')).toBe('unchanged');
    const cat0 = c.head.find((i) => i.path === 'data/cat/0.png')!;
    expect(cat0.features.brightness as number).toBeCloseTo(200 / 255, 2);
    expect(cat0.label).toBe('cat');
    expect(cat0.bytes!.length).toBe(cat0.features.bytes);
    expect(cat0.contentHash).toBe(r.git('rev-parse', `${head}:data/cat/0.png`).trim());
    expect(c.labels).toEqual({ source: 'directory', base: { cat: 30, dog: 15, bird: 3 }, head: { cat: 30, dog: 13, bird: 5 } });
    const reasons = Object.fromEntries(c.skipped.map((s) => [`${s.side}:${s.path}`, s.reason]));
    expect(reasons['head:data/cat/junk.png']).toMatch(/^not a readable image/);
    expect(reasons['head:data/cat/empty.png']).toBe('empty file');
    expect(reasons['head:data/cat/truncated.jpg']).toMatch(/corrupt or truncated image|not a readable image/);
    expect(reasons['head:data/dog/lfs.png']).toBe('LFS object not available');
    expect(reasons['head:data/raw.dvc']).toMatch(/^DVC-tracked data: pull with dvc to analyze \(data\/raw\)/);
    expect(Object.keys(reasons).filter((k) => k.startsWith('base:'))).toEqual([]);
    // a pointer head adds is data the pull request brings that git cannot give: the dataset fails closed at head
    expect(c.error).toMatch(/^the pull request adds the DVC pointer data\/raw\.dvc \(tracking data\/raw\).*cannot be read from git/);
    expect(c.errorSides).toEqual(['head']);
    expect(unreadableReport(c.unreadable)!.head).toEqual({ items: 4, of: 52, share: 4 / 52 });
  });

  it('samples the same items twice, unchanged files on both sides, stratified by label', async () => {
    const a = await collect(r, base, head, { labels: 'directory' }, { sampleSize: 12 });
    const b = await collect(r, base, head, { labels: 'directory' }, { sampleSize: 12 });
    expect(a.base.map((i) => i.id)).toEqual(b.base.map((i) => i.id));
    expect(a.head.map((i) => i.id)).toEqual(b.head.map((i) => i.id));
    expect(a.total).toEqual({ base: 48, head: 52 });
    // coordinated sampling: each side gets at most its quota (per label, one side exactly its own)
    expect(a.base.length).toBeLessThanOrEqual(12);
    expect(a.head.length).toBeLessThanOrEqual(12);
    expect(a.base.length + a.head.length).toBeGreaterThanOrEqual(18);
    expect(Object.keys(a.labels!.base).sort()).toEqual(['bird', 'cat', 'dog']);
    // unchanged files get the same inclusion decision on both sides, with or without labels
    for (const c of [a, await collect(r, base, head, {}, { sampleSize: 20 })]) {
      const headIds = new Set(c.head.map((i) => i.path));
      const baseIds = new Set(c.base.map((i) => i.path));
      for (const i of c.base.filter((x) => x.status === 'unchanged')) expect(headIds.has(i.path)).toBe(true);
      for (const i of c.head.filter((x) => x.status === 'unchanged')) expect(baseIds.has(i.path)).toBe(true);
    }
  });

  it('unreadable items never stop the readable ones from being analyzed: their share is recorded; nothing readable is the error', async () => {
    const c = await collect(r, base, head, { paths: ['data/cat/**'] }, { sampleSize: 500 });
    expect(c.error).toBeUndefined();
    // cat/2.png and cat/20..29.png (11 images) at base; the same plus 3 broken files at head: 3/14 = 21%
    const broken = await collect(r, base, head, { paths: ['data/cat/junk.png', 'data/cat/empty.png', 'data/cat/truncated.jpg', 'data/cat/2*.png'] });
    expect(broken.total).toEqual({ base: 11, head: 14 });
    expect(broken.error).toBeUndefined(); // before: "3 of 14 … could not be read (21% > 20%)" and nothing was analyzed
    expect(broken.head).toHaveLength(11);
    expect(unreadableReport(broken.unreadable)).toEqual({ base: { items: 0, of: 11, share: 0 }, head: { items: 3, of: 14, share: 3 / 14 } });
    const onlyBroken = await collect(r, base, head, { paths: ['data/cat/junk.png', 'data/cat/empty.png', 'data/cat/truncated.jpg', 'data/cat/2.png'] });
    expect(onlyBroken.error).toBeUndefined(); // cat/2.png is readable on both sides
    const fresh = await collect(r, base, head, { paths: ['data/bird/new.png'] });
    expect(fresh.error).toBe('no image files matching data/bird/new.png at base: nothing to compare against');
    // modality auto is decided by base: a pull request adding many text files does not switch what is read
    const r3 = makeRepo();
    try {
      for (let i = 0; i < 3; i++) r3.write(`data/${i}.png`, await pngOf(10 * i));
      const b3 = r3.commit('base');
      for (let i = 0; i < 20; i++) r3.write(`data/note-${i}.txt`, `text ${i}\n`);
      r3.write('data/0.png', await pngOf(99));
      const h3 = r3.commit('head');
      const auto = await collect(r3, b3, h3, {});
      expect(auto.modality).toBe('image');
      expect(auto.error).toBeUndefined();
      expect(auto.head).toHaveLength(3);
    } finally {
      r3.cleanup();
    }
    // every head item unreadable: the dataset cannot be analyzed (data-drift fails closed)
    const r2 = makeRepo();
    try {
      for (let i = 0; i < 3; i++) r2.write(`data/${i}.png`, await pngOf(10 * i));
      const b2 = r2.commit('base');
      for (let i = 0; i < 3; i++) r2.write(`data/${i}.png`, '');
      const h2 = r2.commit('head');
      const none = await collect(r2, b2, h2, {});
      expect(none.error).toBe('none of the 3 sampled head items could be read (most common: empty file, 3×)');
      expect(none.base).toHaveLength(3);
    } finally {
      r2.cleanup();
    }
  });
});

describe('collectDataset: audio, text and tables', () => {
  it('audio: WAV features per clip, louder noise floor at head', async () => {
    const r = makeRepo();
    try {
      const rand = prng(5);
      const clip = (noise: number) =>
        writeWav({ sampleRate: 8000, channels: 1, bits: 16 }, [
          Float64Array.from({ length: 4000 }, (_, i) => (i % 2000 < 1000 ? 0.3 * Math.sin(i / 3) : 0) + noise * (rand() - 0.5)),
        ]);
      for (let i = 0; i < 10; i++) r.write(`data/speaker${i % 2}/${i}.wav`, clip(0.001));
      const base = r.commit('base');
      for (let i = 0; i < 10; i++) r.write(`data/speaker${i % 2}/${i}.wav`, clip(0.05));
      const head = r.commit('head');
      const c = await collect(r, base, head, { labels: 'directory' });
      expect(c.modality).toBe('audio');
      expect(c.base).toHaveLength(10);
      expect(c.labels!.head).toEqual({ speaker0: 5, speaker1: 5 });
      const mean = (items: typeof c.base, k: string) => items.reduce((a, i) => a + (i.features[k] as number), 0) / items.length;
      expect(mean(c.head, 'noiseFloorDbfs')).toBeGreaterThan(mean(c.base, 'noiseFloorDbfs') + 20);
      expect(c.head[0]!.bytes).toBeDefined();
    } finally {
      r.cleanup();
    }
  });

  it('audio: a rate the resampler cannot convert (ratio above MAX_RESAMPLE_RATIO) is an unreadable item with the reason', async () => {
    const r = makeRepo();
    try {
      const tone = (sr: number) => writeWav({ sampleRate: sr, channels: 1, bits: 16 }, [Float64Array.from({ length: 2000 }, (_, i) => 0.3 * Math.sin(i / 3))]);
      for (let i = 0; i < 4; i++) r.write(`data/${i}.wav`, tone(16000));
      const base = r.commit('base');
      r.write('data/odd.wav', tone(44_101)); // 44,101 and 16,000 share no factor: 16,000/44,101
      const head = r.commit('head');
      const c = await collect(r, base, head, {});
      expect(c.modality).toBe('audio');
      expect(c.head).toHaveLength(4);
      const odd = c.skipped.filter((s) => s.path === 'data/odd.wav');
      expect(odd).toEqual([
        expect.objectContaining({
          side: 'head',
          reason: 'cannot resample 44101 Hz to 16000 Hz: the ratio 16000/44101 needs a 882021-tap filter (at most 20000 either way)',
        }),
      ]);
    } finally {
      r.cleanup();
    }
  });

  it('text: .txt files and a JSONL text column, with unseen-token share', async () => {
    const r = makeRepo();
    try {
      r.write('data/a.txt', 'the quick brown fox');
      r.write('data/b.txt', 'jumps over the lazy dog');
      r.write('data/rows.jsonl', '{"text": "the dog sleeps", "y": "pos"}\n{"text": "the fox runs", "y": "neg"}\n');
      const base = r.commit('base');
      r.write('data/c.txt', 'völlig neue wörter 123');
      const head = r.commit('head');
      const c = await collect(r, base, head, { modality: 'text', labels: 'column:y' });
      expect(c.modality).toBe('text');
      expect(c.base.map((i) => i.text).sort()).toEqual(['jumps over the lazy dog', 'the dog sleeps', 'the fox runs', 'the quick brown fox']);
      expect(c.head).toHaveLength(5);
      const fresh = c.head.find((i) => i.path === 'data/c.txt')!;
      expect(fresh.features.unseenTokenShare).toBe(1);
      expect(fresh.features.nonAsciiShare).toBeCloseTo(2 / 22, 12); // ö, ö of 22 characters
      expect(fresh.features.digitShare).toBeCloseTo(3 / 22, 12);
      // unchanged: as base measures it, against the other base items ('quick' and 'brown' are in no other)
      const a = (side: typeof c.base) => side.find((i) => i.path === 'data/a.txt')!.features.unseenTokenShare;
      expect(a(c.head)).toBe(0.5);
      expect(a(c.head)).toBe(a(c.base));
      const row = c.head.find((i) => i.text === 'the dog sleeps')!;
      expect(row.label).toBe('pos');
      expect(row.id.startsWith('data/rows.jsonl#')).toBe(true);
      expect(Object.keys(row.features).sort()).toEqual(['chars', 'digitShare', 'nonAsciiShare', 'tokens', 'unseenTokenShare']);
      expect(c.labels!.base).toEqual({ pos: 1, neg: 1 });
    } finally {
      r.cleanup();
    }
  });

  it('tables: rows of CSV files become items (readTable), labels from a column', async () => {
    const r = makeRepo();
    try {
      const rows = (shift: number) => 'x,y,kind\n' + Array.from({ length: 50 }, (_, i) => `${i + shift},${i % 7},${i % 2 ? 'a' : 'b'}`).join('\n') + '\n';
      r.write('data/t1.csv', rows(0));
      r.write('data/t2.csv', rows(1000));
      const base = r.commit('base');
      r.write('data/t2.csv', rows(5000));
      const head = r.commit('head');
      const c = await collect(r, base, head, { labels: 'column:kind' }, { sampleSize: 30 });
      expect(c.modality).toBe('tabular');
      expect(c.total).toEqual({ base: 100, head: 100 });
      expect(c.base).toHaveLength(30);
      expect(c.head).toHaveLength(30);
      const headX = c.head.map((i) => Number(i.features.x));
      expect(headX.every((x) => x < 50 || x >= 5000)).toBe(true);
      expect(c.head.every((i) => i.label === 'a' || i.label === 'b')).toBe(true);
      expect(c.changes.modified).toBe(1);
    } finally {
      r.cleanup();
    }
  });
});

describe('sampleSides (coordinated sampling)', () => {
  const files = (names: string[]) => names.map((path) => ({ path }));
  const many = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}/${String(i).padStart(4, '0')}.png`);

  it('gives an unchanged file the same decision on both sides, even with additions and labels', () => {
    const shared = [...many('gear', 300), ...many('nut', 200)];
    const base = files(shared);
    const head = files([...shared, ...many('gear', 0).concat(many('bolt', 150)), ...many('nut-new', 50)]);
    const label = (_side: 'base' | 'head', f: { path: string }) => f.path.split('/')[0];
    const s = sampleSides({ base, head }, 120, 42, label);
    const inBase = new Set(s.base.map((f) => f.path));
    const inHead = new Set(s.head.map((f) => f.path));
    for (const p of shared) expect(inBase.has(p)).toBe(inHead.has(p));
    expect(s.base.length).toBeLessThanOrEqual(120);
    expect(s.head.length).toBeLessThanOrEqual(120);
    expect(Math.max(s.base.length, s.head.length)).toBeGreaterThanOrEqual(110);
    // every label of each side is represented
    expect(new Set(s.head.map((f) => f.path.split('/')[0]))).toEqual(new Set(['gear', 'nut', 'bolt', 'nut-new']));
  });

  it('is deterministic and takes everything when the quota covers a side', () => {
    const base = files(many('a', 30));
    const head = files(many('a', 400));
    const s1 = sampleSides({ base, head }, 100, 7);
    const s2 = sampleSides({ base, head }, 100, 7);
    expect(s1).toEqual(s2);
    expect(s1.base).toHaveLength(30);
    expect(s1.head).toHaveLength(100);
    expect(sampleSides({ base, head }, 0, 7).head).toHaveLength(400);
  });
});
