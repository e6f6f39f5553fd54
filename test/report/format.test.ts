import { describe, expect, it } from '@jest/globals';
import { escapeGhHtml, escapeHtml, escapeMd, fmt, fmtP, fmtPct, inlineMd, oneLine, revisionParts, safeUrl, shortSha } from '../../src/report/format.js';

describe('numbers for people', () => {
  it.each([
    [0, '0'],
    [0.8421, '0.842'],
    [0.1, '0.1'],
    [0.25, '0.25'],
    [1, '1'],
    [12.345, '12.3'],
    [999.5, '1,000'],
    [1234.5, '1,230'],
    [123456, '123,000'],
    [4_567_000, '4.57e6'],
    [999_999, '1e6'],
    [0.00123, '0.00123'],
    [0.000123, '1.23e-4'],
    [-0.5, '-0.5'],
    [NaN, 'n/a'],
    [Infinity, '∞'],
  ])('fmt(%p) = %p', (x, s) => expect(fmt(x)).toBe(s));

  it.each([
    [0, '< 1e-6'],
    [2.1e-38, '< 1e-6'],
    [9.9e-7, '< 1e-6'],
    [1e-6, '1e-6'],
    [0.000999, '9.99e-4'],
    [0.00498, '0.00498'],
    [0.0312, '0.0312'],
    [0.5, '0.5'],
    [1, '1'],
  ])('fmtP(%p) = %p', (p, s) => expect(fmtP(p)).toBe(s));

  it('formats shares as percentages', () => {
    expect(fmtPct(0.173)).toBe('17.3%');
    expect(fmtPct(0.4375)).toBe('43.8%');
    expect(fmtPct(1)).toBe('100%');
    expect(fmtPct(undefined)).toBe('n/a');
  });
});

describe('escaping', () => {
  it('escapes HTML', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('escapes inline Markdown, table pipes, mentions and references', () => {
    expect(escapeMd('a|b *c* _d_ `e` [f](g) ~h~ $i$ \\j')).toBe('a\\|b \\*c\\* \\_d\\_ \\`e\\` \\[f\\](g) \\~h\\~ \\$i\\$ \\\\j');
    expect(escapeMd('@team and #42 and &#42;')).toBe('@&#8203;team and #&#8203;42 and &amp;#&#8203;42;');
    expect(escapeMd('<b>x</b>')).toBe('&lt;b&gt;x&lt;/b&gt;');
  });

  it('keeps GitHub HTML contexts free of mentions without breaking entities', () => {
    expect(escapeGhHtml(`it's @me #7`)).toBe('it&#39;s @&#8203;me #&#8203;7');
    expect(escapeGhHtml('[a](b) *c* a_b')).toBe('&#91;a&#93;(b) &#42;c&#42; a&#95;b');
  });

  it('turns backtick segments of risk text into code, escaping inside and out', () => {
    expect(inlineMd('drift in `a|<b>` and *x*')).toBe('drift in <code>a\\|&lt;b&gt;</code> and \\*x\\*');
  });

  it('flattens lines, strips control and bidi characters, and bounds length', () => {
    expect(oneLine('a\r\nb\tc\u0007d\u202Ee')).toBe('a b cde');
    expect(oneLine('x'.repeat(10), 5)).toBe('xxxx…');
  });

  it('accepts only http(s) URLs', () => {
    expect(safeUrl('https://github.com/o/r/actions/runs/1')).toBe('https://github.com/o/r/actions/runs/1');
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl('data:text/html,x')).toBeUndefined();
    expect(safeUrl('not a url')).toBeUndefined();
    expect(safeUrl('https://x/a b)')).toBe('https://x/a%20b%29');
  });

  it('shows a ref with its short SHA, and a SHA ref only once', () => {
    const sha = '35de8488c178b147f11784fba6e873954f10d312';
    expect(revisionParts({ ref: 'main', sha })).toEqual({ ref: 'main', sha: '35de848' });
    expect(revisionParts({ ref: sha, sha })).toEqual({ ref: '35de848', sha: '' });
    expect(revisionParts({ ref: '35de848', sha })).toEqual({ ref: '35de848', sha: '' });
    expect(revisionParts({ ref: 'cafe123', sha })).toEqual({ ref: 'cafe123', sha: '35de848' }); // a branch named like a SHA
    expect(revisionParts({ ref: 'data/v1', sha: '' })).toEqual({ ref: 'data/v1', sha: '' });
  });

  it('shortens only real SHAs', () => {
    expect(shortSha('4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39')).toBe('4f2a9c1');
    expect(shortSha('')).toBe('');
    expect(shortSha('<img>')).toBe('');
  });
});
