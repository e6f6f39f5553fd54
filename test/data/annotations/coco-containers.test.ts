/** COCO files of millions of tiny entries are refused by a byte scan before JSON.parse builds them. */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { COCO_CONTAINERS_PER_ENTRY, cocoContainerLimit, parseCoco } from '../../../src/data/annotations/coco.js';
import { countContainers } from '../../../src/data/json-depth.js';
import { InputError } from '../../../src/errors.js';

const DATA = readFileSync(new URL('../../fixtures/annotations/coco/instances_val.json', import.meta.url));

function thrown(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

describe('countContainers', () => {
  it('counts objects and arrays outside strings, and stops past the max', () => {
    const b = Buffer.from('{"a":[1,{"s":"[{\\"x"},[]],"b":{}}');
    expect(countContainers(b, 0, b.length, 100)).toBe(5);
    expect(countContainers(b, 0, b.length, 2)).toBe(3);
    expect(countContainers(Buffer.from('"[[[["'), 0, 6, 100)).toBe(0);
  });
});

describe('COCO objects and arrays', () => {
  it('a file of many empty objects is refused before parsing, naming the file and the reason', () => {
    const max = 1000;
    const limit = cocoContainerLimit(max);
    expect(limit).toBe(COCO_CONTAINERS_PER_ENTRY * max + 64);
    // one image entry holding junk objects: few entries, limit + 1 objects and arrays in all (6 besides the junk)
    const junk = Buffer.from(
      `{"images":[{"id":1,"file_name":"a.jpg","x":[${Array(limit - 5)
        .fill('{}')
        .join(',')}]}],"annotations":[],"categories":[]}`,
    );
    const e = thrown(() => parseCoco('big.json', junk, { maxCocoEntries: max }));
    expect(e.message).toBe(
      `big.json: more than ${limit.toLocaleString('en-US')} JSON objects and arrays (4 per entry allowed, at most 1,000 entries), refused before parsing`,
    );
    // one object fewer (exactly the limit) is parsed
    const ok = Buffer.from(
      `{"images":[{"id":1,"file_name":"a.jpg","x":[${Array(limit - 6)
        .fill('{}')
        .join(',')}]}],"annotations":[],"categories":[]}`,
    );
    expect(parseCoco('ok.json', ok, { maxCocoEntries: max }).images).toHaveLength(1);
  });

  it('a real COCO file passes at the entry limit it fits', () => {
    // the fixture has 16 entries: its objects and arrays fit 4 per entry
    expect(() => parseCoco('i.json', DATA, { maxCocoEntries: 16 })).not.toThrow();
    expect(countContainers(DATA, 0, DATA.length, 1e9)).toBeLessThanOrEqual(cocoContainerLimit(16));
  });
});
