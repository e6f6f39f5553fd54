/** The `transfer-risk` check run: listing ours on a commit, creating and completing it. */
import type { Octokit } from './octokit.js';

export const CHECK_NAME = 'transfer-risk';

/** GitHub's limits on check-run output (characters) and annotations per request. */
export const OUTPUT_LIMITS = { title: 200, summary: 65_000, text: 65_000, annotations: 50 };

export type CheckConclusion = 'success' | 'failure' | 'neutral' | 'cancelled' | 'timed_out' | 'action_required' | 'skipped';

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
  raw_details?: string;
}

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

/** Our `transfer-risk` check runs on a commit, newest first (other apps' runs of the same name are ignored). */
export async function listOurChecks(octokit: Octokit, repo: RepoRef, sha: string, appId?: number): Promise<CheckRunInfo[]> {
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

export async function createInProgressCheck(
  octokit: Octokit,
  repo: RepoRef,
  sha: string,
  externalId: string,
  output: CheckOutput,
): Promise<CheckRunInfo> {
  const { data } = await octokit.rest.checks.create({
    ...repo,
    name: CHECK_NAME,
    head_sha: sha,
    status: 'in_progress',
    started_at: new Date().toISOString(),
    external_id: externalId,
    output: limitOutput(output),
  });
  return data as CheckRunInfo;
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

/** Completes an existing check run, or creates a completed one on `sha` when there is none. */
export async function completeCheck(octokit: Octokit, repo: RepoRef, target: { checkRunId?: number; sha: string }, c: Completion): Promise<CheckRunInfo> {
  if (target.checkRunId !== undefined) {
    const { data } = await octokit.rest.checks.update({ ...repo, check_run_id: target.checkRunId, ...completionFields(c) });
    return data as CheckRunInfo;
  }
  const { data } = await octokit.rest.checks.create({ ...repo, name: CHECK_NAME, head_sha: target.sha, ...completionFields(c) });
  return data as CheckRunInfo;
}
