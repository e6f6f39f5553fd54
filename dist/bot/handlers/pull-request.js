import { PR_TRIGGER } from '../keys.js';
import { pullInfo } from '../session.js';
import { startAnalysis } from '../start-analysis.js';
export const PULL_REQUEST_EVENTS = ['pull_request.opened', 'pull_request.synchronize', 'pull_request.reopened', 'pull_request.ready_for_review'];
export async function onPullRequest(s, payload) {
    const pull = pullInfo(payload.pull_request, `${s.owner}/${s.repo}`);
    await startAnalysis(s, pull, { trigger: PR_TRIGGER, cause: `pull_request.${payload.action}`, rerun: false });
}
