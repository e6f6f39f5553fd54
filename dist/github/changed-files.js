import { silentLogger } from '../log.js';
import { describeApiError } from './octokit.js';
/** GitHub's documented maximum for `GET /repos/{owner}/{repo}/pulls/{pull_number}/files`. */
export const LIST_FILES_CAP = 3000;
/** Map one `pulls.listFiles` entry to a ChangedPath (undefined for `unchanged`). */
export function toChangedPath(f) {
    switch (f.status) {
        case 'added':
        case 'copied':
            return { status: 'added', path: f.filename };
        case 'removed':
            return { status: 'deleted', path: f.filename };
        case 'modified':
        case 'changed':
            return { status: 'modified', path: f.filename };
        case 'renamed':
            return f.previous_filename ? { status: 'renamed', path: f.filename, previousPath: f.previous_filename } : { status: 'added', path: f.filename };
        case 'unchanged':
            return undefined;
        default:
            return { status: 'modified', path: f.filename };
    }
}
/**
 * The pull request's changed paths, or undefined when the list would be truncated (≥ 3,000 files) or
 * the API cannot be used (the caller then diffs with git). Never throws for API failures: it warns.
 */
export async function listChangedFiles(octokit, opts) {
    const log = opts.log ?? silentLogger;
    if (opts.expectedCount !== undefined && opts.expectedCount >= LIST_FILES_CAP) {
        log.info(`pull request changes ${opts.expectedCount} files (GitHub lists at most ${LIST_FILES_CAP}): using git diff`);
        return undefined;
    }
    if (opts.headSha) {
        try {
            const { data: pull } = await octokit.rest.pulls.get({ owner: opts.owner, repo: opts.repo, pull_number: opts.pullNumber });
            if (pull.head.sha.toLowerCase() !== opts.headSha.toLowerCase()) {
                log.info(`pull request #${opts.pullNumber} head moved to ${pull.head.sha.slice(0, 7)} since this run started: using git diff for ${opts.headSha.slice(0, 7)}`);
                return undefined;
            }
            if (pull.changed_files >= LIST_FILES_CAP) {
                log.info(`pull request changes ${pull.changed_files} files (GitHub lists at most ${LIST_FILES_CAP}): using git diff`);
                return undefined;
            }
        }
        catch (err) {
            log.warn(`${describeApiError(err, 'read-pull', `#${opts.pullNumber}`)}; using git diff instead`);
            return undefined;
        }
    }
    let files;
    try {
        files = (await octokit.paginate(octokit.rest.pulls.listFiles, {
            owner: opts.owner,
            repo: opts.repo,
            pull_number: opts.pullNumber,
            per_page: 100,
        }));
    }
    catch (err) {
        log.warn(`${describeApiError(err, 'list-files', `#${opts.pullNumber}`)}; using git diff instead`);
        return undefined;
    }
    if (files.length >= LIST_FILES_CAP) {
        log.info(`GitHub listed ${files.length} files, its cap is ${LIST_FILES_CAP}: the list may be truncated, using git diff`);
        return undefined;
    }
    const out = [];
    for (const f of files) {
        const c = toChangedPath(f);
        if (c)
            out.push(c);
    }
    log.debug(`pull request #${opts.pullNumber}: ${out.length} changed files from the API`);
    return out;
}
