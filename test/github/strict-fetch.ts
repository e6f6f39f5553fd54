/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies are free-form */
/**
 * A `fetch` for the tests' Octokit clients that makes the nock stand-ins as strict as GitHub: a request
 * body GitHub's OpenAPI description rejects is answered 422 (the interceptor never sees it), a PATCH of
 * a check run by a token of another app than the one that created it is answered 403 as GitHub does,
 * and every exchange is recorded so each test file can check all of them against the description
 * (`problems()`). Artifact downloads are followed across hosts as the real client does (the stand-in's
 * blob host must not receive the token).
 */
import { exchangeProblems, githubOpenApi, type Exchange } from './openapi.js';

/** GitHub's answer to a check-run update by another app. */
export function invalidAppIdMessage(appId: number | string): string {
  return `Invalid app_id \`${appId}\` - check run can only be modified by the GitHub App that created it.`;
}

export interface StrictOptions {
  /** the API's origin, e.g. https://api.github.com */
  api: string;
  /** which app a token belongs to (installation tokens, the workflow token = GitHub Actions' app) */
  tokenApps?: Record<string, number>;
}

/** The GitHub Actions app, which owns what the workflow token creates. */
export const GITHUB_ACTIONS_APP_ID = 15368;

function tokenOf(headers: Headers): string | undefined {
  const auth = headers.get('authorization') ?? '';
  const m = /^(?:token|bearer)\s+(\S+)$/i.exec(auth);
  return m?.[1];
}

/** The app a token or app JWT acts as. */
function appOf(token: string | undefined, tokenApps: Record<string, number>): number | undefined {
  if (!token) return undefined;
  if (token in tokenApps) return tokenApps[token];
  const parts = token.split('.');
  if (parts.length === 3) {
    try {
      const iss = (JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as { iss?: unknown }).iss;
      return typeof iss === 'number' ? iss : typeof iss === 'string' && /^\d+$/.test(iss) ? Number(iss) : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export class StrictGitHub {
  readonly exchanges: Exchange[] = [];
  /** check run id → the app that created it */
  readonly owners = new Map<number, number>();
  /** check-run PATCHes refused for ownership, as `<app> → <check run id>` */
  readonly refused: string[] = [];
  private readonly origin: string;

  constructor(private readonly opts: StrictOptions) {
    this.origin = new URL(opts.api).origin;
  }

  /** Record that `appId` created check run `id` (a run the stand-in says exists, made by someone else). */
  own(id: number, appId: number): void {
    this.owners.set(id, appId);
  }

  reset(): void {
    this.exchanges.length = 0;
    this.refused.length = 0;
    this.owners.clear();
  }

  /** Problems GitHub's description finds with what was sent and answered. */
  problems(): string[] {
    return exchangeProblems(this.exchanges);
  }

  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const req = new Request(input, init);
    const url = new URL(req.url);
    if (url.origin !== this.origin) return globalThis.fetch(req);
    const method = req.method.toUpperCase();
    const text = method === 'GET' || method === 'HEAD' ? '' : await req.clone().text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    const path = url.pathname + url.search;
    const api = githubOpenApi();
    const json = (status: number, data: unknown): Response =>
      new Response(JSON.stringify(data), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
    const record = (status: number, responseBody: unknown, contentType = 'application/json'): void => {
      this.exchanges.push({
        method,
        path,
        ...(body !== undefined ? { requestBody: body } : {}),
        status,
        ...(responseBody !== undefined ? { responseBody } : {}),
        contentType,
      });
    };

    const problems = api.requestProblems(method, path, body);
    if (problems.length > 0) {
      const data = { message: `Invalid request.\n\n${problems.join('\n')}`, documentation_url: 'https://docs.github.com/rest', status: '422' };
      record(422, data);
      return json(422, data);
    }
    const op = api.operation(method, path);
    const app = appOf(tokenOf(req.headers), this.opts.tokenApps ?? {});
    if (op?.id === 'checks/update') {
      const id = Number(op.params.check_run_id);
      const owner = this.owners.get(id);
      if (owner !== undefined && owner !== app) {
        this.refused.push(`${app ?? '?'} → ${id}`);
        const data = {
          message: invalidAppIdMessage(app ?? 'unknown'),
          documentation_url: 'https://docs.github.com/rest/checks/runs#update-a-check-run',
          status: '403',
        };
        record(403, data);
        return json(403, data);
      }
    }

    const res = await globalThis.fetch(req);
    const redirected = res.redirected && new URL(res.url).origin !== this.origin;
    const contentType = res.headers.get('content-type') ?? '';
    let data: unknown;
    if (!redirected && /json/.test(contentType)) {
      const t = await res.clone().text();
      try {
        data = t ? JSON.parse(t) : undefined;
      } catch {
        data = t;
      }
    }
    // the API answered with a redirect to the blob host (fetch followed it): that answer was a 302
    record(redirected ? 302 : res.status, data, redirected ? '' : contentType);

    // GitHub knows who created each check run
    if (res.ok && data && typeof data === 'object') {
      if (op?.id === 'checks/create' && app !== undefined) this.owners.set((data as any).id, app);
      const runs = op?.id === 'checks/list-for-ref' ? ((data as any).check_runs ?? []) : op?.id === 'checks/get' ? [data] : [];
      for (const r of runs) if (typeof r?.id === 'number' && typeof r?.app?.id === 'number' && !this.owners.has(r.id)) this.owners.set(r.id, r.app.id);
    }
    return res;
  };
}
