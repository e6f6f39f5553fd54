import { describe, expect, it } from '@jest/globals';
import { capScore, combine, fmt, graded, levelOfScore, MAX_EVIDENCE, MAX_RECOMMENDATIONS } from '../../src/risk/common.js';
import { REPORT_LIMITS } from '../../src/report/schema.js';

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

describe('combine: evidence of many datasets stays within the report schema', () => {
  it("keeps the highest-scoring datasets' sentences and says what was left out", () => {
    // 60 datasets of 3 sentences each: one high, the rest low, in config order
    const parts = Array.from({ length: 60 }, (_, i) => ({
      dataset: `d${i}`,
      finding: { score: i === 45 ? 0.9 : 0.1, evidence: [`first ${i}`, `second ${i}`, `third ${i}`], recommendations: [`fix d${i}`] },
    }));
    const s = combine('data-drift', parts, true);
    expect(s.level).toBe('high');
    expect(s.evidence).toHaveLength(MAX_EVIDENCE);
    expect(s.evidence.slice(0, 3)).toEqual(['d45: first 45', 'd45: second 45', 'd45: third 45']);
    expect(s.evidence[3]).toBe('d0: first 0');
    // 99 kept: d45's 3, then d0…d31 (96 lines) in config order; 81 left out, from d32…d59 but d45 (27 datasets; d32's 3 lines fit: 3 + 96 = 99)
    expect(s.evidence[98]).toBe('d31: third 31');
    expect(s.evidence[99]).toBe(
      "… and 81 more sentences from 27 lower-scoring datasets (d32, d33, d34, d35, d36, d37, d38, d39, d40, d41 and 17 more), left out to keep the report within 100 sentences; each dataset's numbers are in report.json",
    );
    expect(s.recommendations).toHaveLength(MAX_RECOMMENDATIONS);
    // the constants are the schema's
    expect(MAX_EVIDENCE).toBe(REPORT_LIMITS.evidence);
    expect(MAX_RECOMMENDATIONS).toBe(REPORT_LIMITS.recommendations);
    // under the limit nothing changes: config order, no summary line
    const few = combine('data-drift', parts.slice(0, 5), true);
    expect(few.evidence).toEqual(parts.slice(0, 5).flatMap((p) => p.finding.evidence.map((e) => `${p.dataset}: ${e}`)));
  });
});
