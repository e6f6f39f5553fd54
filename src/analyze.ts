/**
 * The one pipeline: plan → sample → featurize → measure → assess. The CLI, the action and the bot
 * are thin shells over `analyze()` (and `compare` for two snapshots on disk).
 */
import type { FailOn, Report } from './report/types.js';
import type { Config } from './data/config-types.js';
import type { BackendName } from './embed/types.js';
import type { Logger } from './log.js';
import type { ProgressFactory } from './progress.js';

export interface ChangedPath {
  status: 'added' | 'modified' | 'deleted' | 'renamed';
  path: string;
  /** the old path of a rename */
  previousPath?: string;
}

export interface AnalyzeOptions {
  /** repository directory (a git work tree or bare repository) */
  repo: string;
  base: string;
  head: string;
  /** config path inside the repository; default .github/transfer-risk.yml */
  configPath?: string;
  /** changed paths when the caller already has them (pulls.listFiles); else `git diff` */
  changedPaths?: ChangedPath[];
  /** per-side sample size; overrides config `sample.size` */
  sampleSize?: number;
  /** stricter fail-on than the base config's (an action input may only tighten policy) */
  failOn?: FailOn;
  backend?: BackendName;
  /** undefined: default cache dir; null: no cache */
  cacheDir?: string | null;
  log?: Logger;
  progress?: ProgressFactory;
}

export interface AnalyzeResult {
  report: Report;
  config: Config;
  /** false when the change touches no dataset or augmentation path (report has no datasets) */
  touched: boolean;
}

export async function analyze(_opts: AnalyzeOptions): Promise<AnalyzeResult> {
  throw new Error('analyze: not wired yet');
}
