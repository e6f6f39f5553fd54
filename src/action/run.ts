/**
 * The GitHub Action, a thin shell over analyze(): inputs and event → revisions (fetched when missing)
 * → changed files (API, else git diff) → analyze (with the Actions embedding cache) → report files,
 * artifact, sticky comment, job summary, outputs, the action's own check run when asked → fail the step
 * when `fail-on` is reached (after posting). Any failure ends in one clear `core.setFailed` line.
 *
 * On the bot's dispatch the run only analyzes: it uploads the report (or, with nothing to analyze, a
 * `status.json` saying so) and succeeds whenever it wrote one; the bot owns the comment and the check
 * run and decides the verdict. The action never touches a check run it did not create.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import { analyze as realAnalyze, type AnalyzeOptions, type AnalyzeResult } from '../analyze.js';
import { type ChangedPath, type FailOn, reachesFailOn, type Report, stricterFailOn } from '../contracts/index.js';
import { UserError } from '../errors.js';
import { errorText } from './util.js';
import type { Logger } from '../log.js';
import { createProgress } from '../progress.js';
import { renderComment } from '../report/comment.js';
import type { ReportExtras } from '../report/extras.js';
import { writeJobSummary as realWriteJobSummary } from '../report/summary.js';
import { readReportFile, writeReportFiles as realWriteReportFiles } from '../report/write.js';
import { listChangedFiles } from '../github/changed-files.js';
import { callApi, createOctokit, type GitHubClient } from '../github/octokit.js';
import { updateStickyCommentIfPresent, upsertStickyComment } from '../github/sticky-comment.js';
import { uploadReportArtifact, runUrl as runUrlOf, type ArtifactUploader } from './artifact.js';
import { cacheKeys, modelAndDatasets, restoreEmbeddingCache, saveEmbeddingCache, type CacheService } from './cache.js';
import { analysisStatus, STATUS_ENTRY } from '../github/analysis-artifact.js';
import { runGit } from '../data/git.js';
import { isSkipped, readEvent, type ActionEvent } from './event.js';
import { OwnCheck } from './own-check.js';
import { ensureRevisions } from './git-refs.js';
import { readInputs, type ActionInputs } from './inputs.js';
import { loadRuntimeEnv } from './runtime-env.js';

/** What the action touches outside itself; tests replace parts of it. */
export interface ActionDeps {
  env: NodeJS.ProcessEnv;
  log: Logger;
  analyze: (opts: AnalyzeOptions) => Promise<AnalyzeResult>;
  writeReportFiles: (report: Report, outDir: string, extras?: ReportExtras) => Promise<{ reportPath: string; commentPath: string; htmlPath: string }>;
  writeJobSummary: (report: Report, opts?: { runUrl?: string; reportUrl?: string }) => Promise<void>;
  octokit: (token: string) => GitHubClient;
  cacheService?: CacheService;
  artifactUploader?: ArtifactUploader;
  setOutput: (name: string, value: string) => void;
  setFailed: (message: string) => void;
  /** a plain-markdown job summary line (the no-change path) */
  appendSummary: (markdown: string) => Promise<void>;
}

export interface ActionOutcome {
  status: 'skipped' | 'no-changes' | 'analyzed' | 'failed';
  riskLevel?: string;
  reportPath?: string;
  commentUrl?: string;
  /** why the step failed (fail-on reached, or an error) */
  failure?: string;
}

export const coreLogger: Logger = {
  info: (m) => core.info(m),
  warn: (m) => core.warning(m),
  debug: (m) => core.debug(m),
};

function defaultDeps(): ActionDeps {
  const env = process.env;
  return {
    env,
    log: coreLogger,
    analyze: realAnalyze,
    writeReportFiles: realWriteReportFiles,
    writeJobSummary: realWriteJobSummary,
    octokit: (token) => createOctokit(token, { log: coreLogger }),
    setOutput: (n, v) => core.setOutput(n, v),
    setFailed: (m) => core.setFailed(m),
    appendSummary: async (md) => {
      if (!env.GITHUB_STEP_SUMMARY) return;
      await core.summary.addRaw(md, true).write();
    },
  };
}

/**
 * Who we comment as. Installation tokens (`ghs_`: the workflow token, GitHub Apps) cannot read
 * `GET /user`: we then match our comment by the marker among bot authors. Personal tokens: their login.
 */
async function commentAuthor(octokit: GitHubClient, token: string, log: Logger): Promise<string | undefined> {
  if (token.startsWith('ghs_')) return undefined;
  try {
    const { data } = await octokit.rest.users.getAuthenticated();
    return data.login;
  } catch (err) {
    log.debug(`cannot read the token's user (${errorText(err)}); matching the comment by marker among bots`);
    return undefined;
  }
}

/** Text for the HTML-rendered job summary. */
function escapeSummary(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function tempDir(env: NodeJS.ProcessEnv): string {
  return env.RUNNER_TEMP || os.tmpdir();
}

/** Run the action; never throws (failures go through setFailed). */
export async function runAction(overrides: Partial<ActionDeps> = {}): Promise<ActionOutcome> {
  const deps: ActionDeps = { ...defaultDeps(), ...overrides };
  const { log } = deps;
  try {
    return await runInner(deps);
  } catch (err) {
    const msg = err instanceof UserError ? err.message : `transfer-risk failed: ${errorText(err)}`;
    if (!(err instanceof UserError) && err instanceof Error && err.stack) log.debug(err.stack);
    const line = msg.split('\n')[0]!;
    deps.setFailed(line);
    // the job summary is written on every path, failures included
    try {
      await deps.appendSummary(`### transfer-risk\n\n:x: ${escapeSummary(line)}\n`);
    } catch {
      // no summary file (outside Actions): the log line is enough
    }
    return { status: 'failed', failure: msg };
  }
}

async function runInner(deps: ActionDeps): Promise<ActionOutcome> {
  const { env, log } = deps;
  loadRuntimeEnv(env, log);
  const inputs = readInputs(env);
  const event = readEvent(env);
  if (isSkipped(event)) {
    log.info(event.skip);
    await deps.appendSummary(`### transfer-risk\n\n${escapeSummary(event.skip)}.\n`);
    deps.setOutput('risk-level', 'none');
    deps.setOutput('report-path', '');
    deps.setOutput('comment-url', '');
    return { status: 'skipped', riskLevel: 'none' };
  }
  log.info(`transfer-risk: ${event.name} on ${event.owner}/${event.repo}${event.pr !== undefined ? ` #${event.pr}` : ''}`);
  const workspace = path.resolve(env.GITHUB_WORKSPACE || process.cwd());
  const octokit = inputs.token ? deps.octokit(inputs.token) : undefined;
  if (inputs.report) return publishReport(deps, inputs, event, workspace, octokit);
  if (event.kind === 'workflow_run') {
    throw new UserError('on workflow_run, set the report input to publish the analysis run\'s report (see docs/action.md, "Publishing a report")');
  }
  if (!octokit) log.warn('no github-token: changed files come from git diff and no comment is posted');

  // a fork's head commit: by SHA, else through the pull request's ref on the base repository
  const fallbackRef = event.pr !== undefined && event.kind !== 'workflow_dispatch' ? `refs/pull/${event.pr}/head` : undefined;
  const revs = await ensureRevisions(workspace, event.base, event.head, { log, ...(fallbackRef ? { fallbackRef } : {}) });
  log.info(
    `base ${revs.base.slice(0, 7)}${event.baseRef ? ` (${event.baseRef})` : ''} → head ${revs.head.slice(0, 7)}${event.headRef ? ` (${event.headRef})` : ''}`,
  );
  await guardCheckout(workspace, event, revs.head, log);

  const check = await startOwnCheck(deps, inputs, event, revs.head, octokit);
  try {
    const changedPaths = await changedFilesFor(event, revs.head, octokit, log);

    // embedding cache across runs
    let cacheDir: string | undefined;
    let cacheState: Awaited<ReturnType<typeof restoreEmbeddingCache>> | undefined;
    if (inputs.cache) {
      const dir = path.join(tempDir(env), 'transfer-risk-cache');
      const { model, datasets } = await modelAndDatasets(workspace, revs.head, inputs.config);
      cacheState = await restoreEmbeddingCache(deps.cacheService, dir, cacheKeys(model, datasets, revs.head), log);
      if (cacheState.enabled) cacheDir = dir;
    }

    const result = await deps.analyze({
      repo: workspace,
      base: revs.base,
      head: revs.head,
      configPath: inputs.config,
      ...(changedPaths ? { changedPaths } : {}),
      ...(inputs.sampleSize !== undefined ? { sampleSize: inputs.sampleSize } : {}),
      ...(inputs.failOn ? { failOn: inputs.failOn } : {}),
      backend: inputs.backend,
      cacheDir,
      log,
      progress: (label, total) => createProgress(label, total, { stream: process.stdout }),
    });

    if (!result.touched) return await noDatasetChanges(deps, inputs, event, revs, octokit, check);

    if (cacheState) await saveEmbeddingCache(deps.cacheService, cacheState, log);
    if (event.pr !== undefined) result.report.meta.pr = event.pr;
    const extras = (result as AnalyzeResult & { extras?: ReportExtras }).extras;
    return await publish(deps, inputs, event, result.report, result.config.failOn, { extras, upload: true }, octokit, check);
  } catch (err) {
    await check?.complete('failure', { title: 'transfer-risk could not analyze this commit', summary: errorText(err) });
    throw err;
  }
}

/**
 * Refuse the one dangerous set-up we can see: on pull_request_target, a fork's head (or a merge with
 * it) checked out in the workspace next to a write token. transfer-risk never needs it checked out.
 */
async function guardCheckout(workspace: string, event: ActionEvent, head: string, log: Logger): Promise<void> {
  if (!event.target && event.kind !== 'bot_dispatch') return;
  let checkedOut: string[];
  try {
    checkedOut = (await runGit(workspace, ['rev-parse', 'HEAD', 'HEAD^@']))
      .toString('utf8')
      .split('\n')
      .map((l) => l.trim().toLowerCase());
  } catch {
    return; // no commit checked out at all
  }
  if (!checkedOut.includes(head.toLowerCase())) return;
  const what = `the workspace has the pull request's head ${head.slice(0, 7)} (or a merge with it) checked out`;
  if (event.target && event.fork) {
    throw new UserError(
      `${what} on pull_request_target: a fork's files next to a write token is how workflows get taken over. Check out the base branch (the default of actions/checkout) and let transfer-risk read the pull request as git objects (docs/security.md)`,
    );
  }
  log.warn(`${what}: transfer-risk reads both commits as git objects and does not need it (docs/security.md)`);
}

async function startOwnCheck(
  deps: ActionDeps,
  inputs: ActionInputs,
  event: ActionEvent,
  sha: string,
  octokit: GitHubClient | undefined,
): Promise<OwnCheck | undefined> {
  if (!inputs.checkRun) return undefined;
  if (event.kind === 'bot_dispatch') {
    deps.log.info('check-run: the bot owns the transfer-risk check run of its dispatch; not creating one');
    return undefined;
  }
  if (!octokit) {
    deps.log.warn('check-run: no github-token; the job status carries the verdict');
    return undefined;
  }
  const url = runUrlOf(deps.env);
  return OwnCheck.start(
    octokit,
    {
      owner: event.owner,
      repo: event.repo,
      sha,
      externalId: `action:${deps.env.GITHUB_RUN_ID ?? 'local'}:${deps.env.GITHUB_RUN_ATTEMPT ?? '1'}`,
      ...(url ? { detailsUrl: url } : {}),
    },
    deps.log,
  );
}

/**
 * Publish mode (`report` input): post an existing report (an artifact of the analysis run, a sharded
 * merge) without analyzing. On workflow_run the report may come from an untrusted fork run: it must
 * be for the run's head commit, and we comment only on the pull request whose head that still is.
 */
async function publishReport(
  deps: ActionDeps,
  inputs: ActionInputs,
  event: ActionEvent,
  workspace: string,
  octokit: GitHubClient | undefined,
): Promise<ActionOutcome> {
  const { log } = deps;
  const file = path.resolve(workspace, inputs.report!);
  const report = await readReportFile(file);
  log.info(`publishing ${file} (${report.base.sha.slice(0, 7)} → ${report.head.sha.slice(0, 7)}, risk ${report.risk.level})`);
  let pr = event.pr;
  let commentAllowed = true;
  if (event.kind === 'workflow_run') {
    if (event.fork) {
      throw new UserError(
        `workflow run ${event.runId ?? '?'} ran for a fork's pull request, whose copy of the workflow file could write any report: not publishing it. Analyze pull requests from forks on pull_request_target (examples/workflows/fork-pull-requests.yml, docs/security.md)`,
      );
    }
    if (report.head.sha.toLowerCase() !== event.head.toLowerCase()) {
      throw new UserError(`${file} is a report for ${report.head.sha.slice(0, 7)}, but the workflow run is for ${event.head.slice(0, 7)}`);
    }
    // pull_requests is empty for runs from forks: the analysis run records the number in meta.pr
    const metaPr = typeof report.meta.pr === 'number' && Number.isSafeInteger(report.meta.pr) && report.meta.pr > 0 ? report.meta.pr : undefined;
    pr = pr ?? metaPr;
    if (pr !== undefined && octokit) {
      const { data: pull } = await callApi('read-pull', () => octokit.rest.pulls.get({ owner: event.owner, repo: event.repo, pull_number: pr! }), `#${pr}`);
      if (pull.head.sha.toLowerCase() !== event.head.toLowerCase()) {
        log.warn(`pull request #${pr} is at ${pull.head.sha.slice(0, 7)}, not ${event.head.slice(0, 7)}: not commenting with an outdated or foreign report`);
        commentAllowed = false;
      }
    }
  }
  const target: ActionEvent = { ...event, ...(pr !== undefined && commentAllowed ? { pr } : { pr: undefined }) };
  const check = await startOwnCheck(deps, inputs, event, report.head.sha, octokit);
  try {
    return await publish(deps, inputs, target, report, report.meta.failOn ?? 'none', { upload: false }, octokit, check);
  } catch (err) {
    await check?.complete('failure', { title: 'transfer-risk could not publish the report', summary: errorText(err) });
    throw err;
  }
}

async function changedFilesFor(event: ActionEvent, headSha: string, octokit: GitHubClient | undefined, log: Logger): Promise<ChangedPath[] | undefined> {
  // a manual dispatch may compare any two revisions: the pull request's file list would not match
  if (event.kind === 'workflow_dispatch' || event.pr === undefined || !octokit) return undefined;
  return listChangedFiles(octokit, {
    owner: event.owner,
    repo: event.repo,
    pullNumber: event.pr,
    ...(event.changedFiles !== undefined ? { expectedCount: event.changedFiles } : {}),
    headSha,
    log,
  });
}

async function noDatasetChanges(
  deps: ActionDeps,
  inputs: ActionInputs,
  event: ActionEvent,
  revs: { base: string; head: string },
  octokit: GitHubClient | undefined,
  check: OwnCheck | undefined,
): Promise<ActionOutcome> {
  const headSha = revs.head;
  const msg = 'no dataset changes: the pull request touches no dataset, augmentation config or labels file';
  deps.log.info(msg);
  deps.setOutput('risk-level', 'none');
  deps.setOutput('report-path', '');
  let commentUrl = '';
  if (event.kind === 'bot_dispatch') {
    // the bot owns the check run: it completes it from this artifact ("No dataset changes")
    const dir = path.join(tempDir(deps.env), 'transfer-risk-report');
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, STATUS_ENTRY);
    await writeFile(file, `${JSON.stringify(analysisStatus(revs.base, headSha), null, 2)}\n`);
    await uploadReportArtifact([file], { log: deps.log, env: deps.env, ...(deps.artifactUploader ? { uploader: deps.artifactUploader } : {}) });
  } else if (inputs.comment && event.pr !== undefined && octokit) {
    // a verdict posted for an earlier push would be stale now: say so in the same comment (never create one)
    try {
      const botLogin = await commentAuthor(octokit, inputs.token, deps.log);
      const res = await updateStickyCommentIfPresent(octokit, {
        owner: event.owner,
        repo: event.repo,
        issueNumber: event.pr,
        body: `### transfer-risk\n\nAs of ${headSha.slice(0, 7)} this pull request changes no dataset, augmentation config or labels file: nothing to analyze.\n`,
        ...(botLogin ? { botLogin } : {}),
      });
      if (res) {
        commentUrl = res.url;
        deps.log.info(`updated comment ${res.url}: no dataset changes any more`);
      }
    } catch (err) {
      deps.log.warn(errorText(err));
    }
  }
  deps.setOutput('comment-url', commentUrl);
  await deps.appendSummary(`### transfer-risk\n\n${msg}.\n`);
  await check?.complete('neutral', { title: 'No dataset changes', summary: `${msg}.` });
  return { status: 'no-changes', riskLevel: 'none', commentUrl };
}

async function publish(
  deps: ActionDeps,
  inputs: ActionInputs,
  event: ActionEvent,
  report: Report,
  policy: FailOn,
  opts: { extras?: ReportExtras; upload: boolean },
  octokit: GitHubClient | undefined,
  check?: OwnCheck,
): Promise<ActionOutcome> {
  const { env, log } = deps;
  // links are ours, never the (possibly untrusted) report's: the analysis run for workflow_run
  const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
  const runUrl =
    event.kind === 'workflow_run' && event.runId !== undefined ? `${server}/${event.owner}/${event.repo}/actions/runs/${event.runId}` : runUrlOf(env);
  delete report.meta.runUrl;
  delete report.meta.reportUrl;
  if (runUrl) report.meta.runUrl = runUrl;
  const failOn: FailOn = stricterFailOn(policy, inputs.failOn);
  if (inputs.failOn && failOn !== inputs.failOn) {
    log.warn(`input fail-on: ${inputs.failOn} is looser than the repository's policy (${policy}): using ${failOn}`);
  }
  report.meta.failOn = failOn;

  const outDir = path.join(tempDir(env), 'transfer-risk-report');
  const files = await deps.writeReportFiles(report, outDir, opts.extras);
  deps.setOutput('risk-level', report.risk.level);
  deps.setOutput('report-path', files.reportPath);

  const artifact = opts.upload
    ? await uploadReportArtifact([files.reportPath, files.commentPath, files.htmlPath], {
        log,
        env,
        ...(deps.artifactUploader ? { uploader: deps.artifactUploader } : {}),
      })
    : undefined;
  const reportUrl = artifact?.url;
  if (reportUrl) report.meta.reportUrl = reportUrl;

  // comment (a failure here fails the step at the end, after the summary and outputs)
  let commentUrl = '';
  let commentFailure: string | undefined;
  if (event.kind === 'bot_dispatch') log.info('the bot posts the sticky comment: not commenting');
  else if (!inputs.comment) log.info('comment: false: not commenting');
  else if (event.pr === undefined) log.info('no pull request number: not commenting');
  else if (!octokit) log.warn('no github-token: not commenting');
  else {
    try {
      const botLogin = await commentAuthor(octokit, inputs.token, log);
      const body = renderComment(report, { ...(runUrl ? { runUrl } : {}), ...(reportUrl ? { reportUrl } : {}) });
      const res = await upsertStickyComment(octokit, { owner: event.owner, repo: event.repo, issueNumber: event.pr, body, ...(botLogin ? { botLogin } : {}) });
      commentUrl = res.url;
      log.info(`${res.created ? 'created' : 'updated'} comment ${res.url}`);
    } catch (err) {
      commentFailure = errorText(err);
      if (event.fork) {
        log.warn(
          `${commentFailure}: pull requests from forks get a read-only token on pull_request; to comment on them, analyze them on pull_request_target (examples/workflows/fork-pull-requests.yml, docs/security.md)`,
        );
        commentFailure = undefined;
      }
    }
  }
  deps.setOutput('comment-url', commentUrl);

  try {
    await deps.writeJobSummary(report, { ...(runUrl ? { runUrl } : {}), ...(reportUrl ? { reportUrl } : {}) });
  } catch (err) {
    log.warn(`cannot write the job summary: ${errorText(err)}`);
  }

  const outcome: ActionOutcome = { status: 'analyzed', riskLevel: report.risk.level, reportPath: files.reportPath, commentUrl };
  log.info(`risk level: ${report.risk.level} (fail-on: ${failOn})`);
  await check?.completeWithReport(report, failOn, { ...(runUrl ? { runUrl } : {}), ...(reportUrl ? { reportUrl } : {}) });
  if (event.kind === 'bot_dispatch') {
    // the verdict is the bot's check conclusion: this run succeeds whenever it wrote the report, so
    // the bot gets to publish exactly the reports the gate exists for
    if (reachesFailOn(report.risk.level, failOn)) log.info(`risk ${report.risk.level} reaches fail-on ${failOn}: the bot's check carries the failure`);
    return outcome;
  }
  if (commentFailure) {
    deps.setFailed(commentFailure);
    return { ...outcome, failure: commentFailure };
  }
  if (event.kind === 'workflow_run') {
    // the verdict (and the failing status) belongs to the analysis run; this run only publishes it
    if (reachesFailOn(report.risk.level, failOn)) log.info(`risk ${report.risk.level} reaches fail-on ${failOn}: the analysis run carries the failure`);
    return outcome;
  }
  if (reachesFailOn(report.risk.level, failOn)) {
    const msg = `transfer-learning risk is ${report.risk.level}, at or above fail-on: ${failOn}${commentUrl ? ` (see ${commentUrl})` : ''}`;
    deps.setFailed(msg);
    return { ...outcome, failure: msg };
  }
  return outcome;
}
