import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { COMMENT_MARKER, isOurComment, upsertStickyComment, withMarker } from '../../src/github/sticky-comment.js';
import { GitHubApiError } from '../../src/github/octokit.js';
import { API, strict, testOctokit } from './helpers.js';
import { FakeGitHub } from './fake-github.js';
import { restComment } from './rest.js';
import { serveWithNock } from './serve.js';
import { GITHUB_ACTIONS_APP_ID } from './strict-fetch.js';

const LIST = '/repos/octo/data/issues/12/comments';

beforeAll(() => nock.disableNetConnect());
// the patched http stays for the next test file in this worker: let it connect again
afterAll(() => nock.enableNetConnect());
afterEach(() => {
  nock.cleanAll();
  // every request and stand-in answer is one GitHub's description allows
  const problems = strict.problems();
  strict.reset();
  expect(problems).toEqual([]);
});

const bot = { login: 'github-actions[bot]', type: 'Bot' };
const person = { login: 'mallory', type: 'User' };
const otherBot = { login: 'codecov[bot]', type: 'Bot' };

function comment(id: number, user: object, body: string) {
  return { id, user, body, html_url: `https://github.test/octo/data/pull/12#issuecomment-${id}` };
}

/** The same, as GitHub answers it (a complete issue-comment object). */
function full(id: number, user: { login: string; type?: string }, body: string) {
  return {
    ...restComment({ id, body, login: user.login, ...(user.type ? { type: user.type } : {}) }),
    html_url: `https://github.test/octo/data/pull/12#issuecomment-${id}`,
  };
}

describe('withMarker / isOurComment', () => {
  it('adds the marker once', () => {
    expect(withMarker('hello')).toBe(`${COMMENT_MARKER}\nhello`);
    expect(withMarker(`x ${COMMENT_MARKER} y`)).toBe(`x ${COMMENT_MARKER} y`);
  });
  it('needs the marker and our author', () => {
    expect(isOurComment(comment(1, bot, `${COMMENT_MARKER} r`), 'github-actions[bot]')).toBe(true);
    expect(isOurComment(comment(1, bot, 'no marker'), 'github-actions[bot]')).toBe(false);
    expect(isOurComment(comment(1, person, `${COMMENT_MARKER}`), 'github-actions[bot]')).toBe(false);
    expect(isOurComment(comment(1, otherBot, `${COMMENT_MARKER}`), 'github-actions[bot]')).toBe(false);
    // login unknown: any bot account with the marker, never a person
    expect(isOurComment(comment(1, otherBot, `${COMMENT_MARKER}`))).toBe(true);
    expect(isOurComment(comment(1, { login: 'my-app[bot]' }, `${COMMENT_MARKER}`))).toBe(true);
    expect(isOurComment(comment(1, person, `${COMMENT_MARKER}`))).toBe(false);
    expect(isOurComment({ id: 1, body: COMMENT_MARKER, user: null })).toBe(false);
  });
});

describe('upsertStickyComment', () => {
  it('creates the comment when absent (with the marker), then lists again to see that it is the only one', async () => {
    let posted: { body?: string } = {};
    const scope = nock(API)
      .get(LIST)
      .query({ per_page: '100' })
      .reply(200, [full(1, person, 'LGTM')])
      .post(LIST, (b: { body?: string }) => {
        posted = b;
        return true;
      })
      .reply(201, full(99, bot, `${COMMENT_MARKER}\nreport`))
      .get(LIST)
      .query({ per_page: '100' })
      .reply(200, [full(1, person, 'LGTM'), full(99, bot, `${COMMENT_MARKER}\nreport`)]);
    const res = await upsertStickyComment(testOctokit(), { owner: 'octo', repo: 'data', issueNumber: 12, body: 'report', botLogin: 'github-actions[bot]' });
    expect(scope.isDone()).toBe(true);
    expect(res).toEqual({ id: 99, url: 'https://github.test/octo/data/pull/12#issuecomment-99', created: true });
    expect(posted.body).toBe(`${COMMENT_MARKER}\nreport`);
  });

  it('updates our oldest comment in place (found on the second page) and deletes a later duplicate of ours', async () => {
    let patched: { body?: string } = {};
    const scope = nock(API)
      .get(LIST)
      .query({ per_page: '100' })
      .reply(200, [full(1, person, 'first')], { link: `<${API}${LIST}?per_page=100&page=2>; rel="next"` })
      .get(LIST)
      .query({ per_page: '100', page: '2' })
      .reply(200, [full(2, bot, `${COMMENT_MARKER}\nold report`), full(3, bot, `${COMMENT_MARKER}\nduplicate`)])
      .patch('/repos/octo/data/issues/comments/2', (b: { body?: string }) => {
        patched = b;
        return true;
      })
      .reply(200, full(2, bot, 'new'))
      .delete('/repos/octo/data/issues/comments/3')
      .reply(204);
    const res = await upsertStickyComment(testOctokit(), {
      owner: 'octo',
      repo: 'data',
      issueNumber: 12,
      body: `${COMMENT_MARKER}\nnew report`,
      botLogin: 'github-actions[bot]',
    });
    expect(scope.isDone()).toBe(true);
    expect(res).toEqual({ id: 2, url: 'https://github.test/octo/data/pull/12#issuecomment-2', created: false });
    expect(patched.body).toBe(`${COMMENT_MARKER}\nnew report`);
  });

  it("ignores others' comments carrying the marker (a person, another bot)", async () => {
    const scope = nock(API)
      .get(LIST)
      .query({ per_page: '100' })
      .reply(200, [full(5, person, `${COMMENT_MARKER} fake verdict: low`), full(6, otherBot, `${COMMENT_MARKER} something`)])
      .post(LIST)
      .reply(201, full(7, bot, 'x'))
      .get(LIST)
      .query({ per_page: '100' })
      .reply(200, [
        full(5, person, `${COMMENT_MARKER} fake verdict: low`),
        full(6, otherBot, `${COMMENT_MARKER} something`),
        full(7, bot, `${COMMENT_MARKER}\nr`),
      ]);
    const res = await upsertStickyComment(testOctokit(), { owner: 'octo', repo: 'data', issueNumber: 12, body: 'r', botLogin: 'github-actions[bot]' });
    expect(scope.isDone()).toBe(true); // no PATCH or DELETE of 5 or 6 (nock would fail on an unmatched request)
    expect(res.created).toBe(true);
    expect(res.id).toBe(7);
  });

  it('with the login unknown, updates a bot comment with the marker but never a person’s', async () => {
    const scope = nock(API)
      .get(LIST)
      .query({ per_page: '100' })
      .reply(200, [full(5, person, `${COMMENT_MARKER} fake`), full(8, { login: 'transfer-risk[bot]', type: 'Bot' }, `${COMMENT_MARKER} old`)])
      .patch('/repos/octo/data/issues/comments/8')
      .reply(200, full(8, bot, 'x'));
    const res = await upsertStickyComment(testOctokit(), { owner: 'octo', repo: 'data', issueNumber: 12, body: 'r' });
    expect(scope.isDone()).toBe(true);
    expect(res).toMatchObject({ id: 8, created: false });
  });

  it('403 on create: one clear line naming the permission', async () => {
    nock(API).get(LIST).query(true).reply(200, []).post(LIST).once().reply(403, { message: 'Resource not accessible by integration' });
    const err = (await upsertStickyComment(testOctokit(), { owner: 'octo', repo: 'data', issueNumber: 12, body: 'r' }).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(GitHubApiError);
    expect(err.message).toBe('cannot comment (octo/data#12): the token lacks pull-requests: write (403): Resource not accessible by integration');
  });

  it('404 on listing: clear message', async () => {
    nock(API).get(LIST).query(true).once().reply(404, { message: 'Not Found' });
    const err = (await upsertStickyComment(testOctokit(), { owner: 'octo', repo: 'data', issueNumber: 12, body: 'r' }).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/^cannot comment \(octo\/data#12\): not found \(404\)/);
  });

  it('422 on update (body too long) carries the reason', async () => {
    nock(API)
      .get(LIST)
      .query(true)
      .reply(200, [full(2, bot, COMMENT_MARKER)])
      .patch('/repos/octo/data/issues/comments/2')
      .once()
      .reply(422, {
        message: 'Validation Failed',
        documentation_url: 'https://docs.github.com/rest',
        errors: [{ resource: 'IssueComment', code: 'custom', field: 'body', message: 'body is too long (maximum is 65536 characters)' }],
      });
    const err = (await upsertStickyComment(testOctokit(), { owner: 'octo', repo: 'data', issueNumber: 12, body: 'r', botLogin: 'github-actions[bot]' }).catch(
      (e: unknown) => e,
    )) as Error;
    expect(err.message).toBe(
      'cannot comment (octo/data#12): GitHub rejected the request (422): Validation Failed; body is too long (maximum is 65536 characters)',
    );
  });

  it('retries a 5xx on create and succeeds', async () => {
    const scope = nock(API)
      .get(LIST)
      .query(true)
      .reply(200, [])
      .post(LIST)
      .reply(500, 'oops')
      .post(LIST)
      .reply(201, full(11, bot, 'x'))
      .get(LIST)
      .query(true)
      .reply(200, [full(11, bot, `${COMMENT_MARKER}\nr`)]);
    const res = await upsertStickyComment(testOctokit(), { owner: 'octo', repo: 'data', issueNumber: 12, body: 'r' });
    expect(scope.isDone()).toBe(true);
    expect(res.id).toBe(11);
  });
});

describe('upsertStickyComment: concurrent publishers converge on one comment', () => {
  it.each([2, 3, 5])('%i publishers at once against a GitHub that interleaves them: one comment, the oldest', async (n) => {
    const gh = new FakeGitHub({
      owner: 'octo',
      repo: 'data',
      blobOrigin: 'https://blob.test',
      apiUrl: API,
      tokenApps: { ghs_test_token: GITHUB_ACTIONS_APP_ID },
      apps: { [GITHUB_ACTIONS_APP_ID]: 'github-actions' },
      jitterMs: 15,
    });
    gh.pulls.set(12, { number: 12, headSha: 'a'.repeat(40), baseSha: 'b'.repeat(40) });
    gh.addComment({ body: 'LGTM', login: 'someone', issue: 12 });
    serveWithNock(gh, API, 'https://blob.test');
    const results = await Promise.all(
      Array.from({ length: n }, (_, i) => upsertStickyComment(testOctokit(), { owner: 'octo', repo: 'data', issueNumber: 12, body: `report ${i}` })),
    );
    const ours = gh.comments.filter((c) => c.login === 'github-actions[bot]');
    expect(ours).toHaveLength(1);
    expect(gh.comments.filter((c) => c.login === 'someone')).toHaveLength(1);
    // everyone reports the comment that stayed
    expect(new Set(results.map((r) => r.id))).toEqual(new Set([ours[0]!.id]));
    expect(ours[0]!.body).toMatch(new RegExp(`^${COMMENT_MARKER}\\nreport \\d$`));
    expect(gh.problems()).toEqual([]);
  });
});
