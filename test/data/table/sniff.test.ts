import { describe, expect, it } from '@jest/globals';
import { delimiterName, sniffDelimiter } from '../../../src/data/table/sniff.js';
import { readTable } from '../../../src/data/table/read.js';

const enc = (s: string) => new TextEncoder().encode(s);

describe('delimiter sniffing', () => {
  it('finds comma, semicolon, tab and pipe from consistent field counts', () => {
    expect(sniffDelimiter(enc('a,b,c\n1,2,3\n4,5,6\n'), true)).toBe(',');
    expect(sniffDelimiter(enc('x;cat;n\n1,5;a;3\n2,25;b;4\n'), true)).toBe(';');
    expect(sniffDelimiter(enc('x\tcat\n1\ta\n2\tb\n'), true)).toBe('\t');
    expect(sniffDelimiter(enc('x|cat|n\n1|a|2\n3|b|4\n'), true)).toBe('|');
  });
  it('ignores delimiters inside quotes, and a partial last line', () => {
    expect(sniffDelimiter(enc('name;city\n"Smith, John";"Paris, FR"\n"Doe, J";Rome\n"Roe, R";Os'), false)).toBe(';');
    expect(sniffDelimiter(enc('a,b\n"x;y;z",1\n"p;q",2\n'), true)).toBe(',');
  });
  it('keeps the name convention for a one-column file and on ties', () => {
    expect(sniffDelimiter(enc('x\n1\n2\n'), true)).toBe(',');
    expect(sniffDelimiter(enc('x\n1\n2\n'), true, '\t')).toBe('\t');
    expect(sniffDelimiter(enc('a,b;c\n1,2;3\n'), true)).toBe(',');
    expect(sniffDelimiter(enc('a,b;c\n1,2;3\n'), true, ';')).toBe(';');
  });
  it('readTable reads a semicolon file named .csv and reports the delimiter', async () => {
    const t = await readTable({ name: 'x.csv', data: enc('x;cat;n\n1.5;a;3\n2.5;b;4\n') }, { sampleSize: 0, seed: 1 });
    expect([...t.columns.keys()]).toEqual(['x', 'cat', 'n']);
    expect(t.columns.get('x')).toEqual([1.5, 2.5]);
    expect(t.delimiter).toBe(';');
    expect(delimiterName(';')).toBe('semicolon');
  });
});
