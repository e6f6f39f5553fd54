/**
 * Issue 12, item 5: every report the CLI writes is validated first, on stdout as well as under --out;
 * an invalid one (a bug upstream) is refused with the field named, and nothing is written.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emitReport } from '../../src/cli/output.js';
import type { CliContext } from '../../src/cli/command.js';
import { silentLogger } from '../../src/log.js';
import { noProgress } from '../../src/progress.js';
import { loadFixture } from '../report/fixtures.js';

function context(): { ctx: CliContext; out: string[] } {
  const out: string[] = [];
  const io = { stdout: { write: (s: string) => out.push(s) }, stderr: { write: () => true } };
  return { ctx: { io, log: silentLogger, progress: noProgress, debug: false, quiet: true }, out };
}

describe('emitReport', () => {
  it('prints a valid report and exits by fail-on', async () => {
    const { ctx, out } = context();
    const report = loadFixture('one-dataset');
    const code = await emitReport(report, ctx, { format: 'json', failOn: 'none' });
    expect(code).toBe(0);
    expect(JSON.parse(out.join(''))).toEqual(JSON.parse(JSON.stringify(report)));
  });

  it('refuses an invalid report before writing anything, to stdout or --out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tr-emit-'));
    try {
      for (const format of ['json', 'md'] as const) {
        const { ctx, out } = context();
        const report = loadFixture('one-dataset');
        report.datasets[0]!.features[0]!.metrics.js = 1.5; // far outside [0, 1]: a bug, not rounding
        await expect(emitReport(report, ctx, { format, failOn: 'none', out: join(dir, format) })).rejects.toThrow(
          /the report about to be written is not a valid transfer-risk report .*\/datasets\/0\/features\/0\/metrics\/js must be <= 1/,
        );
        expect(out).toEqual([]);
        expect(existsSync(join(dir, format, 'report.json'))).toBe(false);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
