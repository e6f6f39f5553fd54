/**
 * A text file is analyzed on its first MAX_TEXT_BYTES bytes (cut at a character boundary, never between CR
 * and LF), the same way at base and head; the report's contentForm says how many files were cut.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { collectFolders } from '../../src/data/folder.js';
import { MAX_TEXT_BYTES, decodeTextFile, textFileFeatures } from '../../src/data/text.js';
import { contentForm } from '../../src/measure/dataset.js';

const tmp: string[] = [];
afterAll(() => {
  for (const d of tmp) fs.rmSync(d, { recursive: true, force: true });
});

function utf16(s: string, le: boolean): Buffer {
  const b = Buffer.from(s, 'utf16le');
  if (!le) b.swap16();
  return Buffer.concat([Buffer.from(le ? [0xff, 0xfe] : [0xfe, 0xff]), b]);
}

describe('text files longer than the analyzed bytes', () => {
  it('UTF-8: cut at the cap, back to a character boundary, and marked', () => {
    const t = textFileFeatures(Buffer.from('abcdé fgh'), 5)!; // 'é' is bytes 4-5: cut before it
    expect(t.text).toBe('abcd');
    expect(t.truncated).toBe(true);
    expect(t.features.chars).toBe(4);
    expect(t.features.tokens).toBe(1);
    const whole = textFileFeatures(Buffer.from('abcde'), 5)!;
    expect(whole.text).toBe('abcde');
    expect(whole.truncated).toBeUndefined();
  });

  it('never cuts between CR and LF (line endings stay as the file has them)', () => {
    const d = decodeTextFile(Buffer.from('ab\r\ncd\r\nef'), 3)!; // byte 3 is the LF after a CR
    expect(d.text).toBe('ab');
    expect(d.lineEndings).toBe('none');
    expect(decodeTextFile(Buffer.from('ab\r\ncd\r\nef'), 5)!.lineEndings).toBe('crlf');
  });

  it('UTF-16 (both byte orders): whole code units, never half a surrogate pair', () => {
    for (const le of [true, false]) {
      const d = decodeTextFile(utf16('ab😀cd', le), 6)!; // units a b <hi> — the pair is dropped
      expect(d.text).toBe('ab');
      expect(d.truncated).toBe(true);
      expect(decodeTextFile(utf16('ab😀cd', le), 9)!.text).toBe('ab😀');
    }
  });

  it('bytes that are no UTF-8 (windows-1252 "€£©…" are 0x80-0xBF) are cut at the cap, not backed up to nothing', () => {
    // a UTF-8 character has at most 3 continuation bytes: past them there is no boundary to look for
    const cp1252 = Buffer.alloc(100, 0xa3); // "£" × 100
    const d = decodeTextFile(cp1252, 40)!;
    expect(d.encoding).toBe('windows-1252');
    expect(d.text).toBe('£'.repeat(40));
    expect(d.truncated).toBe(true);
  });

  it('the cap is 1 MiB by default', () => {
    expect(MAX_TEXT_BYTES).toBe(1024 * 1024);
    const big = Buffer.alloc(MAX_TEXT_BYTES + 10, 0x61);
    const t = textFileFeatures(big)!;
    expect(t.text).toHaveLength(MAX_TEXT_BYTES);
    expect(t.truncated).toBe(true);
  });

  it('a folder dataset marks the cut items and the content form counts them per side', async () => {
    const mk = (files: Record<string, string | Buffer>): string => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tr-text-bounds-'));
      tmp.push(dir);
      for (const [rel, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, rel), content);
      return dir;
    };
    const long = Buffer.alloc(MAX_TEXT_BYTES + 1, 0x62);
    const base = mk({ 'a.txt': 'short text', 'b.txt': 'another one' });
    const head = mk({ 'a.txt': 'short text', 'b.txt': long, 'c.txt': long });
    const c = await collectFolders(base, head, { sampleSize: 10, seed: 1 });
    expect(c.base.filter((it) => it.textTruncated)).toHaveLength(0);
    const cut = c.head.filter((it) => it.textTruncated).map((it) => it.path);
    expect(cut.sort()).toEqual(['b.txt', 'c.txt']);
    for (const it of c.head) if (it.textTruncated) expect(it.features.chars).toBe(MAX_TEXT_BYTES);
    const form = contentForm('text', { canonicalImage: undefined } as never, { base: 0, head: 2 });
    expect(form).toBe(
      'decoded text, byte-order mark removed, line endings normalized to \\n; files longer than 1 MiB measured on their first 1 MiB (0 at base, 2 at head)',
    );
    expect(contentForm('text', { canonicalImage: undefined } as never)).toBe('decoded text, byte-order mark removed, line endings normalized to \\n');
  });
});
