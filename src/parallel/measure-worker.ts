/** Worker thread entry of src/parallel/measure.ts: one measure call by name, its result posted back. */
import { parentPort } from 'node:worker_threads';
import { MEASURES, type MeasureJob } from './measure.js';

parentPort?.once('message', (job: MeasureJob) => {
  const compute = MEASURES[job.fn] as (...a: unknown[]) => unknown;
  parentPort!.postMessage(compute(...job.args));
});
