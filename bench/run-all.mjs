#!/usr/bin/env node
/**
 * npm run bench — every benchmark in turn, then docs/benchmarks.md.
 *
 * Builds once (`npm run build`), then runs bench:stats, bench:embed, bench:calibration and bench:e2e
 * one after the other. Each runs as its package.json script; a leading `npm run build && ` is dropped
 * (the build was just done), the rest runs through the shell with node_modules/.bin on PATH, as npm
 * would. A script that is missing, fails or times out is recorded as such (with its error) and the
 * others still run.
 *
 * Output is read loosely: a line `BENCH_JSON {...}` is used when a benchmark prints one; otherwise the
 * figures are picked out of the text where their format is known, and the raw output is always kept
 * in the document.
 *
 *   node bench/run-all.mjs                       run everything, write docs/benchmarks.md
 *   node bench/run-all.mjs --only bench:e2e      run only these (comma list); the others are taken
 *                                                from their last recorded run (bench/results/run-*.json)
 *   node bench/run-all.mjs --no-build            skip the build
 *   node bench/run-all.mjs --render              only re-render docs/benchmarks.md from the records
 *
 * Env: BENCH_TIMEOUT_MIN (per benchmark, default 40), BENCH_NOTE (a sentence about the conditions of
 * this run, printed under the machine table).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = path.join(ROOT, 'bench', 'results');
const DOC = path.join(ROOT, 'docs', 'benchmarks.md');
export const BENCHES = ['bench:stats', 'bench:embed', 'bench:calibration', 'bench:e2e'];
const BUILD_PREFIX = /^npm run build\s*&&\s*/;

// ---------------------------------------------------------------------------------------------
// parsing

/** The last `BENCH_JSON {...}` line of a benchmark's output, parsed (undefined when absent or bad). */
export function benchJson(text) {
  const lines = text.split('\n').filter((l) => l.startsWith('BENCH_JSON '));
  for (const l of lines.reverse()) {
    try {
      return JSON.parse(l.slice('BENCH_JSON '.length));
    } catch {
      // try an earlier one
    }
  }
  return undefined;
}

/** Markdown tables in a text: arrays of row objects keyed by the header cells. */
export function markdownTables(text) {
  const tables = [];
  const lines = text.split('\n');
  for (let i = 0; i + 1 < lines.length; i++) {
    if (!/^\s*\|/.test(lines[i]) || !/^\s*\|[\s:|-]+\|\s*$/.test(lines[i + 1])) continue;
    const split = (l) =>
      l
        .trim()
        .replace(/^\|/, '')
        .replace(/\|$/, '')
        .split('|')
        .map((c) => c.trim());
    const header = split(lines[i]);
    const rows = [];
    let j = i + 2;
    for (; j < lines.length && /^\s*\|/.test(lines[j]); j++) {
      const c = split(lines[j]);
      rows.push(Object.fromEntries(header.map((h, k) => [h, c[k] ?? ''])));
    }
    // the nearest heading above the table (markdown `#` line), for context
    let heading = '';
    for (let h = i - 1; h >= 0; h--) {
      if (/^#+\s/.test(lines[h])) {
        heading = lines[h].replace(/^#+\s*/, '').trim();
        break;
      }
    }
    tables.push({ header, rows, heading });
    i = j - 1;
  }
  return tables;
}

const num = (s) => {
  const m = /-?\d+(?:\.\d+)?(?:e-?\d+)?/i.exec(String(s ?? ''));
  return m ? Number(m[0]) : undefined;
};

/**
 * The goals of one benchmark, checked against its output: [{goal, measured, pass}] (pass undefined
 * when the figure could not be found). `json` is its BENCH_JSON, when it printed one.
 */
export function checkGoals(name, text, json) {
  const out = [];
  const add = (goal, measured, pass) => out.push({ goal, measured: measured ?? 'not found in the output', pass: measured === undefined ? undefined : pass });
  if (name === 'bench:stats') {
    let ratio = json?.ratio ?? json?.nodeOverPython;
    if (ratio === undefined) ratio = num(/ratio node \/ python:\s*([\d.]+)/i.exec(text)?.[1]);
    add('compare (1M rows/side): node / pandas+scipy wall time ≤ 1.0', ratio === undefined ? undefined : ratio.toFixed(3), ratio <= 1.0);
    const rss1 = json?.rss1m ?? num(/1M rows\/side[^\n]*?:\s*([\d.]+) MB peak RSS/i.exec(text)?.[1]);
    const rss4 = json?.rss4m ?? num(/4M rows\/side[^\n]*?:\s*([\d.]+) MB peak RSS/i.exec(text)?.[1]);
    const flat = rss1 !== undefined && rss4 !== undefined ? rss4 / rss1 : undefined;
    add(
      'memory flat: peak RSS at 4M rows/side ≤ 1.25 × at 1M rows/side (default sample)',
      flat === undefined ? undefined : `${rss1} MB → ${rss4} MB (× ${flat.toFixed(2)})`,
      flat <= 1.25,
    );
    if (/pandas \+ scipy: not found/i.test(text)) out[0].measured = 'pandas + scipy not installed: no comparison';
  } else if (name === 'bench:embed') {
    const rows = json?.rows ?? markdownTables(text).find((t) => t.header.some((h) => /^ratio/i.test(h)))?.rows ?? [];
    for (const r of rows) {
      const backend = r.backend ?? '?';
      const ratioKey = Object.keys(r).find((k) => /^ratio/i.test(k));
      const cacheKey = Object.keys(r).find((k) => /^cache ?ratio/i.test(k));
      const ratio = num(r[ratioKey]);
      const cache = num(r[cacheKey]);
      // where decode and inference share the cores, the bounds they set (the decode as done, and libjpeg's cheapest)
      const bounds = [
        r.cpuBound && r.raw ? `CPU bound ${(r.cpuBound / r.raw).toFixed(2)}` : '',
        r.floorBound && r.raw ? `bound with the cheapest decode ${(r.floorBound / r.raw).toFixed(2)}` : '',
      ].filter(Boolean);
      add(
        `${backend}: pipeline / raw predict() images/s ≥ 0.8`,
        ratio === undefined ? undefined : `${ratio.toFixed(2)}${bounds.length ? ` (${bounds.join('; ')})` : ''}`,
        ratio >= 0.8,
      );
      add(`${backend}: embedding cache warm / cold ≤ 0.25`, cache === undefined ? undefined : cache.toFixed(3), cache <= 0.25);
    }
    if (!rows.length) add('pipeline / raw ≥ 0.8 and cache warm / cold ≤ 0.25', undefined, undefined);
    // the engine goals (issue 14), when the benchmark printed its ratios
    const ratios = json?.ratios;
    if (ratios?.onnxOverWasmRaw !== undefined)
      add(
        'onnx / wasm raw images/s ≥ 10 (same run, medians)',
        `${ratios.onnxOverWasmRaw.toFixed(1)}× (best ${ratios.onnxOverWasmRawBest?.toFixed(1) ?? '?'}×)`,
        ratios.onnxOverWasmRaw >= 10,
      );
    if (ratios?.onnxOfCeiling !== undefined) {
      const c = json.ceiling ?? {};
      add(
        `onnx raw ≥ 30 % of the hardware ceiling (${c.gflopPerImage ?? 0.6} GFLOP/image at ${Math.round((c.cores ?? 0) * (c.gflopsPerCore ?? 0))} GFLOP/s, ${(c.basis ?? 'assumed').split(':')[0]} ≈ ${Math.round(c.imagesPerSecond ?? 0)} images/s)`,
        `${(100 * ratios.onnxOfCeiling).toFixed(1)} % (best ${(100 * (ratios.onnxOfCeilingBest ?? ratios.onnxOfCeiling)).toFixed(1)} %)`,
        ratios.onnxOfCeiling >= 0.3,
      );
    }
  } else if (name === 'bench:calibration') {
    const entries = [];
    const alphaJson = json?.alpha;
    if (json && Array.isArray(json.rows)) {
      for (const r of json.rows) {
        const fpr = r.falsePositiveRate ?? r.fpr;
        if (fpr !== undefined) entries.push({ label: r.name ?? r.test ?? r.metric ?? 'rate', fpr, alpha: r.alpha ?? alphaJson });
      }
    } else if (json && (json.falsePositiveRate ?? json.fpr) !== undefined) {
      entries.push({ label: 'false-positive rate', fpr: json.falsePositiveRate ?? json.fpr, alpha: alphaJson });
    } else {
      const alpha = num(/(?:α|alpha)\s*[=:]?\s*(\d[\d.]*)/i.exec(text)?.[1]);
      // a table with a "false-positive rate" column (percentages or fractions), else loose lines
      const tables = markdownTables(text).filter((t) => t.header.some((h) => /false[- ]positive rate/i.test(h)));
      for (const table of tables) {
        const col = table.header.find((h) => /false[- ]positive rate/i.test(h));
        // several tables (e.g. one per sample size): tell them apart by their heading's "N items per side"
        const n = /(\d+) items per side/i.exec(table.heading)?.[1];
        const suffix = tables.length > 1 ? (n ? `, n = ${n}` : `, table ${tables.indexOf(table) + 1}`) : '';
        for (const row of table.rows) {
          const v = num(row[col]);
          if (v === undefined) continue;
          entries.push({ label: `${row[table.header[0]] || 'false-positive rate'}${suffix}`, fpr: /%/.test(row[col]) ? v / 100 : v, alpha });
        }
      }
      if (!tables.length) {
        for (const m of text.matchAll(/^(.*?)false[- ]positive rate[^\d\n]*([\d.]+)(%?)/gim)) {
          entries.push({ label: m[1].replace(/[|:]/g, ' ').trim() || 'false-positive rate', fpr: Number(m[2]) / (m[3] ? 100 : 1), alpha });
        }
      }
    }
    for (const e of entries) {
      const a = e.alpha ?? 0.05;
      const pct = (x) => `${(100 * x).toFixed(1)}%`;
      add(`${e.label}: false-positive rate ≤ α + 0.02 = ${pct(a + 0.02)}`, pct(Number(e.fpr)), e.fpr <= a + 0.02);
    }
    if (!entries.length) add('false-positive rate ≤ α + 0.02', undefined, undefined);
  } else if (name === 'bench:e2e') {
    const c = json?.checks;
    const r = c?.warmOverCold?.value;
    const cpu = c?.cpuWarmOverCold?.value;
    const cold = c?.coldSeconds;
    if (cold) add(`cold run ${cold.goal ?? '≤ 25 s'} on the default engine`, `${cold.value.toFixed(1)} s`, cold.pass === undefined ? undefined : cold.pass);
    add(
      'warm cache / cold wall time ≤ 0.25',
      r === undefined ? undefined : `${r.toFixed(3)}${typeof cpu === 'number' ? ` (CPU time: ${cpu.toFixed(3)})` : ''}`,
      r <= 0.25,
    );
    const m = c?.addEmbedsOnlyNew;
    add(
      `+${json?.added ?? 10} images on a warm cache embeds only those`,
      m ? `${m.value?.misses} embedded (cache misses; expected ${m.expectedMisses})` : undefined,
      m?.pass,
    );
    const w = c?.warmAllHits;
    add('warm run embeds nothing', w ? `${w.value?.misses} cache misses` : undefined, w?.pass);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// running

function machine() {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    const info = fs.readFileSync('/proc/cpuinfo', 'utf8');
    const m = /^model name\s*:\s*(.+)$/m.exec(info);
    if (m) cpu = m[1].trim();
  } catch {
    // not Linux
  }
  return {
    cpu,
    cores: os.cpus().length,
    memoryGb: os.totalmem() / 2 ** 30,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString(),
    loadavg: os.loadavg(),
  };
}

/** Run a shell command in ROOT; stream its output to stderr while keeping a copy. */
function run(command, timeoutMs) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const env = { ...process.env, PATH: `${path.join(ROOT, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH ?? ''}` };
    const child = spawn('sh', ['-c', command], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      process.stderr.write(d);
    });
    child.stderr.on('data', (d) => {
      stderr += d;
      process.stderr.write(d);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, timedOut, seconds: (Date.now() - t0) / 1000, stdout, stderr });
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: null, signal: null, timedOut, seconds: (Date.now() - t0) / 1000, stdout, stderr: stderr + String(err) });
    });
  });
}

const recordPath = (name) => path.join(RESULTS, `run-${name.replace(/[^\w-]+/g, '-')}.json`);

export async function runBench(name, scripts, timeoutMs) {
  const script = scripts[name];
  if (!script) return { name, status: 'missing', error: `package.json has no "${name}" script`, date: new Date().toISOString() };
  const command = script.replace(BUILD_PREFIX, '');
  process.stderr.write(`\n=== ${name}: ${command}\n`);
  const r = await run(command, timeoutMs);
  const json = benchJson(r.stdout);
  const status = r.timedOut ? 'timeout' : r.code === 0 ? 'ok' : 'failed';
  const rec = {
    name,
    script,
    command,
    status,
    exitCode: r.code,
    signal: r.signal,
    seconds: r.seconds,
    date: new Date().toISOString(),
    loadavgAfter: os.loadavg(),
    stdout: r.stdout,
    stderrTail: r.stderr.trim().split('\n').slice(-25).join('\n'),
    json,
  };
  if (status !== 'ok') {
    rec.error = r.timedOut
      ? `timed out after ${(timeoutMs / 60000).toFixed(0)} min`
      : `exit ${r.code ?? r.signal}: ${r.stderr.trim().split('\n').filter(Boolean).slice(-1)[0] ?? ''}`;
  }
  return rec;
}

// ---------------------------------------------------------------------------------------------
// the document

const ICON = { true: '✅ met', false: '❌ not met', undefined: '❔ not measured' };

/** docs/benchmarks.md from the machine description and the per-benchmark records. */
export function renderDoc(m, records, note) {
  const L = [];
  L.push('# Benchmarks');
  L.push('');
  L.push('<!-- Written by `npm run bench` (bench/run-all.mjs); re-run it to refresh. -->');
  L.push('');
  L.push(
    'Speed and memory goals of transfer-risk, measured by the `bench:*` scripts against the built `dist/` (each ' +
      'benchmark runs the real code, most of them as a separate process). Timings depend on the machine and on ' +
      'what else runs on it; the **ratios** are measured within one run of one benchmark and are the figures the ' +
      'goals are stated in.',
  );
  L.push('');
  L.push('## Machine');
  L.push('');
  L.push('| | |');
  L.push('|-|-|');
  L.push(`| CPU | ${m.cpu} |`);
  L.push(`| Cores | ${m.cores} |`);
  L.push(`| Memory | ${m.memoryGb.toFixed(1)} GiB |`);
  L.push(`| OS | ${m.os} |`);
  L.push(`| Node.js | ${m.node} |`);
  L.push(`| Date | ${m.date.slice(0, 16).replace('T', ' ')} UTC |`);
  L.push(`| Load average at start (1/5/15 min) | ${m.loadavg.map((x) => x.toFixed(2)).join(' / ')} |`);
  L.push('');
  if (note) {
    L.push(`> ${note}`);
    L.push('');
  }
  L.push('## Goals');
  L.push('');
  L.push('| Benchmark | Goal | Measured | Status |');
  L.push('|-----------|------|----------|--------|');
  for (const r of records) {
    if (r.status !== 'ok') {
      L.push(`| \`${r.name}\` | — | ${r.status}: ${(r.error ?? '').replace(/\|/g, '\\|')} | ❔ not measured |`);
      continue;
    }
    const goals = checkGoals(r.name, r.stdout ?? '', r.json);
    for (const g of goals)
      L.push(`| \`${r.name}\` | ${g.goal.replace(/\|/g, '\\|')} | ${String(g.measured).replace(/\|/g, '\\|')} | ${ICON[String(g.pass)]} |`);
  }
  L.push('');
  for (const r of records) {
    L.push(`## \`${r.name}\``);
    L.push('');
    if (r.status === 'missing') {
      L.push(`Not run: ${r.error}.`);
      L.push('');
      continue;
    }
    L.push(
      `Command: \`${r.command}\` · status: **${r.status}**${r.exitCode !== undefined && r.exitCode !== null ? ` (exit ${r.exitCode})` : ''} · ${r.seconds.toFixed(0)} s · run ${r.date.slice(0, 16).replace('T', ' ')} UTC · load average after ${r.loadavgAfter.map((x) => x.toFixed(1)).join(' / ')}`,
    );
    L.push('');
    if (r.error) {
      L.push(`Error: ${r.error}`);
      L.push('');
    }
    const prose = typeof DESCRIPTIONS[r.name] === 'function' ? DESCRIPTIONS[r.name](r.json) : DESCRIPTIONS[r.name];
    if (prose) {
      L.push(prose);
      L.push('');
    }
    const text = (r.stdout ?? '')
      .split('\n')
      .filter((l) => !l.startsWith('BENCH_JSON '))
      .join('\n')
      .trim();
    if (text) {
      L.push('Output:');
      L.push('');
      L.push('```text');
      L.push(text);
      L.push('```');
      L.push('');
    }
    if (r.status !== 'ok' && r.stderrTail) {
      L.push('Last lines of stderr:');
      L.push('');
      L.push('```text');
      L.push(r.stderrTail);
      L.push('```');
      L.push('');
    }
  }
  return L.join('\n');
}

const DESCRIPTIONS = {
  'bench:stats':
    'Feature-drift statistics on large tables: `compare` of two 1M-row CSVs with every row used (`--sample-size 0`), ' +
    'against pandas + scipy computing the same metrics on the same files (when installed), and peak memory of the ' +
    'default (sampled) run at 1M and 4M rows per side. "Flat" is read as: 4× the rows costs at most 1.25× the peak RSS.',
  'bench:embed':
    'Embedding throughput of the built-in model (MobileNetV2, 224×224) per engine that loads here, alternating ' +
    'the contenders round by round (median and best): raw inference images/s (ONNX Runtime `session.run`, TF.js ' +
    '`predict()`) against the pipeline (640×480 JPEG decode + resize overlapping batched inference), the ' +
    'embedding cache (warm / cold run time on the same images, model load included), the ONNX Runtime / WASM ' +
    'ratio and ONNX Runtime against the hardware ceiling: the larger of the float32 peak the CPU describes ' +
    '(/proc/cpuinfo: clock × FLOP per cycle) and a large MatMul measured on ONNX Runtime. It also prints the decode ' +
    'alone and the decode floor (libjpeg shrink-on-load by 8), with the bounds they set on the pipeline when ' +
    'decode and inference share the cores.',
  'bench:calibration':
    'Calibration of the drift tests: how often they flag drift when base and head come from the same distribution ' +
    '(the false-positive rate), against the significance level α.',
  'bench:e2e': (j) => {
    const n = (j?.images ?? 1000).toLocaleString('en-US');
    const px = j?.imageSize ?? 112;
    return (
      `A pull request that modifies ${n} images: the demo renderer's machine parts (${px}×${px} JPEG), base from the ` +
      `reference camera, head the same ${n} paths re-shot with the new camera; \`sample.size: 0\`, so all ${n} images ` +
      `of each side are read, featurized and embedded (${(2 * (j?.images ?? 1000)).toLocaleString('en-US')} embeddings, plus the augmentation measurement on 48 head ` +
      `images, clean and augmented). \`node dist/cli.js analyze --backend ${j?.backend ?? 'auto'} --format json\` runs as a child process ` +
      'and its whole-process wall time is measured (node start-up, model load, git reads, decoding, features, embeddings, ' +
      'statistics, report): cold (empty cache), warm (the same PR again on the same cache) and a head with ' +
      `${j?.added ?? 10} more images on the warm cache. "Embedded" counts \`report.meta.cache.misses\`.`
    );
  },
};

async function main(argv) {
  const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1].split(',') : undefined;
  const renderOnly = argv.includes('--render');
  const timeoutMs = Number(process.env.BENCH_TIMEOUT_MIN ?? 40) * 60000;
  fs.mkdirSync(RESULTS, { recursive: true });
  const m = machine();
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const scripts = pkg.scripts ?? {};

  if (!renderOnly && !argv.includes('--no-build')) {
    process.stderr.write('=== npm run build\n');
    const b = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    if (b.status !== 0) process.stderr.write(`npm run build exited with ${b.status}: the benchmarks will use whatever dist/ holds\n`);
  }

  const records = [];
  for (const name of BENCHES) {
    const wanted = !renderOnly && (!only || only.includes(name));
    let rec;
    if (wanted) {
      rec = await runBench(name, scripts, timeoutMs);
      fs.writeFileSync(recordPath(name), JSON.stringify(rec, null, 2) + '\n');
    } else if (fs.existsSync(recordPath(name))) {
      rec = JSON.parse(fs.readFileSync(recordPath(name), 'utf8'));
    } else if (!scripts[name]) {
      rec = { name, status: 'missing', error: `package.json has no "${name}" script` };
    } else {
      rec = { name, status: 'missing', error: 'not run in this session (no recorded run)' };
    }
    records.push(rec);
  }
  const note = process.env.BENCH_NOTE;
  if (note) m.note = note;
  const machineRec = path.join(RESULTS, 'run-machine.json');
  const mm = renderOnly && fs.existsSync(machineRec) ? JSON.parse(fs.readFileSync(machineRec, 'utf8')) : m;
  if (!renderOnly) fs.writeFileSync(machineRec, JSON.stringify(m, null, 2) + '\n');
  fs.mkdirSync(path.dirname(DOC), { recursive: true });
  fs.writeFileSync(DOC, renderDoc(mm, records, note ?? mm.note));
  process.stderr.write(`\nwrote ${path.relative(ROOT, DOC)}\n`);
  const summary = records.map((r) => `${r.name}: ${r.status}`).join(', ');
  console.log(summary);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main(process.argv.slice(2));
}
