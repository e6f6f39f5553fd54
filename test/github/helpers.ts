/** Shared setup for the nock-based GitHub API tests. */
import { createOctokit, type GitHubClient } from '../../src/github/octokit.js';
import type { Logger } from '../../src/log.js';
import Bottleneck from 'bottleneck';
import { GITHUB_ACTIONS_APP_ID, StrictGitHub } from './strict-fetch.js';

export const API = 'https://api.github.test';

/**
 * What every test client's requests go through: 422 for bodies GitHub's description rejects, 403 for
 * another app's check run, and a record that the test files check after each test (`strict.problems()`).
 */
export const strict = new StrictGitHub({ api: API, tokenApps: { ghs_test_token: GITHUB_ACTIONS_APP_ID } });

let counter = 0;

export interface RecordingLogger extends Logger {
  lines: string[];
}

export function recordingLogger(): RecordingLogger {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(`info: ${m}`),
    warn: (m) => lines.push(`warn: ${m}`),
    debug: () => {},
  };
}

/** An Octokit against API whose retry waits are 1 ms and whose throttling group is private. */
export function testOctokit(log?: Logger, extra: { maxRetries?: number; maxRateLimitWaitSeconds?: number } = {}): GitHubClient {
  counter += 1;
  return createOctokit('ghs_test_token', {
    baseUrl: API,
    log,
    retryAfterBaseMs: 1,
    throttleId: `test-${process.pid}-${counter}-${Math.random()}`,
    fetch: strict.fetch,
    // no 1 s / 3 s spacing between writes in tests
    throttle: { write: new Bottleneck.Group({ maxConcurrent: 1 }), notifications: new Bottleneck.Group({ maxConcurrent: 1 }) },
    ...extra,
  });
}
