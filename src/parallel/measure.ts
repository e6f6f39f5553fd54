/**
 * The measure stage's two costliest parts on worker threads: the embedding tests (PCA, MMD, domain
 * classifier: src/measure/embedding.ts) and the label-separability scores (kNN probe, LogME, H-score and
 * their shuffled-label baselines: src/measure/transferability.ts), while the main thread measures the
 * rest of the dataset and the augmentation pipeline. Each worker computes the same function on a copy of
 * the same arrays, so the numbers are the same wherever they are computed.
 *
 * Used only where the built worker module exists (running from dist/, not from the TypeScript sources
 * under jest) and the process may use more than one core. A worker that cannot start, fails or exits
 * without an answer is not an error of the run: that part is then computed on the calling thread (and an
 * error it raises is raised there).
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { embeddingDrift } from '../measure/embedding.js';
import type { EmbeddingDriftArgs, MeasureRunners, TransferabilityArgs } from '../measure/dataset.js';
import { measureTransferability } from '../measure/transferability.js';

const WORKER = new URL('./measure-worker.js', import.meta.url);

/** The functions a worker runs, by name (src/parallel/measure-worker.ts). */
export const MEASURES = {
  embeddingDrift: (...args: EmbeddingDriftArgs) => embeddingDrift(...args),
  transferability: (...args: TransferabilityArgs) => measureTransferability(...args),
};
export type MeasureName = keyof typeof MEASURES;

/** What a worker is sent. */
export interface MeasureJob {
  fn: MeasureName;
  args: unknown[];
}

/** Where `measureDatasetWith` should send its two costliest parts; undefined: compute everything on this thread. */
export function measureRunners(opts: { cores?: number; moduleUrl?: string } = {}): MeasureRunners | undefined {
  const cores = opts.cores ?? os.availableParallelism();
  if (cores < 2 || !(opts.moduleUrl ?? import.meta.url).endsWith('.js')) return undefined;
  return {
    embeddingDrift: (...args) => onWorker('embeddingDrift', args),
    transferability: (...args) => onWorker('transferability', args),
  };
}

/** `MEASURES[fn](...args)` on a fresh worker thread; on this thread when the worker fails. */
export function onWorker<F extends MeasureName>(
  fn: F,
  args: Parameters<(typeof MEASURES)[F]>,
  workerUrl: URL = WORKER,
): Promise<ReturnType<(typeof MEASURES)[F]>> {
  type R = ReturnType<(typeof MEASURES)[F]>;
  const compute = MEASURES[fn] as (...a: unknown[]) => R;
  return new Promise<R>((resolve, reject) => {
    let settled = false;
    const here = (): void => {
      if (settled) return;
      settled = true;
      try {
        resolve(compute(...args));
      } catch (err) {
        reject(err);
      }
    };
    let worker: Worker;
    try {
      worker = new Worker(workerUrl);
    } catch {
      here();
      return;
    }
    worker.once('message', (result: R) => {
      if (settled) return;
      settled = true;
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', () => {
      void worker.terminate();
      here();
    });
    worker.once('exit', () => here());
    const job: MeasureJob = { fn, args };
    worker.postMessage(job);
  });
}
