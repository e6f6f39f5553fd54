import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import * as core from '@actions/core';
import { writeJobSummary } from '../../src/report/summary.js';
import { fakeSummary } from './fake-summary.js';
import { bigReport } from './big.js';
import { loadFixture } from './fixtures.js';
import { hostileReport } from './hostile.js';

describe('writeJobSummary', () => {
  it('writes heading, verdict, scenario table, recommendations and one details block per dataset', async () => {
    const f = fakeSummary();
    await writeJobSummary(loadFixture('many-datasets'), f.s);
    expect(f.written()).toBe(1);
    expect(f.calls.map((c) => c[0])).toEqual(['heading', 'raw', 'raw', 'table', 'heading', 'list', 'details', 'details', 'details', 'details', 'raw']);
    expect(f.calls[0]).toEqual(['heading', '🔴 Transfer-learning risk: HIGH', 2]);
    const table = f.calls[3][1] as Array<Array<string | { data: string }>>;
    expect(table).toHaveLength(5);
    expect(table.slice(1).map((r) => r.slice(0, 3))).toEqual([
      ['Task mismatch', '🟡 medium', '0.42'],
      ['Data drift', '🟡 medium', '0.64'],
      ['ROI shift', '🟢 low', '0.11'],
      ['Augmentation drift', '🔴 high', '0.83'],
    ]);
    const details = f.calls.filter((c) => c[0] === 'details');
    expect(details[1][1]).toBe('<b>sensor-logs</b> (tabular) — 2 of 5 features drift · 1 skipped');
    expect(details[1][2]).toContain('<td><code>temp&#95;c</code></td><td>0.412</td>');
    expect(details[2][2]).toContain('⚠️ <b>Analysis failed:</b> 82% of the head sample');
    expect(details[0][2]).toContain('<tr><td>MMD²</td><td>0.0412</td><td>9.99e-4</td></tr>');
  });

  it('takes options as the second argument too (the action calls it so)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tr-summary-'));
    const file = path.join(dir, 'summary.md');
    writeFileSync(file, '');
    const prev = process.env.GITHUB_STEP_SUMMARY;
    process.env.GITHUB_STEP_SUMMARY = file;
    try {
      await writeJobSummary(loadFixture('one-dataset'), { reportUrl: 'https://example.com/r.html' });
      core.summary.emptyBuffer();
    } finally {
      if (prev === undefined) delete process.env.GITHUB_STEP_SUMMARY;
      else process.env.GITHUB_STEP_SUMMARY = prev;
    }
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('<h2>🔴 Transfer-learning risk: HIGH</h2>');
    expect(html).toContain('<details><summary><b>parts</b> (image)');
    expect(html).toContain('<a href="https://example.com/r.html">Full HTML report</a>');
    expect(html).toContain('<th>Scenario</th>');
  });

  it('stays under the 1 MiB job-summary limit on a huge report', async () => {
    const f = fakeSummary();
    await writeJobSummary(bigReport(1000, 120, 60), f.s);
    const bytes = Buffer.byteLength(JSON.stringify(f.calls));
    expect(bytes).toBeLessThan(1024 * 1024);
    expect(bytes).toBeGreaterThan(800 * 1024);
    const details = f.calls.filter((c) => c[0] === 'details').length;
    expect(details).toBeLessThan(1000);
    expect(f.calls.at(-2)).toEqual([
      'raw',
      `<p>${(1000 - details).toLocaleString('en-US')} more datasets not shown here (size limit of the job summary): see the full report.</p>`,
      true,
    ]);
  });

  it('escapes everything from the data', async () => {
    const f = fakeSummary();
    await writeJobSummary(hostileReport(), f.s);
    const all = JSON.stringify(f.calls);
    expect(all).not.toMatch(/<img|<script|<\/summary><\/details>/i);
    expect(all).not.toMatch(/@octocat/);
    expect(all).not.toMatch(/\]\(javascript|href=\\?"javascript/);
    expect(all).toContain('&#91;link&#93;(javascript:alert(1))');
  });
});
