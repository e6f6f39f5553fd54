/** The release workflow's checks (scripts/release-notes.mjs): tag vs package.json, notes from CHANGELOG.md. */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
// @ts-expect-error -- a plain .mjs script without type declarations
import { checkTag, releaseNotes } from '../../scripts/release-notes.mjs';

const CHANGELOG = `# Changelog

## [Unreleased]
- next

## [1.2.0] - 2026-12-24
### Added
- boxes

## [1.1.0]
- undated

## [1.0.0] - 2026-12-01
- first

[1.2.0]: https://github.com/transfer-risk/transfer-risk/releases/tag/v1.2.0
`;

describe('release notes', () => {
  it("prints one version's section, without the link definitions", () => {
    expect(releaseNotes(CHANGELOG, '1.2.0')).toEqual({ notes: '### Added\n- boxes' });
    expect(releaseNotes(CHANGELOG, '1.0.0')).toEqual({ notes: '- first' });
  });
  it('refuses a missing, undated or empty section', () => {
    expect(releaseNotes(CHANGELOG, '9.9.9').error).toMatch(/no "## \[9\.9\.9\]/);
    expect(releaseNotes(CHANGELOG, '1.1.0').error).toMatch(/needs a release date/);
    expect(releaseNotes('## [2.0.0] - 2026-01-01\n\n## [1.0.0] - 2025-01-01\n- x\n', '2.0.0').error).toMatch(/empty/);
  });
  it('checks the tag against package.json and names the major tag', () => {
    expect(checkTag('v1.2.0', '1.2.0')).toEqual({ version: '1.2.0', major: 'v1', prerelease: false });
    expect(checkTag('v1.3.0-rc.1', '1.3.0-rc.1')).toEqual({ version: '1.3.0-rc.1', major: 'v1', prerelease: true });
    expect(checkTag('v1.2.0', '1.2.1').error).toMatch(/does not match package.json version 1.2.1/);
    expect(checkTag('1.2.0', '1.2.0').error).toMatch(/must look like v1.2.3/);
  });
  it('the script exits 2 with one line for a tag that is not the package version', () => {
    const r = spawnSync(process.execPath, ['scripts/release-notes.mjs', 'v0.0.0-nope'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
  it("CHANGELOG.md has a section for package.json's version, and TOOL_VERSION follows package.json", async () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(readFileSync('CHANGELOG.md', 'utf8')).toContain(`## [${pkg.version}]`);
    const { TOOL_VERSION } = await import('../../src/version.js');
    expect(TOOL_VERSION).toBe(pkg.version);
    expect(readFileSync(path.join('.github', 'workflows', 'release.yml'), 'utf8')).toContain('scripts/release-notes.mjs "$GITHUB_REF_NAME"');
  });
});
