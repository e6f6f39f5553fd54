/**
 * `workflow_run.completed` of the analysis workflow: read the run's `transfer-risk-report` artifact
 * (untrusted), then publish — the sticky comment and the completed check, whose conclusion is the
 * verdict under the default branch's `fail-on` (the run itself succeeds whenever it wrote a report).
 * A run that wrote no usable result still gets an honest check that does not pass: its own failure,
 * cancellation or time-out, or "result unusable".
 */
import type { Context } from 'probot';
import { stricterFailOn, type FailOn, type Report } from '../../contracts/index.js';
import { errorMessage } from '../../errors.js';
import {
  appendAnnotations,
  CHECK_NAME,
  completeCheck,
  listChecks,
  OUTPUT_LIMITS,
  type CheckConclusion,
  type CheckRunInfo,
  type Completion,
} from '../../github/check-run.js';
import { describeApiError } from '../../github/octokit.js';
import { upsertStickyComment } from '../../github/sticky-comment.js';
import { annotationBatches, conclusionFor, renderCheckOutput } from '../../report/check-output.js';
import { renderComment } from '../../report/comment.js';
import { fetchReport, type ReportResult } from '../artifact.js';
import { completeWithDuplicates } from '../claims.js';
import { analysisWorkflows, CONFIG_PATH } from '../config.js';
import { externalId, parseExternalId, PR_TRIGGER, runOutcome } from '../keys.js';
import { RERUN_COMMAND } from '../rerun-command.js';
import { parseRunTitle } from '../run-title.js';
import { findPullByHeadSha, getPull, where, type Session } from '../session.js';

export type WorkflowRun = Context<'workflow_run.completed'>['payload']['workflow_run'];

export function workflowMatches(run: { path?: string | null; workflow_id?: number }, workflow: string): boolean {
  if (/^\d+$/.test(workflow)) return run.workflow_id === Number(workflow);
  const path = (run.path ?? '').replace(/@.*$/, '');
  const base = path.split('/').pop() ?? '';
  return base === workflow;
}

/** A run that ended without writing a result: its own ending, never a pass. */
function endedConclusion(c: string | null | undefined): CheckConclusion {
  switch (c) {
    case 'cancelled':
      return 'cancelled';
    case 'timed_out':
      return 'timed_out';
    default:
      return 'failure';
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

export async function onWorkflowRunCompleted(s: Session, run: WorkflowRun): Promise<void> {
  const repo = { owner: s.owner, repo: s.repo };
  const cfg = await s.readConfig();
  const workflows = analysisWorkflows(cfg.ok ? cfg.config : undefined);
  const workflow = workflows.find((w) => workflowMatches(run, w));
  if (workflow === undefined) return;

  // Only runs the bot dispatched count: on the default branch, in this repository, so the workflow
  // definition (and so the report it wrote) is the default branch's. A run of a same-named workflow
  // triggered by a pull request (e.g. from a fork) runs the pull request's copy of the file and could
  // forge any verdict: its artifact is never read.
  const fullName = `${s.owner}/${s.repo}`;
  const sameRepo = (run.head_repository as { full_name?: string } | null | undefined)?.full_name ?? fullName;
  if (run.event !== 'workflow_dispatch' || run.head_branch !== s.defaultBranch || sameRepo.toLowerCase() !== fullName.toLowerCase()) {
    s.log.info(
      `${fullName} run ${run.id}: ${workflow} ran for ${run.event} on ${run.head_branch ?? '?'}; only runs dispatched on ${s.defaultBranch} are trusted, ignoring it`,
    );
    return;
  }

  const titled = parseRunTitle((run as { display_title?: string | null }).display_title);
  let pr = titled?.pr;
  let headSha = titled?.headSha;
  let early: ReportResult | undefined;
  if (headSha === undefined) {
    // The workflow lacks the `run-name` that names the target (a dispatched run's head_sha is the
    // default branch's): the result, written by the trusted workflow, names the commit, and the pull
    // request is the open one with that head (pull_requests is always empty here, forks or not).
    early = await fetchReport(s.octokit, { ...repo, runId: run.id }, s.limits);
    if (!early.ok) {
      s.log.warn(`${fullName} run ${run.id}: ${early.reason}; and without a run-name the pull request is unknown`);
      return;
    }
    headSha = early.kind === 'report' ? early.report.head.sha : early.status.head.sha;
    pr = await findPullByHeadSha(s, headSha);
  }
  const at = where(s, pr, headSha, ` (run ${run.id})`);
  const checks = await listChecks(s.gh, repo, headSha, s.appId);
  const check = pickCheck(checks, titled?.checkRunId);
  if (!check && pr === undefined) {
    s.log.info(`${at}: no pull request and no ${CHECK_NAME} check for this commit; ignoring`);
    return;
  }
  const parsed = parseExternalId(check?.external_id);
  if (check && check.status === 'completed' && parsed?.outcome === 'superseded') {
    s.log.info(`${at}: check ${check.id} was superseded by a newer analysis of this commit; ignoring this run's result`);
    return;
  }
  const trigger = parsed?.trigger ?? PR_TRIGGER;
  const outcome = runOutcome(run.id, run.run_attempt ?? 1);
  if (check && check.status === 'completed' && parsed?.outcome === outcome) {
    s.log.info(`${at}: check ${check.id} already carries this run's result; ignoring repeated delivery`);
    return;
  }
  const runLink = `[${workflow} run #${run.run_number ?? run.id}](${run.html_url})`;
  const finish = async (c: Omit<Completion, 'externalId' | 'detailsUrl'> & { externalId?: string }): Promise<CheckRunInfo> => {
    const completion: Completion = { externalId: externalId(trigger, outcome), detailsUrl: run.html_url, ...c };
    if (check) return completeWithDuplicates(s, headSha, check, completion, checks);
    // the run's check is gone (or the run named none): a new completed one carries the result
    return completeCheck(s.gh, repo, { sha: headSha }, completion);
  };

  try {
    if (!cfg.ok) {
      await finish({ conclusion: 'failure', output: { title: 'Configuration error', summary: `${cfg.reason}\n\nAnalysis run: ${runLink}.` } });
      return;
    }
    const ended = run.conclusion ?? 'ended without a conclusion';
    const wroteSomething = run.conclusion === 'success' || run.conclusion === 'failure';
    if (!wroteSomething) {
      await finish({
        conclusion: endedConclusion(run.conclusion),
        output: {
          title: `Analysis workflow ${ended.replace(/_/g, ' ')}`,
          summary: `The analysis workflow ${runLink} ${run.conclusion === 'cancelled' ? 'was cancelled' : `finished with \`${ended}\``}, so there is no verdict for this commit. See the run's logs; comment \`${RERUN_COMMAND}\` to analyze again.`,
        },
      });
      return;
    }
    const result = early ?? (await fetchReport(s.octokit, { ...repo, runId: run.id }, s.limits));
    const runFailed = run.conclusion !== 'success';
    if (!result.ok) {
      s.log.warn(`${at}: ${result.reason}`);
      if (runFailed) {
        await finish({
          conclusion: 'failure',
          output: {
            title: 'Analysis workflow failure',
            summary: `The analysis workflow ${runLink} finished with \`failure\` before writing a result (${result.reason}), so there is no verdict for this commit. See the run's logs; comment \`${RERUN_COMMAND}\` to analyze again.`,
          },
        });
      } else {
        // fail closed: a result that cannot be read is no verdict, and must not pass a required check
        await finish({
          conclusion: 'failure',
          output: {
            title: 'Analysis result unusable',
            summary: `transfer-risk could not use the result of ${runLink}: ${result.reason}. Comment \`${RERUN_COMMAND}\` to analyze again.`,
          },
        });
      }
      return;
    }
    const resultSha = result.kind === 'report' ? result.report.head.sha : result.status.head.sha;
    if (resultSha !== headSha) {
      await finish({
        conclusion: 'failure',
        output: {
          title: 'Analysis result for another commit',
          summary: `${runLink} reported on commit \`${resultSha.slice(0, 40)}\`, but this check is for \`${headSha}\`; the result was not used.`,
        },
      });
      return;
    }
    if (result.kind === 'no-changes') {
      s.log.info(`${at}: the analysis run found no dataset changes`);
      await finish({
        conclusion: 'neutral',
        output: {
          title: 'No dataset changes',
          summary: `The analysis run ${runLink} found no changed data, augmentation config or labels file of a dataset in \`${CONFIG_PATH}\` between \`${result.status.base.sha.slice(0, 7)}\` and \`${headSha.slice(0, 7)}\`, so there is nothing to judge.`,
        },
      });
      return;
    }
    await publishVerdict(s, { report: result.report, pr, headSha, run, runLink, runFailed, failOn: cfg.config.failOn, at, finish });
  } catch (err) {
    const why = describeApiError(err, 'artifact');
    await finish({
      conclusion: 'failure',
      externalId: externalId(trigger, 'error'),
      output: {
        title: 'transfer-risk could not read the analysis result',
        summary: `${why}\n\nAnalysis run: ${runLink}. Comment \`${RERUN_COMMAND}\` to try again.`,
      },
    }).catch(() => {});
    throw err;
  }
}

interface Publication {
  report: Report;
  pr: number | undefined;
  headSha: string;
  run: WorkflowRun;
  runLink: string;
  runFailed: boolean;
  failOn: FailOn;
  at: string;
  finish: (c: Omit<Completion, 'externalId' | 'detailsUrl'>) => Promise<CheckRunInfo>;
}

/** The sticky comment (unless the head moved on) and the completed check carrying the verdict. */
async function publishVerdict(s: Session, p: Publication): Promise<void> {
  const repo = { owner: s.owner, repo: s.repo };
  const { report, pr, headSha, run } = p;
  // the default branch's policy; a report written under a stricter one keeps it
  const failOn: FailOn = stricterFailOn(p.failOn, report.meta.failOn);
  // the shared verdict rule: failure at or above fail-on; a dataset that failed to analyze does not
  // turn the check neutral (a pull request must not pass a required check by breaking its own data)
  const conclusion: CheckConclusion = conclusionFor(report, failOn);

  // Results for an older head never overwrite the comment of a newer one.
  let stale = false;
  let note = '';
  if (pr !== undefined) {
    const pull = await getPull(s, pr);
    stale = pull.headSha !== headSha;
    if (stale) {
      note = `\n\n_This commit is no longer the head of #${pr} (now \`${pull.headSha.slice(0, 7)}\`): the pull request comment was left to the newer analysis._`;
    } else {
      const body = renderComment(report, { runUrl: run.html_url });
      try {
        const login = await s.botLogin();
        const c = await upsertStickyComment(s.gh, { ...repo, issueNumber: pr, body, ...(login ? { botLogin: login } : {}) });
        s.log.info(`${p.at}: ${c.created ? 'created' : 'updated'} comment ${c.url}`);
      } catch (err) {
        s.log.error(`${p.at}: ${errorMessage(err)}`);
        note = `\n\n_The pull request comment could not be updated: ${errorMessage(err)}_`;
      }
    }
  }
  if (p.runFailed) note += `\n\n_The analysis run ${p.runLink} itself ended with \`failure\` after writing this report; see its logs._`;
  const out = renderCheckOutput(report, { runUrl: run.html_url, failOn });
  const policy = `Policy from \`${CONFIG_PATH}\` on \`${s.defaultBranch}\`: the check fails at \`fail-on: ${failOn}\`.`;
  const [firstBatch, ...moreBatches] = annotationBatches(out.annotations, OUTPUT_LIMITS.annotations);
  const output = { title: out.title, summary: `${out.summary}\n\n${policy}${note}`, ...(out.text ? { text: out.text } : {}) };
  const done = await p.finish({ conclusion, output: { ...output, ...(firstBatch ? { annotations: firstBatch } : {}) } });
  await appendAnnotations(s.gh, repo, done.id, output, moreBatches);
  s.log.info(`${p.at}: check completed ${conclusion} (risk ${report.risk.level}, fail-on ${failOn})${stale ? ' [stale head]' : ''}`);
}
