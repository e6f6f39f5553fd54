/**
 * End to end: `node dist/action.js` run the way a runner runs our action.yml's node step (INPUT_* and
 * GITHUB_* environment, an event file, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files) on a real git
 * workspace holding a base and a head commit of a small image dataset, against a local HTTP stand-in
 * for the GitHub API that records every request. Needs `npx tsc -p tsconfig.json` (npm run build).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { webhookExample } from '../action/webhook-examples.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ENTRY = path.join(ROOT, 'dist/action.js');
const MARKER = '<!-- transfer-risk:comment -->';
const OWNER = 'acme';
const REPO = 'parts-data';
const PR = 7;

// ---------------------------------------------------------------------------------------------
// the workspace: a git repository with base and head commits of ~40 small images

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 'e2e', GIT_AUTHOR_EMAIL: 'e2e@example.invalid', GIT_COMMITTER_NAME: 'e2e', GIT_COMMITTER_EMAIL: 'e2e@example.invalid' },
  }).trim();
}

/** xorshift32 in [0, 1) */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

/** A 48×48 RGB picture: a bright disc or square on a textured background; head: darker, noisier. */
async function picture(seed: number, shape: 'disc' | 'square', drifted: boolean): Promise<Buffer> {
  const size = 48;
  const r = rng(seed * 7919 + (drifted ? 104729 : 0));
  const data = Buffer.alloc(size * size * 3);
  const cx = 16 + r() * 16;
  const cy = 16 + r() * 16;
  const rad = 8 + r() * 6;
  const bg = 90 + r() * 40;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const inside = shape === 'disc' ? (x - cx) ** 2 + (y - cy) ** 2 < rad * rad : Math.abs(x - cx) < rad && Math.abs(y - cy) < rad;
      let v = inside ? 200 + r() * 30 : bg + 20 * Math.sin((x + y) / 5) + r() * 8;
      if (drifted) v = v * 0.45 + (r() - 0.5) * 90; // new camera: darker, much noisier
      for (let c = 0; c < 3; c++) data[(y * size + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(v * (c === 2 ? 0.9 : 1))));
    }
  }
  return sharp(data, { raw: { width: size, height: size, channels: 3 } }).png().toBuffer();
}

interface Workspace {
  dir: string;
  base: string;
  head: string;
  merge: string;
  changed: Array<{ filename: string; status: string }>;
}

async function makeWorkspace(root: string): Promise<Workspace> {
  const dir = path.join(root, 'workspace');
  mkdirSync(path.join(dir, '.github'), { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  writeFileSync(
    path.join(dir, '.github/transfer-risk.yml'),
    [
      'datasets:',
      '  - name: parts',
      '    paths: ["data/**"]',
      '    modality: image',
      '    labels: directory',
      'pretrained:',
      '  model: builtin:default',
      '  task: classification',
      'target:',
      '  task: classification',
      'sample: {size: 20, seed: 7}',
      'fail-on: none',
      '',
    ].join('\n'),
  );
  writeFileSync(path.join(dir, 'README.md'), '# parts\n');
  const names: string[] = [];
  for (let i = 0; i < 20; i++) {
    const shape = i % 2 === 0 ? 'disc' : 'square';
    const name = `data/${shape}/${shape}-${String(i).padStart(2, '0')}.png`;
    mkdirSync(path.join(dir, path.dirname(name)), { recursive: true });
    writeFileSync(path.join(dir, name), await picture(i, shape, false));
    names.push(name);
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base: reference camera');
  const base = git(dir, 'rev-parse', 'HEAD');
  git(dir, 'checkout', '-q', '-b', 'new-camera');
  for (let i = 0; i < names.length; i++) {
    writeFileSync(path.join(dir, names[i]!), await picture(i, i % 2 === 0 ? 'disc' : 'square', true));
  }
  git(dir, 'commit', '-q', '-am', 'head: new camera');
  const head = git(dir, 'rev-parse', 'HEAD');
  // what actions/checkout checks out on pull_request: the merge commit (GITHUB_SHA), not the PR head
  git(dir, 'checkout', '-q', 'main');
  git(dir, 'merge', '-q', '--no-ff', '-m', 'Merge new-camera into main', 'new-camera');
  const merge = git(dir, 'rev-parse', 'HEAD');
  return { dir, base, head, merge, changed: names.map((filename) => ({ filename, status: 'modified' })) };
}

// ---------------------------------------------------------------------------------------------
// the API stand-in

interface Recorded {
  method: string;
  url: string;
  body: unknown;
  authorization?: string;
}

interface StandIn {
  url: string;
  requests: Recorded[];
  comments: Array<{ id: number; body: string; user: { login: string; type: string }; html_url: string }>;
  close(): Promise<void>;
}

async function startApi(ws: Workspace): Promise<StandIn> {
  const requests: Recorded[] = [];
  const comments: StandIn['comments'] = [];
  let nextId = 1000;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = raw;
      }
      const url = new URL(req.url ?? '/', 'http://stand-in');
      requests.push({ method: req.method ?? '', url: url.pathname + url.search, body, authorization: req.headers.authorization });
      const send = (status: number, data: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-ratelimit-remaining': '4999' });
        res.end(JSON.stringify(data));
      };
      const p = url.pathname;
      const repoPath = `/repos/${OWNER}/${REPO}`;
      if (req.method === 'GET' && p === `${repoPath}/pulls/${PR}`) return send(200, { number: PR, head: { sha: ws.head }, base: { sha: ws.base }, changed_files: ws.changed.length });
      if (req.method === 'GET' && p === `${repoPath}/pulls/${PR}/files`) return send(200, ws.changed);
      if (req.method === 'GET' && p === `${repoPath}/issues/${PR}/comments`) return send(200, comments);
      if (req.method === 'POST' && p === `${repoPath}/issues/${PR}/comments`) {
        const id = nextId++;
        const c = { id, body: (body as { body: string }).body, user: { login: 'github-actions[bot]', type: 'Bot' }, html_url: `https://github.example/${OWNER}/${REPO}/pull/${PR}#issuecomment-${id}` };
        comments.push(c);
        return send(201, c);
      }
      const m = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(p);
      if (req.method === 'PATCH' && m) {
        const c = comments.find((x) => x.id === Number(m[1]));
        if (!c) return send(404, { message: 'Not Found' });
        c.body = (body as { body: string }).body;
        return send(200, c);
      }
      return send(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    comments,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// ---------------------------------------------------------------------------------------------
// running the action as a runner does

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Parse GITHUB_OUTPUT (`name<<delimiter` … `delimiter`, or `name=value`). */
function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== heredoc[2]; i++) value.push(lines[i]!);
      out[heredoc[1]!] = value.join('\n');
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return out;
}

let runNo = 0;

/** the exit code, with the run's log in the failure message when it differs */
function expectExit(r: RunResult, code: number): void {
  const diag = `\n--- stdout ---\n${r.stdout.slice(-4000)}\n--- stderr ---\n${r.stderr.slice(-4000)}`;
  expect({ code: r.code, diag: r.code === code ? '' : diag }).toEqual({ code, diag: '' });
}

async function runAction(root: string, ws: Workspace, api: StandIn, inputs: Record<string, string>): Promise<RunResult> {
  runNo += 1;
  const dir = path.join(root, `run-${runNo}`);
  mkdirSync(dir, { recursive: true });
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
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
    GITHUB_API_URL: api.url,
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_RUN_ID: String(1000 + runNo),
    GITHUB_SHA: ws.merge,
    GITHUB_REF: `refs/pull/${PR}/merge`,
    GITHUB_WORKSPACE: ws.dir,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    RUNNER_TEMP: runnerTemp,
    // the composite action's env block (action.yml) passes inputs with `_`
    INPUT_GITHUB_TOKEN: 'ghs_e2eToken',
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
  return { code, stdout, stderr, outputs: parseOutputs(readFileSync(outputPath, 'utf8')), summary: readFileSync(summaryPath, 'utf8') };
}

// ---------------------------------------------------------------------------------------------

describe('node dist/action.js on a pull request (e2e)', () => {
  let root: string;
  let ws: Workspace;
  let api: StandIn;

  beforeAll(async () => {
    if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run \`npx tsc -p tsconfig.json\` (npm run build) first`);
    root = mkdtempSync(path.join(os.tmpdir(), 'tr-e2e-action-'));
    ws = await makeWorkspace(root);
    api = await startApi(ws);
  }, 60_000);

  afterAll(async () => {
    await api?.close();
  });

  it('first run creates one comment; second run updates it; fail-on: medium fails the step after posting', async () => {
    // run 1: creates the comment, passes (the repository's fail-on is none)
    const first = await runAction(root, ws, api, {});
    expectExit(first, 0);
    const posts = () => api.requests.filter((r) => r.method === 'POST' && r.url.endsWith(`/issues/${PR}/comments`));
    const patches = () => api.requests.filter((r) => r.method === 'PATCH');
    expect(posts()).toHaveLength(1);
    expect(patches()).toHaveLength(0);
    expect(api.comments).toHaveLength(1);
    const comment = api.comments[0]!;
    expect(comment.body.startsWith(MARKER)).toBe(true);
    expect(comment.body).toContain('https://github.example/acme/parts-data/actions/runs/1001');
    // the API was called with the token, for the pull request's files
    expect(api.requests.every((r) => r.authorization === 'token ghs_e2eToken')).toBe(true);
    expect(api.requests.some((r) => r.method === 'GET' && r.url.startsWith(`/repos/${OWNER}/${REPO}/pulls/${PR}/files`))).toBe(true);

    // outputs
    expect(['low', 'medium', 'high']).toContain(first.outputs['risk-level']);
    expect(first.outputs['comment-url']).toBe(comment.html_url);
    const reportPath = first.outputs['report-path']!;
    expect(reportPath.endsWith(path.join('transfer-risk-report', 'report.json'))).toBe(true);
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as { head: { sha: string }; base: { sha: string }; risk: { level: string }; datasets: Array<{ name: string; sample: { base: number; head: number } }> };
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
    const second = await runAction(root, ws, api, {});
    expectExit(second, 0);
    expect(posts()).toHaveLength(1);
    expect(patches()).toHaveLength(1);
    expect(patches()[0]!.url).toBe(`/repos/${OWNER}/${REPO}/issues/comments/${comment.id}`);
    expect(api.comments).toHaveLength(1);
    expect(api.comments[0]!.body).toContain('https://github.example/acme/parts-data/actions/runs/1002');
    expect(second.outputs['comment-url']).toBe(comment.html_url);
    expect(second.summary).toMatch(/Transfer-learning risk/);

    // run 3: fail-on: medium on the drifting PR → non-zero exit, after the comment was updated
    const third = await runAction(root, ws, api, { INPUT_FAIL_ON: 'medium' });
    expectExit(third, 1);
    expect(third.stdout).toMatch(/::error::transfer-learning risk is (medium|high), at or above fail-on: medium/);
    expect(patches()).toHaveLength(2);
    expect(api.comments).toHaveLength(1);
    expect(third.outputs['risk-level']).toBe(first.outputs['risk-level']);
    expect(third.summary.length).toBeGreaterThan(0);
    // no stack traces in any run
    for (const r of [first, second, third]) expect(r.stdout + r.stderr).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
  }, 300_000);
});
