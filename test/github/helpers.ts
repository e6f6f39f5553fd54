/** Shared setup for the nock-based GitHub API tests. */
import { createOctokit, type GitHubClient } from '../../src/github/octokit.js';
import type { Logger } from '../../src/log.js';
import Bottleneck from 'bottleneck';

export const API = 'https://api.github.test';

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
    fetch: (input, init) => globalThis.fetch(input, init),
    // no 1 s / 3 s spacing between writes in tests
    throttle: { write: new Bottleneck.Group({ maxConcurrent: 1 }), notifications: new Bottleneck.Group({ maxConcurrent: 1 }) },
    ...extra,
  });
}
