/**
 * The transfer-risk Probot app (DESIGN.md "Bot").
 *
 * - `pull_request` opened / synchronize / reopened / ready_for_review: config from the default branch,
 *   changed files → touched datasets → `transfer-risk` check `in_progress` + `workflow_dispatch` of
 *   `bot.workflow`; no dataset touched → check completed `neutral`.
 * - `workflow_run.completed` of that workflow: artifact `transfer-risk-report` (untrusted) → sticky
 *   comment + completed check with the verdict.
 * - `check_run.rerequested` and `/transfer-risk rerun` (from users with write access) dispatch again.
 */
import type { ApplicationFunction, Context, Probot } from 'probot';
import { errorMessage } from '../errors.js';
import { describeApiError, type ApiOperation, type GitHubClient } from '../github/octokit.js';
import { upsertStickyComment } from '../github/sticky-comment.js';
import { annotationBatches, conclusionFor, renderCheckOutput } from '../report/check-output.js';
import { renderComment } from '../report/comment.js';
import type { FailOn } from '../contracts/index.js';
import { DEFAULT_LIMITS, fetchReport, type ArtifactLimits, type ReportResult } from './artifact.js';
import {
  CHECK_NAME,
  OUTPUT_LIMITS,
  completeCheck,
  createInProgressCheck,
  limitOutput,
  listOurChecks,
  type CheckAnnotation,
  type CheckConclusion,
  type CheckRunInfo,
  type Completion,
  type RepoRef,
} from './checks.js';
import { CONFIG_FILE, CONFIG_PATH, DEFAULT_WORKFLOW, parseBotConfig, type BotConfig } from './config.js';
import type { Octokit } from './octokit.js';
import { touchedDatasets, type ChangedFile } from './paths.js';
import { parseRunTitle } from './run-title.js';

export interface BotOptions {
  /** our GitHub App id, to tell our check runs from other apps' (default: APP_ID) */
  appId?: number;
  /** caps on the downloaded artifact */
  limits?: ArtifactLimits;
}

/** The command a user with write access comments on a pull request to analyze it again. */
export const RERUN_COMMAND = '/transfer-risk rerun';
const RERUN_RE = /^\/transfer-risk\s+rerun\s*$/i;
const WRITE_PERMISSIONS = new Set(['admin', 'maintain', 'write']);

/** `external_id`s of check runs that a repeated pull_request delivery must not start again. */
const SETTLED = (externalId: string | null): boolean =>
  externalId !== null && (externalId.startsWith('pr:') || externalId.startsWith('run:') || externalId === 'no-changes');

type Log = Context['log'];

interface Session extends RepoRef {
  octokit: Octokit;
  log: Log;
  defaultBranch: string;
  appId: number | undefined;
  botLogin: () => Promise<string | undefined>;
  readConfig: () => Promise<ConfigState>;
}

type ConfigState = { ok: true; config: BotConfig } | { ok: false; missing: boolean; reason: string };

interface PullInfo {
  number: number;
  headSha: string;
  baseSha: string;
  draft: boolean;
  state: string;
}

function isRerunCommand(body: string | null | undefined): boolean {
  if (!body) return false;
  const first = body.split(/\r?\n/).find((l) => l.trim() !== '');
  return first !== undefined && RERUN_RE.test(first.trim());
}

function apiText(err: unknown, op: ApiOperation): string {
  return describeApiError(err, op);
}

function workflowMatches(run: { path?: string | null; workflow_id?: number }, workflow: string): boolean {
  if (/^\d+$/.test(workflow)) return run.workflow_id === Number(workflow);
  const path = (run.path ?? '').replace(/@.*$/, '');
  const base = path.split('/').pop() ?? '';
  return base === workflow;
}

function mapRunConclusion(c: string | null | undefined): CheckConclusion {
  switch (c) {
    case 'failure':
    case 'startup_failure':
      return 'failure';
    case 'cancelled':
      return 'cancelled';
    case 'timed_out':
      return 'timed_out';
    default:
      return 'neutral';
  }
}

async function readConfigState(context: Context): Promise<ConfigState> {
  let raw: unknown;
  try {
    raw = await context.config(CONFIG_FILE);
  } catch (err) {
    const status = (err as { status?: number }).status;
    if (status !== undefined) return { ok: false, missing: false, reason: `${CONFIG_PATH}: ${apiText(err, 'read')}` };
    return { ok: false, missing: false, reason: `${CONFIG_PATH}: ${errorMessage(err).replace(/^\[@probot\/octokit-plugin-config\]\s*/, '')}` };
  }
  if (raw === null || raw === undefined) {
    return { ok: false, missing: true, reason: `${CONFIG_PATH} is missing on the default branch: transfer-risk is not configured for this repository` };
  }
  const parsed = parseBotConfig(raw);
  return parsed.ok ? parsed : { ok: false, missing: false, reason: parsed.reason };
}

function makeSession(context: Context, shared: Shared): Session {
  const payload = context.payload as { repository?: { default_branch?: string } };
  let config: Promise<ConfigState> | undefined;
  return {
    ...context.repo(),
    octokit: context.octokit as unknown as Octokit,
    log: context.log,
    defaultBranch: payload.repository?.default_branch ?? 'main',
    appId: shared.appId,
    botLogin: shared.botLogin,
    readConfig: () => (config ??= readConfigState(context)),
  };
}

async function getPull(s: Session, number: number): Promise<PullInfo> {
  const { data } = await s.octokit.rest.pulls.get({ owner: s.owner, repo: s.repo, pull_number: number });
  return { number, headSha: data.head.sha, baseSha: data.base.sha, draft: data.draft === true, state: data.state };
}

/** The open pull request whose head is `sha` (fork runs carry no `pull_requests`). */
async function findPullByHeadSha(s: Session, sha: string): Promise<number | undefined> {
  const iterator = s.octokit.paginate.iterator(s.octokit.rest.pulls.list, { owner: s.owner, repo: s.repo, state: 'open', per_page: 100 });
  for await (const page of iterator) {
    const hit = page.data.find((p) => p.head.sha === sha);
    if (hit) return hit.number;
  }
  return undefined;
}

const neutral = (externalId: string, title: string, summary: string, detailsUrl?: string): Completion => ({
  conclusion: 'neutral',
  externalId,
  output: { title, summary },
  ...(detailsUrl ? { detailsUrl } : {}),
});

/**
 * Analyze a pull request's head: settle the check right away when there is nothing to analyze,
 * else start the check and dispatch the workflow. `force` (reruns) skips the duplicate-delivery
 * and draft guards.
 */
async function analyzePull(s: Session, pull: PullInfo, opts: { force: boolean; trigger: string }): Promise<void> {
  const repo = { owner: s.owner, repo: s.repo };
  const sha = pull.headSha;
  const where = `${s.owner}/${s.repo}#${pull.number} @ ${sha.slice(0, 7)}`;
  const existing = await listOurChecks(s.octokit, repo, sha, s.appId);
  if (!opts.force) {
    const settled = existing.find((c) => SETTLED(c.external_id));
    if (settled) {
      s.log.info(`${where}: ${CHECK_NAME} check ${settled.id} already exists for this commit (${settled.external_id}); ignoring repeated ${opts.trigger}`);
      return;
    }
  }
  const settle = (c: Completion): Promise<CheckRunInfo> => completeCheck(s.octokit, repo, { sha }, c);
  try {
    const cfg = await s.readConfig();
    if (!cfg.ok) {
      s.log.info(`${where}: ${cfg.reason}`);
      await settle(neutral('config', cfg.missing ? 'transfer-risk is not configured' : 'Configuration error', cfg.reason));
      return;
    }
    const config = cfg.config;
    if (pull.draft && !opts.force) {
      await settle(
        neutral(
          'draft',
          'Draft pull request',
          `transfer-risk analyzes this pull request when it is marked ready for review. Comment \`${RERUN_COMMAND}\` to analyze it now.`,
        ),
      );
      return;
    }
    const files = (await s.octokit.paginate(s.octokit.rest.pulls.listFiles, {
      ...repo,
      pull_number: pull.number,
      per_page: 100,
    })) as ChangedFile[];
    const touched = touchedDatasets(config, files);
    if (touched.length === 0) {
      s.log.info(`${where}: no dataset changes in ${files.length} files`);
      await settle(
        neutral(
          'no-changes',
          'No dataset changes',
          `None of the ${files.length} changed file${files.length === 1 ? '' : 's'} matches a dataset path or augmentation config in \`${CONFIG_PATH}\` (${config.datasets
            .map((d) => `**${d.name}**`)
            .join(', ')}), so there is nothing to analyze.`,
        ),
      );
      return;
    }
    // A rerun replaces analyses still marked in progress on this commit.
    for (const old of existing.filter((c) => c.status !== 'completed')) {
      await completeCheck(s.octokit, repo, { checkRunId: old.id, sha }, neutral('superseded', 'Superseded', 'A newer analysis of this commit was started.'));
    }
    const list = touched
      .map((t) => `- **${t.name}**: ${t.files.length} changed file${t.files.length === 1 ? '' : 's'}${t.augmentationChanged ? ' (augmentation config changed)' : ''}`)
      .join('\n');
    const check = await createInProgressCheck(s.octokit, repo, sha, `pr:${pull.number}`, {
      title: `Analyzing ${touched.length} dataset${touched.length === 1 ? '' : 's'}`,
      summary: `Changed datasets:\n${list}\n\nThe analysis runs in the \`${config.workflow}\` workflow on \`${s.defaultBranch}\`.`,
    });
    try {
      await s.octokit.rest.actions.createWorkflowDispatch({
        ...repo,
        workflow_id: config.workflow,
        ref: s.defaultBranch,
        inputs: { pr: String(pull.number), 'base-sha': pull.baseSha, 'head-sha': sha, 'check-run-id': String(check.id) },
      });
    } catch (err) {
      const why = apiText(err, 'dispatch');
      s.log.warn(`${where}: ${why}`);
      await completeCheck(
        s.octokit,
        repo,
        { checkRunId: check.id, sha },
        neutral(
          'error',
          'Could not start the analysis',
          `Dispatching \`.github/workflows/${config.workflow}\` on \`${s.defaultBranch}\` failed: ${why}.\n\nThe workflow must exist on the default branch and accept the inputs \`pr\`, \`base-sha\`, \`head-sha\` and \`check-run-id\`. Comment \`${RERUN_COMMAND}\` to try again.`,
        ),
      );
      return;
    }
    s.log.info(`${where}: check ${check.id} in progress; dispatched ${config.workflow} (${opts.trigger})`);
  } catch (err) {
    // never leave a required check hanging: best effort, then let Probot log the error
    const why = describeApiError(err, 'read');
    await settle(neutral('error', 'transfer-risk could not analyze this pull request', `${why}\n\nComment \`${RERUN_COMMAND}\` to try again.`)).catch(() => {});
    throw err;
  }
}

/**
 * The check a run reports into: the one its title names (never another one: a newer rerun's check
 * must not take an older run's result), else the newest still running, else the newest.
 */
function pickCheck(checks: CheckRunInfo[], checkRunId: number | undefined): CheckRunInfo | undefined {
  if (checkRunId !== undefined) return checks.find((c) => c.id === checkRunId);
  return checks.find((c) => c.status !== 'completed') ?? checks[0];
}

type WorkflowRun = Context<'workflow_run.completed'>['payload']['workflow_run'];

async function onWorkflowRunCompleted(s: Session, run: WorkflowRun, limits: ArtifactLimits): Promise<void> {
  const repo = { owner: s.owner, repo: s.repo };
  const cfg = await s.readConfig();
  const workflow = cfg.ok ? cfg.config.workflow : DEFAULT_WORKFLOW;
  if (!workflowMatches(run, workflow)) return;

  // Only runs the bot dispatched count: on the default branch, in this repository, so the workflow
  // definition (and so the report it wrote) is the default branch's. A run of a same-named workflow
  // triggered by a pull request (e.g. from a fork) runs the pull request's copy of the file and could
  // forge any verdict: its artifact is never read.
  const fullName = `${s.owner}/${s.repo}`;
  const sameRepo = (run.head_repository as { full_name?: string } | null | undefined)?.full_name ?? fullName;
  if (run.event !== 'workflow_dispatch' || run.head_branch !== s.defaultBranch || sameRepo.toLowerCase() !== fullName.toLowerCase()) {
    s.log.info(
      `${s.owner}/${s.repo} run ${run.id}: ${workflow} ran for ${run.event} on ${run.head_branch ?? '?'}; only runs dispatched on ${s.defaultBranch} are trusted, ignoring it`,
    );
    return;
  }

  const titled = parseRunTitle((run as { display_title?: string | null }).display_title);
  let pr = titled?.pr;
  let headSha = titled?.headSha;
  let early: ReportResult | undefined;
  if (headSha === undefined) {
    // The workflow lacks the `run-name` that names the target (a dispatched run's head_sha is the
    // default branch's): the report, written by the trusted workflow, names the commit, and the pull
    // request is the open one with that head (pull_requests is always empty here, forks or not).
    if (run.conclusion !== 'success') {
      s.log.warn(`${s.owner}/${s.repo} run ${run.id}: ${workflow} has no run-name naming its pull request and did not succeed; cannot tell which check it belongs to`);
      return;
    }
    early = await fetchReport(s.octokit, { ...repo, runId: run.id }, limits);
    if (!early.ok) {
      s.log.warn(`${s.owner}/${s.repo} run ${run.id}: ${early.reason}; and without a run-name the pull request is unknown`);
      return;
    }
    headSha = early.report.head.sha;
    pr = await findPullByHeadSha(s, headSha);
  }
  const where = `${s.owner}/${s.repo}${pr !== undefined ? `#${pr}` : ''} @ ${headSha.slice(0, 7)} (run ${run.id})`;
  const checks = await listOurChecks(s.octokit, repo, headSha, s.appId);
  const check = pickCheck(checks, titled?.checkRunId);
  if (!check && pr === undefined) {
    s.log.info(`${where}: no pull request and no ${CHECK_NAME} check for this commit; ignoring`);
    return;
  }
  if (check && check.status === 'completed' && check.external_id === 'superseded') {
    s.log.info(`${where}: check ${check.id} was superseded by a newer analysis of this commit; ignoring this run's result`);
    return;
  }
  const externalId = `run:${run.id}:${run.run_attempt ?? 1}`;
  if (check && check.status === 'completed' && check.external_id === externalId) {
    s.log.info(`${where}: check ${check.id} already carries this run's result; ignoring repeated delivery`);
    return;
  }
  const runLink = `[${workflow} run #${run.run_number ?? run.id}](${run.html_url})`;
  const finish = (c: Omit<Completion, 'externalId' | 'detailsUrl'> & { externalId?: string }): Promise<CheckRunInfo> =>
    completeCheck(s.octokit, repo, { ...(check ? { checkRunId: check.id } : {}), sha: headSha }, {
      externalId,
      detailsUrl: run.html_url,
      ...c,
    });

  try {
    if (!cfg.ok) {
      await finish({ conclusion: 'neutral', output: { title: 'Configuration error', summary: `${cfg.reason}\n\nAnalysis run: ${runLink}.` } });
      return;
    }
    if (run.conclusion !== 'success') {
      const state = run.conclusion ?? 'ended without a conclusion';
      await finish({
        conclusion: mapRunConclusion(run.conclusion),
        output: {
          title: `Analysis workflow ${state.replace(/_/g, ' ')}`,
          summary: `The analysis workflow ${runLink} ${run.conclusion === 'cancelled' ? 'was cancelled' : `finished with \`${state}\``}, so there is no verdict for this commit. See the run's logs; comment \`${RERUN_COMMAND}\` to analyze again.`,
        },
      });
      return;
    }
    const result = early ?? (await fetchReport(s.octokit, { ...repo, runId: run.id }, limits));
    if (!result.ok) {
      s.log.warn(`${where}: ${result.reason}`);
      await finish({
        conclusion: 'neutral',
        output: { title: 'Analysis result unusable', summary: `transfer-risk could not use the result of ${runLink}: ${result.reason}.` },
      });
      return;
    }
    const report = result.report;
    if (report.head.sha !== headSha) {
      await finish({
        conclusion: 'neutral',
        output: {
          title: 'Analysis result for another commit',
          summary: `${runLink} reported on commit \`${report.head.sha.slice(0, 40)}\`, but this check is for \`${headSha}\`; the result was not used.`,
        },
      });
      return;
    }
    const failOn: FailOn = cfg.config.failOn;
    // the shared verdict rule: failure at or above fail-on; a dataset that failed to analyze does not
    // turn the check neutral (a pull request must not pass a required check by breaking its own data)
    const conclusion: CheckConclusion = conclusionFor(report, failOn);

    // Results for an older head never overwrite the comment of a newer one.
    let stale = false;
    let commentNote = '';
    if (pr !== undefined) {
      const pull = await getPull(s, pr);
      stale = pull.headSha !== headSha;
      if (stale) {
        commentNote = `\n\n_This commit is no longer the head of #${pr} (now \`${pull.headSha.slice(0, 7)}\`): the pull request comment was left to the newer analysis._`;
      } else {
        const body = renderComment(report, { runUrl: run.html_url });
        try {
          const c = await upsertStickyComment(s.octokit as unknown as GitHubClient, {
            ...repo,
            issueNumber: pr,
            body,
            ...(await s.botLogin().then((login) => (login ? { botLogin: login } : {}))),
          });
          s.log.info(`${where}: ${c.created ? 'created' : 'updated'} comment ${c.url}`);
        } catch (err) {
          s.log.error(`${where}: ${errorMessage(err)}`);
          commentNote = `\n\n_The pull request comment could not be updated: ${errorMessage(err)}_`;
        }
      }
    }
    const out = renderCheckOutput(report, { runUrl: run.html_url, failOn });
    const policy = `Policy from \`${CONFIG_PATH}\` on \`${s.defaultBranch}\`: the check fails at \`fail-on: ${failOn}\`.`;
    const [firstBatch, ...moreBatches] = annotationBatches(out.annotations as CheckAnnotation[], OUTPUT_LIMITS.annotations);
    const output = { title: out.title, summary: `${out.summary}\n\n${policy}${commentNote}`, ...(out.text ? { text: out.text } : {}) };
    const done = await finish({ conclusion, output: { ...output, ...(firstBatch ? { annotations: firstBatch } : {}) } });
    // GitHub takes 50 annotations per request; further updates append the rest
    for (const batch of moreBatches) {
      await s.octokit.rest.checks.update({ ...repo, check_run_id: done.id, output: { ...limitOutput(output), annotations: batch } });
    }
    s.log.info(`${where}: check completed ${conclusion} (risk ${report.risk.level}, fail-on ${failOn})${stale ? ' [stale head]' : ''}`);
  } catch (err) {
    const why = describeApiError(err, 'artifact');
    await finish({
      conclusion: 'neutral',
      externalId: 'error',
      output: { title: 'transfer-risk could not read the analysis result', summary: `${why}\n\nAnalysis run: ${runLink}. Comment \`${RERUN_COMMAND}\` to try again.` },
    }).catch(() => {});
    throw err;
  }
}

interface Shared {
  appId: number | undefined;
  botLogin: () => Promise<string | undefined>;
}

/** The Probot application function. */
export function transferRiskBot(options: BotOptions = {}): ApplicationFunction {
  return (app: Probot) => {
    const envId = Number(process.env.APP_ID);
    const appId = options.appId ?? (Number.isSafeInteger(envId) && envId > 0 ? envId : undefined);
    const limits = options.limits ?? DEFAULT_LIMITS;
    let login: Promise<string | undefined> | undefined;
    const shared: Shared = {
      appId,
      // our comment author, `<app-slug>[bot]`; asked once per process
      botLogin: () =>
        (login ??= app
          .auth()
          .then((gh) => gh.rest.apps.getAuthenticated())
          .then(({ data }) => (data?.slug ? `${data.slug}[bot]` : undefined))
          .catch((err: unknown) => {
            app.log.warn(`cannot read the app's own login (${errorMessage(err)}); matching the sticky comment by marker and bot author`);
            login = undefined;
            return undefined;
          })),
    };

    app.on(['pull_request.opened', 'pull_request.synchronize', 'pull_request.reopened', 'pull_request.ready_for_review'], async (context) => {
      const p = context.payload.pull_request;
      const s = makeSession(context as unknown as Context, shared);
      await analyzePull(
        s,
        { number: p.number, headSha: p.head.sha, baseSha: p.base.sha, draft: p.draft === true, state: p.state },
        { force: false, trigger: `pull_request.${context.payload.action}` },
      );
    });

    app.on('workflow_run.completed', async (context) => {
      const s = makeSession(context as unknown as Context, shared);
      await onWorkflowRunCompleted(s, context.payload.workflow_run, limits);
    });

    app.on('check_run.rerequested', async (context) => {
      const cr = context.payload.check_run;
      if (cr.name !== CHECK_NAME) return;
      if (appId !== undefined && cr.app?.id !== undefined && cr.app.id !== appId) return;
      const s = makeSession(context as unknown as Context, shared);
      const number = (cr.pull_requests ?? []).find((p) => p.head.sha === cr.head_sha)?.number ?? (await findPullByHeadSha(s, cr.head_sha));
      if (number === undefined) {
        s.log.info(`${s.owner}/${s.repo} @ ${cr.head_sha.slice(0, 7)}: re-run requested but no open pull request has this head; ignoring`);
        return;
      }
      const pull = await getPull(s, number);
      await analyzePull(s, pull, { force: true, trigger: 'check_run.rerequested' });
    });

    app.on('issue_comment.created', async (context) => {
      const { comment, issue } = context.payload;
      if (!issue.pull_request || !isRerunCommand(comment.body)) return;
      if (comment.user?.type === 'Bot') return;
      const s = makeSession(context as unknown as Context, shared);
      const login = comment.user?.login ?? '';
      let allowed = false;
      try {
        const { data } = await s.octokit.rest.repos.getCollaboratorPermissionLevel({ owner: s.owner, repo: s.repo, username: login });
        allowed = WRITE_PERMISSIONS.has(data.permission) || WRITE_PERMISSIONS.has((data as { role_name?: string }).role_name ?? '');
      } catch (err) {
        if ((err as { status?: number }).status !== 404) throw err;
      }
      if (!allowed) {
        s.log.info(`${s.owner}/${s.repo}#${issue.number}: ${login} asked for a rerun without write access; ignoring`);
        return;
      }
      await s.octokit.rest.reactions
        .createForIssueComment({ owner: s.owner, repo: s.repo, comment_id: comment.id, content: 'eyes' })
        .catch((err: unknown) => s.log.warn(`cannot react to the comment: ${errorMessage(err)}`));
      const pull = await getPull(s, issue.number);
      if (pull.state !== 'open') {
        s.log.info(`${s.owner}/${s.repo}#${issue.number} is ${pull.state}; not rerunning`);
        return;
      }
      await analyzePull(s, pull, { force: true, trigger: `${RERUN_COMMAND} by ${login}` });
    });
  };
}
