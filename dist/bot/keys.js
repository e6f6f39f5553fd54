export const PR_TRIGGER = 'pr';
export const DRAFT_TRIGGER = 'pr-draft';
/** Reads an external_id, including those of earlier versions of the bot (`pr:<n>`, `run:…`, `no-changes`, …). */
export function parseExternalId(externalId) {
    if (!externalId)
        return undefined;
    const bar = externalId.indexOf('|');
    if (bar >= 0)
        return { trigger: externalId.slice(0, bar), outcome: externalId.slice(bar + 1) };
    if (/^pr:\d+$/.test(externalId))
        return { trigger: PR_TRIGGER };
    if (/^(run:\d+:\d+|no-changes)$/.test(externalId))
        return { trigger: PR_TRIGGER, outcome: externalId };
    if (['draft', 'config', 'error', 'superseded'].includes(externalId))
        return { trigger: externalId === 'draft' ? DRAFT_TRIGGER : PR_TRIGGER, outcome: externalId };
    return { trigger: externalId };
}
export function externalId(trigger, outcome) {
    return outcome === undefined ? trigger : `${trigger}|${outcome}`;
}
export const runOutcome = (runId, attempt) => `run:${runId}:${attempt}`;
export const duplicateOutcome = (winnerId) => `duplicate:${winnerId}`;
/** The check this one is a race-losing copy of, if it is one. */
export function duplicateOf(outcome) {
    const m = /^duplicate:(\d+)$/.exec(outcome ?? '');
    return m ? Number(m[1]) : undefined;
}
/** Outcomes after which the same trigger may try again (a redelivery retries what failed). */
export function retryable(outcome) {
    return outcome === 'error';
}
export const commentTrigger = (commentId) => `rerun:comment:${commentId}`;
export const checkRunTrigger = (checkRunId) => `rerun:check:${checkRunId}`;
export const checkSuiteTrigger = (suiteId, stamp) => `rerun:suite:${suiteId}:${stamp.replace(/[^0-9A-Za-z:.-]/g, '')}`;
