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
    expect(yml.inputs['check-run']!.default).toBe('false');
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
    Object.assign(env, {
      INPUT_GITHUB_TOKEN: 'tok',
      INPUT_FAIL_ON: 'medium',
      INPUT_SAMPLE_SIZE: '12',
      INPUT_BACKEND: 'cpu',
      INPUT_COMMENT: 'false',
      INPUT_CACHE: 'false',
      INPUT_CHECK_RUN: 'true',
      INPUT_CONFIG: 'x.yml',
      INPUT_REPORT: 'r.json',
    });
    expect(readInputs(env)).toEqual({
      token: 'tok',
      config: 'x.yml',
      failOn: 'medium',
      comment: false,
      backend: 'cpu',
      sampleSize: 12,
      cache: false,
      checkRun: true,
      report: 'r.json',
    });
  });
});

describe('examples/workflows', () => {
  const dir = new URL('../../examples/workflows/', import.meta.url);
  const mine = ['hosted-cpu.yml', 'self-hosted-gpu.yml', 'manual-dispatch.yml', 'sharded.yml', 'fork-pull-requests.yml', 'transfer-risk.yml'];

  interface Workflow {
    on: Record<string, unknown>;
    permissions?: Record<string, string>;
    jobs: Record<string, { steps: Step[]; 'runs-on': unknown; if?: string }>;
  }

  it.each(mine)('%s parses and uses only inputs action.yml declares', (name) => {
    const wf = parse(readFileSync(new URL(name, dir), 'utf8')) as Workflow;
    expect(wf.jobs).toBeDefined();
    const uses = Object.values(wf.jobs).flatMap((j) => j.steps.filter((s) => s.uses?.includes('/transfer-risk@')));
    expect(uses.length).toBeGreaterThan(0);
    for (const step of uses) for (const k of Object.keys(step.with ?? {})) expect(Object.keys(yml.inputs)).toContain(k);
    // least privilege: never a blanket write-all
    expect(JSON.stringify(wf.permissions ?? {})).not.toContain('write-all');
  });

  it('forks without the bot: pull_request_target on a hosted runner, the base branch checked out, nothing of the PR run', () => {
    const wf = parse(readFileSync(new URL('fork-pull-requests.yml', dir), 'utf8')) as Workflow;
    expect(Object.keys(wf.on)).toEqual(['pull_request_target']);
    const jobs = Object.values(wf.jobs);
    for (const j of jobs) expect(String(j['runs-on'])).toMatch(/^ubuntu-/);
    const steps = jobs.flatMap((j) => j.steps);
    // only our action and a plain checkout (of the base: no ref)
    expect(steps.map((s) => s.uses?.replace(/@.*/, '') ?? 'run')).toEqual(['actions/checkout', 'transfer-risk/transfer-risk']);
    expect(steps[0]!.with?.ref).toBeUndefined();
    expect(steps.some((s) => s.run !== undefined)).toBe(false);
    expect(steps[1]!.with?.['check-run']).toBe(true);
  });

  it("self-hosted runners never get a fork: their jobs run only for this repository's own pull requests, or on the bot's dispatch", () => {
    for (const name of mine) {
      const wf = parse(readFileSync(new URL(name, dir), 'utf8')) as Workflow;
      for (const j of Object.values(wf.jobs)) {
        if (!JSON.stringify(j['runs-on']).includes('self-hosted')) continue;
        const dispatchOnly = Object.keys(wf.on).join() === 'workflow_dispatch';
        if (!dispatchOnly) expect(j.if).toBe('github.event.pull_request.head.repo.full_name == github.repository');
        // and no step checks out the pull request's head: the action reads it as git objects
        for (const s of j.steps.filter((x) => x.uses?.startsWith('actions/checkout'))) expect(String(s.with?.ref ?? '')).not.toMatch(/head|pull/);
      }
    }
  });

  it('the GPU example runs on ONNX Runtime CUDA (the default GPU engine): installs the CUDA provider of the pinned onnxruntime-node outside the checkout', () => {
    const pinned = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> }).dependencies[
      'onnxruntime-node'
    ]!.replace(/^[\^~]/, '');
    const wf = parse(readFileSync(new URL('self-hosted-gpu.yml', dir), 'utf8')) as Workflow;
    const steps = Object.values(wf.jobs).flatMap((j) => j.steps);
    const risk = steps.find((s) => s.uses?.includes('/transfer-risk@'))!;
    expect(risk.with?.backend).toBe('onnx-cuda');
    const run = steps.map((s) => s.run ?? '').join('\n');
    expect(run).toContain(`ONNXRUNTIME_NODE_INSTALL=cuda12 npm install --prefix "$ORT_NATIVE_DIR" --no-audit --no-fund onnxruntime-node@${pinned}`);
    expect(run).toContain('cd "$ORT_NATIVE_DIR"');
    expect(run).toContain('NODE_PATH=$dir/node_modules');
    // TensorFlow.js on the GPU is only a commented alternative
    expect(run).not.toContain('tfjs-node-gpu');
  });
});
