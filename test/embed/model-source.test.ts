/**
 * Models are data from git (issue 12, item 3): a repository model is read from git objects at the trusted
 * revision, never from the work tree; weight paths stay inside the model's folder; model files must be
 * regular blobs (no symlinks, no submodules); sizes are capped; URLs are https only, size-capped and on a
 * deadline. Every refusal is one line naming the model file and the reason, and comes within seconds.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import * as tfjs from '@tensorflow/tfjs';
import { GitRepo } from '../../src/data/git.js';
import { readModelFiles, weightPaths, type ModelSource } from '../../src/embed/source.js';
import { UserError } from '../../src/errors.js';
import { makeRepo, type TempRepo } from '../data/git-helpers.js';
import { saveLayersModel, tinyImageModel, tmpDir } from './helpers.js';

let repo: TempRepo;
let git: GitRepo;
let base: string;
let modelJson: string;
let weights: Buffer;
let scratch: string;

async function refusal(spec: string, source: ModelSource | undefined, limits = {}): Promise<string> {
  const t0 = Date.now();
  const err = await readModelFiles(spec, source, limits).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(Date.now() - t0).toBeLessThan(5000);
  expect(err).toBeInstanceOf(UserError);
  const msg = (err as Error).message;
  expect(msg).not.toContain('\n');
  return msg;
}

beforeAll(async () => {
  await tfjs.setBackend('cpu');
  scratch = tmpDir('model-source');
  const m = tinyImageModel(tfjs, 3);
  const file = await saveLayersModel(m, path.join(scratch, 'm'), tfjs);
  m.dispose();
  modelJson = fs.readFileSync(file, 'utf8');
  weights = fs.readFileSync(path.join(scratch, 'm', 'weights.bin'));
  repo = makeRepo('tr-model-source-');
  repo.write('models/m/model.json', modelJson);
  repo.write('models/m/weights.bin', weights);
  const evil = (p: string): string =>
    JSON.stringify({ ...JSON.parse(modelJson), weightsManifest: [{ paths: [p], weights: JSON.parse(modelJson).weightsManifest[0].weights }] });
  repo.write('models/escape/model.json', evil('../../../../etc/hostname'));
  repo.write('models/devzero/model.json', evil('/dev/zero'));
  repo.write('models/sibling/model.json', evil('../m/weights.bin'));
  repo.write('models/linkedweights/model.json', modelJson);
  fs.symlinkSync('/etc/hostname', path.join(repo.dir, 'models/linkedweights/weights.bin'));
  fs.mkdirSync(path.join(repo.dir, 'models/linked'), { recursive: true });
  fs.symlinkSync('../m/model.json', path.join(repo.dir, 'models/linked/model.json'));
  repo.write('models/big/model.json', modelJson);
  repo.write('models/big/weights.bin', Buffer.alloc(weights.length + 4096, 1));
  base = repo.commit('base: models');
  // a submodule (gitlink) where a model or weight file would be
  repo.git('update-index', '--add', '--cacheinfo', `160000,${base},models/sub/model.json`);
  repo.git('commit', '-q', '-m', 'submodule');
  base = repo.git('rev-parse', 'HEAD').trim();
  // the work tree differs from the commit: an uncommitted model and a modified one
  repo.write('models/uncommitted/model.json', modelJson);
  repo.write('models/uncommitted/weights.bin', weights);
  repo.write('models/m/weights.bin', Buffer.alloc(weights.length, 0));
  git = await GitRepo.open(repo.dir);
});

afterAll(() => {
  repo.cleanup();
  fs.rmSync(scratch, { recursive: true, force: true });
});

const src = (): ModelSource => ({ kind: 'git', repo: git, rev: base, label: 'base' });

describe('repository models are read from git at the trusted revision', () => {
  it('reads model.json and its weights from the commit, not the work tree', async () => {
    const files = await readModelFiles('models/m/model.json', src());
    expect(files.format).toBe('tfjs');
    if (files.format !== 'tfjs') return;
    // the committed weights, although the work tree's weights.bin was overwritten with zeros
    expect(Buffer.from(files.weights).equals(weights)).toBe(true);
    expect(files.identity).toMatch(/^model-sha256:[0-9a-f]{64}$/);
    expect(files.bytes).toBe(Buffer.byteLength(modelJson) + weights.length);
  });

  it('an uncommitted model is not found (the work tree is never read)', async () => {
    expect(fs.existsSync(path.join(repo.dir, 'models/uncommitted/model.json'))).toBe(true);
    expect(await refusal('models/uncommitted/model.json', src())).toMatch(
      new RegExp(
        `^pretrained\\.model models/uncommitted/model\\.json: not found in the repository at base ${base.slice(0, 12)} \\(repository models are read from git at the trusted revision, not from the work tree\\)$`,
      ),
    );
  });

  it('without a git source a repository path is refused', async () => {
    expect(await refusal('models/m/model.json', undefined)).toBe(
      'pretrained.model models/m/model.json: a repository model is read from git at the trusted revision, and none was given',
    );
  });

  it('refuses weight paths that leave the model folder', async () => {
    expect(await refusal('models/escape/model.json', src())).toBe(
      "pretrained.model models/escape/model.json: weight file '../../../../etc/hostname' is outside the model's folder models/escape",
    );
    expect(await refusal('models/sibling/model.json', src())).toBe(
      "pretrained.model models/sibling/model.json: weight file '../m/weights.bin' is outside the model's folder models/sibling",
    );
    expect(await refusal('models/devzero/model.json', src())).toBe(
      "pretrained.model models/devzero/model.json: weight file '/dev/zero' is not a relative path inside the model's folder models/devzero",
    );
  });

  it('refuses symlinks and submodules, for the model file and for weight files', async () => {
    expect(await refusal('models/linked/model.json', src())).toBe(
      'pretrained.model models/linked/model.json: is a symlink (git mode 120000); models are read from regular files only',
    );
    expect(await refusal('models/linkedweights/model.json', src())).toBe(
      'pretrained.model models/linkedweights/model.json: weight file models/linkedweights/weights.bin is a symlink (git mode 120000); models are read from regular files only',
    );
    expect(await refusal('models/sub/model.json', src())).toBe('pretrained.model models/sub/model.json: is a submodule (gitlink), not a file');
    expect(await refusal('models/m', src())).toBe('pretrained.model models/m: is a folder, not a file');
  });

  it('caps the size of the model files, before reading them', async () => {
    const total = Buffer.byteLength(modelJson) + weights.length;
    const files = await readModelFiles('models/m/model.json', src(), { maxBytes: total });
    expect(files.bytes).toBe(total);
    expect(await refusal('models/big/model.json', src(), { maxBytes: total })).toMatch(
      /^pretrained\.model models\/big\/model\.json: model\.json and its 1 weight file\(s\) total [\d.]+ KiB, over the model size limit of [\d.]+ KiB \(pretrained\.max-bytes\)$/,
    );
    expect(await refusal('models/m/model.json', src(), { maxBytes: 100 })).toMatch(
      /^pretrained\.model models\/m\/model\.json: is [\d.]+ KiB, over the model size limit of 100 B \(pretrained\.max-bytes\)$/,
    );
  });

  it('refuses paths that are not inside the repository', async () => {
    expect(await refusal('../outside/model.json', src())).toBe('pretrained.model ../outside/model.json: must not contain ..');
    expect(await refusal('/etc/model.json', src())).toBe('pretrained.model /etc/model.json: must be relative to the repository root');
  });

  it('weightPaths resolves relative to the model folder', () => {
    const json = { weightsManifest: [{ paths: ['a.bin', 'sub/b.bin', './c.bin'], weights: [] }] };
    expect(weightPaths('m', json, 'models/x/model.json')).toEqual(['models/x/a.bin', 'models/x/sub/b.bin', 'models/x/c.bin']);
    expect(weightPaths('m', json, 'model.json')).toEqual(['a.bin', 'sub/b.bin', 'c.bin']);
    expect(() => weightPaths('m', { weightsManifest: [{ paths: ['x\\..\\..\\y'], weights: [] }] }, 'models/x/model.json')).toThrow(
      /is not a relative path inside the model's folder/,
    );
    expect(() => weightPaths('m', { weightsManifest: [{ paths: ['https://evil.test/w.bin'], weights: [] }] }, 'models/x/model.json')).toThrow(
      /is not a relative path/,
    );
  });
});

describe('URL models: https only, capped, on a deadline', () => {
  /** A fake network: path → response. */
  function net(routes: Record<string, () => Response | Promise<Response>>): { fetch: typeof fetch; calls: string[] } {
    const calls: string[] = [];
    const f = (async (url: string | URL, init?: RequestInit) => {
      calls.push(String(url));
      const r = routes[String(url)];
      if (!r) return new Response('nope', { status: 404, statusText: 'Not Found' });
      if (init?.signal?.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
      return r();
    }) as typeof fetch;
    return { fetch: f, calls };
  }

  it('refuses http URLs, in the config and in redirects', async () => {
    expect(await refusal('http://models.test/m/model.json', undefined)).toBe('pretrained.model http://models.test/m/model.json: only https URLs are allowed');
    const n = net({ 'https://models.test/m/model.json': () => new Response(null, { status: 302, headers: { location: 'http://models.test/m/model.json' } }) });
    expect(await refusal('https://models.test/m/model.json', undefined, { fetch: n.fetch })).toBe(
      'pretrained.model https://models.test/m/model.json: http://models.test/m/model.json: only https URLs are allowed',
    );
  });

  it('follows https redirects and reads the weights next to model.json', async () => {
    const n = net({
      'https://models.test/m/model.json': () => new Response(null, { status: 301, headers: { location: '/v2/model.json' } }),
      'https://models.test/v2/model.json': () => new Response(modelJson),
      'https://models.test/m/weights.bin': () => new Response(weights),
    });
    const files = await readModelFiles('https://models.test/m/model.json', undefined, { fetch: n.fetch });
    expect(files.format).toBe('tfjs');
    expect(n.calls).toEqual(['https://models.test/m/model.json', 'https://models.test/v2/model.json', 'https://models.test/m/weights.bin']);
  });

  it('counts the bytes as they arrive: a declared or an undeclared oversized body is refused', async () => {
    const declared = net({ 'https://models.test/x.onnx': () => new Response('x', { headers: { 'content-length': String(10 * 1024 * 1024) } }) });
    expect(await refusal('https://models.test/x.onnx', undefined, { fetch: declared.fetch, maxBytes: 1024 * 1024 })).toBe(
      "pretrained.model https://models.test/x.onnx: https://models.test/x.onnx is 10.0 MiB: the model's files exceed the model size limit of 1.0 MiB (pretrained.max-bytes)",
    );
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(c) {
        sent += 65536;
        c.enqueue(new Uint8Array(65536));
      },
    });
    const stream = net({ 'https://models.test/zero.onnx': () => new Response(endless) });
    expect(await refusal('https://models.test/zero.onnx', undefined, { fetch: stream.fetch, maxBytes: 1024 * 1024 })).toBe(
      "pretrained.model https://models.test/zero.onnx: https://models.test/zero.onnx: the model's files exceed the model size limit of 1.0 MiB (pretrained.max-bytes)",
    );
    expect(sent).toBeLessThan(2 * 1024 * 1024);
  });

  it('a server that never finishes hits the deadline', async () => {
    const slow = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new Uint8Array(10));
      },
    });
    const n = net({ 'https://models.test/slow.onnx': () => new Response(slow) });
    const f = (async (url: string | URL, init?: RequestInit) => {
      const r = await n.fetch(url, init);
      // abort the body when the deadline fires, as fetch does
      const reader = r.body!.getReader();
      const body = new ReadableStream<Uint8Array>({
        async pull(c) {
          const next = await Promise.race([
            reader.read(),
            new Promise<never>((_, rej) => init?.signal?.addEventListener('abort', () => rej(Object.assign(new Error('timeout'), { name: 'TimeoutError' })))),
          ]);
          if (next.done) c.close();
          else c.enqueue(next.value);
        },
      });
      return new Response(body);
    }) as typeof fetch;
    expect(await refusal('https://models.test/slow.onnx', undefined, { fetch: f, timeoutMs: 300 })).toBe(
      'pretrained.model https://models.test/slow.onnx: cannot download https://models.test/slow.onnx (timed out after 300 ms)',
    );
  });
});
