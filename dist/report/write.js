/**
 * Writes the report files of a run: report.json (validated first, exactly what is on disk), comment.md
 * and report.html. Also reads a report back (validated: it may come from an untrusted artifact).
 */
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError, errorMessage } from '../errors.js';
import { renderComment } from './comment.js';
import { renderHtml } from './html.js';
import { REPORT_LIMITS } from './schema.js';
import { parseReport, validateReport } from './validate.js';
export const REPORT_FILES = { report: 'report.json', comment: 'comment.md', html: 'report.html' };
export async function writeReportFiles(report, outDir, extras) {
    const json = JSON.stringify(report, null, 2);
    // Validate what will be on disk (JSON turns NaN into null, drops undefined): a bug upstream fails here
    // with the field named, not later in the bot.
    const checked = validateReport(JSON.parse(json), 'the report about to be written');
    await ensureDir(outDir);
    const paths = {
        reportPath: path.join(outDir, REPORT_FILES.report),
        commentPath: path.join(outDir, REPORT_FILES.comment),
        htmlPath: path.join(outDir, REPORT_FILES.html),
    };
    await writeOut(paths.reportPath, `${json}\n`);
    await writeOut(paths.commentPath, renderComment(checked));
    await writeOut(paths.htmlPath, renderHtml(checked, extras));
    return paths;
}
const why = (err) => {
    const code = err?.code;
    if (code === 'EACCES' || code === 'EPERM')
        return 'permission denied';
    if (code === 'EROFS')
        return 'read-only file system';
    if (code === 'ENOSPC')
        return 'no space left on the device';
    if (code === 'EISDIR')
        return 'is a directory';
    if (code === 'ENOTDIR')
        return 'a part of the path is not a directory';
    if (code === 'ENOENT')
        return 'no such directory';
    return typeof code === 'string' ? code : errorMessage(err);
};
async function writeOut(file, text) {
    try {
        await writeFile(file, text);
    }
    catch (err) {
        throw new UserError(`cannot write ${file}: ${why(err)}`);
    }
}
/**
 * `mkdir -p` that names the problem: UserError (exit 2) naming the path when a part of it is a file or
 * cannot be created. Walks up to the deepest existing ancestor itself (Node's recursive mkdir loops
 * forever on some pseudo file systems, e.g. under /proc).
 */
export async function ensureDir(dir) {
    const abs = path.resolve(dir);
    const missing = [];
    for (let cur = abs;; cur = path.dirname(cur)) {
        let st;
        try {
            st = await stat(cur);
        }
        catch (err) {
            if (err.code !== 'ENOENT' || path.dirname(cur) === cur)
                throw new UserError(`cannot write to ${dir}: ${why(err)}`);
            missing.push(cur);
            continue;
        }
        if (!st.isDirectory())
            throw new UserError(`cannot write to ${dir}: ${cur} is not a directory`);
        break;
    }
    for (const m of missing.reverse()) {
        try {
            await mkdir(m);
        }
        catch (err) {
            if (err.code === 'EEXIST' && (await stat(m).catch(() => undefined))?.isDirectory())
                continue;
            throw new UserError(`cannot write to ${dir}: cannot create ${m} (${why(err)})`);
        }
    }
}
/** Before a long run: `dir` exists or can be created, and a file can be written in it (UserError naming the path otherwise). */
export async function ensureWritableDir(dir) {
    await ensureDir(dir);
    const probe = path.join(dir, `.transfer-risk-write-test-${process.pid}`);
    try {
        await writeFile(probe, '');
    }
    catch (err) {
        throw new UserError(`cannot write to ${dir}: ${why(err)}`);
    }
    await rm(probe, { force: true });
}
/** Reads and validates a report.json (size-limited: it may be an untrusted artifact). */
export async function readReportFile(file) {
    let text;
    try {
        const buf = await readFile(file);
        if (buf.length > REPORT_LIMITS.maxBytes) {
            throw new UserError(`${file} is too large to be a transfer-risk report (${buf.length} bytes; the limit is ${REPORT_LIMITS.maxBytes})`);
        }
        text = buf.toString('utf8');
    }
    catch (err) {
        if (err instanceof UserError)
            throw err;
        const code = err?.code;
        throw new UserError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : errorMessage(err).replace(/^Error: /, '')}`);
    }
    return parseReport(text, file);
}
