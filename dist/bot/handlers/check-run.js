import { CHECK_NAME } from '../../github/check-run.js';
import { checkRunTrigger } from '../keys.js';
import { rerun } from './rerun.js';
export async function onCheckRunRerequested(s, payload) {
    const cr = payload.check_run;
    if (cr.name !== CHECK_NAME)
        return;
    if (s.appId !== undefined && cr.app?.id !== undefined && cr.app.id !== s.appId)
        return;
    const pr = (cr.pull_requests ?? []).find((p) => p.head.sha === cr.head_sha)?.number;
    await rerun(s, {
        ...(pr !== undefined ? { pr } : {}),
        headSha: cr.head_sha,
        login: payload.sender?.login,
        trigger: checkRunTrigger(cr.id),
        cause: 'check_run.rerequested',
    });
}
