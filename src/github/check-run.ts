/**
 * The `transfer-risk` check run, shared by the bot and the action: listing a commit's runs of one app,
 * creating, updating and completing them. GitHub lets only the app that created a check run modify it
 * (403 "Invalid app_id … check run can only be modified by the GitHub App that created it"), so each
 * caller only ever updates runs it created: the bot its own, the action (when asked for one) its own.
 */
import type { CheckAnnotation } from '../report/check-output.js';
import type { GitHubClient } from './octokit.js';

export const CHECK_NAME = 'transfer-risk';

/** GitHub's limits on check-run output (characters) and annotations per request. */
export const OUTPUT_LIMITS = { title: 200, summary: 65_000, text: 65_000, annotations: 50 };

export type CheckConclusion = 'success' | 'failure' | 'neutral' | 'cancelled' | 'timed_out' | 'action_required' | 'skipped';

export type { CheckAnnotation };

export interface CheckOutput {
  title: string;
  summary: string;
  text?: string;
  annotations?: CheckAnnotation[];
}

export interface CheckRunInfo {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  external_id: string | null;
  html_url?: string | null;
  details_url?: string | null;
  app?: { id?: number } | null;
}

export interface RepoRef {
  owner: string;
  repo: string;
}

export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  const note = '\n\n… (truncated)';
  return s.slice(0, Math.max(0, max - note.length)) + note;
}

export function limitOutput(o: CheckOutput): CheckOutput {
  return {
    title: truncate(o.title.replace(/\s+/g, ' ').trim(), OUTPUT_LIMITS.title),
    summary: truncate(o.summary, OUTPUT_LIMITS.summary),
    ...(o.text ? { text: truncate(o.text, OUTPUT_LIMITS.text) } : {}),
    ...(o.annotations && o.annotations.length > 0 ? { annotations: o.annotations.slice(0, OUTPUT_LIMITS.annotations) } : {}),
  };
}

/**
 * The `transfer-risk` check runs on a commit, newest first. With `appId`, only that app's runs (another
 * app's run of the same name is not ours to read or touch).
 */
export async function listChecks(octokit: GitHubClient, repo: RepoRef, sha: string, appId?: number): Promise<CheckRunInfo[]> {
  const runs = (await octokit.paginate(octokit.rest.checks.listForRef, {
    ...repo,
    ref: sha,
    check_name: CHECK_NAME,
    filter: 'all',
    per_page: 100,
  })) as CheckRunInfo[];
  return runs
    .filter((c) => c.name === CHECK_NAME && c.head_sha === sha && (appId === undefined || c.app?.id === undefined || c.app.id === appId))
    .sort((a, b) => b.id - a.id);
}

export interface Completion {
  conclusion: CheckConclusion;
  output: CheckOutput;
  externalId: string;
  detailsUrl?: string;
}

function completionFields(c: Completion) {
  return {
    status: 'completed' as const,
    conclusion: c.conclusion,
    completed_at: new Date().toISOString(),
    external_id: c.externalId,
    output: limitOutput(c.output),
    ...(c.detailsUrl ? { details_url: c.detailsUrl } : {}),
  };
}

/** A new check run `in_progress` on `sha`. */
export async function createInProgressCheck(
  octokit: GitHubClient,
  repo: RepoRef,
  sha: string,
  externalId: string,
  output: CheckOutput,
  detailsUrl?: string,
): Promise<CheckRunInfo> {
  const { data } = await octokit.rest.checks.create({
    ...repo,
    name: CHECK_NAME,
    head_sha: sha,
    status: 'in_progress',
    started_at: new Date().toISOString(),
    external_id: externalId,
    output: limitOutput(output),
    ...(detailsUrl ? { details_url: detailsUrl } : {}),
  });
  return data as CheckRunInfo;
}

/** Completes a check run this app created, or creates a completed one on `sha` when `checkRunId` is not given. */
export async function completeCheck(octokit: GitHubClient, repo: RepoRef, target: { checkRunId?: number; sha: string }, c: Completion): Promise<CheckRunInfo> {
  if (target.checkRunId !== undefined) {
    const { data } = await octokit.rest.checks.update({ ...repo, check_run_id: target.checkRunId, ...completionFields(c) });
    return data as CheckRunInfo;
  }
  const { data } = await octokit.rest.checks.create({ ...repo, name: CHECK_NAME, head_sha: target.sha, ...completionFields(c) });
  return data as CheckRunInfo;
}

/** Re-labels a check run this app created (its `external_id`), leaving everything else as it is. */
export async function relabelCheck(octokit: GitHubClient, repo: RepoRef, checkRunId: number, externalId: string): Promise<void> {
  await octokit.rest.checks.update({ ...repo, check_run_id: checkRunId, external_id: externalId });
}

/** Appends annotations past the first 50 (GitHub takes 50 per request; each update appends). */
export async function appendAnnotations(
  octokit: GitHubClient,
  repo: RepoRef,
  checkRunId: number,
  output: CheckOutput,
  batches: CheckAnnotation[][],
): Promise<void> {
  for (const batch of batches) {
    await octokit.rest.checks.update({ ...repo, check_run_id: checkRunId, output: { ...limitOutput({ ...output, annotations: [] }), annotations: batch } });
  }
}
