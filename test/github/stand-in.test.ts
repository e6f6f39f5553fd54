/**
 * The tests' GitHub stand-ins are as strict as GitHub: without this, a request GitHub would refuse
 * could pass the suite. Checked here on the stand-ins themselves.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { FakeGitHub } from './fake-github.js';
import { API, strict, testOctokit } from './helpers.js';
import { exchangeProblems, githubOpenApi } from './openapi.js';
import { restCheckRun } from './rest.js';
import { serveWithNock } from './serve.js';
import { GITHUB_ACTIONS_APP_ID, invalidAppIdMessage } from './strict-fetch.js';

const BLOB = 'https://blob.stand-in.test';
const SHA = 'a'.repeat(40);
let gh: FakeGitHub;

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
afterEach(() => {
  nock.cleanAll();
  strict.reset();
});

function fake(): FakeGitHub {
  gh = new FakeGitHub({
    owner: 'o',
    repo: 'r',
    blobOrigin: BLOB,
    apiUrl: API,
    tokenApps: { ghs_test_token: GITHUB_ACTIONS_APP_ID },
    apps: { [GITHUB_ACTIONS_APP_ID]: 'github-actions' },
  });
  serveWithNock(gh, API, BLOB);
  return gh;
}

describe('GitHub REST description as the oracle', () => {
  it('knows the operations, path parameters included', () => {
    const api = githubOpenApi();
    expect(api.operation('PATCH', '/repos/o/r/check-runs/5')).toMatchObject({ id: 'checks/update', params: { check_run_id: '5' } });
    expect(api.operation('GET', '/api/v3/repos/o/r/contents/.github%2Ftransfer-risk.yml')).toMatchObject({
      id: 'repos/get-content',
      params: { path: '.github/transfer-risk.yml' },
    });
    expect(api.operation('GET', '/repos/o/r/pulls/comments')?.id).toBe('pulls/list-review-comments-for-repo');
    expect(api.operation('POST', '/repos/o/r/no-such-thing')).toBeUndefined();
  });

  it('flags requests GitHub refuses and answers GitHub would not give', () => {
    expect(
      exchangeProblems([
        {
          method: 'POST',
          path: '/repos/o/r/check-runs',
          requestBody: { name: 'x', head_sha: SHA, conclusion: 'passed' },
          status: 201,
          responseBody: restCheckRun({ id: 1, head_sha: SHA }),
        },
        { method: 'PATCH', path: '/repos/o/r/check-runs/1', requestBody: { completed_at: 'yesterday' }, status: 200, responseBody: { id: 1, name: 'x' } },
        { method: 'DELETE', path: '/repos/o/r/issues/comments/3', status: 200, responseBody: {} },
      ]),
    ).toEqual([
      expect.stringMatching(/^POST \/repos\/o\/r\/check-runs: request: checks\/create: \/conclusion must be equal to one of the allowed values/),
      expect.stringMatching(/^PATCH \/repos\/o\/r\/check-runs\/1: request: checks\/update: \/completed_at must match format "date-time"/),
      expect.stringMatching(/^PATCH \/repos\/o\/r\/check-runs\/1: checks\/update 200 response: \(body\) must have required property/),
      expect.stringMatching(/^DELETE \/repos\/o\/r\/issues\/comments\/3: issues\/delete-comment: GitHub does not answer 200 here \(declared: 204\)/),
    ]);
  });
});

describe('the stand-ins', () => {
  it('answer 422 to a body the description rejects (and the interceptor never sees it)', async () => {
    fake();
    const o = testOctokit();
    const err = (await o.rest.checks
      .create({ owner: 'o', repo: 'r', name: 'x', head_sha: SHA, conclusion: 'passed' as 'success' })
      .catch((e: unknown) => e)) as { status: number; message: string };
    expect(err.status).toBe(422);
    expect(err.message).toMatch(/Invalid request/);
    expect(gh.checks).toEqual([]);
    // the strict fetch of the test clients does the same before any nock interceptor
    expect(strict.exchanges.map((x) => x.status)).toEqual([422]);
  });

  it("answer 403 to an update of another app's check run, as GitHub does", async () => {
    fake();
    const bots = gh.addCheck({ head_sha: SHA, app: 123, status: 'in_progress' });
    const o = testOctokit();
    const err = (await o.rest.checks
      .update({ owner: 'o', repo: 'r', check_run_id: bots.id, status: 'completed', conclusion: 'neutral' })
      .catch((e: unknown) => e)) as { status: number; message: string };
    expect(err.status).toBe(403);
    expect(err.message).toContain(invalidAppIdMessage(GITHUB_ACTIONS_APP_ID));
    expect(bots).toMatchObject({ status: 'in_progress', updates: [] });
    expect(gh.refusedUpdates).toEqual([`${GITHUB_ACTIONS_APP_ID} → ${bots.id}`]);
    // its own check run it may update
    const mine = (await o.rest.checks.create({ owner: 'o', repo: 'r', name: 'transfer-risk', head_sha: SHA, status: 'in_progress' })).data;
    await o.rest.checks.update({
      owner: 'o',
      repo: 'r',
      check_run_id: mine.id,
      status: 'completed',
      conclusion: 'success',
      completed_at: new Date().toISOString(),
    });
    expect(gh.checks.find((c) => c.id === mine.id)).toMatchObject({ app: GITHUB_ACTIONS_APP_ID, conclusion: 'success' });
  });

  it('redirect artifact downloads to blob storage on another host, which refuses a request carrying the token', async () => {
    fake();
    gh.blobs.set(9, new Uint8Array([80, 75, 5, 6]));
    const o = testOctokit();
    const res = await o.request('GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}', {
      owner: 'o',
      repo: 'r',
      artifact_id: 9,
      archive_format: 'zip',
      request: { parseSuccessResponseBody: false },
    });
    expect(res.status).toBe(200);
    expect(res.url).toMatch(/^https:\/\/blob\.stand-in\.test\/artifacts\/9\.zip\?/);
    expect(gh.exchanges.map((x) => [x.path, x.status])).toEqual([['/repos/o/r/actions/artifacts/9/zip', 302]]);
    expect(gh.blobRefusals).toEqual([]);
    const withToken = await gh.handleBlob({ method: 'GET', path: '/artifacts/9.zip?sig=x', headers: { authorization: 'token ghs_test_token' } });
    expect(withToken.status).toBe(400);
    expect(gh.problems()).toEqual([]);
  });
});
