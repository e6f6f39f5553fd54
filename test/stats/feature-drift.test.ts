import { describe, expect, it } from '@jest/globals';
import type { Columns, FeatureValue } from '../../src/data/item.js';
import { isMissing, measureColumns, parseNumber } from '../../src/stats/feature-drift.js';
import { expectClose, expectP, golden } from './golden.js';

function cols(obj: Record<string, FeatureValue[]>): Columns {
  return new Map(Object.entries(obj));
}

describe('measureColumns', () => {
  const g = golden().measureColumns;
  const result = measureColumns(cols(g.base), cols(g.head));
  it('lists one-sided columns and measures the others in base order', () => {
    expect(result.onlyIn).toEqual(g.onlyIn);
    const names = Object.keys(g.base).filter((k) => k in g.head);
    expect(result.features.map((f) => f.name)).toEqual(names);
  });
  for (const e of g.features) {
    it(`${e.name}: kind, missing counts and every metric = python reference`, () => {
      const f = result.features.find((x) => x.name === e.name)!;
      expect(f.kind).toBe(e.kind);
      expect(f.missing).toEqual(e.missing);
      const m = f.metrics;
      expectClose(m.psi, e.metrics.psi, 1e-9, 1e-15, 'psi');
      expectClose(m.kl, e.metrics.kl, 1e-9, 1e-15, 'kl');
      expectClose(m.js, e.metrics.js, 1e-9, 1e-15, 'js');
      if (e.kind === 'numeric') {
        expectClose(m.ks!.statistic, e.metrics.ks.statistic, 1e-12, 1e-15, 'ks');
        expectP(m.ks!.pValue, e.metrics.ks.pValue, 'ks p');
        expectClose(m.wasserstein!, e.metrics.wasserstein, 1e-9, 1e-15, 'w1');
        expectClose(m.wassersteinNormed!, e.metrics.wassersteinNormed, 1e-9, 1e-15, 'w1 normed');
        expect(m.chi2).toBeUndefined();
      } else {
        expect(m.chi2!.dof).toBe(e.metrics.chi2.dof);
        expectClose(m.chi2!.statistic, e.metrics.chi2.statistic, 1e-9, 1e-12, 'chi2');
        expectP(m.chi2!.pValue, e.metrics.chi2.pValue, 'chi2 p');
        expect(m.ks).toBeUndefined();
      }
      expectP(m.pAdjusted!, e.metrics.pAdjusted, 'pAdjusted');
      expect(f.drift).toBe(e.drift);
    });
  }
  it('the golden exercises drift both ways', () => {
    expect(g.features.some((f: { drift: boolean }) => f.drift)).toBe(true);
    expect(g.features.some((f: { drift: boolean }) => !f.drift)).toBe(true);
  });
  it('a side that is all missing: finite metrics, no test, no drift', () => {
    const f = result.features.find((x) => x.name === g.emptySide)!;
    expect(f.drift).toBe(false);
    expect(f.missing).toEqual({ base: 0, head: g.head[g.emptySide].length });
    expect(f.metrics.ks).toBeUndefined();
    expect(f.metrics.pAdjusted).toBeUndefined();
    for (const v of [f.metrics.psi, f.metrics.kl, f.metrics.js]) expect(Number.isFinite(v)).toBe(true);
    expect(JSON.stringify(result)).not.toMatch(/null|NaN/);
  });
  it('summaries describe each side', () => {
    const f = result.features.find((x) => x.name === 'num_same')!;
    expect(f.summary!.base.n).toBe(g.base.num_same.length);
    expect(f.summary!.base.mean).toBeCloseTo(10, 0);
    const c = result.features.find((x) => x.name === 'cat_shift')!;
    expect(c.summary!.head.top!.map((t) => t.value)).toContain('violet');
  });
  it('corrections: bonferroni is stricter than none; thresholds gate drift', () => {
    const none = measureColumns(cols(g.base), cols(g.head), { correction: 'none' });
    const bonf = measureColumns(cols(g.base), cols(g.head), { correction: 'bonferroni' });
    none.features.forEach((f, i) => {
      if (f.metrics.pAdjusted === undefined) return;
      const raw = f.metrics.ks?.pValue ?? f.metrics.chi2!.pValue;
      expect(f.metrics.pAdjusted).toBe(raw);
      expect(bonf.features[i]!.metrics.pAdjusted).toBeGreaterThanOrEqual(raw);
    });
    const strict = measureColumns(cols(g.base), cols(g.head), { psi: 100, wassersteinNormed: 100, js: 100 });
    expect(strict.features.every((f) => !f.drift)).toBe(true);
  });
  it('JS numbers and null work like strings; NaN numbers are missing; infinities are excluded and count as missing', () => {
    const r = measureColumns(cols({ x: [1, 2, 3, null, NaN, Infinity, 4, 5] }), cols({ x: ['1', ' 2.5', '+3', 'NA', '1e3', '-inf', '', 'None'] }));
    const f = r.features[0]!;
    expect(f.kind).toBe('numeric');
    expect(f.missing).toEqual({ base: 3, head: 4 });
    expect(f.summary!.base.n).toBe(5);
    expect(f.summary!.head.n).toBe(4);
    expect(f.summary!.head.max).toBe(1000);
  });
  it('in a categorical column "inf" is a category, not missing', () => {
    const r = measureColumns(cols({ x: ['inf', 'a', 'b', ''] }), cols({ x: ['inf', 'inf', 'a', 'b'] }));
    expect(r.features[0]!.kind).toBe('categorical');
    expect(r.features[0]!.missing).toEqual({ base: 1, head: 0 });
    // numeric at base, text at head: categorical, so base's "inf" is a category there too
    const mixed = measureColumns(cols({ x: ['1', 'inf', '2', ''] }), cols({ x: ['a', 'b', 'c', 'd'] }));
    expect(mixed.features[0]!.kind).toBe('categorical');
    expect(mixed.features[0]!.missing).toEqual({ base: 1, head: 0 });
  });
  it('one non-numeric value makes the column categorical', () => {
    const r = measureColumns(cols({ x: ['1', '2', 'True'] }), cols({ x: ['1', '2', '2'] }));
    expect(r.features[0]!.kind).toBe('categorical');
    expect(r.features[0]!.metrics.chi2).toBeDefined();
  });
  it('parsing and missing tokens', () => {
    for (const t of ['', 'NA', 'N/A', 'null', 'NULL', 'NaN', 'nan', '#N/A', '<NA>', 'None', 'n/a', '-nan', '1.#IND']) expect(isMissing(t)).toBe(true);
    expect(isMissing('0')).toBe(false);
    expect(isMissing('na')).toBe(false);
    expect(parseNumber('1e3')).toBe(1000);
    expect(parseNumber(' 2.5')).toBe(2.5);
    expect(parseNumber('+3')).toBe(3);
    expect(parseNumber('-inf')).toBe(-Infinity);
    expect(parseNumber('.5')).toBe(0.5);
    expect(parseNumber('0x10')).toBeUndefined();
    expect(parseNumber('1,5')).toBeUndefined();
    expect(parseNumber('abc')).toBeUndefined();
    expect(parseNumber('12.')).toBe(12);
    expect(parseNumber('1.5e-3')).toBe(0.0015);
  });
  it('a cell of 200,000 digits and one letter is text, at once (the old pattern backtracked for minutes)', () => {
    const digits = '7'.repeat(200_000);
    expect(parseNumber(`${digits}x`)).toBeUndefined();
    expect(parseNumber(`${digits}.${digits}e`)).toBeUndefined();
    expect(parseNumber(digits)).toBe(Number(digits));
  });
});
