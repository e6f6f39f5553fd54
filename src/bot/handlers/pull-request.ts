/** `pull_request` opened / synchronize / reopened / ready_for_review: analyze the head, once per commit. */
import type { Context } from 'probot';
import { PR_TRIGGER } from '../keys.js';
import { pullInfo, type Session } from '../session.js';
import { startAnalysis } from '../start-analysis.js';

export const PULL_REQUEST_EVENTS = ['pull_request.opened', 'pull_request.synchronize', 'pull_request.reopened', 'pull_request.ready_for_review'] as const;

type PullRequestPayload = Context<(typeof PULL_REQUEST_EVENTS)[number]>['payload'];

export async function onPullRequest(s: Session, payload: PullRequestPayload): Promise<void> {
  const pull = pullInfo(payload.pull_request as Parameters<typeof pullInfo>[0], `${s.owner}/${s.repo}`);
  await startAnalysis(s, pull, { trigger: PR_TRIGGER, cause: `pull_request.${payload.action}`, rerun: false });
}
