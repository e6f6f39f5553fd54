/** The `run-name:` the example workflow uses (GitHub expressions over the dispatch inputs). */
export const RUN_NAME_TEMPLATE = 'transfer-risk PR #${{ inputs.pr }} head ${{ inputs.head-sha }} check ${{ inputs.check-run-id }}';
export function formatRunTitle(t) {
    return `transfer-risk PR #${t.pr} head ${t.headSha}${t.checkRunId !== undefined ? ` check ${t.checkRunId}` : ''}`;
}
const TITLE_RE = /^transfer-risk PR #(\d{1,10}) head ([0-9a-f]{40}|[0-9a-f]{64})(?: check (\d{1,19}))?\s*$/;
/** Parses a run's display title; undefined when it is not ours. */
export function parseRunTitle(title) {
    if (!title)
        return undefined;
    const m = TITLE_RE.exec(title.trim());
    if (!m)
        return undefined;
    const pr = Number(m[1]);
    if (!Number.isSafeInteger(pr) || pr <= 0)
        return undefined;
    const check = m[3] !== undefined ? Number(m[3]) : undefined;
    return {
        pr,
        headSha: m[2],
        ...(check !== undefined && Number.isSafeInteger(check) && check > 0 ? { checkRunId: check } : {}),
    };
}
