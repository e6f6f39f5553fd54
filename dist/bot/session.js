import { errorMessage } from '../errors.js';
import { describeApiError } from '../github/octokit.js';
import { MAX_CONFIG_BYTES } from '../data/config.js';
import { CONFIG_FILE, CONFIG_PATH, parseBotConfig, parseConfigText } from './config.js';
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
/**
 * The config file at `ref` through the contents API (its JSON form: type, size, base64 content), not
 * Probot's `context.config` (which reads the default branch only and merges `_extends`: the analysis
 * reads the file itself at the commit). Missing (404, also for a ref GitHub does not know): `missing`.
 * Not a plain file there (a directory, a submodule, a symlink GitHub resolved to another path), over
 * the config size limit, or invalid: a reason. Other API failures throw (the caller fails closed).
 */
async function readRevisionConfig(octokit, repo, ref) {
    const at = `${CONFIG_PATH} at ${ref.slice(0, 7)}`;
    let data;
    try {
        ({ data } = await octokit.rest.repos.getContent({ ...repo, path: CONFIG_PATH, ref }));
    }
    catch (err) {
        const e = err;
        if (e.status === 404)
            return { ok: false, missing: true, reason: `${at} does not exist` };
        // the JSON form carries files up to 1 MB (the config's own limit is 1 MiB)
        if (e.status === 403 && e.response?.data?.errors?.some((x) => x.code === 'too_large'))
            return { ok: false, missing: false, reason: `${at}: config too large (over GitHub's 1 MB contents limit; the limit is ${MAX_CONFIG_BYTES} bytes)` };
        throw err;
    }
    const f = data;
    if (Array.isArray(data) || f.type !== 'file' || f.path !== CONFIG_PATH) {
        const what = Array.isArray(data) ? 'dir' : typeof f.type === 'string' ? f.type : 'unknown';
        return { ok: false, missing: false, reason: `${at} is not a file (${what}${typeof f.path === 'string' && f.path !== CONFIG_PATH ? `: ${f.path}` : ''})` };
    }
    if (typeof f.size !== 'number' || f.size > MAX_CONFIG_BYTES)
        return { ok: false, missing: false, reason: `${at}: config too large (${String(f.size)} bytes; the limit is ${MAX_CONFIG_BYTES})` };
    if (f.encoding !== 'base64' || typeof f.content !== 'string')
        return { ok: false, missing: false, reason: `${at}: the contents API gave no content (encoding ${String(f.encoding)})` };
    const bytes = Buffer.from(f.content, 'base64');
    if (bytes.length !== f.size)
        return { ok: false, missing: false, reason: `${at}: the contents API gave ${bytes.length} of ${f.size} bytes` };
    const parsed = parseConfigText(bytes.toString('utf8'));
    return parsed.ok ? parsed : { ok: false, missing: false, reason: `${parsed.reason} (at ${ref.slice(0, 7)})` };
}
export function makeSession(context, shared) {
    const payload = context.payload;
    const repo = context.repo();
    let config;
    const octokit = context.octokit;
    const atRef = new Map();
    return {
        ...shared,
        ...repo,
        octokit: context.octokit,
        gh: context.octokit,
        log: context.log,
        defaultBranch: payload.repository?.default_branch ?? 'main',
        htmlUrl: payload.repository?.html_url ?? `https://github.com/${repo.owner}/${repo.repo}`,
        readConfig: () => (config ??= readConfigState(context)),
        readConfigAt: (ref) => {
            let p = atRef.get(ref);
            if (!p)
                atRef.set(ref, (p = readRevisionConfig(octokit, repo, ref)));
            return p;
        },
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
