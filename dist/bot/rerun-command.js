/** The command a user with write access comments on a pull request to analyze it (again, or at all for a fork's). */
export const RERUN_COMMAND = '/transfer-risk rerun';
const RERUN_RE = /^\/transfer-risk\s+rerun\s*$/i;
/** Whether the comment's first non-empty line is the command. */
export function isRerunCommand(body) {
    if (!body)
        return false;
    const first = body.split(/\r?\n/).find((l) => l.trim() !== '');
    return first !== undefined && RERUN_RE.test(first.trim());
}
