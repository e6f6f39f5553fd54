/* eslint-disable @typescript-eslint/no-explicit-any -- webhook payloads and API bodies are free-form JSON */
/**
 * End to end: two replicas of the bot (`npm start`, two processes) against one local stand-in for the
 * GitHub Enterprise API (GHE_HOST / GHE_PROTOCOL=http) that is as strict as GitHub
 * (test/github/fake-github.ts: complete answers, 422 for bodies its OpenAPI description rejects, 403
 * for another app's check run, artifact downloads redirected to a blob host on another origin that
 * refuses tokens, random latency so concurrent requests interleave). Signed webhooks are delivered over
 * HTTP, concurrently and repeatedly. The workflow the bot dispatches is run for real: the stand-in
 * starts `node dist/action.js` as the dispatched job would, uploads what it wrote as the run's artifact
 * and delivers `workflow_run.completed`.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { FakeGitHub } from '../github/fake-github.js';
import { serveWithHttp } from '../github/serve.js';
import { GITHUB_ACTIONS_APP_ID } from '../github/strict-fetch.js';
import { APP_ID, INSTALLATION_ID, OWNER, REPO, privateKey, pullRequestPayload, workflowRunPayload, checkSuiteRerequestedPayload } from '../bot/fixtures.js';
import { git, makeWorkspace, type Workspace } from './dataset-repo.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SECRET = 'e2e-webhook-secret';
const PR = 2;
const DOCS_PR = 3;
const DOCS_SHA = '3333333333333333333333333333333333333333';
const ACTIONS_TOKEN = 'ghs_actions_e2e';

// A high-risk PR: the declared tasks mismatch (an ImageNet classifier fine-tuned for detection) and
// the new camera drifts; the default branch's policy fails at medium.
const CONFIG = [
  'datasets:',
  '  - name: parts',
  '    paths: ["data/**"]',
  '    modality: image',
  '    labels: directory',
  'pretrained:',
  '  model: builtin:default',
  '  task: classification',
  '  source: imagenet',
  'target:',
  '  task: detection',
  'sample: {size: 20, seed: 7}',
  'fail-on: medium',
  '',
].join('\n');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function until<T>(what: string, probe: () => T | undefined | false, ms = 30000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const settle = (ms = 700) => new Promise((r) => setTimeout(r, ms));

interface Replica {
  proc: ChildProcess;
  port: number;
  log: string;
}

let gh: FakeGitHub;
let api = '';
let closeApi: () => Promise<void>;
let ws: Workspace;
let root = '';
const replicas: Replica[] = [];
/** analysis runs started by dispatches: their promises */
const runs: Array<Promise<void>> = [];
let nextRunId = 9100;

function sign(body: string, secret = SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

async function deliver(r: Replica, event: string, payload: unknown, opts: { id?: string; signature?: string } = {}): Promise<number> {
  const body = JSON.stringify(payload);
  const res = await fetch(`http://127.0.0.1:${r.port}/api/github/webhooks`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': event,
      'x-github-delivery': opts.id ?? `e2e-${Math.random()}`,
      'x-hub-signature-256': opts.signature ?? sign(body),
    },
    body,
  });
  await res.text();
  return res.status;
}

const ENTRY_FILES = ['dist/bot.js', 'dist/bot/app.js', 'dist/bot/server.js', 'dist/action.js'];

async function startReplica(): Promise<Replica> {
  const port = await freePort();
  const r: Replica = { port, log: '', proc: undefined as unknown as ChildProcess };
  r.proc = spawn('npm', ['start'], {
    cwd: ROOT,
    detached: true,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      APP_ID: String(APP_ID),
      PRIVATE_KEY: privateKey(),
      WEBHOOK_SECRET: SECRET,
      PORT: String(port),
      HOST: '127.0.0.1',
      GHE_HOST: api.replace(/^http:\/\//, ''),
      GHE_PROTOCOL: 'http',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  r.proc.stdout!.on('data', (d: Buffer) => (r.log += d.toString()));
  r.proc.stderr!.on('data', (d: Buffer) => (r.log += d.toString()));
  await until('a replica to listen', () => /Listening on http/.test(r.log) || r.proc.exitCode !== null, 90000);
  if (r.proc.exitCode !== null) throw new Error(`the bot exited: ${r.log}`);
  return r;
}

/**
 * The dispatched workflow, for real: `node dist/action.js` on the bot's dispatch event in a checkout
 * of the default branch; what it wrote to $RUNNER_TEMP/transfer-risk-report becomes the run's
 * artifact (upload-artifact's part), then `workflow_run.completed` goes to the replicas, several times.
 */
function runDispatchedWorkflow(d: { workflow: string; body: any }): void {
  const runId = nextRunId++;
  const inputs = d.body.inputs as Record<string, string>;
  runs.push(
    (async () => {
      const dir = mkdtempSync(path.join(root, `run-${runId}-`));
      const eventPath = path.join(dir, 'event.json');
      writeFileSync(eventPath, JSON.stringify({ inputs, ref: 'refs/heads/master', repository: pullRequestPayload().repository }));
      const runnerTemp = path.join(dir, 'temp');
      mkdirSync(runnerTemp);
      writeFileSync(path.join(dir, 'out'), '');
      const child = spawn(process.execPath, [path.join(ROOT, 'dist/action.js')], {
        cwd: ws.dir,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          XDG_CACHE_HOME: path.join(root, 'xdg-cache'),
          GITHUB_ACTIONS: 'true',
          GITHUB_EVENT_NAME: 'workflow_dispatch',
          GITHUB_EVENT_PATH: eventPath,
          GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
          GITHUB_API_URL: `${api}/api/v3`,
          GITHUB_SERVER_URL: 'https://ghe.test',
          GITHUB_RUN_ID: String(runId),
          GITHUB_WORKSPACE: ws.dir,
          GITHUB_OUTPUT: path.join(dir, 'out'),
          RUNNER_TEMP: runnerTemp,
          INPUT_GITHUB_TOKEN: ACTIONS_TOKEN,
          INPUT_COMMENT: 'false',
          INPUT_BACKEND: 'wasm',
          INPUT_CACHE: 'false',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
      child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      writeFileSync(path.join(dir, 'action.log'), out);
      const reportDir = path.join(runnerTemp, 'transfer-risk-report');
      if (existsSync(reportDir)) {
        const files = Object.fromEntries(readdirSync(reportDir).map((f) => [f, new Uint8Array(readFileSync(path.join(reportDir, f)))]));
        const zip = zipSync(files);
        const artifactId = runId + 50_000;
        gh.runArtifacts.set(runId, [{ id: artifactId, size_in_bytes: zip.byteLength }]);
        gh.blobs.set(artifactId, zip);
      }
      const payload = workflowRunPayload(
        {
          runId,
          conclusion: code === 0 ? 'success' : 'failure',
          title: `transfer-risk PR #${inputs.pr} head ${inputs['head-sha']} check ${inputs['check-run-id']}`,
        },
        Number(inputs['check-run-id']),
      );
      payload.workflow_run.path = `.github/workflows/${d.workflow}`;
      // delivered concurrently: twice with one id (to each replica), once more with another id
      await Promise.all([
        deliver(replicas[0]!, 'workflow_run', payload, { id: `run-${runId}` }),
        deliver(replicas[1]!, 'workflow_run', payload, { id: `run-${runId}` }),
        deliver(replicas[1]!, 'workflow_run', payload, { id: `run-${runId}-redelivery` }),
      ]);
    })(),
  );
}

beforeAll(async () => {
  expect(ENTRY_FILES.filter((f) => !existsSync(`${ROOT}/${f}`))).toEqual([]);
  root = mkdtempSync(path.join(os.tmpdir(), 'tr-e2e-bot-'));
  ws = await makeWorkspace(root, CONFIG);
  // the dispatched workflow checks out the default branch, not the pull request
  git(ws.dir, 'checkout', '-q', '--detach', ws.base);
  const served = await serveWithHttp(
    (blobOrigin) =>
      new FakeGitHub({
        owner: OWNER,
        repo: REPO,
        defaultBranch: 'master',
        blobOrigin,
        tokenApps: { ghs_installation_e2e: APP_ID, [ACTIONS_TOKEN]: GITHUB_ACTIONS_APP_ID },
        installations: { [INSTALLATION_ID]: 'ghs_installation_e2e' },
        apps: { [APP_ID]: 'transfer-risk', [GITHUB_ACTIONS_APP_ID]: 'github-actions' },
        jitterMs: 25,
      }),
  );
  gh = served.gh;
  api = served.api;
  closeApi = served.close;
  gh.config = CONFIG;
  gh.pulls.set(PR, { number: PR, headSha: ws.head, baseSha: ws.base, changedFiles: ws.changed.length });
  gh.files.set(PR, [{ filename: 'README.md' }, ...ws.changed]);
  gh.pulls.set(DOCS_PR, { number: DOCS_PR, headSha: DOCS_SHA, baseSha: ws.base });
  gh.files.set(DOCS_PR, [{ filename: 'docs/guide.md' }]);
  gh.permissions.set('maintainer', { permission: 'write' });
  gh.onDispatch = runDispatchedWorkflow;
  // the two replicas start one after the other (each builds nothing: jest's globalSetup built dist/)
  replicas.push(await startReplica());
  replicas.push(await startReplica());
}, 300000);

afterAll(async () => {
  for (const r of replicas) {
    if (r.proc.pid !== undefined && r.proc.exitCode === null) {
      const exited = new Promise((res) => r.proc.once('exit', res));
      process.kill(-r.proc.pid, 'SIGTERM');
      await exited;
    }
  }
  await closeApi?.();
});

const prPayload = (action: 'opened' | 'synchronize' | 'reopened' = 'opened', over: { number?: number; headSha?: string } = {}) => {
  const p = pullRequestPayload(action, { headSha: over.headSha ?? ws.head, ...(over.number ? { number: over.number } : {}) });
  p.pull_request.base.sha = ws.base;
  return p;
};

describe('two bot replicas (npm start) against a strict GHE stand-in', () => {
  it('refuses a forged signature without any API call', async () => {
    const before = gh.exchanges.length;
    const status = await deliver(replicas[0]!, 'pull_request', prPayload(), { signature: sign('something else') });
    expect(status).toBeGreaterThanOrEqual(400);
    await settle(300);
    expect(gh.exchanges.length).toBe(before);
  });

  it('refuses a 30 MB unsigned body with 413, without reading it whole or logging it, and without any API call', async () => {
    const before = gh.exchanges.length;
    const logBefore = replicas[0]!.log.length;
    const body = `{"zen":"${'A'.repeat(30 * 1024 * 1024)}"}`;
    const res = await fetch(`http://127.0.0.1:${replicas[0]!.port}/api/github/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-github-event': 'ping', 'x-github-delivery': 'big-1', 'x-hub-signature-256': 'sha256=00' },
      body,
    }).then(
      (r) => ({ status: r.status }),
      // the connection closed under the client while it was still sending (an error of Node's realm, not jest's)
      (err: unknown) => ({ error: String((err as { cause?: unknown }).cause ?? err) }),
    );
    // the bot answers 413 and closes the connection (the client may see the reset first)
    if ('status' in res) expect(res.status).toBe(413);
    else expect(res.error).toMatch(/socket|reset|EPIPE|closed|terminated/i);
    await settle(300);
    expect(gh.exchanges.length).toBe(before);
    const logged = replicas[0]!.log.slice(logBefore);
    expect(logged).toMatch(/refused webhook delivery big-1/);
    expect(logged).not.toMatch(/A{200}/);
    expect(logged.length).toBeLessThan(10_000);
    // and it goes on serving
    expect(await (await fetch(`http://127.0.0.1:${replicas[0]!.port}/ping`)).text()).toBe('PONG');
  });

  it('a high-risk PR, its deliveries racing (the same id twice, to both replicas, and other ids for the same head): one check run, one dispatch, one comment, a failure check carrying the verdict', async () => {
    await Promise.all([
      deliver(replicas[0]!, 'pull_request', prPayload('opened'), { id: 'pr-1' }),
      deliver(replicas[1]!, 'pull_request', prPayload('opened'), { id: 'pr-1' }),
      deliver(replicas[0]!, 'pull_request', prPayload('opened'), { id: 'pr-1' }),
      deliver(replicas[1]!, 'pull_request', prPayload('synchronize'), { id: 'pr-2' }),
      deliver(replicas[0]!, 'pull_request', prPayload('reopened'), { id: 'pr-3' }),
    ]);
    await until('the dispatch', () => gh.dispatches.length > 0);
    await settle(1500);
    expect(gh.dispatches).toHaveLength(1);
    const dispatch = gh.dispatches[0]!;
    const live = gh.liveChecks(ws.head, APP_ID);
    expect(live).toHaveLength(1);
    expect(dispatch).toEqual({
      workflow: 'transfer-risk.yml',
      body: { ref: 'master', inputs: { pr: String(PR), 'base-sha': ws.base, 'head-sha': ws.head, 'check-run-id': String(live[0]!.id) } },
    });
    // a copy made by the race (if any) never passes while the analysis runs
    for (const c of gh.checks.filter((x) => x.head_sha === ws.head && x.id !== live[0]!.id)) expect(c.conclusion).toBe('cancelled');

    // the dispatched workflow runs the action for real; its completion is delivered three times at once
    await until('the analysis run', () => runs.length > 0);
    await Promise.all(runs);
    const check = await until('the verdict', () => (live[0]!.status === 'completed' ? live[0] : undefined), 60000);
    await settle(1500);
    if (process.env.E2E_DEBUG)
      console.log(
        JSON.stringify(gh.checks.map((c) => [c.id, c.head_sha.slice(0, 7), c.status, c.conclusion, c.external_id, c.output.title])),
        replicas.map((r) => r.log).join('\n'),
      );
    expect(check.conclusion).toBe('failure');
    expect(check.output.title).toMatch(/high/i);
    expect(check.output.summary).toContain('fail-on: medium');
    expect(check.external_id).toMatch(/^pr\|run:\d+:1$/);
    // what GitHub shows for the name (the newest run) carries the same verdict
    expect(gh.shownCheck(ws.head)).toMatchObject({ conclusion: 'failure', output: { title: check.output.title } });
    const comments = gh.comments.filter((c) => c.issue === PR);
    expect(comments).toHaveLength(1);
    expect(comments[0]).toMatchObject({ login: 'transfer-risk[bot]' });
    expect(comments[0]!.body).toContain('<!-- transfer-risk:comment -->');
    expect(comments[0]!.body).toMatch(/high/i);
    // the action's token never touched the bot's check run
    expect(gh.exchanges.filter((x) => x.app === GITHUB_ACTIONS_APP_ID && /check-runs/.test(x.path))).toEqual([]);
    expect(gh.refusedUpdates).toEqual([]);
    expect(gh.blobRefusals).toEqual([]);
    // every request either process made was one GitHub accepts, through /api/v3
    expect(gh.problems()).toEqual([]);
  }, 300000);

  it('"Re-run all checks" delivered to both replicas at once analyzes the head again, once', async () => {
    const before = gh.dispatches.length;
    const payload = checkSuiteRerequestedPayload({ pullRequests: [{ number: PR, head: { sha: ws.head } }], updatedAt: '2026-11-28T09:00:00Z' });
    payload.check_suite.head_sha = ws.head;
    await Promise.all([
      deliver(replicas[0]!, 'check_suite', payload),
      deliver(replicas[1]!, 'check_suite', payload),
      deliver(replicas[1]!, 'check_suite', payload),
    ]);
    await until('the rerun dispatch', () => gh.dispatches.length > before);
    await settle(1500);
    expect(gh.dispatches).toHaveLength(before + 1);
    const rerun = gh.liveChecks(ws.head, APP_ID).filter((c) => c.external_id?.startsWith('rerun:suite:'));
    expect(rerun).toHaveLength(1);
    await Promise.all(runs);
    await until('the rerun verdict', () => rerun[0]!.status === 'completed', 60000);
    expect(rerun[0]!.conclusion).toBe('failure');
    expect(gh.comments.filter((c) => c.issue === PR)).toHaveLength(1);
    expect(gh.problems()).toEqual([]);
  }, 300000);

  it('a docs-only PR gets a neutral check and no dispatch, whichever replica gets it', async () => {
    const dispatches = gh.dispatches.length;
    const payload = prPayload('opened', { number: DOCS_PR, headSha: DOCS_SHA });
    await Promise.all([deliver(replicas[0]!, 'pull_request', payload), deliver(replicas[1]!, 'pull_request', payload)]);
    const check = await until('the docs check', () => gh.liveChecks(DOCS_SHA)[0]);
    await settle(1000);
    expect(gh.liveChecks(DOCS_SHA)).toHaveLength(1);
    expect(check).toMatchObject({ status: 'completed', conclusion: 'neutral', output: { title: 'No dataset changes' } });
    expect(gh.dispatches.length).toBe(dispatches);
    expect(gh.problems()).toEqual([]);
  });
});

describe('npm start without its environment', () => {
  it('prints one clear line and exits 2', () => {
    const r = spawnSync('npm', ['start', '--silent'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      encoding: 'utf8',
      timeout: 60000,
    });
    expect(r.status).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^transfer-risk bot: missing environment: APP_ID, PRIVATE_KEY \(or PRIVATE_KEY_PATH\), WEBHOOK_SECRET/);
  });
});
