/**
 * The embedding tests and label-separability scores on worker threads (src/parallel/measure.ts) give the
 * numbers computed on the calling thread; a worker that cannot start, throws or exits without an answer
 * falls back to this thread; and `measureDatasetWith` gives `measureDataset`'s report, field order included.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Item } from '../../src/data/item.js';
import type { CollectedDataset } from '../../src/data/collect.js';
import { noCounts } from '../../src/data/unreadable.js';
import { measureDataset, measureDatasetWith, type EmbeddingDriftArgs, type TransferabilityArgs } from '../../src/measure/dataset.js';
import { measureTransferability } from '../../src/measure/transferability.js';
import { measureRunners, onWorker } from '../../src/parallel/measure.js';
import { driftOptions, embeddingDrift } from '../../src/measure/embedding.js';
import { DEFAULT_THRESHOLDS } from '../../src/risk/thresholds.js';
import { createRng } from '../../src/stats/rng.js';
import type { Matrix } from '../../src/stats/matrix.js';

const BUILT_WORKER = pathToFileURL(path.resolve('dist/parallel/measure-worker.js'));

function labelled(n: number, d: number, classes: number, seed: number): { features: Matrix; labels: string[] } {
  const r = createRng(seed);
  const centres = Array.from({ length: classes }, () => Float64Array.from({ length: d }, () => r.normal()));
  const data = new Float64Array(n * d);
  const labels: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % classes;
    labels.push(`class-${c}`);
    for (let j = 0; j < d; j++) data[i * d + j] = Math.max(0, centres[c]![j]! + 0.8 * r.normal());
  }
  return { features: { rows: n, cols: d, data }, labels };
}

function args(seed: number): TransferabilityArgs {
  return [labelled(90, 40, 3, seed), labelled(80, 40, 3, seed + 1), DEFAULT_THRESHOLDS, 42, { classifierHead: false }];
}

describe('measureRunners', () => {
  it('offloads only from built modules and with a second core', () => {
    expect(measureRunners({ cores: 1, moduleUrl: 'file:///x/measure.js' })).toBeUndefined();
    expect(measureRunners({ cores: 4, moduleUrl: 'file:///x/measure.ts' })).toBeUndefined();
    const r = measureRunners({ cores: 2, moduleUrl: 'file:///x/measure.js' });
    expect(typeof r?.embeddingDrift).toBe('function');
    expect(typeof r?.transferability).toBe('function');
  });
});

describe('onWorker', () => {
  it('the built worker gives the scores computed here, bit for bit', async () => {
    expect(existsSync(BUILT_WORKER)).toBe(true); // built by test/global-setup.mjs
    const a = args(1);
    const here = measureTransferability(...a);
    expect(here.base?.logme).toBeDefined();
    const there = await onWorker('transferability', a, BUILT_WORKER);
    expect(there).toEqual(here);
    expect(JSON.stringify(there)).toBe(JSON.stringify(here));
  });

  it('the built worker gives the embedding tests computed here, bit for bit', async () => {
    const b = labelled(120, 32, 2, 11).features;
    const h = labelled(100, 32, 2, 12).features;
    for (let i = 0; i < h.data.length; i += 3) h.data[i]! += 0.5; // a shifted head
    const a: EmbeddingDriftArgs = [b, h, driftOptions(DEFAULT_THRESHOLDS, 42)];
    const here = embeddingDrift(...a);
    expect(here.components).toBeGreaterThan(0);
    const there = await onWorker('embeddingDrift', a, BUILT_WORKER);
    expect(JSON.stringify(there)).toBe(JSON.stringify(here));
  });

  it('a worker module that is missing or throws: the scores are computed on this thread', async () => {
    const a = args(2);
    const here = measureTransferability(...a);
    expect(await onWorker('transferability', a, pathToFileURL(path.resolve('dist/parallel/no-such-worker.js')))).toEqual(here);
    const dir = mkdtempSync(path.join(tmpdir(), 'tr-worker-'));
    try {
      const broken = path.join(dir, 'broken.mjs');
      writeFileSync(broken, 'throw new Error("worker failed to start");\n');
      expect(await onWorker('transferability', a, pathToFileURL(broken))).toEqual(here);
      const silent = path.join(dir, 'silent.mjs');
      writeFileSync(silent, 'process.exit(0);\n'); // exits without an answer
      expect(await onWorker('transferability', a, pathToFileURL(silent))).toEqual(here);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('what the scores say of odd input (labels not matching the rows) comes back the same', async () => {
    const a = args(3);
    const bad: TransferabilityArgs = [{ features: a[0].features, labels: ['only-one'] }, a[1], a[2], a[3], a[4]];
    // labels not matching the rows is a note, not an error: the same outcome both ways
    expect(await onWorker('transferability', bad, BUILT_WORKER)).toEqual(measureTransferability(...bad));
  });
});

describe('measureDatasetWith', () => {
  it('gives measureDataset’s report, field order included', async () => {
    const mk = (side: 'base' | 'head', i: number, label: string): Item => ({
      id: `${side}/${i}.png`,
      path: `${side}/${i}.png`,
      side,
      status: 'modified',
      contentHash: `${side}-${i}`,
      features: { brightness: (i % 7) / 7 },
      label,
    });
    const b = labelled(60, 24, 3, 5);
    const h = labelled(60, 24, 3, 6);
    const base = b.labels.map((l, i) => mk('base', i, l));
    const head = h.labels.map((l, i) => mk('head', i, l));
    const collected: CollectedDataset = {
      name: 'parts',
      modality: 'image',
      labelSource: { kind: 'directory' },
      labelsSetting: 'directory',
      base,
      head,
      total: { base: 60, head: 60 },
      changes: { added: 0, modified: 60, deleted: 0, renamed: 0 },
      skipped: [],
      unreadable: { base: noCounts(), head: noCounts() },
    };
    const input = { collected, embeddings: { base: { items: base, vectors: b.features }, head: { items: head, vectors: h.features }, failed: [] } };
    const ctx = { t: DEFAULT_THRESHOLDS, seed: 42, model: { builtin: true } };
    const sync = measureDataset(input, ctx);
    const calls: string[] = [];
    const viaRunner = await measureDatasetWith(input, ctx, {
      embeddingDrift: async (...a) => {
        calls.push('embeddingDrift');
        return onWorker('embeddingDrift', a, BUILT_WORKER);
      },
      transferability: async (...a) => {
        calls.push('transferability');
        return onWorker('transferability', a, BUILT_WORKER);
      },
    });
    expect(calls.sort()).toEqual(['embeddingDrift', 'transferability']);
    expect(sync.report.embedding).toBeDefined();
    expect(sync.report.transferability?.base).toBeDefined();
    expect(JSON.stringify(viaRunner.report)).toBe(JSON.stringify(sync.report));
  });
});
