/** `transfer-risk demo`: builds the demo dataset repository offline, analyzes it, prints the comment. */
import { BACKEND_NAMES, type BackendName } from '../contracts/index.js';
import type { Command } from './command.js';
import { checkCacheDir, checkOut } from './output.js';

export const demoCommand: Command = {
  name: 'demo',
  summary: 'Build a demo dataset repository offline, analyze its pull request, print the comment and write demo-output/.',
  usage: 'demo [--out DIR] [--backend NAME]',
  options: [
    { name: 'out', type: 'string', value: 'DIR', default: 'demo-output', description: 'where report.json, comment.md and report.html go' },
    {
      name: 'backend',
      type: 'string',
      value: 'NAME',
      choices: BACKEND_NAMES,
      default: 'auto',
      description: 'embedding engine (ONNX Runtime or TensorFlow.js)',
    },
    { name: 'cache-dir', type: 'string', value: 'DIR', description: 'embedding cache directory' },
  ],
  async run(args, ctx) {
    const o = args.options;
    await checkOut(o.out as string);
    await checkCacheDir(o['cache-dir'] as string | undefined);
    const { runDemo } = await import('../demo/run.js');
    await runDemo({
      outDir: o.out as string,
      backend: o.backend as BackendName,
      cacheDir: o['cache-dir'] as string | undefined,
      log: ctx.log,
      progress: ctx.progress,
      stdout: ctx.io.stdout,
    });
    return 0;
  },
};
