/**
 * The one pipeline: plan → sample → featurize → embed → measure → assess. The CLI, the action and
 * the bot are thin shells over `analyze()` (and `compare` for two snapshots on disk).
 */
import { collectDataset, type CollectOptions, type CollectedDataset } from './data/collect.js';
import { DEFAULT_CONFIG_PATH } from './data/config.js';
import { describeConfigError, loadTrustedConfig } from './data/config-trust.js';
import { type BackendName, type ChangedPath, type FailOn, type Report, stricterFailOn } from './contracts/index.js';
import type { Config, DatasetConfig } from './data/config-types.js';
import { dirMatcher, globMatcher, GitRepo, type BlobReader } from './data/git.js';
import { planChanges, type DatasetPlan } from './data/plan.js';
import { defaultCacheDir } from './embed/cache.js';
import type { ModelSource } from './embed/source.js';
import { FeatureCache } from './data/feature-cache.js';
import { canonicalImageFor, evaluateDatasets, type EvaluateInput } from './evaluate.js';
import { silentLogger, type Logger } from './log.js';
import type { ProgressFactory } from './progress.js';
import type { ReportExtras } from './report/extras.js';
import { addAnnotationHints } from './report/check-output.js';
import { finalizeReport } from './report/finalize.js';
import { TOOL_NAME, TOOL_VERSION } from './version.js';

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
  /** head images the augmentation pipeline is applied to and measured on (default 48; 0 = off) */
  augmentationSample?: number;
  log?: Logger;
  progress?: ProgressFactory;
}

export interface AnalyzeResult {
  report: Report;
  config: Config;
  /** false when the change touches no dataset or augmentation path and leaves the config as it is (report has no datasets) */
  touched: boolean;
  /** the sampled items per dataset (with bytes/text for embedding), in `report.datasets` order */
  collected?: CollectedDataset[];
  /** plot data for the HTML report */
  extras?: ReportExtras;
}

/** Whether `extra` globs cover anything at `rev` that `paths` do not: a file (a DVC pointer included) or a submodule. */
async function bringsData(repo: GitRepo, rev: string, paths: string[], extra: string[]): Promise<boolean> {
  const inBase = globMatcher(paths);
  const inExtra = globMatcher(extra);
  if ((await repo.listFiles(rev)).some((f) => inExtra(f.path) && !inBase(f.path))) return true;
  const underExtra = dirMatcher(extra);
  return (await repo.listGitlinks(rev)).some((g) => underExtra(g.path));
}

/** The name of a dataset's second reading when head's definition names paths base's does not (collectPlanned). */
export function widenedName(name: string): string {
  return `${name} (with head's paths)`;
}

/**
 * Collect one planned dataset with the run's trusted config (its seed, and the form image content is
 * measured in). analyze() and `embed --shard` (src/shard/embed.ts) both collect through here, so a shard
 * draws and measures the samples the merge's analyze() will.
 *
 * The first result is the dataset as the trusted (base) definition reads it, on both sides. When head's
 * definition names paths that base's does not, a second result reads head's side under both (the data the
 * dataset holds after the merge, judged now rather than never) and is reported as its own dataset: the
 * worse of the two counts, so data head moves in can raise the verdict but never dilute the first reading
 * (old files brought under the dataset's paths would outnumber the changed ones in head's sample).
 */
export async function collectPlanned(
  dp: DatasetPlan,
  headDefinition: DatasetConfig | undefined,
  run: Omit<CollectOptions, 'dataset' | 'seed' | 'image' | 'headPaths'> & { config: Config },
): Promise<CollectedDataset[]> {
  const { config, ...opts } = run;
  const read = { ...opts, seed: config.sample.seed, image: { canonical: canonicalImageFor(config.pretrained) } };
  const first = await collectDataset({ ...read, dataset: dp.dataset });
  const extra = dp.definitionChanged ? (headDefinition?.paths ?? []).filter((g) => !dp.dataset.paths.includes(g)) : [];
  if (extra.length === 0 || !(await bringsData(opts.repo, opts.head, dp.dataset.paths, extra))) return [first];
  opts.log?.info(
    `${dp.dataset.name}: head's definition adds path(s) ${extra.join(', ')}: head's side is read under them too, as ${widenedName(dp.dataset.name)}`,
  );
  const widened = await collectDataset({ ...read, dataset: { ...dp.dataset, name: widenedName(dp.dataset.name) }, headPaths: extra });
  return [first, widened];
}

/**
 * resolve refs → configs (base + head, policy from base) → changed paths → plan → collect each
 * touched dataset → evaluate (feature drift, embeddings, augmentation, risk) → report.
 */
export async function analyze(opts: AnalyzeOptions): Promise<AnalyzeResult> {
  const started = Date.now();
  const log = opts.log ?? silentLogger;
  const repo = await GitRepo.open(opts.repo);
  const [baseSha, headSha] = await Promise.all([repo.resolve(opts.base), repo.resolve(opts.head)]);
  const blobs = repo.blobReader();
  // image features share the embeddings' cache directory (--no-cache: neither is kept)
  const featureCache = opts.cacheDir === null ? undefined : new FeatureCache(opts.cacheDir ?? defaultCacheDir());
  try {
    const trusted = await loadTrustedConfig(blobs, baseSha, headSha, opts.configPath ?? DEFAULT_CONFIG_PATH);
    const config: Config = { ...trusted.config, failOn: stricterFailOn(trusted.config.failOn, opts.failOn) };
    const modelSource = trustedModelSource(repo, trusted.report.source, baseSha, headSha);
    const headConfigError = describeConfigError(trusted.report);
    if (headConfigError) log.warn(`the pull request's config is invalid: ${headConfigError} (this run uses the base revision's config; the check fails)`);
    if (trusted.report.source === 'head')
      log.info(`no config at base: using the head revision's ${trusted.report.path} (fail-on and thresholds take their defaults until it is merged)`);
    for (const c of trusted.report.changes)
      log.info(
        `config change ${c.key}${c.line !== undefined ? ` (line ${c.line})` : ''}: ${c.effect === 'after-merge' ? 'takes effect after merge' : 'used in this run'}`,
      );
    const changed = opts.changedPaths ?? (await repo.changedPaths(baseSha, headSha));
    const plan = planChanges(config, changed, trusted.headDatasets, await repo.submodulePaths(baseSha, headSha));
    // a pull request that changes (or breaks) the config is judged even when it touches no dataset:
    // head's declared tasks count, and an invalid config fails closed
    const configTouched = trusted.report.head === 'invalid' || trusted.report.changes.length > 0;
    if (plan.untouched)
      log.info(configTouched ? 'no dataset changes; the config changed: judging the declared tasks and the config' : 'no dataset changes: nothing to analyze');
    const sampleSize = opts.sampleSize ?? config.sample.size;
    const inputs: EvaluateInput[] = [];
    for (const dp of plan.datasets) {
      log.info(`${dp.dataset.name}: ${dp.dataChanges.length} changed path(s)${dp.augmentationChanged ? ', augmentation config changed' : ''}`);
      const collected = await collectPlanned(dp, trusted.headDatasets.get(dp.dataset.name), {
        config,
        repo,
        blobs,
        base: baseSha,
        head: headSha,
        changed,
        sampleSize,
        ...(featureCache ? { featureCache } : {}),
        log,
        ...(opts.progress ? { progress: opts.progress } : {}),
      });
      for (const c of collected) {
        if (c.skipped.length > 0) log.warn(`${c.name}: ${c.skipped.length} item(s) skipped`);
        if (c.error) log.warn(`${c.name}: ${c.error}`);
      }
      const [c, ...widened] = collected;
      const path = dp.dataset.augmentation;
      const augmentation = path ? { path, baseText: await readText(blobs, baseSha, path), headText: await readText(blobs, headSha, path) } : undefined;
      const input: EvaluateInput = { collected: c!, augmentation };
      // head points the dataset at another augmentation config: judged too (base's old config → head's new one), the worse counts
      const headPath = trusted.headDatasets.get(dp.dataset.name)?.augmentation;
      if (headPath !== undefined && headPath !== path) {
        input.augmentationAfterMerge = {
          path: headPath,
          baseText: path ? augmentation?.baseText : undefined,
          headText: await readText(blobs, headSha, headPath),
        };
      }
      // the dataset with head's paths: its data only (the augmentation config is judged once, above)
      inputs.push(input, ...widened.map((w) => ({ collected: w })));
    }
    const evaluation = await evaluateDatasets(inputs, {
      config,
      ...(trusted.headDeclared ? { headDeclared: trusted.headDeclared } : {}),
      ...(headConfigError ? { headConfigError } : {}),
      backend: opts.backend,
      modelSource,
      cacheDir: opts.cacheDir,
      augmentationSample: opts.augmentationSample,
      log,
      progress: opts.progress,
    });
    const report: Report = {
      schemaVersion: 1,
      tool: { name: TOOL_NAME, version: TOOL_VERSION },
      createdAt: new Date().toISOString(),
      base: { ref: opts.base, sha: baseSha },
      head: { ref: opts.head, sha: headSha },
      meta: {
        ...evaluation.meta,
        model: evaluation.meta.model ?? config.pretrained.model,
        sampleSize,
        seed: config.sample.seed,
        failOn: config.failOn,
        seconds: (Date.now() - started) / 1000,
      },
      config: trusted.report,
      datasets: evaluation.datasets,
      risk: evaluation.risk,
    };
    return {
      report: finalizeReport(addAnnotationHints(report)),
      config,
      touched: !plan.untouched || configTouched,
      collected: inputs.map((i) => i.collected),
      extras: evaluation.extras,
    };
  } finally {
    await blobs.close();
  }
}

/**
 * Where a repository model is read from: git objects at the trusted revision — the revision whose config
 * decides `pretrained` (base when base has a config, else head: the pull request that introduces
 * transfer-risk); never the work tree.
 */
export function trustedModelSource(repo: GitRepo, source: 'base' | 'head', baseSha: string, headSha: string): ModelSource {
  return source === 'base' ? { kind: 'git', repo, rev: baseSha, label: 'base' } : { kind: 'git', repo, rev: headSha, label: 'head' };
}

async function readText(blobs: BlobReader, rev: string, path: string): Promise<string | undefined> {
  const b = await blobs.readPath(rev, path);
  return b ? new TextDecoder('utf-8').decode(b) : undefined;
}
