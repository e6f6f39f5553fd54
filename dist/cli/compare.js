/** `transfer-risk compare --base PATH --head PATH`: two table snapshots on disk. */
import { compareTables, DEFAULT_SAMPLE_SIZE, DEFAULT_SEED } from '../compare.js';
import { emitReport, FAIL_ON_OPTION, OUTPUT_OPTIONS } from './output.js';
export const compareCommand = {
    name: 'compare',
    summary: 'Compare two table snapshots on disk (CSV, TSV, JSON Lines, Parquet; .gz allowed) and print the drift report.',
    usage: 'compare --base PATH --head PATH [--format json|md] [--sample-size N] [--out DIR]',
    options: [
        { name: 'base', type: 'string', value: 'PATH', required: true, description: 'the reference table' },
        { name: 'head', type: 'string', value: 'PATH', required: true, description: 'the new table' },
        ...OUTPUT_OPTIONS,
        { name: 'sample-size', type: 'integer', value: 'N', default: DEFAULT_SAMPLE_SIZE, description: 'rows per side (bottom-k by content hash); 0 = every row' },
        { name: 'seed', type: 'integer', value: 'N', default: DEFAULT_SEED, description: 'sampling seed' },
        { ...FAIL_ON_OPTION, default: 'high' },
    ],
    details: 'Columns are numeric when every non-missing cell parses as a number, else categorical; empty cells and\n' +
        "pandas' NA tokens are missing. Columns on one side only are listed in the report, not an error.",
    async run(args, ctx) {
        const o = args.options;
        const failOn = o['fail-on'];
        const report = await compareTables(o.base, o.head, {
            sampleSize: o['sample-size'],
            seed: o.seed,
            failOn,
            log: ctx.log,
            progress: ctx.progress,
        });
        return emitReport(report, ctx, { format: o.format, out: o.out, failOn });
    },
};
