/**
 * Large-file pointers in a repository: Git LFS pointer files (resolved from the local LFS store or
 * through `git lfs smudge` when git-lfs is installed) and DVC `.dvc` files (reported, never fetched).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, posix } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { runGit } from './git.js';

export const LFS_UNAVAILABLE = 'LFS object not available';
export const DVC_REASON = 'DVC-tracked data: pull with dvc to analyze';

export interface LfsPointer {
  oid: string; // sha256 hex
  size: number;
}

const LFS_VERSIONS = ['version https://git-lfs.github.com/spec/v1', 'version https://hawser.github.com/spec/v1'];

/** The pointer in `data` when it is a Git LFS pointer file (spec v1), else undefined. */
export function parseLfsPointer(data: Uint8Array): LfsPointer | undefined {
  if (data.length > 1024 || data.length < 40) return undefined;
  const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
  if (!LFS_VERSIONS.some((v) => text.startsWith(`${v}\n`))) return undefined;
  let oid: string | undefined;
  let size: number | undefined;
  for (const line of text.split('\n')) {
    const m = /^oid sha256:([0-9a-f]{64})$/.exec(line);
    if (m) oid = m[1];
    const s = /^size (\d+)$/.exec(line);
    if (s) size = Number(s[1]);
  }
  if (!oid || size === undefined) return undefined;
  return { oid, size };
}

let lfsInstalled: Promise<boolean> | undefined;
/** Whether `git lfs` is installed (cached). */
export function gitLfsInstalled(cwd: string): Promise<boolean> {
  lfsInstalled ??= runGit(cwd, ['lfs', 'version']).then(
    () => true,
    () => false,
  );
  return lfsInstalled;
}

/** for tests */
export function resetLfsProbe(): void {
  lfsInstalled = undefined;
}

const commonDirs = new Map<string, Promise<string | undefined>>();
function gitCommonDir(repoDir: string): Promise<string | undefined> {
  let p = commonDirs.get(repoDir);
  if (!p) {
    p = runGit(repoDir, ['rev-parse', '--git-common-dir']).then(
      (b) => {
        const d = b.toString('utf8').trim();
        return isAbsolute(d) ? d : join(repoDir, d);
      },
      () => undefined,
    );
    commonDirs.set(repoDir, p);
  }
  return p;
}

function verify(data: Buffer, ptr: LfsPointer): boolean {
  return data.length === ptr.size && createHash('sha256').update(data).digest('hex') === ptr.oid;
}

export type Resolved = { ok: true; data: Buffer } | { ok: false; reason: string };

/**
 * The content behind an LFS pointer: from the repository's local LFS store when the object is there,
 * else through `git lfs smudge` when git-lfs is installed (which may fetch it from the remote).
 * Anything else: `{ok: false, reason: "LFS object not available"}`.
 */
export async function resolveLfs(
  repoDir: string,
  path: string,
  pointerBytes: Uint8Array,
  ptr: LfsPointer,
  opts: { timeoutMs?: number } = {},
): Promise<Resolved> {
  const common = await gitCommonDir(repoDir);
  if (common) {
    const local = join(common, 'lfs', 'objects', ptr.oid.slice(0, 2), ptr.oid.slice(2, 4), ptr.oid);
    if (existsSync(local)) {
      try {
        const data = readFileSync(local);
        if (verify(data, ptr)) return { ok: true, data };
      } catch {
        /* fall through */
      }
    }
  }
  if (!(await gitLfsInstalled(repoDir))) return { ok: false, reason: LFS_UNAVAILABLE };
  try {
    const data = await withTimeout(runGit(repoDir, ['lfs', 'smudge', '--', path], pointerBytes), opts.timeoutMs ?? 120_000);
    if (verify(data, ptr)) return { ok: true, data };
  } catch {
    /* not available */
  }
  return { ok: false, reason: LFS_UNAVAILABLE };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timeout')), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

export interface DvcPointer {
  /** repository paths of the outputs the .dvc file tracks */
  outs: Array<{ path: string; md5?: string; size?: number }>;
}

/** `.dvc` files larger than this are not read as pointers. */
export const MAX_DVC_BYTES = 16 * 1024;

/** The outputs of a DVC `.dvc` pointer file (YAML with `outs:`), else undefined. */
export function parseDvcPointer(path: string, data: Uint8Array): DvcPointer | undefined {
  // a .dvc file is a few hundred bytes; parsing big YAML costs time (keys are checked pairwise), and every
  // .dvc file of the tree is parsed: 60 files of 1 MiB took 33 s
  if (!path.endsWith('.dvc') || data.length > MAX_DVC_BYTES) return undefined;
  let doc: unknown;
  try {
    doc = parseYaml(Buffer.from(data).toString('utf8'), { uniqueKeys: false });
  } catch {
    return undefined;
  }
  const outs = (doc as { outs?: unknown } | null)?.outs;
  if (!Array.isArray(outs)) return undefined;
  const dir = posix.dirname(path);
  const result: DvcPointer['outs'] = [];
  for (const o of outs) {
    if (!o || typeof o !== 'object') continue;
    const rec = o as Record<string, unknown>;
    if (typeof rec.path !== 'string') continue;
    const full = posix.normalize(dir === '.' ? rec.path : posix.join(dir, rec.path));
    const out: DvcPointer['outs'][number] = { path: full.replace(/\/$/, '') };
    if (typeof rec.md5 === 'string') out.md5 = rec.md5;
    if (typeof rec.size === 'number') out.size = rec.size;
    result.push(out);
  }
  return result.length > 0 ? { outs: result } : undefined;
}
