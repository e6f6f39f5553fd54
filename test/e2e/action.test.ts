/**
 * End to end: `node dist/action.js` run the way a runner runs our action.yml's node step (INPUT_* and
 * GITHUB_* environment, an event file, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files) on a real git
 * workspace holding a base and a head commit of a small image dataset, against a local HTTP stand-in
 * for the GitHub API as strict as GitHub (test/github/fake-github.ts: complete answers, 422 for bodies
 * GitHub's OpenAPI description rejects, 403 for a check run of another app; every exchange checked).
 * Needs the build (jest's globalSetup runs it).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { webhookExample, type Payload } from '../action/webhook-examples.js';
import { FakeGitHub } from '../github/fake-github.js';
import { serveWithHttp } from '../github/serve.js';
import { GITHUB_ACTIONS_APP_ID } from '../github/strict-fetch.js';
import { git, makeWorkspace, parseOutputs, type Workspace } from './dataset-repo.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ENTRY = path.join(ROOT, 'dist/action.js');
const MARKER = '<!-- transfer-risk:comment -->';
const OWNER = 'acme';
const REPO = 'parts-data';
const PR = 7;
const DOCS_PR = 8;
const BOT_APP = 4321;
const TOKEN = 'ghs_e2eToken';

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  runnerTemp: string;
}

let runNo = 0;

/** the exit code, with the run's log in the failure message when it differs */
function expectExit(r: RunResult, code: number): void {
  const diag = `\n--- stdout ---\n${r.stdout.slice(-4000)}\n--- stderr ---\n${r.stderr.slice(-4000)}`;
  expect({ code: r.code, diag: r.code === code ? '' : diag }).toEqual({ code, diag: '' });
}

function pullRequestEvent(ws: Workspace): Payload {
  const event = webhookExample('pull_request', 'synchronize');
  event.number = PR;
  event.pull_request.number = PR;
  event.pull_request.base.sha = ws.base;
  event.pull_request.base.ref = 'main';
  event.pull_request.head.sha = ws.head;
  event.pull_request.head.ref = 'new-camera';
  event.pull_request.changed_files = ws.changed.length;
  for (const r of [event.repository, event.pull_request.base.repo, event.pull_request.head.repo]) {
    r.name = REPO;
    r.full_name = `${OWNER}/${REPO}`;
    r.owner.login = OWNER;
  }
  return event;
}

/** What the bot dispatches: workflow_dispatch with its four inputs. */
function botDispatchEvent(pr: number, base: string, head: string, checkRunId: number): Payload {
  const event = webhookExample('workflow_dispatch');
  event.repository = pullRequestEvent({ dir: '', base, head, merge: '', changed: [] }).repository;
  event.inputs = { pr: String(pr), 'base-sha': base, 'head-sha': head, 'check-run-id': String(checkRunId) };
  return event;
}

async function runAction(root: string, ws: Workspace, api: string, eventName: string, event: Payload, inputs: Record<string, string> = {}): Promise<RunResult> {
  runNo += 1;
  const dir = path.join(root, `run-${runNo}`);
  mkdirSync(dir, { recursive: true });
  const eventPath = path.join(dir, 'event.json');
  writeFileSync(eventPath, JSON.stringify(event));
  const outputPath = path.join(dir, 'output.txt');
  const summaryPath = path.join(dir, 'summary.md');
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');
  const runnerTemp = path.join(dir, 'runner-temp');
  mkdirSync(runnerTemp);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    XDG_CACHE_HOME: path.join(root, 'xdg-cache'),
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
    GITHUB_API_URL: api,
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_RUN_ID: String(1000 + runNo),
    GITHUB_SHA: ws.merge,
    GITHUB_REF: `refs/pull/${PR}/merge`,
    GITHUB_WORKSPACE: ws.dir,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    RUNNER_TEMP: runnerTemp,
    // the composite action's env block (action.yml) passes inputs with `_`
    INPUT_GITHUB_TOKEN: TOKEN,
    INPUT_CONFIG: '.github/transfer-risk.yml',
    INPUT_COMMENT: 'true',
    INPUT_BACKEND: 'wasm',
    INPUT_SAMPLE_SIZE: '20',
    INPUT_CACHE: 'true',
    INPUT_FAIL_ON: '',
    ...inputs,
  };
  const child = spawn(process.execPath, [ENTRY], { cwd: ws.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr, outputs: parseOutputs(readFileSync(outputPath, 'utf8')), summary: readFileSync(summaryPath, 'utf8'), runnerTemp };
}

// ---------------------------------------------------------------------------------------------

describe('node dist/action.js (e2e)', () => {
  let root: string;
  let ws: Workspace;
  let docsHead: string;
  let gh: FakeGitHub;
  let api: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run \`npx tsc -p tsconfig.json\` (npm run build) first`);
    root = mkdtempSync(path.join(os.tmpdir(), 'tr-e2e-action-'));
    ws = await makeWorkspace(root);
    // a pull request that changes only the README
    git(ws.dir, 'checkout', '-q', '-b', 'docs', ws.base);
    writeFileSync(path.join(ws.dir, 'README.md'), '# parts\n\nMore words.\n');
    git(ws.dir, 'commit', '-q', '-am', 'docs only');
    docsHead = git(ws.dir, 'rev-parse', 'HEAD');
    git(ws.dir, 'checkout', '-q', 'main');
    const served = await serveWithHttp(
      (blobOrigin) =>
        new FakeGitHub({
          owner: OWNER,
          repo: REPO,
          blobOrigin,
          tokenApps: { [TOKEN]: GITHUB_ACTIONS_APP_ID },
          apps: { [GITHUB_ACTIONS_APP_ID]: 'github-actions' },
          jitterMs: 5,
        }),
    );
    gh = served.gh;
    api = served.api;
    close = served.close;
    gh.pulls.set(PR, { number: PR, headSha: ws.head, baseSha: ws.base, changedFiles: ws.changed.length });
    gh.files.set(PR, ws.changed);
    gh.pulls.set(DOCS_PR, { number: DOCS_PR, headSha: docsHead, baseSha: ws.base, changedFiles: 1 });
    gh.files.set(DOCS_PR, [{ filename: 'README.md' }]);
  }, 60_000);

  afterAll(async () => {
    await close?.();
  });

  it('pull_request: first run creates one comment; second run updates it; fail-on: medium fails the step after posting', async () => {
    // run 1: creates the comment, passes (the repository's fail-on is none)
    const first = await runAction(root, ws, api, 'pull_request', pullRequestEvent(ws));
    expectExit(first, 0);
    const posts = () => gh.requests('POST', new RegExp(`/issues/${PR}/comments$`));
    const patches = () => gh.requests('PATCH', /\/issues\/comments\//);
    expect(posts()).toHaveLength(1);
    expect(patches()).toHaveLength(0);
    expect(gh.comments).toHaveLength(1);
    const comment = gh.comments[0]!;
    expect(comment.login).toBe('github-actions[bot]');
    expect(comment.body.startsWith(MARKER)).toBe(true);
    expect(comment.body).toContain('https://github.example/acme/parts-data/actions/runs/1001');
    // the API was called with the token, for the pull request's files
    expect(gh.exchanges.every((x) => x.app === GITHUB_ACTIONS_APP_ID)).toBe(true);
    expect(gh.requests('GET', new RegExp(`/pulls/${PR}/files`))).not.toEqual([]);

    // outputs
    expect(['low', 'medium', 'high']).toContain(first.outputs['risk-level']);
    const reportPath = first.outputs['report-path']!;
    expect(reportPath.endsWith(path.join('transfer-risk-report', 'report.json'))).toBe(true);
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as {
      head: { sha: string };
      base: { sha: string };
      risk: { level: string };
      datasets: Array<{ name: string; sample: { base: number; head: number } }>;
    };
    // the PR head, not the merge commit in GITHUB_SHA
    expect(report.head.sha).toBe(ws.head);
    expect(report.base.sha).toBe(ws.base);
    expect(report.risk.level).toBe(first.outputs['risk-level']);
    expect(report.datasets.map((d) => d.name)).toEqual(['parts']);
    expect(report.datasets[0]!.sample).toEqual({ base: 20, head: 20 });
    for (const f of ['comment.md', 'report.html']) expect(existsSync(path.join(path.dirname(reportPath), f))).toBe(true);
    // job summary written; artifact storage unavailable here → a warning, not a failure
    expect(first.summary).toMatch(/Transfer-learning risk/);
    expect(first.stdout).toMatch(/artifact storage is not available/);
    if (process.env.E2E_DEBUG) console.log(first.stdout, first.stderr, first.summary);
    // the drift is real: darker, noisier images are not "low"
    expect(report.risk.level).not.toBe('low');

    // run 2: updates the same comment in place
    const second = await runAction(root, ws, api, 'pull_request', pullRequestEvent(ws));
    expectExit(second, 0);
    expect(posts()).toHaveLength(1);
    expect(patches()).toHaveLength(1);
    expect(patches()[0]!.path).toBe(`/repos/${OWNER}/${REPO}/issues/comments/${comment.id}`);
    expect(gh.comments).toHaveLength(1);
    expect(gh.comments[0]!.body).toContain('https://github.example/acme/parts-data/actions/runs/1002');
    expect(second.outputs['comment-url']).toBe(first.outputs['comment-url']);

    // run 3: fail-on: medium on the drifting PR → non-zero exit, after the comment was updated
    const third = await runAction(root, ws, api, 'pull_request', pullRequestEvent(ws), { INPUT_FAIL_ON: 'medium' });
    expectExit(third, 1);
    expect(third.stdout).toMatch(/::error::transfer-learning risk is (medium|high), at or above fail-on: medium/);
    expect(patches()).toHaveLength(2);
    expect(gh.comments).toHaveLength(1);
    expect(third.outputs['risk-level']).toBe(first.outputs['risk-level']);
    // no stack traces in any run
    for (const r of [first, second, third]) expect(r.stdout + r.stderr).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
    expect(gh.problems()).toEqual([]);
  }, 300_000);

  it("the bot's dispatch: the run succeeds at fail-on, uploads the report, and never PATCHes the bot-owned check", async () => {
    const check = gh.addCheck({ head_sha: ws.head, app: BOT_APP, status: 'in_progress', external_id: 'pr' });
    const before = gh.exchanges.length;
    const r = await runAction(root, ws, api, 'workflow_dispatch', botDispatchEvent(PR, ws.base, ws.head, check.id), {
      INPUT_FAIL_ON: 'medium',
      INPUT_COMMENT: 'false',
      INPUT_CHECK_RUN: 'true',
    });
    expectExit(r, 0);
    const mine = gh.exchanges.slice(before);
    // the action's token never wrote a check run: neither the bot's nor one of its own
    expect(mine.filter((x) => /check-runs/.test(x.path))).toEqual([]);
    expect(gh.refusedUpdates).toEqual([]);
    expect(check).toMatchObject({ status: 'in_progress', updates: [] });
    const report = JSON.parse(readFileSync(path.join(r.runnerTemp, 'transfer-risk-report', 'report.json'), 'utf8')) as {
      head: { sha: string };
      risk: { level: string };
    };
    expect(report.head.sha).toBe(ws.head);
    expect(['medium', 'high']).toContain(report.risk.level);
    expect(r.stdout).toMatch(/reaches fail-on medium: the bot's check carries the failure/);
    expect(r.stdout).not.toMatch(/::error::/);
    expect(gh.problems()).toEqual([]);
  }, 300_000);

  it("the bot's dispatch with no dataset changes: status.json says so; the bot-owned check is left to the bot", async () => {
    const check = gh.addCheck({ head_sha: docsHead, app: BOT_APP, status: 'in_progress', external_id: 'pr' });
    const before = gh.exchanges.length;
    const r = await runAction(root, ws, api, 'workflow_dispatch', botDispatchEvent(DOCS_PR, ws.base, docsHead, check.id), { INPUT_COMMENT: 'false' });
    expectExit(r, 0);
    expect(gh.exchanges.slice(before).filter((x) => /check-runs/.test(x.path))).toEqual([]);
    expect(check).toMatchObject({ status: 'in_progress', updates: [] });
    const status = JSON.parse(readFileSync(path.join(r.runnerTemp, 'transfer-risk-report', 'status.json'), 'utf8')) as unknown;
    expect(status).toEqual({ schemaVersion: 1, status: 'no-changes', base: { sha: ws.base }, head: { sha: docsHead } });
    expect(r.outputs['risk-level']).toBe('none');
    expect(gh.problems()).toEqual([]);
  }, 120_000);
});
