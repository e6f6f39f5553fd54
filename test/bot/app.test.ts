/* eslint-disable @typescript-eslint/no-explicit-any -- webhook payloads and API bodies are free-form JSON */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { Probot, ProbotOctokit } from 'probot';
import { strToU8, zipSync } from 'fflate';
import { transferRiskBot } from '../../src/bot/app.js';
import { COMMENT_MARKER } from '../../src/github/sticky-comment.js';
import {
  APP_ID,
  BASE_SHA,
  CONFIG_YAML,
  HEAD_SHA,
  INSTALLATION_ID,
  NEWER_SHA,
  OWNER,
  PR_NUMBER,
  REPO,
  RUN_ID,
  RUN_URL,
  checkRunRerequestedPayload,
  issueCommentPayload,
  makeReport,
  privateKey,
  pullRequestPayload,
  reportZip,
  workflowRunPayload,
} from './fixtures.js';

const API = 'https://api.github.com';
const R = `/repos/${OWNER}/${REPO}`;
const CONFIG_PATH = `${R}/contents/.github%2Ftransfer-risk.yml`;
const BLOB = 'https://blob.artifacts.test';
const ARTIFACT_ID = 31;

let probot: Probot;

function newProbot(opts: Parameters<typeof transferRiskBot>[0] = { appId: APP_ID }): Probot {
  const p = new Probot({
    appId: APP_ID,
    privateKey: privateKey(),
    logLevel: 'fatal',
    // Probot sets its own `throttle` options on every client it builds, which replace an object
    // default; a defaults function runs after that and really turns throttling (and retries) off.
    Octokit: ProbotOctokit.defaults((o: Record<string, any>) => ({ ...o, retry: { enabled: false }, throttle: { ...o.throttle, enabled: false } })),
  });
  void p.load(transferRiskBot(opts));
  return p;
}

beforeEach(() => {
  nock.disableNetConnect();
  probot = newProbot();
});

afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  nock.enableNetConnect();
  // every interceptor a test declared was used
  expect(pending).toEqual([]);
});

function receive(name: string, payload: unknown): Promise<void> {
  return probot.receive({ id: `delivery-${Math.random()}`, name, payload } as unknown as Parameters<Probot['receive']>[0]);
}

// ---- API stand-ins -------------------------------------------------------------------------------

function token(): void {
  nock(API)
    .post(`/app/installations/${INSTALLATION_ID}/access_tokens`)
    .reply(201, { token: 'ghs_installation', expires_at: '2099-01-01T00:00:00Z', permissions: {}, repository_selection: 'all' });
}

function config(yaml: string = CONFIG_YAML): void {
  nock(API).get(CONFIG_PATH).reply(200, yaml);
}

interface CheckRunStub {
  id: number;
  status: string;
  conclusion?: string | null;
  external_id?: string | null;
  head_sha?: string;
  appId?: number;
}

function checkRun(c: CheckRunStub) {
  return {
    id: c.id,
    name: 'transfer-risk',
    head_sha: c.head_sha ?? HEAD_SHA,
    status: c.status,
    conclusion: c.conclusion ?? null,
    external_id: c.external_id ?? null,
    app: { id: c.appId ?? APP_ID, slug: 'transfer-risk' },
  };
}

function listChecks(sha: string, runs: CheckRunStub[] = []): void {
  nock(API)
    .get(`${R}/commits/${sha}/check-runs`)
    .query((q) => q.check_name === 'transfer-risk')
    .reply(200, { total_count: runs.length, check_runs: runs.map(checkRun) });
}

function listFiles(files: Array<{ filename: string; status?: string; previous_filename?: string }>): void {
  nock(API)
    .get(`${R}/pulls/${PR_NUMBER}/files`)
    .query(true)
    .reply(200, files.map((f) => ({ status: 'modified', ...f })));
}

type Body = Record<string, any>;

/** Records request bodies of one interceptor. */
function capture(method: 'post' | 'patch', path: string, reply: (body: Body) => [number, unknown], into: Body[]): void {
  const scope = nock(API);
  const interceptor = method === 'post' ? scope.post(path, (b: Body) => (into.push(b), true)) : scope.patch(path, (b: Body) => (into.push(b), true));
  interceptor.reply((_uri, body) => reply(body as Body));
}

function getPull(headSha = HEAD_SHA, extra: Body = {}): void {
  nock(API)
    .get(`${R}/pulls/${PR_NUMBER}`)
    .reply(200, { number: PR_NUMBER, state: 'open', draft: false, head: { sha: headSha, ref: 'changes' }, base: { sha: BASE_SHA, ref: 'master' }, ...extra });
}

function artifacts(list: Body[] = [{ id: ARTIFACT_ID, name: 'transfer-risk-report', size_in_bytes: 1000, expired: false }]): void {
  nock(API)
    .get(`${R}/actions/runs/${RUN_ID}/artifacts`)
    .query(true)
    .reply(200, { total_count: list.length, artifacts: list });
}

/** The artifact download: GitHub answers 302 to blob storage, as the real API does. */
function download(zip: Uint8Array): void {
  nock(API).get(`${R}/actions/artifacts/${ARTIFACT_ID}/zip`).reply(302, '', { Location: `${BLOB}/a/${ARTIFACT_ID}.zip?sig=x` });
  nock(BLOB).get(`/a/${ARTIFACT_ID}.zip`).query(true).reply(200, Buffer.from(zip), { 'Content-Type': 'application/zip' });
}

function appSlug(): void {
  nock(API).get('/app').reply(200, { id: APP_ID, slug: 'transfer-risk', name: 'transfer-risk' });
}

function comments(existing: Body[] = []): void {
  nock(API).get(`${R}/issues/${PR_NUMBER}/comments`).query(true).reply(200, existing);
}

// ---- pull_request -------------------------------------------------------------------------------

describe('pull_request', () => {
  it('data change: in-progress check on the head SHA, then dispatch on the default branch with the four inputs', async () => {
    const created: Body[] = [];
    const dispatched: Body[] = [];
    token();
    listChecks(HEAD_SHA);
    config();
    // two pages of changed files: the dataset file is on the second
    nock(API)
      .get(`${R}/pulls/${PR_NUMBER}/files`)
      .query((q) => q.page === undefined)
      .reply(200, [{ filename: 'README.md', status: 'modified' }], { Link: `<${API}${R}/pulls/${PR_NUMBER}/files?per_page=100&page=2>; rel="next"` });
    nock(API)
      .get(`${R}/pulls/${PR_NUMBER}/files`)
      .query((q) => q.page === '2')
      .reply(200, [{ filename: 'data/parts/img-001.png', status: 'added' }]);
    capture('post', `${R}/check-runs`, () => [201, { id: 77, name: 'transfer-risk', head_sha: HEAD_SHA, status: 'in_progress' }], created);
    capture('post', `${R}/actions/workflows/transfer-risk.yml/dispatches`, () => [204, ''], dispatched);

    await receive('pull_request', pullRequestPayload('opened'));

    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ name: 'transfer-risk', head_sha: HEAD_SHA, status: 'in_progress', external_id: `pr:${PR_NUMBER}` });
    expect(created[0]!.output.summary).toContain('**parts**: 1 changed file');
    expect(dispatched).toEqual([
      { ref: 'master', inputs: { pr: String(PR_NUMBER), 'base-sha': BASE_SHA, 'head-sha': HEAD_SHA, 'check-run-id': '77' } },
    ]);
  });

  it('a changed augmentation config alone is a dataset change; bot.workflow picks the workflow', async () => {
    const dispatched: Body[] = [];
    token();
    listChecks(HEAD_SHA);
    config(`${CONFIG_YAML}bot:\n  workflow: gpu-analysis.yaml\n`);
    listFiles([{ filename: 'configs/augment.yaml' }]);
    nock(API).post(`${R}/check-runs`).reply(201, { id: 78 });
    capture('post', `${R}/actions/workflows/gpu-analysis.yaml/dispatches`, () => [204, ''], dispatched);
    await receive('pull_request', pullRequestPayload('synchronize'));
    expect(dispatched[0]!.inputs['check-run-id']).toBe('78');
  });

  it('a renamed file counts under its previous name', async () => {
    token();
    listChecks(HEAD_SHA);
    config();
    listFiles([{ filename: 'archive/img.png', previous_filename: 'data/img.png', status: 'renamed' }]);
    nock(API).post(`${R}/check-runs`).reply(201, { id: 79 });
    nock(API).post(`${R}/actions/workflows/transfer-risk.yml/dispatches`).reply(204);
    await receive('pull_request', pullRequestPayload('opened'));
  });

  it('docs-only change: the check completes neutral and nothing is dispatched', async () => {
    const created: Body[] = [];
    token();
    listChecks(HEAD_SHA);
    config();
    listFiles([{ filename: 'docs/guide.md' }, { filename: 'src/train.py' }]);
    capture('post', `${R}/check-runs`, () => [201, { id: 80 }], created);
    // no dispatch interceptor: with net connect disabled a dispatch would fail the handler
    await receive('pull_request', pullRequestPayload('opened'));
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ head_sha: HEAD_SHA, status: 'completed', conclusion: 'neutral', external_id: 'no-changes' });
    expect(created[0]!.output.title).toBe('No dataset changes');
    expect(created[0]!.output.summary).toContain('None of the 2 changed files');
  });

  it('a repeated delivery for a commit with an analysis already running does nothing', async () => {
    token();
    listChecks(HEAD_SHA, [{ id: 77, status: 'in_progress', external_id: `pr:${PR_NUMBER}` }]);
    await receive('pull_request', pullRequestPayload('opened'));
  });

  it("another app's transfer-risk check does not count as ours", async () => {
    token();
    listChecks(HEAD_SHA, [{ id: 5, status: 'in_progress', external_id: 'pr:2', appId: 999 }]);
    config();
    listFiles([{ filename: 'data/x.csv' }]);
    nock(API).post(`${R}/check-runs`).reply(201, { id: 81 });
    nock(API).post(`${R}/actions/workflows/transfer-risk.yml/dispatches`).reply(204);
    await receive('pull_request', pullRequestPayload('reopened'));
  });

  it('a draft is settled neutral without reading files; ready_for_review then analyzes', async () => {
    const created: Body[] = [];
    token();
    listChecks(HEAD_SHA);
    config();
    capture('post', `${R}/check-runs`, () => [201, { id: 82 }], created);
    await receive('pull_request', pullRequestPayload('opened', { draft: true }));
    expect(created[0]).toMatchObject({ conclusion: 'neutral', external_id: 'draft' });

    listChecks(HEAD_SHA, [{ id: 82, status: 'completed', conclusion: 'neutral', external_id: 'draft' }]);
    config();
    listFiles([{ filename: 'data/new.csv', status: 'added' }]);
    capture('post', `${R}/check-runs`, () => [201, { id: 83 }], created);
    nock(API).post(`${R}/actions/workflows/transfer-risk.yml/dispatches`).reply(204);
    await receive('pull_request', pullRequestPayload('ready_for_review'));
    expect(created[1]).toMatchObject({ status: 'in_progress' });
  });

  it('no config in the repository (nor in the org .github repo): neutral "not configured"', async () => {
    const created: Body[] = [];
    token();
    listChecks(HEAD_SHA);
    nock(API).get(CONFIG_PATH).reply(404, { message: 'Not Found' });
    nock(API).get(`/repos/${OWNER}/.github/contents/.github%2Ftransfer-risk.yml`).reply(404, { message: 'Not Found' });
    capture('post', `${R}/check-runs`, () => [201, { id: 84 }], created);
    await receive('pull_request', pullRequestPayload('opened'));
    expect(created[0]).toMatchObject({ conclusion: 'neutral', output: { title: 'transfer-risk is not configured' } });
  });

  it('an invalid config: neutral with the key at fault', async () => {
    const created: Body[] = [];
    token();
    listChecks(HEAD_SHA);
    config('datasets:\n  - name: parts\n    paths: ["data/**"]\nfail-on: sometimes\n');
    capture('post', `${R}/check-runs`, () => [201, { id: 85 }], created);
    await receive('pull_request', pullRequestPayload('opened'));
    expect(created[0]).toMatchObject({ conclusion: 'neutral', output: { title: 'Configuration error' } });
    expect(created[0]!.output.summary).toMatch(/fail-on must be one of none, medium, high/);
  });

  it('a failing dispatch (workflow missing) completes the new check neutral with the reason', async () => {
    const updated: Body[] = [];
    token();
    listChecks(HEAD_SHA);
    config();
    listFiles([{ filename: 'data/a.csv' }]);
    nock(API).post(`${R}/check-runs`).reply(201, { id: 86 });
    nock(API).post(`${R}/actions/workflows/transfer-risk.yml/dispatches`).reply(404, { message: 'Not Found' });
    capture('patch', `${R}/check-runs/86`, () => [200, { id: 86 }], updated);
    await receive('pull_request', pullRequestPayload('opened'));
    expect(updated[0]).toMatchObject({ status: 'completed', conclusion: 'neutral', external_id: 'error', output: { title: 'Could not start the analysis' } });
    expect(updated[0]!.output.summary).toContain('not found (404)');
  });

  it('an API error listing files settles the check neutral and surfaces the error', async () => {
    const created: Body[] = [];
    token();
    listChecks(HEAD_SHA);
    config();
    nock(API).get(`${R}/pulls/${PR_NUMBER}/files`).query(true).reply(502, { message: 'Bad Gateway' });
    capture('post', `${R}/check-runs`, () => [201, { id: 87 }], created);
    await expect(receive('pull_request', pullRequestPayload('opened'))).rejects.toThrow();
    expect(created[0]).toMatchObject({ status: 'completed', conclusion: 'neutral', external_id: 'error' });
    expect(created[0]!.output.summary).toContain('502');
  });

  it('ignores other pull_request actions', async () => {
    await receive('pull_request', { ...pullRequestPayload('opened'), action: 'labeled' });
  });
});

// ---- workflow_run.completed ---------------------------------------------------------------------

describe('workflow_run.completed', () => {
  function settledRun(opts: { checks?: CheckRunStub[] } = {}): void {
    token();
    config();
    listChecks(HEAD_SHA, opts.checks ?? [{ id: 77, status: 'in_progress', external_id: `pr:${PR_NUMBER}` }]);
  }

  it('publishes one sticky comment from the validated report and completes the check (failure at fail-on)', async () => {
    const posted: Body[] = [];
    const updated: Body[] = [];
    settledRun();
    artifacts();
    download(reportZip(makeReport({ level: 'high' })));
    getPull();
    appSlug();
    comments([{ id: 1, body: 'LGTM', user: { login: 'someone', type: 'User' } }]);
    capture('post', `${R}/issues/${PR_NUMBER}/comments`, () => [201, { id: 900, html_url: 'https://github.com/c/900' }], posted);
    capture('patch', `${R}/check-runs/77`, () => [200, { id: 77 }], updated);

    await receive('workflow_run', workflowRunPayload());

    expect(posted).toHaveLength(1);
    expect(posted[0]!.body).toContain(COMMENT_MARKER);
    expect(posted[0]!.body).toContain('parts');
    // the comment is rendered from report.json, never taken from the artifact's comment.md
    expect(posted[0]!.body).not.toContain('INJECTED');
    expect(updated).toHaveLength(1);
    expect(updated[0]).toMatchObject({
      status: 'completed',
      conclusion: 'failure',
      details_url: RUN_URL,
      external_id: `run:${RUN_ID}:1`,
    });
    expect(updated[0]!.output.summary).toContain('fail-on: high');
    expect(updated[0]!.output.title.length).toBeGreaterThan(0);
  });

  it('below fail-on the check succeeds; the existing sticky comment is edited, not duplicated', async () => {
    const edited: Body[] = [];
    const updated: Body[] = [];
    settledRun();
    artifacts();
    download(reportZip(makeReport({ level: 'medium' })));
    getPull();
    appSlug();
    comments([{ id: 700, body: `${COMMENT_MARKER}\nold verdict`, user: { login: 'transfer-risk[bot]', type: 'Bot' } }]);
    capture('patch', `${R}/issues/comments/700`, () => [200, { id: 700, html_url: 'https://github.com/c/700' }], edited);
    capture('patch', `${R}/check-runs/77`, () => [200, { id: 77 }], updated);
    await receive('workflow_run', workflowRunPayload());
    expect(edited).toHaveLength(1);
    expect(updated[0]).toMatchObject({ conclusion: 'success' });
  });

  it('fail-on comes from the default-branch config: medium risk fails under fail-on: medium', async () => {
    const updated: Body[] = [];
    token();
    config(CONFIG_YAML.replace('fail-on: high', 'fail-on: medium'));
    listChecks(HEAD_SHA, [{ id: 77, status: 'in_progress', external_id: 'pr:2' }]);
    artifacts();
    download(reportZip(makeReport({ level: 'medium' })));
    getPull();
    appSlug();
    comments();
    nock(API).post(`${R}/issues/${PR_NUMBER}/comments`).reply(201, { id: 1, html_url: 'u' });
    capture('patch', `${R}/check-runs/77`, () => [200, { id: 77 }], updated);
    await receive('workflow_run', workflowRunPayload());
    expect(updated[0]).toMatchObject({ conclusion: 'failure' });
  });

  it('more than 50 annotations go out in batches of 50 on the completed check', async () => {
    const updated: Body[] = [];
    settledRun();
    artifacts();
    const report = makeReport({ level: 'high' });
    report.meta.annotations = Array.from({ length: 120 }, (_, i) => ({ path: `data/parts/img-${i}.png`, level: 'high', message: `image ${i} is overexposed` }));
    download(reportZip(report));
    getPull();
    appSlug();
    comments();
    nock(API).post(`${R}/issues/${PR_NUMBER}/comments`).reply(201, { id: 1, html_url: 'u' });
    capture('patch', `${R}/check-runs/77`, () => [200, { id: 77 }], updated);
    capture('patch', `${R}/check-runs/77`, () => [200, { id: 77 }], updated);
    capture('patch', `${R}/check-runs/77`, () => [200, { id: 77 }], updated);
    await receive('workflow_run', workflowRunPayload());
    expect(updated.map((u) => u.output.annotations.length)).toEqual([50, 50, 20]);
    expect(updated[0]).toMatchObject({ status: 'completed', conclusion: 'failure' });
    const paths = updated.flatMap((u) => u.output.annotations.map((a: Body) => a.path));
    expect(new Set(paths).size).toBe(120);
    expect(updated[0]!.output.annotations[0]).toMatchObject({ annotation_level: 'failure', start_line: 1 });
  });

  it('a repeated delivery after the check carries this run finds nothing to do', async () => {
    token();
    config();
    listChecks(HEAD_SHA, [{ id: 77, status: 'completed', conclusion: 'failure', external_id: `run:${RUN_ID}:1` }]);
    await receive('workflow_run', workflowRunPayload());
  });

  it('a result for an older head SHA completes its own check but never touches the comment', async () => {
    const updated: Body[] = [];
    settledRun();
    artifacts();
    download(reportZip(makeReport({ level: 'low' })));
    getPull(NEWER_SHA);
    // no comments interceptors: listing or writing the comment would fail the test
    capture('patch', `${R}/check-runs/77`, () => [200, { id: 77 }], updated);
    await receive('workflow_run', workflowRunPayload());
    expect(updated[0]).toMatchObject({ conclusion: 'success' });
    expect(updated[0]!.output.summary).toContain('no longer the head');
  });

  it('a dispatched run for a fork PR carries no pull_requests: the title names PR, commit and check', async () => {
    // (the default workflow_run fixture: event workflow_dispatch on master, pull_requests [], head_sha
    // of the default branch) — covered by the tests above; here the workflow lacks our run-name, so
    // the trusted report names the commit and the PR is found among open pulls by its head SHA
    const updated: Body[] = [];
    token();
    config();
    artifacts();
    download(reportZip(makeReport({ level: 'low' })));
    nock(API)
      .get(`${R}/pulls`)
      .query((q) => q.state === 'open')
      .reply(200, [
        { number: 1, head: { sha: 'a'.repeat(40) } },
        { number: PR_NUMBER, head: { sha: HEAD_SHA } },
      ]);
    listChecks(HEAD_SHA, [{ id: 77, status: 'in_progress', external_id: 'pr:2' }]);
    getPull();
    appSlug();
    comments();
    nock(API).post(`${R}/issues/${PR_NUMBER}/comments`).reply(201, { id: 1, html_url: 'u' });
    capture('patch', `${R}/check-runs/77`, () => [200, { id: 77 }], updated);
    await receive('workflow_run', workflowRunPayload({ title: 'transfer-risk', pullRequests: [] }));
    expect(updated[0]).toMatchObject({ conclusion: 'success', external_id: `run:${RUN_ID}:1` });
  });

  it('without our run-name a failed run cannot be attributed and is left alone', async () => {
    token();
    config();
    await receive('workflow_run', workflowRunPayload({ title: 'transfer-risk', conclusion: 'failure' }));
  });

  it.each([
    ['a pull_request-triggered run (the workflow file came from the PR)', { event: 'pull_request', headSha: HEAD_SHA, branch: 'changes' }],
    ['a dispatch on another branch', { branch: 'changes' }],
    ['a run from a fork repository', { headRepository: 'evil/Hello-World' }],
  ])('%s is not trusted: its artifact is never read', async (_label, over) => {
    token();
    config();
    await receive('workflow_run', workflowRunPayload(over as Parameters<typeof workflowRunPayload>[0]));
  });

  it('the result of a superseded analysis is ignored', async () => {
    token();
    config();
    listChecks(HEAD_SHA, [
      { id: 120, status: 'in_progress', external_id: 'pr:2' },
      { id: 77, status: 'completed', conclusion: 'neutral', external_id: 'superseded' },
    ]);
    await receive('workflow_run', workflowRunPayload({}, 77));
  });

  it("a run whose check is gone gets a new completed check; another in-progress check is not taken over", async () => {
    const created: Body[] = [];
    token();
    config();
    listChecks(HEAD_SHA, [{ id: 120, status: 'in_progress', external_id: 'pr:2' }]);
    artifacts();
    download(reportZip(makeReport({ level: 'low' })));
    getPull();
    appSlug();
    comments();
    nock(API).post(`${R}/issues/${PR_NUMBER}/comments`).reply(201, { id: 1, html_url: 'u' });
    capture('post', `${R}/check-runs`, () => [201, { id: 121 }], created);
    await receive('workflow_run', workflowRunPayload({}, 77));
    expect(created[0]).toMatchObject({ name: 'transfer-risk', head_sha: HEAD_SHA, status: 'completed', conclusion: 'success' });
  });

  it('a run with neither a pull request nor a check for its commit is ignored', async () => {
    token();
    config();
    artifacts();
    download(reportZip(makeReport({ headSha: NEWER_SHA })));
    nock(API).get(`${R}/pulls`).query(true).reply(200, []);
    listChecks(NEWER_SHA, []);
    await receive('workflow_run', workflowRunPayload({ title: 'manual run' }));
  });

  it('runs of other workflows are ignored', async () => {
    token();
    config();
    await receive('workflow_run', workflowRunPayload({ path: '.github/workflows/ci.yml' }));
  });

  it.each([
    ['failure', 'failure', 'finished with `failure`'],
    ['cancelled', 'cancelled', 'was cancelled'],
    ['timed_out', 'timed_out', 'finished with `timed_out`'],
  ])('a %s workflow completes the check as %s with a link to the run', async (runConclusion, checkConclusion, text) => {
    const updated: Body[] = [];
    settledRun();
    capture('patch', `${R}/check-runs/77`, () => [200, { id: 77 }], updated);
    await receive('workflow_run', workflowRunPayload({ conclusion: runConclusion }));
    expect(updated[0]).toMatchObject({ status: 'completed', conclusion: checkConclusion, details_url: RUN_URL });
    expect(updated[0]!.output.summary).toContain(text);
    expect(updated[0]!.output.summary).toContain(RUN_URL);
  });

  describe('untrusted artifacts: the check completes neutral with the reason', () => {
    async function expectNeutral(reason: RegExp): Promise<void> {
      const updated: Body[] = [];
      capture('patch', `${R}/check-runs/77`, () => [200, { id: 77 }], updated);
      await receive('workflow_run', workflowRunPayload());
      expect(updated).toHaveLength(1);
      expect(updated[0]).toMatchObject({ status: 'completed', conclusion: 'neutral', output: { title: 'Analysis result unusable' } });
      expect(updated[0]!.output.summary).toMatch(reason);
    }

    it('no artifact', async () => {
      settledRun();
      artifacts([]);
      await expectNeutral(/uploaded no `transfer-risk-report` artifact/);
    });

    it('expired artifact', async () => {
      settledRun();
      artifacts([{ id: ARTIFACT_ID, name: 'transfer-risk-report', size_in_bytes: 10, expired: true }]);
      await expectNeutral(/expired/);
    });

    it('declared size over the cap: not even downloaded', async () => {
      settledRun();
      artifacts([{ id: ARTIFACT_ID, name: 'transfer-risk-report', size_in_bytes: 21 * 1024 * 1024, expired: false }]);
      await expectNeutral(/larger than 20 MB/);
    });

    it('more bytes than the cap arrive despite a small declared size', async () => {
      probot = newProbot({ appId: APP_ID, limits: { maxZipBytes: 4096, maxReportBytes: 4096, maxEntries: 10 } });
      settledRun();
      artifacts();
      download(new Uint8Array(50_000).fill(7));
      await expectNeutral(/larger than/);
    });

    it('zip without report.json', async () => {
      settledRun();
      artifacts();
      download(zipSync({ 'comment.md': strToU8('hi'), 'report.html': strToU8('<p>') }));
      await expectNeutral(/has no report\.json/);
    });

    it('zip-slip entry names', async () => {
      settledRun();
      artifacts();
      download(reportZip(makeReport(), { '../../.github/workflows/evil.yml': strToU8('on: push') }));
      await expectNeutral(/unsafe entry name "\.\.\/\.\.\/\.github\/workflows\/evil\.yml"/);
    });

    it('not a zip at all', async () => {
      settledRun();
      artifacts();
      download(strToU8('<html>not a zip</html>'));
      await expectNeutral(/not a readable zip/);
    });

    it('report.json that is not JSON', async () => {
      settledRun();
      artifacts();
      download(reportZip('{"schemaVersion": 1,'));
      await expectNeutral(/not valid JSON/);
    });

    it('report.json failing the schema', async () => {
      settledRun();
      artifacts();
      const bad = makeReport() as unknown as Body;
      bad.risk.scenarios = bad.risk.scenarios.slice(0, 2);
      bad.datasets[0].features[0].kind = 'ordinal';
      download(reportZip(bad));
      await expectNeutral(/not a valid transfer-risk report/);
    });

    it('a report for another commit is not used', async () => {
      const updated: Body[] = [];
      settledRun();
      artifacts();
      download(reportZip(makeReport({ headSha: NEWER_SHA })));
      capture('patch', `${R}/check-runs/77`, () => [200, { id: 77 }], updated);
      await receive('workflow_run', workflowRunPayload());
      expect(updated[0]).toMatchObject({ conclusion: 'neutral', output: { title: 'Analysis result for another commit' } });
    });
  });

  it('an API error reading artifacts completes the check neutral and surfaces the error', async () => {
    const updated: Body[] = [];
    settledRun();
    nock(API).get(`${R}/actions/runs/${RUN_ID}/artifacts`).query(true).reply(500, { message: 'boom' });
    capture('patch', `${R}/check-runs/77`, () => [200, { id: 77 }], updated);
    await expect(receive('workflow_run', workflowRunPayload())).rejects.toThrow();
    expect(updated[0]).toMatchObject({ conclusion: 'neutral', external_id: 'error' });
    expect(updated[0]!.output.summary).toContain('500');
  });

  it('a failing comment API still completes the check, saying the comment could not be updated', async () => {
    const updated: Body[] = [];
    settledRun();
    artifacts();
    download(reportZip(makeReport({ level: 'low' })));
    getPull();
    appSlug();
    comments();
    nock(API).post(`${R}/issues/${PR_NUMBER}/comments`).reply(403, { message: 'Resource not accessible by integration' });
    capture('patch', `${R}/check-runs/77`, () => [200, { id: 77 }], updated);
    await receive('workflow_run', workflowRunPayload());
    expect(updated[0]).toMatchObject({ conclusion: 'success' });
    expect(updated[0]!.output.summary).toContain('could not be updated');
  });
});

// ---- reruns -------------------------------------------------------------------------------------

describe('reruns', () => {
  function analyzeAgain(existing: CheckRunStub[]): { created: Body[]; dispatched: Body[]; updated: Body[] } {
    const created: Body[] = [];
    const dispatched: Body[] = [];
    const updated: Body[] = [];
    listChecks(HEAD_SHA, existing);
    config();
    listFiles([{ filename: 'data/a.csv' }]);
    for (const c of existing.filter((e) => e.status !== 'completed')) {
      capture('patch', `${R}/check-runs/${c.id}`, () => [200, { id: c.id }], updated);
    }
    capture('post', `${R}/check-runs`, () => [201, { id: 120 }], created);
    capture('post', `${R}/actions/workflows/transfer-risk.yml/dispatches`, () => [204, ''], dispatched);
    return { created, dispatched, updated };
  }

  it('check_run.rerequested dispatches again even though the commit has a verdict (fork: PR found by SHA)', async () => {
    token();
    nock(API).get(`${R}/pulls`).query(true).reply(200, [{ number: PR_NUMBER, head: { sha: HEAD_SHA } }]);
    getPull();
    const r = analyzeAgain([{ id: 77, status: 'completed', conclusion: 'failure', external_id: `run:${RUN_ID}:1` }]);
    await receive('check_run', checkRunRerequestedPayload());
    expect(r.created[0]).toMatchObject({ status: 'in_progress', head_sha: HEAD_SHA });
    expect(r.dispatched[0]!.inputs).toMatchObject({ 'check-run-id': '120', 'head-sha': HEAD_SHA });
  });

  it('a rerun supersedes an analysis still in progress on the commit', async () => {
    token();
    getPull();
    const r = analyzeAgain([{ id: 77, status: 'in_progress', external_id: 'pr:2' }]);
    await receive('check_run', checkRunRerequestedPayload({ pullRequests: [{ number: PR_NUMBER, head: { sha: HEAD_SHA } }] }));
    expect(r.updated[0]).toMatchObject({ status: 'completed', conclusion: 'neutral', external_id: 'superseded' });
    expect(r.dispatched).toHaveLength(1);
  });

  it("check_run.rerequested for another app's or another name's check is ignored", async () => {
    await receive('check_run', checkRunRerequestedPayload({ appId: 999 }));
    await receive('check_run', checkRunRerequestedPayload({ name: 'build' }));
  });

  it.each(['write', 'admin'])('/transfer-risk rerun from a user with %s permission dispatches again', async (permission) => {
    token();
    nock(API).get(`${R}/collaborators/maintainer/permission`).reply(200, { permission, role_name: permission, user: { login: 'maintainer' } });
    nock(API).post(`${R}/issues/comments/555/reactions`, { content: 'eyes' }).reply(201, { id: 1 });
    getPull();
    const r = analyzeAgain([{ id: 77, status: 'completed', conclusion: 'neutral', external_id: 'no-changes' }]);
    await receive('issue_comment', issueCommentPayload('/transfer-risk rerun\n\nplease'));
    expect(r.dispatched).toHaveLength(1);
  });

  it('maintain role (reported as write permission) may rerun', async () => {
    token();
    nock(API).get(`${R}/collaborators/maintainer/permission`).reply(200, { permission: 'write', role_name: 'maintain' });
    nock(API).post(`${R}/issues/comments/555/reactions`).reply(201, { id: 1 });
    getPull();
    const r = analyzeAgain([]);
    await receive('issue_comment', issueCommentPayload('/transfer-risk rerun'));
    expect(r.dispatched).toHaveLength(1);
  });

  it.each([
    ['read', 200],
    ['none (not a collaborator)', 404],
  ])('/transfer-risk rerun from a user with %s access does nothing', async (_label, status) => {
    token();
    nock(API)
      .get(`${R}/collaborators/drive-by/permission`)
      .reply(status, status === 200 ? { permission: 'read', role_name: 'triage' } : { message: 'Not Found' });
    await receive('issue_comment', issueCommentPayload('/transfer-risk rerun', { login: 'drive-by' }));
  });

  it('other comments, comments on issues and comments by bots are ignored without API calls', async () => {
    await receive('issue_comment', issueCommentPayload('looks good, /transfer-risk rerun later?'));
    await receive('issue_comment', issueCommentPayload('/transfer-risk rerun', { onPullRequest: false }));
    await receive('issue_comment', issueCommentPayload('/transfer-risk rerun', { userType: 'Bot', login: 'other[bot]' }));
  });

  it('a closed pull request is not rerun', async () => {
    token();
    nock(API).get(`${R}/collaborators/maintainer/permission`).reply(200, { permission: 'admin' });
    nock(API).post(`${R}/issues/comments/555/reactions`).reply(201, { id: 1 });
    getPull(HEAD_SHA, { state: 'closed' });
    await receive('issue_comment', issueCommentPayload('/transfer-risk rerun'));
  });
});
