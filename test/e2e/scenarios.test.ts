/**
 * The risk verdicts on rendered machine-part dataset PRs (issue 5's list), end to end with the built
 * CLI modules and the built-in model, as a real process: benign additions stay low; a new camera,
 * harsh augmentation, a detection target, a normalization mismatch and defect labels each raise
 * their scenario. The expectations live in src/demo/scenarios.ts (`verdictMisses`).
 *
 * Both engines: the default (ONNX Runtime, the built-in model converted to ONNX) and TensorFlow.js (WASM)
 * get every scenario right and give the same level for every scenario of every pull request.
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { riskScenarios } from '../../src/demo/scenarios.js';

function verdicts(backend: string): Map<string, string> {
  const run = spawnSync(process.execPath, ['scripts/check-scenarios.mjs', '45', `--backend=${backend}`], { encoding: 'utf8', timeout: 1_500_000 });
  const lines = run.stdout.split('\n').filter((l) => /^(ok|MISS)\s/.test(l));
  expect(lines.map((l) => l.split(/\s+/)[1]).sort()).toEqual(
    riskScenarios(1)
      .map((s) => s.name)
      .sort(),
  );
  expect(run.stdout.split('\n').filter((l) => l.startsWith('MISS') || l.trimStart().startsWith('miss: '))).toEqual([]);
  expect(run.status).toBe(0);
  // "ok   name  overall=high task-mismatch=low(0.10) data-drift=high(0.90) ..." → levels without scores
  return new Map(
    lines.map((l) => [
      l.split(/\s+/)[1]!,
      l
        .replace(/\(\d+\.\d+\)/g, '')
        .replace(/\s*\[\d+s\]$/, '')
        .split(/\s+/)
        .slice(2)
        .join(' '),
    ]),
  );
}

describe('risk verdicts on dataset pull requests', () => {
  it('gets every scenario right on both engines, with the same verdicts', () => {
    expect(existsSync('dist/analyze.js')).toBe(true);
    const onnx = verdicts('onnx');
    const wasm = verdicts('wasm');
    expect([...onnx.entries()].sort()).toEqual([...wasm.entries()].sort());
  }, 3_000_000);
});
