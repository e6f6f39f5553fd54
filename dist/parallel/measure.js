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
import { measureTransferability } from '../measure/transferability.js';
const WORKER = new URL('./measure-worker.js', import.meta.url);
/** The functions a worker runs, by name (src/parallel/measure-worker.ts). */
export const MEASURES = {
    embeddingDrift: (...args) => embeddingDrift(...args),
    transferability: (...args) => measureTransferability(...args),
};
/** Where `measureDatasetWith` should send its two costliest parts; undefined: compute everything on this thread. */
export function measureRunners(opts = {}) {
    const cores = opts.cores ?? os.availableParallelism();
    if (cores < 2 || !(opts.moduleUrl ?? import.meta.url).endsWith('.js'))
        return undefined;
    return {
        embeddingDrift: (...args) => onWorker('embeddingDrift', args),
        transferability: (...args) => onWorker('transferability', args),
    };
}
/** `MEASURES[fn](...args)` on a fresh worker thread; on this thread when the worker fails. */
export function onWorker(fn, args, workerUrl = WORKER) {
    const compute = MEASURES[fn];
    return new Promise((resolve, reject) => {
        let settled = false;
        const here = () => {
            if (settled)
                return;
            settled = true;
            try {
                resolve(compute(...args));
            }
            catch (err) {
                reject(err);
            }
        };
        let worker;
        try {
            worker = new Worker(workerUrl);
        }
        catch {
            here();
            return;
        }
        worker.once('message', (result) => {
            if (settled)
                return;
            settled = true;
            resolve(result);
            void worker.terminate();
        });
        worker.once('error', () => {
            void worker.terminate();
            here();
        });
        worker.once('exit', () => here());
        const job = { fn, args };
        worker.postMessage(job);
    });
}
