import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { LIST_FILES_CAP, listChangedFiles, toChangedPath } from '../../src/github/changed-files.js';
import { API, recordingLogger, strict, testOctokit } from './helpers.js';
import { restFile, restPull } from './rest.js';

const FILES = '/repos/octo/data/pulls/12/files';

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

function page(start: number, count: number, status = 'modified') {
  return Array.from({ length: count }, (_, i) => restFile({ filename: `data/img_${start + i}.png`, status }));
}

function link(pageNo: number, last: number): Record<string, string> {
  if (pageNo >= last) return {};
  return { link: `<${API}${FILES}?per_page=100&page=${pageNo + 1}>; rel="next", <${API}${FILES}?per_page=100&page=${last}>; rel="last"` };
}

describe('toChangedPath', () => {
  it('maps GitHub statuses to ChangedPath', () => {
    expect(toChangedPath({ filename: 'a', status: 'added' })).toEqual({ status: 'added', path: 'a' });
    expect(toChangedPath({ filename: 'a', status: 'removed' })).toEqual({ status: 'deleted', path: 'a' });
    expect(toChangedPath({ filename: 'a', status: 'modified' })).toEqual({ status: 'modified', path: 'a' });
    expect(toChangedPath({ filename: 'b', status: 'renamed', previous_filename: 'a' })).toEqual({ status: 'renamed', path: 'b', previousPath: 'a' });
    expect(toChangedPath({ filename: 'b', status: 'copied' })).toEqual({ status: 'added', path: 'b' });
    expect(toChangedPath({ filename: 'b', status: 'changed' })).toEqual({ status: 'modified', path: 'b' });
    expect(toChangedPath({ filename: 'b', status: 'unchanged' })).toBeUndefined();
  });
});

describe('listChangedFiles', () => {
  it('follows pagination across pages', async () => {
    const scope = nock(API)
      .get(FILES)
      .query({ per_page: '100' })
      .reply(200, page(0, 100), link(1, 3))
      .get(FILES)
      .query({ per_page: '100', page: '2' })
      .reply(200, page(100, 100), link(2, 3))
      .get(FILES)
      .query({ per_page: '100', page: '3' })
      .reply(200, [
        restFile({ filename: 'data/new.png', status: 'added' }),
        restFile({ filename: 'data/gone.png', status: 'removed' }),
        restFile({ filename: 'data/b/x.png', status: 'renamed', previous_filename: 'data/a/x.png' }),
      ]);
    const out = await listChangedFiles(testOctokit(), { owner: 'octo', repo: 'data', pullNumber: 12 });
    expect(scope.isDone()).toBe(true);
    expect(out).toHaveLength(203);
    expect(out![0]).toEqual({ status: 'modified', path: 'data/img_0.png' });
    expect(out![199]).toEqual({ status: 'modified', path: 'data/img_199.png' });
    expect(out!.slice(200)).toEqual([
      { status: 'added', path: 'data/new.png' },
      { status: 'deleted', path: 'data/gone.png' },
      { status: 'renamed', path: 'data/b/x.png', previousPath: 'data/a/x.png' },
    ]);
  });

  it('returns undefined at the 3,000-file cap (the list is truncated)', async () => {
    const pages = LIST_FILES_CAP / 100;
    let scope = nock(API);
    for (let p = 1; p <= pages; p++) {
      scope = scope
        .get(FILES)
        .query(p === 1 ? { per_page: '100' } : { per_page: '100', page: String(p) })
        .reply(200, page((p - 1) * 100, 100), link(p, pages));
    }
    const log = recordingLogger();
    const out = await listChangedFiles(testOctokit(), { owner: 'octo', repo: 'data', pullNumber: 12, log });
    expect(scope.isDone()).toBe(true);
    expect(out).toBeUndefined();
    expect(log.lines.some((l) => l.includes('using git diff'))).toBe(true);
  });

  it('does not call the API when the event already says the PR is past the cap', async () => {
    const out = await listChangedFiles(testOctokit(), { owner: 'octo', repo: 'data', pullNumber: 12, expectedCount: 3500 });
    expect(out).toBeUndefined(); // nock.disableNetConnect would turn any request into an error → warn, also undefined
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('without API access (403) warns once and returns undefined', async () => {
    const scope = nock(API).get(FILES).query(true).once().reply(403, { message: 'Resource not accessible by integration' });
    const log = recordingLogger();
    const out = await listChangedFiles(testOctokit(), { owner: 'octo', repo: 'data', pullNumber: 12, log });
    expect(scope.isDone()).toBe(true);
    expect(out).toBeUndefined();
    expect(log.lines).toEqual([
      "warn: cannot list the pull request's files (#12): the token lacks pull-requests: read (403): Resource not accessible by integration; using git diff instead",
    ]);
  });

  it('retries a 5xx page and still returns the full list', async () => {
    const scope = nock(API)
      .get(FILES)
      .query({ per_page: '100' })
      .reply(200, page(0, 100), link(1, 2))
      .get(FILES)
      .query({ per_page: '100', page: '2' })
      .reply(502, 'bad gateway')
      .get(FILES)
      .query({ per_page: '100', page: '2' })
      .reply(200, page(100, 5));
    const out = await listChangedFiles(testOctokit(recordingLogger()), { owner: 'octo', repo: 'data', pullNumber: 12 });
    expect(scope.isDone()).toBe(true);
    expect(out).toHaveLength(105);
  });
});

describe('listChangedFiles with the head SHA being analyzed', () => {
  const HEAD = 'a'.repeat(40);
  it('uses the API list when the pull request head is still that SHA', async () => {
    const scope = nock(API)
      .get('/repos/octo/data/pulls/12')
      .reply(200, restPull({ number: 12, headSha: HEAD, baseSha: 'c'.repeat(40), changedFiles: 2 }))
      .get(FILES)
      .query(true)
      .reply(200, page(0, 2));
    const out = await listChangedFiles(testOctokit(), { owner: 'octo', repo: 'data', pullNumber: 12, headSha: HEAD });
    expect(scope.isDone()).toBe(true);
    expect(out).toHaveLength(2);
  });

  it('falls back to git diff when the head moved on (a newer push)', async () => {
    const scope = nock(API)
      .get('/repos/octo/data/pulls/12')
      .reply(200, restPull({ number: 12, headSha: 'b'.repeat(40), baseSha: 'c'.repeat(40), changedFiles: 2 }));
    const log = recordingLogger();
    const out = await listChangedFiles(testOctokit(), { owner: 'octo', repo: 'data', pullNumber: 12, headSha: HEAD, log });
    expect(scope.isDone()).toBe(true); // listFiles never requested
    expect(out).toBeUndefined();
    expect(log.lines.join('\n')).toMatch(/head moved to bbbbbbb/);
  });

  it('skips listing when the pull request reports ≥ 3,000 changed files', async () => {
    const scope = nock(API)
      .get('/repos/octo/data/pulls/12')
      .reply(200, restPull({ number: 12, headSha: HEAD, baseSha: 'c'.repeat(40), changedFiles: 4200 }));
    const out = await listChangedFiles(testOctokit(), { owner: 'octo', repo: 'data', pullNumber: 12, headSha: HEAD });
    expect(scope.isDone()).toBe(true);
    expect(out).toBeUndefined();
  });

  it('404 on the pull request: warns and falls back', async () => {
    nock(API).get('/repos/octo/data/pulls/12').once().reply(404, { message: 'Not Found' });
    const log = recordingLogger();
    const out = await listChangedFiles(testOctokit(), { owner: 'octo', repo: 'data', pullNumber: 12, headSha: HEAD, log });
    expect(out).toBeUndefined();
    expect(log.lines[0]).toMatch(/^warn: cannot read the pull request \(#12\): not found \(404\).*using git diff instead$/);
  });
});
