/**
 * One sticky comment per pull request: found by the marker `<!-- transfer-risk:comment -->` and by our
 * own author, updated in place, created only when absent (REST issue-comments API).
 */
import { callApi, type GitHubClient } from './octokit.js';

export const COMMENT_MARKER = '<!-- transfer-risk:comment -->';

export interface StickyCommentOptions {
  owner: string;
  repo: string;
  /** the pull request (issue) number */
  issueNumber: number;
  body: string;
  /**
   * our own login, e.g. `github-actions[bot]` for the workflow token or `my-app[bot]` for an app.
   * When unknown, a comment counts as ours when it carries the marker and its author is a bot account
   * (type `Bot`, or a login ending in `[bot]`): a person pasting the marker cannot capture it.
   */
  botLogin?: string;
}

export interface StickyCommentResult {
  id: number;
  url: string;
  created: boolean;
}

export interface IssueCommentLike {
  id: number;
  body?: string | null;
  html_url?: string;
  user?: { login?: string; type?: string } | null;
}

/** Put the marker on the first line of the body when it is not there already. */
export function withMarker(body: string): string {
  return body.includes(COMMENT_MARKER) ? body : `${COMMENT_MARKER}\n${body}`;
}

/** Is this comment our sticky comment? */
export function isOurComment(c: IssueCommentLike, botLogin?: string): boolean {
  if (!c.body || !c.body.includes(COMMENT_MARKER)) return false;
  const login = c.user?.login;
  if (!login) return false;
  if (botLogin) return login.toLowerCase() === botLogin.toLowerCase();
  return c.user?.type === 'Bot' || /\[bot\]$/i.test(login);
}

/** Our sticky comments on the issue, oldest first (there is one, unless concurrent publishers raced). */
export async function listStickyComments(octokit: GitHubClient, opts: Omit<StickyCommentOptions, 'body'>): Promise<IssueCommentLike[]> {
  return callApi(
    'comment',
    async () => {
      const out: IssueCommentLike[] = [];
      const iterator = octokit.paginate.iterator(octokit.rest.issues.listComments, {
        owner: opts.owner,
        repo: opts.repo,
        issue_number: opts.issueNumber,
        per_page: 100,
      });
      for await (const page of iterator) {
        for (const c of page.data as IssueCommentLike[]) if (isOurComment(c, opts.botLogin)) out.push(c);
      }
      return out.sort((a, b) => a.id - b.id);
    },
    `${opts.owner}/${opts.repo}#${opts.issueNumber}`,
  );
}

/** Find our sticky comment on the issue (the oldest one, when there are several). */
export async function findStickyComment(octokit: GitHubClient, opts: Omit<StickyCommentOptions, 'body'>): Promise<IssueCommentLike | undefined> {
  return (await listStickyComments(octokit, opts))[0];
}

async function updateComment(octokit: GitHubClient, opts: StickyCommentOptions, id: number, body: string): Promise<IssueCommentLike> {
  const res = await callApi(
    'comment',
    () => octokit.rest.issues.updateComment({ owner: opts.owner, repo: opts.repo, comment_id: id, body }),
    `${opts.owner}/${opts.repo}#${opts.issueNumber}`,
  );
  return res.data as IssueCommentLike;
}

/** Deletes later duplicates by the same author as `keep` (another publisher's race); one already gone is fine. */
async function deleteDuplicates(octokit: GitHubClient, opts: StickyCommentOptions, keep: IssueCommentLike, all: IssueCommentLike[]): Promise<void> {
  const author = keep.user?.login?.toLowerCase();
  for (const c of all) {
    if (c.id === keep.id || c.id < keep.id || !author || c.user?.login?.toLowerCase() !== author) continue;
    await callApi(
      'comment',
      async () => {
        try {
          await octokit.rest.issues.deleteComment({ owner: opts.owner, repo: opts.repo, comment_id: c.id });
        } catch (err) {
          if ((err as { status?: number }).status !== 404) throw err;
        }
      },
      `${opts.owner}/${opts.repo}#${opts.issueNumber}`,
    );
  }
}

/**
 * Create or update our sticky comment. Several publishers at once (bot replicas, repeated deliveries)
 * converge on one comment: whoever created one lists again, the oldest of ours stays (with this body)
 * and later duplicates by the same author are deleted. Throws GitHubApiError (one clear line) on failure.
 */
export async function upsertStickyComment(octokit: GitHubClient, opts: StickyCommentOptions): Promise<StickyCommentResult> {
  const body = withMarker(opts.body);
  const target = `${opts.owner}/${opts.repo}#${opts.issueNumber}`;
  const ours = await listStickyComments(octokit, opts);
  if (ours.length > 0) {
    const keep = ours[0]!;
    const res = await updateComment(octokit, opts, keep.id, body);
    await deleteDuplicates(octokit, opts, keep, ours);
    return { id: res.id, url: res.html_url ?? keep.html_url ?? '', created: false };
  }
  const created = (
    await callApi('comment', () => octokit.rest.issues.createComment({ owner: opts.owner, repo: opts.repo, issue_number: opts.issueNumber, body }), target)
  ).data as IssueCommentLike;
  // our own login is now known for sure: the author of what we just created
  const login = created.user?.login ?? opts.botLogin;
  const after = await listStickyComments(octokit, { ...opts, ...(login ? { botLogin: login } : {}) });
  const keep = after[0] ?? created;
  if (keep.id !== created.id) {
    // another publisher's comment is older: it stays, with our body; ours goes
    const res = await updateComment(octokit, opts, keep.id, body);
    await deleteDuplicates(octokit, opts, keep, [...after, created]);
    return { id: res.id, url: res.html_url ?? keep.html_url ?? '', created: false };
  }
  await deleteDuplicates(octokit, opts, keep, after);
  return { id: created.id, url: created.html_url ?? '', created: true };
}

/** Update our sticky comment when there is one; never create it. Undefined when absent. */
export async function updateStickyCommentIfPresent(octokit: GitHubClient, opts: StickyCommentOptions): Promise<StickyCommentResult | undefined> {
  const ours = await listStickyComments(octokit, opts);
  const keep = ours[0];
  if (!keep) return undefined;
  const res = await updateComment(octokit, opts, keep.id, withMarker(opts.body));
  await deleteDuplicates(octokit, opts, keep, ours);
  return { id: res.id, url: res.html_url ?? keep.html_url ?? '', created: false };
}
