import { describe, expect, it } from '@jest/globals';
import { strToU8, zipSync } from 'fflate';
import { DEFAULT_LIMITS, isUnsafeEntryName, readReportFromZip } from '../../src/bot/artifact.js';
import { BASE_SHA, HEAD_SHA, makeReport, reportZip, statusZip } from './fixtures.js';

/** Rewrites the declared uncompressed size of every entry (local and central headers) of a zip. */
function lieAboutSize(zip: Uint8Array, size: number): Uint8Array {
  const out = zip.slice();
  const dv = new DataView(out.buffer);
  for (let i = 0; i + 4 <= out.length; i++) {
    const sig = dv.getUint32(i, true);
    if (sig === 0x04034b50) dv.setUint32(i + 22, size, true);
    if (sig === 0x02014b50) dv.setUint32(i + 24, size, true);
  }
  return out;
}

describe('readReportFromZip', () => {
  it('reads and validates report.json', () => {
    const r = readReportFromZip(reportZip(makeReport({ level: 'medium' })));
    expect(r.ok && r.kind).toBe('report');
    if (r.ok && r.kind === 'report') {
      expect(r.report.head.sha).toBe(HEAD_SHA);
      expect(r.report.risk.level).toBe('medium');
    }
  });

  it('refuses the whole archive when any entry name could escape a directory', () => {
    for (const name of ['../x', 'a/../../x', '/etc/passwd', 'C:/win.ini', 'a\\..\\b']) {
      const r = readReportFromZip(reportZip(makeReport(), { [name]: strToU8('x') }));
      expect(r).toEqual({ ok: false, reason: `the artifact contains an unsafe entry name ${JSON.stringify(name)}` });
    }
  });

  it('a report.json declared larger than the cap is not inflated', () => {
    const limits = { ...DEFAULT_LIMITS, maxReportBytes: 100 };
    const r = readReportFromZip(reportZip(makeReport()), limits);
    expect(r).toEqual({ ok: false, reason: 'report.json in the artifact is larger than 0.00 MB' });
  });

  it('a zip that under-declares its size yields at most the declared bytes (then fails as JSON)', () => {
    const big = strToU8(JSON.stringify({ pad: 'x'.repeat(200_000) }));
    const r = readReportFromZip(lieAboutSize(zipSync({ 'report.json': big }), 50));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/not valid JSON|not a readable zip/);
  });

  it('a zip bigger than the cap is refused before reading', () => {
    const r = readReportFromZip(reportZip(makeReport()), { ...DEFAULT_LIMITS, maxZipBytes: 100 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/artifact is larger than/);
  });

  it('too many entries', () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 20; i++) files[`f${i}.txt`] = strToU8('x');
    const r = readReportFromZip(reportZip(makeReport(), files), { ...DEFAULT_LIMITS, maxEntries: 10 });
    expect(r).toEqual({ ok: false, reason: 'the artifact has more than 10 entries' });
  });

  it('two report.json entries are ambiguous and refused', () => {
    // fflate's zipSync cannot write duplicate names: write one and rename another entry to the same name
    const zip = zipSync({ 'report.json': strToU8(JSON.stringify(makeReport())), 'reporx.json': strToU8('{}') });
    const patched = Buffer.from(zip).toString('latin1').replaceAll('reporx.json', 'report.json');
    const r = readReportFromZip(new Uint8Array(Buffer.from(patched, 'latin1')));
    expect(r).toEqual({ ok: false, reason: 'the artifact has 2 report.json entries' });
  });

  it('invalid UTF-8, JSON and schema problems are reasons, not exceptions', () => {
    const badUtf8 = readReportFromZip(zipSync({ 'report.json': new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) }));
    expect(badUtf8.ok).toBe(false);
    const notObject = readReportFromZip(zipSync({ 'report.json': strToU8('[1,2]') }));
    expect(notObject).toEqual({ ok: false, reason: 'report.json in the artifact is not a transfer-risk report: expected a JSON object, got an array' });
    const inconsistent = makeReport({ level: 'high' }) as unknown as { risk: { level: string } };
    inconsistent.risk.level = 'low'; // the scenarios say high
    const r = readReportFromZip(reportZip(inconsistent));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain('/risk/level');
  });

  it('entries in a folder named report.json are not the report', () => {
    const r = readReportFromZip(zipSync({ 'nested/report.json': strToU8(JSON.stringify(makeReport())) }));
    expect(r).toEqual({ ok: false, reason: 'the artifact has no report.json' });
  });
});

describe('readReportFromZip: status.json (the run found nothing to analyze)', () => {
  it('reads a no-changes status', () => {
    expect(readReportFromZip(statusZip())).toEqual({
      ok: true,
      kind: 'no-changes',
      status: { schemaVersion: 1, status: 'no-changes', base: { sha: BASE_SHA }, head: { sha: HEAD_SHA } },
    });
  });

  it.each([
    [{ schemaVersion: 1, status: 'no-changes', base: { sha: BASE_SHA }, head: { sha: HEAD_SHA }, verdict: 'low' }, /unknown keys \(verdict\)/],
    [{ schemaVersion: 2, status: 'no-changes', base: { sha: BASE_SHA }, head: { sha: HEAD_SHA } }, /no schemaVersion 1/],
    [{ schemaVersion: 1, status: 'no-changes', base: { sha: BASE_SHA }, head: { sha: 'HEAD' } }, /does not name the base and head/],
    [{ schemaVersion: 1, status: 'no-changes', base: { sha: BASE_SHA }, head: { sha: HEAD_SHA, ref: 'x' } }, /does not name the base and head/],
    [[1], /is not an object/],
  ])('refuses %j', (status, re) => {
    const r = readReportFromZip(statusZip(status));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(re);
  });

  it('an artifact with both a report and a status is ambiguous', () => {
    const r = readReportFromZip(reportZip(makeReport(), { 'status.json': strToU8('{}') }));
    expect(r).toEqual({ ok: false, reason: 'the artifact has both report.json and status.json' });
  });
});

describe('isUnsafeEntryName', () => {
  it.each([
    ['report.json', false],
    ['dir/file.txt', false],
    ['..hidden/ok', false],
    ['../evil', true],
    ['a/../../evil', true],
    ['/abs', true],
    ['C:evil', true],
    ['back\\slash', true],
    ['nul\0byte', true],
    ['', true],
  ])('%j → %s', (name, unsafe) => {
    expect(isUnsafeEntryName(name)).toBe(unsafe);
  });
});
