import { describe, expect, it } from '@jest/globals';
import { Interner, isNaBytes, parseNumberBytes, parseNumberText, textCell, NA_TOKENS } from '../../../src/data/table/cells.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const num = (s: string) => {
  const b = bytes(s);
  return parseNumberBytes(b, 0, b.length);
};

describe('parseNumberBytes', () => {
  it('reads decimal literals exactly as the engine rounds them', () => {
    const cases = [
      '0',
      '-0',
      '1',
      '+1',
      '12.5',
      '-3.25',
      '.5',
      '5.',
      '1e5',
      '1E-5',
      '-2.5e+3',
      '0.1',
      '0.3',
      '123456789012345',
      '1234567890123456789',
      '0.12345678901234567',
      '9007199254740993',
      '1e308',
      '1e-320',
      '2.2250738585072011e-308',
      '00012',
      '1.000000000000000000001',
      '3.14159265358979323846',
      ' 7 ',
      '\t8.5',
    ];
    for (const c of cases) expect(Object.is(num(c), Number(c.trim()))).toBe(true);
  });
  it('reads inf and infinity in any case, with a sign', () => {
    expect(num('inf')).toBe(Infinity);
    expect(num('-Infinity')).toBe(-Infinity);
    expect(num('+INF')).toBe(Infinity);
  });
  it('rejects what pandas keeps as text', () => {
    for (const c of ['', ' ', '.', '-', '+', 'e5', '1e', '1e+', '0x1A', '1_000', '1,5', '1.2.3', 'abc', '12a', 'nan', 'NaN', '--1', '1 2', 'infinit'])
      expect(Number.isNaN(num(c))).toBe(true);
  });
  it('agrees with Number() on random literals (fast and slow paths)', () => {
    let s = 12345;
    const rnd = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let i = 0; i < 20000; i++) {
      const digits = 1 + Math.floor(rnd() * 19);
      let t = '';
      for (let d = 0; d < digits; d++) t += Math.floor(rnd() * 10);
      const point = Math.floor(rnd() * (digits + 1));
      t = t.slice(0, point) + (rnd() < 0.7 ? '.' : '') + t.slice(point);
      if (rnd() < 0.3) t += 'e' + (Math.floor(rnd() * 60) - 30);
      if (rnd() < 0.3) t = '-' + t;
      if (t === '.' || t === '-.' || t.startsWith('.e') || t.startsWith('-.e')) continue;
      expect(num(t)).toBe(Number(t));
    }
  });
});

describe('missing values and text cells', () => {
  it('knows pandas default NA tokens', () => {
    for (const t of ['', 'NA', 'N/A', 'n/a', 'NaN', 'nan', '-NaN', 'NULL', 'null', '<NA>', '#N/A', '#N/A N/A', '1.#IND', '-1.#QNAN', 'None'])
      expect(isNaBytes(bytes(t), 0, bytes(t).length)).toBe(true);
    for (const t of ['na', ' NA', 'Nan', 'none', 'N', '0', 'NULLS']) expect(isNaBytes(bytes(t), 0, bytes(t).length)).toBe(false);
    expect(NA_TOKENS.size).toBe(19);
  });
  it('converts text cells', () => {
    expect(textCell('NA')).toBeNull();
    expect(textCell('')).toBeNull();
    expect(textCell('2.5')).toBe(2.5);
    expect(textCell(' 3 ')).toBe(3);
    expect(textCell('Canon EOS')).toBe('Canon EOS');
    expect(textCell('0x10')).toBe('0x10');
    expect(parseNumberText('1e3')).toBe(1000);
  });
});

describe('Interner', () => {
  it('returns one string instance per distinct byte sequence, decoding UTF-8', () => {
    const it = new Interner(4);
    const b = bytes('abc,héllo,abc');
    const a1 = it.get(b, 0, 3);
    const h = it.get(b, 4, 10);
    const a2 = it.get(b, 11, 14);
    expect(a1).toBe('abc');
    expect(h).toBe('héllo');
    expect(a2).toBe(a1);
  });
  it('keeps decoding correctly past its capacity', () => {
    const it = new Interner(2);
    const out = ['a', 'b', 'c', 'd', 'a', 'd'].map((s) => it.get(bytes(s), 0, 1));
    expect(out).toEqual(['a', 'b', 'c', 'd', 'a', 'd']);
  });
});
