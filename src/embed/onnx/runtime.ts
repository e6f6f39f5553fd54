/**
 * ONNX Runtime (onnxruntime-node) as an embedding engine: CPU (intra-op threads = the cores this process
 * may use) or the CUDA execution provider.
 *
 * onnxruntime-node ships its CPU binaries inside the npm package. Its CUDA provider
 * (libonnxruntime_providers_cuda.so, Linux x64, CUDA 12 + cuDNN 9) is not in the package: the package's
 * install script downloads it unless told to skip, and this project's .npmrc runs no install script
 * (ignore-scripts=true), so a plain `npm ci` works offline. docs/gpu-runner.md shows how to install the provider on a GPU runner.
 */
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Ort from 'onnxruntime-node';
import { errorMessage } from '../../errors.js';

export type OrtModule = typeof Ort;
export type ExecutionProvider = 'cpu' | 'cuda';

export interface OrtEngine {
  ort: OrtModule;
  provider: ExecutionProvider;
  threads: number;
  /** e.g. 'CPU (ONNX Runtime, 2 threads)', 'GPU (CUDA, ONNX Runtime)' */
  device: string;
  version: string;
  createSession(model: Uint8Array): Promise<Ort.InferenceSession>;
}

export const CUDA_PROVIDER_LIB = 'libonnxruntime_providers_cuda.so';

/** The cores this process may run on (affinity-aware). */
export function availableCores(): number {
  const n = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, n);
}

function packageRootOf(main: string): string | undefined {
  let dir = path.dirname(main);
  for (let i = 0; i < 4; i++) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    dir = path.dirname(dir);
  }
  return undefined;
}

function ortRoot(): string | undefined {
  try {
    return packageRootOf(createRequire(import.meta.url).resolve('onnxruntime-node'));
  } catch {
    return undefined; // not installed
  }
}

/**
 * Copies of onnxruntime-node this process may load, in order: transfer-risk's own, then one in each
 * NODE_PATH folder. The CUDA engine takes the first that has the CUDA provider (a GPU runner installs
 * such a copy once, outside the action: docs/gpu-runner.md). Never the working directory's: that may
 * be a checkout of the pull request being judged.
 */
export function ortCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const out: string[] = [];
  const own = ortRoot();
  if (own) out.push(own);
  for (const dir of (env.NODE_PATH ?? '').split(path.delimiter).filter(Boolean)) out.push(path.join(dir, 'onnxruntime-node'));
  return [...new Set(out.map((p) => path.resolve(p)))].filter((p) => fs.existsSync(path.join(p, 'package.json')));
}

/** Where onnxruntime-node keeps its native libraries for this platform. */
export function ortBinDir(root = ortRoot()): string | undefined {
  return root ? path.join(root, 'bin', 'napi-v6', process.platform, process.arch) : undefined;
}

const modules = new Map<string, Promise<OrtModule>>();

/** Import onnxruntime-node (transfer-risk's own copy, or the one at `root`). */
export async function importOrt(root?: string): Promise<OrtModule> {
  const key = root ?? '';
  let p = modules.get(key);
  if (!p) {
    const load = root ? import(pathToFileURL(createRequire(path.join(root, 'package.json')).resolve('./')).href) : import('onnxruntime-node');
    p = load.then((m) => ((m as { default?: OrtModule }).default ?? m) as OrtModule);
    modules.set(key, p);
  }
  try {
    return await p;
  } catch (err) {
    modules.delete(key);
    throw err;
  }
}

function sessionOptions(provider: ExecutionProvider, threads: number): Ort.InferenceSession.SessionOptions {
  return {
    executionProviders: provider === 'cuda' ? [{ name: 'cuda', deviceId: 0 } as Ort.InferenceSession.ExecutionProviderConfig, 'cpu'] : ['cpu'],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    enableCpuMemArena: true,
    enableMemPattern: true,
    logSeverityLevel: 3,
    // intra-op threads sleep between operators instead of spinning: decoding (sharp), the embedding cache
    // and the main thread share these cores with the engine, and spinning threads take their time (measured
    // on 2 shared cores: raw throughput up too, the embeddings bit for bit the same)
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  };
}

/**
 * A one-node model (y = x + x, float[1]) to check that a provider can build a session: encoded by
 * src/embed/onnx/proto.ts encodeModel() (test/embed/onnx-runtime.test.ts decodes and checks it).
 */
export const PROBE_MODEL_BASE64 = 'CAcSDXRyYW5zZmVyLXJpc2s6PgoTCgF4CgF4EgF5GgNhZGQiA0FkZBIFcHJvYmVaDwoBeBIKCggIARIECgIIAWIPCgF5EgoKCAgBEgQKAggBQgQKABAN';

function probeModel(): Uint8Array {
  return Uint8Array.from(Buffer.from(PROBE_MODEL_BASE64, 'base64'));
}

/**
 * TRANSFER_RISK_ONNX_THREADS: intra-op threads for ONNX Runtime on the CPU, when the cores are shared with
 * other work (a self-hosted runner running several jobs): ONNX Runtime's thread pool waits for its slowest
 * thread at every operator, so threads that compete for cores lose more than they gain. Default: the cores
 * this process may use.
 */
export function envThreads(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const v = env.TRANSFER_RISK_ONNX_THREADS;
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 1024) throw new Error(`TRANSFER_RISK_ONNX_THREADS must be a whole number from 1 to 1024 (got ${JSON.stringify(v)})`);
  return n;
}

export interface LoadOrtOptions {
  threads?: number;
  /** replaces the provider-file check (tests) */
  binDir?: string;
}

/** Load ONNX Runtime for `provider`; throws an Error whose message says what is missing. */
export async function loadOrtEngine(provider: ExecutionProvider, opts: LoadOrtOptions = {}): Promise<OrtEngine> {
  let root = ortRoot();
  if (!root) throw new Error('onnxruntime-node is not installed');
  if (provider === 'cuda') {
    if (process.platform !== 'linux' || process.arch !== 'x64')
      throw new Error(`the CUDA execution provider of onnxruntime-node exists for Linux x64 only (this is ${process.platform}/${process.arch})`);
    if (opts.binDir) {
      if (!fs.existsSync(path.join(opts.binDir, CUDA_PROVIDER_LIB)))
        throw new Error(`the CUDA execution provider is not installed (${CUDA_PROVIDER_LIB} is missing from ${opts.binDir})`);
    } else {
      const found = ortCandidates().find((r) => fs.existsSync(path.join(ortBinDir(r)!, CUDA_PROVIDER_LIB)));
      if (!found) throw new Error(`the CUDA execution provider is not installed (${CUDA_PROVIDER_LIB} is missing from ${ortBinDir(root)})`);
      root = found;
    }
  }
  let ort: OrtModule;
  try {
    ort = await importOrt(root === ortRoot() ? undefined : root);
  } catch (err) {
    throw new Error(`onnxruntime-node failed to load (${errorMessage(err).split('\n')[0]})`, { cause: err });
  }
  const threads = Math.max(1, Math.floor(opts.threads ?? envThreads() ?? availableCores()));
  const options = sessionOptions(provider, threads);
  if (provider === 'cuda') {
    try {
      const s = await ort.InferenceSession.create(probeModel(), {
        ...options,
        executionProviders: [{ name: 'cuda', deviceId: 0 } as Ort.InferenceSession.ExecutionProviderConfig],
      });
      await s.release();
    } catch (err) {
      throw new Error(
        `the CUDA execution provider did not initialize (${
          errorMessage(err)
            .split('\n')
            .find((l) => l.trim()) ?? 'unknown error'
        })`,
        { cause: err },
      );
    }
  }
  const version = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  return {
    ort,
    provider,
    threads,
    version,
    device: provider === 'cuda' ? 'GPU (CUDA, ONNX Runtime)' : `CPU (ONNX Runtime, ${threads} thread${threads === 1 ? '' : 's'})`,
    createSession: (model) => ort.InferenceSession.create(model, options),
  };
}

/**
 * A float32 ONNX Runtime tensor over `data` (no copy). onnxruntime-common checks the data with
 * `instanceof Float32Array` of its own realm, which differs from the caller's under a VM sandbox (jest), so
 * the view is made with the constructor ONNX Runtime itself uses.
 */
export function float32Tensor(ort: OrtModule, data: Float32Array, dims: number[]): Ort.Tensor {
  const F32 = (new ort.Tensor('float32', [0], [1]).data as Float32Array).constructor as Float32ArrayConstructor;
  const view: Float32Array = (data as unknown) instanceof F32 ? data : new F32(data.buffer as ArrayBuffer, data.byteOffset, data.length);
  return new ort.Tensor('float32', view, dims);
}
