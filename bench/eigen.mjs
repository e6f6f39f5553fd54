#!/usr/bin/env node
/**
 * npm run bench:eigen — the symmetric eigen-solves of a cold 1,000-image run, old way vs new, in one
 * process, alternating (median and best of BENCH_RUNS rounds, default 5):
 *   pca-800   fitPca's Gram (800 pooled rows × 1280 dims): full symmetricEigen, then the top 50 rows,
 *             vs symmetricEigenFactored + topVectors(50)
 *   pca-400   the 2-D scatter's Gram (400 × 1280), top 2
 *   logme-500 LogME's Gram (500 × 1280) with the projections of 6 labelings × 6 class targets:
 *             full eigenvectors + Uᵀy sums vs the factored solver's project()
 * Both contenders run on the same Gram matrices (built once, not timed); prints the ratios new / old.
 */
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const { symmetricEigen, symmetricEigenFactored } = await import(pathToFileURL(join(ROOT, 'dist/stats/eigen.js')).href);
const { rowGram } = await import(pathToFileURL(join(ROOT, 'dist/stats/matrix.js')).href);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

/** mulberry32 */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** embedding-like rows: ReLU of a rank-40 latent map with a decaying spectrum, plus noise */
function gram(n, d, seed) {
  const r = rng(seed);
  const R = 40;
  const W = Float64Array.from({ length: R * d }, () => (r() - 0.5) / Math.sqrt(R));
  const X = new Float64Array(n * d);
  const z = new Float64Array(R);
  for (let i = 0; i < n; i++) {
    for (let q = 0; q < R; q++) z[q] = (r() - 0.5) * 0.93 ** q;
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let q = 0; q < R; q++) s += z[q] * W[q * d + j];
      X[i * d + j] = Math.max(0, s) + 0.05 * r();
    }
  }
  return rowGram(X, n, d);
}

const G800 = gram(800, 1280, 1);
const G400 = gram(400, 1280, 2);
const G500 = gram(500, 1280, 3);
const n5 = 500;
const targets = (() => {
  const r = rng(4);
  const out = [];
  for (let l = 0; l < 6; l++) {
    const codes = Int32Array.from({ length: n5 }, () => Math.floor(r() * 6));
    const Y = new Float64Array(6 * n5);
    codes.forEach((c, i) => (Y[c * n5 + i] = 1));
    out.push(Y);
  }
  return out;
})();

const cases = {
  'pca-800 top-50': {
    old: () => symmetricEigen(G800, 800).vectors.slice(0, 50 * 800),
    new: () => symmetricEigenFactored(G800, 800).topVectors(50),
  },
  'pca-400 top-2': {
    old: () => symmetricEigen(G400, 400).vectors.slice(0, 2 * 400),
    new: () => symmetricEigenFactored(G400, 400).topVectors(2),
  },
  'logme-500 6×6 projections': {
    old: () => {
      const { vectors: V } = symmetricEigen(G500, n5);
      let acc = 0;
      for (const Y of targets) {
        for (let c = 0; c < 6; c++) {
          for (let j = 0; j < n5; j++) {
            let x = 0;
            for (let i = 0; i < n5; i++) if (Y[c * n5 + i]) x += V[j * n5 + i];
            acc += x * x;
          }
        }
      }
      return acc;
    },
    new: () => {
      const f = symmetricEigenFactored(G500, n5);
      let acc = 0;
      for (const Y of targets) for (const x of f.project(Y, 6)) acc += x * x;
      return acc;
    },
  },
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = [];
for (const [name, c] of Object.entries(cases)) {
  const t = { old: [], new: [] };
  for (let r = 0; r < RUNS; r++) {
    for (const who of r % 2 ? ['new', 'old'] : ['old', 'new']) {
      const t0 = performance.now();
      c[who]();
      t[who].push(performance.now() - t0);
    }
  }
  const row = {
    case: name,
    oldMedianMs: Math.round(median(t.old)),
    newMedianMs: Math.round(median(t.new)),
    ratioMedian: +(median(t.new) / median(t.old)).toFixed(3),
    ratioBest: +(Math.min(...t.new) / Math.min(...t.old)).toFixed(3),
  };
  results.push(row);
  console.log(
    `${name.padEnd(28)} old ${String(row.oldMedianMs).padStart(6)} ms  new ${String(row.newMedianMs).padStart(6)} ms  new/old median ${row.ratioMedian}  best ${row.ratioBest}`,
  );
}
console.log('BENCH_JSON ' + JSON.stringify({ bench: 'eigen', date: new Date().toISOString(), runs: RUNS, results }));
