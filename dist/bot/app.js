import { errorMessage } from '../errors.js';
import { DEFAULT_LIMITS } from './artifact.js';
import { DeliveryCache, KeyedLock } from './deliveries.js';
import { onCheckRunRerequested } from './handlers/check-run.js';
import { onCheckSuiteRerequested } from './handlers/check-suite.js';
import { onIssueComment } from './handlers/issue-comment.js';
import { onPullRequest, PULL_REQUEST_EVENTS } from './handlers/pull-request.js';
import { onWorkflowRunCompleted } from './handlers/workflow-run.js';
import { makeSession } from './session.js';
export { RERUN_COMMAND } from './rerun-command.js';
/** The Probot application function. */
export function transferRiskBot(options = {}) {
    return (app) => {
        const envId = Number(process.env.APP_ID);
        const appId = options.appId ?? (Number.isSafeInteger(envId) && envId > 0 ? envId : undefined);
        let login;
        const shared = {
            appId,
            limits: options.limits ?? DEFAULT_LIMITS,
            // our comment author, `<app-slug>[bot]`; asked once per process
            botLogin: () => (login ??= app
                .auth()
                .then((gh) => gh.rest.apps.getAuthenticated())
                .then(({ data }) => (data?.slug ? `${data.slug}[bot]` : undefined))
                .catch((err) => {
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
        function handle(key, fn) {
            return async (context) => {
                if (!deliveries.claim(context.id)) {
                    context.log.info(`delivery ${context.id} (${context.name}) was already handled by this process; ignoring the repeat`);
                    return;
                }
                const s = makeSession(context, shared);
                const k = key(context);
                try {
                    await (k === undefined ? fn(s, context) : lock.run(`${s.owner}/${s.repo}@${k}`, () => fn(s, context)));
                }
                catch (err) {
                    deliveries.release(context.id);
                    throw err;
                }
            };
        }
        app.on([...PULL_REQUEST_EVENTS], handle((c) => c.payload.pull_request.head.sha, (s, c) => onPullRequest(s, c.payload)));
        app.on('workflow_run.completed', handle((c) => `run-${c.payload.workflow_run.id}`, (s, c) => onWorkflowRunCompleted(s, c.payload.workflow_run)));
        app.on('check_run.rerequested', handle((c) => c.payload.check_run.head_sha, (s, c) => onCheckRunRerequested(s, c.payload)));
        app.on('check_suite.rerequested', handle((c) => c.payload.check_suite.head_sha, (s, c) => onCheckSuiteRerequested(s, c.payload)));
        app.on('issue_comment.created', handle((c) => `pr-${c.payload.issue.number}`, (s, c) => onIssueComment(s, c.payload)));
    };
}
