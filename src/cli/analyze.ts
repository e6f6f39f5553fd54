/** `transfer-risk analyze --repo DIR --base REF --head REF`: the whole pipeline on two git revisions. */
import { analyze } from '../analyze.js';
import { BACKEND_NAMES, stricterFailOn, type BackendName, type FailOn } from '../contracts/index.js';
import type { Command } from './command.js';
import { checkCacheDir, checkOut, emitReport, FAIL_ON_OPTION, OUTPUT_OPTIONS, type OutputFormat } from './output.js';

export const analyzeCommand: Command = {
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
    const cliFailOn = o['fail-on'] as FailOn | undefined;
    await checkOut(o.out as string | undefined); // before the analysis, not after it
    if (!o['no-cache']) await checkCacheDir(o['cache-dir'] as string | undefined);
    const result = await analyze({
      repo: o.repo as string,
      base: o.base as string,
      head: o.head as string,
      configPath: o.config as string | undefined,
      sampleSize: o['sample-size'] as number | undefined,
      failOn: cliFailOn,
      backend: o.backend as BackendName,
      cacheDir: o['no-cache'] ? null : (o['cache-dir'] as string | undefined),
      log: ctx.log,
      progress: ctx.progress,
    });
    const failOn = stricterFailOn(result.report.meta.failOn ?? result.config.failOn, cliFailOn);
    return emitReport(result.report, ctx, { format: o.format as OutputFormat, out: o.out as string | undefined, failOn });
  },
};
