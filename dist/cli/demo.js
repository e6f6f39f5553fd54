/** `transfer-risk demo`: builds the demo dataset repository offline, analyzes it, prints the comment. */
import { BACKEND_NAMES } from '../contracts/index.js';
import { checkCacheDir, checkOut } from './output.js';
export const demoCommand = {
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
        await checkOut(o.out);
        await checkCacheDir(o['cache-dir']);
        const { runDemo } = await import('../demo/run.js');
        await runDemo({
            outDir: o.out,
            backend: o.backend,
            cacheDir: o['cache-dir'],
            log: ctx.log,
            progress: ctx.progress,
            stdout: ctx.io.stdout,
        });
        return 0;
    },
};
