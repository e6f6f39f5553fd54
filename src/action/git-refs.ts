/**
 * Make sure the base and head commits exist in the runner's checkout. `actions/checkout` fetches one
 * commit (the merge commit for pull_request) by default; the PR's base and head SHAs are then
 * missing, so we fetch them from `origin` (shallow when the checkout is shallow).
 */
import { UserError } from '../errors.js';
import { errorText } from './util.js';
import { runGit } from '../data/git.js';
import { silentLogger, type Logger } from '../log.js';

export interface EnsureOptions {
  log?: Logger;
  /** fetch depth when the checkout is shallow; default 1 (a diff of two trees needs no history) */
  depth?: number;
  remote?: string;
  /**
   * fetched when fetching `rev` by SHA fails, e.g. `refs/pull/<n>/head` for a fork's head commit (a
   * server that does not serve unadvertised commits by SHA still serves the pull request's ref)
   */
  fallbackRef?: string;
}

async function tryResolve(dir: string, rev: string): Promise<string | undefined> {
  try {
    const out = await runGit(dir, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]);
    return out.toString('utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

async function isShallow(dir: string): Promise<boolean> {
  try {
    return (await runGit(dir, ['rev-parse', '--is-shallow-repository'])).toString('utf8').trim() === 'true';
  } catch {
    return false;
  }
}

async function hasRemote(dir: string, remote: string): Promise<boolean> {
  try {
    const out = (await runGit(dir, ['remote'])).toString('utf8').split('\n');
    return out.includes(remote);
  } catch {
    return false;
  }
}

/**
 * The full SHA of `rev` (a SHA, branch or tag) in the repository at `dir`, fetching it from the
 * remote when it is missing. Throws a UserError with one line when it cannot be found.
 */
export async function ensureCommit(dir: string, rev: string, opts: EnsureOptions = {}): Promise<string> {
  const log = opts.log ?? silentLogger;
  const remote = opts.remote ?? 'origin';
  if (!rev || rev.startsWith('-')) throw new UserError(`invalid revision: "${rev}"`);
  const isSha = /^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(rev);
  const local = (await tryResolve(dir, rev)) ?? (isSha ? undefined : await tryResolve(dir, `refs/remotes/${remote}/${rev}`));
  if (local) return local;
  if (!(await hasRemote(dir, remote))) {
    throw new UserError(`revision ${rev} is not in ${dir} and there is no "${remote}" remote to fetch it from`);
  }
  const shallow = await isShallow(dir);
  const depthArgs = shallow ? [`--depth=${opts.depth ?? 1}`] : [];
  const args = ['fetch', '--no-tags', '--no-recurse-submodules', '--quiet', ...depthArgs, remote, rev];
  log.info(`fetching ${rev} from ${remote}${shallow ? ` (shallow checkout, depth ${opts.depth ?? 1})` : ''}`);
  try {
    await runGit(dir, args);
  } catch (err) {
    if (!isSha || !opts.fallbackRef) throw new UserError(`cannot fetch ${rev} from ${remote}: ${errorText(err)}`);
    log.info(`fetching ${rev} by SHA failed; fetching ${opts.fallbackRef} instead`);
    try {
      await runGit(dir, ['fetch', '--no-tags', '--no-recurse-submodules', '--quiet', ...depthArgs, remote, opts.fallbackRef]);
    } catch (err2) {
      throw new UserError(`cannot fetch ${rev} from ${remote}: ${errorText(err)}; nor ${opts.fallbackRef}: ${errorText(err2)}`);
    }
  }
  const sha = await tryResolve(dir, isSha ? rev : 'FETCH_HEAD');
  if (!sha) throw new UserError(`cannot fetch ${rev} from ${remote}: not a commit after fetching`);
  return sha;
}

/** Both revisions, fetched when needed. */
export async function ensureRevisions(dir: string, base: string, head: string, opts: EnsureOptions = {}): Promise<{ base: string; head: string }> {
  const { fallbackRef, ...rest } = opts;
  const b = await ensureCommit(dir, base, rest);
  const h = await ensureCommit(dir, head, { ...rest, ...(fallbackRef ? { fallbackRef } : {}) });
  return { base: b, head: h };
}
