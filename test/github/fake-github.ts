/* eslint-disable @typescript-eslint/no-explicit-any -- REST bodies are free-form JSON */
/**
 * An in-memory GitHub for the bot's and the action's tests, as strict as the real one where it matters:
 * request bodies GitHub's OpenAPI description rejects get 422; only the app that created a check run
 * may modify it (403 "Invalid app_id …"); artifact downloads redirect (302) to a blob host on another
 * origin, which refuses requests that carry a token; answers are complete REST objects; requests may be
 * delayed at random so that concurrent clients really interleave. Transport-agnostic: `handle()` serves
 * nock interceptors (unit tests) and a real HTTP server (e2e tests). Every exchange is recorded.
 */
import { exchangeProblems, githubOpenApi, type Exchange } from './openapi.js';
import { invalidAppIdMessage } from './strict-fetch.js';
import {
  restAccessToken,
  restApp,
  restArtifactList,
  restCheckRun,
  restComment,
  restContentFile,
  restFile,
  restPermission,
  restPull,
  restPullSimple,
  restReaction,
  type ArtifactFields,
  type FileFields,
  type PullFields,
} from './rest.js';

export interface FakeRequest {
  method: string;
  /** path with query, below the API root (a `/api/v3` prefix is accepted) */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body?: string;
}

export interface FakeResponse {
  status: number;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

export interface CheckRunState {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  external_id: string | null;
  details_url: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  annotations: unknown[];
  app: number;
  /** every update, in order (what was sent) */
  updates: any[];
}

export interface CommentState {
  id: number;
  issue: number;
  body: string;
  login: string;
  type: string;
}

export interface FakeGitHubOptions {
  owner: string;
  repo: string;
  defaultBranch?: string;
  /** the origin the blob storage stand-in is reached at (another host than the API) */
  blobOrigin: string;
  /** token → app id; the app JWT's `iss` is read as its app id */
  tokenApps: Record<string, number>;
  /** installation tokens handed out: installation id → token */
  installations?: Record<number, string>;
  /** apps' slugs (GET /app), by id */
  apps?: Record<number, string>;
  /** random delay per request up to this many ms (e2e: real interleaving) */
  jitterMs?: number;
  /** the API root clients use (for Link headers); default https://api.github.com */
  apiUrl?: string;
}

const json = (status: number, data: unknown, extra: Record<string, string> = {}): FakeResponse => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', 'x-ratelimit-remaining': '4999', ...extra },
  body: JSON.stringify(data),
});
const empty = (status: number, extra: Record<string, string> = {}): FakeResponse => ({ status, headers: extra });
const notFound = (): FakeResponse => json(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' });

function header(h: FakeRequest['headers'], name: string): string | undefined {
  const v = h[name] ?? h[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

export class FakeGitHub {
  readonly owner: string;
  readonly repo: string;
  readonly defaultBranch: string;
  readonly exchanges: Exchange[] = [];
  readonly checks: CheckRunState[] = [];
  readonly comments: CommentState[] = [];
  readonly dispatches: Array<{ workflow: string; body: any }> = [];
  readonly reactions: Array<{ commentId: number; content: string }> = [];
  /** requests the blob host refused (they carried a token) */
  readonly blobRefusals: string[] = [];
  readonly refusedUpdates: string[] = [];
  readonly pulls = new Map<number, PullFields>();
  readonly files = new Map<number, FileFields[]>();
  readonly permissions = new Map<string, { permission: string; role?: string }>();
  readonly runArtifacts = new Map<number, ArtifactFields[]>();
  readonly blobs = new Map<number, Uint8Array>();
  /** `.github/transfer-risk.yml` on the default branch; undefined: absent */
  config: string | undefined;
  /**
   * `.github/transfer-risk.yml` at other refs (a pull request's base sha, another branch), undefined:
   * absent there. A ref not listed has the default branch's file (the commit shares its tree).
   */
  readonly configAt = new Map<string, string | undefined>();
  /** called after a dispatch was recorded (e2e: run the analysis) */
  onDispatch?: (d: { workflow: string; body: any }) => void;
  private nextId = 100;

  constructor(readonly opts: FakeGitHubOptions) {
    this.owner = opts.owner;
    this.repo = opts.repo;
    this.defaultBranch = opts.defaultBranch ?? 'main';
  }

  id(): number {
    return this.nextId++;
  }

  /** A check run another app (or an earlier delivery) created. */
  addCheck(c: Partial<CheckRunState> & { head_sha: string; app: number }): CheckRunState {
    const run: CheckRunState = {
      id: c.id ?? this.id(),
      name: c.name ?? 'transfer-risk',
      head_sha: c.head_sha,
      status: c.status ?? 'in_progress',
      conclusion: c.conclusion ?? null,
      external_id: c.external_id ?? null,
      details_url: c.details_url ?? null,
      output: c.output ?? { title: null, summary: null, text: null },
      annotations: [],
      app: c.app,
      updates: [],
    };
    this.checks.push(run);
    return run;
  }

  addComment(c: Omit<CommentState, 'id' | 'type' | 'issue'> & { id?: number; type?: string; issue?: number }): CommentState {
    const comment = {
      id: c.id ?? this.id(),
      issue: c.issue ?? [...this.pulls.keys()][0] ?? 1,
      body: c.body,
      login: c.login,
      type: c.type ?? (/\[bot\]$/.test(c.login) ? 'Bot' : 'User'),
    };
    this.comments.push(comment);
    return comment;
  }

  /** Problems GitHub's description finds with every recorded exchange. */
  problems(): string[] {
    return exchangeProblems(this.exchanges);
  }

  private appOf(h: FakeRequest['headers']): number | undefined {
    const m = /^(?:token|bearer)\s+(\S+)$/i.exec(header(h, 'authorization') ?? '');
    const token = m?.[1];
    if (!token) return undefined;
    if (token in this.opts.tokenApps) return this.opts.tokenApps[token];
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    try {
      const iss = (JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as { iss?: unknown }).iss;
      return typeof iss === 'number' ? iss : Number(iss);
    } catch {
      return undefined;
    }
  }

  private checkJson(c: CheckRunState): any {
    return restCheckRun({
      id: c.id,
      head_sha: c.head_sha,
      status: c.status,
      conclusion: c.conclusion,
      external_id: c.external_id,
      name: c.name,
      appId: c.app,
      details_url: c.details_url,
      output: c.output,
    });
  }

  /** The blob host: the artifact's zip, for a request without credentials. */
  async handleBlob(req: FakeRequest): Promise<FakeResponse> {
    if (this.opts.jitterMs) await new Promise((r) => setTimeout(r, Math.random() * this.opts.jitterMs!));
    if (header(req.headers, 'authorization')) {
      this.blobRefusals.push(req.path);
      return { status: 400, headers: { 'content-type': 'application/xml' }, body: '<Error><Code>InvalidAuthenticationInfo</Code></Error>' };
    }
    const m = /^\/artifacts\/(\d+)\.zip(?:\?|$)/.exec(req.path);
    const zip = m ? this.blobs.get(Number(m[1])) : undefined;
    if (!zip) return { status: 404, headers: { 'content-type': 'application/xml' }, body: '<Error><Code>BlobNotFound</Code></Error>' };
    return { status: 200, headers: { 'content-type': 'application/zip' }, body: zip };
  }

  async handle(req: FakeRequest): Promise<FakeResponse> {
    if (this.opts.jitterMs) await new Promise((r) => setTimeout(r, Math.random() * this.opts.jitterMs!));
    const method = req.method.toUpperCase();
    let body: any;
    try {
      body = req.body ? JSON.parse(req.body) : undefined;
    } catch {
      body = req.body;
    }
    const path = req.path.replace(/^\/api\/v3(?=\/)/, '');
    const res = await this.route(method, path, req.headers, body);
    const ct = res.headers['content-type'] ?? '';
    let data: unknown;
    if (/json/.test(ct) && typeof res.body === 'string') data = JSON.parse(res.body);
    const app = this.appOf(req.headers);
    this.exchanges.push({
      method,
      path,
      ...(body !== undefined ? { requestBody: body } : {}),
      status: res.status,
      ...(data !== undefined ? { responseBody: data } : {}),
      contentType: ct,
      ...(app !== undefined ? { app } : {}),
    });
    return res;
  }

  private async route(method: string, path: string, headers: FakeRequest['headers'], body: any): Promise<FakeResponse> {
    const api = githubOpenApi();
    const problems = api.requestProblems(method, path, body);
    if (problems.length > 0)
      return json(422, { message: `Invalid request.\n\n${problems.join('\n')}`, documentation_url: 'https://docs.github.com/rest', status: '422' });
    const op = api.operation(method, path)!;
    const p = op.params;
    const app = this.appOf(headers);
    const query = new URLSearchParams(path.split('?')[1] ?? '');
    const ours = p.owner === this.owner && p.repo === this.repo;
    switch (op.id) {
      case 'apps/create-installation-access-token': {
        const token = this.opts.installations?.[Number(p.installation_id)];
        return token ? json(201, restAccessToken(token)) : notFound();
      }
      case 'apps/get-authenticated': {
        const slug = app !== undefined ? this.opts.apps?.[app] : undefined;
        return slug
          ? json(200, restApp(app!, slug))
          : json(401, { message: 'A JSON web token could not be decoded', documentation_url: 'https://docs.github.com/rest' });
      }
      case 'users/get-authenticated':
        return json(403, {
          message: 'Resource not accessible by integration',
          documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user',
          status: '403',
        });
      case 'repos/get-content': {
        // no `ref`: the default branch; `ref` is a branch, tag or sha
        const ref = query.get('ref') ?? this.defaultBranch;
        const text = ref === this.defaultBranch || !this.configAt.has(ref) ? this.config : this.configAt.get(ref);
        if (!ours || p.path !== '.github/transfer-risk.yml' || text === undefined) return notFound();
        const raw = /application\/vnd\.github(?:\.v3)?\.raw/.test(header(headers, 'accept') ?? '');
        // JSON carries files up to 1 MB; a larger one only in the raw or object media types
        if (!raw && Buffer.byteLength(text) > 1024 * 1024)
          return json(403, {
            message:
              'This API returns blobs up to 1 MB in size. The requested blob is too large to fetch via the API, but you can use the Git Data API to request blobs up to 100 MB in size.',
            errors: [{ resource: 'Blob', field: 'data', code: 'too_large' }],
            documentation_url: 'https://docs.github.com/rest/repos/contents#get-repository-content',
            status: '403',
          });
        // the raw media type (Probot's context.config) gets the bytes; the default is the JSON object
        if (raw) return { status: 200, headers: { 'content-type': 'application/vnd.github.raw; charset=utf-8' }, body: text };
        return json(200, restContentFile(p.path, text, `${this.opts.apiUrl ?? 'https://api.github.com'}/repos/${this.owner}/${this.repo}`, ref));
      }
      case 'checks/list-for-ref': {
        const name = query.get('check_name');
        const runs = this.checks.filter((c) => c.head_sha === p.ref && (!name || c.name === name)).sort((a, b) => b.id - a.id);
        return json(200, { total_count: runs.length, check_runs: runs.map((c) => this.checkJson(c)) });
      }
      case 'checks/get': {
        const c = this.checks.find((x) => x.id === Number(p.check_run_id));
        return c ? json(200, this.checkJson(c)) : notFound();
      }
      case 'checks/create': {
        if (app === undefined)
          return json(403, {
            message: 'You must authenticate via a GitHub App.',
            documentation_url: 'https://docs.github.com/rest/checks/runs#create-a-check-run',
            status: '403',
          });
        const c = this.addCheck({ head_sha: body.head_sha, app, name: body.name, status: 'queued' });
        this.apply(c, body);
        return json(201, this.checkJson(c));
      }
      case 'checks/update': {
        const c = this.checks.find((x) => x.id === Number(p.check_run_id));
        if (!c) return notFound();
        if (c.app !== app) {
          this.refusedUpdates.push(`${app ?? '?'} → ${c.id}`);
          return json(403, {
            message: invalidAppIdMessage(app ?? 'unknown'),
            documentation_url: 'https://docs.github.com/rest/checks/runs#update-a-check-run',
            status: '403',
          });
        }
        this.apply(c, body);
        return json(200, this.checkJson(c));
      }
      case 'pulls/get': {
        const pr = ours ? this.pulls.get(Number(p.pull_number)) : undefined;
        return pr ? json(200, restPull(pr)) : notFound();
      }
      case 'pulls/list': {
        const state = query.get('state') ?? 'open';
        const list = [...this.pulls.values()].filter((x) => state === 'all' || (x.state ?? 'open') === state);
        return json(200, list.map(restPullSimple));
      }
      case 'pulls/list-files': {
        const files = ours ? this.files.get(Number(p.pull_number)) : undefined;
        return files ? this.page(path, query, files.map(restFile)) : notFound();
      }
      case 'actions/create-workflow-dispatch': {
        const d = { workflow: p.workflow_id!, body };
        this.dispatches.push(d);
        this.onDispatch?.(d);
        return empty(204);
      }
      case 'actions/list-workflow-run-artifacts': {
        const list = this.runArtifacts.get(Number(p.run_id)) ?? [];
        const name = query.get('name');
        return json(200, restArtifactList(list.filter((a) => !name || (a.name ?? 'transfer-risk-report') === name)));
      }
      case 'actions/download-artifact': {
        if (!this.blobs.has(Number(p.artifact_id))) return notFound();
        return empty(302, { location: `${this.opts.blobOrigin}/artifacts/${p.artifact_id}.zip?sv=2025&sig=signed` });
      }
      case 'issues/list-comments': {
        const n = Number(p.issue_number);
        if (!ours || !this.pulls.has(n)) return notFound();
        return this.page(
          path,
          query,
          this.comments
            .filter((c) => c.issue === n)
            .sort((a, b) => a.id - b.id)
            .map((c) => restComment(c)),
        );
      }
      case 'issues/create-comment': {
        const n = Number(p.issue_number);
        if (!ours || !this.pulls.has(n)) return notFound();
        const login = app !== undefined ? `${this.opts.apps?.[app] ?? 'github-actions'}[bot]` : 'someone';
        return json(201, restComment(this.addComment({ body: body.body, login, issue: n })));
      }
      case 'issues/update-comment': {
        const c = this.comments.find((x) => x.id === Number(p.comment_id));
        if (!c) return notFound();
        c.body = body.body;
        return json(200, restComment(c));
      }
      case 'issues/delete-comment': {
        const i = this.comments.findIndex((x) => x.id === Number(p.comment_id));
        if (i < 0) return notFound();
        this.comments.splice(i, 1);
        return empty(204);
      }
      case 'repos/get-collaborator-permission-level': {
        const perm = this.permissions.get(p.username!);
        return perm
          ? json(200, restPermission(p.username!, perm.permission, perm.role))
          : json(404, { message: `${p.username} is not a user`, documentation_url: 'https://docs.github.com/rest', status: '404' });
      }
      case 'reactions/create-for-issue-comment': {
        this.reactions.push({ commentId: Number(p.comment_id), content: body.content });
        return json(201, restReaction(this.id()));
      }
      default:
        return json(404, { message: `the stand-in does not serve ${op.id}`, documentation_url: 'https://docs.github.com/rest', status: '404' });
    }
  }

  /** A page of a list (per_page, page) with GitHub's Link header. */
  private page(path: string, query: URLSearchParams, all: unknown[]): FakeResponse {
    const per = Math.min(100, Number(query.get('per_page') ?? 30));
    const page = Math.max(1, Number(query.get('page') ?? 1));
    const slice = all.slice((page - 1) * per, page * per);
    const extra: Record<string, string> = {};
    if (page * per < all.length) {
      const next = new URLSearchParams(query);
      next.set('page', String(page + 1));
      extra.link = `<${(this.opts.apiUrl ?? 'https://api.github.com').replace(/\/+$/, '')}${path.split('?')[0]}?${next.toString()}>; rel="next"`;
    }
    return json(200, slice, extra);
  }

  private apply(c: CheckRunState, body: any): void {
    c.updates.push(body);
    for (const k of ['name', 'status', 'external_id', 'details_url'] as const) if (body[k] !== undefined) (c as any)[k] = body[k];
    if (body.conclusion !== undefined) {
      c.conclusion = body.conclusion;
      c.status = 'completed';
    }
    if (body.output) {
      c.output = { title: body.output.title ?? c.output.title, summary: body.output.summary ?? c.output.summary, text: body.output.text ?? c.output.text };
      if (Array.isArray(body.output.annotations)) c.annotations.push(...body.output.annotations);
    }
  }

  // ---- helpers for assertions ----------------------------------------------------------------

  /** Our check runs on a commit that are not race-losing duplicates, oldest first. */
  liveChecks(sha: string, app?: number): CheckRunState[] {
    return this.checks
      .filter((c) => c.head_sha === sha && (app === undefined || c.app === app) && !/\|duplicate:\d+$/.test(c.external_id ?? ''))
      .sort((a, b) => a.id - b.id);
  }

  /** The check run GitHub shows for a name on a commit: the newest. */
  shownCheck(sha: string, name = 'transfer-risk'): CheckRunState | undefined {
    return this.checks.filter((c) => c.head_sha === sha && c.name === name).sort((a, b) => b.id - a.id)[0];
  }

  requests(method: string, re: RegExp): Exchange[] {
    return this.exchanges.filter((x) => x.method === method && re.test(x.path));
  }
}
