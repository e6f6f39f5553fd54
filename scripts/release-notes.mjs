#!/usr/bin/env node
/**
 * `node scripts/release-notes.mjs vX.Y.Z`: checks a release tag against package.json and CHANGELOG.md and
 * prints that version's notes (the body of its `## [X.Y.Z] - YYYY-MM-DD` section) on stdout. Used by
 * .github/workflows/release.yml; exits 2 with one line on stderr when the tag, the version or the notes
 * do not agree.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TAG_RE = /^v(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?$/;

/** The notes of `version` in a Keep-a-Changelog text, or an error message. */
export function releaseNotes(changelog, version) {
  const lines = changelog.split(/\r?\n/);
  const head = lines.findIndex((l) => l.startsWith(`## [${version}]`));
  if (head < 0) return { error: `CHANGELOG.md has no "## [${version}] - YYYY-MM-DD" section` };
  if (!/^## \[[^\]]+\] - \d{4}-\d{2}-\d{2}\s*$/.test(lines[head]))
    return { error: `CHANGELOG.md: the ${version} section needs a release date ("## [${version}] - YYYY-MM-DD"), got "${lines[head]}"` };
  let end = lines.findIndex((l, i) => i > head && /^## /.test(l));
  if (end < 0) end = lines.length;
  // link reference definitions at the end of the file are not part of a section
  const body = lines
    .slice(head + 1, end)
    .filter((l) => !/^\[[^\]]+\]: /.test(l))
    .join('\n')
    .trim();
  if (!body) return { error: `CHANGELOG.md: the ${version} section is empty` };
  return { notes: body };
}

/** Check `tag` against the package version; returns { version, major, prerelease } or an error. */
export function checkTag(tag, packageVersion) {
  const m = TAG_RE.exec(tag);
  if (!m) return { error: `release tag must look like v1.2.3 (or v1.2.3-rc.1), got "${tag}"` };
  const version = tag.slice(1);
  if (version !== packageVersion) return { error: `tag ${tag} does not match package.json version ${packageVersion}` };
  return { version, major: `v${m[1]}`, prerelease: m[4] !== undefined };
}

function main() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const tag = process.argv[2] ?? '';
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const checked = checkTag(tag, pkg.version);
  if (checked.error) return fail(checked.error);
  const notes = releaseNotes(readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8'), checked.version);
  if (notes.error) return fail(notes.error);
  process.stdout.write(`${notes.notes}\n`);
}

function fail(message) {
  process.stderr.write(`release-notes: ${message}\n`);
  process.exitCode = 2;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
