/**
 * readTable on files that cannot be read: an input error naming the file (the CLI's exit 2 with one line),
 * never a bare fs error (the CLI's "internal error", exit 3). The tests run as root in CI, where
 * permissions do not stop a read, so `node:fs` is wrapped to fail opens and reads of chosen paths the way
 * the kernel does (EACCES on open, EIO on read); every other call goes to the real module.
 */
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import * as realFs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';

const denied = new Set<string>();
const failingReads = new Set<number>();
const errno = (code: string, syscall: string, p?: string): NodeJS.ErrnoException =>
  Object.assign(new Error(`${code}: ${code === 'EACCES' ? 'permission denied' : 'i/o error'}, ${syscall}${p ? ` '${p}'` : ''}`), {
    code,
    syscall,
    ...(p ? { path: p } : {}),
  });

jest.unstable_mockModule('node:fs', () => {
  const openSync = (p: realFs.PathLike, ...rest: unknown[]): number => {
    if (denied.has(String(p))) throw errno('EACCES', 'open', String(p));
    return (realFs.openSync as (...a: unknown[]) => number)(p, ...rest);
  };
  const readSync = (fd: number, ...rest: unknown[]): number => {
    if (failingReads.has(fd)) throw errno('EIO', 'read');
    return (realFs.readSync as (...a: unknown[]) => number)(fd, ...rest);
  };
  return { ...realFs, default: { ...realFs, openSync, readSync }, openSync, readSync };
});

const { readTable } = await import('../../../src/data/table/read.js');
const { InputError } = await import('../../../src/errors.js');

const dir = realFs.mkdtempSync(path.join(os.tmpdir(), 'tables-err-'));
afterAll(() => realFs.rmSync(dir, { recursive: true, force: true }));
const write = (name: string, content: string | Uint8Array): string => {
  const p = path.join(dir, name);
  realFs.writeFileSync(p, content);
  return p;
};
const all = { sampleSize: 0, seed: 1 };

async function errorOf(p: Promise<unknown>): Promise<Error> {
  let caught: unknown;
  try {
    await p;
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(InputError);
  return caught as Error;
}

describe('readTable: unreadable files are input errors that name the file', () => {
  it.each([
    ['a.csv', 'x,y\n1,2\n'],
    ['a.jsonl', '{"x":1}\n'],
    ['a.csv.gz', gzipSync('x,y\n1,2\n')],
    ['noext', 'x,y\n1,2\n'],
  ] as Array<[string, string | Uint8Array]>)('%s that cannot be opened (EACCES)', async (name, content) => {
    const p = write(`denied-${name}`, content);
    denied.add(p);
    try {
      const e = await errorOf(readTable({ path: p }, all));
      expect(e.message).toContain(p);
      expect(e.message).toMatch(/cannot read \(EACCES: permission denied/);
    } finally {
      denied.delete(p);
    }
    // the same file, readable again, reads
    expect((await readTable({ path: p }, all)).totalRows).toBeGreaterThan(0);
  });

  it('a read that fails midway (EIO) is an input error too', async () => {
    const p = write('eio.csv', 'x,y\n1,2\n3,4\n');
    const open = realFs.openSync;
    // fail the reads of the next descriptor the reader opens
    const probe = open(p, 'r');
    realFs.closeSync(probe);
    failingReads.add(probe);
    try {
      const e = await errorOf(readTable({ path: p }, all));
      expect(e.message).toMatch(/cannot read \(EIO: i\/o error, read\)/);
    } finally {
      failingReads.delete(probe);
    }
  });

  it('a socket is not a regular file (and a FIFO would block a read forever)', async () => {
    const sock = path.join(dir, 'sock.csv');
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(sock, resolve));
    try {
      const e = await errorOf(readTable({ path: sock }, all));
      expect(e.message).toContain('is not a regular file');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
