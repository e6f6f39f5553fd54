import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { readInputs } from '../../src/action/inputs.js';

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface ActionYml {
  name: string;
  description: string;
  branding: { icon: string; color: string };
  inputs: Record<string, { description: string; default?: string; required?: boolean }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: Step[] };
}

const yml = parse(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')) as ActionYml;

describe('action.yml', () => {
  it('declares the contract inputs with their defaults, and the outputs', () => {
    expect(yml.name).toBe('transfer-risk');
    expect(yml.branding.icon).toBeTruthy();
    expect(yml.inputs['github-token']!.default).toBe('${{ github.token }}');
    expect(yml.inputs.config!.default).toBe('.github/transfer-risk.yml');
    expect(yml.inputs.comment!.default).toBe('true');
    expect(yml.inputs.backend!.default).toBe('auto');
    expect(yml.inputs.cache!.default).toBe('true');
    for (const k of ['fail-on', 'sample-size', 'report']) expect(yml.inputs[k]).toBeDefined();
    for (const i of Object.values(yml.inputs)) expect(i.description.length).toBeGreaterThan(10);
    expect(Object.keys(yml.outputs).sort()).toEqual(['comment-url', 'report-path', 'risk-level']);
    for (const [k, o] of Object.entries(yml.outputs)) expect(o.value).toBe(`\${{ steps.run.outputs.${k} }}`);
  });

  it('is a composite action that sets up Node 24 when needed, installs production deps, and runs dist/action.js', () => {
    expect(yml.runs.using).toBe('composite');
    const setup = yml.runs.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(setup?.with?.['node-version']).toBe(24);
    expect(setup?.if).toBeDefined();
    expect(yml.runs.steps.some((s) => s.run?.includes('npm ci --omit=dev'))).toBe(true);
    expect(yml.runs.steps.some((s) => s.uses?.startsWith('actions/cache@'))).toBe(true);
    const run = yml.runs.steps.find((s) => s.id === 'run');
    expect(run?.run).toBe('node "${{ github.action_path }}/dist/action.js"');
  });

  it('passes every input to the node step, under a name readInputs understands', () => {
    const run = yml.runs.steps.find((s) => s.id === 'run')!;
    const env: NodeJS.ProcessEnv = {};
    for (const name of Object.keys(yml.inputs)) {
      const key = `INPUT_${name.toUpperCase().replace(/-/g, '_')}`;
      expect(run.env?.[key]).toBe(`\${{ inputs.${name} }}`);
      env[key] = '';
    }
    // fill in as the runner would and read them back
    Object.assign(env, { INPUT_GITHUB_TOKEN: 'tok', INPUT_FAIL_ON: 'medium', INPUT_SAMPLE_SIZE: '12', INPUT_BACKEND: 'cpu', INPUT_COMMENT: 'false', INPUT_CACHE: 'false', INPUT_CONFIG: 'x.yml', INPUT_REPORT: 'r.json' });
    expect(readInputs(env)).toEqual({ token: 'tok', config: 'x.yml', failOn: 'medium', comment: false, backend: 'cpu', sampleSize: 12, cache: false, report: 'r.json' });
  });
});
