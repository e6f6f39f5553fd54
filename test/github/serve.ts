/** Serving a FakeGitHub through nock (unit tests) or a real HTTP server (e2e tests). */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import type { FakeGitHub, FakeResponse } from './fake-github.js';

const METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'] as const;

/** Every request to `api` and `blob` goes to the fake (persisted interceptors). */
export function serveWithNock(gh: FakeGitHub, api: string, blob: string): void {
  for (const method of METHODS) {
    nock(api)
      .persist()
      .intercept(/.*/, method)
      .reply(async function (uri, body) {
        const res = await gh.handle({ method, path: uri, headers: this.req.headers, body: bodyText(body) });
        return [res.status, res.body === undefined ? '' : Buffer.from(res.body), res.headers];
      });
  }
  nock(blob)
    .persist()
    .get(/.*/)
    .reply(async function (uri) {
      const res = await gh.handleBlob({ method: 'GET', path: uri, headers: this.req.headers });
      return [res.status, res.body === undefined ? '' : Buffer.from(res.body), res.headers];
    });
}

function bodyText(body: unknown): string | undefined {
  if (body === undefined || body === null || body === '') return undefined;
  return typeof body === 'string' ? body : JSON.stringify(body);
}

function send(res: ServerResponse, r: FakeResponse): void {
  res.writeHead(r.status, r.headers);
  res.end(r.body === undefined ? undefined : Buffer.from(r.body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export interface Served {
  api: string;
  blob: string;
  close(): Promise<void>;
}

/**
 * Two HTTP servers on 127.0.0.1: the API and, on another port reached as `localhost` (another
 * origin, as GitHub's blob storage is), the blob host. Requests are handled concurrently.
 */
export async function serveWithHttp(make: (blobOrigin: string) => FakeGitHub): Promise<Served & { gh: FakeGitHub }> {
  const holder: { gh?: FakeGitHub } = {};
  const blobServer = http.createServer((req, res) => {
    void holder.gh!.handleBlob({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers }).then((r) => send(res, r));
  });
  await new Promise<void>((r) => blobServer.listen(0, '127.0.0.1', r));
  const blob = `http://localhost:${(blobServer.address() as AddressInfo).port}`;
  const gh = make(blob);
  holder.gh = gh;
  const apiServer = http.createServer((req, res) => {
    void readBody(req)
      .then((body) => gh.handle({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, ...(body ? { body } : {}) }))
      .then((r) => send(res, r))
      .catch((err: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: String(err) }));
      });
  });
  await new Promise<void>((r) => apiServer.listen(0, '127.0.0.1', r));
  const api = `http://127.0.0.1:${(apiServer.address() as AddressInfo).port}`;
  return {
    gh,
    api,
    blob,
    close: async () => {
      await new Promise((r) => apiServer.close(r));
      await new Promise((r) => blobServer.close(r));
    },
  };
}
