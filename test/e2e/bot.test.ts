/* eslint-disable @typescript-eslint/no-explicit-any -- webhook payloads and API bodies are free-form JSON */
/**
 * End to end: build, start the bot with `npm start` as a child process against a local stand-in for
 * the GitHub Enterprise API (GHE_HOST / GHE_PROTOCOL=http), deliver signed webhooks over HTTP and
 * watch the API calls it makes.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import {
  APP_ID,
  BASE_SHA,
  CONFIG_YAML,
  HEAD_SHA,
  INSTALLATION_ID,
  OWNER,
  PR_NUMBER,
  REPO,
  RUN_ID,
  makeReport,
  privateKey,
  pullRequestPayload,
  reportZip,
  workflowRunPayload,
} from '../bot/fixtures.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SECRET = 'e2e-webhook-secret';
const DOCS_PR = 3;
const DOCS_SHA = '3333333333333333333333333333333333333333';
const ARTIFACT_ID = 64;

interface Recorded {
  method: string;
  path: string;
  body: any;
}

/** The GitHub API stand-in: just enough of the REST API, state in memory, every request recorded. */
class FakeGitHub {
  requests: Recorded[] = [];
  checkRuns: Array<Record<string, any>> = [];
  comments: Array<Record<string, any>> = [];
  dispatches: any[] = [];
  nextId = 100;
  zip: Uint8Array = reportZip(makeReport({ level: 'high' }));
  server: Server = createServer((req, res) => void this.handle(req, res));
  port = 0;

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://x');
    const path = decodeURIComponent(url.pathname);
    const body = raw ? JSON.parse(raw) : undefined;
    this.requests.push({ method: req.method ?? 'GET', path, body });
    const json = (status: number, data: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(data));
    };
    const R = `/api/v3/repos/${OWNER}/${REPO}`;
    const m = (re: RegExp): RegExpExecArray | null => (req.method ? re.exec(`${req.method} ${path}`) : null);
    let g: RegExpExecArray | null;
    if (m(new RegExp(`^POST /api/v3/app/installations/${INSTALLATION_ID}/access_tokens$`))) {
      return json(201, { token: 'ghs_e2e', expires_at: '2099-01-01T00:00:00Z', permissions: {}, repository_selection: 'all' });
    }
    if (m(/^GET \/api\/v3\/app$/)) return json(200, { id: APP_ID, slug: 'transfer-risk', name: 'transfer-risk' });
    if (m(new RegExp(`^GET ${R}/contents/.github/transfer-risk.yml$`))) {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }); // what GitHub sends for format=raw
      return void res.end(CONFIG_YAML);
    }
    if ((g = m(new RegExp(`^GET ${R}/commits/([0-9a-f]{40})/check-runs$`)))) {
      const runs = this.checkRuns.filter((c) => c.head_sha === g![1]);
      return json(200, { total_count: runs.length, check_runs: runs });
    }
    if ((g = m(new RegExp(`^GET ${R}/pulls/(\\d+)/files$`)))) {
      const n = Number(g[1]);
      return json(
        200,
        n === PR_NUMBER
          ? [{ filename: 'README.md', status: 'modified' }, { filename: 'data/parts/new-001.png', status: 'added' }]
          : [{ filename: 'docs/guide.md', status: 'modified' }],
      );
    }
    if (m(new RegExp(`^GET ${R}/pulls/${PR_NUMBER}$`))) {
      return json(200, { number: PR_NUMBER, state: 'open', draft: false, head: { sha: HEAD_SHA }, base: { sha: BASE_SHA } });
    }
    if (m(new RegExp(`^POST ${R}/check-runs$`))) {
      const run = { id: this.nextId++, name: body.name, head_sha: body.head_sha, status: body.status ?? 'queued', conclusion: body.conclusion ?? null, external_id: body.external_id ?? null, output: body.output, app: { id: APP_ID } };
      this.checkRuns.push(run);
      return json(201, run);
    }
    if ((g = m(new RegExp(`^PATCH ${R}/check-runs/(\\d+)$`)))) {
      const run = this.checkRuns.find((c) => c.id === Number(g![1]));
      if (!run) return json(404, { message: 'Not Found' });
      Object.assign(run, body);
      return json(200, run);
    }
    if (m(new RegExp(`^POST ${R}/actions/workflows/transfer-risk.yml/dispatches$`))) {
      this.dispatches.push(body);
      res.writeHead(204);
      return void res.end();
    }
    if (m(new RegExp(`^GET ${R}/actions/runs/${RUN_ID}/artifacts$`))) {
      return json(200, { total_count: 1, artifacts: [{ id: ARTIFACT_ID, name: 'transfer-risk-report', size_in_bytes: this.zip.byteLength, expired: false }] });
    }
    if (m(new RegExp(`^GET ${R}/actions/artifacts/${ARTIFACT_ID}/zip$`))) {
      res.writeHead(302, { location: `http://127.0.0.1:${this.port}/blob/artifact.zip` });
      return void res.end();
    }
    if (m(/^GET \/blob\/artifact\.zip$/)) {
      res.writeHead(200, { 'content-type': 'application/zip' });
      return void res.end(Buffer.from(this.zip));
    }
    if (m(new RegExp(`^GET ${R}/issues/${PR_NUMBER}/comments$`))) return json(200, this.comments);
    if (m(new RegExp(`^POST ${R}/issues/${PR_NUMBER}/comments$`))) {
      const c = { id: this.nextId++, body: body.body, html_url: `https://ghe.test/c/${this.nextId}`, user: { login: 'transfer-risk[bot]', type: 'Bot' } };
      this.comments.push(c);
      return json(201, c);
    }
    if ((g = m(new RegExp(`^PATCH ${R}/issues/comments/(\\d+)$`)))) {
      const c = this.comments.find((x) => x.id === Number(g![1]));
      if (!c) return json(404, { message: 'Not Found' });
      c.body = body.body;
      return json(200, c);
    }
    json(404, { message: `stand-in has no route for ${req.method} ${path}` });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function until<T>(what: string, probe: () => T | undefined | false, ms = 15000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const gh = new FakeGitHub();
let bot: ChildProcess | undefined;
let botPort = 0;
let botLog = '';

function sign(body: string, secret = SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

async function deliver(event: string, payload: unknown, signature?: string): Promise<number> {
  const body = JSON.stringify(payload);
  const res = await fetch(`http://127.0.0.1:${botPort}/api/github/webhooks`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': event,
      'x-github-delivery': `e2e-${Math.random()}`,
      'x-hub-signature-256': signature ?? sign(body),
    },
    body,
  });
  await res.text();
  return res.status;
}

const ENTRY_FILES = ['dist/bot.js', 'dist/bot/app.js', 'dist/github/sticky-comment.js', 'dist/report/validate.js'];

/** dist/bot.js is what `npm start` runs; jest's globalSetup (test/global-setup.mjs) builds it. */
function build(): void {
  expect(ENTRY_FILES.filter((f) => !existsSync(`${ROOT}/${f}`))).toEqual([]);
}

async function startBot(): Promise<'up' | 'exited'> {
  botLog = '';
  bot = spawn('npm', ['start'], {
    cwd: ROOT,
    detached: true,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      APP_ID: String(APP_ID),
      PRIVATE_KEY: privateKey(),
      WEBHOOK_SECRET: SECRET,
      PORT: String(botPort),
      HOST: '127.0.0.1',
      GHE_HOST: `127.0.0.1:${gh.port}`,
      GHE_PROTOCOL: 'http',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  bot.stdout!.on('data', (d: Buffer) => (botLog += d.toString()));
  bot.stderr!.on('data', (d: Buffer) => (botLog += d.toString()));
  return until('the bot to listen', () => (/Listening on http/.test(botLog) ? 'up' : bot!.exitCode !== null ? 'exited' : false), 60000);
}

beforeAll(async () => {
  await gh.start();
  botPort = await freePort();
  let state: 'up' | 'exited' = 'exited';
  for (let attempt = 0; attempt < 2 && state !== 'up'; attempt++) {
    build();
    state = await startBot();
  }
  if (state !== 'up') throw new Error(`the bot exited: ${botLog}`);
}, 300000);

afterAll(async () => {
  if (bot?.pid !== undefined && bot.exitCode === null) {
    const exited = new Promise((r) => bot!.once('exit', r));
    process.kill(-bot.pid, 'SIGTERM');
    await exited;
  }
  await new Promise((r) => gh.server.close(r));
});

describe('npm start (bot) against a GHE stand-in', () => {
  it('refuses a forged signature without any API call', async () => {
    const before = gh.requests.length;
    const status = await deliver('pull_request', pullRequestPayload('opened'), sign('something else'));
    expect(status).toBeGreaterThanOrEqual(400);
    await new Promise((r) => setTimeout(r, 300));
    expect(gh.requests.length).toBe(before);
  });

  it('a data PR gets an in-progress check and a workflow dispatch (through /api/v3)', async () => {
    expect(await deliver('pull_request', pullRequestPayload('opened'))).toBeLessThan(300);
    const dispatch = await until('the dispatch', () => gh.dispatches[0]);
    const check = gh.checkRuns.find((c) => c.head_sha === HEAD_SHA)!;
    expect(check).toMatchObject({ name: 'transfer-risk', status: 'in_progress' });
    expect(dispatch).toEqual({
      ref: 'master',
      inputs: { pr: String(PR_NUMBER), 'base-sha': BASE_SHA, 'head-sha': HEAD_SHA, 'check-run-id': String(check.id) },
    });
    expect(gh.requests.every((r) => r.path.startsWith('/api/v3/') || r.path.startsWith('/blob/'))).toBe(true);
  });

  it("the workflow's completion gives one sticky comment and a completed check with a summary, even when delivered twice", async () => {
    const check = gh.checkRuns.find((c) => c.head_sha === HEAD_SHA)!;
    const payload = workflowRunPayload({}, check.id);
    expect(await deliver('workflow_run', payload)).toBeLessThan(300);
    await until('the check to complete', () => check.status === 'completed');
    expect(check.conclusion).toBe('failure'); // a high-risk report under fail-on: high
    expect(check.output.title.length).toBeGreaterThan(0);
    expect(check.output.summary).toContain('fail-on: high');
    expect(gh.comments).toHaveLength(1);
    expect(gh.comments[0]!.body).toContain('<!-- transfer-risk:comment -->');

    const writesBefore = gh.requests.filter((r) => r.method !== 'GET').length;
    expect(await deliver('workflow_run', payload)).toBeLessThan(300);
    await new Promise((r) => setTimeout(r, 500));
    expect(gh.comments).toHaveLength(1);
    expect(gh.requests.filter((r) => r.method !== 'GET').length).toBe(writesBefore);
  });

  it('a docs-only PR gets a neutral check and no dispatch', async () => {
    const dispatches = gh.dispatches.length;
    const payload = pullRequestPayload('opened', { headSha: DOCS_SHA });
    payload.number = DOCS_PR;
    payload.pull_request.number = DOCS_PR;
    expect(await deliver('pull_request', payload)).toBeLessThan(300);
    const check = await until('the docs check', () => gh.checkRuns.find((c) => c.head_sha === DOCS_SHA));
    expect(check).toMatchObject({ status: 'completed', conclusion: 'neutral', output: { title: 'No dataset changes' } });
    await new Promise((r) => setTimeout(r, 300));
    expect(gh.dispatches.length).toBe(dispatches);
  });
});

describe('npm start without its environment', () => {
  it('prints one clear line and exits 2', () => {
    if (!existsSync(`${ROOT}/dist/bot.js`)) build();
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
