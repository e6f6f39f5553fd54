/** What the three rerun requests share: who may ask, and which pull request a commit belongs to. */
import { findPullByHeadSha, getPull, hasWriteAccess, type Session } from '../session.js';
import { startAnalysis } from '../start-analysis.js';
import type { Trigger } from '../keys.js';

export interface RerunRequest {
  /** the pull request, when the event names it */
  pr?: number;
  headSha: string;
  /** who asked (checked for write access: a rerun is also the approval a fork's pull request waits for) */
  login: string | undefined;
  trigger: Trigger;
  cause: string;
}

export async function rerun(s: Session, r: RerunRequest): Promise<void> {
  const at = `${s.owner}/${s.repo} @ ${r.headSha.slice(0, 7)}`;
  if (!(await hasWriteAccess(s, r.login))) {
    s.log.info(`${at}: ${r.login ?? 'someone'} asked for a rerun (${r.cause}) without write access; ignoring`);
    return;
  }
  const number = r.pr ?? (await findPullByHeadSha(s, r.headSha));
  if (number === undefined) {
    s.log.info(`${at}: re-run requested but no open pull request has this head; ignoring`);
    return;
  }
  const pull = await getPull(s, number);
  if (pull.state !== 'open') {
    s.log.info(`${s.owner}/${s.repo}#${number} is ${pull.state}; not rerunning`);
    return;
  }
  if (pull.headSha !== r.headSha) {
    s.log.info(
      `${s.owner}/${s.repo}#${number}: re-run requested for ${r.headSha.slice(0, 7)}, but the head is now ${pull.headSha.slice(0, 7)}; analyzing the head`,
    );
  }
  await startAnalysis(s, pull, { trigger: r.trigger, cause: `${r.cause} by ${r.login}`, rerun: true });
}
