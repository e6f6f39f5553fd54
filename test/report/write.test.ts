import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { UserError } from '../../src/errors.js';
import { COMMENT_MARKER } from '../../src/report/comment.js';
import { readReportFile, writeReportFiles } from '../../src/report/write.js';
import { partsExtras } from './extras-fixture.js';
import { loadFixture, type LooseJson } from './fixtures.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'tr-write-'));

describe('writeReportFiles', () => {
  it('writes report.json, comment.md and report.html into a new directory and returns their paths', async () => {
    const out = path.join(tmp(), 'nested', 'out');
    const report = loadFixture('one-dataset');
    const paths = await writeReportFiles(report, out, await partsExtras());
    expect(paths).toEqual({
      reportPath: path.join(out, 'report.json'),
      commentPath: path.join(out, 'comment.md'),
      htmlPath: path.join(out, 'report.html'),
    });
    expect(readdirSync(out).sort()).toEqual(['comment.md', 'report.html', 'report.json']);
    expect(JSON.parse(readFileSync(paths.reportPath, 'utf8'))).toEqual(report);
    expect(readFileSync(paths.commentPath, 'utf8').startsWith(COMMENT_MARKER)).toBe(true);
    expect(readFileSync(paths.htmlPath, 'utf8')).toContain('<svg class="plot-scatter"');
    // what was written reads back
    await expect(readReportFile(paths.reportPath)).resolves.toEqual(report);
  });

  it('validates before writing anything: a NaN metric fails naming the field', async () => {
    const out = tmp();
    const report = loadFixture('one-dataset');
    report.datasets[0].features[2].metrics.js = NaN;
    await expect(writeReportFiles(report, out)).rejects.toThrow(
      /^the report about to be written is not a valid transfer-risk report \(schemaVersion 1\): \/datasets\/0\/features\/2\/metrics\/js must be number$/,
    );
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('readReportFile', () => {
  it('rejects a tampered artifact with a one-line UserError naming the file', async () => {
    const file = path.join(tmp(), 'report.json');
    const r = loadFixture('many-datasets') as unknown as LooseJson;
    r.risk.scenarios[3].level = 'low'; // a PR workflow trying to pass the check
    writeFileSync(file, JSON.stringify(r));
    const err = await readReportFile(file).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toBe(
      `${file} is not a valid transfer-risk report (schemaVersion 1): /risk/level is "high" but the highest scenario level is "medium"`,
    );
  });

  it('reports a missing file and broken JSON as UserErrors', async () => {
    const dir = tmp();
    await expect(readReportFile(path.join(dir, 'nope.json'))).rejects.toThrow(/^cannot read .*nope\.json: no such file$/);
    writeFileSync(path.join(dir, 'bad.json'), '{"schemaVersion":');
    await expect(readReportFile(path.join(dir, 'bad.json'))).rejects.toThrow(/bad\.json is not valid JSON: /);
  });
});
