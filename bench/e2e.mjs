#!/usr/bin/env node
/**
 * npm run bench:e2e — end to end: a pull request that touches 1,000 images.
 *
 * Builds a git repository with the demo's renderer (machine parts, labels = folder):
 *   base   N part photographs from the reference camera
 *   head   the same N photographs re-shot with NEW_CAMERA (same paths: all N are modified)
 *   head+  head plus ADD new photographs from NEW_CAMERA (added paths)
 * Config: the demo's (`repoConfig`, gentle augmentation config) with `sample: {size: 0}`, so every
 * image on both sides is sampled, read, featurized and embedded (N base + N head, N + ADD for head+).
 *
 * Then runs `node dist/cli.js analyze … --format json` as a child process (whole-process wall time:
 * node start-up, model load, git reads, decode, embedding, statistics, report) three times against
 * one fresh cache directory:
 *   cold   base..head, empty cache
 *   warm   base..head again (goal: wall time ≤ 0.25 × cold)
 *   add    base..head+ on the warm cache (goal: only the ADD new images are embedded, i.e.
 *          report.meta.cache.misses === ADD)
 *
 * Prints a table and a `BENCH_JSON {...}` line; writes bench/results/e2e.json. Then, unless
 * E2E_PROFILE=0, one more warm run under --cpu-prof (not timed) shows where a warm run's time goes.
 *
 * Options (env): E2E_IMAGES (default 1000), E2E_ADD (10), E2E_SIZE (image side in px, default 112),
 * E2E_BACKEND (default auto: the default engine, ONNX Runtime), E2E_DIR (work dir; default a fresh tmp dir, removed at the end unless
 * E2E_KEEP=1).
 */
import { spawnSync } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const RESULTS = path.join(ROOT, 'bench', 'results');

const N = Number(process.env.E2E_IMAGES ?? 1000);
const ADD = Number(process.env.E2E_ADD ?? 10);
const SIZE = Number(process.env.E2E_SIZE ?? 112);
const BACKEND = process.env.E2E_BACKEND ?? 'auto';
const KEEP = process.env.E2E_KEEP === '1';
const PROFILE = process.env.E2E_PROFILE !== '0';
const GOAL_WARM = 0.25;
/** a cold 1,000-image pull request on the default engine, whole process (issue 14) */
const GOAL_COLD_SECONDS = 25;
/** head images analyze() runs the augmentation pipeline on (AnalyzeOptions.augmentationSample default) */
const AUG_SAMPLE = 48;

if (!fs.existsSync(CLI)) {
  console.error('dist/cli.js is missing: run `npm run build` first (npm run bench:e2e does).');
  process.exit(2);
}

const work = process.env.E2E_DIR ? path.resolve(process.env.E2E_DIR) : fs.mkdtempSync(path.join(os.tmpdir(), 'tr-bench-e2e-'));

/**
 * A private copy of the build (dist/, schema/, package.json; node_modules linked), so that a rebuild
 * of dist/ in the working tree while the benchmark runs (it takes minutes) cannot pull modules out
 * from under it. E2E_SNAPSHOT=0 runs the working tree's dist/ directly.
 */
function snapshotBuild() {
  const snap = path.join(work, 'build');
  for (let attempt = 1; ; attempt++) {
    fs.rmSync(snap, { recursive: true, force: true });
    fs.mkdirSync(snap, { recursive: true });
    try {
      fs.cpSync(path.join(ROOT, 'dist'), path.join(snap, 'dist'), { recursive: true });
      fs.cpSync(path.join(ROOT, 'schema'), path.join(snap, 'schema'), { recursive: true });
      fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(snap, 'package.json'));
      fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(snap, 'node_modules'), 'dir');
      // loads the CLI's whole static import graph: fails when the copy caught a half-written build
      const r = spawnSync(process.execPath, [path.join(snap, 'dist', 'cli.js'), '--help'], { encoding: 'utf8' });
      if (r.status === 0) return snap;
      throw new Error((r.stderr || r.stdout || '').trim().split('\n')[0]);
    } catch (err) {
      if (attempt >= 6) throw new Error(`could not take a consistent copy of dist/: ${err.message}`, { cause: err });
      process.stderr.write(`[e2e] dist/ looks mid-rebuild (${err.message}); retrying in 10 s\n`);
      spawnSync('sleep', ['10']);
    }
  }
}
const cleanup = () => {
  if (!KEEP && !process.env.E2E_DIR) fs.rmSync(work, { recursive: true, force: true });
};
let BUILD;
try {
  BUILD = process.env.E2E_SNAPSHOT === '0' ? ROOT : snapshotBuild();
} catch (err) {
  cleanup();
  throw err;
}
const CLI_RUN = path.join(BUILD, 'dist', 'cli.js');

const { encodeImage, partImages } = await import(path.join(BUILD, 'dist/demo/repo.js'));
const { NEW_CAMERA, REFERENCE_CAMERA } = await import(path.join(BUILD, 'dist/demo/render.js'));
const { repoConfig, GENTLE_AUGMENTATION } = await import(path.join(BUILD, 'dist/demo/scenarios.js'));
const repoDir = path.join(work, 'repo');
const cacheDir = path.join(work, 'cache');
const secs = (t0) => Number(process.hrtime.bigint() - t0) / 1e9;

function git(args) {
  return execFileSync('git', args, {
    cwd: repoDir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'bench',
      GIT_AUTHOR_EMAIL: 'bench@transfer-risk.invalid',
      GIT_COMMITTER_NAME: 'bench',
      GIT_COMMITTER_EMAIL: 'bench@transfer-risk.invalid',
      GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z',
      GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z',
    },
  }).trim();
}

async function writeImages(specs) {
  for (const s of specs) {
    const file = path.join(repoDir, s.path);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, await encodeImage(s, SIZE));
  }
}

/** base, head (all N re-shot), head+ (ADD more); returns the three SHAs. */
async function buildRepo() {
  fs.rmSync(repoDir, { recursive: true, force: true });
  fs.mkdirSync(repoDir, { recursive: true });
  git(['init', '-q', '-b', 'main']);
  const files = {
    '.github/transfer-risk.yml': repoConfig({ sampleSize: 0 }),
    'configs/augment.yaml': GENTLE_AUGMENTATION,
  };
  for (const [p, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(repoDir, p)), { recursive: true });
    fs.writeFileSync(path.join(repoDir, p), text);
  }
  await writeImages(partImages(N, 1, REFERENCE_CAMERA));
  git(['add', '-A']);
  git(['commit', '-q', '-m', `base: ${N} part photographs`]);
  const base = git(['rev-parse', 'HEAD']);
  // same paths, new camera: every image modified
  await writeImages(partImages(N, 1, NEW_CAMERA));
  git(['add', '-A']);
  git(['commit', '-q', '-m', `head: ${N} photographs re-shot with the new camera`]);
  const head = git(['rev-parse', 'HEAD']);
  // seeds far above N: new paths (gear-9001.jpg, …) in the existing label folders
  const added = partImages(ADD, 9001, NEW_CAMERA);
  await writeImages(added);
  git(['add', '-A']);
  git(['commit', '-q', '-m', `head+: ${ADD} new photographs`]);
  const headPlus = git(['rev-parse', 'HEAD']);
  const changed = (a, b) => git(['diff', '--name-status', '--no-renames', a, b]).split('\n').filter(Boolean);
  return { base, head, headPlus, changedHead: changed(base, head), changedPlus: changed(base, headPlus), added: added.map((s) => s.path) };
}

// printed by the child at exit: its peak RSS and CPU time (user + system)
const RSS_HOOK =
  'data:text/javascript,process.on("exit",()=>{const u=process.resourceUsage();process.stderr.write("\\nbench-maxrss-kb:"+u.maxRSS+" bench-cpu-us:"+(u.userCPUTime+u.systemCPUTime)+"\\n")})';

function analyze(label, base, head, nodeFlags = []) {
  const out = path.join(work, `out-${label}`);
  const args = [
    ...nodeFlags,
    '--import',
    RSS_HOOK,
    CLI_RUN,
    'analyze',
    '--repo',
    repoDir,
    '--base',
    base,
    '--head',
    head,
    '--out',
    out,
    '--cache-dir',
    cacheDir,
    '--backend',
    BACKEND,
    '--format',
    'json',
  ];
  process.stderr.write(
    `[e2e] ${label}: node dist/cli.js analyze --base ${base.slice(0, 7)} --head ${head.slice(0, 7)} --backend ${BACKEND} --cache-dir ${cacheDir}\n`,
  );
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = secs(t0);
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(path.join(RESULTS, `e2e-${label}.stderr.log`), r.stderr ?? '');
  if (r.error) throw new Error(`${label}: could not run the CLI: ${r.error.message}`);
  // 0 = below fail-on, 1 = at/above fail-on (the new camera may well be high): both are completed runs
  if (r.status !== 0 && r.status !== 1) {
    const tail = (r.stderr ?? '').trim().split('\n').slice(-15).join('\n');
    throw new Error(`${label}: analyze exited with ${r.status ?? r.signal}\n${tail}`);
  }
  const report = JSON.parse(r.stdout);
  const m = /bench-maxrss-kb:(\d+) bench-cpu-us:(\d+)/.exec(r.stderr ?? '');
  const ds = report.datasets[0];
  const row = {
    run: label,
    exitCode: r.status,
    seconds,
    analyzeSeconds: report.meta.seconds,
    cpuSeconds: m ? Number(m[2]) / 1e6 : null,
    peakRssMb: m ? Number(m[1]) / 1024 : null,
    sample: ds?.sample,
    embedded: ds?.embedding ? true : false,
    cache: report.meta.cache ?? null,
    backend: report.meta.backend,
    device: report.meta.device,
    imagesPerSecond: report.meta.imagesPerSecond ?? null,
    level: report.risk.level,
  };
  process.stderr.write(`[e2e] ${label}: ${seconds.toFixed(1)} s, cache ${JSON.stringify(row.cache)}, risk ${row.level}\n`);
  return row;
}

/**
 * Where a warm run's time goes: one more warm run under --cpu-prof (not part of the timings above);
 * inclusive CPU time of the project's own functions, wrappers (> 90% of the run) left out.
 */
function profileWarm(shas) {
  const dir = path.join(work, 'prof');
  fs.rmSync(dir, { recursive: true, force: true });
  analyze('warm-profiled', shas.base, shas.head, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
  const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) return undefined;
  const prof = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  prof.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0)));
  const distUrl = pathToFileURL(path.join(BUILD, 'dist')).href + '/';
  const inclusive = new Map();
  let total = 0;
  for (const [id, t] of self) {
    const n0 = byId.get(id);
    if (n0.callFrame.functionName === '(idle)') continue;
    total += t;
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const cf = byId.get(cur).callFrame;
      if (!cf.url.startsWith(distUrl)) continue;
      const key = `${cf.functionName || '(anonymous)'} (${cf.url.slice(distUrl.length)})`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + t);
    }
  }
  const top = [...inclusive]
    .filter(([, t]) => t <= 0.9 * total)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .map(([fn, t]) => ({ fn, seconds: t / 1e6, share: t / total }));
  return { cpuSeconds: total / 1e6, top };
}

const results = {
  bench: 'e2e',
  date: new Date().toISOString(),
  node: process.version,
  cpus: os.cpus().length,
  loadavg: os.loadavg(),
  images: N,
  added: ADD,
  imageSize: SIZE,
  backend: BACKEND,
};
try {
  const tb = process.hrtime.bigint();
  process.stderr.write(`[e2e] work dir ${work}${KEEP ? ' (kept)' : ''}\n`);
  process.stderr.write(`[e2e] rendering ${2 * N + ADD} ${SIZE}×${SIZE} JPEGs into ${repoDir} …\n`);
  const shas = await buildRepo();
  results.buildSeconds = secs(tb);
  results.changedPaths = { head: shas.changedHead.length, headPlus: shas.changedPlus.length };
  process.stderr.write(
    `[e2e] repository built in ${results.buildSeconds.toFixed(1)} s: base..head ${shas.changedHead.length} changed paths, base..head+ ${shas.changedPlus.length}\n`,
  );
  results.loadavgBefore = os.loadavg();

  fs.rmSync(cacheDir, { recursive: true, force: true });
  const cold = analyze('cold', shas.base, shas.head);
  const warm = analyze('warm', shas.base, shas.head);
  const add = analyze('add', shas.base, shas.headPlus);
  results.loadavgAfter = os.loadavg();
  results.runs = [cold, warm, add];
  if (PROFILE) results.warmProfile = profileWarm(shas);

  // analyze() also embeds the first AUG_SAMPLE head images (by path) clean and augmented, to measure
  // the augmentation pipeline; a new image that lands among them adds its 2 embeddings to the misses.
  // With the default sizes the new files sort after every existing file of their folder: none does.
  const headPaths = [...partImages(N, 1, NEW_CAMERA).map((x) => x.path), ...shas.added].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const inAug = headPaths.slice(0, AUG_SAMPLE).filter((p) => shas.added.includes(p)).length;
  const expectedAddMisses = ADD + 2 * inAug;
  const warmRatio = warm.seconds / cold.seconds;
  results.checks = {
    warmOverCold: { value: warmRatio, goal: `≤ ${GOAL_WARM}`, pass: warmRatio <= GOAL_WARM },
    coldSeconds: { value: cold.seconds, goal: `≤ ${GOAL_COLD_SECONDS} s (${N} images)`, pass: N === 1000 ? cold.seconds <= GOAL_COLD_SECONDS : undefined },
    warmAllHits: { value: warm.cache, pass: warm.cache?.misses === 0 },
    addEmbedsOnlyNew: { value: add.cache, expectedMisses: expectedAddMisses, pass: add.cache?.misses === expectedAddMisses },
    everyImageSampled: {
      value: { cold: cold.sample, add: add.sample },
      pass: cold.sample?.base === N && cold.sample?.head === N && add.sample?.head === N + ADD,
    },
    addOverCold: { value: add.seconds / cold.seconds },
    // CPU time (user + system of the analyze process) is less sensitive to other load on the machine
    cpuWarmOverCold: { value: warm.cpuSeconds && cold.cpuSeconds ? warm.cpuSeconds / cold.cpuSeconds : null },
  };
  results.note =
    'cache hits + misses count every embedding lookup: the sampled base and head images plus the ' +
    `augmentation measurement (the head pipeline applied to the first ${AUG_SAMPLE} head images, clean and augmented: ${2 * AUG_SAMPLE} lookups).`;

  const fmt = (x, d = 1) => (x === null || x === undefined ? '–' : Number(x).toFixed(d));
  const header = ['run', 'images base/head', 'wall s', 'analyze() s', 'CPU s', 'peak RSS MB', 'cache hits', 'cache misses', 'risk'];
  const rows = [cold, warm, add].map((r) => [
    r.run,
    `${r.sample?.base ?? '?'}/${r.sample?.head ?? '?'}`,
    fmt(r.seconds),
    fmt(r.analyzeSeconds),
    fmt(r.cpuSeconds),
    fmt(r.peakRssMb, 0),
    String(r.cache?.hits ?? '–'),
    String(r.cache?.misses ?? '–'),
    r.level,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((t) => t[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(`end to end: a PR modifying ${N} images (${SIZE}×${SIZE} JPEG, every image sampled and embedded), backend ${cold.backend} (${cold.device})`);
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const t of rows) console.log(line(t));
  console.log('');
  const c = results.checks;
  console.log(
    `cold run: ${cold.seconds.toFixed(1)} s, warm run: ${warm.seconds.toFixed(1)} s, default engine ${cold.backend} (${cold.device}${cold.imagesPerSecond ? `, ${cold.imagesPerSecond} images/s` : ''}); cold goal ≤ ${GOAL_COLD_SECONDS} s for 1,000 images: ${c.coldSeconds.pass === undefined ? 'n/a' : c.coldSeconds.pass ? 'PASS' : 'FAIL'}`,
  );
  console.log(
    `warm / cold wall time: ${warmRatio.toFixed(3)} (goal ≤ ${GOAL_WARM}): ${c.warmOverCold.pass ? 'PASS' : 'FAIL'}; CPU time ratio ${fmt(c.cpuWarmOverCold.value, 3)}`,
  );
  console.log(`warm run cache misses: ${warm.cache?.misses ?? '?'} (goal 0): ${c.warmAllHits.pass ? 'PASS' : 'FAIL'}`);
  console.log(
    `+${ADD} images on the warm cache: ${add.cache?.misses ?? '?'} embedded (cache misses), goal ${expectedAddMisses}${inAug ? ` (${ADD} + ${inAug} of them also in the augmentation sample, clean and augmented)` : ''}: ${c.addEmbedsOnlyNew.pass ? 'PASS' : 'FAIL'}; wall time ${(add.seconds / cold.seconds).toFixed(3)} × cold`,
  );
  console.log(
    `(repository build ${results.buildSeconds.toFixed(1)} s, not timed above; load average before/after ${results.loadavgBefore.map((x) => x.toFixed(1)).join(' ')} / ${results.loadavgAfter.map((x) => x.toFixed(1)).join(' ')})`,
  );
  if (results.warmProfile) {
    const p = results.warmProfile;
    console.log(
      `\nwhere a warm run's time goes (one more warm run under --cpu-prof, ${p.cpuSeconds.toFixed(1)} s of samples; inclusive, nested rows overlap):`,
    );
    const w = Math.max(...p.top.map((t) => t.fn.length), 8);
    console.log(`| ${'function'.padEnd(w)} | CPU s | share |`);
    console.log(`|${'-'.repeat(w + 2)}|-------|-------|`);
    for (const t of p.top) console.log(`| ${t.fn.padEnd(w)} | ${t.seconds.toFixed(1).padStart(5)} | ${`${(100 * t.share).toFixed(0)}%`.padStart(5)} |`);
  }
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(path.join(RESULTS, 'e2e.json'), JSON.stringify(results, null, 2) + '\n');
  console.log(`BENCH_JSON ${JSON.stringify(results)}`);
} finally {
  cleanup();
}
