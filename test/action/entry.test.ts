/**
 * dist/action.js exports run() and runs it only when executed as the entry, so tools that import the
 * module and call run() themselves (GitHub's @github/local-action) work. Needs the build (jest's
 * globalSetup builds dist/).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ENTRY = path.join(ROOT, 'dist/action.js');

function env(extra: Record<string, string>): NodeJS.ProcessEnv {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tr-entry-'));
  const eventPath = path.join(dir, 'event.json');
  writeFileSync(eventPath, JSON.stringify({ action: 'closed', pull_request: {} }));
  const out = path.join(dir, 'out.txt');
  writeFileSync(out, '');
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_OUTPUT: out,
    GITHUB_WORKSPACE: dir,
    RUNNER_TEMP: dir,
    ...extra,
  };
}

describe('dist/action.js', () => {
  it('importing it runs nothing; run() is exported and runs the action', () => {
    expect(existsSync(ENTRY)).toBe(true);
    const e = env({});
    const script = `const m = await import(${JSON.stringify(pathToFileURL(ENTRY).href)}); console.log('typeof run:', typeof m.run); console.log('outputs after import:', JSON.stringify(require('fs').readFileSync(process.env.GITHUB_OUTPUT, 'utf8'))); await m.run();`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script.replace("require('fs')", '(await import("node:fs"))')], {
      env: e,
      encoding: 'utf8',
      cwd: os.tmpdir(),
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('typeof run: function');
    expect(r.stdout).toContain('outputs after import: ""');
    // run() ran it: a closed pull request is skipped, with its outputs set
    expect(r.stdout).toMatch(/nothing to do for pull_request\.closed/);
    expect(readFileSync(e.GITHUB_OUTPUT!, 'utf8')).toMatch(/risk-level/);
  });

  it('executed as the entry (node dist/action.js, also through a symlink) it runs', () => {
    const e = env({});
    const r = spawnSync(process.execPath, [ENTRY], { env: e, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/nothing to do for pull_request\.closed/);
    const link = path.join(mkdtempSync(path.join(os.tmpdir(), 'tr-entry-link-')), 'action.js');
    execFileSync('ln', ['-s', ENTRY, link]);
    const viaLink = spawnSync(process.execPath, [link], { env: env({}), encoding: 'utf8' });
    expect(viaLink.stdout).toMatch(/nothing to do for pull_request\.closed/);
  });
});
