import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { GitHubApiError, callApi, describeApiError } from '../../src/github/octokit.js';
import { UserError } from '../../src/errors.js';
import { API, recordingLogger, strict, testOctokit } from './helpers.js';
import { restComment } from './rest.js';

const PATH = '/repos/o/r/issues/7/comments';

beforeAll(() => {
  nock.disableNetConnect();
});
// the patched http stays for the next test file in this worker: let it connect again
afterAll(() => nock.enableNetConnect());
afterEach(() => {
  nock.cleanAll();
  // every request and stand-in answer is one GitHub's description allows
  const problems = strict.problems();
  strict.reset();
  expect(problems).toEqual([]);
});

async function createComment(o: ReturnType<typeof testOctokit>) {
  return callApi('comment', () => o.rest.issues.createComment({ owner: 'o', repo: 'r', issue_number: 7, body: 'x' }));
}

describe('createOctokit: retries on 5xx', () => {
  it('retries 502/503 and succeeds, one log line per retry', async () => {
    const scope = nock(API)
      .post(PATH)
      .reply(502, { message: 'Bad Gateway' })
      .post(PATH)
      .reply(503, 'unavailable')
      .post(PATH)
      .reply(201, restComment({ id: 1, body: 'x', login: 'github-actions[bot]' }));
    const log = recordingLogger();
    const res = await createComment(testOctokit(log));
    expect(res.data.id).toBe(1);
    expect(scope.isDone()).toBe(true);
    const retryLines = log.lines.filter((l) => /failed \(50[23]\); retrying/.test(l));
    expect(retryLines).toHaveLength(2);
  });

  it('gives up after maxRetries with one clear line (no stack trace in the message)', async () => {
    const scope = nock(API).post(PATH).times(3).reply(500, { message: 'boom' });
    const o = testOctokit(recordingLogger(), { maxRetries: 2 });
    const err = await createComment(o).catch((e: unknown) => e);
    expect(scope.isDone()).toBe(true); // 1 try + 2 retries
    expect(err).toBeInstanceOf(GitHubApiError);
    expect(err).toBeInstanceOf(UserError);
    const msg = (err as Error).message;
    expect(msg).toBe('cannot comment: GitHub API server error (500) after retries: boom');
    expect(msg).not.toContain('\n');
    expect((err as GitHubApiError).status).toBe(500);
  });

  it('retries network errors and names the cause', async () => {
    nock(API).post(PATH).times(2).replyWithError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:1' });
    const o = testOctokit(recordingLogger(), { maxRetries: 1 });
    const err = (await createComment(o).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(GitHubApiError);
    expect(err.message).toMatch(/^cannot comment: cannot reach the GitHub API/);
    expect(err.message).toContain('ECONNREFUSED');
    expect(nock.pendingMocks()).toEqual([]);
  });
});

describe('createOctokit: client errors are not retried and read clearly', () => {
  it('403 without a rate limit: names the missing permission', async () => {
    const scope = nock(API).post(PATH).once().reply(403, { message: 'Resource not accessible by integration' });
    const err = (await createComment(testOctokit()).catch((e: unknown) => e)) as Error;
    expect(scope.isDone()).toBe(true);
    expect(err.message).toBe('cannot comment: the token lacks pull-requests: write (403): Resource not accessible by integration');
  });

  it('404', async () => {
    nock(API).post(PATH).once().reply(404, { message: 'Not Found' });
    const err = (await createComment(testOctokit()).catch((e: unknown) => e)) as GitHubApiError;
    expect(err.status).toBe(404);
    expect(err.message).toMatch(/^cannot comment: not found \(404\)/);
  });

  it('422 carries the validation errors', async () => {
    nock(API)
      .post(PATH)
      .once()
      .reply(422, {
        message: 'Validation Failed',
        documentation_url: 'https://docs.github.com/rest',
        errors: [{ resource: 'IssueComment', field: 'body', code: 'too_long' }],
      });
    const err = (await createComment(testOctokit()).catch((e: unknown) => e)) as Error;
    expect(err.message).toBe('cannot comment: GitHub rejected the request (422): Validation Failed; IssueComment body too_long');
  });

  it('401', async () => {
    nock(API).post(PATH).once().reply(401, { message: 'Bad credentials' });
    const err = (await createComment(testOctokit()).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/bad credentials.*\(401\)/);
  });

  it('uses the GITHUB_API_URL base and token auth', async () => {
    const scope = nock(API, { reqheaders: { authorization: 'token ghs_test_token' } })
      .post(PATH)
      .reply(201, restComment({ id: 2, body: 'x', login: 'github-actions[bot]' }));
    await createComment(testOctokit());
    expect(scope.isDone()).toBe(true);
  });
});

describe('createOctokit: rate limits', () => {
  const soon = () => String(Math.floor(Date.now() / 1000) + 1);

  it('primary: 403 with x-ratelimit-remaining 0 waits for the reset and retries, with a log line', async () => {
    const scope = nock(API)
      .get('/repos/o/r/pulls/1/files')
      .query(true)
      .reply(403, { message: 'API rate limit exceeded for installation' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': soon() })
      .get('/repos/o/r/pulls/1/files')
      .query(true)
      .reply(200, []);
    const log = recordingLogger();
    const o = testOctokit(log);
    const res = await o.rest.pulls.listFiles({ owner: 'o', repo: 'r', pull_number: 1 });
    expect(res.status).toBe(200);
    expect(scope.isDone()).toBe(true);
    expect(log.lines.some((l) => /primary rate limit hit .*retrying/.test(l))).toBe(true);
  });

  it('secondary: 429 with retry-after retries', async () => {
    const scope = nock(API)
      .post(PATH)
      .reply(429, { message: 'You have exceeded a secondary rate limit' }, { 'retry-after': '2' })
      .post(PATH)
      .reply(201, restComment({ id: 3, body: 'x', login: 'github-actions[bot]' }));
    const log = recordingLogger();
    const res = await createComment(testOctokit(log));
    expect(res.data.id).toBe(3);
    expect(scope.isDone()).toBe(true);
    expect(log.lines.some((l) => /secondary rate limit hit .*retrying in 2s/.test(l))).toBe(true);
  });

  it('a bounded number of rate-limit retries, then a clear message', async () => {
    const scope = nock(API)
      .post(PATH)
      .times(3)
      .reply(403, { message: 'API rate limit exceeded' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': soon() });
    const log = recordingLogger();
    const err = (await createComment(testOctokit(log, { maxRetries: 2 })).catch((e: unknown) => e)) as Error;
    expect(scope.isDone()).toBe(true);
    expect(err).toBeInstanceOf(GitHubApiError);
    expect(err.message).toMatch(/^cannot comment: GitHub API rate limit exceeded \(403\); it resets at \d{4}-/);
    expect(log.lines.some((l) => /giving up after 2 retries/.test(l))).toBe(true);
  });

  it('does not wait for a reset further away than maxRateLimitWaitSeconds', async () => {
    const far = String(Math.floor(Date.now() / 1000) + 3600);
    const scope = nock(API).post(PATH).once().reply(403, { message: 'API rate limit exceeded' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': far });
    const log = recordingLogger();
    const err = (await createComment(testOctokit(log, { maxRateLimitWaitSeconds: 60 })).catch((e: unknown) => e)) as Error;
    expect(scope.isDone()).toBe(true);
    expect(err.message).toMatch(/rate limit exceeded \(403\)/);
    expect(log.lines.some((l) => /not waiting/.test(l))).toBe(true);
  });
});

describe('describeApiError', () => {
  it('words each operation with its permission', () => {
    const e = { status: 403, response: { headers: {}, data: { message: 'nope' } } };
    expect(describeApiError(e, 'check-run')).toBe('cannot update the check run: the token lacks checks: write (403): nope');
    expect(describeApiError(e, 'list-files', '#5')).toBe("cannot list the pull request's files (#5): the token lacks pull-requests: read (403): nope");
  });
});
