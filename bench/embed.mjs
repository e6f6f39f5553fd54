#!/usr/bin/env node
/**
 * npm run bench:embed — embedding throughput of the built-in default model (MobileNetV2, 224×224) per
 * engine, in one run, alternating the contenders (the machine may be shared): every round measures each
 * contender once, raw then pipeline; the table gives the median and the best over the rounds.
 *
 *   raw       images/s of the model alone on a random batch (warm, results read back):
 *             ONNX Runtime session.run() on [B, 3, 224, 224]; TF.js predict() on [B, 224, 224, 3]
 *   pipeline  images/s of Embedder.embed() end to end: 640×480 JPEG decode + resize (sharp) overlapping
 *             batched inference, no cache (warm model)
 *   ratio     pipeline / raw, medians (goal ≥ 0.8)
 *   decode    images/s of the decode + resize alone (sharp, 2 × cores in flight), measured in the same rounds;
 *             on a machine where decode and inference share the same cores the pipeline cannot beat
 *             1 / (1/raw + 1/decode) (both saturate every core), printed as the CPU bound
 *   cache     a warm-cache run / a cold run on the same images, both including createEmbedder (≤ 0.25)
 *
 *   floor     images/s of the cheapest decode libjpeg can do on the same files (DCT-domain shrink by 8 on
 *             load, no resize worth the name: entropy decoding and sharp's per-call cost remain), and the
 *             bound 1 / (1/raw + 1/floor) it would set: what no resize or decode trick could beat here
 *
 * Then the ratios the engine goals are judged on: onnx raw / wasm raw (goal ≥ 10) and onnx raw against
 * the hardware ceiling (goal ≥ 30 %): MobileNetV2 costs 0.6 GFLOP per image (≈ 0.3 G multiply-adds); the
 * machine's float32 peak is the larger of
 *   - the peak the CPU's description implies: cores × clock × FLOP per cycle, from /proc/cpuinfo (vendor,
 *     flags, MHz): Intel with AVX-512 64 FLOP/cycle (2 FMA units × 16 lanes × 2), AMD with AVX-512 (Zen 4,
 *     a 256-bit datapath) and any AVX2+FMA CPU 32, otherwise 16;
 *   - the peak measured here: a 2048 × 2048 × 2048 float32 MatMul on ONNX Runtime with the same threads
 *     (best of the rounds), which a boost clock can put above the description;
 * so a faster or slower machine gets its own ceiling (≈ 567 images/s on the 2-core Intel development
 * machine, ≈ 290 on a 2-core AMD EPYC). BENCH_GFLOPS_PER_CORE fixes the per-core peak instead.
 *
 * Env: BENCH_IMAGES (default 96; cpu: BENCH_CPU_IMAGES, 8), BENCH_BACKENDS (default
 * onnx,wasm,tensorflow,onnx-cuda,tensorflow-gpu: those that do not load are skipped and said so),
 * BENCH_ROUNDS (default 5; cpu: 1). Prints a markdown table and a `BENCH_JSON {...}` line.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { initBackend } from '../dist/embed/backends.js';
import { readBuiltinArtifacts, builtinByName } from '../dist/embed/builtin.js';
import { loadModel } from '../dist/embed/models.js';
import { createEmbedder, ENGINE_BATCH_SIZE, DEFAULT_BATCH_SIZE } from '../dist/embed/create.js';
import { decodeImage } from '../dist/embed/preprocess.js';
import { convertedModel } from '../dist/embed/onnx/converted.js';
import { float32Tensor, availableCores } from '../dist/embed/onnx/runtime.js';
import { encodeModel, floatTensor, DataType } from '../dist/embed/onnx/proto.js';
import { describedPeak } from './cpu-peak.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const N = Number(process.env.BENCH_IMAGES ?? 96);
const N_CPU = Number(process.env.BENCH_CPU_IMAGES ?? 8);
const BACKENDS = (process.env.BENCH_BACKENDS ?? 'onnx,wasm,tensorflow,onnx-cuda,tensorflow-gpu')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const GFLOP_PER_IMAGE = 0.6;
const GFLOPS_PER_CORE_FIXED = process.env.BENCH_GFLOPS_PER_CORE ? Number(process.env.BENCH_GFLOPS_PER_CORE) : undefined;
const PRETRAINED = { model: 'builtin:default', task: 'classification' };

function lcg(seed) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** n distinct 640×480 JPEGs (gradients, stripes and noise: something like a photo to decode). */
async function makeImages(n, seed) {
  const rnd = lcg(seed);
  const out = [];
  for (let k = 0; k < n; k++) {
    const w = 640;
    const h = 480;
    const raw = Buffer.alloc(w * h * 3);
    const fx = 1 + rnd() * 8;
    const fy = 1 + rnd() * 8;
    const tint = [rnd() * 255, rnd() * 255, rnd() * 255];
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const i = (y * w + x) * 3;
        const v = 127 + 60 * Math.sin((x * fx) / 50) * Math.cos((y * fy) / 40);
        raw[i] = Math.min(255, Math.max(0, (v + tint[0]) / 2 + (rnd() - 0.5) * 30));
        raw[i + 1] = Math.min(255, Math.max(0, (v + tint[1]) / 2 + (rnd() - 0.5) * 30));
        raw[i + 2] = Math.min(255, Math.max(0, (v + tint[2]) / 2 + (rnd() - 0.5) * 30));
      }
    }
    const bytes = await sharp(raw, { raw: { width: w, height: h, channels: 3 } })
      .jpeg({ quality: 85 })
      .toBuffer();
    out.push({ id: `img${seed}-${k}.jpg`, contentHash: `bench-${seed}-${k}`, bytes: new Uint8Array(bytes) });
  }
  return out;
}

const secs = (t0) => Number(process.hrtime.bigint() - t0) / 1e9;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** GFLOP/s of a large float32 MatMul on ONNX Runtime (the engine's threads): one measurement. */
async function gemmRunner(engine, n = 2048) {
  const vi = (name) => ({ name, type: { tensor_type: { elem_type: DataType.FLOAT, shape: { dim: [{ dim_value: n }, { dim_value: n }] } } } });
  const rnd = lcg(9);
  const b = Float32Array.from({ length: n * n }, () => rnd() - 0.5);
  const model = encodeModel({
    ir_version: 8,
    opset_import: [{ version: 13 }],
    graph: {
      name: 'gemm',
      node: [{ input: ['a', 'b'], output: ['c'], op_type: 'MatMul' }],
      initializer: [floatTensor('b', [n, n], b)],
      input: [vi('a')],
      output: [vi('c')],
    },
  });
  const session = await engine.createSession(model);
  const a = Float32Array.from({ length: n * n }, () => rnd() - 0.5);
  const feeds = { a: float32Tensor(engine.ort, a, [n, n]) };
  await session.run(feeds);
  return {
    async once(reps = 3) {
      const t0 = process.hrtime.bigint();
      for (let r = 0; r < reps; r++) await session.run(feeds);
      return (2 * n ** 3 * reps) / secs(t0) / 1e9;
    },
    dispose: () => session.release(),
  };
}

/** A raw-throughput runner for one contender: `once(reps)` → images/s. */
async function rawRunner(name, loaded, batch) {
  if (loaded.engine === 'onnxruntime') {
    const b = builtinByName('default');
    const a = readBuiltinArtifacts(b);
    const conv = convertedModel(a.json, a.weights, { layer: b.layer, cacheDir: null });
    const session = await loaded.ort.createSession(conv.bytes);
    const rnd = lcg(5);
    const x = Float32Array.from({ length: batch * 3 * 224 * 224 }, () => rnd());
    const feeds = { [conv.info.inputName]: float32Tensor(loaded.ort.ort, x, [batch, 3, 224, 224]) };
    const run = async () => {
      const out = await session.run(feeds);
      void out.embedding.data[0];
    };
    return {
      async once(reps) {
        const t0 = process.hrtime.bigint();
        for (let r = 0; r < reps; r++) await run();
        return (batch * reps) / secs(t0);
      },
      dispose: () => session.release(),
    };
  }
  const tf = loaded.tf;
  const runner = await loadModel(tf, 'builtin:default');
  const x = tf.randomUniform([batch, 224, 224, 3]);
  return {
    async once(reps) {
      await initBackend(name);
      const t0 = process.hrtime.bigint();
      for (let r = 0; r < reps; r++) {
        const { embedding, probs } = runner.run(x);
        await embedding.data();
        embedding.dispose();
        probs?.dispose();
      }
      return (batch * reps) / secs(t0);
    },
    dispose() {
      x.dispose();
      runner.dispose();
    },
  };
}

async function cacheRatio(name, images) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tr-bench-cache-'));
  const run = async () => {
    const t0 = process.hrtime.bigint();
    const e = await createEmbedder({ modality: 'image', pretrained: PRETRAINED, backend: name, cacheDir: dir });
    await e.embed(images);
    const meta = { ...e.meta };
    e.dispose();
    return { s: secs(t0), meta };
  };
  const cold = await run();
  const warm = await run();
  fs.rmSync(dir, { recursive: true, force: true });
  if (warm.meta.cacheHits !== images.length) throw new Error(`warm run: ${warm.meta.cacheHits} hits of ${images.length}`);
  return { cold: cold.s, warm: warm.s, cacheRatio: warm.s / cold.s };
}

// ---- set up every contender that loads
const contenders = [];
const skipped = [];
for (const name of BACKENDS) {
  let loaded;
  try {
    loaded = await initBackend(name, { format: 'tfjs-convertible' });
  } catch (err) {
    skipped.push({ backend: name, reason: err.message });
    process.stderr.write(`skip ${name}: ${err.message}\n`);
    continue;
  }
  const n = name === 'cpu' ? N_CPU : N;
  const engineBatch = loaded.engine === 'onnxruntime' ? ENGINE_BATCH_SIZE[name] : DEFAULT_BATCH_SIZE;
  const batch = Math.min(engineBatch, n);
  process.stderr.write(`${name} (${loaded.device}): ${n} images, batch ${batch}\n`);
  const images = await makeImages(n, 1);
  const warmup = await makeImages(Math.min(batch, n), 2);
  const embedder = await createEmbedder({ modality: 'image', pretrained: PRETRAINED, backend: name, cacheDir: null, batchSize: batch });
  await embedder.embed(warmup); // warm-up, excluded: wasm tiers up over the first batches; ONNX Runtime allocates its arena
  const raw = await rawRunner(name, loaded, batch);
  await raw.once(name === 'cpu' ? 1 : 2);
  contenders.push({ name, loaded, n, batch, images, embedder, raw, rawRuns: [], pipeRuns: [] });
}

const decodeRuns = [];
async function decodeOnce(images) {
  const preset = { width: 224, height: 224, resize: 'fill', scale: 'unit' };
  let i = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: 2 * os.cpus().length }, async () => {
      while (i < images.length) await decodeImage(images[i++].bytes, preset);
    }),
  );
  return images.length / secs(t0);
}

/** The cheapest decode libjpeg offers on the same files: DCT-domain shrink by 8 on load (640×480 → 80×60 → 40×30). */
const floorRuns = [];
async function floorOnce(images) {
  let i = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: 2 * os.cpus().length }, async () => {
      while (i < images.length)
        await sharp(images[i++].bytes, { failOn: 'error', limitInputPixels: 268_402_689 })
          .rotate()
          .toColourspace('srgb')
          .removeAlpha()
          .resize(40, 30, { fit: 'fill', kernel: 'linear' })
          .raw({ depth: 'uchar' })
          .toBuffer();
    }),
  );
  return images.length / secs(t0);
}

// the measured float32 peak, on the CPU engine when it loaded
const cpuOrt = contenders.find((c) => c.name === 'onnx')?.loaded.ort;
const gemm = cpuOrt && !GFLOPS_PER_CORE_FIXED ? await gemmRunner(cpuOrt) : undefined;
const gemmRuns = [];

// ---- alternate: every round measures each contender once (raw, then pipeline), the decode alone, the
// decode floor and the MatMul peak
for (let r = 0; r < ROUNDS; r++) {
  if (contenders.length) decodeRuns.push(await decodeOnce(contenders[0].images));
  if (contenders.length) floorRuns.push(await floorOnce(contenders[0].images));
  if (gemm) gemmRuns.push(await gemm.once());
  for (const c of contenders) {
    if (c.name === 'cpu' && r > 0) continue;
    const reps = Math.max(1, Math.ceil(c.n / c.batch));
    c.rawRuns.push(await c.raw.once(reps));
    if (c.loaded.engine !== 'onnxruntime') await initBackend(c.name);
    const t0 = process.hrtime.bigint();
    const set = await c.embedder.embed(c.images);
    const s = secs(t0);
    if (set.ids.length !== c.images.length) throw new Error(`${c.name}: pipeline embedded ${set.ids.length}/${c.images.length}`);
    c.pipeRuns.push(c.images.length / s);
    process.stderr.write(`round ${r + 1}/${ROUNDS} ${c.name}: raw ${c.rawRuns.at(-1).toFixed(1)}, pipeline ${c.pipeRuns.at(-1).toFixed(1)} img/s\n`);
  }
}

const rows = [];
for (const c of contenders) {
  await c.raw.dispose();
  c.embedder.dispose();
  if (c.loaded.engine !== 'onnxruntime') await initBackend(c.name);
  const cache = await cacheRatio(c.name, c.images);
  const raw = median(c.rawRuns);
  const pipe = median(c.pipeRuns);
  rows.push({
    backend: c.name,
    device: c.loaded.device,
    images: c.n,
    batch: c.batch,
    raw,
    rawBest: Math.max(...c.rawRuns),
    pipe,
    pipeBest: Math.max(...c.pipeRuns),
    ratio: pipe / raw,
    rounds: c.rawRuns.length,
    ...cache,
  });
}

const header = [
  'backend',
  'device',
  'images',
  'batch',
  'raw img/s',
  'raw best',
  'pipeline img/s',
  'pipeline best',
  'ratio (≥0.8)',
  'cold s',
  'warm s',
  'cache ratio (≤0.25)',
];
const table = rows.map((r) => [
  r.backend,
  r.device,
  String(r.images),
  String(r.batch),
  r.raw.toFixed(2),
  r.rawBest.toFixed(2),
  r.pipe.toFixed(2),
  r.pipeBest.toFixed(2),
  r.ratio.toFixed(2),
  r.cold.toFixed(2),
  r.warm.toFixed(2),
  r.cacheRatio.toFixed(3),
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i].length)));
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(`built-in model (MobileNetV2, 224×224) per engine: medians (and best) of ${ROUNDS} alternating rounds`);
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const t of table) console.log(line(t));
for (const s of skipped) console.log(`(${s.backend} not measured: ${s.reason})`);

const decode = decodeRuns.length ? median(decodeRuns) : undefined;
if (decode) {
  console.log('');
  console.log(
    `decode + resize alone (sharp, 640×480 JPEG → 224×224, ${2 * os.cpus().length} in flight): ${decode.toFixed(1)} images/s median, ${Math.max(...decodeRuns).toFixed(1)} best`,
  );
  for (const r of rows) {
    r.cpuBound = 1 / (1 / r.raw + 1 / decode);
    console.log(
      `${r.backend}: pipeline CPU bound with decode and inference on the same cores 1 / (1/${r.raw.toFixed(0)} + 1/${decode.toFixed(0)}) = ${r.cpuBound.toFixed(1)} images/s (${(r.cpuBound / r.raw).toFixed(2)} × raw); pipeline reaches ${(r.pipe / r.cpuBound).toFixed(2)} of it`,
    );
  }
}
const floor = floorRuns.length ? median(floorRuns) : undefined;
if (floor) {
  console.log(
    `decode floor (the same files at libjpeg's cheapest: DCT shrink by 8 on load, 40×30 out): ${floor.toFixed(1)} images/s median, ${Math.max(...floorRuns).toFixed(1)} best`,
  );
  for (const r of rows) {
    r.floorBound = 1 / (1 / r.raw + 1 / floor);
    console.log(
      `${r.backend}: even that decode would bound the pipeline at 1 / (1/${r.raw.toFixed(0)} + 1/${floor.toFixed(0)}) = ${r.floorBound.toFixed(1)} images/s (${(r.floorBound / r.raw).toFixed(2)} × raw) on shared cores`,
    );
  }
}
const cores = availableCores();
const readCpuinfo = () => {
  try {
    return fs.readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return undefined;
  }
};
const described = describedPeak(readCpuinfo());
const measuredGflops = gemmRuns.length ? Math.max(...gemmRuns) : undefined;
if (gemm) await gemm.dispose();
const candidates = [
  ...(described ? [{ gflops: cores * described.gflopsPerCore, basis: `described: ${cores} core(s) × ${described.basis}` }] : []),
  ...(measuredGflops
    ? [{ gflops: measuredGflops, basis: `measured: 2048³ float32 MatMul on ONNX Runtime, ${cpuOrt.threads} thread(s), best of ${gemmRuns.length}` }]
    : []),
];
const peak = GFLOPS_PER_CORE_FIXED
  ? { gflops: cores * GFLOPS_PER_CORE_FIXED, basis: `BENCH_GFLOPS_PER_CORE=${GFLOPS_PER_CORE_FIXED} × ${cores} core(s)` }
  : candidates.length
    ? candidates.reduce((a, b) => (b.gflops > a.gflops ? b : a))
    : { gflops: cores * 170, basis: `assumed: ${cores} core(s) × 170 GFLOP/s (nothing described or measured)` };
const GFLOPS_PER_CORE = peak.gflops / cores;
const ceiling = peak.gflops / GFLOP_PER_IMAGE;
const by = Object.fromEntries(rows.map((r) => [r.backend, r]));
const ratios = {};
console.log('');
for (const c of candidates) console.log(`float32 peak ${c.basis}: ${c.gflops.toFixed(0)} GFLOP/s`);
console.log(
  `hardware ceiling: ${GFLOP_PER_IMAGE} GFLOP/image at ${peak.gflops.toFixed(0)} GFLOP/s (${peak.basis.split(':')[0]}, the larger) → ${ceiling.toFixed(0)} images/s`,
);
if (by.onnx && by.wasm) {
  ratios.onnxOverWasmRaw = by.onnx.raw / by.wasm.raw;
  ratios.onnxOverWasmRawBest = by.onnx.rawBest / by.wasm.rawBest;
  console.log(`onnx / wasm raw: ${ratios.onnxOverWasmRaw.toFixed(1)}× median, ${ratios.onnxOverWasmRawBest.toFixed(1)}× best (goal ≥ 10)`);
}
if (by.onnx && by.tensorflow) {
  ratios.onnxOverTensorflowRaw = by.onnx.raw / by.tensorflow.raw;
  console.log(`onnx / tensorflow raw: ${ratios.onnxOverTensorflowRaw.toFixed(2)}×`);
}
if (by.onnx) {
  ratios.onnxOfCeiling = by.onnx.raw / ceiling;
  ratios.onnxOfCeilingBest = by.onnx.rawBest / ceiling;
  console.log(`onnx raw / ceiling: ${(100 * ratios.onnxOfCeiling).toFixed(1)} % median, ${(100 * ratios.onnxOfCeilingBest).toFixed(1)} % best (goal ≥ 30 %)`);
}
if (by['onnx-cuda'] && by.onnx) {
  ratios.cudaOverCpuRaw = by['onnx-cuda'].raw / by.onnx.raw;
  console.log(`onnx-cuda / onnx raw: ${ratios.cudaOverCpuRaw.toFixed(1)}×`);
}
if (by['onnx-cuda'] && by['tensorflow-gpu']) {
  ratios.onnxCudaOverTensorflowGpuRaw = by['onnx-cuda'].raw / by['tensorflow-gpu'].raw;
  console.log(`onnx-cuda / tensorflow-gpu raw: ${ratios.onnxCudaOverTensorflowGpuRaw.toFixed(2)}×`);
}
console.log(
  `\n(${os.cpus().length} CPUs, ${os.cpus()[0]?.model ?? 'unknown CPU'}, load average ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}, node ${process.version})`,
);
console.log(
  `BENCH_JSON ${JSON.stringify({ rows, skipped, ratios, decode: decode ?? null, decodeFloor: floor ?? null, ceiling: { gflopPerImage: GFLOP_PER_IMAGE, gflopsPerCore: GFLOPS_PER_CORE, cores, imagesPerSecond: ceiling, basis: peak.basis, describedGflops: described ? cores * described.gflopsPerCore : null, measuredGflops: measuredGflops ?? null }, rounds: ROUNDS })}`,
);
