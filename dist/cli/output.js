/**
 * Report output shared by the commands: `--format json` prints only the report JSON on stdout,
 * `--format md` the Markdown comment; `--out DIR` writes report.json, comment.md and report.html.
 * The exit code follows fail-on.
 */
import { reachesFailOn } from '../contracts/index.js';
import { UsageError } from './args.js';
import { errorMessage } from '../errors.js';
import { EXIT } from '../contracts/index.js';
export const FORMATS = ['json', 'md'];
export const FAIL_ON = ['none', 'medium', 'high'];
export const OUTPUT_OPTIONS = [
    { name: 'format', type: 'string', value: 'FORMAT', choices: FORMATS, default: 'json', description: 'what to print on stdout' },
    { name: 'out', type: 'string', value: 'DIR', description: 'also write report.json, comment.md and report.html into DIR' },
];
export const FAIL_ON_OPTION = {
    name: 'fail-on',
    type: 'string',
    value: 'LEVEL',
    choices: FAIL_ON,
    description: 'exit 1 when the risk level reaches LEVEL',
};
/** An unwritable `--out` is a usage error naming the path, found before a long run rather than after it. */
export async function checkOut(out) {
    if (out === undefined)
        return;
    const { ensureWritableDir } = await import('../report/write.js');
    await ensureWritableDir(out);
}
/** An explicit `--cache-dir` must be a directory that can be written (created when missing): else a usage error naming it. */
export async function checkCacheDir(dir) {
    if (dir === undefined)
        return;
    const { ensureWritableDir } = await import('../report/write.js');
    try {
        await ensureWritableDir(dir);
    }
    catch (err) {
        throw new UsageError(`--cache-dir ${dir}: ${errorMessage(err).replace(/^cannot write to [^:]*: /, '')}`);
    }
}
export async function emitReport(report, ctx, opts) {
    // every report is validated before anything is written, to stdout or --out (a bug upstream fails here, naming the field)
    const { validateReport } = await import('../report/validate.js');
    validateReport(JSON.parse(JSON.stringify(report)), 'the report about to be written');
    if (opts.out) {
        const { writeReportFiles } = await import('../report/write.js');
        const paths = await writeReportFiles(report, opts.out, opts.extras);
        ctx.log.info(`wrote ${paths.reportPath}, ${paths.commentPath}, ${paths.htmlPath}`);
    }
    if (opts.format === 'md') {
        const { renderComment } = await import('../report/comment.js');
        const md = renderComment(report);
        ctx.io.stdout.write(md.endsWith('\n') ? md : `${md}\n`);
    }
    else {
        ctx.io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    }
    const failed = reachesFailOn(report.risk.level, opts.failOn);
    ctx.log.info(`risk: ${report.risk.level} (fail-on ${opts.failOn}${failed ? ': failing' : ''})`);
    return failed ? EXIT.failOn : EXIT.ok;
}
