#!/usr/bin/env node
// Builds each risk scenario's dataset repository (src/demo/scenarios.ts), analyzes its pull request
// with the built-in model and checks the verdict.
// Usage: node scripts/check-scenarios.mjs [N images per side] [--backend=NAME] [scenario name...]
// Exits 1 when any verdict misses its expectation.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../dist/analyze.js';
import { buildRepo } from '../dist/demo/repo.js';
import { riskScenarios, verdictMisses } from '../dist/demo/scenarios.js';
import { stderrLogger } from '../dist/log.js';

const args = process.argv.slice(2);
const backend = args.find((a) => a.startsWith('--backend='))?.slice('--backend='.length) ?? 'auto';
const positional = args.filter((a) => !a.startsWith('--'));
const n = Number(positional[0] ?? 60);
const only = positional.slice(1);
const root = mkdtempSync(join(tmpdir(), 'tr-scenarios-'));
const cacheDir = join(root, 'cache');
let failed = 0;
for (const s of riskScenarios(n)) {
  if (only.length && !only.includes(s.name)) continue;
  const dir = join(root, s.name);
  const t0 = Date.now();
  const shas = await buildRepo(dir, s.spec);
  const { report } = await analyze({ repo: dir, base: shas.base, head: shas.head, cacheDir, backend, log: stderrLogger({ quiet: true }) });
  const misses = verdictMisses(s, report.risk);
  failed += misses.length ? 1 : 0;
  const levels = report.risk.scenarios.map((x) => `${x.id}=${x.level}(${x.score.toFixed(2)})`).join(' ');
  console.log(`${misses.length ? 'MISS' : 'ok  '} ${s.name.padEnd(20)} overall=${report.risk.level} ${levels} [${((Date.now() - t0) / 1000).toFixed(0)}s]`);
  for (const m of misses) console.log(`     miss: ${m}`);
  for (const sc of report.risk.scenarios) for (const e of sc.evidence.slice(0, 3)) console.log(`       ${sc.id}: ${e}`);
}
process.exit(failed ? 1 : 0);
