import { describe, expect, it } from '@jest/globals';
import { capScore, fmt, graded, levelOfScore } from '../../src/risk/common.js';

describe('graded scores', () => {
  it('puts the medium threshold at 1/3 and the high threshold at 2/3', () => {
    expect(levelOfScore(graded(0.2499, 0.25, 1))).toBe('low');
    expect(levelOfScore(graded(0.25, 0.25, 1))).toBe('medium');
    expect(levelOfScore(graded(0.99, 0.25, 1))).toBe('medium');
    expect(levelOfScore(graded(1, 0.25, 1))).toBe('high');
    expect(graded(1e9, 0.25, 1)).toBeLessThan(1);
    expect(graded(0, 0.25, 1)).toBe(0);
    expect(graded(Number.NaN, 0.25, 1)).toBe(0);
  });
  it('caps scores by level', () => {
    expect(levelOfScore(capScore(0.9, 0))).toBe('low');
    expect(levelOfScore(capScore(0.9, 1))).toBe('medium');
    expect(capScore(0.9, 2)).toBe(0.9);
  });
  it('formats numbers for sentences with a unicode minus', () => {
    expect(fmt(0.52)).toBe('0.52');
    expect(fmt(-41.2, 0)).toBe('−41');
    expect(fmt(2.1)).toBe('2.1');
    expect(fmt(1024)).toBe('1024');
    expect(fmt(1.9e-17)).toBe('0');
    expect(fmt(-0.004)).toBe('−0.004');
  });
});
