/**
 * runAction against an in-memory GitHub served through nock (test/github/fake-github.ts): complete REST
 * answers, 422 for bodies GitHub's OpenAPI description rejects, 403 for a check run another app created,
 * every exchange checked against the description after each test. analyze() is replaced by a stub that
 * returns a report of the requested level.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import type { AnalyzeOptions, AnalyzeResult } from '../../src/analyze.js';
import { runAction, type ActionDeps } from '../../src/action/run.js';
import type { CacheService } from '../../src/action/cache.js';
import { defaultConfig } from '../../src/data/config.js';
import { UserError } from '../../src/errors.js';
import { COMMENT_MARKER } from '../../src/github/sticky-comment.js';
import type { FailOn, Level, Report } from '../../src/contracts/index.js';
import { FakeGitHub } from '../github/fake-github.js';
import { serveWithNock } from '../github/serve.js';
import { GITHUB_ACTIONS_APP_ID } from '../github/strict-fetch.js';
import { API, recordingLogger, testOctokit } from '../github/helpers.js';
import { webhookExample, type Payload } from './webhook-examples.js';

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' },
  }).trim();

const BLOB = 'https://blob.artifacts.test';
const BOT_APP = 123;
const OWNER = 'Codertocat';
const REPO = 'Hello-World';

let repo: string;
/** a second work tree of the same repository with the base commit checked out (pull_request_target's checkout) */
let baseCheckout: string;
let base: string;
let head: string;
let gh: FakeGitHub;
const fixture = JSON.parse(readFileSync(new URL('../fixtures/report/one-dataset.json', import.meta.url), 'utf8')) as Report;

beforeAll(() => {
  repo = mkdtempSync(path.join(os.tmpdir(), 'tr-run-'));
  git(repo, 'init', '-q', '-b', 'main');
  execFileSync('mkdir', ['-p', path.join(repo, '.github'), path.join(repo, 'data')]);
  writeFileSync(path.join(repo, '.github/transfer-risk.yml'), 'datasets:\n  - name: parts\n    paths: ["data/**"]\npretrained:\n  model: builtin:default\n');
  writeFileSync(path.join(repo, 'data/a.txt'), 'a');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'base');
  base = git(repo, 'rev-parse', 'HEAD');
  writeFileSync(path.join(repo, 'data/a.txt'), 'b');
  git(repo, 'commit', '-q', '-am', 'head');
  head = git(repo, 'rev-parse', 'HEAD');
  baseCheckout = path.join(mkdtempSync(path.join(os.tmpdir(), 'tr-run-base-')), 'ws');
  git(repo, 'worktree', 'add', '-q', '--detach', baseCheckout, base);
});

beforeEach(() => {
  nock.disableNetConnect();
  gh = new FakeGitHub({
    owner: OWNER,
    repo: REPO,
    blobOrigin: BLOB,
    apiUrl: API,
    tokenApps: { ghs_test_token: GITHUB_ACTIONS_APP_ID },
    apps: { [GITHUB_ACTIONS_APP_ID]: 'github-actions' },
  });
  gh.pulls.set(2, { number: 2, headSha: head, baseSha: base, changedFiles: 1 });
  gh.files.set(2, [{ filename: 'data/a.txt', status: 'modified' }]);
  serveWithNock(gh, API, BLOB);
});

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
  expect(gh.problems()).toEqual([]);
  // the action never modified a check run it did not create
  expect(gh.refusedUpdates).toEqual([]);
});

function report(level: Level): Report {
  const r = JSON.parse(JSON.stringify(fixture)) as Report;
  // a consistent verdict: data-drift at `level`, the other scenarios low
  r.risk.level = level;
  for (const sc of r.risk.scenarios) sc.level = sc.id === 'data-drift' ? level : 'low';
  r.meta = { backend: 'cpu' };
  r.head.sha = head;
  r.base.sha = base;
  return r;
}

interface Harness {
  deps: Partial<ActionDeps>;
  outputs: Record<string, string>;
  failed: string[];
  summaries: Array<{ report: Report; opts?: { runUrl?: string; reportUrl?: string } }>;
  plain: string[];
  analyzeCalls: AnalyzeOptions[];
  uploads: Array<{ name: string; files: string[]; contents: string[] }>;
  log: ReturnType<typeof recordingLogger>;
}

function harness(opts: {
  event: Record<string, unknown>;
  eventName?: string;
  inputs?: Record<string, string>;
  level?: Level;
  touched?: boolean;
  configFailOn?: FailOn;
  analyzeError?: Error;
  cacheService?: CacheService;
  workspace?: string;
}): Harness {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tr-run-env-'));
  const eventPath = path.join(dir, 'event.json');
  writeFileSync(eventPath, JSON.stringify(opts.event));
  const env: NodeJS.ProcessEnv = {
    GITHUB_EVENT_NAME: opts.eventName ?? 'pull_request',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_WORKSPACE: opts.workspace ?? repo,
    GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
    GITHUB_SERVER_URL: 'https://github.test',
    GITHUB_RUN_ID: '42',
    RUNNER_TEMP: dir,
    'INPUT_GITHUB-TOKEN': 'ghs_test_token',
    INPUT_CACHE: 'false',
    ...Object.fromEntries(Object.entries(opts.inputs ?? {}).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
  };
  const h: Harness = { deps: {}, outputs: {}, failed: [], summaries: [], plain: [], analyzeCalls: [], uploads: [], log: recordingLogger() };
  h.deps = {
    env,
    log: h.log,
    octokit: () => testOctokit(h.log),
    analyze: async (o: AnalyzeOptions): Promise<AnalyzeResult> => {
      h.analyzeCalls.push(o);
      if (opts.analyzeError) throw opts.analyzeError;
      const config = { ...defaultConfig(), failOn: opts.configFailOn ?? 'high' };
      const touched = opts.touched ?? true;
      const r = report(opts.level ?? 'low');
      if (!touched) r.datasets = [];
      return { report: r, config, touched };
    },
    writeJobSummary: async (report, o) => {
      h.summaries.push({ report, opts: o });
    },
    appendSummary: async (md) => {
      h.plain.push(md);
    },
    setOutput: (n, v) => {
      h.outputs[n] = v;
    },
    setFailed: (m) => {
      h.failed.push(m);
    },
    artifactUploader: {
      uploadArtifact: async (name, files) => {
        h.uploads.push({ name, files, contents: files.map((f) => readFileSync(f, 'utf8')) });
        return { id: 77 };
      },
    },
    ...(opts.cacheService ? { cacheService: opts.cacheService } : {}),
  };
  return h;
}

function prEvent(action = 'opened', mutate?: (p: Payload) => void): Payload {
  const p = webhookExample('pull_request', action);
  p.pull_request.base.sha = base;
  p.pull_request.head.sha = head;
  mutate?.(p);
  return p;
}

/** The bot's dispatch, in this repository. */
function botDispatch(checkRunId = 555): Payload {
  const event = webhookExample('workflow_dispatch');
  event.repository = webhookExample('pull_request', 'opened').repository;
  event.inputs = { pr: '2', 'base-sha': base, 'head-sha': head, 'check-run-id': String(checkRunId) };
  return event;
}

const ourComments = () => gh.comments.filter((c) => c.login === 'github-actions[bot]');

describe('runAction on pull_request', () => {
  it('analyzes PR head vs base with the API file list, comments, summarizes, sets outputs and passes below fail-on', async () => {
    const h = harness({ event: prEvent(), level: 'medium', inputs: { backend: 'wasm', 'sample-size': '30' } });
    h.deps.artifactUploader = undefined;
    const out = await runAction(h.deps);
    expect(h.analyzeCalls).toHaveLength(1);
    expect(h.analyzeCalls[0]).toMatchObject({
      repo,
      base,
      head,
      configPath: '.github/transfer-risk.yml',
      changedPaths: [{ status: 'modified', path: 'data/a.txt' }],
      sampleSize: 30,
      backend: 'wasm',
      cacheDir: undefined,
    });
    expect(ourComments()).toHaveLength(1);
    const body = ourComments()[0]!.body;
    expect(body.startsWith(COMMENT_MARKER)).toBe(true);
    expect(body).toContain('https://github.test/Codertocat/Hello-World/actions/runs/42');
    const url = `https://github.com/o/r/pull/1#issuecomment-${ourComments()[0]!.id}`;
    expect(h.outputs).toEqual({
      'risk-level': 'medium',
      'report-path': path.join(h.deps.env!.RUNNER_TEMP!, 'transfer-risk-report', 'report.json'),
      'comment-url': url,
    });
    expect(existsSync(h.outputs['report-path']!)).toBe(true);
    expect(JSON.parse(readFileSync(h.outputs['report-path']!, 'utf8')).meta.runUrl).toBe('https://github.test/Codertocat/Hello-World/actions/runs/42');
    expect(h.summaries).toHaveLength(1);
    expect(h.failed).toEqual([]);
    expect(out).toMatchObject({ status: 'analyzed', riskLevel: 'medium', commentUrl: url });
    expect(h.log.lines.some((l) => /artifact storage is not available/.test(l))).toBe(true);
    // no check run unless asked for
    expect(gh.checks).toEqual([]);
  });

  it('fails the step AFTER posting when fail-on is reached (input tightens the policy)', async () => {
    const old = gh.addComment({ body: `${COMMENT_MARKER}\nold`, login: 'github-actions[bot]', issue: 2 });
    const h = harness({ event: prEvent('synchronize'), level: 'medium', configFailOn: 'high', inputs: { 'fail-on': 'medium' } });
    const order: string[] = [];
    const setFailed = h.deps.setFailed!;
    h.deps.setFailed = (m) => {
      order.push(`failed; comment ${ourComments()[0]!.body.includes('old') ? 'old' : 'updated'}`);
      setFailed(m);
    };
    const out = await runAction(h.deps);
    expect(order).toEqual(['failed; comment updated']);
    expect(ourComments().map((c) => c.id)).toEqual([old.id]);
    expect(h.failed).toEqual([`transfer-learning risk is medium, at or above fail-on: medium (see https://github.com/o/r/pull/1#issuecomment-${old.id})`]);
    expect(h.analyzeCalls[0]!.failOn).toBe('medium');
    expect(out.status).toBe('analyzed');
    expect(h.outputs['risk-level']).toBe('medium');
  });

  it('a looser fail-on input cannot relax the repository policy', async () => {
    const h = harness({ event: prEvent(), level: 'medium', configFailOn: 'medium', inputs: { 'fail-on': 'high' } });
    await runAction(h.deps);
    expect(h.failed).toHaveLength(1);
    expect(h.failed[0]).toMatch(/^transfer-learning risk is medium, at or above fail-on: medium/);
    expect(h.log.lines.some((l) => /looser than the repository's policy \(medium\)/.test(l))).toBe(true);
  });

  it('comment: false posts nothing', async () => {
    const h = harness({ event: prEvent(), level: 'high', configFailOn: 'none', inputs: { comment: 'false' } });
    await runAction(h.deps);
    expect(gh.requests('GET', /comments/)).toEqual([]);
    expect(gh.comments).toEqual([]);
    expect(h.outputs['comment-url']).toBe('');
    expect(h.failed).toEqual([]);
  });

  it('403 on the comment: the step fails with one clear line, after outputs and summary', async () => {
    const handle = gh.handle.bind(gh);
    gh.handle = async (req) =>
      req.method === 'POST' && req.path.endsWith('/comments')
        ? { status: 403, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: 'Resource not accessible by integration' }) }
        : handle(req);
    const h = harness({ event: prEvent(), level: 'low' });
    const out = await runAction(h.deps);
    expect(h.failed).toEqual(['cannot comment (Codertocat/Hello-World#2): the token lacks pull-requests: write (403): Resource not accessible by integration']);
    expect(h.summaries).toHaveLength(1);
    expect(h.outputs['risk-level']).toBe('low');
    expect(out.failure).toMatch(/403/);
  });

  it.each([
    ['from a fork', (p: Payload) => (p.pull_request.head.repo.full_name = 'fork/Hello-World')],
    ['from a deleted fork (head.repo null)', (p: Payload) => (p.pull_request.head.repo = null)],
  ])('403 on the comment of a PR %s: a warning, not a failed step', async (_label, mutate) => {
    const handle = gh.handle.bind(gh);
    gh.handle = async (req) =>
      req.method === 'POST' && req.path.endsWith('/comments')
        ? { status: 403, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: 'Resource not accessible by integration' }) }
        : handle(req);
    const h = harness({ event: prEvent('opened', mutate), level: 'low' });
    await runAction(h.deps);
    expect(h.failed).toEqual([]);
    expect(h.log.lines.some((l) => l.startsWith('warn: cannot comment') && l.includes('pull_request_target'))).toBe(true);
  });

  it('falls back to git diff (no changedPaths) when the API cannot list files', async () => {
    gh.files.delete(2);
    const h = harness({ event: prEvent(), inputs: { comment: 'false' } });
    await runAction(h.deps);
    expect(h.analyzeCalls[0]!.changedPaths).toBeUndefined();
  });

  it('uploads the artifact through the injected uploader and links it in the comment', async () => {
    const h = harness({ event: prEvent() });
    await runAction(h.deps);
    expect(h.uploads).toHaveLength(1);
    expect(h.uploads[0]!.name).toBe('transfer-risk-report');
    expect(h.uploads[0]!.files.map((f) => path.basename(f))).toEqual(['report.json', 'comment.md', 'report.html']);
    expect(ourComments()[0]!.body).toContain('https://github.test/Codertocat/Hello-World/actions/runs/42/artifacts/77');
    expect(h.summaries[0]!.opts?.reportUrl).toBe('https://github.test/Codertocat/Hello-World/actions/runs/42/artifacts/77');
  });
});

describe("runAction on the bot's dispatch: the bot owns the comment and the check run", () => {
  it('a high-risk report at fail-on: the run succeeds (the verdict is the check), no comment, the artifact is uploaded', async () => {
    const check = gh.addCheck({ id: 555, head_sha: head, app: BOT_APP, status: 'in_progress', external_id: 'pr' });
    const h = harness({
      event: botDispatch(),
      eventName: 'workflow_dispatch',
      level: 'high',
      configFailOn: 'high',
      inputs: { comment: 'true', 'check-run': 'true' },
    });
    const out = await runAction(h.deps);
    expect(h.failed).toEqual([]);
    expect(out).toMatchObject({ status: 'analyzed', riskLevel: 'high' });
    expect(h.uploads.map((u) => u.files.map((f) => path.basename(f)))).toEqual([['report.json', 'comment.md', 'report.html']]);
    expect(JSON.parse(h.uploads[0]!.contents[0]!).risk.level).toBe('high');
    expect(gh.comments).toEqual([]);
    // the bot's check run is never touched, and the action creates none of its own here
    expect(gh.requests('PATCH', /check-runs/)).toEqual([]);
    expect(gh.requests('POST', /check-runs/)).toEqual([]);
    expect(check.updates).toEqual([]);
    expect(h.log.lines).toContain("info: risk high reaches fail-on high: the bot's check carries the failure");
  });

  it('no dataset changes: a status.json artifact says so; the check run is left to the bot', async () => {
    const check = gh.addCheck({ id: 555, head_sha: head, app: BOT_APP, status: 'in_progress', external_id: 'pr' });
    gh.files.set(2, [{ filename: 'README.md', status: 'modified' }]);
    const h = harness({ event: botDispatch(), eventName: 'workflow_dispatch', touched: false, inputs: { comment: 'false' } });
    const out = await runAction(h.deps);
    expect(out.status).toBe('no-changes');
    expect(h.uploads).toHaveLength(1);
    expect(h.uploads[0]!.files.map((f) => path.basename(f))).toEqual(['status.json']);
    expect(JSON.parse(h.uploads[0]!.contents[0]!)).toEqual({ schemaVersion: 1, status: 'no-changes', base: { sha: base }, head: { sha: head } });
    expect(gh.requests('PATCH', /check-runs/)).toEqual([]);
    expect(check.updates).toEqual([]);
    expect(h.outputs).toEqual({ 'risk-level': 'none', 'report-path': '', 'comment-url': '' });
    expect(h.plain.join('')).toContain('no dataset changes');
    expect(h.failed).toEqual([]);
  });

  it('the pull request head checked out in the workspace: a warning (nothing needs it)', async () => {
    const h = harness({ event: botDispatch(), eventName: 'workflow_dispatch', inputs: { comment: 'false' } });
    await runAction(h.deps);
    expect(h.failed).toEqual([]);
    expect(h.log.lines.some((l) => l.startsWith("warn: the workspace has the pull request's head"))).toBe(true);
    const clean = harness({ event: botDispatch(), eventName: 'workflow_dispatch', inputs: { comment: 'false' }, workspace: baseCheckout });
    await runAction(clean.deps);
    expect(clean.log.lines.some((l) => l.includes("the workspace has the pull request's head"))).toBe(false);
  });
});

describe('runAction: its own check run (check-run: true)', () => {
  it('created in progress with its token and completed by the same token with the verdict (failure at fail-on)', async () => {
    const h = harness({ event: prEvent(), level: 'high', configFailOn: 'high', inputs: { 'check-run': 'true' } });
    await runAction(h.deps);
    expect(gh.checks).toHaveLength(1);
    const c = gh.checks[0]!;
    expect(c).toMatchObject({ app: GITHUB_ACTIONS_APP_ID, head_sha: head, status: 'completed', conclusion: 'failure', external_id: 'action:42:1' });
    expect(c.updates[0]).toMatchObject({ status: 'in_progress' });
    expect(c.output.title).toMatch(/high/i);
    expect(h.failed).toHaveLength(1);
  });

  it('no dataset changes: neutral', async () => {
    const h = harness({ event: prEvent(), touched: false, inputs: { 'check-run': 'true' } });
    await runAction(h.deps);
    expect(gh.checks[0]).toMatchObject({ status: 'completed', conclusion: 'neutral', output: { title: 'No dataset changes' } });
  });

  it('an analysis error: failure, with the reason', async () => {
    const h = harness({ event: prEvent(), analyzeError: new UserError('data/x.csv:3: not a number'), inputs: { 'check-run': 'true' } });
    await runAction(h.deps);
    expect(gh.checks[0]).toMatchObject({ status: 'completed', conclusion: 'failure', output: { summary: 'data/x.csv:3: not a number' } });
    expect(h.failed).toEqual(['data/x.csv:3: not a number']);
  });

  it('a token without checks: write: one warning, the job status carries the verdict', async () => {
    const handle = gh.handle.bind(gh);
    gh.handle = async (req) =>
      req.method === 'POST' && req.path.endsWith('/check-runs')
        ? { status: 403, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: 'Resource not accessible by integration' }) }
        : handle(req);
    const h = harness({ event: prEvent(), level: 'high', inputs: { 'check-run': 'true' } });
    await runAction(h.deps);
    expect(gh.checks).toEqual([]);
    expect(h.log.lines).toContain(
      "warn: cannot update the check run: the token lacks checks: write (403): Resource not accessible by integration; the job's status carries the verdict instead",
    );
    expect(h.failed).toHaveLength(1);
  });
});

describe('runAction on pull_request_target (forks: the base workflow with a write token)', () => {
  const forkPr = (p: Payload) => (p.pull_request.head.repo.full_name = 'mallory/Hello-World');

  it('the base branch checked out: analyzes the pull request from git objects and comments', async () => {
    const h = harness({ event: prEvent('opened', forkPr), eventName: 'pull_request_target', workspace: baseCheckout, level: 'low' });
    const out = await runAction(h.deps);
    expect(h.failed).toEqual([]);
    expect(out.status).toBe('analyzed');
    expect(h.analyzeCalls[0]).toMatchObject({ repo: baseCheckout, base, head });
    expect(ourComments()).toHaveLength(1);
  });

  it("a fork's head checked out next to the write token: refused before anything is read", async () => {
    const h = harness({ event: prEvent('opened', forkPr), eventName: 'pull_request_target', workspace: repo });
    const out = await runAction(h.deps);
    expect(out.status).toBe('failed');
    expect(h.failed[0]).toMatch(/^the workspace has the pull request's head [0-9a-f]{7} \(or a merge with it\) checked out on pull_request_target/);
    expect(h.analyzeCalls).toEqual([]);
    expect(gh.comments).toEqual([]);
  });
});

describe('runAction: other paths', () => {
  it('skips pull_request.closed without analyzing', async () => {
    const h = harness({ event: prEvent('closed') });
    const out = await runAction(h.deps);
    expect(out.status).toBe('skipped');
    expect(h.analyzeCalls).toHaveLength(0);
    expect(h.outputs['risk-level']).toBe('none');
  });

  it('no dataset changes any more: our earlier verdict comment is updated, none is created', async () => {
    gh.files.set(2, [{ filename: 'README.md', status: 'modified' }]);
    const old = gh.addComment({ body: `${COMMENT_MARKER}\nold verdict: high`, login: 'github-actions[bot]', issue: 2 });
    const h = harness({ event: prEvent('synchronize'), touched: false });
    const out = await runAction(h.deps);
    const url = `https://github.com/o/r/pull/1#issuecomment-${old.id}`;
    expect(out).toMatchObject({ status: 'no-changes', commentUrl: url });
    expect(gh.comments).toHaveLength(1);
    expect(gh.comments[0]!.body).toContain(`As of ${head.slice(0, 7)} this pull request changes no dataset`);
    expect(gh.comments[0]!.body.startsWith(COMMENT_MARKER)).toBe(true);
    expect(h.outputs).toEqual({ 'risk-level': 'none', 'report-path': '', 'comment-url': url });

    // and without an earlier comment nothing is posted
    gh.comments.length = 0;
    const h2 = harness({ event: prEvent('synchronize'), touched: false });
    await runAction(h2.deps);
    expect(gh.comments).toEqual([]);
    expect(h2.outputs['comment-url']).toBe('');
    expect(h2.failed).toEqual([]);
  });

  it('the job summary is written on failures and skips too', async () => {
    const h = harness({ event: prEvent(), inputs: { backend: '<b>' } });
    await runAction(h.deps);
    expect(h.plain).toEqual([
      '### transfer-risk\n\n:x: input backend must be one of auto, onnx-cuda, onnx, tensorflow-gpu, tensorflow, wasm, cpu, got "&lt;b&gt;"\n',
    ]);
    const skipped = harness({ event: prEvent('labeled') });
    await runAction(skipped.deps);
    expect(skipped.plain[0]).toMatch(/nothing to do for pull_request.labeled/);
  });

  it('manual dispatch compares the given refs with git diff (no API file list)', async () => {
    const event = webhookExample('workflow_dispatch');
    event.inputs = { base: 'main~1', head: 'main' };
    const h = harness({ event, eventName: 'workflow_dispatch' });
    await runAction(h.deps);
    expect(h.analyzeCalls[0]).toMatchObject({ base, head });
    expect(h.analyzeCalls[0]!.changedPaths).toBeUndefined();
    expect(h.outputs['comment-url']).toBe('');
  });

  it('an analysis UserError becomes one setFailed line', async () => {
    const h = harness({ event: prEvent(), analyzeError: new UserError('.github/transfer-risk.yml:3: datasets[0].paths is required') });
    const out = await runAction(h.deps);
    expect(h.failed).toEqual(['.github/transfer-risk.yml:3: datasets[0].paths is required']);
    expect(out.status).toBe('failed');
  });

  it('an unexpected error is prefixed and still one line', async () => {
    const h = harness({ event: prEvent(), analyzeError: new TypeError('x is not a function\n    at foo (bar.js:1:1)') });
    await runAction(h.deps);
    expect(h.failed).toEqual(['transfer-risk failed: x is not a function']);
  });

  it('a bad input fails before any work', async () => {
    const h = harness({ event: prEvent(), inputs: { backend: 'cuda' } });
    await runAction(h.deps);
    expect(h.failed).toEqual(['input backend must be one of auto, onnx-cuda, onnx, tensorflow-gpu, tensorflow, wasm, cpu, got "cuda"']);
    expect(h.analyzeCalls).toHaveLength(0);
  });

  it('restores and saves the embedding cache when the service is there', async () => {
    const calls: string[] = [];
    const svc: CacheService = {
      isFeatureAvailable: () => true,
      restoreCache: async (paths, key, restore) => {
        calls.push(`restore ${key} [${restore?.join(',')}]`);
        return undefined;
      },
      saveCache: async (paths, key) => {
        calls.push(`save ${key}`);
        return 1;
      },
    };
    const h = harness({ event: prEvent(), inputs: { cache: 'true' }, cacheService: svc });
    const analyze = h.deps.analyze!;
    h.deps.analyze = async (o) => {
      // the embedder would write here
      execFileSync('mkdir', ['-p', o.cacheDir!]);
      writeFileSync(path.join(o.cacheDir!, 'entry.bin'), 'x');
      return analyze(o);
    };
    await runAction(h.deps);
    expect(h.analyzeCalls[0]!.cacheDir).toBe(path.join(h.deps.env!.RUNNER_TEMP!, 'transfer-risk-cache'));
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatch(new RegExp(`^restore transfer-risk-embeddings-v1-.*builtin_default.*-${head} \\[`));
    expect(calls[1]).toMatch(new RegExp(`^save transfer-risk-embeddings-v1-.*-${head}$`));
  });
});

describe('runAction in publish mode (report input)', () => {
  function writeReport(dir: string, mutate: (r: Report) => void): string {
    const r = report('high');
    r.meta = { backend: 'cpu', failOn: 'high', pr: 2, runUrl: 'https://evil.example/phish', reportUrl: 'https://evil.example/report' };
    mutate(r);
    const file = path.join(dir, 'report.json');
    writeFileSync(file, JSON.stringify(r));
    return file;
  }

  /** workflow_run.completed of an analysis run in this repository (a same-repository pull request) */
  function runEvent(mutate?: (e: Payload) => void): Payload {
    const e = webhookExample('workflow_run', 'completed');
    e.workflow_run.head_sha = head;
    e.workflow_run.pull_requests = [];
    e.workflow_run.id = 31337;
    mutate?.(e);
    return e;
  }

  it('on pull_request (a sharded merge): comments and applies fail-on', async () => {
    const h = harness({ event: prEvent() });
    h.deps.env!.INPUT_REPORT = writeReport(h.deps.env!.RUNNER_TEMP!, () => {});
    await runAction(h.deps);
    expect(h.analyzeCalls).toHaveLength(0);
    expect(h.outputs['risk-level']).toBe('high');
    expect(h.failed).toHaveLength(1);
    expect(h.failed[0]).toMatch(/^transfer-learning risk is high, at or above fail-on: high/);
  });

  it('workflow_run of a same-repository run: verifies the PR head, comments with our own links; the verdict stays with the analysis run', async () => {
    const h = harness({ event: runEvent(), eventName: 'workflow_run' });
    h.deps.env!.INPUT_REPORT = writeReport(h.deps.env!.RUNNER_TEMP!, () => {});
    const out = await runAction(h.deps);
    expect(h.analyzeCalls).toHaveLength(0);
    const body = ourComments()[0]!.body;
    expect(body).toContain('https://github.test/Codertocat/Hello-World/actions/runs/31337');
    expect(body).not.toContain('evil.example');
    expect(h.outputs).toMatchObject({ 'risk-level': 'high' });
    expect(h.failed).toEqual([]);
    expect(h.log.lines).toContain('info: risk high reaches fail-on high: the analysis run carries the failure');
    expect(out.status).toBe('analyzed');
  });

  it("workflow_run of a fork's run: refused (that run's workflow file was the fork's own)", async () => {
    const h = harness({
      event: runEvent((e) => (e.workflow_run.head_repository = { ...e.workflow_run.head_repository, full_name: 'mallory/octo-repo' })),
      eventName: 'workflow_run',
    });
    h.deps.env!.INPUT_REPORT = writeReport(h.deps.env!.RUNNER_TEMP!, () => {});
    const out = await runAction(h.deps);
    expect(out.status).toBe('failed');
    expect(h.failed[0]).toMatch(/^workflow run 31337 ran for a fork's pull request/);
    expect(gh.comments).toEqual([]);
  });

  it('a report for another commit than the run is refused', async () => {
    const h = harness({ event: runEvent(), eventName: 'workflow_run' });
    h.deps.env!.INPUT_REPORT = writeReport(h.deps.env!.RUNNER_TEMP!, (r) => (r.head.sha = 'e'.repeat(40)));
    await runAction(h.deps);
    expect(h.failed).toHaveLength(1);
    expect(h.failed[0]).toMatch(/report\.json is a report for eeeeeee, but the workflow run is for [0-9a-f]{7}$/);
  });

  it('a pull request that moved on (or a forged number) gets no comment', async () => {
    gh.pulls.set(2, { number: 2, headSha: 'f'.repeat(40), baseSha: base });
    const h = harness({ event: runEvent(), eventName: 'workflow_run' });
    h.deps.env!.INPUT_REPORT = writeReport(h.deps.env!.RUNNER_TEMP!, (r) => (r.meta.failOn = 'none'));
    await runAction(h.deps);
    expect(gh.requests('GET', /comments/)).toEqual([]);
    expect(h.outputs['comment-url']).toBe('');
    expect(h.failed).toEqual([]);
    expect(h.log.lines.some((l) => /pull request #2 is at fffffff/.test(l))).toBe(true);
  });

  it('workflow_run without the report input: one clear line', async () => {
    const h = harness({ event: runEvent(), eventName: 'workflow_run' });
    await runAction(h.deps);
    expect(h.failed[0]).toMatch(/^on workflow_run, set the report input/);
  });

  it('an invalid report file is refused with the schema problem', async () => {
    const h = harness({ event: runEvent(), eventName: 'workflow_run' });
    const file = path.join(h.deps.env!.RUNNER_TEMP!, 'bad.json');
    writeFileSync(file, JSON.stringify({ schemaVersion: 1 }));
    h.deps.env!.INPUT_REPORT = file;
    await runAction(h.deps);
    expect(h.failed).toHaveLength(1);
    expect(h.failed[0]).toContain('bad.json');
  });
});
