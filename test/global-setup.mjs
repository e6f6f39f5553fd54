/**
 * Jest globalSetup: the e2e tests spawn `node dist/cli.js`, so build once (tsc -p tsconfig.json) when
 * dist/cli.js is missing or older than any file under src/. A lock directory keeps concurrent jest
 * runs from building at the same time. Type errors do not stop tsc from emitting; the e2e tests
 * themselves check that dist/cli.js exists.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function stale() {
  let built;
  try {
    built = statSync(join(root, 'dist', 'cli.js')).mtimeMs;
  } catch {
    return true;
  }
  return newestMtime(join(root, 'src')) > built;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export default async function globalSetup() {
  if (!stale()) return;
  const lock = join(tmpdir(), `transfer-risk-build-${createHash('sha1').update(root).digest('hex').slice(0, 12)}.lock`);
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // a lock older than 3 minutes is left over from a killed run
      try {
        if (Date.now() - statSync(lock).mtimeMs > 180_000) rmdirSync(lock);
      } catch {
        /* gone already */
      }
      if (Date.now() > deadline) return;
      await sleep(500);
    }
  }
  try {
    if (!stale()) return;
    try {
      execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.json')], {
        cwd: root,
        stdio: 'ignore',
      });
    } catch {
      // type errors elsewhere in the tree: tsc still emitted dist/
    }
  } finally {
    rmdirSync(lock);
  }
}
