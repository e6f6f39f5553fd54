import { describe, expect, it } from '@jest/globals';
import { TEXT_DIMS, hash32, textEmbedding, tokenize } from '../../src/embed/text.js';
import { cosine } from './helpers.js';

describe('text embedding', () => {
  it('tokenizes Unicode words, lower-cased and NFKC-normalized', () => {
    expect(tokenize('Hello, WORLD! Ｆｕｌｌwidth café 42x')).toEqual(['hello', 'world', 'fullwidth', 'café', '42x']);
  });

  it('FNV-1a core: differs for different strings, stable for equal ones', () => {
    expect(hash32('abc')).toBe(hash32('abc'));
    expect(hash32('abc')).not.toBe(hash32('abd'));
    expect(hash32('')).toBeGreaterThanOrEqual(0);
  });

  it('is L2-normalized, deterministic and uses both signs', () => {
    const v = textEmbedding('The model was fine-tuned on defect images from the new camera.');
    expect(v.length).toBe(TEXT_DIMS);
    expect(Math.sqrt(v.reduce((a, x) => a + x * x, 0))).toBeCloseTo(1, 5);
    expect(Array.from(textEmbedding('The model was fine-tuned on defect images from the new camera.'))).toEqual(Array.from(v));
    expect(v.some((x) => x > 0)).toBe(true);
    expect(v.some((x) => x < 0)).toBe(true);
  });

  it('near-duplicates are closer than unrelated texts; case and punctuation do not matter', () => {
    const a = textEmbedding('scratches on the metal surface of the part');
    const b = textEmbedding('Scratches on the metal surface of the parts!');
    const c = textEmbedding('weather forecast: sunny with light winds tomorrow');
    expect(cosine(a, b)).toBeGreaterThan(0.7);
    expect(cosine(a, c)).toBeLessThan(0.3);
    expect(Array.from(textEmbedding('HELLO world'))).toEqual(Array.from(textEmbedding('hello, world.')));
  });

  it('word order matters through the bigrams', () => {
    const a = textEmbedding('dog bites man');
    const b = textEmbedding('man bites dog');
    expect(cosine(a, b)).toBeLessThan(0.999);
    expect(cosine(a, b)).toBeGreaterThan(0.5);
  });

  it('empty text is the zero vector; other sizes work', () => {
    expect(textEmbedding('').every((x) => x === 0)).toBe(true);
    expect(textEmbedding('  ...  ').every((x) => x === 0)).toBe(true);
    expect(textEmbedding('abc', 64).length).toBe(64);
  });
});
