import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { artifactStorageAvailable, runUrl, uploadReportArtifact } from '../../src/action/artifact.js';
import { loadRuntimeEnv } from '../../src/action/runtime-env.js';
import { recordingLogger } from '../github/helpers.js';

describe('uploadReportArtifact', () => {
  it('without ACTIONS_RUNTIME_TOKEN: warns and continues (real client not loaded)', async () => {
    const log = recordingLogger();
    const res = await uploadReportArtifact(['/tmp/x/report.json'], { log, env: {} });
    expect(res).toBeUndefined();
    expect(log.lines).toEqual(['warn: artifact storage is not available (no ACTIONS_RUNTIME_TOKEN): not uploading transfer-risk-report']);
    expect(artifactStorageAvailable({ ACTIONS_RUNTIME_TOKEN: 't', ACTIONS_RESULTS_URL: 'https://r' })).toBe(true);
  });

  it("uploads under transfer-risk-report from the files' folder and links the run artifact", async () => {
    const seen: unknown[] = [];
    const res = await uploadReportArtifact(['/out/report.json', '/out/comment.md', '/out/report.html'], {
      env: { GITHUB_SERVER_URL: 'https://ghe.example', GITHUB_REPOSITORY: 'a/b', GITHUB_RUN_ID: '9' },
      uploader: { uploadArtifact: async (...args) => (seen.push(args), { id: 3, size: 10 }) },
    });
    expect(seen).toEqual([['transfer-risk-report', ['/out/report.json', '/out/comment.md', '/out/report.html'], '/out']]);
    expect(res).toEqual({ id: 3, url: 'https://ghe.example/a/b/actions/runs/9/artifacts/3' });
  });

  it('an upload failure warns and continues', async () => {
    const log = recordingLogger();
    const res = await uploadReportArtifact(['/out/report.json'], {
      log,
      env: {},
      uploader: { uploadArtifact: async () => Promise.reject(new Error('Failed to CreateArtifact: 403')) },
    });
    expect(res).toBeUndefined();
    expect(log.lines).toEqual(['warn: cannot upload artifact transfer-risk-report: Failed to CreateArtifact: 403; continuing']);
  });

  it('runUrl needs the repository and run id', () => {
    expect(runUrl({ GITHUB_REPOSITORY: 'a/b', GITHUB_RUN_ID: '1' })).toBe('https://github.com/a/b/actions/runs/1');
    expect(runUrl({ GITHUB_REPOSITORY: 'a/b' })).toBeUndefined();
  });
});

describe('loadRuntimeEnv', () => {
  it('copies the runtime variables from the hand-over file and deletes it', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tr-rt-'));
    const file = path.join(dir, 'rt.json');
    writeFileSync(file, JSON.stringify({ ACTIONS_RUNTIME_TOKEN: 'tok', ACTIONS_RESULTS_URL: 'https://results/', ACTIONS_CACHE_URL: '', OTHER: 'no' }));
    const env: NodeJS.ProcessEnv = { TRANSFER_RISK_RUNTIME_FILE: file, ACTIONS_RESULTS_URL: 'https://already/' };
    expect(loadRuntimeEnv(env)).toEqual(['ACTIONS_RUNTIME_TOKEN']);
    expect(env).toEqual({ ACTIONS_RUNTIME_TOKEN: 'tok', ACTIONS_RESULTS_URL: 'https://already/' });
    expect(existsSync(file)).toBe(false);
  });

  it('a broken file warns; no file is a no-op', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tr-rt-'));
    const file = path.join(dir, 'rt.json');
    writeFileSync(file, '{oops');
    const log = recordingLogger();
    expect(loadRuntimeEnv({ TRANSFER_RISK_RUNTIME_FILE: file }, log)).toEqual([]);
    expect(log.lines[0]).toMatch(/^warn: cannot read the Actions runtime hand-over file/);
    expect(loadRuntimeEnv({})).toEqual([]);
  });
});
