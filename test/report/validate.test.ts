import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { UserError } from '../../src/errors.js';
import { REPORT_LIMITS, REPORT_SCHEMA } from '../../src/report/schema.js';
import { parseReport, validateReport } from '../../src/report/validate.js';
import { FIXTURES, loadFixture, type LooseJson } from './fixtures.js';

const schemaFile = new URL('../../schema/report.schema.json', import.meta.url);

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a throw');
}

describe('schema/report.schema.json', () => {
  it('is the schema the code validates with (regenerate with UPDATE_REPORT_SCHEMA=1)', () => {
    const expected = `${JSON.stringify(REPORT_SCHEMA, null, 2)}\n`;
    if (process.env.UPDATE_REPORT_SCHEMA === '1') writeFileSync(schemaFile, expected);
    expect(readFileSync(schemaFile, 'utf8')).toBe(expected);
  });

  it('describes every property', () => {
    // walk the schema: every entry of a `properties` map has a description, directly or via $ref
    const missing: string[] = [];
    const walk = (node: unknown, where: string) => {
      if (typeof node !== 'object' || node === null) return;
      const n = node as Record<string, unknown>;
      if (n.properties && typeof n.properties === 'object') {
        for (const [k, v] of Object.entries(n.properties as Record<string, Record<string, unknown>>)) {
          const leafOk = typeof v.description === 'string' || typeof v.$ref === 'string';
          const objOk = v.type === 'object' || v.properties !== undefined;
          if (!leafOk && !objOk && !where.includes('.allOf.')) missing.push(`${where}.${k}`);
        }
      }
      for (const [k, v] of Object.entries(n)) walk(v, `${where}.${k}`);
    };
    walk(REPORT_SCHEMA, '#');
    expect(missing).toEqual([]);
  });
});

describe('validateReport', () => {
  it.each(FIXTURES)('accepts the fixture %s', (name) => {
    const r = loadFixture(name);
    expect(validateReport(r)).toBe(r);
  });

  it('accepts a report with optional fields omitted', () => {
    const r = loadFixture('one-dataset');
    const ds = r.datasets[0];
    delete ds.total;
    delete ds.changes;
    delete ds.labels;
    delete ds.embedding;
    ds.features = ds.features.map((f) => ({ name: f.name, kind: f.kind, drift: f.drift, metrics: { psi: f.metrics.psi, kl: f.metrics.kl, js: f.metrics.js } }));
    r.meta = {};
    expect(() => validateReport(r)).not.toThrow();
  });

  const bad: Array<[string, (r: LooseJson) => void, RegExp]> = [
    ['a non-object', () => {}, /expected a JSON object, got an array/],
    ['a missing schemaVersion', (r) => delete r.schemaVersion, /schemaVersion is missing/],
    ['a future schemaVersion', (r) => (r.schemaVersion = 2), /schemaVersion 2; this transfer-risk reads schemaVersion 1/],
    ['a missing required field', (r) => delete r.risk, /\(root\): missing required property "risk"/],
    ['an unknown top-level field', (r) => (r.verdict = 'ok'), /\(root\): unknown property "verdict"/],
    ['a wrong level', (r) => (r.risk.scenarios[1].level = 'critical'), /\/risk\/scenarios\/1\/level must be one of "low", "medium", "high"/],
    ['a score above 1', (r) => (r.risk.scenarios[0].score = 1.5), /\/risk\/scenarios\/0\/score must be <= 1/],
    ['a p-value above 1', (r) => (r.datasets[0].features[0].metrics.ks.pValue = 3), /\/datasets\/0\/features\/0\/metrics\/ks\/pValue must be <= 1/],
    ['a NaN metric (null in JSON)', (r) => (r.datasets[0].features[1].metrics.psi = null), /\/datasets\/0\/features\/1\/metrics\/psi must be number/],
    ['a duplicated scenario', (r) => (r.risk.scenarios[3].id = 'data-drift'), /\/risk\/scenarios must contain every scenario/],
    ['three scenarios', (r) => r.risk.scenarios.pop(), /\/risk\/scenarios must NOT have fewer than 4 items/],
    [
      'an overall level that is not the highest scenario level',
      (r) => (r.risk.level = 'medium'),
      /\/risk\/level is "medium" but the highest scenario level is "high"/,
    ],
    ['a bad date', (r) => (r.createdAt = 'yesterday'), /\/createdAt must match format "date-time"/],
    ['a bad side', (r) => (r.datasets[0].skipped[0].side = 'left'), /\/datasets\/0\/skipped\/0\/side must be one of "base", "head"/],
    ['a negative count', (r) => (r.datasets[0].sample.head = -1), /\/datasets\/0\/sample\/head must be >= 0/],
    [
      'an oversized string',
      (r) => (r.datasets[0].skipped[0].reason = 'x'.repeat(REPORT_LIMITS.text + 1)),
      /\/datasets\/0\/skipped\/0\/reason must NOT have more than 4000 characters/,
    ],
    [
      'an oversized array',
      (r) => (r.risk.scenarios[0].evidence = Array.from({ length: REPORT_LIMITS.evidence + 1 }, () => 'e')),
      /\/risk\/scenarios\/0\/evidence must NOT have more than 100 items/,
    ],
    [
      'a malformed annotation hint',
      (r) => (r.meta.annotations = [{ path: 'a.yaml', level: 'severe', message: 'm' }]),
      /\/meta\/annotations\/0\/level must be one of/,
    ],
    [
      'too many meta keys',
      (r) => {
        for (let i = 0; i <= REPORT_LIMITS.metaProperties; i++) r.meta[`k${i}`] = i;
      },
      /\/meta must NOT have more than 200 properties/,
    ],
  ];

  it.each(bad)('rejects %s with a clear one-line message', (_what, mutate, message) => {
    const r = loadFixture('one-dataset') as unknown as LooseJson;
    const input = _what === 'a non-object' ? [] : r;
    mutate(r);
    const err = errorOf(() => validateReport(input, 'artifact report.json'));
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toMatch(message);
    expect(err.message).toMatch(/^artifact report\.json /);
    expect(err.message).not.toContain('\n');
  });

  it('lists at most five problems and counts the rest', () => {
    const r = loadFixture('many-datasets') as unknown as LooseJson;
    for (const s of r.risk.scenarios) s.score = 7;
    for (const ds of r.datasets) ds.sample.base = -3;
    const err = errorOf(() => validateReport(r));
    const listed = err.message.split(': ').slice(1).join(': ').split('; ');
    expect(listed).toHaveLength(5);
    expect(err.message).toMatch(/\(and 3 more\)$/);
  });
});

describe('parseReport', () => {
  it('parses and validates JSON text', () => {
    const text = readFileSync(new URL('../fixtures/report/many-datasets.json', import.meta.url), 'utf8');
    expect(parseReport(text).datasets).toHaveLength(4);
  });

  it('rejects broken JSON in one line naming the source', () => {
    expect(() => parseReport('{"schemaVersion": 1,', 'report.json')).toThrow(/^report\.json is not valid JSON: /);
  });

  it('rejects text above the size limit before parsing it', () => {
    const huge = { length: REPORT_LIMITS.maxBytes + 1 } as unknown as string; // never parsed
    expect(() => parseReport(huge, 'report.json')).toThrow(/too large/);
  });
});
