/**
 * Which revisions to compare, from the workflow's event:
 * - `pull_request` (opened, synchronize, reopened, ready_for_review): base = `pull_request.base.sha`,
 *   head = `pull_request.head.sha` (the PR head, NOT the merge commit in `GITHUB_SHA`);
 * - `pull_request_target`, the same, for pull requests from forks: the workflow is the base branch's and
 *   the token can write, so the pull request's commits are only ever read as git objects;
 * - `workflow_dispatch` with inputs `base`, `head` (refs or SHAs) and optional `pr`;
 * - the bot's dispatch: `workflow_dispatch` with inputs `pr`, `base-sha`, `head-sha`, `check-run-id`.
 */
import { readFileSync } from 'node:fs';
import { UserError } from '../errors.js';
import { errorText } from './util.js';

export type EventKind = 'pull_request' | 'workflow_dispatch' | 'bot_dispatch' | 'workflow_run';

export const PULL_REQUEST_ACTIONS = ['opened', 'synchronize', 'reopened', 'ready_for_review'] as const;

export interface ActionEvent {
  kind: EventKind;
  /** `pull_request.opened` etc., for logs */
  name: string;
  owner: string;
  repo: string;
  /** base revision: a SHA (pull_request, bot) or a ref/SHA (manual dispatch) */
  base: string;
  head: string;
  /** branch names, for display */
  baseRef?: string;
  headRef?: string;
  pr?: number;
  /** the bot's check run, to complete as neutral when nothing is to be analyzed */
  checkRunId?: number;
  /** `pull_request.changed_files` */
  changedFiles?: number;
  /** the PR comes from a fork, or from a deleted repository (`head.repo` null) */
  fork?: boolean;
  /** `pull_request_target`: the base branch's workflow with a write token, next to a pull request's commits */
  target?: boolean;
  /** workflow_run: the id of the run whose report is published */
  runId?: number;
}

/** An event we recognise but have nothing to do for (e.g. `pull_request.closed`). */
export interface SkippedEvent {
  skip: string;
}

const SHA_RE = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;
// what a branch, tag or SHA can look like (git check-ref-format rules, loosely); never an option
const REF_RE = /^(?!-)[A-Za-z0-9._/@^~+-]+$/;

type Json = Record<string, unknown>;

function obj(v: unknown): Json | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function positiveInt(v: unknown, what: string): number | undefined {
  const s = str(v);
  if (s === undefined) return undefined;
  if (!/^\d+$/.test(s) || Number(s) <= 0 || !Number.isSafeInteger(Number(s))) {
    throw new UserError(`workflow_dispatch input ${what} must be a positive integer, got "${s}"`);
  }
  return Number(s);
}

function sha(v: unknown, what: string): string {
  const s = str(v);
  if (!s) throw new UserError(`${what} is missing`);
  if (!SHA_RE.test(s)) throw new UserError(`${what} must be a full commit SHA (40 hex digits), got "${s}"`);
  return s.toLowerCase();
}

function ref(v: unknown, what: string): string {
  const s = str(v);
  if (!s) throw new UserError(`${what} is missing`);
  if (!REF_RE.test(s) || s.includes('..')) throw new UserError(`${what} is not a valid git ref or SHA: "${s}"`);
  return s;
}

function repoOf(payload: Json, env: NodeJS.ProcessEnv): { owner: string; repo: string } {
  const r = obj(payload.repository);
  const owner = str(obj(r?.owner)?.login);
  const name = str(r?.name);
  if (owner && name) return { owner, repo: name };
  const full = env.GITHUB_REPOSITORY ?? '';
  const m = /^([^/\s]+)\/([^/\s]+)$/.exec(full);
  if (!m) throw new UserError('cannot tell the repository: the event has no repository and GITHUB_REPOSITORY is not owner/name');
  return { owner: m[1]!, repo: m[2]! };
}

/** Interpret one event payload. */
export function parseEvent(eventName: string, payload: unknown, env: NodeJS.ProcessEnv = {}): ActionEvent | SkippedEvent {
  const p = obj(payload) ?? {};
  if (eventName === 'pull_request' || eventName === 'pull_request_target') {
    const action = str(p.action) ?? '';
    const name = `${eventName}.${action}`;
    if (!(PULL_REQUEST_ACTIONS as readonly string[]).includes(action)) {
      return { skip: `nothing to do for ${name} (runs on ${PULL_REQUEST_ACTIONS.join(', ')})` };
    }
    const pr = obj(p.pull_request);
    if (!pr) throw new UserError(`the ${eventName} event has no pull_request object`);
    const base = obj(pr.base);
    const head = obj(pr.head);
    const { owner, repo } = repoOf(p, env);
    const headRepo = str(obj(head?.repo)?.full_name);
    const baseRepo = str(obj(base?.repo)?.full_name) ?? `${owner}/${repo}`;
    // a deleted fork leaves head.repo null: it is not this repository either
    const number = typeof pr.number === 'number' ? pr.number : typeof p.number === 'number' ? p.number : undefined;
    const changed = typeof pr.changed_files === 'number' ? pr.changed_files : undefined;
    return {
      kind: 'pull_request',
      name,
      owner,
      repo,
      base: sha(base?.sha, 'pull_request.base.sha'),
      head: sha(head?.sha, 'pull_request.head.sha'),
      baseRef: str(base?.ref),
      headRef: str(head?.ref),
      ...(number !== undefined ? { pr: number } : {}),
      ...(changed !== undefined ? { changedFiles: changed } : {}),
      fork: headRepo === undefined || headRepo.toLowerCase() !== baseRepo.toLowerCase(),
      ...(eventName === 'pull_request_target' ? { target: true } : {}),
    };
  }
  if (eventName === 'workflow_dispatch') {
    const inputs = obj(p.inputs) ?? {};
    const { owner, repo } = repoOf(p, env);
    const pr = positiveInt(inputs.pr, 'pr');
    if (str(inputs['base-sha']) !== undefined || str(inputs['head-sha']) !== undefined) {
      const checkRunId = positiveInt(inputs['check-run-id'], 'check-run-id');
      return {
        kind: 'bot_dispatch',
        name: 'workflow_dispatch (bot)',
        owner,
        repo,
        base: sha(inputs['base-sha'], 'workflow_dispatch input base-sha'),
        head: sha(inputs['head-sha'], 'workflow_dispatch input head-sha'),
        ...(pr !== undefined ? { pr } : {}),
        ...(checkRunId !== undefined ? { checkRunId } : {}),
      };
    }
    if (str(inputs.base) === undefined || str(inputs.head) === undefined) {
      throw new UserError(
        "workflow_dispatch needs inputs base and head (refs or SHAs), or the bot's base-sha and head-sha: declare them under on.workflow_dispatch.inputs",
      );
    }
    const base = ref(inputs.base, 'workflow_dispatch input base');
    const head = ref(inputs.head, 'workflow_dispatch input head');
    return {
      kind: 'workflow_dispatch',
      name: 'workflow_dispatch',
      owner,
      repo,
      base,
      head,
      baseRef: base,
      headRef: head,
      ...(pr !== undefined ? { pr } : {}),
    };
  }
  if (eventName === 'workflow_run') {
    // publish mode only: the analysis ran in the triggering run; its report arrives as an artifact
    const run = obj(p.workflow_run);
    if (!run) throw new UserError('the workflow_run event has no workflow_run object');
    const { owner, repo } = repoOf(p, env);
    const prs = Array.isArray(run.pull_requests) ? run.pull_requests : [];
    const first = obj(prs[0]);
    const number = typeof first?.number === 'number' ? first.number : undefined;
    const id = typeof run.id === 'number' ? run.id : undefined;
    // a run for a fork's pull request ran the fork's copy of its workflow file
    const headRepo = str(obj(run.head_repository)?.full_name);
    const runRepo = str(obj(run.repository)?.full_name) ?? `${owner}/${repo}`;
    return {
      kind: 'workflow_run',
      name: `workflow_run.${str(p.action) ?? ''}`,
      owner,
      repo,
      base: '',
      head: sha(run.head_sha, 'workflow_run.head_sha'),
      ...(str(run.head_branch) ? { headRef: str(run.head_branch) } : {}),
      ...(number !== undefined ? { pr: number } : {}),
      ...(id !== undefined ? { runId: id } : {}),
      fork: headRepo === undefined || headRepo.toLowerCase() !== runRepo.toLowerCase(),
    };
  }
  throw new UserError(
    `unsupported event "${eventName || '(none)'}": transfer-risk runs on pull_request, pull_request_target and workflow_dispatch (and workflow_run to publish a report; see docs/action.md)`,
  );
}

/** Read `GITHUB_EVENT_NAME` and the payload at `GITHUB_EVENT_PATH`. */
export function readEvent(env: NodeJS.ProcessEnv = process.env): ActionEvent | SkippedEvent {
  const name = env.GITHUB_EVENT_NAME ?? '';
  const file = env.GITHUB_EVENT_PATH;
  let payload: unknown = {};
  if (file) {
    try {
      payload = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new UserError(`cannot read the event payload ${file}: ${errorText(err)}`);
    }
  } else if (name) {
    throw new UserError('GITHUB_EVENT_PATH is not set: run inside GitHub Actions (or set it to an event JSON file)');
  }
  return parseEvent(name, payload, env);
}

export function isSkipped(e: ActionEvent | SkippedEvent): e is SkippedEvent {
  return 'skip' in e;
}
