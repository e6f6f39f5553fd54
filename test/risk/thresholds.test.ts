import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_THRESHOLDS, mergeThresholds } from '../../src/risk/thresholds.js';
import { UserError } from '../../src/errors.js';

describe('thresholds', () => {
  it('merges overrides in camelCase and kebab-case over the defaults', () => {
    const t = mergeThresholds({ featurePsiMedium: 0.4, 'emb-auc-high': 0.95 });
    expect(t.featurePsiMedium).toBe(0.4);
    expect(t.embAucHigh).toBe(0.95);
    expect(t.alpha).toBe(DEFAULT_THRESHOLDS.alpha);
    expect(DEFAULT_THRESHOLDS.featurePsiMedium).toBe(0.25);
  });

  it('rejects unknown keys and bad values with a UserError naming the key', () => {
    expect(() => mergeThresholds({ psiMediumm: 1 })).toThrow(UserError);
    expect(() => mergeThresholds({ psiMediumm: 1 })).toThrow(/thresholds\.psiMediumm/);
    expect(() => mergeThresholds({ alpha: Number.NaN })).toThrow(/finite/);
    expect(() => mergeThresholds({ alpha: -1 })).toThrow(/negative/);
  });

  it('docs/risk-model.md documents every threshold', () => {
    const doc = readFileSync(path.join(process.cwd(), 'docs', 'risk-model.md'), 'utf8');
    const missing = Object.keys(DEFAULT_THRESHOLDS).filter((k) => !doc.includes(`\`${k}\``));
    expect(missing).toEqual([]);
  });
});
