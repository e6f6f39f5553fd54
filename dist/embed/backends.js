/**
 * Engine selection: ONNX Runtime (`onnx-cuda`, `onnx`) and the TensorFlow.js backends.
 *
 * `auto` takes the fastest engine that loads for the model's format (`autoOrder`):
 *   ONNX model:                   onnx-cuda → onnx
 *   TF.js LayersModel (converts): tensorflow-gpu → tensorflow → onnx-cuda → onnx → wasm → cpu
 *   TF.js GraphModel, or a LayersModel with a layer the converter does not know, and the built-in
 *   audio/text embeddings:        tensorflow-gpu → tensorflow → wasm → cpu
 * A forced backend that cannot load, or cannot run the model's format, fails with one line naming what is
 * missing and how to fix it.
 *
 * The ONNX engines still carry a TensorFlow.js backend (`LoadedBackend.tf`, chosen as `auto` among the
 * TF.js ones) for the tensor ops that are not the model: augmentation, log-mel spectrograms.
 *
 * The native packages cannot be installed everywhere (their install step downloads libtensorflow), so
 * they are resolved at run time with a dynamic import and never appear in `dependencies`.
 *
 * The tfjs engine is a process-wide singleton (it lives on the global object), so the selected backend is
 * initialized once per process by `initBackend()`; `selectBackend()` is the pure selection logic and takes
 * injectable loaders so that tests can exercise order, fallbacks and failures without native packages.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError, errorMessage } from '../errors.js';
import { loadOrtEngine } from './onnx/runtime.js';
/** The TensorFlow.js backends `auto` tries, in order. */
export const AUTO_ORDER = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];
export const ONNX_BACKENDS = ['onnx-cuda', 'onnx'];
export function isOnnxBackend(b) {
    return b === 'onnx' || b === 'onnx-cuda';
}
/** The order `auto` tries engines in, for a model of this format. */
export function autoOrder(format) {
    switch (format) {
        case 'onnx':
            return [...ONNX_BACKENDS];
        case 'tfjs-convertible':
            return ['tensorflow-gpu', 'tensorflow', ...ONNX_BACKENDS, 'wasm', 'cpu'];
        default:
            return [...AUTO_ORDER];
    }
}
/** A backend that cannot load; the message is one line naming what is missing and how to fix it. */
export class BackendUnavailableError extends UserError {
    backend;
    constructor(backend, message) {
        super(message);
        this.backend = backend;
        this.name = 'BackendUnavailableError';
    }
}
const PACKAGES = {
    'onnx-cuda': 'onnxruntime-node',
    onnx: 'onnxruntime-node',
    'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
    tensorflow: '@tensorflow/tfjs-node',
    wasm: '@tensorflow/tfjs-backend-wasm',
    cpu: '@tensorflow/tfjs',
};
/** How to get a backend working, for the one-line error. */
export function installHint(backend) {
    switch (backend) {
        case 'onnx-cuda':
            return ('on a Linux x64 runner with an NVIDIA driver >= 525, CUDA 12 and cuDNN 9, install the CUDA provider with ' +
                '`ONNXRUNTIME_NODE_INSTALL=cuda12 npm install onnxruntime-node@1.30.0` (see docs/gpu-runner.md)');
        case 'onnx':
            return 'onnxruntime-node is a dependency of transfer-risk: reinstall it with `npm ci` (Linux, macOS or Windows; x64 or arm64)';
        case 'tensorflow-gpu':
            return ('on a CUDA runner (Linux x64, NVIDIA driver >= 450, CUDA 11.2, cuDNN 8.1) run ' +
                '`npm install @tensorflow/tfjs-node-gpu@4.22.0` where the action or CLI is installed (see docs/gpu-runner.md)');
        case 'tensorflow':
            return 'run `npm install @tensorflow/tfjs-node@4.22.0` (Linux/macOS/Windows x64; downloads libtensorflow at install time)';
        case 'wasm':
            return 'run `npm install @tensorflow/tfjs-backend-wasm@4.22.0`';
        case 'cpu':
            return 'run `npm install @tensorflow/tfjs@4.22.0`';
    }
}
function firstLine(s) {
    return (s
        .split('\n')
        .find((l) => l.trim() !== '')
        ?.trim() ?? s);
}
function unavailable(backend, what) {
    return new BackendUnavailableError(backend, `backend ${backend}: ${what}; ${installHint(backend)}`);
}
/**
 * Resolve a package the way the installed tool sees it: from this module (the tool's node_modules and
 * their parents, plus every NODE_PATH folder). Never from the working directory: that may be a checkout
 * of the pull request being judged, and a package found there would run the pull request's code.
 */
export function resolvePackage(name, from = [import.meta.url]) {
    for (const base of from) {
        try {
            return createRequire(base).resolve(name);
        }
        catch {
            // try the next base
        }
    }
    return undefined;
}
async function importTfjs() {
    const mod = (await import('@tensorflow/tfjs'));
    // tf.node.js is CommonJS: the namespace may arrive as `default`
    return (typeof mod.setBackend === 'function' ? mod : mod.default) ?? mod;
}
function quiet(tf) {
    // PROD: no debug checks and no "install tfjs-node" console warnings from the cpu backend
    try {
        tf.env().set('PROD', true);
    }
    catch {
        // flag may be registered differently in a foreign tfjs copy; harmless
    }
}
async function loadNative(backend, from) {
    const pkg = PACKAGES[backend];
    const resolved = resolvePackage(pkg, from);
    if (!resolved)
        throw unavailable(backend, `${pkg} is not installed`);
    let mod;
    try {
        mod = (await import(pathToFileURL(resolved).href));
    }
    catch (err) {
        throw unavailable(backend, `${pkg} is installed but failed to load (${firstLine(errorMessage(err))})`);
    }
    const tf = (typeof mod.setBackend === 'function' ? mod : mod.default);
    if (!tf || typeof tf.setBackend !== 'function')
        throw unavailable(backend, `${pkg} did not export the tfjs API`);
    quiet(tf);
    const ok = await tf.setBackend('tensorflow').catch(() => false);
    if (!ok)
        throw unavailable(backend, `${pkg} loaded but its 'tensorflow' backend did not initialize`);
    await tf.ready();
    const be = tf.backend();
    const gpu = Boolean(be.isUsingGpuDevice);
    const device = gpu ? 'GPU (CUDA)' : backend === 'tensorflow-gpu' ? 'CPU (tfjs-node-gpu found no usable CUDA device)' : 'CPU';
    return { tf, backend, tfBackend: tf.getBackend(), device };
}
let wasmPathsSet = false;
async function loadWasm() {
    const pkg = PACKAGES.wasm;
    const resolved = resolvePackage(pkg);
    if (!resolved)
        throw unavailable('wasm', `${pkg} is not installed`);
    const tf = await importTfjs();
    quiet(tf);
    let wasmMod;
    try {
        wasmMod = (await import('@tensorflow/tfjs-backend-wasm'));
    }
    catch (err) {
        throw unavailable('wasm', `${pkg} failed to load (${firstLine(errorMessage(err))})`);
    }
    const setWasmPaths = wasmMod.setWasmPaths ?? wasmMod.default?.setWasmPaths;
    if (!wasmPathsSet) {
        // In Node the emscripten loader reads the binary with fs when given a plain directory prefix
        // (with a trailing separator); the package's main file lives in that same dist/ folder.
        setWasmPaths(path.dirname(resolved) + path.sep);
        wasmPathsSet = true;
    }
    const ok = await tf.setBackend('wasm').catch(() => false);
    if (!ok)
        throw unavailable('wasm', `${pkg} is installed but its WebAssembly binary did not initialize`);
    await tf.ready();
    const simd = await tf
        .env()
        .getAsync('WASM_HAS_SIMD_SUPPORT')
        .catch(() => false);
    return { tf, backend: 'wasm', tfBackend: tf.getBackend(), device: simd ? 'CPU (WASM SIMD)' : 'CPU (WASM)' };
}
async function loadCpu() {
    let tf;
    try {
        tf = await importTfjs();
    }
    catch (err) {
        throw unavailable('cpu', `@tensorflow/tfjs failed to load (${firstLine(errorMessage(err))})`);
    }
    quiet(tf);
    const ok = await tf.setBackend('cpu').catch(() => false);
    if (!ok)
        throw unavailable('cpu', 'the tfjs cpu backend did not initialize');
    await tf.ready();
    return { tf, backend: 'cpu', tfBackend: tf.getBackend(), device: 'CPU' };
}
/**
 * Loader of a native package (@tensorflow/tfjs-node-gpu / -node), resolved from `from` (files or
 * directories to resolve relative to; default: this module, which honors NODE_PATH; never the cwd).
 */
export function nativeLoader(backend, from) {
    return () => loadNative(backend, from);
}
/** An ONNX Runtime engine, with the process-wide TF.js backend (auto) for the ops that are not the model. */
async function loadOnnx(backend) {
    const provider = backend === 'onnx-cuda' ? 'cuda' : 'cpu';
    let ort;
    try {
        ort = await loadOrtEngine(provider);
    }
    catch (err) {
        throw unavailable(backend, firstLine(errorMessage(err)));
    }
    const helper = await initBackend('auto', { format: 'none' });
    return { tf: helper.tf, backend, tfBackend: helper.tfBackend, device: ort.device, engine: 'onnxruntime', ort, helper };
}
export const defaultLoaders = {
    'onnx-cuda': () => loadOnnx('onnx-cuda'),
    onnx: () => loadOnnx('onnx'),
    'tensorflow-gpu': nativeLoader('tensorflow-gpu'),
    tensorflow: nativeLoader('tensorflow'),
    wasm: loadWasm,
    cpu: loadCpu,
};
/** Why `backend` cannot run a model of `format`, or undefined when it can. */
export function incompatibility(backend, format, model = 'the model', notConvertible) {
    if (isOnnxBackend(backend)) {
        if (format === 'tfjs')
            return `backend ${backend}: ${model} cannot run on ONNX Runtime (${notConvertible ?? 'a TF.js GraphModel is not converted to ONNX'}); use backend auto, tensorflow or wasm`;
        return undefined;
    }
    if (format === 'onnx')
        return `backend ${backend}: ${model} is an ONNX model, which the TensorFlow.js backends cannot run; use backend auto, onnx or onnx-cuda`;
    return undefined;
}
/**
 * Pick and initialize a backend. Forced: that one or a BackendUnavailableError. Auto: the first of
 * `autoOrder(format)` that loads; the reasons of those that did not are logged at debug level.
 */
export async function selectBackend(requested, opts = {}) {
    const loaders = { ...defaultLoaders, ...opts.loaders };
    const format = opts.format ?? 'none';
    if (requested !== 'auto') {
        if (!(requested in loaders)) {
            throw new UserError(`unknown backend '${String(requested)}'; use one of auto, ${[...ONNX_BACKENDS, ...AUTO_ORDER].join(', ')}`);
        }
        const why = incompatibility(requested, format, opts.model, opts.notConvertible);
        if (why)
            throw new UserError(why);
        try {
            return await loaders[requested]();
        }
        catch (err) {
            if (err instanceof BackendUnavailableError)
                throw err;
            throw unavailable(requested, `failed to initialize (${firstLine(errorMessage(err))})`);
        }
    }
    const reasons = [];
    for (const name of autoOrder(format)) {
        try {
            const loaded = await loaders[name]();
            for (const r of reasons)
                opts.log?.debug(`backend auto: skipped ${r}`);
            return loaded;
        }
        catch (err) {
            reasons.push(firstLine(errorMessage(err)));
        }
    }
    const what = format === 'onnx' ? 'no ONNX Runtime engine' : format === 'tfjs-convertible' ? 'no engine' : 'no TensorFlow.js backend';
    throw new UserError(`backend auto: ${what} could load (${reasons.join(' | ')})`);
}
/* ---------- process-wide, once-initialized backend ---------- */
let active;
const onnxLoaded = new Map();
/**
 * The process-wide TF.js backend. The first call initializes it; later calls with the same request (or
 * `auto`) share it. A later *forced* request for a different backend switches the engine to it
 * (tfjs moves tensor data between backends lazily) — normal runs use one backend per process.
 */
async function initTfjs(requested, opts) {
    if (active) {
        const current = await active.promise.catch(() => undefined);
        if (current && (requested === 'auto' || requested === current.backend || requested === active.requested)) {
            // a backend switched away by someone else is switched back
            if (current.tf.getBackend() !== current.tfBackend)
                await current.tf.setBackend(current.tfBackend);
            return current;
        }
    }
    const promise = selectBackend(requested, { ...opts, format: 'none' });
    active = { requested, promise };
    try {
        return await promise;
    }
    catch (err) {
        if (active?.promise === promise)
            active = undefined;
        throw err;
    }
}
/** An ONNX Runtime engine, loaded once per process (a failure is not kept: the next call tries again). */
function initOnnx(backend) {
    let p = onnxLoaded.get(backend);
    if (!p) {
        p = defaultLoaders[backend]();
        onnxLoaded.set(backend, p);
        p.catch(() => onnxLoaded.delete(backend));
    }
    return p;
}
/**
 * The engine for a model of `opts.format` (process-wide: engines are loaded once). Forced: that one, or
 * a one-line error when it cannot load or cannot run the format. Auto: see `autoOrder`; a native TF.js
 * backend is only tried when its package is installed, so a failed attempt never disturbs the TF.js
 * backend already in use.
 */
export async function initBackend(requested, opts = {}) {
    if (opts.loaders)
        return selectBackend(requested, opts);
    const format = opts.format ?? 'none';
    if (requested !== 'auto') {
        if (!(requested in defaultLoaders))
            return selectBackend(requested, opts);
        const why = incompatibility(requested, format, opts.model, opts.notConvertible);
        if (why)
            throw new UserError(why);
        return isOnnxBackend(requested) ? initOnnx(requested) : initTfjs(requested, opts);
    }
    if (format === 'none' || format === 'tfjs')
        return initTfjs('auto', opts);
    const reasons = [];
    const log = () => {
        for (const r of reasons)
            opts.log?.debug(`backend auto: skipped ${r}`);
    };
    if (format === 'tfjs-convertible') {
        const current = active ? await active.promise.catch(() => undefined) : undefined;
        if (current && (current.backend === 'tensorflow-gpu' || current.backend === 'tensorflow'))
            return current;
        for (const name of ['tensorflow-gpu', 'tensorflow']) {
            if (!resolvePackage(PACKAGES[name])) {
                reasons.push(`backend ${name}: ${PACKAGES[name]} is not installed`);
                continue;
            }
            try {
                const loaded = await initTfjs(name, opts);
                log();
                return loaded;
            }
            catch (err) {
                reasons.push(firstLine(errorMessage(err)));
            }
        }
    }
    for (const name of ONNX_BACKENDS) {
        try {
            const loaded = await initOnnx(name);
            log();
            return loaded;
        }
        catch (err) {
            reasons.push(firstLine(errorMessage(err)));
        }
    }
    if (format === 'onnx')
        throw new UserError(`backend auto: no ONNX Runtime engine could load (${reasons.join(' | ')})`);
    log();
    return initTfjs('auto', opts);
}
/** The currently initialized TF.js backend, if any (tests, bench). */
export async function currentBackend() {
    return active?.promise.catch(() => undefined);
}
