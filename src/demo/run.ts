/**
 * `transfer-risk demo`: builds the demo dataset repository offline, analyzes its pull request with
 * the built-in model, prints the PR comment and writes demo-output/{report.json,comment.md,report.html}.
 */
import { resolve, join } from 'node:path';
import { analyze } from '../analyze.js';
import type { BackendName, Report } from '../contracts/index.js';
import type { Logger } from '../log.js';
import type { ProgressFactory } from '../progress.js';
import { renderComment } from '../report/comment.js';
import { REPORT_FILES, writeReportFiles } from '../report/write.js';
import { existsSync, writeFileSync } from 'node:fs';
import { UserError } from '../errors.js';
import { buildRepo, checkReplaceable, isDemoRepo } from './repo.js';
import { demoSpec } from './scenarios.js';

export interface DemoOptions {
  outDir?: string;
  /** where the demo repository is built; default <outDir>/repo */
  repoDir?: string;
  backend?: BackendName;
  cacheDir?: string | null;
  images?: number;
  log: Logger;
  progress?: ProgressFactory;
  /** stream for the printed comment */
  stdout?: { write(s: string): unknown };
}

/** Beside the demo's report files: only files the demo wrote are overwritten by the next demo. */
export const OUTPUT_MARKER = '.transfer-risk-demo';

/** Report files already in `outDir` that a demo did not write are not overwritten (UserError). */
function checkOutputs(outDir: string, repoDir: string): void {
  if (existsSync(join(outDir, OUTPUT_MARKER)) || isDemoRepo(repoDir)) return;
  const present = Object.values(REPORT_FILES).filter((f) => existsSync(join(outDir, f)));
  if (present.length > 0)
    throw new UserError(`refusing to overwrite ${present.map((f) => join(outDir, f)).join(', ')}: not written by transfer-risk demo (choose another --out)`);
}

export async function runDemo(opts: DemoOptions): Promise<{ report: Report; outDir: string }> {
  const outDir = resolve(opts.outDir ?? 'demo-output');
  const repoDir = resolve(opts.repoDir ?? join(outDir, 'repo'));
  // never delete or overwrite what the demo did not create: the repository and the report files
  checkReplaceable(repoDir);
  checkOutputs(outDir, repoDir);
  const started = Date.now();
  opts.log.info(
    `demo: rendering machine-part photographs into ${repoDir} (base: reference camera, part labels; head: new camera, defect labels, harsher augmentation)`,
  );
  const shas = await buildRepo(repoDir, demoSpec(opts.images));
  opts.log.info(`demo: base ${shas.base.slice(0, 7)} → head ${shas.head.slice(0, 7)}; analyzing with the built-in model`);
  const result = await analyze({
    repo: repoDir,
    base: shas.base,
    head: shas.head,
    backend: opts.backend ?? 'auto',
    cacheDir: opts.cacheDir,
    log: opts.log,
    progress: opts.progress,
  });
  const paths = await writeReportFiles(result.report, outDir, result.extras);
  writeFileSync(join(outDir, OUTPUT_MARKER), 'report.json, comment.md and report.html here were written by transfer-risk demo\n');
  (opts.stdout ?? process.stdout).write(renderComment(result.report) + '\n');
  opts.log.info(`demo: wrote ${paths.reportPath}, ${paths.commentPath}, ${paths.htmlPath} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  return { report: result.report, outDir };
}
