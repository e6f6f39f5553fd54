/**
 * One sticky comment per pull request: found by the marker `<!-- transfer-risk:comment -->` and by our
 * own author, updated in place, created only when absent (REST issue-comments API).
 */
import { callApi } from './octokit.js';
export const COMMENT_MARKER = '<!-- transfer-risk:comment -->';
/** Put the marker on the first line of the body when it is not there already. */
export function withMarker(body) {
    return body.includes(COMMENT_MARKER) ? body : `${COMMENT_MARKER}\n${body}`;
}
/** Is this comment our sticky comment? */
export function isOurComment(c, botLogin) {
    if (!c.body || !c.body.includes(COMMENT_MARKER))
        return false;
    const login = c.user?.login;
    if (!login)
        return false;
    if (botLogin)
        return login.toLowerCase() === botLogin.toLowerCase();
    return c.user?.type === 'Bot' || /\[bot\]$/i.test(login);
}
/** Find our sticky comment on the issue (the oldest one, when there are several). */
export async function findStickyComment(octokit, opts) {
    return callApi('comment', async () => {
        const iterator = octokit.paginate.iterator(octokit.rest.issues.listComments, {
            owner: opts.owner,
            repo: opts.repo,
            issue_number: opts.issueNumber,
            per_page: 100,
        });
        for await (const page of iterator) {
            for (const c of page.data)
                if (isOurComment(c, opts.botLogin))
                    return c;
        }
        return undefined;
    }, `${opts.owner}/${opts.repo}#${opts.issueNumber}`);
}
/** Create or update our sticky comment. Throws GitHubApiError (one clear line) on failure. */
export async function upsertStickyComment(octokit, opts) {
    const body = withMarker(opts.body);
    const target = `${opts.owner}/${opts.repo}#${opts.issueNumber}`;
    const existing = await findStickyComment(octokit, opts);
    if (existing) {
        const res = await callApi('comment', () => octokit.rest.issues.updateComment({ owner: opts.owner, repo: opts.repo, comment_id: existing.id, body }), target);
        return { id: res.data.id, url: res.data.html_url, created: false };
    }
    const res = await callApi('comment', () => octokit.rest.issues.createComment({ owner: opts.owner, repo: opts.repo, issue_number: opts.issueNumber, body }), target);
    return { id: res.data.id, url: res.data.html_url, created: true };
}
/** Update our sticky comment when there is one; never create it. Undefined when absent. */
export async function updateStickyCommentIfPresent(octokit, opts) {
    const existing = await findStickyComment(octokit, opts);
    if (!existing)
        return undefined;
    const body = withMarker(opts.body);
    const res = await callApi('comment', () => octokit.rest.issues.updateComment({ owner: opts.owner, repo: opts.repo, comment_id: existing.id, body }), `${opts.owner}/${opts.repo}#${opts.issueNumber}`);
    return { id: res.data.id, url: res.data.html_url, created: false };
}
