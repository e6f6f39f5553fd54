import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { isSkipped, parseEvent, readEvent, type ActionEvent } from '../../src/action/event.js';
import { UserError } from '../../src/errors.js';
import { webhookExample } from './webhook-examples.js';

const BASE = 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e';
const HEAD = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';

function analyzed(e: ReturnType<typeof parseEvent>): ActionEvent {
  if (isSkipped(e)) throw new Error(`skipped: ${e.skip}`);
  return e;
}

describe('pull_request', () => {
  it.each(['opened', 'synchronize', 'reopened', 'ready_for_review'])('%s: base and head SHAs of the PR, not the merge commit', (action) => {
    const payload = webhookExample('pull_request', action);
    // GITHUB_SHA is the merge commit on pull_request: it must not be used as head
    const e = analyzed(parseEvent('pull_request', payload, { GITHUB_SHA: 'd'.repeat(40) }));
    expect(e).toMatchObject({
      kind: 'pull_request',
      name: `pull_request.${action}`,
      owner: 'Codertocat',
      repo: 'Hello-World',
      base: BASE,
      head: HEAD,
      pr: 2,
      baseRef: 'master',
      headRef: 'changes',
      changedFiles: 1,
      fork: false,
    });
  });

  it.each(['closed', 'labeled', 'assigned', 'converted_to_draft'])('%s: skipped with a reason', (action) => {
    const e = parseEvent('pull_request', webhookExample('pull_request', action));
    expect(isSkipped(e)).toBe(true);
    expect((e as { skip: string }).skip).toContain(`pull_request.${action}`);
  });

  it('notices a pull request from a fork', () => {
    const payload = webhookExample('pull_request', 'opened');
    payload.pull_request.head.repo.full_name = 'mallory/Hello-World';
    expect(analyzed(parseEvent('pull_request', payload)).fork).toBe(true);
  });

  it('rejects a payload whose head SHA is not a SHA', () => {
    const payload = webhookExample('pull_request', 'opened');
    payload.pull_request.head.sha = 'main';
    expect(() => parseEvent('pull_request', payload)).toThrow('pull_request.head.sha must be a full commit SHA (40 hex digits), got "main"');
  });

  it('a deleted fork (head.repo null) is a fork: its token is read-only too', () => {
    const payload = webhookExample('pull_request', 'opened');
    payload.pull_request.head.repo = null;
    expect(analyzed(parseEvent('pull_request', payload))).toMatchObject({ fork: true, head: HEAD, base: BASE });
  });

  it('the same repository in another case is not a fork', () => {
    const payload = webhookExample('pull_request', 'opened');
    payload.pull_request.head.repo.full_name = 'codertocat/hello-world';
    expect(analyzed(parseEvent('pull_request', payload)).fork).toBe(false);
  });

  it('pull_request_target: the same revisions, marked as the base workflow next to a write token', () => {
    const payload = webhookExample('pull_request', 'opened');
    payload.pull_request.head.repo.full_name = 'mallory/Hello-World';
    expect(analyzed(parseEvent('pull_request_target', payload))).toMatchObject({
      kind: 'pull_request',
      name: 'pull_request_target.opened',
      base: BASE,
      head: HEAD,
      pr: 2,
      fork: true,
      target: true,
    });
    expect(isSkipped(parseEvent('pull_request_target', webhookExample('pull_request', 'closed')))).toBe(true);
  });
});

describe('workflow_dispatch', () => {
  function dispatch(inputs: Record<string, unknown>) {
    const payload = webhookExample('workflow_dispatch');
    payload.inputs = inputs;
    return payload;
  }

  it('manual: base and head refs, optional pr', () => {
    const e = analyzed(parseEvent('workflow_dispatch', dispatch({ base: 'main', head: 'feature/new-camera', pr: '17' })));
    expect(e).toMatchObject({ kind: 'workflow_dispatch', owner: 'octo-org', repo: 'octo-repo', base: 'main', head: 'feature/new-camera', pr: 17 });
    expect(analyzed(parseEvent('workflow_dispatch', dispatch({ base: 'v1.0', head: HEAD }))).pr).toBeUndefined();
  });

  it("the bot's dispatch: pr, base-sha, head-sha, check-run-id", () => {
    const e = analyzed(parseEvent('workflow_dispatch', dispatch({ pr: '9', 'base-sha': BASE, 'head-sha': HEAD.toUpperCase(), 'check-run-id': '123456' })));
    expect(e).toEqual({
      kind: 'bot_dispatch',
      name: 'workflow_dispatch (bot)',
      owner: 'octo-org',
      repo: 'octo-repo',
      base: BASE,
      head: HEAD,
      pr: 9,
      checkRunId: 123456,
    });
  });

  it('rejects bad inputs with one clear line', () => {
    expect(() => parseEvent('workflow_dispatch', dispatch({ base: '--upload-pack=x', head: 'main' }))).toThrow(
      'workflow_dispatch input base is not a valid git ref or SHA: "--upload-pack=x"',
    );
    expect(() => parseEvent('workflow_dispatch', dispatch({ base: 'a..b', head: 'main' }))).toThrow(UserError);
    expect(() => parseEvent('workflow_dispatch', dispatch({ base: 'main', head: 'x', pr: 'abc' }))).toThrow(
      'workflow_dispatch input pr must be a positive integer, got "abc"',
    );
    expect(() => parseEvent('workflow_dispatch', dispatch({ 'base-sha': BASE, 'head-sha': 'abc123' }))).toThrow(/head-sha must be a full commit SHA/);
    expect(() => parseEvent('workflow_dispatch', dispatch({ 'base-sha': BASE, 'head-sha': HEAD, 'check-run-id': '-1' }))).toThrow(
      /check-run-id must be a positive integer/,
    );
    expect(() => parseEvent('workflow_dispatch', dispatch({}))).toThrow(/needs inputs base and head/);
  });

  it('takes the repository from GITHUB_REPOSITORY when the payload has none', () => {
    const e = analyzed(parseEvent('workflow_dispatch', { inputs: { base: 'main', head: 'dev' } }, { GITHUB_REPOSITORY: 'acme/datasets' }));
    expect([e.owner, e.repo]).toEqual(['acme', 'datasets']);
    expect(() => parseEvent('workflow_dispatch', { inputs: { base: 'main', head: 'dev' } }, {})).toThrow(/GITHUB_REPOSITORY/);
  });
});

describe('other events', () => {
  it('push is unsupported, clearly', () => {
    expect(() => parseEvent('push', webhookExample('push'))).toThrow(
      'unsupported event "push": transfer-risk runs on pull_request, pull_request_target and workflow_dispatch (and workflow_run to publish a report; see docs/action.md)',
    );
  });

  it('workflow_run: a run for a fork (another head repository) is marked', () => {
    const e = webhookExample('workflow_run', 'completed');
    expect(analyzed(parseEvent('workflow_run', e)).fork).toBe(false);
    e.workflow_run.head_repository = { ...e.workflow_run.head_repository, full_name: 'mallory/Hello-World' };
    expect(analyzed(parseEvent('workflow_run', e)).fork).toBe(true);
  });
});

describe('readEvent', () => {
  it('reads GITHUB_EVENT_NAME and GITHUB_EVENT_PATH', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tr-event-'));
    const file = path.join(dir, 'event.json');
    writeFileSync(file, JSON.stringify(webhookExample('pull_request', 'synchronize')));
    const e = analyzed(readEvent({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: file }));
    expect(e.head).toBe(HEAD);
  });

  it('an unreadable event file is one clear line', () => {
    expect(() => readEvent({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: '/nonexistent/event.json' })).toThrow(
      /^cannot read the event payload \/nonexistent\/event.json: ENOENT/,
    );
    expect(() => readEvent({ GITHUB_EVENT_NAME: 'pull_request' })).toThrow(/GITHUB_EVENT_PATH is not set/);
  });
});
