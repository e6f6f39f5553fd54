/**
 * Generated table pull requests (two CSV files written here) through `compareTables`, checking the
 * verdict a data engineer expects: each case failed on the code before issue 13.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compareTables } from '../../src/compare.js';
import type { Report } from '../../src/contracts/index.js';
import { validateReport } from '../../src/report/validate.js';
import { createRng } from '../../src/stats/rng.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tr-table-cases-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let counter = 0;
function csv(header: string[], rows: Array<Array<string | number>>, delimiter = ','): string {
  const file = path.join(dir, `t${counter++}.csv`);
  fs.writeFileSync(file, [header.join(delimiter), ...rows.map((r) => r.join(delimiter))].join('\n') + '\n');
  return file;
}

async function compare(base: string, head: string): Promise<Report> {
  const r = await compareTables(base, head, { sampleSize: 0, seed: 1 });
  validateReport(JSON.parse(JSON.stringify(r)));
  return r;
}

const level = (r: Report, id = 'data-drift') => r.risk.scenarios.find((s) => s.id === id)!.level;

/** n rows of a calm table: a numeric column `x`, a category `c`, a count `n`. */
function calm(n: number, seed: number): Array<Array<string | number>> {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => [(10 + 2 * rng.normal()).toFixed(3), ['a', 'b', 'c'][rng.int(3)]!, rng.int(20)]);
}

describe('binning: base constant, or head outside base range', () => {
  it('a constant base column moving down drifts (high), as moving up does', async () => {
    const rows = calm(300, 1);
    const base = csv(['x', 'flag'], rows.map((r) => [r[0]!, 1]));
    const down = csv(['x', 'flag'], calm(300, 2).map((r) => [r[0]!, 0.5]));
    const up = csv(['x', 'flag'], calm(300, 2).map((r) => [r[0]!, 2]));
    for (const head of [down, up]) {
      const r = await compare(base, head);
      const flag = r.datasets[0]!.features.find((f) => f.name === 'flag')!;
      expect(flag.drift).toBe(true);
      expect(flag.metrics.psi).toBeGreaterThan(5);
      expect(level(r)).toBe('high');
    }
  });
});
