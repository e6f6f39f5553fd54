import { errorMessage } from '../errors.js';
import { describeApiError } from '../github/octokit.js';
import { CONFIG_FILE, CONFIG_PATH, parseBotConfig } from './config.js';
/** A pull request's head is foreign unless its repository is the base repository (null: deleted fork). */
export function isFork(p, fullName) {
    const head = p.head.repo?.full_name;
    const base = p.base.repo?.full_name ?? fullName;
    return head === undefined || head === null || head.toLowerCase() !== base.toLowerCase();
}
export function pullInfo(p, fullName) {
    return {
        number: p.number,
        headSha: p.head.sha,
        baseSha: p.base.sha,
        draft: p.draft === true,
        state: p.state,
        fork: isFork(p, fullName),
        ...(p.html_url ? { htmlUrl: p.html_url } : {}),
    };
}
async function readConfigState(context) {
    let raw;
    try {
        raw = await context.config(CONFIG_FILE);
    }
    catch (err) {
        const status = err.status;
        if (status !== undefined)
            return { ok: false, missing: false, reason: `${CONFIG_PATH}: ${describeApiError(err, 'read')}` };
        return { ok: false, missing: false, reason: `${CONFIG_PATH}: ${errorMessage(err).replace(/^\[@probot\/octokit-plugin-config\]\s*/, '')}` };
    }
    if (raw === null || raw === undefined) {
        return { ok: false, missing: true, reason: `${CONFIG_PATH} is missing on the default branch: transfer-risk is not configured for this repository` };
    }
    const parsed = parseBotConfig(raw);
    return parsed.ok ? parsed : { ok: false, missing: false, reason: parsed.reason };
}
export function makeSession(context, shared) {
    const payload = context.payload;
    const repo = context.repo();
    let config;
    return {
        ...shared,
        ...repo,
        octokit: context.octokit,
        gh: context.octokit,
        log: context.log,
        defaultBranch: payload.repository?.default_branch ?? 'main',
        htmlUrl: payload.repository?.html_url ?? `https://github.com/${repo.owner}/${repo.repo}`,
        readConfig: () => (config ??= readConfigState(context)),
    };
}
export async function getPull(s, number) {
    const { data } = await s.octokit.rest.pulls.get({ owner: s.owner, repo: s.repo, pull_number: number });
    return pullInfo(data, `${s.owner}/${s.repo}`);
}
/** The open pull request whose head is `sha` (runs dispatched for forks carry no `pull_requests`). */
export async function findPullByHeadSha(s, sha) {
    const iterator = s.octokit.paginate.iterator(s.octokit.rest.pulls.list, { owner: s.owner, repo: s.repo, state: 'open', per_page: 100 });
    for await (const page of iterator) {
        const hit = page.data.find((p) => p.head.sha === sha);
        if (hit)
            return hit.number;
    }
    return undefined;
}
const WRITE_PERMISSIONS = new Set(['admin', 'maintain', 'write']);
/** Whether `login` may push to the repository (admin, maintain or write). Not a collaborator: false. */
export async function hasWriteAccess(s, login) {
    if (!login)
        return false;
    try {
        const { data } = await s.octokit.rest.repos.getCollaboratorPermissionLevel({ owner: s.owner, repo: s.repo, username: login });
        return WRITE_PERMISSIONS.has(data.permission) || WRITE_PERMISSIONS.has(data.role_name ?? '');
    }
    catch (err) {
        if (err.status === 404)
            return false;
        throw err;
    }
}
export const where = (s, pr, sha, extra = '') => `${s.owner}/${s.repo}${pr !== undefined ? `#${pr}` : ''} @ ${sha.slice(0, 7)}${extra}`;
