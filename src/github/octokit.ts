/**
 * The REST client shared by the action and the bot: `@actions/github`'s Octokit with the retry and
 * throttling plugins, a base URL from `GITHUB_API_URL` (GHES, the e2e stand-in), bounded retries with a
 * log line each, and one-line messages for API failures (never a stack trace).
 */
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { UserError, errorMessage } from '../errors.js';
import { silentLogger, type Logger } from '../log.js';

export type GitHubClient = ReturnType<typeof getOctokit>;

export interface CreateOctokitOptions {
  /** REST base URL; default `GITHUB_API_URL`, else https://api.github.com */
  baseUrl?: string;
  log?: Logger;
  /** retries on 5xx / network errors (retry plugin) and on rate limits (throttling plugin); default 3 */
  maxRetries?: number;
  /** multiplier (ms) for the retry plugin's (n+1)² second back-off and for rate-limit waits; default 1000 */
  retryAfterBaseMs?: number;
  /** do not wait for a rate-limit reset further away than this; default 300 s */
  maxRateLimitWaitSeconds?: number;
  /** fetch implementation (tests pass the global fetch so nock intercepts it) */
  fetch?: typeof globalThis.fetch;
  /** throttling group id (separate limiters per id; tests use unique ids) */
  throttleId?: string;
  userAgent?: string;
  /** extra throttling options, e.g. Bottleneck groups without write spacing (tests) */
  throttle?: Record<string, unknown>;
}

interface RetryLogOptions {
  method: string;
  url: string;
  request?: { retryCount?: number };
}

/** Build an Octokit with retries and rate-limit handling. */
export function createOctokit(token: string, opts: CreateOctokitOptions = {}): GitHubClient {
  const log = opts.log ?? silentLogger;
  const maxRetries = opts.maxRetries ?? 3;
  const base = opts.retryAfterBaseMs ?? 1000;
  const maxWait = opts.maxRateLimitWaitSeconds ?? 300;
  const baseUrl = (opts.baseUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
  const onLimit =
    (kind: string) =>
    (retryAfter: number, options: { method?: string; url?: string }, _octokit: unknown, retryCount: number): boolean => {
      const what = `${options.method ?? 'GET'} ${options.url ?? ''}`;
      if (retryCount >= maxRetries) {
        log.warn(`GitHub ${kind} rate limit hit on ${what}; giving up after ${retryCount} retries`);
        return false;
      }
      if (retryAfter > maxWait) {
        log.warn(`GitHub ${kind} rate limit hit on ${what}; it resets in ${retryAfter}s, longer than ${maxWait}s: not waiting`);
        return false;
      }
      log.warn(`GitHub ${kind} rate limit hit on ${what}; retrying in ${retryAfter}s (retry ${retryCount + 1}/${maxRetries})`);
      return true;
    };
  const options = {
    baseUrl,
    userAgent: opts.userAgent ?? 'transfer-risk',
    retry: { retries: maxRetries, retryAfterBaseValue: base, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
    throttle: {
      id: opts.throttleId ?? 'transfer-risk',
      retryAfterBaseValue: base,
      onRateLimit: onLimit('primary'),
      onSecondaryRateLimit: onLimit('secondary'),
      ...opts.throttle,
    },
    log: {
      debug: (m: string) => log.debug(m),
      info: (m: string) => log.debug(m),
      warn: (m: string) => log.debug(m),
      error: (m: string) => log.debug(m),
    },
    ...(opts.fetch ? { request: { fetch: opts.fetch } } : {}),
  };
  // A plugin registered before the retry plugin sees every failed attempt, not just the last one:
  // one log line per retried request (5xx, 429, network), which the retry plugin itself does not give.
  const retryLog = (octokit: { hook: { error: (name: 'request', fn: (error: unknown, o: RetryLogOptions) => never) => void } }): void => {
    octokit.hook.error('request', (error, reqOpts) => {
      const status = (error as { status?: number }).status;
      const count = reqOpts.request?.retryCount ?? 0;
      if (status !== undefined && status >= 500 && count < maxRetries) {
        log.warn(`GitHub API ${reqOpts.method} ${reqOpts.url} failed (${status}); retrying (${count + 1}/${maxRetries})`);
      }
      throw error;
    });
  };
  const octokit = getOctokit(token, options as Parameters<typeof getOctokit>[1], retryLog as unknown as Parameters<typeof getOctokit>[2], retry, throttling);
  return octokit;
}

/** What we were doing when a call failed: picks the wording of the message. */
export type ApiOperation = 'comment' | 'list-files' | 'check-run' | 'read-pull' | 'dispatch' | 'artifact' | 'read';

const OPERATION_TEXT: Record<ApiOperation, { verb: string; permission: string }> = {
  comment: { verb: 'cannot comment', permission: 'pull-requests: write' },
  'list-files': { verb: "cannot list the pull request's files", permission: 'pull-requests: read' },
  'check-run': { verb: 'cannot update the check run', permission: 'checks: write' },
  'read-pull': { verb: 'cannot read the pull request', permission: 'pull-requests: read' },
  dispatch: { verb: 'cannot dispatch the workflow', permission: 'actions: write' },
  artifact: { verb: 'cannot read the workflow artifacts', permission: 'actions: read' },
  read: { verb: 'GitHub API request failed', permission: 'contents: read' },
};

/** A GitHub API failure, with one clear line as its message. */
export class GitHubApiError extends UserError {
  constructor(
    message: string,
    readonly status: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'GitHubApiError';
  }
}

interface ErrorLike {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
  cause?: unknown;
}

function apiMessage(data: unknown): string | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const d = data as { message?: unknown; errors?: unknown };
  const parts: string[] = [];
  if (typeof d.message === 'string') parts.push(d.message);
  if (Array.isArray(d.errors)) {
    for (const e of d.errors) {
      if (typeof e === 'string') parts.push(e);
      else if (e && typeof e === 'object') {
        const o = e as { message?: unknown; code?: unknown; field?: unknown; resource?: unknown };
        if (typeof o.message === 'string') parts.push(o.message);
        else if (typeof o.code === 'string') parts.push([o.resource, o.field, o.code].filter((x) => typeof x === 'string').join(' '));
      }
    }
  }
  return parts.length ? parts.join('; ') : undefined;
}

function causeCode(err: unknown): string | undefined {
  let c: unknown = err;
  for (let i = 0; i < 4 && c && typeof c === 'object'; i++) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    c = (c as { cause?: unknown }).cause;
  }
  return undefined;
}

/** One line describing a failed API call, e.g. "cannot comment: the token lacks pull-requests: write (403)". */
export function describeApiError(err: unknown, op: ApiOperation, target?: string): string {
  const { verb, permission } = OPERATION_TEXT[op];
  const e = (err ?? {}) as ErrorLike;
  const status = typeof e.status === 'number' ? e.status : undefined;
  const headers = e.response?.headers ?? {};
  const detail = apiMessage(e.response?.data);
  const where = target ? ` (${target})` : '';
  if (status === undefined || (status === 500 && !e.response)) {
    const code = causeCode(e.cause ?? err);
    return `${verb}${where}: cannot reach the GitHub API${code ? ` (${code})` : ''}: ${errorMessage(err)}`;
  }
  if ((status === 403 || status === 429) && (String(headers['x-ratelimit-remaining']) === '0' || /rate limit/i.test(detail ?? e.message ?? ''))) {
    const reset = Number(headers['x-ratelimit-reset']);
    const when = Number.isFinite(reset) && reset > 0 ? `; it resets at ${new Date(reset * 1000).toISOString()}` : '';
    return `${verb}${where}: GitHub API rate limit exceeded (${status})${when}`;
  }
  switch (status) {
    case 401:
      return `${verb}${where}: bad credentials: the token is missing, expired or revoked (401)`;
    case 403:
      return `${verb}${where}: the token lacks ${permission} (403)${detail ? `: ${detail}` : ''}`;
    case 404:
      return `${verb}${where}: not found (404): the repository, pull request or resource does not exist or the token cannot see it`;
    case 410:
      return `${verb}${where}: gone (410)${detail ? `: ${detail}` : ''}`;
    case 422:
      return `${verb}${where}: GitHub rejected the request (422)${detail ? `: ${detail}` : ''}`;
    default:
      if (status >= 500) return `${verb}${where}: GitHub API server error (${status}) after retries${detail ? `: ${detail}` : ''}`;
      return `${verb}${where}: GitHub API error (${status})${detail ? `: ${detail}` : ''}`;
  }
}

/** Run one API call; failures become a `GitHubApiError` with a one-line message. */
export async function callApi<T>(op: ApiOperation, fn: () => Promise<T>, target?: string): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof GitHubApiError) throw err;
    const status = typeof (err as ErrorLike)?.status === 'number' ? (err as ErrorLike).status : undefined;
    throw new GitHubApiError(describeApiError(err, op, target), status, { cause: err });
  }
}
