/** `check_suite.rerequested` ("Re-run all checks" in the Checks tab): analyze the pull request's head again. */
import type { Context } from 'probot';
import { checkSuiteTrigger } from '../keys.js';
import type { Session } from '../session.js';
import { rerun } from './rerun.js';

type Payload = Context<'check_suite.rerequested'>['payload'];

export async function onCheckSuiteRerequested(s: Session, payload: Payload): Promise<void> {
  const suite = payload.check_suite;
  // every app's suite on the commit gets the event; ours is the one our app owns
  if (s.appId !== undefined && suite.app?.id !== undefined && suite.app.id !== s.appId) return;
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
