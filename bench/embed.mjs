#!/usr/bin/env node
/**
 * npm run bench:embed — embedding throughput of the built-in default model (MobileNetV2) per backend.
 *
 * For every backend that loads here:
 *   raw       images/s of predict() alone on a [32, 224, 224, 3] batch (warm, data() read back)
 *   pipeline  images/s of Embedder.embed() end to end: JPEG decode + resize + scale + batched inference
 *             (warm model, no cache)
 *   ratio     pipeline / raw (goal ≥ 0.8)
 *   cache     time of a warm-cache run / time of a cold run on the same images, both including
 *             createEmbedder (model load) (goal ≤ 0.25)
 *
 * Options (env): BENCH_IMAGES (default 96; the cpu backend uses BENCH_CPU_IMAGES, default 8),
 * BENCH_BACKENDS (comma list, default tensorflow-gpu,tensorflow,wasm,cpu), BENCH_ROUNDS (default 2: raw and
 * pipeline are measured alternately that many times and the best of each is kept; the cpu backend: 1).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { initBackend } from '../dist/embed/backends.js';
import { loadModel } from '../dist/embed/models.js';
import { createEmbedder } from '../dist/embed/create.js';

const BATCH = 32;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const N = Number(process.env.BENCH_IMAGES ?? 96);
const N_CPU = Number(process.env.BENCH_CPU_IMAGES ?? 8);
const BACKENDS = (process.env.BENCH_BACKENDS ?? 'tensorflow-gpu,tensorflow,wasm,cpu').split(',').map((s) => s.trim());

function lcg(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
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
    const bytes = await sharp(raw, { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: 85 }).toBuffer();
    out.push({ id: `img${seed}-${k}.jpg`, contentHash: `bench-${seed}-${k}`, bytes: new Uint8Array(bytes) });
  }
  return out;
}

const secs = (t0) => Number(process.hrtime.bigint() - t0) / 1e9;

async function rawPredict(runner, tf, batch, reps) {
  const x = tf.randomUniform([batch, 224, 224, 3]);
  const once = async () => {
    const { embedding, probs } = runner.run(x);
    await embedding.data();
    embedding.dispose();
    probs?.dispose();
  };
  const t0 = process.hrtime.bigint();
  for (let r = 0; r < reps; r++) await once();
  const s = secs(t0);
  x.dispose();
  return (batch * reps) / s;
}

async function pipelineOnce(e, images) {
  const t0 = process.hrtime.bigint();
  const set = await e.embed(images);
  const s = secs(t0);
  if (set.ids.length !== images.length) throw new Error(`pipeline embedded ${set.ids.length}/${images.length}`);
  return images.length / s;
}

/** Alternate raw and pipeline measurements (the machine may be shared) and keep the best of each. */
async function throughput(backend, tf, images, warmup, batch, rounds) {
  const runner = await loadModel(tf, 'builtin:default');
  const e = await createEmbedder({ modality: 'image', pretrained: { model: 'builtin:default', task: 'classification' }, backend, cacheDir: null, batchSize: BATCH });
  // warm-up, excluded: wasm code tiers up over the first few batches (the first batch runs ~3× slower)
  await e.embed(warmup);
  await rawPredict(runner, tf, batch, backend === 'cpu' ? 1 : 3);
  let raw = 0;
  let pipe = 0;
  const reps = Math.max(1, Math.ceil(images.length / batch));
  for (let r = 0; r < rounds; r++) {
    raw = Math.max(raw, await rawPredict(runner, tf, batch, reps));
    pipe = Math.max(pipe, await pipelineOnce(e, images));
  }
  e.dispose();
  runner.dispose();
  return { raw, pipe };
}

async function cacheRatio(backend, images) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tr-bench-cache-'));
  const run = async () => {
    const t0 = process.hrtime.bigint();
    const e = await createEmbedder({ modality: 'image', pretrained: { model: 'builtin:default', task: 'classification' }, backend, cacheDir: dir, batchSize: BATCH });
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

const rows = [];
for (const name of BACKENDS) {
  let loaded;
  try {
    loaded = await initBackend(name);
  } catch (err) {
    process.stderr.write(`skip ${name}: ${err.message}\n`);
    continue;
  }
  const n = name === 'cpu' ? N_CPU : N;
  const batch = Math.min(BATCH, n);
  process.stderr.write(`${name} (${loaded.device}): ${n} images, batch ${batch} ...\n`);
  const images = await makeImages(n, 1);
  const warmup = await makeImages(Math.min(BATCH, n), 2);
  const { raw, pipe } = await throughput(name, loaded.tf, images, warmup, batch, name === 'cpu' ? 1 : ROUNDS);
  const cache = await cacheRatio(name, images);
  rows.push({ backend: name, device: loaded.device, images: n, batch, raw, pipe, ratio: pipe / raw, ...cache });
}

const header = ['backend', 'device', 'images', 'batch', 'raw img/s', 'pipeline img/s', 'ratio (≥0.8)', 'cold s', 'warm s', 'cache ratio (≤0.25)'];
const table = rows.map((r) => [r.backend, r.device, String(r.images), String(r.batch), r.raw.toFixed(2), r.pipe.toFixed(2), r.ratio.toFixed(2), r.cold.toFixed(2), r.warm.toFixed(2), r.cacheRatio.toFixed(3)]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i].length)));
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const t of table) console.log(line(t));
console.log(`\n(${os.cpus().length} CPUs, ${os.cpus()[0]?.model ?? 'unknown CPU'}, node ${process.version})`);
