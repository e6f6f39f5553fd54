/* eslint-disable @typescript-eslint/no-explicit-any -- webhook payloads and API bodies are free-form JSON */
/**
 * The bot's handlers against an in-memory GitHub (test/github/fake-github.ts) served through nock: it
 * answers with complete REST objects, refuses what GitHub refuses (bodies its OpenAPI description
 * rejects: 422; another app's check run: 403), redirects artifact downloads to a blob host that must not
 * see the token, and records every exchange, which afterEach checks against the description.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { Probot, ProbotOctokit } from 'probot';
import { strToU8, zipSync } from 'fflate';
import { transferRiskBot } from '../../src/bot/app.js';
import { COMMENT_MARKER } from '../../src/github/sticky-comment.js';
import { FakeGitHub } from '../github/fake-github.js';
import { serveWithNock } from '../github/serve.js';
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
  checkSuiteRerequestedPayload,
  issueCommentPayload,
  makeReport,
  privateKey,
  pullRequestPayload,
  reportZip,
  statusZip,
  workflowRunPayload,
} from './fixtures.js';

const API = 'https://api.github.com';
const BLOB = 'https://blob.artifacts.test';
const ARTIFACT_ID = 31;
const OTHER_APP = 999;

let gh: FakeGitHub;
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
  gh = new FakeGitHub({
    owner: OWNER,
    repo: REPO,
    defaultBranch: 'master',
    blobOrigin: BLOB,
    tokenApps: { ghs_installation: APP_ID },
    installations: { [INSTALLATION_ID]: 'ghs_installation' },
    apps: { [APP_ID]: 'transfer-risk' },
  });
  gh.config = CONFIG_YAML;
  gh.pulls.set(PR_NUMBER, { number: PR_NUMBER, headSha: HEAD_SHA, baseSha: BASE_SHA });
  gh.files.set(PR_NUMBER, [{ filename: 'README.md' }, { filename: 'data/parts/img-001.png', status: 'added' }]);
  gh.permissions.set('maintainer', { permission: 'write' });
  serveWithNock(gh, API, BLOB);
  probot = newProbot();
});

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
  // every request was one GitHub accepts, every stand-in answer one GitHub gives
  expect(gh.problems()).toEqual([]);
  // the bot never touched another app's check run, nor sent its token to the blob host
  expect(gh.refusedUpdates).toEqual([]);
  expect(gh.blobRefusals).toEqual([]);
});

function receive(name: string, payload: unknown, id = `delivery-${Math.random()}`, p: Probot = probot): Promise<void> {
  return p.receive({ id, name, payload } as unknown as Parameters<Probot['receive']>[0]);
}

/** The run's artifact, downloadable through the blob host. */
function artifact(zip: Uint8Array, runId = RUN_ID, size = zip.byteLength, expired = false): void {
  gh.runArtifacts.set(runId, [{ id: ARTIFACT_ID, size_in_bytes: size, expired }]);
  gh.blobs.set(ARTIFACT_ID, zip);
}

const ours = () => gh.checks.filter((c) => c.head_sha === HEAD_SHA && c.app === APP_ID);
const inProgress = (id = 77) => gh.addCheck({ id, head_sha: HEAD_SHA, app: APP_ID, status: 'in_progress', external_id: 'pr' });

// ---- pull_request -------------------------------------------------------------------------------

describe('pull_request', () => {
  it('data change: in-progress check on the head SHA, then one dispatch on the default branch with the four inputs', async () => {
    // the dataset file is on the second page of changed files
    gh.files.set(PR_NUMBER, [
      ...Array.from({ length: 100 }, (_, i) => ({ filename: `docs/page-${i}.md` })),
      { filename: 'data/parts/img-001.png', status: 'added' },
    ]);
    await receive('pull_request', pullRequestPayload('opened'));
    expect(ours()).toHaveLength(1);
    const check = ours()[0]!;
    expect(check).toMatchObject({ name: 'transfer-risk', status: 'in_progress', external_id: 'pr' });
    expect(check.output.summary).toContain('**parts**: 1 changed data file');
    expect(gh.dispatches).toEqual([
      {
        workflow: 'transfer-risk.yml',
        body: { ref: 'master', inputs: { pr: String(PR_NUMBER), 'base-sha': BASE_SHA, 'head-sha': HEAD_SHA, 'check-run-id': String(check.id) } },
      },
    ]);
  });

  it('a changed augmentation config alone is a dataset change; bot.workflow picks the workflow', async () => {
    gh.config = `${CONFIG_YAML}bot:\n  workflow: gpu-analysis.yaml\n`;
    gh.files.set(PR_NUMBER, [{ filename: 'configs/augment.yaml' }]);
    await receive('pull_request', pullRequestPayload('synchronize'));
    expect(gh.dispatches.map((d) => d.workflow)).toEqual(['gpu-analysis.yaml']);
    expect(ours()[0]!.output.summary).toContain('augmentation config changed');
  });

  it('a labels file alone (labels: file:) is a dataset change, as analyze sees it: one planner', async () => {
    gh.files.set(PR_NUMBER, [{ filename: 'meta/labels.csv' }, { filename: 'README.md' }]);
    await receive('pull_request', pullRequestPayload('opened'));
    expect(gh.dispatches).toHaveLength(1);
    expect(ours()[0]).toMatchObject({ status: 'in_progress' });
    expect(ours()[0]!.output.summary).toContain('**tickets**: 0 changed data files (labels file changed)');
  });

  it('a renamed file counts under its previous name', async () => {
    gh.files.set(PR_NUMBER, [{ filename: 'archive/img.png', previous_filename: 'data/img.png', status: 'renamed' }]);
    await receive('pull_request', pullRequestPayload('opened'));
    expect(gh.dispatches).toHaveLength(1);
  });

  it('a change to the config alone is analyzed: head may add a dataset, move one or declare other tasks', async () => {
    gh.files.set(PR_NUMBER, [{ filename: '.github/transfer-risk.yml' }, { filename: 'docs/guide.md' }]);
    await receive('pull_request', pullRequestPayload('opened'));
    expect(gh.dispatches).toHaveLength(1);
    expect(ours()[0]).toMatchObject({ status: 'in_progress', output: { title: 'Analyzing' } });
    expect(ours()[0]!.output.summary).toContain("`.github/transfer-risk.yml` changed: the analysis judges head's datasets and declared tasks");
  });

  it('a dataset defined only in head (new files outside every base dataset, plus the config) is analyzed', async () => {
    gh.files.set(PR_NUMBER, [{ filename: 'scans/new-0001.png', status: 'added' }, { filename: '.github/transfer-risk.yml' }]);
    await receive('pull_request', pullRequestPayload('opened'));
    expect(gh.dispatches).toHaveLength(1);
  });

  it('docs-only change: the check completes neutral and nothing is dispatched', async () => {
    gh.files.set(PR_NUMBER, [{ filename: 'docs/guide.md' }, { filename: 'src/train.py' }]);
    await receive('pull_request', pullRequestPayload('opened'));
    expect(ours()).toHaveLength(1);
    expect(ours()[0]).toMatchObject({ status: 'completed', conclusion: 'neutral', external_id: 'pr|no-changes', output: { title: 'No dataset changes' } });
    expect(ours()[0]!.output.summary).toContain('None of the 2 changed files');
    expect(gh.dispatches).toEqual([]);
  });

  it("a path inside a dataset's folders that is no data file (maybe a submodule) is analyzed: the run checks with git", async () => {
    gh.config = 'datasets:\n  - name: scans\n    paths: ["scans/**/*.png"]\n';
    gh.files.set(PR_NUMBER, [{ filename: 'scans/extra', status: 'added' }, { filename: 'docs/guide.md' }]);
    await receive('pull_request', pullRequestPayload('opened'));
    expect(gh.dispatches).toHaveLength(1);
    expect(ours()[0]).toMatchObject({ status: 'in_progress', output: { title: 'Analyzing' } });
    expect(ours()[0]!.output.summary).toContain("1 changed path inside a dataset's folders is no data file (e.g. `scans/extra`)");
  });

  it('a pull request of 3,000 files or more is analyzed: the list may be truncated, the run diffs with git', async () => {
    gh.files.set(
      PR_NUMBER,
      Array.from({ length: 3000 }, (_, i) => ({ filename: `docs/p${i}.md` })),
    );
    await receive('pull_request', pullRequestPayload('opened'));
    expect(gh.dispatches).toHaveLength(1);
    expect(ours()[0]!.output.summary).toContain('GitHub lists at most 3000');
  });

  it('a repeated delivery for a commit whose analysis is running (or done) does nothing', async () => {
    inProgress();
    await receive('pull_request', pullRequestPayload('opened'));
    gh.checks[0]!.status = 'completed';
    gh.checks[0]!.external_id = `pr|run:${RUN_ID}:1`;
    await receive('pull_request', pullRequestPayload('synchronize'));
    expect(gh.checks).toHaveLength(1);
    expect(gh.dispatches).toEqual([]);
    expect(gh.requests('POST', /check-runs|dispatches/)).toEqual([]);
  });

  it('the same delivery twice at once: one check run, one dispatch', async () => {
    const payload = pullRequestPayload('opened');
    await Promise.all([receive('pull_request', payload, 'same-id'), receive('pull_request', payload, 'same-id')]);
    expect(ours()).toHaveLength(1);
    expect(gh.dispatches).toHaveLength(1);
  });

  it('different deliveries for the same head at once (opened + synchronize + a redelivery): one check run, one dispatch', async () => {
    await Promise.all([
      receive('pull_request', pullRequestPayload('opened')),
      receive('pull_request', pullRequestPayload('synchronize')),
      receive('pull_request', pullRequestPayload('opened')),
    ]);
    expect(ours()).toHaveLength(1);
    expect(gh.dispatches).toHaveLength(1);
  });

  it('two replicas racing on one head: GitHub decides, the loser retires as a duplicate, one dispatch', async () => {
    const other = newProbot();
    await Promise.all([receive('pull_request', pullRequestPayload('opened'), 'd1'), receive('pull_request', pullRequestPayload('opened'), 'd2', other)]);
    expect(gh.dispatches).toHaveLength(1);
    const live = gh.liveChecks(HEAD_SHA, APP_ID);
    expect(live).toHaveLength(1);
    expect(live[0]).toMatchObject({ status: 'in_progress' });
    expect(String(gh.dispatches[0]!.body.inputs['check-run-id'])).toBe(String(live[0]!.id));
    // a duplicate, if the race produced one, is newer (shown by GitHub) and does not pass meanwhile
    for (const d of ours().filter((c) => c.id !== live[0]!.id)) {
      expect(d).toMatchObject({ status: 'completed', conclusion: 'cancelled', external_id: `pr|duplicate:${live[0]!.id}` });
    }
  });

  it('two replicas settling a docs-only PR at once: one live check, any copy says the same', async () => {
    gh.files.set(PR_NUMBER, [{ filename: 'docs/guide.md' }]);
    const other = newProbot();
    await Promise.all([receive('pull_request', pullRequestPayload('opened'), 'd1'), receive('pull_request', pullRequestPayload('opened'), 'd2', other)]);
    expect(gh.liveChecks(HEAD_SHA)).toHaveLength(1);
    for (const c of ours()) expect(c).toMatchObject({ status: 'completed', conclusion: 'neutral', output: { title: 'No dataset changes' } });
    expect(gh.dispatches).toEqual([]);
  });

  it('a replica that lost the race (the other one created first) retires its check and does not dispatch', async () => {
    // the other replica's check appears between our create and our re-list
    const create = gh.handle.bind(gh);
    let injected = false;
    gh.handle = async (req) => {
      if (!injected && req.method === 'POST' && req.path.endsWith('/check-runs')) {
        injected = true;
        gh.addCheck({ id: 50, head_sha: HEAD_SHA, app: APP_ID, status: 'in_progress', external_id: 'pr' });
      }
      return create(req);
    };
    await receive('pull_request', pullRequestPayload('opened'));
    expect(gh.dispatches).toEqual([]);
    const mine = ours().find((c) => c.id !== 50)!;
    expect(mine).toMatchObject({ status: 'completed', conclusion: 'cancelled', external_id: 'pr|duplicate:50' });
    expect(gh.liveChecks(HEAD_SHA).map((c) => c.id)).toEqual([50]);
  });

  it("another app's transfer-risk check does not count as ours, and is never touched", async () => {
    gh.addCheck({ id: 5, head_sha: HEAD_SHA, app: OTHER_APP, status: 'in_progress', external_id: 'pr' });
    await receive('pull_request', pullRequestPayload('reopened'));
    expect(gh.dispatches).toHaveLength(1);
    expect(gh.checks.find((c) => c.id === 5)).toMatchObject({ status: 'in_progress', updates: [] });
  });

  it('a draft is settled neutral without reading files; ready_for_review then analyzes', async () => {
    await receive('pull_request', pullRequestPayload('opened', { draft: true }));
    expect(ours()).toHaveLength(1);
    expect(ours()[0]).toMatchObject({ conclusion: 'neutral', external_id: 'pr-draft|draft' });
    expect(gh.requests('GET', /\/files/)).toEqual([]);
    await receive('pull_request', pullRequestPayload('ready_for_review'));
    expect(ours()).toHaveLength(2);
    expect(gh.shownCheck(HEAD_SHA)).toMatchObject({ status: 'in_progress', external_id: 'pr' });
    expect(gh.dispatches).toHaveLength(1);
  });

  it('no config in the repository (nor in the org .github repo): neutral "not configured"', async () => {
    gh.config = undefined;
    await receive('pull_request', pullRequestPayload('opened'));
    expect(ours()[0]).toMatchObject({ conclusion: 'neutral', output: { title: 'transfer-risk is not configured' } });
  });

  it('an invalid config on the default branch: the check fails closed with the key at fault', async () => {
    gh.config = 'datasets:\n  - name: parts\n    paths: ["data/**"]\nfail-on: sometimes\n';
    await receive('pull_request', pullRequestPayload('opened'));
    expect(ours()[0]).toMatchObject({ conclusion: 'failure', output: { title: 'Configuration error' } });
    expect(ours()[0]!.output.summary).toMatch(/fail-on must be one of none, medium, high/);
  });

  it('a failing dispatch (workflow missing) fails the new check closed with the reason; a redelivery retries', async () => {
    gh.config = `${CONFIG_YAML}bot:\n  workflow: missing.yml\n`;
    const handle = gh.handle.bind(gh);
    let fail = true;
    gh.handle = async (req) => {
      if (fail && req.path.includes('/dispatches'))
        return {
          status: 404,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ message: 'Not Found', documentation_url: 'https://docs.github.com/rest' }),
        };
      return handle(req);
    };
    await receive('pull_request', pullRequestPayload('opened'));
    expect(ours()[0]).toMatchObject({ status: 'completed', conclusion: 'failure', external_id: 'pr|error', output: { title: 'Could not start the analysis' } });
    expect(ours()[0]!.output.summary).toContain('not found (404)');
    fail = false;
    await receive('pull_request', pullRequestPayload('opened'));
    expect(gh.dispatches).toHaveLength(1);
    expect(gh.shownCheck(HEAD_SHA)).toMatchObject({ status: 'in_progress' });
  });

  it('an API error listing files fails the check closed and surfaces the error', async () => {
    const handle = gh.handle.bind(gh);
    gh.handle = async (req) =>
      req.path.includes('/files')
        ? { status: 502, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: 'Bad Gateway' }) }
        : handle(req);
    await expect(receive('pull_request', pullRequestPayload('opened'))).rejects.toThrow();
    expect(ours()[0]).toMatchObject({ status: 'completed', conclusion: 'failure', external_id: 'pr|error' });
    expect(ours()[0]!.output.summary).toContain('502');
  });

  it('ignores other pull_request actions', async () => {
    await receive('pull_request', { ...pullRequestPayload('opened'), action: 'labeled' });
    expect(gh.exchanges).toEqual([]);
  });
});

// ---- a pull request into another branch than the default ------------------------------------------

describe("pull_request into another branch: the base commit's config plans, as it judges", () => {
  /** release/1.x's config: other datasets than the default branch's */
  const RELEASE_YAML = 'datasets:\n  - name: clips\n    paths: ["audio/**/*.wav"]\n    modality: audio\n';
  const intoRelease = () => {
    const p = pullRequestPayload('opened');
    p.pull_request.base.ref = 'release/1.x';
    return p;
  };
  const contentReads = () => gh.requests('GET', /\/contents\//).map((x) => decodeURIComponent(x.path));

  it("a change only the base commit's config covers is analyzed (the default branch's covers none of it)", async () => {
    gh.configAt.set(BASE_SHA, RELEASE_YAML);
    gh.files.set(PR_NUMBER, [{ filename: 'audio/take-1.wav', status: 'added' }, { filename: 'README.md' }]);
    await receive('pull_request', intoRelease());
    expect(gh.dispatches).toHaveLength(1);
    expect(gh.dispatches[0]!.body).toMatchObject({ ref: 'master', inputs: { 'base-sha': BASE_SHA } });
    expect(ours()[0]).toMatchObject({ status: 'in_progress', output: { title: 'Analyzing 1 dataset' } });
    expect(ours()[0]!.output.summary).toContain('**clips**: 1 changed data file');
    // read at the base sha, in the contents API's JSON form
    expect(contentReads()).toContain(`/repos/${OWNER}/${REPO}/contents/.github/transfer-risk.yml?ref=${BASE_SHA}`);
  });

  it('the reverse: a change only the default branch\'s config covers settles "no dataset changes", naming base\'s datasets', async () => {
    gh.configAt.set(BASE_SHA, RELEASE_YAML);
    gh.files.set(PR_NUMBER, [{ filename: 'data/parts/img-001.png', status: 'added' }]);
    await receive('pull_request', intoRelease());
    expect(gh.dispatches).toEqual([]);
    expect(ours()[0]).toMatchObject({ status: 'completed', conclusion: 'neutral', external_id: 'pr|no-changes', output: { title: 'No dataset changes' } });
    expect(ours()[0]!.output.summary).toContain(`at the base commit \`${BASE_SHA.slice(0, 7)}\` (**clips**)`);
  });

  it("bot settings come from the default branch, not from the base commit's config", async () => {
    gh.config = `${CONFIG_YAML}bot:\n  workflow: gpu.yml\n`;
    gh.configAt.set(BASE_SHA, `${RELEASE_YAML}bot:\n  workflow: other.yml\n  forks: run\n`);
    gh.files.set(PR_NUMBER, [{ filename: 'audio/take-1.wav' }]);
    await receive('pull_request', intoRelease());
    expect(gh.dispatches.map((d) => d.workflow)).toEqual(['gpu.yml']);
    // a fork still waits for approval (the default branch's bot.forks: approve)
    gh.pulls.set(PR_NUMBER, { number: PR_NUMBER, headSha: NEWER_SHA, baseSha: BASE_SHA, headRepo: 'mallory/Hello-World' });
    const fork = pullRequestPayload('synchronize', { headSha: NEWER_SHA, headRepo: 'mallory/Hello-World' });
    await receive('pull_request', fork);
    expect(gh.dispatches).toHaveLength(1);
    expect(gh.shownCheck(NEWER_SHA)).toMatchObject({ conclusion: 'action_required' });
  });

  it.each([
    ['missing at the base commit (404)', undefined, /does not exist/],
    ['invalid at the base commit', 'datasets:\n  - name: clips\n    paths: ["../x/**"]\n', /transfer-risk\.yml:3: .*must not contain \.\./],
    ['over 1 MB at the base commit (the JSON form refuses it: 403 too_large)', `# ${'x'.repeat(1024 * 1024)}\n${RELEASE_YAML}`, /config too large/],
  ])('base config %s while the default branch has one: dispatched, the run decides (never settled)', async (_what, text, reason) => {
    gh.configAt.set(BASE_SHA, text);
    gh.files.set(PR_NUMBER, [{ filename: 'docs/guide.md' }]);
    await receive('pull_request', intoRelease());
    expect(gh.dispatches).toHaveLength(1);
    expect(ours()[0]).toMatchObject({ status: 'in_progress', output: { title: 'Analyzing' } });
    expect(ours()[0]!.output.summary).toMatch(/^The base commit's config cannot say which datasets changed \(/);
    expect(ours()[0]!.output.summary).toMatch(reason);
  });
});

// ---- forks --------------------------------------------------------------------------------------

describe('pull requests from forks', () => {
  it('wait for a maintainer: the check reads "action required" and nothing runs on our runners', async () => {
    gh.pulls.set(PR_NUMBER, { number: PR_NUMBER, headSha: HEAD_SHA, baseSha: BASE_SHA, headRepo: 'mallory/Hello-World' });
    await receive('pull_request', pullRequestPayload('opened', { headRepo: 'mallory/Hello-World' }));
    expect(gh.dispatches).toEqual([]);
    expect(ours()).toHaveLength(1);
    expect(ours()[0]).toMatchObject({ status: 'completed', conclusion: 'action_required', external_id: 'pr|approval' });
    expect(ours()[0]!.details_url).toBe(`https://github.com/${OWNER}/${REPO}/pull/${PR_NUMBER}`);
    expect(ours()[0]!.output.summary).toContain('/transfer-risk rerun');

    // the approval: a user with write access asks for it
    await receive('issue_comment', issueCommentPayload('/transfer-risk rerun'));
    expect(gh.dispatches).toHaveLength(1);
    expect(gh.shownCheck(HEAD_SHA)).toMatchObject({ status: 'in_progress', external_id: 'rerun:comment:555' });
  });

  it('a deleted fork (head.repo null) is a fork too', async () => {
    gh.pulls.set(PR_NUMBER, { number: PR_NUMBER, headSha: HEAD_SHA, baseSha: BASE_SHA, headRepo: null });
    await receive('pull_request', pullRequestPayload('opened', { headRepo: null }));
    expect(gh.dispatches).toEqual([]);
    expect(ours()[0]).toMatchObject({ conclusion: 'action_required' });
  });

  it('someone without write access cannot approve', async () => {
    gh.pulls.set(PR_NUMBER, { number: PR_NUMBER, headSha: HEAD_SHA, baseSha: BASE_SHA, headRepo: 'mallory/Hello-World' });
    gh.permissions.set('mallory', { permission: 'read', role: 'read' });
    await receive('issue_comment', issueCommentPayload('/transfer-risk rerun', { login: 'mallory' }));
    await receive('check_run', checkRunRerequestedPayload({ sender: 'mallory', pullRequests: [{ number: PR_NUMBER, head: { sha: HEAD_SHA } }] }));
    expect(gh.dispatches).toEqual([]);
    expect(gh.checks).toEqual([]);
  });

  it('bot.fork-workflow: fork pull requests go to that workflow (hosted runners) without waiting', async () => {
    gh.config = `${CONFIG_YAML}bot:\n  workflow: gpu.yml\n  fork-workflow: hosted.yml\n`;
    await receive('pull_request', pullRequestPayload('opened', { headRepo: 'mallory/Hello-World' }));
    expect(gh.dispatches.map((d) => d.workflow)).toEqual(['hosted.yml']);
  });

  it('bot.forks: run analyzes them like any pull request', async () => {
    gh.config = `${CONFIG_YAML}bot:\n  forks: run\n`;
    await receive('pull_request', pullRequestPayload('opened', { headRepo: 'mallory/Hello-World' }));
    expect(gh.dispatches.map((d) => d.workflow)).toEqual(['transfer-risk.yml']);
  });
});

// ---- workflow_run.completed ---------------------------------------------------------------------

describe('workflow_run.completed', () => {
  it('publishes one sticky comment from the validated report and completes the check (failure at fail-on)', async () => {
    inProgress();
    gh.addComment({ body: 'LGTM', login: 'someone' });
    artifact(reportZip(makeReport({ level: 'high' })));
    await receive('workflow_run', workflowRunPayload());
    const posted = gh.comments.filter((c) => c.login === 'transfer-risk[bot]');
    expect(posted).toHaveLength(1);
    expect(posted[0]!.body).toContain(COMMENT_MARKER);
    expect(posted[0]!.body).toContain('parts');
    // the comment is rendered from report.json, never taken from the artifact's comment.md
    expect(posted[0]!.body).not.toContain('INJECTED');
    const check = gh.checks.find((c) => c.id === 77)!;
    expect(check).toMatchObject({ status: 'completed', conclusion: 'failure', details_url: RUN_URL, external_id: `pr|run:${RUN_ID}:1` });
    expect(check.output.summary).toContain('fail-on: high');
    expect(check.output.title!.length).toBeGreaterThan(0);
  });

  it('a run that failed after writing its report still gets the verdict published', async () => {
    inProgress();
    artifact(reportZip(makeReport({ level: 'high' })));
    await receive('workflow_run', workflowRunPayload({ conclusion: 'failure' }));
    expect(gh.comments).toHaveLength(1);
    const check = gh.checks.find((c) => c.id === 77)!;
    expect(check).toMatchObject({ conclusion: 'failure' });
    expect(check.output.title).not.toMatch(/workflow failure/i);
    expect(check.output.summary).toContain('itself ended with `failure` after writing this report');
  });

  it('below fail-on the check succeeds; the existing sticky comment is edited, not duplicated', async () => {
    inProgress();
    const old = gh.addComment({ body: `${COMMENT_MARKER}\nold verdict`, login: 'transfer-risk[bot]' });
    artifact(reportZip(makeReport({ level: 'medium' })));
    await receive('workflow_run', workflowRunPayload());
    expect(gh.comments.map((c) => c.id)).toEqual([old.id]);
    expect(gh.comments[0]!.body).not.toContain('old verdict');
    expect(gh.checks[0]).toMatchObject({ conclusion: 'success' });
  });

  it('duplicate sticky comments left by a race: the oldest stays (updated), later ones of ours go', async () => {
    inProgress();
    const first = gh.addComment({ body: `${COMMENT_MARKER}\nverdict A`, login: 'transfer-risk[bot]' });
    gh.addComment({ body: `${COMMENT_MARKER}\nverdict B`, login: 'transfer-risk[bot]' });
    const theirs = gh.addComment({ body: `${COMMENT_MARKER}\nquoted by someone`, login: 'someone' });
    artifact(reportZip(makeReport({ level: 'low' })));
    await receive('workflow_run', workflowRunPayload());
    expect(gh.comments.map((c) => c.id)).toEqual([first.id, theirs.id]);
    expect(gh.comments[0]!.body).not.toContain('verdict A');
  });

  it('fail-on comes from the default-branch config: medium risk fails under fail-on: medium', async () => {
    gh.config = CONFIG_YAML.replace('fail-on: high', 'fail-on: medium');
    inProgress();
    artifact(reportZip(makeReport({ level: 'medium' })));
    await receive('workflow_run', workflowRunPayload());
    expect(gh.checks[0]).toMatchObject({ conclusion: 'failure' });
  });

  it('more than 50 annotations go out in batches of 50 on the completed check', async () => {
    inProgress();
    const report = makeReport({ level: 'high' });
    report.meta.annotations = Array.from({ length: 120 }, (_, i) => ({ path: `data/parts/img-${i}.png`, level: 'high', message: `image ${i} is overexposed` }));
    artifact(reportZip(report));
    await receive('workflow_run', workflowRunPayload());
    const check = gh.checks[0]!;
    expect(check.updates.filter((u) => u.output?.annotations).map((u) => u.output.annotations.length)).toEqual([50, 50, 20]);
    expect(new Set(check.annotations.map((a: any) => a.path)).size).toBe(120);
    expect(check.annotations[0]).toMatchObject({ annotation_level: 'failure', start_line: 1 });
    expect(check).toMatchObject({ status: 'completed', conclusion: 'failure' });
  });

  it('a repeated delivery after the check carries this run finds nothing to do', async () => {
    gh.addCheck({ id: 77, head_sha: HEAD_SHA, app: APP_ID, status: 'completed', conclusion: 'failure', external_id: `pr|run:${RUN_ID}:1` });
    await receive('workflow_run', workflowRunPayload());
    expect(gh.exchanges.filter((x) => x.method !== 'GET' && !x.path.includes('access_tokens'))).toEqual([]);
  });

  it('the same completion delivered concurrently (different ids, two replicas): one comment, one verdict', async () => {
    inProgress();
    artifact(reportZip(makeReport({ level: 'high' })));
    const other = newProbot();
    const payload = workflowRunPayload();
    await Promise.all([receive('workflow_run', payload, 'w1'), receive('workflow_run', payload, 'w2', other), receive('workflow_run', payload, 'w3')]);
    expect(gh.comments).toHaveLength(1);
    expect(gh.checks).toHaveLength(1);
    expect(gh.checks[0]).toMatchObject({ conclusion: 'failure' });
  });

  it('a duplicate left by a race gets the same verdict as the check it mirrors', async () => {
    inProgress();
    gh.addCheck({ id: 78, head_sha: HEAD_SHA, app: APP_ID, status: 'completed', conclusion: 'cancelled', external_id: 'pr|duplicate:77' });
    artifact(reportZip(makeReport({ level: 'high' })));
    await receive('workflow_run', workflowRunPayload());
    expect(gh.checks.map((c) => [c.id, c.conclusion, c.external_id])).toEqual([
      [77, 'failure', `pr|run:${RUN_ID}:1`],
      [78, 'failure', 'pr|duplicate:77'],
    ]);
    expect(gh.shownCheck(HEAD_SHA)!.output.title).toBe(gh.checks[0]!.output.title);
  });

  it('"no dataset changes" found by the run (status.json): the bot completes its check with that title', async () => {
    inProgress();
    artifact(statusZip());
    await receive('workflow_run', workflowRunPayload());
    expect(gh.checks[0]).toMatchObject({ status: 'completed', conclusion: 'neutral', output: { title: 'No dataset changes' } });
    expect(gh.comments).toEqual([]);
  });

  it('a result for an older head SHA completes its own check but never touches the comment', async () => {
    inProgress();
    gh.pulls.set(PR_NUMBER, { number: PR_NUMBER, headSha: NEWER_SHA, baseSha: BASE_SHA });
    artifact(reportZip(makeReport({ level: 'low' })));
    await receive('workflow_run', workflowRunPayload());
    expect(gh.checks[0]).toMatchObject({ conclusion: 'success' });
    expect(gh.checks[0]!.output.summary).toContain('no longer the head');
    expect(gh.requests('GET', /comments/)).toEqual([]);
  });

  it('without our run-name the trusted report names the commit, and the PR is found by its head SHA', async () => {
    inProgress();
    gh.pulls.set(1, { number: 1, headSha: 'a'.repeat(40), baseSha: BASE_SHA });
    artifact(reportZip(makeReport({ level: 'low' })));
    await receive('workflow_run', workflowRunPayload({ title: 'transfer-risk', pullRequests: [] }));
    expect(gh.checks[0]).toMatchObject({ conclusion: 'success', external_id: `pr|run:${RUN_ID}:1` });
  });

  it('without our run-name and without a result the run cannot be attributed and is left alone', async () => {
    inProgress();
    await receive('workflow_run', workflowRunPayload({ title: 'transfer-risk', conclusion: 'failure' }));
    expect(gh.checks[0]).toMatchObject({ status: 'in_progress', updates: [] });
  });

  it.each([
    ['a pull_request-triggered run (the workflow file came from the PR)', { event: 'pull_request', headSha: HEAD_SHA, branch: 'changes' }],
    ['a dispatch on another branch', { branch: 'changes' }],
    ['a run from a fork repository', { headRepository: 'evil/Hello-World' }],
  ])('%s is not trusted: its artifact is never read', async (_label, over) => {
    inProgress();
    artifact(reportZip(makeReport({ level: 'low' })));
    await receive('workflow_run', workflowRunPayload(over as Parameters<typeof workflowRunPayload>[0]));
    expect(gh.requests('GET', /artifacts/)).toEqual([]);
    expect(gh.checks[0]!.updates).toEqual([]);
  });

  it('the result of a superseded analysis is ignored', async () => {
    gh.addCheck({ id: 77, head_sha: HEAD_SHA, app: APP_ID, status: 'completed', conclusion: 'neutral', external_id: 'pr|superseded' });
    gh.addCheck({ id: 120, head_sha: HEAD_SHA, app: APP_ID, status: 'in_progress', external_id: 'rerun:comment:5' });
    artifact(reportZip(makeReport({ level: 'low' })));
    await receive('workflow_run', workflowRunPayload({}, 77));
    expect(gh.checks.every((c) => c.updates.length === 0)).toBe(true);
  });

  it('a run whose check is gone gets a new completed check; another in-progress check is not taken over', async () => {
    gh.addCheck({ id: 120, head_sha: HEAD_SHA, app: APP_ID, status: 'in_progress', external_id: 'rerun:comment:5' });
    artifact(reportZip(makeReport({ level: 'low' })));
    await receive('workflow_run', workflowRunPayload({}, 77));
    expect(gh.checks.find((c) => c.id === 120)!.updates).toEqual([]);
    expect(gh.checks.find((c) => c.id !== 120)).toMatchObject({ name: 'transfer-risk', head_sha: HEAD_SHA, status: 'completed', conclusion: 'success' });
  });

  it('a run with neither a pull request nor a check for its commit is ignored', async () => {
    artifact(reportZip(makeReport({ headSha: NEWER_SHA })));
    await receive('workflow_run', workflowRunPayload({ title: 'manual run' }));
    expect(gh.checks).toEqual([]);
    expect(gh.comments).toEqual([]);
  });

  it('runs of other workflows are ignored', async () => {
    inProgress();
    await receive('workflow_run', workflowRunPayload({ path: '.github/workflows/ci.yml' }));
    expect(gh.exchanges.some((x) => /check-runs|artifacts/.test(x.path))).toBe(false);
  });

  it.each([
    ['failure', 'failure', 'finished with `failure` before writing a result'],
    ['cancelled', 'cancelled', 'was cancelled'],
    ['timed_out', 'timed_out', 'finished with `timed_out`'],
    ['startup_failure', 'failure', 'finished with `startup_failure`'],
    ['skipped', 'failure', 'finished with `skipped`'],
  ])('a %s run without a result completes the check as %s with a link to the run', async (runConclusion, checkConclusion, text) => {
    inProgress();
    await receive('workflow_run', workflowRunPayload({ conclusion: runConclusion }));
    expect(gh.checks[0]).toMatchObject({ status: 'completed', conclusion: checkConclusion, details_url: RUN_URL });
    expect(gh.checks[0]!.output.summary).toContain(text);
    expect(gh.checks[0]!.output.summary).toContain(RUN_URL);
  });

  describe('untrusted artifacts: the check fails closed with the reason', () => {
    async function expectUnusable(reason: RegExp): Promise<void> {
      inProgress();
      await receive('workflow_run', workflowRunPayload());
      expect(gh.checks[0]).toMatchObject({ status: 'completed', conclusion: 'failure', output: { title: 'Analysis result unusable' } });
      expect(gh.checks[0]!.output.summary).toMatch(reason);
      expect(gh.comments).toEqual([]);
    }

    it('no artifact', async () => {
      await expectUnusable(/uploaded no `transfer-risk-report` artifact/);
    });

    it('expired artifact', async () => {
      artifact(reportZip(makeReport()), RUN_ID, 10, true);
      await expectUnusable(/expired/);
    });

    it('declared size over the cap: not even downloaded', async () => {
      artifact(reportZip(makeReport()), RUN_ID, 21 * 1024 * 1024);
      await expectUnusable(/larger than 20 MB/);
      expect(gh.requests('GET', /\/zip$/)).toEqual([]);
    });

    it('more bytes than the cap arrive despite a small declared size', async () => {
      probot = newProbot({ appId: APP_ID, limits: { maxZipBytes: 4096, maxReportBytes: 4096, maxEntries: 10 } });
      artifact(new Uint8Array(50_000).fill(7), RUN_ID, 1000);
      await expectUnusable(/larger than/);
    });

    it('zip without report.json', async () => {
      artifact(zipSync({ 'comment.md': strToU8('hi'), 'report.html': strToU8('<p>') }));
      await expectUnusable(/has no report\.json/);
    });

    it('zip-slip entry names', async () => {
      artifact(reportZip(makeReport(), { '../../.github/workflows/evil.yml': strToU8('on: push') }));
      await expectUnusable(/unsafe entry name "\.\.\/\.\.\/\.github\/workflows\/evil\.yml"/);
    });

    it('not a zip at all', async () => {
      artifact(strToU8('<html>not a zip</html>'));
      await expectUnusable(/not a readable zip/);
    });

    it('report.json that is not JSON', async () => {
      artifact(reportZip('{"schemaVersion": 1,'));
      await expectUnusable(/not valid JSON/);
    });

    it('report.json failing the schema', async () => {
      const bad = makeReport() as unknown as any;
      bad.risk.scenarios = bad.risk.scenarios.slice(0, 2);
      bad.datasets[0].features[0].kind = 'ordinal';
      artifact(reportZip(bad));
      await expectUnusable(/not a valid transfer-risk report/);
    });

    it('a status.json that is not one', async () => {
      artifact(statusZip({ schemaVersion: 1, status: 'all-good', base: { sha: BASE_SHA }, head: { sha: HEAD_SHA } }));
      await expectUnusable(/status\.json in the artifact has an unknown status/);
    });

    it('a report for another commit is not used', async () => {
      inProgress();
      artifact(reportZip(makeReport({ headSha: NEWER_SHA })));
      await receive('workflow_run', workflowRunPayload());
      expect(gh.checks[0]).toMatchObject({ conclusion: 'failure', output: { title: 'Analysis result for another commit' } });
    });
  });

  it('an API error reading artifacts fails the check closed and surfaces the error', async () => {
    inProgress();
    const handle = gh.handle.bind(gh);
    gh.handle = async (req) =>
      req.path.includes('/artifacts')
        ? { status: 500, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: 'boom' }) }
        : handle(req);
    await expect(receive('workflow_run', workflowRunPayload())).rejects.toThrow();
    expect(gh.checks[0]).toMatchObject({ conclusion: 'failure', external_id: 'pr|error' });
    expect(gh.checks[0]!.output.summary).toContain('500');
  });

  it('a failing comment API still completes the check, saying the comment could not be updated', async () => {
    inProgress();
    artifact(reportZip(makeReport({ level: 'low' })));
    const handle = gh.handle.bind(gh);
    gh.handle = async (req) =>
      req.method === 'POST' && req.path.includes('/comments')
        ? { status: 403, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: 'Resource not accessible by integration' }) }
        : handle(req);
    await receive('workflow_run', workflowRunPayload());
    expect(gh.checks[0]).toMatchObject({ conclusion: 'success' });
    expect(gh.checks[0]!.output.summary).toContain('could not be updated');
  });
});

// ---- reruns -------------------------------------------------------------------------------------

describe('reruns', () => {
  it('check_run.rerequested dispatches again even though the commit has a verdict (fork: PR found by SHA)', async () => {
    gh.addCheck({ id: 77, head_sha: HEAD_SHA, app: APP_ID, status: 'completed', conclusion: 'failure', external_id: `pr|run:${RUN_ID}:1` });
    await receive('check_run', checkRunRerequestedPayload());
    expect(gh.dispatches).toHaveLength(1);
    const fresh = gh.shownCheck(HEAD_SHA)!;
    expect(fresh).toMatchObject({ status: 'in_progress', external_id: 'rerun:check:77' });
    expect(gh.dispatches[0]!.body.inputs).toMatchObject({ 'check-run-id': String(fresh.id), 'head-sha': HEAD_SHA });
  });

  it('a rerun supersedes an analysis still in progress on the commit', async () => {
    inProgress();
    await receive('check_run', checkRunRerequestedPayload({ pullRequests: [{ number: PR_NUMBER, head: { sha: HEAD_SHA } }] }));
    expect(gh.checks.find((c) => c.id === 77)).toMatchObject({ status: 'completed', conclusion: 'neutral', external_id: 'pr|superseded' });
    expect(gh.dispatches).toHaveLength(1);
  });

  it("check_run.rerequested for another app's or another name's check is ignored", async () => {
    await receive('check_run', checkRunRerequestedPayload({ appId: OTHER_APP }));
    await receive('check_run', checkRunRerequestedPayload({ name: 'build' }));
    expect(gh.exchanges.filter((x) => !x.path.includes('access_tokens'))).toEqual([]);
  });

  it('check_suite.rerequested ("Re-run all checks") analyzes the head again, once per request', async () => {
    gh.addCheck({ id: 77, head_sha: HEAD_SHA, app: APP_ID, status: 'completed', conclusion: 'success', external_id: `pr|run:${RUN_ID}:1` });
    const payload = checkSuiteRerequestedPayload({ pullRequests: [{ number: PR_NUMBER, head: { sha: HEAD_SHA } }] });
    await Promise.all([receive('check_suite', payload), receive('check_suite', payload)]);
    await receive('check_suite', payload);
    expect(gh.dispatches).toHaveLength(1);
    expect(gh.shownCheck(HEAD_SHA)).toMatchObject({ status: 'in_progress', external_id: `rerun:suite:${payload.check_suite.id}:2026-11-27T12:00:00Z` });
    // a later click is a new request
    await receive('check_suite', checkSuiteRerequestedPayload({ updatedAt: '2026-11-27T13:00:00Z' }));
    expect(gh.dispatches).toHaveLength(2);
  });

  it("check_suite.rerequested of another app's suite is ignored", async () => {
    await receive('check_suite', checkSuiteRerequestedPayload({ appId: OTHER_APP }));
    expect(gh.dispatches).toEqual([]);
    expect(gh.exchanges.filter((x) => !x.path.includes('access_tokens'))).toEqual([]);
  });

  it.each(['write', 'admin'])('/transfer-risk rerun from a user with %s permission dispatches again', async (permission) => {
    gh.permissions.set('maintainer', { permission });
    gh.addCheck({ id: 77, head_sha: HEAD_SHA, app: APP_ID, status: 'completed', conclusion: 'neutral', external_id: 'pr|no-changes' });
    await receive('issue_comment', issueCommentPayload('/transfer-risk rerun\n\nplease'));
    expect(gh.dispatches).toHaveLength(1);
    expect(gh.reactions).toEqual([{ commentId: 555, content: 'eyes' }]);
  });

  it('maintain role (reported as write permission) may rerun', async () => {
    gh.permissions.set('maintainer', { permission: 'write', role: 'maintain' });
    await receive('issue_comment', issueCommentPayload('/transfer-risk rerun'));
    expect(gh.dispatches).toHaveLength(1);
  });

  it('the same rerun comment delivered three times (concurrently, then again): one dispatch', async () => {
    const payload = issueCommentPayload('/transfer-risk rerun');
    await Promise.all([receive('issue_comment', payload, 'c1'), receive('issue_comment', payload, 'c2')]);
    await receive('issue_comment', payload, 'c3');
    expect(gh.dispatches).toHaveLength(1);
    expect(gh.liveChecks(HEAD_SHA)).toHaveLength(1);
  });

  it.each([
    ['read', { permission: 'read', role: 'triage' }],
    ['none (not a collaborator)', undefined],
  ])('/transfer-risk rerun from a user with %s access does nothing', async (_label, perm) => {
    if (perm) gh.permissions.set('drive-by', perm);
    await receive('issue_comment', issueCommentPayload('/transfer-risk rerun', { login: 'drive-by' }));
    expect(gh.dispatches).toEqual([]);
    expect(gh.checks).toEqual([]);
  });

  it('other comments, comments on issues and comments by bots are ignored without API calls', async () => {
    await receive('issue_comment', issueCommentPayload('looks good, /transfer-risk rerun later?'));
    await receive('issue_comment', issueCommentPayload('/transfer-risk rerun', { onPullRequest: false }));
    await receive('issue_comment', issueCommentPayload('/transfer-risk rerun', { userType: 'Bot', login: 'other[bot]' }));
    expect(gh.exchanges).toEqual([]);
  });

  it('a closed pull request is not rerun', async () => {
    gh.pulls.set(PR_NUMBER, { number: PR_NUMBER, headSha: HEAD_SHA, baseSha: BASE_SHA, state: 'closed' });
    await receive('issue_comment', issueCommentPayload('/transfer-risk rerun'));
    expect(gh.dispatches).toEqual([]);
  });
});
