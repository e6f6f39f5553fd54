/**
 * The bot's HTTP server (src/bot/server.ts): GitHub's 25 MB cap on webhook payloads is enforced before
 * a body is buffered, signed deliveries reach the app, `/ping` answers.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import type { Probot } from 'probot';
import { MAX_WEBHOOK_BYTES, startBotServer, type BotServer } from '../../src/bot/server.js';
import { APP_ID, privateKey } from './fixtures.js';

const SECRET = 'server-test-secret';
let server: BotServer;
const received: Array<{ name: string; id: string }> = [];

beforeAll(async () => {
  server = await startBotServer(
    (app: Probot) => {
      app.onAny(async (context) => {
        received.push({ name: context.name, id: context.id });
      });
    },
    { env: { APP_ID: String(APP_ID), PRIVATE_KEY: privateKey(), WEBHOOK_SECRET: SECRET, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'fatal' } },
  );
});

afterAll(async () => {
  await server.close();
});

const sign = (body: string) => `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;

/** status 0: the server closed the connection before the client had written everything */
function post(
  headers: Record<string, string | number>,
  write: (req: http.ClientRequest) => void,
): Promise<{ status: number; body: string; sentBytes: () => number }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    const req = http.request({ host: '127.0.0.1', port: server.port, path: '/api/github/webhooks', method: 'POST', headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, sentBytes: () => sent }));
      // the server may close the connection right after its answer while the client still writes
      res.on('error', () => resolve({ status: res.statusCode ?? 0, body, sentBytes: () => sent }));
    });
    req.on('error', (err: NodeJS.ErrnoException) =>
      err.code === 'ECONNRESET' || err.code === 'EPIPE' ? resolve({ status: 0, body: '', sentBytes: () => sent }) : reject(err),
    );
    // once the answer is in, the request lets go of its socket: a write still in flight then fails on the socket itself
    req.on('socket', (socket) => socket.on('error', () => {}));
    const orig = req.write.bind(req);
    req.write = ((chunk: Buffer, ...rest: unknown[]) => {
      sent += chunk.length;
      return (orig as (c: Buffer, ...r: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof req.write;
    write(req);
  });
}

describe('the webhook server', () => {
  it('hands a signed delivery to the app', async () => {
    const body = JSON.stringify({ action: 'opened', zen: 'hi' });
    const r = await post(
      {
        'content-type': 'application/json',
        'x-github-event': 'ping',
        'x-github-delivery': 'd-1',
        'x-hub-signature-256': sign(body),
        'content-length': Buffer.byteLength(body),
      },
      (req) => req.end(body),
    );
    expect(r.status).toBe(200);
    expect(received).toContainEqual({ name: 'ping', id: 'd-1' });
  });

  it('refuses a forged signature', async () => {
    const body = JSON.stringify({ zen: 'x' });
    const r = await post(
      {
        'content-type': 'application/json',
        'x-github-event': 'ping',
        'x-github-delivery': 'd-2',
        'x-hub-signature-256': sign('other'),
        'content-length': Buffer.byteLength(body),
      },
      (req) => req.end(body),
    );
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(received.some((x) => x.id === 'd-2')).toBe(false);
  });

  it('a declared body over 25 MB is refused (413) after 1 MB of it was sent: never buffered', async () => {
    const declared = 30 * 1024 * 1024;
    const chunk = Buffer.alloc(1024 * 1024, 0x41);
    let resolveSent!: () => void;
    const oneSent = new Promise<void>((r) => (resolveSent = r));
    const r = await post(
      {
        'content-type': 'application/json',
        'x-github-event': 'ping',
        'x-github-delivery': 'd-3',
        'x-hub-signature-256': 'sha256=00',
        'content-length': declared,
      },
      (req) => {
        req.write(chunk, () => resolveSent());
        // the rest is never written: the answer must come without it
        req.on('error', () => {});
      },
    );
    await oneSent;
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body)).toEqual({ error: `payload over ${MAX_WEBHOOK_BYTES} bytes` });
    expect(r.sentBytes()).toBeLessThan(declared);
    expect(received.some((x) => x.id === 'd-3')).toBe(false);
  });

  it('a chunked body (no length) that grows past 25 MB is cut off (413, connection closed)', async () => {
    // a raw socket: one object whose errors (the server closing under a write still in flight) are all ours to see
    const r = await new Promise<{ head: string; sent: number }>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port: server.port });
      let head = '';
      let sent = 0;
      let finished = false;
      const finish = (): void => {
        if (finished) return;
        finished = true;
        socket.destroy();
        resolve({ head, sent });
      };
      socket.on('data', (c: Buffer) => (head += c.toString('latin1')));
      socket.on('error', finish);
      socket.on('close', finish);
      socket.on('connect', () => {
        socket.write(
          'POST /api/github/webhooks HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\nx-github-event: ping\r\n' +
            'x-github-delivery: d-4\r\nx-hub-signature-256: sha256=00\r\ntransfer-encoding: chunked\r\n\r\n',
        );
        const chunk = Buffer.concat([Buffer.from(`${(1024 * 1024).toString(16)}\r\n`), Buffer.alloc(1024 * 1024, 0x42), Buffer.from('\r\n')]);
        let n = 0;
        const pump = (): void => {
          while (n < 40 && !finished && !socket.destroyed) {
            n += 1;
            sent += 1024 * 1024;
            if (!socket.write(chunk)) {
              socket.once('drain', pump);
              return;
            }
          }
          if (!finished && !socket.destroyed) socket.end('0\r\n\r\n');
        };
        pump();
      });
    });
    // the server answers 413 (unless it closed the connection before the client read the answer) and reads no further
    if (r.head !== '') expect(r.head).toMatch(/^HTTP\/1\.1 413 /);
    expect(r.sent).toBeGreaterThan(MAX_WEBHOOK_BYTES);
    expect(received.some((x) => x.id === 'd-4')).toBe(false);
    // and the server goes on serving
    expect(await (await fetch(`http://127.0.0.1:${server.port}/ping`)).text()).toBe('PONG');
  });

  it('a body of exactly the cap is read (and then judged by its signature)', async () => {
    const body = `{"pad":"${'x'.repeat(MAX_WEBHOOK_BYTES - 10)}"}`;
    expect(Buffer.byteLength(body)).toBe(MAX_WEBHOOK_BYTES);
    const r = await post(
      {
        'content-type': 'application/json',
        'x-github-event': 'ping',
        'x-github-delivery': 'd-5',
        'x-hub-signature-256': sign(body),
        'content-length': MAX_WEBHOOK_BYTES,
      },
      (req) => req.end(body),
    );
    expect(r.status).toBe(200);
    expect(received).toContainEqual({ name: 'ping', id: 'd-5' });
  });

  it('GET /ping answers PONG; other paths 404', async () => {
    expect(await (await fetch(`http://127.0.0.1:${server.port}/ping`)).text()).toBe('PONG');
    expect((await fetch(`http://127.0.0.1:${server.port}/elsewhere`)).status).toBe(404);
  });
});
