/** Worker thread entry of src/parallel/measure.ts: one measure call by name, its result posted back. */
import { parentPort } from 'node:worker_threads';
import { MEASURES } from './measure.js';
parentPort?.once('message', (job) => {
    const compute = MEASURES[job.fn];
    parentPort.postMessage(compute(...job.args));
});
