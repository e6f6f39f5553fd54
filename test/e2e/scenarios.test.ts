/**
 * The risk verdicts on rendered machine-part dataset PRs (issue 5's list), end to end with the built
 * CLI modules and the built-in model, as a real process: benign additions stay low; a new camera,
 * harsh augmentation, a detection target, a normalization mismatch and defect labels each raise
 * their scenario. The expectations live in src/demo/scenarios.ts (`verdictMisses`).
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { riskScenarios } from '../../src/demo/scenarios.js';

describe('risk verdicts on dataset pull requests', () => {
  it('gets every scenario right', () => {
    expect(existsSync('dist/analyze.js')).toBe(true);
    const run = spawnSync(process.execPath, ['scripts/check-scenarios.mjs', '45', '--backend=wasm'], { encoding: 'utf8', timeout: 1_500_000 });
    const lines = run.stdout.split('\n').filter((l) => /^(ok|MISS)\s/.test(l));
    expect(lines.map((l) => l.split(/\s+/)[1]).sort()).toEqual(riskScenarios(1).map((s) => s.name).sort());
    expect(run.stdout.split('\n').filter((l) => l.startsWith('MISS') || l.trimStart().startsWith('miss: '))).toEqual([]);
    expect(run.status).toBe(0);
  }, 1_600_000);
});
