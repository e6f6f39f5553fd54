import { checkSuiteTrigger } from '../keys.js';
import { rerun } from './rerun.js';
export async function onCheckSuiteRerequested(s, payload) {
    const suite = payload.check_suite;
    // every app's suite on the commit gets the event; ours is the one our app owns
    if (s.appId !== undefined && suite.app?.id !== undefined && suite.app.id !== s.appId)
        return;
    const pr = (suite.pull_requests ?? []).find((p) => p.head.sha === suite.head_sha)?.number;
    await rerun(s, {
        ...(pr !== undefined ? { pr } : {}),
        headSha: suite.head_sha,
        login: payload.sender?.login,
        // the same request delivered again has the same suite state; a new click comes after our updates
        trigger: checkSuiteTrigger(suite.id, String(suite.updated_at ?? '')),
        cause: 'check_suite.rerequested',
    });
}
