/** `transfer-risk analyze --repo DIR --base REF --head REF`: the whole pipeline on two git revisions. */
import { analyze } from '../analyze.js';
import { BACKEND_NAMES, stricterFailOn } from '../contracts/index.js';
import { checkCacheDir, checkOut, emitReport, FAIL_ON_OPTION, OUTPUT_OPTIONS } from './output.js';
export const analyzeCommand = {
    name: 'analyze',
    summary: 'Analyze two git revisions of a repository: sample, embed, measure drift and judge the four risks.',
    usage: 'analyze --repo DIR --base REF --head REF [--config PATH] [--out DIR] [--format json|md] [--cache-dir DIR]',
    options: [
        { name: 'repo', type: 'string', value: 'DIR', default: '.', description: 'the repository (work tree or bare)' },
        { name: 'base', type: 'string', value: 'REF', required: true, description: 'base revision' },
        { name: 'head', type: 'string', value: 'REF', required: true, description: 'head revision' },
        { name: 'config', type: 'string', value: 'PATH', description: 'config path inside the repository [default: .github/transfer-risk.yml]' },
        ...OUTPUT_OPTIONS,
        { name: 'cache-dir', type: 'string', value: 'DIR', description: 'embedding cache [default: $XDG_CACHE_HOME/transfer-risk or ~/.cache/transfer-risk]' },
        { name: 'no-cache', type: 'boolean', description: 'do not read or write the embedding cache' },
        { name: 'sample-size', type: 'integer', value: 'N', description: "items per side (overrides the config's sample.size)" },
        {
            name: 'backend',
            type: 'string',
            value: 'NAME',
            choices: BACKEND_NAMES,
            default: 'auto',
            description: 'embedding engine (ONNX Runtime or TensorFlow.js)',
        },
        { ...FAIL_ON_OPTION, description: "exit 1 at this level; may only tighten the base config's fail-on" },
    ],
    async run(args, ctx) {
        const o = args.options;
        const cliFailOn = o['fail-on'];
        await checkOut(o.out); // before the analysis, not after it
        if (!o['no-cache'])
            await checkCacheDir(o['cache-dir']);
        const result = await analyze({
            repo: o.repo,
            base: o.base,
            head: o.head,
            configPath: o.config,
            sampleSize: o['sample-size'],
            failOn: cliFailOn,
            backend: o.backend,
            cacheDir: o['no-cache'] ? null : o['cache-dir'],
            log: ctx.log,
            progress: ctx.progress,
        });
        const failOn = stricterFailOn(result.report.meta.failOn ?? result.config.failOn, cliFailOn);
        return emitReport(result.report, ctx, { format: o.format, out: o.out, failOn });
    },
};
