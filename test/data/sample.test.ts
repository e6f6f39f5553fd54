import { describe, expect, it } from '@jest/globals';
import { BottomK, seededHash } from '../../src/data/sample.js';

describe('bottom-k sampling', () => {
  it('hash is deterministic and depends on the seed', () => {
    expect(seededHash('a/b.png', 42)).toBe(seededHash('a/b.png', 42));
    expect(seededHash('a/b.png', 42)).not.toBe(seededHash('a/b.png', 43));
    expect(seededHash('x', 1)).toBeLessThan(2 ** 53);
  });

  it('keeps the k smallest hashes, the same on every run', () => {
    const keys = Array.from({ length: 1000 }, (_, i) => `row${i}`);
    const a = new BottomK<string>(50, 7);
    keys.forEach((k) => a.add(k, k));
    const b = new BottomK<string>(50, 7);
    [...keys].reverse().forEach((k) => b.add(k, k));
    expect(a.values()).toEqual(b.values());
    expect(a.values()).toHaveLength(50);
    expect(a.total).toBe(1000);
    const expected = [...keys].sort((x, y) => seededHash(x, 7) - seededHash(y, 7)).slice(0, 50);
    expect(a.values()).toEqual(expected);
  });

  it('merging shards equals sampling the whole', () => {
    const keys = Array.from({ length: 500 }, (_, i) => `k${i}`);
    const whole = new BottomK<number>(40, 3);
    keys.forEach((k, i) => whole.add(k, i));
    const s1 = new BottomK<number>(40, 3);
    const s2 = new BottomK<number>(40, 3);
    keys.forEach((k, i) => (i % 2 ? s1 : s2).add(k, i));
    s1.merge(s2);
    expect(s1.values()).toEqual(whole.values());
    expect(s1.total).toBe(500);
  });

  it('k = 0 keeps every item', () => {
    const s = new BottomK<number>(0, 1);
    for (let i = 0; i < 100; i++) s.add(`i${i}`, i);
    expect(s.values()).toHaveLength(100);
  });
});
