#!/usr/bin/env node
/**
 * npm run bench:stats — `compare --sample-size 0` on a 1,000,000-row × 4-column CSV pair (3 numeric,
 * 1 categorical; seeded), whole-process wall time, beside pandas + scipy computing the same metrics
 * on the same files; then peak RSS of `compare` with the default sample on 1M- and 4M-row files
 * (it must not grow with the file).
 *
 * Env: BENCH_DIR (default $TMPDIR/transfer-risk-bench: generated files are reused), BENCH_RUNS (3),
 * BENCH_PYTHON (python with pandas + scipy; default: /usr/bin/python3, then python3).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, writeSync, closeSync, renameSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const CLI = join(ROOT, 'dist', 'cli.js');
const DIR = process.env.BENCH_DIR ?? join(tmpdir(), 'transfer-risk-bench');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

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

function normal(r) {
  let u = 0;
  while (u === 0) u = r();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
}

const CAMERAS = ['basler-a2440', 'flir-bfs', 'sony-imx', 'canon-eos', 'nikon-z', 'hikrobot', 'ids-ueye', 'jai-go'];

/** rows of: exposure_ms (lognormal), brightness (normal), iso (ties), camera (categorical) */
function writeTable(path, rows, seed, shift) {
  if (existsSync(path)) return;
  mkdirSync(dirname(path), { recursive: true });
  const r = rng(seed);
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  let buf = 'exposure_ms,brightness,iso,camera\n';
  const isos = shift ? [100, 200, 400, 800, 1600] : [100, 200, 400, 800];
  const camW = shift ? [0.1, 0.1, 0.2, 0.1, 0.1, 0.1, 0.2, 0.1] : [0.3, 0.2, 0.1, 0.1, 0.1, 0.1, 0.05, 0.05];
  for (let i = 0; i < rows; i++) {
    const exposure = Math.exp(Math.log(12) + (shift ? 0.05 : 0) + 0.3 * normal(r));
    const brightness = 0.5 + (shift ? 0.01 : 0) + 0.08 * normal(r);
    const iso = isos[Math.floor(r() * isos.length)];
    let u = r();
    let c = 0;
    while (c < camW.length - 1 && u >= camW[c]) u -= camW[c++];
    const missing = r() < 0.01;
    buf += `${missing ? '' : exposure.toFixed(4)},${brightness.toFixed(5)},${iso},${CAMERAS[c]}\n`;
    if (buf.length > 1 << 20) {
      writeSync(fd, buf);
      buf = '';
    }
  }
  writeSync(fd, buf);
  closeSync(fd);
  renameSync(tmp, path);
}

// printed by the child at exit: its peak RSS and CPU time (user + system)
const RSS_HOOK =
  'data:text/javascript,process.on("exit",()=>{const u=process.resourceUsage();process.stderr.write("bench-maxrss-kb:"+u.maxRSS+" bench-cpu-us:"+(u.userCPUTime+u.systemCPUTime)+"\\n")})';

function runCompare(base, head, extra) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', RSS_HOOK, CLI, 'compare', '--base', base, '--head', head, '--fail-on', 'none', '--quiet', ...extra], {
    encoding: 'utf8',
    maxBuffer: 256 << 20,
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`compare failed (${r.status}): ${r.stderr}`);
  const m = /bench-maxrss-kb:(\d+) bench-cpu-us:(\d+)/.exec(r.stderr);
  return { seconds, rssMb: m ? Number(m[1]) / 1024 : NaN, cpu: m ? Number(m[2]) / 1e6 : NaN, report: JSON.parse(r.stdout) };
}

const PYTHON_BENCH = String.raw`
import sys, json
import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial.distance import jensenshannon

EPS = 1e-4
def binned(b, h):
    b = b / b.sum(); h = h / h.sum()
    pb = np.where(b == 0, EPS, b); ph = np.where(h == 0, EPS, h)
    return float(np.sum((ph - pb) * np.log(ph / pb))), float(np.sum(pb * np.log(pb / ph))), float(jensenshannon(b, h, base=2))

base = pd.read_csv(sys.argv[1]); head = pd.read_csv(sys.argv[2])
out = {}; pvals = []
for name in base.columns:
    if name not in head.columns: continue
    b = base[name].dropna(); h = head[name].dropna()
    if pd.api.types.is_numeric_dtype(b) and pd.api.types.is_numeric_dtype(h):
        b = b.to_numpy(dtype=float); h = h.to_numpy(dtype=float)
        b = b[np.isfinite(b)]; h = h[np.isfinite(h)]
        edges = np.unique(np.quantile(b, np.arange(1, 10) / 10))
        lo = b.min(); hi = b.max()
        def bins(v):
            q = np.bincount(np.searchsorted(edges, v[(v >= lo) & (v <= hi)], side='left'), minlength=len(edges) + 1)
            return np.concatenate([[np.sum(v < lo)], q, [np.sum(v > hi)]]).astype(float)
        cb = bins(b); ch = bins(h)
        psi, kl, js = binned(cb, ch)
        ks = stats.ks_2samp(b, h, method='auto')
        w = stats.wasserstein_distance(b, h)
        out[name] = dict(psi=psi, kl=kl, js=js, ks=float(ks.statistic), p=float(ks.pvalue), w=float(w), wn=float(w / max(np.std(b), 1e-3)))
        pvals.append(float(ks.pvalue))
    else:
        cb = b.astype(str).value_counts(); ch = h.astype(str).value_counts()
        cats = cb.index.union(ch.index)
        cb = cb.reindex(cats, fill_value=0).to_numpy(dtype=float); ch = ch.reindex(cats, fill_value=0).to_numpy(dtype=float)
        psi, kl, js = binned(cb, ch)
        chi = stats.chi2_contingency(np.vstack([cb, ch]), correction=False)
        out[name] = dict(psi=psi, kl=kl, js=js, chi2=float(chi[0]), p=float(chi[1]))
        pvals.append(float(chi[1]))
p = np.array(pvals); n = len(p); order = np.argsort(p)
adj = np.minimum.accumulate((p[order] * n / np.arange(1, n + 1))[::-1])[::-1]
print(json.dumps(out))
import resource
ru = resource.getrusage(resource.RUSAGE_SELF)
print('bench-cpu-s:%f' % (ru.ru_utime + ru.ru_stime), file=sys.stderr)
`;

function findPython() {
  const candidates = process.env.BENCH_PYTHON ? [process.env.BENCH_PYTHON] : ['/usr/bin/python3', 'python3'];
  for (const py of candidates) {
    const r = spawnSync(py, ['-c', 'import pandas, scipy; print(pandas.__version__, scipy.__version__)'], { encoding: 'utf8' });
    if (r.status === 0) return { py, versions: r.stdout.trim() };
  }
  return null;
}

function runPython(py, base, head) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(py, ['-c', PYTHON_BENCH, base, head], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr}`);
  const m = /bench-cpu-s:([\d.]+)/.exec(r.stderr);
  return { seconds, cpu: m ? Number(m[1]) : NaN, out: JSON.parse(r.stdout) };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (p) => (statSync(p).size / 1048576).toFixed(0);

function main() {
  if (!existsSync(CLI)) {
    console.error('dist/cli.js is missing: run `npm run build` first (npm run bench:stats does).');
    process.exit(2);
  }
  const b1 = join(DIR, 'base-1m.csv');
  const h1 = join(DIR, 'head-1m.csv');
  const b4 = join(DIR, 'base-4m.csv');
  const h4 = join(DIR, 'head-4m.csv');
  console.log(`generating tables in ${DIR} (cached between runs) …`);
  writeTable(b1, 1_000_000, 1, false);
  writeTable(h1, 1_000_000, 2, true);
  console.log(`  1M rows × 4 columns: base ${mb(b1)} MB, head ${mb(h1)} MB`);

  const node = [];
  const nodeCpu = [];
  let last;
  for (let i = 0; i < RUNS; i++) {
    last = runCompare(b1, h1, ['--sample-size', '0']);
    node.push(last.seconds);
    nodeCpu.push(last.cpu);
  }
  const nodeS = median(node);
  console.log(
    `\ncompare --sample-size 0, 1M rows/side (whole process, median of ${RUNS}): ${nodeS.toFixed(3)} s wall, ${median(nodeCpu).toFixed(3)} s CPU  [${node.map((s) => s.toFixed(3)).join(', ')}]  peak RSS ${last.rssMb.toFixed(0)} MB`,
  );

  const python = findPython();
  if (!python) {
    console.log('pandas + scipy: not found. Install them to compare (Debian/Ubuntu: `sudo apt-get install -y python3-pandas python3-scipy`,');
    console.log('or `pip install pandas scipy`), or point BENCH_PYTHON at a python that has them.');
  } else {
    const py = [];
    const pyCpu = [];
    let pyLast;
    for (let i = 0; i < RUNS; i++) {
      pyLast = runPython(python.py, b1, h1);
      py.push(pyLast.seconds);
      pyCpu.push(pyLast.cpu);
    }
    const pyS = median(py);
    console.log(
      `pandas + scipy (${python.py}; pandas/scipy ${python.versions}), same metrics (median of ${RUNS}): ${pyS.toFixed(3)} s wall, ${median(pyCpu).toFixed(3)} s CPU  [${py.map((s) => s.toFixed(3)).join(', ')}]`,
    );
    console.log(`ratio node / python: ${(nodeS / pyS).toFixed(3)} wall time (goal ≤ 1.0); ${(median(nodeCpu) / median(pyCpu)).toFixed(3)} CPU time`);
    // sanity: the two agree on the metrics
    let worst = 0;
    for (const f of last.report.datasets[0].features) {
      const p = pyLast.out[f.name];
      if (!p) continue;
      for (const [a, b] of [
        [f.metrics.psi, p.psi],
        [f.metrics.js, p.js],
        [f.metrics.ks?.statistic, p.ks],
        [f.metrics.wasserstein, p.w],
        [f.metrics.chi2?.statistic, p.chi2],
      ]) {
        if (a === undefined || b === undefined) continue;
        worst = Math.max(worst, Math.abs(a - b) / Math.max(Math.abs(b), 1e-12));
      }
    }
    console.log(`largest relative difference node vs python over psi/js/ks/wasserstein/chi2: ${worst.toExponential(2)}`);
  }

  console.log('\npeak RSS of compare with the default sample (10000 rows/side):');
  writeTable(b4, 4_000_000, 3, false);
  writeTable(h4, 4_000_000, 4, true);
  for (const [label, b, h] of [
    ['1M rows/side', b1, h1],
    ['4M rows/side', b4, h4],
  ]) {
    const r = runCompare(b, h, []);
    console.log(`  ${label} (${mb(b)} MB + ${mb(h)} MB): ${r.rssMb.toFixed(0)} MB peak RSS, ${r.seconds.toFixed(2)} s wall, ${r.cpu.toFixed(2)} s CPU`);
  }
}

main();
