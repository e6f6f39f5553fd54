import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import type { AnalyzeOptions, AnalyzeResult } from '../../src/analyze.js';
import { runAction, type ActionDeps } from '../../src/action/run.js';
import type { CacheService } from '../../src/action/cache.js';
import { defaultConfig } from '../../src/data/config.js';
import { UserError } from '../../src/errors.js';
import { COMMENT_MARKER } from '../../src/github/sticky-comment.js';
import type { FailOn, Level, Report } from '../../src/contracts/index.js';
import { API, recordingLogger, testOctokit } from '../github/helpers.js';
import { webhookExample, type Payload } from './webhook-examples.js';

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } }).trim();

let repo: string;
let base: string;
let head: string;
const fixture = JSON.parse(readFileSync(new URL('../fixtures/report/one-dataset.json', import.meta.url), 'utf8')) as Report;

beforeAll(() => {
  nock.disableNetConnect();
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
});
afterEach(() => nock.cleanAll());

function report(level: Level): Report {
  const r = JSON.parse(JSON.stringify(fixture)) as Report;
  // a consistent verdict: data-drift at `level`, the other scenarios low
  r.risk.level = level;
  for (const sc of r.risk.scenarios) sc.level = sc.id === 'data-drift' ? level : 'low';
  r.meta = { backend: 'cpu' };
  return r;
}

interface Harness {
  deps: Partial<ActionDeps>;
  outputs: Record<string, string>;
  failed: string[];
  summaries: Array<{ report: Report; opts?: { runUrl?: string; reportUrl?: string } }>;
  plain: string[];
  analyzeCalls: AnalyzeOptions[];
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
}): Harness {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tr-run-env-'));
  const eventPath = path.join(dir, 'event.json');
  writeFileSync(eventPath, JSON.stringify(opts.event));
  const env: NodeJS.ProcessEnv = {
    GITHUB_EVENT_NAME: opts.eventName ?? 'pull_request',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_WORKSPACE: repo,
    GITHUB_REPOSITORY: 'Codertocat/Hello-World',
    GITHUB_SERVER_URL: 'https://github.test',
    GITHUB_RUN_ID: '42',
    RUNNER_TEMP: dir,
    'INPUT_GITHUB-TOKEN': 'ghs_token',
    INPUT_CACHE: 'false',
    ...Object.fromEntries(Object.entries(opts.inputs ?? {}).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
  };
  const h: Harness = { deps: {}, outputs: {}, failed: [], summaries: [], plain: [], analyzeCalls: [], log: recordingLogger() };
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

const FILES = '/repos/Codertocat/Hello-World/pulls/2/files';
const PULL = '/repos/Codertocat/Hello-World/pulls/2';
const COMMENTS = '/repos/Codertocat/Hello-World/issues/2/comments';

function apiForPr(listed = [{ filename: 'data/a.txt', status: 'modified' }]) {
  return nock(API).get(PULL).reply(200, { number: 2, head: { sha: head }, changed_files: listed.length }).get(FILES).query(true).reply(200, listed);
}

describe('runAction on pull_request', () => {
  it('analyzes PR head vs base with the API file list, comments, summarizes, sets outputs and passes below fail-on', async () => {
    let body = '';
    const scope = apiForPr()
      .get(COMMENTS)
      .query(true)
      .reply(200, [])
      .post(COMMENTS, (b: { body: string }) => {
        body = b.body;
        return true;
      })
      .reply(201, { id: 5, html_url: 'https://github.test/c/5' });
    const h = harness({ event: prEvent(), level: 'medium', inputs: { backend: 'wasm', 'sample-size': '30' } });
    const out = await runAction(h.deps);
    expect(scope.isDone()).toBe(true);
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
    expect(body.startsWith(COMMENT_MARKER)).toBe(true);
    expect(body).toContain('https://github.test/Codertocat/Hello-World/actions/runs/42');
    expect(h.outputs).toEqual({ 'risk-level': 'medium', 'report-path': path.join(h.deps.env!.RUNNER_TEMP!, 'transfer-risk-report', 'report.json'), 'comment-url': 'https://github.test/c/5' });
    expect(existsSync(h.outputs['report-path']!)).toBe(true);
    expect(JSON.parse(readFileSync(h.outputs['report-path']!, 'utf8')).meta.runUrl).toBe('https://github.test/Codertocat/Hello-World/actions/runs/42');
    expect(h.summaries).toHaveLength(1);
    expect(h.failed).toEqual([]);
    expect(out).toMatchObject({ status: 'analyzed', riskLevel: 'medium', commentUrl: 'https://github.test/c/5' });
    expect(h.log.lines.some((l) => /artifact storage is not available/.test(l))).toBe(true);
  });

  it('fails the step AFTER posting when fail-on is reached (input tightens the policy)', async () => {
    const order: string[] = [];
    const scope = apiForPr()
      .get(COMMENTS)
      .query(true)
      .reply(200, [{ id: 9, body: `${COMMENT_MARKER}\nold`, user: { login: 'github-actions[bot]', type: 'Bot' } }])
      .patch('/repos/Codertocat/Hello-World/issues/comments/9')
      .reply(200, () => {
        order.push('comment');
        return { id: 9, html_url: 'https://github.test/c/9' };
      });
    const h = harness({ event: prEvent('synchronize'), level: 'medium', configFailOn: 'high', inputs: { 'fail-on': 'medium' } });
    const setFailed = h.deps.setFailed!;
    h.deps.setFailed = (m) => {
      order.push('failed');
      setFailed(m);
    };
    const out = await runAction(h.deps);
    expect(scope.isDone()).toBe(true);
    expect(order).toEqual(['comment', 'failed']);
    expect(h.failed).toEqual(['transfer-learning risk is medium, at or above fail-on: medium (see https://github.test/c/9)']);
    expect(h.analyzeCalls[0]!.failOn).toBe('medium');
    expect(out.status).toBe('analyzed');
    expect(h.outputs['risk-level']).toBe('medium');
  });

  it('a looser fail-on input cannot relax the repository policy', async () => {
    apiForPr().get(COMMENTS).query(true).reply(200, []).post(COMMENTS).reply(201, { id: 1, html_url: 'u' });
    const h = harness({ event: prEvent(), level: 'medium', configFailOn: 'medium', inputs: { 'fail-on': 'high' } });
    await runAction(h.deps);
    expect(h.failed).toEqual(['transfer-learning risk is medium, at or above fail-on: medium (see u)']);
    expect(h.log.lines.some((l) => /looser than the repository's policy \(medium\)/.test(l))).toBe(true);
  });

  it('comment: false posts nothing', async () => {
    const scope = apiForPr();
    const h = harness({ event: prEvent(), level: 'high', configFailOn: 'none', inputs: { comment: 'false' } });
    await runAction(h.deps);
    expect(scope.isDone()).toBe(true); // no comment requests were made (they would not match)
    expect(h.outputs['comment-url']).toBe('');
    expect(h.failed).toEqual([]);
  });

  it('403 on the comment: the step fails with one clear line, after outputs and summary', async () => {
    apiForPr().get(COMMENTS).query(true).reply(200, []).post(COMMENTS).reply(403, { message: 'Resource not accessible by integration' });
    const h = harness({ event: prEvent(), level: 'low' });
    const out = await runAction(h.deps);
    expect(h.failed).toEqual(['cannot comment (Codertocat/Hello-World#2): the token lacks pull-requests: write (403): Resource not accessible by integration']);
    expect(h.summaries).toHaveLength(1);
    expect(h.outputs['risk-level']).toBe('low');
    expect(out.failure).toMatch(/403/);
  });

  it('403 on the comment of a fork PR: a warning pointing at the workflow_run pattern', async () => {
    apiForPr().get(COMMENTS).query(true).reply(200, []).post(COMMENTS).reply(403, { message: 'Resource not accessible by integration' });
    const h = harness({ event: prEvent('opened', (p) => (p.pull_request.head.repo.full_name = 'fork/Hello-World')), level: 'low' });
    await runAction(h.deps);
    expect(h.failed).toEqual([]);
    expect(h.log.lines.some((l) => l.startsWith('warn: cannot comment') && l.includes('workflow_run'))).toBe(true);
  });

  it('falls back to git diff (no changedPaths) when the API cannot list files', async () => {
    nock(API).get(PULL).reply(200, { number: 2, head: { sha: head }, changed_files: 1 }).get(FILES).query(true).reply(404, { message: 'Not Found' });
    const h = harness({ event: prEvent(), inputs: { comment: 'false' } });
    await runAction(h.deps);
    expect(h.analyzeCalls[0]!.changedPaths).toBeUndefined();
  });

  it('uploads the artifact through the injected uploader and links it in the comment', async () => {
    let body = '';
    apiForPr()
      .get(COMMENTS)
      .query(true)
      .reply(200, [])
      .post(COMMENTS, (b: { body: string }) => ((body = b.body), true))
      .reply(201, { id: 1, html_url: 'u' });
    const h = harness({ event: prEvent() });
    const uploads: Array<{ name: string; files: string[] }> = [];
    h.deps.artifactUploader = { uploadArtifact: async (name, files) => (uploads.push({ name, files }), { id: 77 }) };
    await runAction(h.deps);
    expect(uploads).toHaveLength(1);
    expect(uploads[0]!.name).toBe('transfer-risk-report');
    expect(uploads[0]!.files.map((f) => path.basename(f))).toEqual(['report.json', 'comment.md', 'report.html']);
    expect(body).toContain('https://github.test/Codertocat/Hello-World/actions/runs/42/artifacts/77');
    expect(h.summaries[0]!.opts?.reportUrl).toBe('https://github.test/Codertocat/Hello-World/actions/runs/42/artifacts/77');
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

  it("no dataset changes on the bot's dispatch: ends quickly and completes its check run as neutral", async () => {
    let patch: Payload = {};
    const event = webhookExample('workflow_dispatch');
    event.inputs = { pr: '2', 'base-sha': base, 'head-sha': head, 'check-run-id': '555' };
    // the dispatch's repository is octo-org/octo-repo; the pull request calls use it too
    const h = harness({ event, eventName: 'workflow_dispatch', touched: false, inputs: { comment: 'false' } });
    const scope2 = nock(API)
      .get('/repos/octo-org/octo-repo/pulls/2')
      .reply(200, { number: 2, head: { sha: head }, changed_files: 1 })
      .get('/repos/octo-org/octo-repo/pulls/2/files')
      .query(true)
      .reply(200, [{ filename: 'README.md', status: 'modified' }])
      .patch('/repos/octo-org/octo-repo/check-runs/555', (b: Payload) => ((patch = b), true))
      .reply(200, { id: 555 });
    const out = await runAction(h.deps);
    expect(scope2.isDone()).toBe(true);
    expect(out.status).toBe('no-changes');
    expect(patch).toMatchObject({ status: 'completed', conclusion: 'neutral', output: { title: 'No dataset changes' } });
    expect(h.outputs).toEqual({ 'risk-level': 'none', 'report-path': '', 'comment-url': '' });
    expect(h.plain.join('')).toContain('no dataset changes');
    expect(h.failed).toEqual([]);
  });

  it('no dataset changes and a token without checks: write: warns, does not fail', async () => {
    const event = webhookExample('workflow_dispatch');
    event.inputs = { pr: '2', 'base-sha': base, 'head-sha': head, 'check-run-id': '555' };
    const h = harness({ event, eventName: 'workflow_dispatch', touched: false, inputs: { comment: 'false' } });
    const scope = nock(API)
      .get('/repos/octo-org/octo-repo/pulls/2')
      .reply(200, { number: 2, head: { sha: head }, changed_files: 1 })
      .get('/repos/octo-org/octo-repo/pulls/2/files')
      .query(true)
      .reply(200, [{ filename: 'README.md', status: 'modified' }])
      .patch('/repos/octo-org/octo-repo/check-runs/555')
      .reply(403, { message: 'Resource not accessible by integration' });
    const out = await runAction(h.deps);
    expect(scope.isDone()).toBe(true);
    expect(out.status).toBe('no-changes');
    expect(h.failed).toEqual([]);
    expect(h.log.lines).toContain(
      'warn: cannot update the check run (check run 555): the token lacks checks: write (403): Resource not accessible by integration; the bot completes the check when this run ends',
    );
  });

  it('no dataset changes any more: our earlier verdict comment is updated, none is created', async () => {
    let patched = '';
    const scope = apiForPr([{ filename: 'README.md', status: 'modified' }])
      .get(COMMENTS)
      .query(true)
      .reply(200, [{ id: 12, body: `${COMMENT_MARKER}\nold verdict: high`, user: { login: 'github-actions[bot]', type: 'Bot' } }])
      .patch('/repos/Codertocat/Hello-World/issues/comments/12', (b: { body: string }) => ((patched = b.body), true))
      .reply(200, { id: 12, html_url: 'https://github.test/c/12' });
    const h = harness({ event: prEvent('synchronize'), touched: false });
    const out = await runAction(h.deps);
    expect(scope.isDone()).toBe(true);
    expect(out).toMatchObject({ status: 'no-changes', commentUrl: 'https://github.test/c/12' });
    expect(patched).toContain(`As of ${head.slice(0, 7)} this pull request changes no dataset`);
    expect(patched.startsWith(COMMENT_MARKER)).toBe(true);
    expect(h.outputs).toEqual({ 'risk-level': 'none', 'report-path': '', 'comment-url': 'https://github.test/c/12' });

    // and without an earlier comment nothing is posted
    const scope2 = apiForPr([{ filename: 'README.md', status: 'modified' }]).get(COMMENTS).query(true).reply(200, []);
    const h2 = harness({ event: prEvent('synchronize'), touched: false });
    await runAction(h2.deps);
    expect(scope2.isDone()).toBe(true); // a POST would not have matched
    expect(h2.outputs['comment-url']).toBe('');
    expect(h2.failed).toEqual([]);
  });

  it('the job summary is written on failures and skips too', async () => {
    const h = harness({ event: prEvent(), inputs: { backend: '<b>' } });
    await runAction(h.deps);
    expect(h.plain).toEqual(['### transfer-risk\n\n:x: input backend must be one of auto, onnx-cuda, onnx, tensorflow-gpu, tensorflow, wasm, cpu, got "&lt;b&gt;"\n']);
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
    nock(API).get(PULL).reply(200, { number: 2, head: { sha: head }, changed_files: 1 }).get(FILES).query(true).reply(200, []);
    const h = harness({ event: prEvent(), analyzeError: new UserError('.github/transfer-risk.yml:3: datasets[0].paths is required') });
    const out = await runAction(h.deps);
    expect(h.failed).toEqual(['.github/transfer-risk.yml:3: datasets[0].paths is required']);
    expect(out.status).toBe('failed');
  });

  it('an unexpected error is prefixed and still one line', async () => {
    nock(API).get(PULL).reply(200, { number: 2, head: { sha: head }, changed_files: 1 }).get(FILES).query(true).reply(200, []);
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
    apiForPr().get(COMMENTS).query(true).reply(200, []).post(COMMENTS).reply(201, { id: 1, html_url: 'u' });
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
  it('on pull_request (a sharded merge): comments and applies fail-on', async () => {
    apiForPrComments();
    const h = harness({ event: prEvent() });
    h.deps.env!.INPUT_REPORT = writeReport(h.deps.env!.RUNNER_TEMP!, () => {});
    await runAction(h.deps);
    expect(h.analyzeCalls).toHaveLength(0);
    expect(h.outputs['risk-level']).toBe('high');
    expect(h.failed).toEqual(['transfer-learning risk is high, at or above fail-on: high (see https://github.test/c/8)']);
  });

  function apiForPrComments() {
    return nock(API).get(COMMENTS).query(true).reply(200, []).post(COMMENTS).reply(201, { id: 8, html_url: 'https://github.test/c/8' });
  }

  function writeReport(dir: string, mutate: (r: Report) => void): string {
    const r = report('high');
    r.head.sha = head;
    r.base.sha = base;
    r.meta = { backend: 'cpu', failOn: 'high', pr: 2, runUrl: 'https://evil.example/phish', reportUrl: 'https://evil.example/report' };
    mutate(r);
    const file = path.join(dir, 'report.json');
    writeFileSync(file, JSON.stringify(r));
    return file;
  }

  function runEvent(): Payload {
    const e = webhookExample('workflow_run', 'completed');
    e.workflow_run.head_sha = head;
    e.workflow_run.pull_requests = []; // a fork's run lists no pull requests
    e.workflow_run.id = 31337;
    return e;
  }

  it('workflow_run from a fork: verifies the PR head, comments with our own links; the verdict stays with the analysis run', async () => {
    let body = '';
    const scope = nock(API)
      .get(PULL)
      .reply(200, { number: 2, head: { sha: head } })
      .get(COMMENTS)
      .query(true)
      .reply(200, [])
      .post(COMMENTS, (b: { body: string }) => ((body = b.body), true))
      .reply(201, { id: 4, html_url: 'https://github.test/c/4' });
    const h = harness({ event: runEvent(), eventName: 'workflow_run' });
    const file = writeReport(h.deps.env!.RUNNER_TEMP!, () => {});
    h.deps.env!.INPUT_REPORT = file;
    const out = await runAction(h.deps);
    expect(scope.isDone()).toBe(true);
    expect(h.analyzeCalls).toHaveLength(0);
    expect(body).toContain('https://github.test/Codertocat/Hello-World/actions/runs/31337');
    expect(body).not.toContain('evil.example');
    expect(h.outputs).toMatchObject({ 'risk-level': 'high', 'comment-url': 'https://github.test/c/4' });
    expect(h.failed).toEqual([]);
    expect(h.log.lines).toContain('info: risk high reaches fail-on high: the analysis run carries the failure');
    expect(out.status).toBe('analyzed');
  });

  it('a report for another commit than the run is refused', async () => {
    const h = harness({ event: runEvent(), eventName: 'workflow_run' });
    h.deps.env!.INPUT_REPORT = writeReport(h.deps.env!.RUNNER_TEMP!, (r) => (r.head.sha = 'e'.repeat(40)));
    await runAction(h.deps);
    expect(h.failed).toHaveLength(1);
    expect(h.failed[0]).toMatch(/report\.json is a report for eeeeeee, but the workflow run is for [0-9a-f]{7}$/);
  });

  it('a pull request that moved on (or a forged number) gets no comment', async () => {
    const scope = nock(API).get(PULL).reply(200, { number: 2, head: { sha: 'f'.repeat(40) } });
    const h = harness({ event: runEvent(), eventName: 'workflow_run' });
    h.deps.env!.INPUT_REPORT = writeReport(h.deps.env!.RUNNER_TEMP!, (r) => (r.meta.failOn = 'none'));
    await runAction(h.deps);
    expect(scope.isDone()).toBe(true); // no comment calls
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
