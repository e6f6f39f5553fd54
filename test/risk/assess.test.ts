import { describe, expect, it } from '@jest/globals';
import { assessRisk } from '../../src/risk/assess.js';
import { SCENARIO_IDS } from '../../src/contracts/index.js';
import type { RiskInput } from '../../src/risk/types.js';
import { UserError } from '../../src/errors.js';
import { clusters, ds, numericFeature, report } from './fixtures.js';

const parts = ['bolt', 'gear', 'nut'];

function input(o: Partial<RiskInput> = {}): RiskInput {
  const { m, labels } = clusters(20, 3, 10, 2);
  const l = labels.map((x) => parts[x]!);
  return {
    pretrained: { task: 'classification', source: 'imagenet', model: 'builtin:default' },
    target: { task: 'classification' },
    thresholds: { mmdPermutations: 50, classifierPermutations: 20 },
    datasets: [
      ds(report({ features: [numericFeature('brightness', { psi: 0.02, wn: 0.05, drift: false, base: 0.5, head: 0.5 })] }), {
        embeddings: { base: m, head: m, baseLabels: l, headLabels: l },
      }),
    ],
    ...o,
  };
}

describe('assessRisk', () => {
  it('a benign change is low overall, with all four scenarios in order', () => {
    const r = assessRisk(input());
    expect(r.scenarios.map((s) => s.id)).toEqual([...SCENARIO_IDS]);
    expect(r.level).toBe('low');
    for (const s of r.scenarios) {
      expect(s.score).toBeGreaterThanOrEqual(0);
      expect(s.score).toBeLessThanOrEqual(1);
      expect(s.evidence.length).toBeGreaterThan(0);
    }
  });

  it('the overall level is the highest scenario level', () => {
    const r = assessRisk(input({ target: { task: 'detection' } }));
    expect(r.scenarios.find((s) => s.id === 'task-mismatch')!.level).toBe('high');
    expect(r.level).toBe('high');
  });

  it('thresholds from config change the verdict; unknown keys are a config error', () => {
    const drifting = input({
      datasets: [{ report: report({ features: [numericFeature('brightness', { psi: 0.5, wn: 0.8, drift: true, base: 0.5, head: 0.4 })] }) }],
    });
    expect(assessRisk(drifting).scenarios.find((s) => s.id === 'data-drift')!.level).toBe('medium');
    expect(assessRisk({ ...drifting, thresholds: { featurePsiMedium: 0.6 } }).scenarios.find((s) => s.id === 'data-drift')!.level).toBe('low');
    expect(() => assessRisk({ ...drifting, thresholds: { nope: 1 } })).toThrow(UserError);
  });

  it('several datasets: evidence is prefixed with the dataset name, level is the max', () => {
    const a = input().datasets[0]!;
    const b = {
      report: report({
        name: 'audio',
        modality: 'audio' as const,
        features: [numericFeature('noiseFloorDbfs', { psi: 3, wn: 4, drift: true, base: -62, head: -41 })],
      }),
    };
    const r = assessRisk(input({ datasets: [a, b] }));
    const dd = r.scenarios.find((s) => s.id === 'data-drift')!;
    expect(dd.level).toBe('high');
    expect(dd.evidence.some((e) => e.startsWith('audio: noise floor −62 → −41 dBFS'))).toBe(true);
    expect(dd.evidence.some((e) => e.startsWith('parts: '))).toBe(true);
  });

  it('no datasets still yields four low scenarios', () => {
    const r = assessRisk(input({ datasets: [] }));
    expect(r.scenarios).toHaveLength(4);
    expect(r.level).toBe('low');
  });
});
