#!/usr/bin/env node
/**
 * Formatting check of the tree (run by `npm run lint`): every file git tracks or would track
 * (`git ls-files --cached --others --exclude-standard`) that Prettier formats and `.prettierignore`
 * does not exclude must be exactly as Prettier (with the repository's `.prettierrc.json`) writes it.
 * Prints each unformatted file and exits 1, or prints a one-line summary and exits 0.
 * `node scripts/check-format.mjs [DIR]` checks another tree (the tests use it); `--write` formats.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as prettier from 'prettier';

const args = process.argv.slice(2);
const write = args.includes('--write');
const root = path.resolve(args.find((a) => !a.startsWith('--')) ?? path.join(path.dirname(new URL(import.meta.url).pathname), '..'));

const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
  cwd: root,
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
})
  .split('\0')
  .filter(Boolean);
const ignorePath = path.join(root, '.prettierignore');

const bad = [];
let checked = 0;
let written = 0;
for (const rel of listed) {
  const file = path.join(root, rel);
  const info = await prettier.getFileInfo(file, { ignorePath, withNodeModules: false });
  if (info.ignored || !info.inferredParser) continue;
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    continue; // listed but deleted in the working tree
  }
  const options = { ...((await prettier.resolveConfig(file)) ?? {}), filepath: file };
  checked += 1;
  if (await prettier.check(text, options)) continue;
  if (write) {
    writeFileSync(file, await prettier.format(text, options));
    written += 1;
  } else bad.push(rel);
}

if (bad.length > 0) {
  for (const rel of bad) console.error(`not formatted: ${rel}`);
  console.error(
    `${bad.length} of ${checked} files are not formatted as Prettier writes them: run \`node scripts/check-format.mjs --write\` (or \`npx prettier --write .\`).`,
  );
  process.exit(1);
}
console.log(write ? `format: ${written} of ${checked} files rewritten as Prettier writes them` : `format: ${checked} files as Prettier writes them`);
