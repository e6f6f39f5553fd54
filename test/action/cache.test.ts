import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { cacheKeys, restoreEmbeddingCache, saveEmbeddingCache, type CacheService } from '../../src/action/cache.js';
import { recordingLogger } from '../github/helpers.js';

const HEAD = 'c'.repeat(40);

describe('cacheKeys', () => {
  it('model + datasets, then the head SHA; restore keys widen', () => {
    const k = cacheKeys('builtin:default', ['parts', 'audio'], HEAD, 'linux-x64');
    expect(k.primary.startsWith('transfer-risk-embeddings-v1-linux-x64-builtin_default-')).toBe(true);
    expect(k.primary.endsWith(`-${HEAD}`)).toBe(true);
    expect(k.restore).toHaveLength(2);
    expect(k.primary.startsWith(k.restore[0]!)).toBe(true);
    expect(k.restore[0]!.startsWith(k.restore[1]!)).toBe(true);
    // order of datasets does not matter; the model and the datasets do
    expect(cacheKeys('builtin:default', ['audio', 'parts'], HEAD, 'linux-x64')).toEqual(k);
    expect(cacheKeys('models/other.json', ['parts', 'audio'], HEAD, 'linux-x64').restore[1]).not.toBe(k.restore[1]);
    expect(cacheKeys('builtin:default', ['parts'], HEAD, 'linux-x64').restore[0]).not.toBe(k.restore[0]);
    expect(cacheKeys('builtin:default', ['parts'], HEAD, 'linux-x64').restore[1]).toBe(k.restore[1]);
  });
});

function svc(over: Partial<CacheService> = {}): CacheService & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    isFeatureAvailable: () => true,
    restoreCache: async (_p, key) => (calls.push(`restore ${key}`), undefined),
    saveCache: async (_p, key) => (calls.push(`save ${key}`), 1),
    ...over,
  };
}

describe('restore / save', () => {
  const keys = cacheKeys('builtin:default', ['parts'], HEAD);
  const dir = () => mkdtempSync(path.join(os.tmpdir(), 'tr-cache-'));

  it('service unavailable: disabled, no calls, an info line', async () => {
    const s = svc({ isFeatureAvailable: () => false });
    const log = recordingLogger();
    const st = await restoreEmbeddingCache(s, dir(), keys, log);
    expect(st.enabled).toBe(false);
    expect(s.calls).toEqual([]);
    expect(log.lines[0]).toMatch(/not available here; continuing without it/);
    expect(await saveEmbeddingCache(s, st, log)).toBe(false);
  });

  it('restore failing (cache service down) warns and continues', async () => {
    const log = recordingLogger();
    const st = await restoreEmbeddingCache(
      svc({ restoreCache: async () => Promise.reject(new Error('getaddrinfo ENOTFOUND results-receiver\nstack')) }),
      dir(),
      keys,
      log,
    );
    expect(st.enabled).toBe(true);
    expect(log.lines).toEqual(['warn: embedding cache: cannot restore (getaddrinfo ENOTFOUND results-receiver); continuing without it']);
  });

  it('saves a non-empty cache under the primary key; not when restored from that key', async () => {
    const d = dir();
    mkdirSync(d, { recursive: true });
    writeFileSync(path.join(d, 'x'), 'x');
    const s = svc();
    const st = await restoreEmbeddingCache(s, d, keys);
    expect(await saveEmbeddingCache(s, st)).toBe(true);
    expect(s.calls).toEqual([`restore ${keys.primary}`, `save ${keys.primary}`]);
    const again = svc({ restoreCache: async () => keys.primary });
    const st2 = await restoreEmbeddingCache(again, d, keys);
    expect(await saveEmbeddingCache(again, st2)).toBe(false);
  });

  it('an empty cache dir is not saved; a failing save warns', async () => {
    const s = svc();
    const st = await restoreEmbeddingCache(s, dir(), keys);
    expect(await saveEmbeddingCache(s, st)).toBe(false);
    const d = dir();
    writeFileSync(path.join(d, 'x'), 'x');
    const log = recordingLogger();
    const bad = svc({ saveCache: async () => Promise.reject(new Error('Unable to reserve cache with key …, another job may be creating this cache.')) });
    const st2 = await restoreEmbeddingCache(bad, d, keys);
    expect(await saveEmbeddingCache(bad, st2, log)).toBe(false);
    expect(log.lines.at(-1)).toMatch(/^warn: embedding cache: cannot save \(Unable to reserve cache/);
  });
});
