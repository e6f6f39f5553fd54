/**
 * bench/run-all.mjs (the `npm run bench` umbrella that writes docs/benchmarks.md): how it reads the
 * benchmarks' output and judges their goals. The outputs below are written by hand in the formats the
 * bench scripts print.
 */
import { describe, expect, it } from '@jest/globals';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface Goal {
  goal: string;
  measured: string;
  pass: boolean | undefined;
}
interface Record {
  name: string;
  status: string;
  error?: string;
  command?: string;
  seconds?: number;
  date?: string;
  loadavgAfter?: number[];
  stdout?: string;
  json?: unknown;
}
interface RunAll {
  BENCHES: string[];
  benchJson(text: string): unknown;
  markdownTables(text: string): Array<{ header: string[]; rows: Array<{ [k: string]: string }> }>;
  checkGoals(name: string, text: string, json?: unknown): Goal[];
  renderDoc(machine: object, records: Record[], note?: string): string;
  runBench(name: string, scripts: { [k: string]: string }, timeoutMs: number): Promise<Record>;
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const runAll = (await import(pathToFileURL(join(ROOT, 'bench', 'run-all.mjs')).href)) as RunAll;

const EMBED_OUT = `| backend | device          | images | batch | raw img/s | pipeline img/s | ratio (≥0.8) | cold s | warm s | cache ratio (≤0.25) |
|---------|-----------------|--------|-------|-----------|----------------|--------------|--------|--------|---------------------|
| wasm    | CPU (WASM SIMD) | 96     | 32    | 20.00     | 18.00          | 0.90         | 9.00   | 1.00   | 0.111               |
| cpu     | CPU (pure JS)   | 8      | 8     | 1.00      | 0.50           | 0.50         | 20.00  | 6.00   | 0.300               |

(2 CPUs, AMD EPYC, node v20.20.2)`;

const statsOut = (ratio: string, rss1: number, rss4: number): string => `generating tables in /tmp/x (cached between runs) …
  1M rows × 4 columns: base 40 MB, head 40 MB

compare --sample-size 0, 1M rows/side (whole process, median of 3): 2.000 s wall, 2.100 s CPU  [2.0, 2.1, 1.9]  peak RSS 400 MB
pandas + scipy (python3; pandas/scipy 2.1/1.11), same metrics (median of 3): 2.500 s wall, 2.400 s CPU  [2.5, 2.5, 2.6]
ratio node / python: ${ratio} wall time (goal ≤ 1.0); 0.875 CPU time
largest relative difference node vs python over psi/js/ks/wasserstein/chi2: 1.00e-12

peak RSS of compare with the default sample (10000 rows/side):
  1M rows/side (40 MB + 40 MB): ${rss1} MB peak RSS, 1.00 s wall, 1.10 s CPU
  4M rows/side (160 MB + 160 MB): ${rss4} MB peak RSS, 3.00 s wall, 3.10 s CPU`;

describe('bench/run-all.mjs', () => {
  it('runs the four benchmarks in order', () => {
    expect(runAll.BENCHES).toEqual(['bench:stats', 'bench:embed', 'bench:calibration', 'bench:e2e']);
  });

  it('uses the last parseable BENCH_JSON line', () => {
    expect(runAll.benchJson('x\nBENCH_JSON {"a":1}\nBENCH_JSON {"a":2}\ny')).toEqual({ a: 2 });
    expect(runAll.benchJson('BENCH_JSON {"a":1}\nBENCH_JSON {broken')).toEqual({ a: 1 });
    expect(runAll.benchJson('no json here')).toBeUndefined();
  });

  it('reads markdown tables', () => {
    const [t] = runAll.markdownTables(EMBED_OUT);
    expect(t!.header[0]).toBe('backend');
    expect(t!.rows).toHaveLength(2);
    expect(t!.rows[1]!['cache ratio (≤0.25)']).toBe('0.300');
  });

  it('judges bench:stats: speed ratio and flat memory', () => {
    const good = runAll.checkGoals('bench:stats', statsOut('0.800', 300, 330));
    expect(good.map((g) => g.pass)).toEqual([true, true]);
    expect(good[0]!.measured).toBe('0.800');
    const bad = runAll.checkGoals('bench:stats', statsOut('1.300', 300, 1200));
    expect(bad.map((g) => g.pass)).toEqual([false, false]);
    expect(bad[1]!.measured).toContain('× 4.00');
    const none = runAll.checkGoals('bench:stats', 'pandas + scipy: not found. Install them');
    expect(none[0]!.pass).toBeUndefined();
    expect(none[0]!.measured).toMatch(/not installed/);
  });

  it('judges bench:embed per backend', () => {
    const g = runAll.checkGoals('bench:embed', EMBED_OUT);
    expect(g.map((x) => [x.goal.split(':')[0], x.measured, x.pass])).toEqual([
      ['wasm', '0.90', true],
      ['wasm', '0.111', true],
      ['cpu', '0.50', false],
      ['cpu', '0.300', false],
    ]);
    expect(runAll.checkGoals('bench:embed', 'nothing')[0]!.pass).toBeUndefined();
  });

  it('judges the engine goals of bench:embed from its BENCH_JSON: onnx ≥ 10× wasm raw, ≥ 30 % of the ceiling', () => {
    const json = {
      rows: [
        { backend: 'onnx', ratio: 0.85, cacheRatio: 0.1, raw: 200, cpuBound: 140, floorBound: 150 },
        { backend: 'wasm', ratio: 0.95, cacheRatio: 0.05 },
      ],
      ratios: { onnxOverWasmRaw: 19.5, onnxOverWasmRawBest: 20.1, onnxOfCeiling: 0.36, onnxOfCeilingBest: 0.4 },
      ceiling: { gflopPerImage: 0.6, gflopsPerCore: 94, cores: 2, imagesPerSecond: 313.3, basis: 'measured: 2048³ float32 MatMul on ONNX Runtime' },
    };
    const g = runAll.checkGoals('bench:embed', '', json);
    expect(g.map((x) => [x.goal, x.measured, x.pass])).toEqual([
      ['onnx: pipeline / raw predict() images/s ≥ 0.8', '0.85 (CPU bound 0.70; bound with the cheapest decode 0.75)', true],
      ['onnx: embedding cache warm / cold ≤ 0.25', '0.100', true],
      ['wasm: pipeline / raw predict() images/s ≥ 0.8', '0.95', true],
      ['wasm: embedding cache warm / cold ≤ 0.25', '0.050', true],
      ['onnx / wasm raw images/s ≥ 10 (same run, medians)', '19.5× (best 20.1×)', true],
      ['onnx raw ≥ 30 % of the hardware ceiling (0.6 GFLOP/image at 188 GFLOP/s, measured ≈ 313 images/s)', '36.0 % (best 40.0 %)', true],
    ]);
    json.ratios.onnxOverWasmRaw = 8;
    json.ratios.onnxOfCeiling = 0.2;
    expect(
      runAll
        .checkGoals('bench:embed', '', json)
        .slice(-2)
        .map((x) => x.pass),
    ).toEqual([false, false]);
  });

  it('judges the cold 1,000-image run of bench:e2e', () => {
    const json = { checks: { coldSeconds: { value: 21.4, goal: '≤ 25 s (1000 images)', pass: true }, warmOverCold: { value: 0.2 } } };
    const g = runAll.checkGoals('bench:e2e', '', json);
    expect(g[0]).toEqual({ goal: 'cold run ≤ 25 s (1000 images) on the default engine', measured: '21.4 s', pass: true });
    json.checks.coldSeconds = { value: 31, goal: '≤ 25 s (1000 images)', pass: false };
    expect(runAll.checkGoals('bench:e2e', '', json)[0]!.pass).toBe(false);
  });

  it('judges bench:calibration against α + 0.02', () => {
    const text = 'alpha = 0.05\nks: false-positive rate 0.061\nmmd: false-positive rate 0.080\n';
    expect(runAll.checkGoals('bench:calibration', text).map((g) => g.pass)).toEqual([true, false]);
    const table = `# Calibration (AMD EPYC, node v20)

alpha 0.05; synthetic 32×32 part images

| test | trials | false-positive rate | bound (α + 0.02) | ok |
|---|---:|---:|---:|:-:|
| feature drift (any) | 200 | 5.5% | 7.0% | yes |
| MMD | 200 | 7.5% | 7.0% | NO |
`;
    expect(runAll.checkGoals('bench:calibration', table).map((g) => [g.goal, g.measured, g.pass])).toEqual([
      ['feature drift (any): false-positive rate ≤ α + 0.02 = 7.0%', '5.5%', true],
      ['MMD: false-positive rate ≤ α + 0.02 = 7.0%', '7.5%', false],
    ]);
    const two = `## False-positive rate, no shift (200 trials, 100 items per side)\n\n${table.split('\n').slice(4).join('\n')}\n## False-positive rate, no shift (200 trials, 30 items per side)\n\n${table.split('\n').slice(4).join('\n')}`;
    expect(runAll.checkGoals('bench:calibration', two).map((g) => g.goal.split(':')[0])).toEqual([
      'feature drift (any), n = 100',
      'MMD, n = 100',
      'feature drift (any), n = 30',
      'MMD, n = 30',
    ]);
    const json = {
      alpha: 0.05,
      rows: [
        { name: 'psi', falsePositiveRate: 0.03 },
        { name: 'mmd', fpr: 0.071, alpha: 0.05 },
      ],
    };
    expect(runAll.checkGoals('bench:calibration', '', json).map((g) => [g.goal.split(':')[0], g.pass])).toEqual([
      ['psi', true],
      ['mmd', false],
    ]);
  });

  it('judges bench:e2e from its BENCH_JSON', () => {
    const json = {
      added: 10,
      checks: {
        warmOverCold: { value: 0.2 },
        addEmbedsOnlyNew: { value: { hits: 2000, misses: 10 }, expectedMisses: 10, pass: true },
        warmAllHits: { value: { hits: 2000, misses: 0 }, pass: true },
      },
    };
    expect(runAll.checkGoals('bench:e2e', '', json).map((g) => g.pass)).toEqual([true, true, true]);
    json.checks.warmOverCold.value = 0.4;
    expect(runAll.checkGoals('bench:e2e', '', json)[0]!.pass).toBe(false);
  });

  it('records a missing script as missing instead of crashing', async () => {
    const r = await runAll.runBench('bench:calibration', { 'bench:e2e': 'node x.mjs' }, 1000);
    expect(r.status).toBe('missing');
    expect(r.error).toContain('bench:calibration');
  });

  it('records a failing benchmark with its error', async () => {
    const r = await runAll.runBench('bench:x', { 'bench:x': 'npm run build && echo partial && echo broken >&2 && exit 3' }, 60000);
    expect(r.status).toBe('failed');
    expect(r.command).toBe('echo partial && echo broken >&2 && exit 3');
    expect(r.error).toBe('exit 3: broken');
  });

  it('writes a document with the machine, a goal table and each benchmark, missing ones included', () => {
    const machine = { cpu: 'Test CPU', cores: 2, memoryGb: 8, os: 'Linux', node: 'v20.0.0', date: '2026-01-01T00:00:00.000Z', loadavg: [1, 2, 3] };
    const base = { seconds: 10, date: '2026-01-01T00:00:00.000Z', loadavgAfter: [1, 1, 1], command: 'node bench/embed.mjs' };
    const md = runAll.renderDoc(
      machine,
      [
        { name: 'bench:embed', status: 'ok', ...base, stdout: EMBED_OUT + '\nBENCH_JSON {"x":1}' },
        { name: 'bench:calibration', status: 'missing', error: 'package.json has no "bench:calibration" script' },
        { name: 'bench:stats', status: 'failed', ...base, error: 'exit 2: boom', stdout: '' },
      ],
      'The machine was busy.',
    );
    expect(md).toContain('| CPU | Test CPU |');
    expect(md).toContain('| Cores | 2 |');
    expect(md).toContain('> The machine was busy.');
    expect(md).toContain('| `bench:embed` | wasm: pipeline / raw predict() images/s ≥ 0.8 | 0.90 | ✅ met |');
    expect(md).toContain('| `bench:embed` | cpu: embedding cache warm / cold ≤ 0.25 | 0.300 | ❌ not met |');
    expect(md).toContain('| `bench:calibration` | — | missing: package.json has no "bench:calibration" script |');
    expect(md).toContain('| `bench:stats` | — | failed: exit 2: boom |');
    expect(md).not.toContain('BENCH_JSON');
    expect(md).toContain(EMBED_OUT);
  });
});
