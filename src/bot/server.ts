/**
 * The bot's HTTP server: Probot's webhook middleware behind a size cap. GitHub never sends a webhook
 * payload over 25 MB, so a larger body is refused (413) before it is read: a declared Content-Length
 * over the cap is answered at once, a body that grows past it is cut off, and nothing of it is kept
 * or logged. `GET /ping` answers `PONG`. Everything else is Probot's (signature check, handlers).
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { createNodeMiddleware, createProbot, type ApplicationFunction } from 'probot';
import { errorMessage } from '../errors.js';

/** GitHub's cap on webhook payloads. */
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;
export const WEBHOOK_PATH = '/api/github/webhooks';

export interface BotServer {
  server: http.Server;
  port: number;
  close(): Promise<void>;
}

export interface BotServerOptions {
  env?: NodeJS.ProcessEnv;
  /** default MAX_WEBHOOK_BYTES */
  maxBodyBytes?: number;
}

type ReadResult = { ok: true; body: string } | { ok: false; bytes: number };

/** Read the body, giving up (without keeping anything) once it passes `max` bytes. */
function readCapped(req: IncomingMessage, max: number): Promise<ReadResult> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let done = false;
    req.on('data', (c: Buffer) => {
      if (done) return;
      total += c.length;
      if (total > max) {
        done = true;
        chunks.length = 0;
        req.pause();
        resolve({ ok: false, bytes: total });
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      resolve({ ok: true, body: Buffer.concat(chunks).toString('utf8') });
    });
    req.on('error', (err) => {
      if (!done) reject(err);
    });
  });
}

function refuse(req: IncomingMessage, res: ServerResponse, status: number, error: string): void {
  res.on('finish', () => req.socket.destroy());
  res.writeHead(status, { 'content-type': 'application/json', connection: 'close' });
  res.end(JSON.stringify({ error }));
}

/** Start Probot (from Probot's environment: APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, GHE_HOST, …) behind the cap. */
export async function startBotServer(appFn: ApplicationFunction, opts: BotServerOptions = {}): Promise<BotServer> {
  const env = opts.env ?? process.env;
  const max = opts.maxBodyBytes ?? MAX_WEBHOOK_BYTES;
  // as Probot's own `run()`: info by default, JSON logs in production unless LOG_FORMAT says otherwise
  const probotEnv = { ...env, LOG_FORMAT: env.LOG_FORMAT || (env.NODE_ENV === 'production' ? 'json' : 'pretty') };
  const probot = createProbot({ env: probotEnv, overrides: { logLevel: (env.LOG_LEVEL || 'info') as 'info' } });
  const webhookPath = env.WEBHOOK_PATH || WEBHOOK_PATH;
  const middleware = await createNodeMiddleware(appFn, { probot, webhooksPath: webhookPath });
  // Probot makes its logger when it loads the app
  const log = probot.log;

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname.replace(/\/+$/, '') || '/';
    if (req.method === 'GET' && pathname === '/ping') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('PONG');
      return;
    }
    if (req.method === 'POST' && pathname === webhookPath) {
      const id = String(req.headers['x-github-delivery'] ?? '?').slice(0, 64);
      const declared = Number(req.headers['content-length']);
      if (Number.isFinite(declared) && declared > max) {
        log.warn(`refused webhook delivery ${id}: Content-Length ${declared} is over the ${max}-byte limit`);
        return refuse(req, res, 413, `payload over ${max} bytes`);
      }
      const read = await readCapped(req, max);
      if (!read.ok) {
        log.warn(`refused webhook delivery ${id}: the body passed the ${max}-byte limit`);
        return refuse(req, res, 413, `payload over ${max} bytes`);
      }
      // @octokit/webhooks' middleware takes a string body as the payload instead of reading the stream
      (req as IncomingMessage & { body?: string }).body = read.body;
    }
    await middleware(req, res, () => {
      if (!res.headersSent) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'Not found' }));
      }
    });
  };

  const server = http.createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      log.error(`request failed: ${errorMessage(err)}`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  const host = env.HOST || 'localhost';
  const port = env.PORT !== undefined && /^\d+$/.test(env.PORT.trim()) ? Number(env.PORT) : 3000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host }, () => resolve());
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  log.info(`Listening on http://${host}:${actualPort}`);
  if (env.WEBHOOK_PROXY_URL) await startWebhookProxy(env.WEBHOOK_PROXY_URL, `http://${host}:${actualPort}${webhookPath}`, log);
  return {
    server,
    port: actualPort,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}

/** A smee.io channel for local development (WEBHOOK_PROXY_URL), when smee-client is installed. */
async function startWebhookProxy(source: string, target: string, log: { info: (m: string) => void; warn: (m: string) => void }): Promise<void> {
  try {
    const name = 'smee-client';
    const mod = (await import(name)) as {
      SmeeClient?: new (o: object) => { start(): Promise<unknown> };
      default?: new (o: object) => { start(): Promise<unknown> };
    };
    const Smee = mod.SmeeClient ?? mod.default;
    if (!Smee) throw new Error('no SmeeClient export');
    await new Smee({ source, target, logger: console }).start();
    log.info(`forwarding webhooks from ${source}`);
  } catch (err) {
    log.warn(`WEBHOOK_PROXY_URL is set but smee-client is not usable (${errorMessage(err)}): run \`npm install --no-save smee-client\` for local development`);
  }
}
