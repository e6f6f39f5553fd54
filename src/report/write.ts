/**
 * Writes the report files of a run: report.json (validated first, exactly what is on disk), comment.md
 * and report.html. Also reads a report back (validated: it may come from an untrusted artifact).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError, errorMessage } from '../errors.js';
import { renderComment } from './comment.js';
import type { ReportExtras } from './extras.js';
import { renderHtml } from './html.js';
import type { Report } from '../contracts/index.js';
import { REPORT_LIMITS } from './schema.js';
import { parseReport, validateReport } from './validate.js';

export interface ReportPaths {
  reportPath: string;
  commentPath: string;
  htmlPath: string;
}

export const REPORT_FILES = { report: 'report.json', comment: 'comment.md', html: 'report.html' } as const;

export async function writeReportFiles(report: Report, outDir: string, extras?: ReportExtras): Promise<ReportPaths> {
  const json = JSON.stringify(report, null, 2);
  // Validate what will be on disk (JSON turns NaN into null, drops undefined): a bug upstream fails here
  // with the field named, not later in the bot.
  const checked = validateReport(JSON.parse(json), 'the report about to be written');
  await mkdir(outDir, { recursive: true });
  const paths: ReportPaths = {
    reportPath: path.join(outDir, REPORT_FILES.report),
    commentPath: path.join(outDir, REPORT_FILES.comment),
    htmlPath: path.join(outDir, REPORT_FILES.html),
  };
  await writeFile(paths.reportPath, `${json}\n`);
  await writeFile(paths.commentPath, renderComment(checked));
  await writeFile(paths.htmlPath, renderHtml(checked, extras));
  return paths;
}

/** Reads and validates a report.json (size-limited: it may be an untrusted artifact). */
export async function readReportFile(file: string): Promise<Report> {
  let text: string;
  try {
    const buf = await readFile(file);
    if (buf.length > REPORT_LIMITS.maxBytes) {
      throw new UserError(`${file} is too large to be a transfer-risk report (${buf.length} bytes; the limit is ${REPORT_LIMITS.maxBytes})`);
    }
    text = buf.toString('utf8');
  } catch (err) {
    if (err instanceof UserError) throw err;
    const code = (err as { code?: unknown } | null)?.code;
    throw new UserError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : errorMessage(err).replace(/^Error: /, '')}`);
  }
  return parseReport(text, file);
}
