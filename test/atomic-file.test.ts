import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { writeFileAtomic } from '../src/atomic-file.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tr-atomic-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('creates the directory and leaves only the target file', () => {
    const file = path.join(dir, 'ab', 'cd', 'entry.bin');
    writeFileAtomic(file, Uint8Array.from([1, 2, 3]));
    writeFileAtomic(file, 'replaced');
    expect(readFileSync(file, 'utf8')).toBe('replaced');
    expect(readdirSync(path.dirname(file))).toEqual(['entry.bin']);
  });

  it('throws when the file cannot be put in place, and removes its temp file', () => {
    const file = path.join(dir, 'taken');
    mkdirSync(path.join(file, 'inside'), { recursive: true }); // a non-empty directory: rename fails
    expect(() => writeFileAtomic(file, 'x')).toThrow();
    expect(readdirSync(dir)).toEqual(['taken']);
  });
});
