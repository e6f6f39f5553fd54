/**
 * Git plumbing: resolve revisions, list changed paths and files at a revision, and stream many blobs
 * through one long-lived `git cat-file --batch` process (no checkout, no process per file).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import picomatch from 'picomatch';
import { UserError } from '../errors.js';
import type { ChangedPath } from '../contracts/index.js';
import { checkRepoPath } from './repo-path.js';

export interface GitFile {
  path: string;
  /** blob sha */
  sha: string;
  /** blob size in bytes */
  size: number;
  /** git file mode (100644, 100755, 120000 for a symlink); set by listFiles */
  mode?: string;
}

export class GitCommandError extends Error {
  constructor(
    readonly args: string[],
    readonly code: number | null,
    readonly stderr: string,
  ) {
    super(`git ${args.join(' ')} failed (exit ${code}): ${stderr.trim().split('\n')[0] ?? ''}`);
    this.name = 'GitCommandError';
  }
}

/** Run git and collect stdout as a Buffer (no output-size limit). */
export function runGit(cwd: string, args: string[], input?: Uint8Array): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, stdio: ['pipe', 'pipe', 'pipe'], env: gitEnv() });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => reject((e as NodeJS.ErrnoException).code === 'ENOENT' ? new UserError('git is not installed (not found on PATH)') : e));
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new GitCommandError(args, code, Buffer.concat(err).toString('utf8')));
    });
    child.stdin.on('error', () => {});
    if (input) child.stdin.end(input);
    else child.stdin.end();
  });
}

function gitEnv(): NodeJS.ProcessEnv {
  // never prompt; keep output stable
  return { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' };
}

/** A repository on disk (work tree or bare). */
export class GitRepo {
  private lists = new Map<string, Promise<TreeListing>>();
  private constructor(readonly dir: string) {}

  /** Opens `dir`; UserError when it is missing or not a git repository. */
  static async open(dir: string): Promise<GitRepo> {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UserError(`repository directory not found: ${dir}`);
    try {
      await runGit(dir, ['rev-parse', '--git-dir']);
    } catch (e) {
      if (e instanceof UserError) throw e;
      const why = e instanceof GitCommandError && /dubious ownership/.test(e.stderr) ? ' (git refuses it: dubious ownership; add it to safe.directory)' : '';
      throw new UserError(`not a git repository: ${dir}${why}`);
    }
    return new GitRepo(dir);
  }

  /** Full commit sha of `ref`; UserError when the revision does not exist. */
  async resolve(ref: string): Promise<string> {
    if (!ref || ref.startsWith('-')) throw new UserError(`invalid revision: "${ref}"`);
    try {
      const out = await runGit(this.dir, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
      return out.toString('utf8').trim();
    } catch (e) {
      if (e instanceof UserError) throw e;
      throw new UserError(`revision not found in ${this.dir}: ${ref}`);
    }
  }

  /**
   * Paths that differ between the two commits' trees (`git diff --name-status -M -z base head`),
   * renames with their previous path. Type changes and copies count as modified / added.
   */
  async changedPaths(base: string, head: string): Promise<ChangedPath[]> {
    const out = await runGit(this.dir, ['diff', '--no-ext-diff', '--no-textconv', '--name-status', '-M', '-z', base, head, '--']);
    return parseNameStatus(out);
  }

  /** Blobs at `rev` (recursive), optionally only those matching `globs`. */
  async listFiles(rev: string, globs?: string[]): Promise<GitFile[]> {
    const { files } = await this.listTree(rev);
    if (!globs) return files;
    const match = globMatcher(globs);
    return files.filter((f) => match(f.path));
  }

  /**
   * Submodules at `rev` (gitlinks, mode 160000; `sha` is the submodule's commit, `size` 0): their
   * content lives in another repository and is never read.
   */
  async listGitlinks(rev: string): Promise<GitFile[]> {
    return (await this.listTree(rev)).gitlinks;
  }

  /** Paths that are submodules at either revision (for planChanges). */
  async submodulePaths(base: string, head: string): Promise<Set<string>> {
    const [b, h] = await Promise.all([this.listGitlinks(base), this.listGitlinks(head)]);
    return new Set([...b, ...h].map((g) => g.path));
  }

  private listTree(rev: string): Promise<TreeListing> {
    let listing = this.lists.get(rev);
    if (!listing) {
      listing = runGit(this.dir, ['ls-tree', '-r', '-z', '--long', '--full-tree', rev]).then(parseTreeListing);
      this.lists.set(rev, listing);
    }
    return listing;
  }

  /** A streaming blob reader on this repository; close() it when done. */
  blobReader(opts: BlobReaderOptions = {}): BlobReader {
    return new BlobReader(this.dir, opts);
  }
}

/** A matcher for repository-relative globs (picomatch, dotfiles included). Rejects escaping globs. */
export function globMatcher(globs: string[]): (path: string) => boolean {
  for (const g of globs) {
    const why = checkRepoPath(g);
    if (why) throw new UserError(`dataset path ${why}: ${g}`);
  }
  const normalized = globs.map((g) => g.replace(/^\.\//, ''));
  return picomatch(normalized, { dot: true });
}

/**
 * A matcher for directories that may hold files the globs match (or are matched themselves): a
 * submodule at such a path puts data into the dataset that this repository does not hold. Segment by
 * segment against each glob below its static base; a `**` or a brace pattern (which may span
 * segments) counts as a match, so that in doubt a directory counts (fail closed).
 */
export function dirMatcher(globs: string[]): (dir: string) => boolean {
  const match = globMatcher(globs);
  const parsed = globs.map((g) => {
    const { base, glob } = picomatch.scan(g.replace(/^\.\//, ''));
    return { base: base.replace(/\/+$/, ''), segments: glob ? glob.split('/') : [], braces: /[{}]/.test(glob) };
  });
  const segmentMatch = (seg: string, pattern: string) => picomatch.isMatch(seg, pattern, { dot: true });
  return (dir: string) => {
    const d = dir.replace(/\/+$/, '');
    if (match(d)) return true;
    for (const { base, segments, braces } of parsed) {
      if (base === d || base.startsWith(`${d}/`) || (d === '' && base !== '')) return true; // the glob's base is inside the directory
      if (base !== '' && !d.startsWith(`${base}/`)) continue;
      if (braces) return true;
      const rel = (base === '' ? d : d.slice(base.length + 1)).split('/');
      let i = 0;
      for (; i < rel.length; i++) {
        const pattern = segments[i];
        if (pattern === undefined) break; // the glob ends above the directory's depth
        if (pattern.includes('**')) return true;
        if (!segmentMatch(rel[i]!, pattern)) break;
      }
      // every segment of the directory matched and the glob goes deeper: files in it may match
      if (i === rel.length && segments.length > rel.length) return true;
    }
    return false;
  };
}

export function parseNameStatus(out: Buffer): ChangedPath[] {
  const parts = out.toString('utf8').split('\0');
  const result: ChangedPath[] = [];
  let i = 0;
  while (i < parts.length) {
    const code = parts[i++];
    if (!code) continue;
    const kind = code[0];
    if (kind === 'R' || kind === 'C') {
      const from = parts[i++]!;
      const to = parts[i++]!;
      if (kind === 'R') result.push({ status: 'renamed', path: to, previousPath: from });
      else result.push({ status: 'added', path: to });
    } else {
      const path = parts[i++]!;
      if (kind === 'A') result.push({ status: 'added', path });
      else if (kind === 'D') result.push({ status: 'deleted', path });
      else result.push({ status: 'modified', path }); // M, T, U, X
    }
  }
  return result;
}

export function parseLsTree(out: Buffer): GitFile[] {
  return parseTreeListing(out).files;
}

/** A revision's tree: its blobs, and its submodules (gitlinks), which hold no blob of this repository. */
export interface TreeListing {
  files: GitFile[];
  gitlinks: GitFile[];
}

/** `git ls-tree -r -z --long` output: blobs (files and symlinks) and gitlinks (submodules, mode 160000). */
export function parseTreeListing(out: Buffer): TreeListing {
  const files: GitFile[] = [];
  const gitlinks: GitFile[] = [];
  for (const rec of out.toString('utf8').split('\0')) {
    if (!rec) continue;
    const tab = rec.indexOf('\t');
    if (tab < 0) continue;
    const meta = rec.slice(0, tab).trim().split(/\s+/);
    const [mode, type, sha, size] = meta;
    if (!sha) continue;
    if (type === 'commit') gitlinks.push({ path: rec.slice(tab + 1), sha, size: 0, mode: mode ?? '160000' });
    else if (type === 'blob') files.push({ path: rec.slice(tab + 1), sha, size: Number(size), ...(mode ? { mode } : {}) });
  }
  return { files, gitlinks };
}

export interface BlobReaderOptions {
  /** blobs larger than this are skipped (not buffered); default 100 MiB */
  maxBytes?: number;
}

export type BlobResult = { ok: true; sha: string; type: string; data: Buffer } | { ok: false; reason: string; size?: number };

interface Pending {
  request: string;
  resolve: (r: BlobResult) => void;
  reject: (e: Error) => void;
}

/**
 * One `git cat-file --batch` process. `read(name)` takes a blob sha or `rev:path`; requests are
 * streamed and answered in order. Oversized blobs are consumed without buffering and reported.
 */
export class BlobReader {
  private child: ChildProcessWithoutNullStreams | undefined;
  private queue: Pending[] = [];
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** current blob being received */
  private current: { header: { sha: string; type: string; size: number }; remaining: number; body: Buffer | undefined; filled: number } | undefined;
  private failed: Error | undefined;
  private stderr = '';
  /** requests not yet written to git's stdin */
  private outbox = '';
  private flushScheduled = false;
  readonly maxBytes: number;

  constructor(
    readonly dir: string,
    opts: BlobReaderOptions = {},
  ) {
    this.maxBytes = opts.maxBytes ?? 100 * 1024 * 1024;
  }

  private start(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const child = spawn('git', ['cat-file', '--batch'], { cwd: this.dir, stdio: ['pipe', 'pipe', 'pipe'], env: gitEnv() });
    child.stdout.on('data', (b: Buffer) => this.onData(b));
    child.stderr.on('data', (b: Buffer) => {
      this.stderr += b.toString('utf8');
    });
    child.on('error', (e) => this.fail(e));
    child.on('close', (code) => {
      if (this.queue.length > 0) this.fail(new Error(`git cat-file exited (${code}) with ${this.queue.length} request(s) pending: ${this.stderr.trim()}`));
      this.child = undefined;
    });
    child.stdin.on('error', (e) => this.fail(e));
    this.child = child;
    return child;
  }

  private fail(e: Error): void {
    this.failed = e;
    this.outbox = '';
    const q = this.queue;
    this.queue = [];
    for (const p of q) p.reject(e);
  }

  /** Read one object: a blob sha or `rev:path`. */
  read(name: string): Promise<BlobResult> {
    if (this.failed) return Promise.reject(this.failed);
    if (/[\n\r]/.test(name)) return Promise.resolve({ ok: false, reason: 'path contains a newline' });
    this.start();
    return new Promise((resolve, reject) => {
      this.queue.push({ request: name, resolve, reject });
      // requests made in the same turn of the event loop go to git in one write (one pipe write each
      // cost a system call and a wake-up of git on a busy machine)
      this.outbox += `${name}\n`;
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    if (!this.outbox || !this.child) return;
    const text = this.outbox;
    this.outbox = '';
    this.child.stdin.write(text);
  }

  /** Read `path` at `rev`; undefined when it does not exist there. */
  async readPath(rev: string, path: string): Promise<Buffer | undefined> {
    const r = await this.read(`${rev}:${path}`);
    if (r.ok) return r.data;
    if (r.reason === 'missing') return undefined;
    throw new UserError(`${path} at ${rev}: ${r.reason}`);
  }

  async close(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.flush();
    await new Promise<void>((resolve) => {
      child.once('close', () => resolve());
      child.stdin.end();
    });
  }

  private onData(b: Buffer): void {
    this.chunks.push(b);
    this.buffered += b.length;
    this.pump();
  }

  private take(n: number): Buffer {
    const first = this.chunks[0]!;
    if (first.length >= n) {
      const out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      this.buffered -= n;
      return out;
    }
    const all = Buffer.concat(this.chunks);
    this.chunks = all.length > n ? [all.subarray(n)] : [];
    this.buffered -= n;
    return all.subarray(0, n);
  }

  private pump(): void {
    for (;;) {
      if (!this.current) {
        // need a header line
        const nl = this.findNewline();
        if (nl < 0) return;
        const line = this.take(nl + 1)
          .toString('utf8')
          .slice(0, -1);
        const pending = this.queue[0];
        const parts = line.split(' ');
        if (parts.length === 2 && (parts[1] === 'missing' || parts[1] === 'ambiguous')) {
          this.queue.shift();
          pending?.resolve({ ok: false, reason: parts[1] });
          continue;
        }
        const [sha, type, sizeStr] = parts;
        const size = Number(sizeStr);
        if (!sha || !type || !Number.isFinite(size)) {
          this.fail(new Error(`git cat-file: unexpected output: ${line.slice(0, 200)}`));
          return;
        }
        const keep = size <= this.maxBytes;
        this.current = { header: { sha, type, size }, remaining: size + 1, body: keep ? Buffer.allocUnsafe(size) : undefined, filled: 0 };
      }
      const cur = this.current;
      if (this.buffered === 0) return;
      const n = Math.min(this.buffered, cur.remaining);
      const chunk = this.take(n);
      if (cur.body) {
        const room = cur.header.size - cur.filled;
        const copy = Math.min(room, chunk.length);
        if (copy > 0) chunk.copy(cur.body, cur.filled, 0, copy);
        cur.filled += copy;
      }
      cur.remaining -= n;
      if (cur.remaining > 0) return;
      this.current = undefined;
      const pending = this.queue.shift();
      if (!pending) continue;
      const { sha, type, size } = cur.header;
      if (!cur.body) pending.resolve({ ok: false, reason: `blob too large (${formatBytes(size)} > ${formatBytes(this.maxBytes)})`, size });
      else if (type !== 'blob') pending.resolve({ ok: false, reason: `not a file (git ${type})`, size });
      else pending.resolve({ ok: true, sha, type, data: cur.body });
    }
  }

  private findNewline(): number {
    let offset = 0;
    for (const c of this.chunks) {
      const i = c.indexOf(10);
      if (i >= 0) return offset + i;
      offset += c.length;
    }
    return -1;
  }
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}
