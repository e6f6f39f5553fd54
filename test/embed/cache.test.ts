import { describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { EmbeddingCache, cacheKey, decodeEntry, defaultCacheDir, encodeEntry } from '../../src/embed/cache.js';
import { tmpDir } from './helpers.js';

describe('defaultCacheDir', () => {
  it('uses $XDG_CACHE_HOME/transfer-risk when set (absolute)', () => {
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/var/cache/x', HOME: '/home/u' })).toBe('/var/cache/x/transfer-risk');
  });
  it('else ~/.cache/transfer-risk', () => {
    expect(defaultCacheDir({ HOME: '/home/u' })).toBe('/home/u/.cache/transfer-risk');
    expect(defaultCacheDir({ XDG_CACHE_HOME: 'relative/ignored', HOME: '/home/u' })).toBe('/home/u/.cache/transfer-risk');
    expect(defaultCacheDir({}, '/home/fallback')).toBe('/home/fallback/.cache/transfer-risk');
  });
});

describe('cacheKey', () => {
  const base = { model: 'm', preprocessing: 'p', layer: 'l', modality: 'image', contentHash: 'c' };
  it('is a sha256 hex that changes with every part', () => {
    const k = cacheKey(base);
    expect(k).toMatch(/^[0-9a-f]{64}$/);
    expect(cacheKey({ ...base })).toBe(k);
    for (const field of Object.keys(base) as Array<keyof typeof base>) {
      expect(cacheKey({ ...base, [field]: `${base[field]}x` })).not.toBe(k);
    }
  });
  it('has no ambiguity between parts', () => {
    expect(cacheKey({ ...base, model: 'ab', preprocessing: 'c' })).not.toBe(cacheKey({ ...base, model: 'a', preprocessing: 'bc' }));
  });
});

describe('entries', () => {
  it('round-trip vectors and probabilities exactly (float32)', () => {
    const vector = new Float32Array([0, 1.5, -2.25, 1e-7, 3.4e38]);
    const probs = new Float32Array([0.1, 0.9]);
    const back = decodeEntry(encodeEntry({ vector, probs }))!;
    expect(Array.from(back.vector)).toEqual(Array.from(vector));
    expect(Array.from(back.probs!)).toEqual(Array.from(probs));
    expect(decodeEntry(encodeEntry({ vector }))!.probs).toBeUndefined();
    expect(encodeEntry({ vector, probs }).length).toBe(12 + 4 * 7);
  });
  it('rejects a wrong magic or a truncated file', () => {
    const buf = encodeEntry({ vector: new Float32Array([1, 2, 3]) });
    expect(decodeEntry(buf.subarray(0, buf.length - 1))).toBeUndefined();
    const bad = Buffer.from(buf);
    bad[0] = 0;
    expect(decodeEntry(bad)).toBeUndefined();
  });
});

describe('EmbeddingCache', () => {
  it('stores and finds entries; a corrupt file is a miss', () => {
    const dir = tmpDir('cache-unit');
    const cache = new EmbeddingCache(dir);
    const key = cacheKey({ model: 'm', preprocessing: 'p', layer: 'l', modality: 'image', contentHash: 'c' });
    expect(cache.get(key)).toBeUndefined();
    cache.put(key, { vector: new Float32Array([1, 2]) });
    expect(Array.from(cache.get(key)!.vector)).toEqual([1, 2]);
    expect(cache.pathOf(key)).toBe(path.join(dir, 'embeddings', 'v1', key.slice(0, 2), `${key}.bin`));
    fs.writeFileSync(cache.pathOf(key), 'garbage');
    expect(cache.get(key)).toBeUndefined();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('concurrent writers of the same key leave one complete file and no temp files', async () => {
    const dir = tmpDir('cache-race');
    const key = 'ab'.repeat(32);
    const { fork } = await import('node:child_process');
    const script = path.join(dir, 'writer.mjs');
    const mod = new URL('../../src/embed/cache.ts', import.meta.url).pathname;
    // writers run as separate processes through plain fs calls mirroring EmbeddingCache.put (temp + rename)
    fs.writeFileSync(
      script,
      `import fs from 'node:fs'; import path from 'node:path'; import crypto from 'node:crypto';
       const [file, n] = process.argv.slice(2);
       fs.mkdirSync(path.dirname(file), { recursive: true });
       const data = Buffer.alloc(12 + 4 * 20000, Number(n));
       data.writeUInt32LE(0x31455254, 0); data.writeUInt32LE(20000, 4); data.writeUInt32LE(0, 8);
       for (let i = 0; i < 30; i++) { const tmp = file + '.' + process.pid + '.' + crypto.randomBytes(6).toString('hex') + '.tmp'; fs.writeFileSync(tmp, data); fs.renameSync(tmp, file); }`,
    );
    void mod;
    const cache = new EmbeddingCache(dir);
    const file = cache.pathOf(key);
    const procs = [1, 2, 3].map((n) => fork(script, [file, String(n)]));
    // meanwhile this process writes and reads the same key through the cache
    const vector = new Float32Array(20000).fill(0.5);
    let reads = 0;
    let bad = 0;
    const done = Promise.all(procs.map((p) => new Promise((r) => p.on('exit', r))));
    let finished = false;
    void done.then(() => (finished = true));
    while (!finished) {
      cache.put(key, { vector });
      const e = cache.get(key);
      reads++;
      if (!e || e.vector.length !== 20000) bad++;
      await new Promise((r) => setImmediate(r));
    }
    expect(reads).toBeGreaterThan(0);
    expect(bad).toBe(0);
    const left = fs.readdirSync(path.dirname(file));
    expect(left).toEqual([path.basename(file)]);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('a read-only cache dir does not fail the write caller', () => {
    const dir = tmpDir('cache-ro');
    const blocker = path.join(dir, 'embeddings');
    fs.writeFileSync(blocker, 'not a dir');
    const cache = new EmbeddingCache(dir);
    const errors: unknown[] = [];
    cache.put('cd'.repeat(32), { vector: new Float32Array([1]) }, (e) => errors.push(e));
    expect(errors).toHaveLength(1);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
