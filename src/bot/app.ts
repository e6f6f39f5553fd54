/**
 * The transfer-risk Probot app (DESIGN.md "Bot"): one handler per event in src/bot/handlers/.
 *
 * - `pull_request` opened / synchronize / reopened / ready_for_review → start the analysis (a
 *   `transfer-risk` check in progress + a `workflow_dispatch` of `bot.workflow`), or settle the check
 *   at once (no dataset touched, draft, a fork's pull request waiting for approval, config error);
 * - `workflow_run.completed` of that workflow → its artifact (untrusted) → sticky comment + the check
 *   completed with the verdict;
 * - `check_run.rerequested`, `check_suite.rerequested` and `/transfer-risk rerun` comments (from users
 *   with write access) → analyze the head again.
 *
 * Every delivery is handled at most once per process (bounded cache of delivery ids), handlers for one
 * commit run one at a time per process, and GitHub's check runs make several replicas agree.
 */
import type { ApplicationFunction, Context, Probot } from 'probot';
import { errorMessage } from '../errors.js';
import { DEFAULT_LIMITS, type ArtifactLimits } from './artifact.js';
import { DeliveryCache, KeyedLock } from './deliveries.js';
import { onCheckRunRerequested } from './handlers/check-run.js';
import { onCheckSuiteRerequested } from './handlers/check-suite.js';
import { onIssueComment } from './handlers/issue-comment.js';
import { onPullRequest, PULL_REQUEST_EVENTS } from './handlers/pull-request.js';
import { onWorkflowRunCompleted } from './handlers/workflow-run.js';
import { makeSession, type Session, type Shared } from './session.js';

export { RERUN_COMMAND } from './rerun-command.js';

export interface BotOptions {
  /** our GitHub App id, to tell our check runs from other apps' (default: APP_ID) */
  appId?: number;
  /** caps on the downloaded artifact */
  limits?: ArtifactLimits;
  /** delivery ids remembered (default 10,000) */
  deliveryCacheSize?: number;
}

/** The Probot application function. */
export function transferRiskBot(options: BotOptions = {}): ApplicationFunction {
  return (app: Probot) => {
    const envId = Number(process.env.APP_ID);
    const appId = options.appId ?? (Number.isSafeInteger(envId) && envId > 0 ? envId : undefined);
    let login: Promise<string | undefined> | undefined;
    const shared: Shared = {
      appId,
      limits: options.limits ?? DEFAULT_LIMITS,
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
    const deliveries = new DeliveryCache(options.deliveryCacheSize);
    const lock = new KeyedLock();

    /**
     * Run `fn` once per delivery id, and one at a time per `key` (a repository's commit or pull request).
     * A handler that throws forgets its delivery id, so a redelivery runs again.
     */
    function handle<C extends Context>(key: (c: C) => string | undefined, fn: (s: Session, c: C) => Promise<void>) {
      return async (context: C): Promise<void> => {
        if (!deliveries.claim(context.id)) {
          context.log.info(`delivery ${context.id} (${context.name}) was already handled by this process; ignoring the repeat`);
          return;
        }
        const s = makeSession(context as unknown as Context, shared);
        const k = key(context);
        try {
          await (k === undefined ? fn(s, context) : lock.run(`${s.owner}/${s.repo}@${k}`, () => fn(s, context)));
        } catch (err) {
          deliveries.release(context.id);
          throw err;
        }
      };
    }

    app.on(
      [...PULL_REQUEST_EVENTS],
      handle(
        (c) => c.payload.pull_request.head.sha,
        (s, c) => onPullRequest(s, c.payload),
      ),
    );
    app.on(
      'workflow_run.completed',
      handle(
        (c) => `run-${c.payload.workflow_run.id}`,
        (s, c) => onWorkflowRunCompleted(s, c.payload.workflow_run),
      ),
    );
    app.on(
      'check_run.rerequested',
      handle(
        (c) => c.payload.check_run.head_sha,
        (s, c) => onCheckRunRerequested(s, c.payload),
      ),
    );
    app.on(
      'check_suite.rerequested',
      handle(
        (c) => c.payload.check_suite.head_sha,
        (s, c) => onCheckSuiteRerequested(s, c.payload),
      ),
    );
    app.on(
      'issue_comment.created',
      handle(
        (c) => `pr-${c.payload.issue.number}`,
        (s, c) => onIssueComment(s, c.payload),
      ),
    );
  };
}
