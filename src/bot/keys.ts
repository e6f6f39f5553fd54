/**
 * The bot keeps no state of its own: GitHub's check runs are its state, across restarts and replicas.
 * Each of its check runs carries an `external_id` `<trigger>` while it runs and `<trigger>|<outcome>`
 * once settled:
 *
 * - trigger: what asked for the analysis of that commit — `pr` (a pull_request event), `pr-draft`
 *   (one while the pull request was a draft), `rerun:comment:<comment id>`, `rerun:check:<check run id>`,
 *   `rerun:suite:<check suite id>:<updated_at>` (the same request delivered again has the same trigger);
 * - outcome: `run:<run id>:<attempt>` (the verdict of that workflow run), `no-changes`, `draft`,
 *   `config`, `approval` (a fork's pull request waiting for a maintainer), `error` (worth retrying),
 *   `superseded` (a rerun replaced it), `duplicate:<check id>` (a concurrent delivery's copy that lost
 *   the race to that check; it mirrors that check's result).
 *
 * A trigger is handled once per commit: a delivery whose trigger already has a check run that is not
 * an `error` does nothing.
 */
export type Trigger = string;

export const PR_TRIGGER = 'pr';
export const DRAFT_TRIGGER = 'pr-draft';

export interface ParsedExternalId {
  trigger: Trigger;
  outcome?: string;
}

/** Reads an external_id, including those of earlier versions of the bot (`pr:<n>`, `run:…`, `no-changes`, …). */
export function parseExternalId(externalId: string | null | undefined): ParsedExternalId | undefined {
  if (!externalId) return undefined;
  const bar = externalId.indexOf('|');
  if (bar >= 0) return { trigger: externalId.slice(0, bar), outcome: externalId.slice(bar + 1) };
  if (/^pr:\d+$/.test(externalId)) return { trigger: PR_TRIGGER };
  if (/^(run:\d+:\d+|no-changes)$/.test(externalId)) return { trigger: PR_TRIGGER, outcome: externalId };
  if (['draft', 'config', 'error', 'superseded'].includes(externalId))
    return { trigger: externalId === 'draft' ? DRAFT_TRIGGER : PR_TRIGGER, outcome: externalId };
  return { trigger: externalId };
}

export function externalId(trigger: Trigger, outcome?: string): string {
  return outcome === undefined ? trigger : `${trigger}|${outcome}`;
}

export const runOutcome = (runId: number, attempt: number): string => `run:${runId}:${attempt}`;
export const duplicateOutcome = (winnerId: number): string => `duplicate:${winnerId}`;

/** The check this one is a race-losing copy of, if it is one. */
export function duplicateOf(outcome: string | undefined): number | undefined {
  const m = /^duplicate:(\d+)$/.exec(outcome ?? '');
  return m ? Number(m[1]) : undefined;
}

/** Outcomes after which the same trigger may try again (a redelivery retries what failed). */
export function retryable(outcome: string | undefined): boolean {
  return outcome === 'error';
}

export const commentTrigger = (commentId: number): Trigger => `rerun:comment:${commentId}`;
export const checkRunTrigger = (checkRunId: number): Trigger => `rerun:check:${checkRunId}`;
export const checkSuiteTrigger = (suiteId: number, stamp: string): Trigger => `rerun:suite:${suiteId}:${stamp.replace(/[^0-9A-Za-z:.-]/g, '')}`;
