/**
 * The action's own `transfer-risk` check run (input `check-run: true`), for action-only use: created
 * in progress with the workflow's token and completed by the same token in every outcome. It is never
 * used on the bot's dispatch (the bot owns that check run, and GitHub lets only its creator modify a
 * check run). Without `checks: write` (e.g. `pull_request` from a fork) it warns once and the job's own
 * status carries the verdict.
 */
import type { Report, FailOn } from '../contracts/index.js';
import {
  appendAnnotations,
  completeCheck,
  createInProgressCheck,
  OUTPUT_LIMITS,
  type CheckAnnotation,
  type CheckConclusion,
  type CheckOutput,
} from '../github/check-run.js';
import { describeApiError, type GitHubClient } from '../github/octokit.js';
import type { Logger } from '../log.js';
import { annotationBatches, conclusionFor, renderCheckOutput } from '../report/check-output.js';

export interface OwnCheckTarget {
  owner: string;
  repo: string;
  sha: string;
  /** `action:<run id>:<attempt>` */
  externalId: string;
  detailsUrl?: string;
}

export class OwnCheck {
  private constructor(
    private readonly octokit: GitHubClient,
    private readonly target: OwnCheckTarget,
    private readonly id: number,
    private readonly log: Logger,
  ) {}

  /** Creates the check in progress; undefined (with a warning) when the token may not. */
  static async start(octokit: GitHubClient, target: OwnCheckTarget, log: Logger): Promise<OwnCheck | undefined> {
    try {
      const c = await createInProgressCheck(
        octokit,
        target,
        target.sha,
        target.externalId,
        { title: 'Analyzing', summary: 'transfer-risk is analyzing this commit.' },
        target.detailsUrl,
      );
      log.info(`check run ${c.id} created on ${target.sha.slice(0, 7)}`);
      return new OwnCheck(octokit, target, c.id, log);
    } catch (err) {
      log.warn(`${describeApiError(err, 'check-run')}; the job's status carries the verdict instead`);
      return undefined;
    }
  }

  /** Completes the check; never throws (a warning when it cannot). */
  async complete(conclusion: CheckConclusion, output: CheckOutput, more: CheckAnnotation[][] = []): Promise<void> {
    const repo = { owner: this.target.owner, repo: this.target.repo };
    try {
      await completeCheck(
        this.octokit,
        repo,
        { checkRunId: this.id, sha: this.target.sha },
        {
          conclusion,
          output,
          externalId: this.target.externalId,
          ...(this.target.detailsUrl ? { detailsUrl: this.target.detailsUrl } : {}),
        },
      );
      await appendAnnotations(this.octokit, repo, this.id, output, more);
      this.log.info(`check run ${this.id} completed: ${conclusion}`);
    } catch (err) {
      this.log.warn(describeApiError(err, 'check-run', `check run ${this.id}`));
    }
  }

  /** The verdict: failure at or above fail-on, with the report's check output and annotations. */
  async completeWithReport(report: Report, failOn: FailOn, links: { runUrl?: string; reportUrl?: string }): Promise<void> {
    const out = renderCheckOutput(report, { ...links, failOn });
    const [first, ...more] = annotationBatches(out.annotations, OUTPUT_LIMITS.annotations);
    await this.complete(
      conclusionFor(report, failOn),
      { title: out.title, summary: out.summary, ...(out.text ? { text: out.text } : {}), ...(first ? { annotations: first } : {}) },
      more,
    );
  }
}
