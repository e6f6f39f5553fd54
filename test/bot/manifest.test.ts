/* eslint-disable @typescript-eslint/no-explicit-any -- webhook payloads and API bodies are free-form JSON */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const read = (p: string) => parse(readFileSync(new URL(`../../${p}`, import.meta.url), 'utf8')) as Record<string, any>;

describe('app.yml', () => {
  it('asks for the permissions of issue 8 and subscribes to the five events (both "Re-run" buttons included)', () => {
    const app = read('app.yml');
    expect(app.default_permissions).toEqual({
      checks: 'write',
      pull_requests: 'write',
      issues: 'write',
      actions: 'write',
      contents: 'read',
      metadata: 'read',
    });
    expect([...app.default_events].sort()).toEqual(['check_run', 'check_suite', 'issue_comment', 'pull_request', 'workflow_run']);
  });
});

describe('examples/workflows/transfer-risk.yml', () => {
  it('takes the four inputs the bot dispatches and runs the action without commenting, never checking out the pull request', () => {
    const wf = read('examples/workflows/transfer-risk.yml');
    expect(Object.keys(wf.on.workflow_dispatch.inputs).sort()).toEqual(['base-sha', 'check-run-id', 'head-sha', 'pr']);
    const steps = wf.jobs.analyze.steps as Array<Record<string, any>>;
    const checkout = steps.find((s) => String(s.uses).startsWith('actions/checkout'));
    // the default branch: the action fetches base-sha and head-sha as git objects
    expect(checkout?.with?.ref).toBeUndefined();
    expect(steps.filter((s) => s.run !== undefined)).toEqual([]);
    const action = steps.find((s) => String(s.uses).includes('/transfer-risk@'));
    expect(action?.with.comment).toBe(false);
    expect(wf.permissions).not.toHaveProperty('contents', 'write');
  });
});
