/**
 * src/data/json-depth.ts and its two users: JSON Lines rows and COCO files that nest deeper than 64 levels
 * are refused before JSON.parse builds them (10 MB of `[` became 780 MB of arrays).
 */
import { describe, expect, it } from '@jest/globals';
import { parseCoco } from '../../src/data/annotations/coco.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../../src/data/json-depth.js';
import { readTable } from '../../src/data/table/read.js';
import { InputError } from '../../src/errors.js';

const bytes = (s: string): Uint8Array => Buffer.from(s);
const nested = (n: number): string => `${'['.repeat(n)}1${']'.repeat(n)}`;

describe('nestsDeeperThan', () => {
  it('counts objects and arrays, not brackets inside strings (escaped quotes included)', () => {
    expect(MAX_JSON_DEPTH).toBe(64);
    expect(nestsDeeperThan(bytes(nested(64)), 0, nested(64).length)).toBe(false);
    expect(nestsDeeperThan(bytes(nested(65)), 0, nested(65).length)).toBe(true);
    const obj = `{"a":${'{"b":'.repeat(70)}1${'}'.repeat(70)}}`;
    expect(nestsDeeperThan(bytes(obj), 0, obj.length)).toBe(true);
    const inString = JSON.stringify({ text: `${'['.repeat(500)} \\" ${'{'.repeat(500)}`, q: 'say "[[["' });
    expect(nestsDeeperThan(bytes(inString), 0, inString.length)).toBe(false);
    // siblings do not add up
    const wide = `[${Array.from({ length: 1000 }, () => '[[1]]').join(',')}]`;
    expect(nestsDeeperThan(bytes(wide), 0, wide.length)).toBe(false);
  });
});

describe('JSON Lines and COCO refuse deep nesting with one line', () => {
  it('a JSON Lines row nested 100 deep is an input error naming its line; 64 reads', async () => {
    const rows = `{"x":1,"y":${nested(10)}}\n{"x":2,"y":${nested(100)}}\n`;
    await expect(readTable({ name: 'deep.jsonl', data: bytes(rows) }, { sampleSize: 0, seed: 1 })).rejects.toThrow(
      new InputError('deep.jsonl', 'JSON nested more than 64 levels deep', 2),
    );
    const ok = `{"x":1,"y":${nested(63)}}\n`;
    expect((await readTable({ name: 'ok.jsonl', data: bytes(ok) }, { sampleSize: 0, seed: 1 })).totalRows).toBe(1);
  });
  it('a COCO file of a million [ is refused before it is parsed', () => {
    const text = '['.repeat(1_000_000);
    expect(() => parseCoco('annotations/instances.json', bytes(text))).toThrow('annotations/instances.json: JSON nested more than 64 levels deep');
  });
});
