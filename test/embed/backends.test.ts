import { afterAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import * as tfjs from '@tensorflow/tfjs';
import {
  AUTO_ORDER,
  autoOrder,
  BackendUnavailableError,
  incompatibility,
  initBackend,
  defaultLoaders,
  nativeLoader,
  resolvePackage,
  selectBackend,
  type BackendLoaders,
  type ConcreteBackend,
  type LoadedBackend,
  type Tf,
} from '../../src/embed/backends.js';
import { createEmbedder } from '../../src/embed/create.js';
import { availableCores, CUDA_PROVIDER_LIB, envThreads, loadOrtEngine, ortCandidates } from '../../src/embed/onnx/runtime.js';
import { UserError } from '../../src/errors.js';
import { tmpDir } from './helpers.js';

const fakeTf = {} as Tf;

/** Loaders that record their calls; `ok` lists the ones that load. */
function recording(ok: ConcreteBackend[]): { calls: string[]; loaders: BackendLoaders } {
  const calls: string[] = [];
  const make = (name: ConcreteBackend) => async (): Promise<LoadedBackend> => {
    calls.push(name);
    if (!ok.includes(name)) throw new BackendUnavailableError(name, `backend ${name}: not here; install it`);
    return { tf: fakeTf, backend: name, tfBackend: name === 'tensorflow-gpu' ? 'tensorflow' : name, device: name === 'tensorflow-gpu' ? 'GPU (CUDA)' : 'CPU' };
  };
  return {
    calls,
    loaders: {
      'onnx-cuda': make('onnx-cuda'),
      onnx: make('onnx'),
      'tensorflow-gpu': make('tensorflow-gpu'),
      tensorflow: make('tensorflow'),
      wasm: make('wasm'),
      cpu: make('cpu'),
    },
  };
}

describe('selectBackend', () => {
  it('auto tries tensorflow-gpu, tensorflow, wasm, cpu in that order', () => {
    expect(AUTO_ORDER).toEqual(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']);
  });

  it('auto takes the GPU when it loads and tries nothing else', async () => {
    const { calls, loaders } = recording(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']);
    const b = await selectBackend('auto', { loaders });
    expect(b.backend).toBe('tensorflow-gpu');
    expect(b.device).toBe('GPU (CUDA)');
    expect(calls).toEqual(['tensorflow-gpu']);
  });

  it('auto falls back in order to the first backend that loads', async () => {
    const { calls, loaders } = recording(['wasm', 'cpu']);
    const b = await selectBackend('auto', { loaders });
    expect(b.backend).toBe('wasm');
    expect(calls).toEqual(['tensorflow-gpu', 'tensorflow', 'wasm']);
  });

  it('auto reaches cpu last and logs the skipped reasons at debug level', async () => {
    const { calls, loaders } = recording(['cpu']);
    const debug: string[] = [];
    const b = await selectBackend('auto', { loaders, log: { info: () => {}, warn: () => {}, debug: (m) => debug.push(m) } });
    expect(b.backend).toBe('cpu');
    expect(calls).toEqual(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']);
    expect(debug).toHaveLength(3);
    expect(debug[0]).toContain('tensorflow-gpu');
  });

  it('auto fails with one line when nothing loads', async () => {
    const { loaders } = recording([]);
    await expect(selectBackend('auto', { loaders })).rejects.toThrow(UserError);
    await expect(selectBackend('auto', { loaders })).rejects.toThrow(/no TensorFlow.js backend could load/);
  });

  it('a forced backend is the only one tried', async () => {
    const { calls, loaders } = recording(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']);
    const b = await selectBackend('tensorflow', { loaders });
    expect(b.backend).toBe('tensorflow');
    expect(calls).toEqual(['tensorflow']);
  });

  it('a forced backend that cannot load fails and does not fall back', async () => {
    const { calls, loaders } = recording(['cpu']);
    await expect(selectBackend('wasm', { loaders })).rejects.toThrow(BackendUnavailableError);
    expect(calls).toEqual(['wasm']);
  });

  it('a loader that throws a plain error becomes a one-line BackendUnavailableError', async () => {
    const loaders: Partial<BackendLoaders> = {
      wasm: async () => {
        throw new Error('boom: wasm exploded\n    at somewhere (file.js:1:1)');
      },
    };
    const err = await selectBackend('wasm', { loaders }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendUnavailableError);
    expect((err as Error).message).toBe('backend wasm: failed to initialize (boom: wasm exploded); run `npm install @tensorflow/tfjs-backend-wasm@4.22.0`');
  });

  it('an unknown backend name is a usage error', async () => {
    await expect(selectBackend('metal' as never)).rejects.toThrow(/unknown backend 'metal'/);
  });

  // the real loaders: the native packages are not installed on this machine
  it.each([
    ['tensorflow-gpu', '@tensorflow/tfjs-node-gpu', /CUDA 11\.2, cuDNN 8\.1/],
    ['tensorflow', '@tensorflow/tfjs-node', /npm install @tensorflow\/tfjs-node@4\.22\.0/],
  ] as const)('forced %s without its package names the package and the install command on one line', async (name, pkg, hint) => {
    const err = await selectBackend(name).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendUnavailableError);
    const msg = (err as Error).message;
    expect(msg.startsWith(`backend ${name}: ${pkg} is not installed;`)).toBe(true);
    expect(msg).toMatch(hint);
    expect(msg).toContain('npm install');
    expect(msg).not.toContain('\n');
  });

  it('the real cpu loader initializes the tfjs cpu backend', async () => {
    const b = await defaultLoaders.cpu();
    expect(b.backend).toBe('cpu');
    expect(b.tf.getBackend()).toBe('cpu');
    expect(b.device).toBe('CPU');
  });
});

describe('native packages are resolved and imported at run time', () => {
  const root = tmpDir('native');
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  /** a stand-in @tensorflow/tfjs-node-gpu in <root>/<name>/node_modules with the given index.js */
  function fakePackage(name: string, pkg: string, indexJs: string): string[] {
    const dir = path.join(root, name, 'node_modules', ...pkg.split('/'));
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: pkg, version: '4.22.0', main: 'index.js' }));
    fs.writeFileSync(path.join(dir, 'index.js'), indexJs);
    return [path.join(root, name, 'entry.js')];
  }

  const fakeTfJs = (gpu: boolean): string => `
    let current = 'cpu';
    module.exports = {
      env: () => ({ set() {} }),
      setBackend: async (n) => { current = n; return n === 'tensorflow'; },
      ready: async () => {},
      getBackend: () => current,
      backend: () => ({ isUsingGpuDevice: ${gpu} }),
    };`;

  it('a package that loads and reports a GPU device gives device GPU (CUDA)', async () => {
    const from = fakePackage('gpu-ok', '@tensorflow/tfjs-node-gpu', fakeTfJs(true));
    const b = await nativeLoader('tensorflow-gpu', from)();
    expect(b.backend).toBe('tensorflow-gpu');
    expect(b.tfBackend).toBe('tensorflow');
    expect(b.device).toBe('GPU (CUDA)');
  });

  it('tfjs-node-gpu without a usable CUDA device still loads, and says so in the device', async () => {
    const from = fakePackage('gpu-nodevice', '@tensorflow/tfjs-node-gpu', fakeTfJs(false));
    const b = await nativeLoader('tensorflow-gpu', from)();
    expect(b.device).toBe('CPU (tfjs-node-gpu found no usable CUDA device)');
    const cpuPkg = fakePackage('cpu-ok', '@tensorflow/tfjs-node', fakeTfJs(false));
    expect((await nativeLoader('tensorflow', cpuPkg)()).device).toBe('CPU');
  });

  it('a package that is installed but cannot load its native library fails with the first line of the reason', async () => {
    const from = fakePackage(
      'gpu-broken',
      '@tensorflow/tfjs-node-gpu',
      `throw new Error('libcudart.so.11.0: cannot open shared object file: No such file or directory\\n  at dlopen');`,
    );
    const err = await selectBackend('tensorflow-gpu', { loaders: { 'tensorflow-gpu': nativeLoader('tensorflow-gpu', from) } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendUnavailableError);
    expect((err as Error).message).toMatch(
      /^backend tensorflow-gpu: @tensorflow\/tfjs-node-gpu is installed but failed to load \(libcudart\.so\.11\.0: cannot open shared object file: No such file or directory\); on a CUDA runner/,
    );
    expect((err as Error).message).not.toContain('\n');
  });
});

describe('createEmbedder records backend and device in meta', () => {
  it('uses the injected loader and reports its backend and device', async () => {
    await tfjs.setBackend('cpu');
    const calls: string[] = [];
    const gpu = async (): Promise<LoadedBackend> => {
      calls.push('tensorflow-gpu');
      return { tf: tfjs as unknown as Tf, backend: 'tensorflow-gpu', tfBackend: 'cpu', device: 'GPU (CUDA)' };
    };
    const e = await createEmbedder({
      modality: 'text',
      pretrained: { model: 'builtin:default', task: 'classification' },
      backend: 'auto',
      cacheDir: null,
      loaders: { 'tensorflow-gpu': gpu },
    });
    expect(calls).toEqual(['tensorflow-gpu']);
    expect(e.meta.backend).toBe('tensorflow-gpu');
    expect(e.meta.device).toBe('GPU (CUDA)');
    const set = await e.embed([{ id: 'a', contentHash: 'h1', text: 'hello world' }]);
    expect(set.ids).toEqual(['a']);
    await e.dispose();
  });

  it('a forced backend that cannot load makes createEmbedder fail with that one line', async () => {
    await expect(
      createEmbedder({
        modality: 'text',
        pretrained: { model: 'builtin:default', task: 'classification' },
        backend: 'tensorflow-gpu',
        cacheDir: null,
      }),
    ).rejects.toThrow(/^backend tensorflow-gpu: @tensorflow\/tfjs-node-gpu is not installed; .*npm install/);
  });
});

describe('engine selection by model format', () => {
  it('auto: ONNX models on onnx-cuda then onnx; TF.js LayersModels on native TF.js, then ONNX Runtime (converted), then wasm, cpu', () => {
    expect(autoOrder('onnx')).toEqual(['onnx-cuda', 'onnx']);
    expect(autoOrder('tfjs-convertible')).toEqual(['tensorflow-gpu', 'tensorflow', 'onnx-cuda', 'onnx', 'wasm', 'cpu']);
    expect(autoOrder('tfjs')).toEqual(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']);
    expect(autoOrder('none')).toEqual(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']);
  });

  it('auto on an ONNX model tries only ONNX Runtime, CUDA first', async () => {
    const { calls, loaders } = recording(['onnx', 'wasm', 'cpu']);
    const b = await selectBackend('auto', { loaders, format: 'onnx' });
    expect(b.backend).toBe('onnx');
    expect(calls).toEqual(['onnx-cuda', 'onnx']);
    const none = recording(['wasm', 'cpu']);
    await expect(selectBackend('auto', { loaders: none.loaders, format: 'onnx' })).rejects.toThrow(
      /^backend auto: no ONNX Runtime engine could load \(backend onnx-cuda: not here; install it \| backend onnx: not here; install it\)$/,
    );
    expect(none.calls).toEqual(['onnx-cuda', 'onnx']);
  });

  it('auto on a convertible TF.js model: the native TF.js backends first, then ONNX Runtime before wasm', async () => {
    const { calls, loaders } = recording(['onnx', 'wasm', 'cpu']);
    const b = await selectBackend('auto', { loaders, format: 'tfjs-convertible' });
    expect(b.backend).toBe('onnx');
    expect(calls).toEqual(['tensorflow-gpu', 'tensorflow', 'onnx-cuda', 'onnx']);
    const gpu = recording(['tensorflow-gpu', 'onnx']);
    expect((await selectBackend('auto', { loaders: gpu.loaders, format: 'tfjs-convertible' })).backend).toBe('tensorflow-gpu');
    const noOrt = recording(['wasm', 'cpu']);
    expect((await selectBackend('auto', { loaders: noOrt.loaders, format: 'tfjs-convertible' })).backend).toBe('wasm');
    expect(noOrt.calls).toEqual(['tensorflow-gpu', 'tensorflow', 'onnx-cuda', 'onnx', 'wasm']);
  });

  it('auto on a model ONNX Runtime cannot run never tries it', async () => {
    const { calls, loaders } = recording(['onnx', 'wasm']);
    expect((await selectBackend('auto', { loaders, format: 'tfjs' })).backend).toBe('wasm');
    expect(calls).toEqual(['tensorflow-gpu', 'tensorflow', 'wasm']);
  });

  it('a forced engine that cannot run the format fails before loading anything, naming the model', async () => {
    const { calls, loaders } = recording(['onnx', 'onnx-cuda', 'wasm', 'cpu']);
    await expect(selectBackend('wasm', { loaders, format: 'onnx', model: 'models/backbone.onnx' })).rejects.toThrow(
      /^backend wasm: models\/backbone\.onnx is an ONNX model, which the TensorFlow\.js backends cannot run; use backend auto, onnx or onnx-cuda$/,
    );
    await expect(
      selectBackend('onnx', {
        loaders,
        format: 'tfjs',
        model: 'models/m/model.json',
        notConvertible: 'layer "up" (UpSampling2D) is not supported by the ONNX converter',
      }),
    ).rejects.toThrow(
      /^backend onnx: models\/m\/model\.json cannot run on ONNX Runtime \(layer "up" \(UpSampling2D\) is not supported by the ONNX converter\); use backend auto, tensorflow or wasm$/,
    );
    expect(calls).toEqual([]);
    expect(incompatibility('onnx', 'tfjs-convertible')).toBeUndefined();
    expect(incompatibility('onnx-cuda', 'onnx')).toBeUndefined();
    expect(incompatibility('cpu', 'none')).toBeUndefined();
  });

  it('onnx loads ONNX Runtime on the CPU with one intra-op thread per available core', async () => {
    const b = await initBackend('onnx', { format: 'onnx' });
    expect(b.backend).toBe('onnx');
    expect(b.engine).toBe('onnxruntime');
    expect(b.ort?.provider).toBe('cpu');
    expect(b.ort?.threads).toBe(availableCores());
    expect(b.device).toBe(`CPU (ONNX Runtime, ${availableCores()} thread${availableCores() === 1 ? '' : 's'})`);
    // the TF.js backend for the other tensor ops came with it
    expect(typeof b.tf.tensor).toBe('function');
  });

  it('a forced onnx-cuda without the CUDA provider fails with one line saying what is missing and how to install it', async () => {
    const empty = tmpDir('ort-bin');
    const err = await loadOrtEngine('cuda', { binDir: empty }).catch((e: unknown) => e);
    expect((err as Error).message).toBe(
      process.platform === 'linux' && process.arch === 'x64'
        ? `the CUDA execution provider is not installed (${CUDA_PROVIDER_LIB} is missing from ${empty})`
        : `the CUDA execution provider of onnxruntime-node exists for Linux x64 only (this is ${process.platform}/${process.arch})`,
    );
    fs.rmSync(empty, { recursive: true, force: true });
    // through the real loader (this machine has no CUDA provider installed)
    const forced = await initBackend('onnx-cuda', { format: 'onnx' }).catch((e: unknown) => e);
    if (forced instanceof Error) {
      expect(forced).toBeInstanceOf(BackendUnavailableError);
      expect(forced.message).toMatch(
        /^backend onnx-cuda: the CUDA execution provider (is not installed|did not initialize|of onnxruntime-node exists for Linux x64 only).*; on a Linux x64 runner with an NVIDIA driver >= 525, CUDA 12 and cuDNN 9, install the CUDA provider with `ONNXRUNTIME_NODE_INSTALL=cuda12 npm install onnxruntime-node@1\.30\.0` \(see docs\/gpu-runner\.md\)$/,
      );
      expect(forced.message).not.toContain('\n');
    } else {
      // a machine with a working CUDA provider
      expect((forced as LoadedBackend).device).toBe('GPU (CUDA, ONNX Runtime)');
    }
  });
});

describe('ONNX Runtime threads', () => {
  it('TRANSFER_RISK_ONNX_THREADS overrides the core count; a bad value is refused', async () => {
    expect(envThreads({})).toBeUndefined();
    expect(envThreads({ TRANSFER_RISK_ONNX_THREADS: '1' })).toBe(1);
    expect(() => envThreads({ TRANSFER_RISK_ONNX_THREADS: 'two' })).toThrow('TRANSFER_RISK_ONNX_THREADS must be a whole number from 1 to 1024 (got "two")');
    const one = await loadOrtEngine('cpu', { threads: 1 });
    expect(one.threads).toBe(1);
    expect(one.device).toBe('CPU (ONNX Runtime, 1 thread)');
  });
});

describe('native packages are never taken from the working directory (it may be the pull request)', () => {
  it("a tfjs-node or onnxruntime-node copy in the cwd's node_modules is not resolved", () => {
    const dir = tmpDir('tr-cwd-packages-');
    for (const pkg of ['@tensorflow/tfjs-node', 'onnxruntime-node']) {
      const root = path.join(dir, 'node_modules', ...pkg.split('/'));
      fs.mkdirSync(path.join(root, 'bin', 'napi-v6', process.platform, process.arch), { recursive: true });
      fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: pkg, version: '9.9.9', main: 'index.js' }));
      fs.writeFileSync(path.join(root, 'index.js'), "throw new Error('the pull request ran code');\n");
      fs.writeFileSync(path.join(root, 'bin', 'napi-v6', process.platform, process.arch, CUDA_PROVIDER_LIB), '');
    }
    const before = process.cwd();
    process.chdir(dir);
    try {
      expect(resolvePackage('@tensorflow/tfjs-node')).toBeUndefined();
      expect(ortCandidates({}).some((p) => p.startsWith(fs.realpathSync(dir)) || p.startsWith(dir))).toBe(false);
    } finally {
      process.chdir(before);
    }
  });
});
