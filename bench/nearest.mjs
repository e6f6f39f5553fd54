#!/usr/bin/env node
/**
 * node bench/nearest.mjs — the measure stage's nearest-neighbour searches, bounded (src/stats/nearest.ts)
 * against the loops they replaced, alternating in one process, on the sizes of a 1,000-image pull
 * request: the atypical items' base self-NN + head→base NN (1000 × 1000 rows × 1280 dims) and the
 * near-duplicate search of each side (nearSide, 1000 × 1280, cosine 0.97). Checks that both give the
 * same results (distances bit for bit, the same near-copy pairs) in every round; prints median and
 * best times and their ratios, and a `BENCH_JSON {...}` line.
 *
 * Data: embedding-like rows (ReLU of a few shared directions plus noise, head shifted, some near
 * copies; seeded), or real embeddings: NN_EMBEDDINGS=<dir> with base.f64 and head.f64 (row-major
 * float64, NN_DIMS columns, default 1280), e.g. written from a run of the e2e repository.
 * Env: NN_ROUNDS (default 5), NN_ROWS (default 1000).
 * Needs the build (npm run build).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => import(pathToFileURL(path.join(ROOT, 'dist', p)).href);
const { NearestIndex, plainNearestSq } = await dist('stats/nearest.js');
const { nearSide, rowMean } = await dist('measure/duplicates.js');

const ROUNDS = Number(process.env.NN_ROUNDS ?? 5);
const N = Number(process.env.NN_ROWS ?? 1000);
const THRESHOLD = 0.97;

function rng(seed) {
  let a = seed >>> 0;
  const u = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { u, normal: () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u()) };
}

function embeddingLike(n, d, seed, shift) {
  const r = rng(seed);
  const basis = Array.from({ length: 12 }, () => Float64Array.from({ length: d }, () => r.normal()));
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    if (i > 10 && r.u() < 0.05) {
      const src = Math.floor(r.u() * i);
      for (let k = 0; k < d; k++) data[i * d + k] = Math.max(0, data[src * d + k] + 0.01 * r.normal());
      continue;
    }
    const w = basis.map((_, b) => r.normal() / (1 + b));
    for (let k = 0; k < d; k++) {
      let v = shift * basis[0][k] + 0.3 * r.normal();
      for (let b = 0; b < basis.length; b++) v += w[b] * basis[b][k];
      data[i * d + k] = Math.max(0, v);
    }
  }
  return { rows: n, cols: d, data };
}

function readMatrix(file, d) {
  const b = fs.readFileSync(file);
  const data = new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  return { rows: data.length / d, cols: d, data };
}

let base;
let head;
let source;
if (process.env.NN_EMBEDDINGS) {
  const d = Number(process.env.NN_DIMS ?? 1280);
  base = readMatrix(path.join(process.env.NN_EMBEDDINGS, 'base.f64'), d);
  head = readMatrix(path.join(process.env.NN_EMBEDDINGS, 'head.f64'), d);
  source = `embeddings from ${process.env.NN_EMBEDDINGS}`;
} else {
  base = embeddingLike(N, 1280, 1, 0);
  head = embeddingLike(N, 1280, 2, 1.5);
  source = 'embedding-like rows (seeded)';
}

/** the near-duplicate search as it was: Cauchy–Schwarz tail bounds every 64 dimensions (exact) */
function oldNearSide(raw, threshold, center) {
  const STRIDE = 64;
  const n = raw.rows;
  const d = raw.cols;
  const root = new Int32Array(n).fill(-1);
  const m = center ? { rows: n, cols: d, data: Float64Array.from(raw.data, (x, i) => x - center[i % d]) } : raw;
  const norm = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += m.data[i * d + k] ** 2;
    norm[i] = Math.sqrt(s);
  }
  const checks = Math.ceil(d / STRIDE);
  const tails = new Float64Array(n * checks);
  for (let i = 0; i < n; i++) {
    let t = 0;
    for (let c = checks - 1; c >= 1; c--) {
      for (let k = Math.min(d, (c + 1) * STRIDE) - 1; k >= c * STRIDE; k--) t += m.data[i * d + k] ** 2;
      tails[i * checks + c] = Math.sqrt(t) * (1 + 1e-9);
    }
  }
  const prune = threshold > 0 && checks > 1;
  const pairs = [];
  for (let i = 1; i < n; i++) {
    if (root[i] >= 0 || norm[i] === 0) continue;
    const oi = i * d;
    for (let j = 0; j < i; j++) {
      if (norm[j] === 0) continue;
      const oj = j * d;
      const need = threshold * norm[i] * norm[j];
      const margin = 1e-9 * norm[i] * norm[j];
      let s = 0;
      let k = 0;
      let rejected = false;
      for (let c = 1; c < checks && prune; c++) {
        const end = c * STRIDE;
        for (; k < end; k++) s += m.data[oi + k] * m.data[oj + k];
        if (s + tails[i * checks + c] * tails[j * checks + c] + margin < need) {
          rejected = true;
          break;
        }
      }
      if (rejected) continue;
      for (; k < d; k++) s += m.data[oi + k] * m.data[oj + k];
      if (s / (norm[i] * norm[j]) >= threshold) {
        root[i] = root[j] >= 0 ? root[j] : j;
        pairs.push([root[i], i]);
        break;
      }
    }
  }
  return pairs;
}

const contenders = {
  nn: {
    label: `atypical NN (base self + head→base, ${base.rows}×${head.rows}×${base.cols})`,
    old: () => [plainNearestSq(base, base, true), plainNearestSq(head, base, false)],
    new: () => {
      const index = new NearestIndex(base, [head]);
      return [index.nearestSq(base, true), index.nearestSq(head)];
    },
    key: (r) => r.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64')).join('|'),
  },
  near: {
    label: `nearSide (both sides, ${base.rows}×${base.cols}, cosine ${THRESHOLD})`,
    old: () => [base, head].map((m) => oldNearSide(m, THRESHOLD, rowMean(m))),
    new: () => [base, head].map((m) => nearSide(m, THRESHOLD, rowMean(m)).pairs),
    key: (r) => JSON.stringify(r),
  },
};

const times = {};
for (const [name, c] of Object.entries(contenders)) {
  times[name] = { old: [], new: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? ['new', 'old'] : ['old', 'new'];
    const keys = {};
    for (const who of order) {
      const t0 = process.hrtime.bigint();
      const r = c[who]();
      times[name][who].push(Number(process.hrtime.bigint() - t0) / 1e6);
      keys[who] = c.key(r);
    }
    if (keys.old !== keys.new) throw new Error(`${c.label}: the results differ in round ${round + 1}`);
  }
}

const median = (v) => [...v].sort((a, b) => a - b)[v.length >> 1];
const best = (v) => Math.min(...v);
const out = { bench: 'nearest', source, rounds: ROUNDS, loadavg: (await import('node:os')).loadavg(), results: {} };
console.log(`${source}; ${ROUNDS} rounds, alternating; results identical in every round`);
for (const [name, c] of Object.entries(contenders)) {
  const t = times[name];
  const r = { oldMedianMs: median(t.old), newMedianMs: median(t.new), oldBestMs: best(t.old), newBestMs: best(t.new) };
  r.ratioMedian = r.oldMedianMs / r.newMedianMs;
  r.ratioBest = r.oldBestMs / r.newBestMs;
  out.results[name] = r;
  console.log(
    `${c.label}: old ${r.oldMedianMs.toFixed(0)} ms (best ${r.oldBestMs.toFixed(0)}), new ${r.newMedianMs.toFixed(0)} ms (best ${r.newBestMs.toFixed(0)}); ` +
      `old/new ${r.ratioMedian.toFixed(1)}× median, ${r.ratioBest.toFixed(1)}× best`,
  );
}
console.log(`BENCH_JSON ${JSON.stringify(out)}`);
