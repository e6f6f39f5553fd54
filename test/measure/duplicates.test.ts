import { describe, expect, it } from '@jest/globals';
import type { Item } from '../../src/data/item.js';
import { measureDuplicates, nearSide, rowMean } from '../../src/measure/duplicates.js';
import { mergeThresholds } from '../../src/risk/thresholds.js';
import { gaussian } from '../risk/fixtures.js';

const t = mergeThresholds();
const item = (side: 'base' | 'head', i: number, hash = `${side}${i}`): Item => ({
  id: `${side}/${i}`,
  path: `${side}/${i}.jpg`,
  side,
  status: 'added',
  contentHash: hash,
  features: {},
});

describe('duplicates', () => {
  it('near copies in the embedding: 60 jittered copies of one vector among 100 are found; distinct items are not', () => {
    const distinct = gaussian(40, 16, 1);
    const frame = gaussian(1, 16, 2).data;
    const jitter = gaussian(60, 16, 3, undefined, 0.01);
    const head = { rows: 100, cols: 16, data: new Float64Array(1600) };
    for (let i = 0; i < 60; i++) for (let k = 0; k < 16; k++) head.data[i * 16 + k] = frame[k]! + jitter.data[i * 16 + k]!;
    head.data.set(distinct.data, 60 * 16);
    const near = nearSide(head, 0.97, rowMean(head));
    expect(near.side.items).toBe(59);
    expect(near.side.groups).toBe(1);
    expect(nearSide(gaussian(100, 16, 4), 0.97, rowMean(gaussian(100, 16, 4))).side.items).toBe(0);
  });
  it('a head that moved as a whole is not taken for copies of itself (each side centred on its own mean)', () => {
    const base = gaussian(80, 16, 5);
    const head = gaussian(80, 16, 6, new Array(16).fill(8));
    const items = (side: 'base' | 'head', n: number) => Array.from({ length: n }, (_, i) => item(side, i));
    const r = measureDuplicates(
      {
        base: items('base', 80),
        head: items('head', 80),
        embeddings: { base: { items: items('base', 80), vectors: base }, head: { items: items('head', 80), vectors: head } },
      },
      t,
    )!;
    expect(r.near!.head.items).toBe(0);
    expect(r.test.excess).toBe(0);
  });
  it('exact copies by content hash, with example paths, and a Fisher test against base', () => {
    const head = [...Array.from({ length: 30 }, (_, i) => item('head', i, 'same')), ...Array.from({ length: 10 }, (_, i) => item('head', 100 + i))];
    const base = Array.from({ length: 40 }, (_, i) => item('base', i));
    const r = measureDuplicates({ base, head }, t)!;
    expect(r.exact.head).toEqual({ items: 29, share: 29 / 40, groups: 1 });
    expect(r.examples[0]).toEqual({ kind: 'exact', paths: ['head/0.jpg', 'head/1.jpg', 'head/2.jpg'] });
    expect(r.test.pValue).toBeLessThan(1e-6);
    expect(r.near).toBeUndefined();
  });
});
