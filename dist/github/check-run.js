export const CHECK_NAME = 'transfer-risk';
/** GitHub's limits on check-run output (characters) and annotations per request. */
export const OUTPUT_LIMITS = { title: 200, summary: 65_000, text: 65_000, annotations: 50 };
export function truncate(s, max) {
    if (s.length <= max)
        return s;
    const note = '\n\n… (truncated)';
    return s.slice(0, Math.max(0, max - note.length)) + note;
}
export function limitOutput(o) {
    return {
        title: truncate(o.title.replace(/\s+/g, ' ').trim(), OUTPUT_LIMITS.title),
        summary: truncate(o.summary, OUTPUT_LIMITS.summary),
        ...(o.text ? { text: truncate(o.text, OUTPUT_LIMITS.text) } : {}),
        ...(o.annotations && o.annotations.length > 0 ? { annotations: o.annotations.slice(0, OUTPUT_LIMITS.annotations) } : {}),
    };
}
/**
 * The `transfer-risk` check runs on a commit, newest first. With `appId`, only that app's runs (another
 * app's run of the same name is not ours to read or touch).
 */
export async function listChecks(octokit, repo, sha, appId) {
    const runs = (await octokit.paginate(octokit.rest.checks.listForRef, {
        ...repo,
        ref: sha,
        check_name: CHECK_NAME,
        filter: 'all',
        per_page: 100,
    }));
    return runs
        .filter((c) => c.name === CHECK_NAME && c.head_sha === sha && (appId === undefined || c.app?.id === undefined || c.app.id === appId))
        .sort((a, b) => b.id - a.id);
}
function completionFields(c) {
    return {
        status: 'completed',
        conclusion: c.conclusion,
        completed_at: new Date().toISOString(),
        external_id: c.externalId,
        output: limitOutput(c.output),
        ...(c.detailsUrl ? { details_url: c.detailsUrl } : {}),
    };
}
/** A new check run `in_progress` on `sha`. */
export async function createInProgressCheck(octokit, repo, sha, externalId, output, detailsUrl) {
    const { data } = await octokit.rest.checks.create({
        ...repo,
        name: CHECK_NAME,
        head_sha: sha,
        status: 'in_progress',
        started_at: new Date().toISOString(),
        external_id: externalId,
        output: limitOutput(output),
        ...(detailsUrl ? { details_url: detailsUrl } : {}),
    });
    return data;
}
/** Completes a check run this app created, or creates a completed one on `sha` when `checkRunId` is not given. */
export async function completeCheck(octokit, repo, target, c) {
    if (target.checkRunId !== undefined) {
        const { data } = await octokit.rest.checks.update({ ...repo, check_run_id: target.checkRunId, ...completionFields(c) });
        return data;
    }
    const { data } = await octokit.rest.checks.create({ ...repo, name: CHECK_NAME, head_sha: target.sha, ...completionFields(c) });
    return data;
}
/** Re-labels a check run this app created (its `external_id`), leaving everything else as it is. */
export async function relabelCheck(octokit, repo, checkRunId, externalId) {
    await octokit.rest.checks.update({ ...repo, check_run_id: checkRunId, external_id: externalId });
}
/** Appends annotations past the first 50 (GitHub takes 50 per request; each update appends). */
export async function appendAnnotations(octokit, repo, checkRunId, output, batches) {
    for (const batch of batches) {
        await octokit.rest.checks.update({ ...repo, check_run_id: checkRunId, output: { ...limitOutput({ ...output, annotations: [] }), annotations: batch } });
    }
}
