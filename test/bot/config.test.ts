import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { parseBotConfig } from '../../src/bot/config.js';
import { CONFIG_YAML } from './fixtures.js';

describe('parseBotConfig', () => {
  it('keeps the whole validated config (for the shared planner), fail-on and the workflow; defaults the workflow and fork policy', () => {
    const r = parseBotConfig(parse(CONFIG_YAML));
    expect(r).toMatchObject({ ok: true, config: { failOn: 'high', workflow: 'transfer-risk.yml', forks: 'approve' } });
    if (!r.ok) return;
    expect(r.config.forkWorkflow).toBeUndefined();
    expect(r.config.config.datasets.map((d) => [d.name, d.paths, d.labels, d.augmentation])).toEqual([
      ['parts', ['data/**'], 'none', 'configs/augment.yaml'],
      ['tickets', ['tickets/*.jsonl'], 'file:meta/labels.csv', undefined],
    ]);
  });

  it('reads the fork policy', () => {
    const r = parseBotConfig({ datasets: [{ name: 'a', paths: ['x/**'] }], bot: { forks: 'run', 'fork-workflow': 'hosted.yml' } });
    expect(r).toMatchObject({ ok: true, config: { forks: 'run', forkWorkflow: 'hosted.yml', workflow: 'transfer-risk.yml' } });
  });

  it('fail-on defaults to high', () => {
    const r = parseBotConfig({ datasets: [{ name: 'a', paths: ['x/**'] }] });
    expect(r.ok && r.config.failOn).toBe('high');
  });

  it('reads bot.workflow and fail-on', () => {
    const r = parseBotConfig({ datasets: [{ name: 'a', paths: ['x/**'] }], 'fail-on': 'medium', bot: { workflow: 'gpu.yaml' } });
    expect(r).toMatchObject({ ok: true, config: { failOn: 'medium', workflow: 'gpu.yaml' } });
  });

  it.each([
    [null, /expected a mapping/],
    [[1, 2], /expected a mapping/],
    [{}, /datasets is required/],
    [{ datasets: [{ name: 'a', paths: ['x'] }], 'fail-on': 'low' }, /fail-on must be one of none, medium, high/],
    [{ datasets: [{ name: 'a', paths: ['../outside/**'] }] }, /must not contain \.\./],
    [{ datasets: [{ name: 'a', paths: ['x'] }], bot: { workflow: '../../evil.yml' } }, /bot\.workflow must be a workflow file name/],
    [{ datasets: [{ name: 'a', paths: ['x'] }], bot: { workflow: 'ci' } }, /bot\.workflow must be a workflow file name/],
    [{ datasets: [{ name: 'a', paths: ['x'] }], bot: { 'fork-workflow': '../x.yml' } }, /bot\.fork-workflow must be a workflow file name/],
    [{ datasets: [{ name: 'a', paths: ['x'] }], bot: { forks: 'always' } }, /bot\.forks must be one of approve, run/],
  ])('refuses %j with one line naming the key', (raw, re) => {
    const r = parseBotConfig(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toMatch(re);
      expect(r.reason).toMatch(/^\.github\/transfer-risk\.yml: /);
      expect(r.reason).not.toMatch(/\.yml:\d+:/); // no line number of our re-serialization
      expect(r.reason).not.toContain('\n');
    }
  });
});
