/**
 * The one pipeline: plan → sample → featurize → embed → measure → assess. The CLI, the action and
 * the bot are thin shells over `analyze()` (and `compare` for two snapshots on disk).
 */
import { augmentationEvidence } from './augment/evidence.js';
import { collectDataset, type CollectedDataset } from './data/collect.js';
import { DEFAULT_CONFIG_PATH, loadConfig, stricterFailOn } from './data/config.js';
import type { Config, PretrainedConfig } from './data/config-types.js';
import { GitRepo, type BlobReader } from './data/git.js';
import { toColumns } from './data/item.js';
import { planChanges, type DatasetPlan } from './data/plan.js';
import { initBackend } from './embed/backends.js';
import { builtinByName } from './embed/builtin.js';
import { createEmbedder } from './embed/create.js';
import { embedDataset, type DatasetEmbeddings } from './embed/dataset.js';
import type { BackendName, Embedder } from './embed/types.js';
import { errorMessage } from './errors.js';
import { silentLogger, type Logger } from './log.js';
import type { ProgressFactory } from './progress.js';
import type { ReportExtras } from './report/extras.js';
import { buildExtras, type PlotInput } from './report/plots.js';
import type { DatasetReport, FailOn, Modality, Report } from './report/types.js';
import { assessRisk } from './risk/assess.js';
import { embeddingDrift } from './risk/embedding-drift.js';
import type { AugmentationEvidence, ModelPreprocessing, RiskDataset } from './risk/types.js';
import { measureColumns } from './stats/feature-drift.js';
import { TOOL_NAME, TOOL_VERSION } from './version.js';

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
  /** head images the augmentation pipeline is applied to and measured on (default 48; 0 = off) */
  augmentationSample?: number;
  log?: Logger;
  progress?: ProgressFactory;
}

export interface AnalyzeResult {
  report: Report;
  config: Config;
  /** false when the change touches no dataset or augmentation path (report has no datasets) */
  touched: boolean;
  /** the sampled items per dataset (with bytes/text for embedding), in `report.datasets` order */
  collected?: CollectedDataset[];
  /** plot data for the HTML report */
  extras?: ReportExtras;
}

const EMBEDDED: ReadonlySet<Modality> = new Set(['image', 'audio', 'text']);

/** What the pretrained model expects of pixels in [0, 1]: from the config, else the built-in preset. */
export function modelPreprocessing(p: PretrainedConfig): ModelPreprocessing | undefined {
  if (p.normalize) return { mean: p.normalize.mean, std: p.normalize.std, range: 'as declared in pretrained.normalize' };
  if (!p.model.startsWith('builtin:')) return undefined;
  try {
    const scale = builtinByName(p.model.slice('builtin:'.length)).preset.scale;
    if (scale === 'unit') return { mean: [0, 0, 0], std: [1, 1, 1], range: '[0, 1]' };
    if (scale === 'symmetric') return { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5], range: '[-1, 1]' };
    return { mean: scale.mean, std: scale.std };
  } catch {
    return undefined;
  }
}

/** The report entry of one collected dataset: sample sizes, changes, labels, feature drift. */
export function datasetReport(c: CollectedDataset): DatasetReport {
  const out: DatasetReport = {
    name: c.name,
    modality: c.modality,
    sample: { base: c.base.length, head: c.head.length },
    total: c.total,
    changes: c.changes,
    features: [],
    skipped: c.skipped,
  };
  if (c.labels) out.labels = c.labels;
  if (c.error) {
    out.error = c.error;
    return out;
  }
  const measured = measureColumns(toColumns(c.base), toColumns(c.head));
  out.features = measured.features;
  if (measured.onlyIn.base.length > 0 || measured.onlyIn.head.length > 0) out.onlyIn = measured.onlyIn;
  return out;
}

interface Context {
  opts: AnalyzeOptions;
  config: Config;
  blobs: BlobReader;
  baseSha: string;
  headSha: string;
  log: Logger;
  embedders: Map<Modality, Promise<Embedder>>;
}

function embedderFor(ctx: Context, modality: Modality): Promise<Embedder> {
  let e = ctx.embedders.get(modality);
  if (!e) {
    e = createEmbedder({
      modality,
      pretrained: ctx.config.pretrained,
      backend: ctx.opts.backend ?? 'auto',
      cacheDir: ctx.opts.cacheDir,
      log: ctx.log,
      progress: ctx.opts.progress,
    });
    ctx.embedders.set(modality, e);
  }
  return e;
}

async function readText(blobs: BlobReader, rev: string, path: string): Promise<string | undefined> {
  const b = await blobs.readPath(rev, path);
  return b ? new TextDecoder('utf-8').decode(b) : undefined;
}

async function datasetAugmentation(ctx: Context, dp: DatasetPlan, c: CollectedDataset, embedder: Embedder | undefined): Promise<AugmentationEvidence | undefined> {
  const path = dp.dataset.augmentation;
  if (!path) return undefined;
  const [baseText, headText] = await Promise.all([readText(ctx.blobs, ctx.baseSha, path), readText(ctx.blobs, ctx.headSha, path)]);
  const n = ctx.opts.augmentationSample ?? 48;
  const images = c.modality === 'image' ? c.head.filter((it) => it.bytes).slice(0, n).map((it) => ({ id: it.id, bytes: it.bytes! })) : [];
  let measure;
  if (images.length && embedder) {
    const { tf } = await initBackend(ctx.opts.backend ?? 'auto', { log: ctx.log });
    measure = { tf, images, seed: ctx.config.sample.seed, embed: (inputs: Parameters<Embedder['embed']>[0]) => embedder.embed(inputs) };
  }
  ctx.log.info(`${c.name}: augmentation config ${path}${measure ? `: applying the head pipeline to ${images.length} head images` : ''}`);
  const { evidence } = await augmentationEvidence({ configPath: path, baseText, headText, measure });
  return evidence;
}

interface DatasetOutcome {
  risk: RiskDataset;
  plot: PlotInput;
}

async function analyzeDataset(ctx: Context, dp: DatasetPlan, c: CollectedDataset): Promise<DatasetOutcome> {
  const report = datasetReport(c);
  const risk: RiskDataset = { report, modelPreprocessing: modelPreprocessing(ctx.config.pretrained) };
  const plot: PlotInput = { report, base: c.base, head: c.head };
  if (report.error) return { risk, plot };

  let embedder: Embedder | undefined;
  let emb: DatasetEmbeddings | undefined;
  if (EMBEDDED.has(c.modality) && c.base.length + c.head.length > 0) {
    embedder = await embedderFor(ctx, c.modality);
    ctx.log.info(`${c.name}: embedding ${c.base.length} base + ${c.head.length} head items with ${embedder.meta.model} on ${embedder.meta.backend}`);
    emb = await embedDataset(embedder, c.base, c.head);
    report.skipped.push(...emb.failed);
    if (emb.base.items.length >= 2 && emb.head.items.length >= 2) {
      report.embedding = embeddingDrift(emb.base.vectors, emb.head.vectors, {
        seed: ctx.config.sample.seed,
        baseProbs: emb.base.probs,
        headProbs: emb.head.probs,
      });
      const labelled = c.labelSource.kind !== 'none';
      risk.embeddings = {
        base: emb.base.vectors,
        head: emb.head.vectors,
        baseProbs: emb.base.probs,
        headProbs: emb.head.probs,
        headStatus: emb.head.items.map((it) => it.status),
        ...(labelled ? { baseLabels: emb.base.items.map((it) => it.label ?? ''), headLabels: emb.head.items.map((it) => it.label ?? '') } : {}),
      };
      plot.embeddings = { base: emb.base.vectors, head: emb.head.vectors, headItems: emb.head.items };
    }
  }
  try {
    risk.augmentation = await datasetAugmentation(ctx, dp, c, embedder);
  } catch (err) {
    ctx.log.warn(`${c.name}: augmentation could not be measured: ${errorMessage(err)}`);
    if (dp.dataset.augmentation) {
      risk.augmentation = { configPath: dp.dataset.augmentation, base: null, head: null, diff: { added: [], removed: [], changed: [] }, parseError: errorMessage(err) };
    }
  }
  return { risk, plot };
}

/**
 * resolve refs → configs (base + head, policy from base) → changed paths → plan → for each touched
 * dataset: collect, feature drift, embeddings and their drift, augmentation evidence → risk.
 */
export async function analyze(opts: AnalyzeOptions): Promise<AnalyzeResult> {
  const started = Date.now();
  const log = opts.log ?? silentLogger;
  const repo = await GitRepo.open(opts.repo);
  const [baseSha, headSha] = await Promise.all([repo.resolve(opts.base), repo.resolve(opts.head)]);
  const blobs = repo.blobReader();
  const ctx: Context = { opts, config: undefined as unknown as Config, blobs, baseSha, headSha, log, embedders: new Map() };
  try {
    const loaded = await loadConfig(blobs, baseSha, headSha, opts.configPath ?? DEFAULT_CONFIG_PATH);
    const config: Config = { ...loaded, failOn: stricterFailOn(loaded.failOn, opts.failOn) };
    ctx.config = config;
    const changed = opts.changedPaths ?? (await repo.changedPaths(baseSha, headSha));
    const plan = planChanges(config, changed);
    if (plan.untouched) log.info('no dataset changes: nothing to analyze');
    const sampleSize = opts.sampleSize ?? config.sample.size;
    const collected: CollectedDataset[] = [];
    const outcomes: DatasetOutcome[] = [];
    for (const dp of plan.datasets) {
      log.info(`${dp.dataset.name}: ${dp.dataChanges.length} changed path(s)${dp.augmentationChanged ? ', augmentation config changed' : ''}`);
      const c = await collectDataset({
        repo,
        blobs,
        dataset: dp.dataset,
        base: baseSha,
        head: headSha,
        changed,
        sampleSize,
        seed: config.sample.seed,
        log,
        ...(opts.progress ? { progress: opts.progress } : {}),
      });
      if (c.skipped.length > 0) log.warn(`${c.name}: ${c.skipped.length} item(s) skipped`);
      if (c.error) log.warn(`${c.name}: ${c.error}`);
      collected.push(c);
      outcomes.push(await analyzeDataset(ctx, dp, c));
    }
    const risk = assessRisk({
      pretrained: config.pretrained,
      target: config.target,
      thresholds: config.thresholds,
      datasets: outcomes.map((o) => o.risk),
      seed: config.sample.seed,
    });
    const extras = await buildExtras(outcomes.map((o) => o.plot));
    const embedders = await Promise.all(ctx.embedders.values());
    const first = embedders[0]?.meta;
    const report: Report = {
      schemaVersion: 1,
      tool: { name: TOOL_NAME, version: TOOL_VERSION },
      createdAt: new Date().toISOString(),
      base: { ref: opts.base, sha: baseSha },
      head: { ref: opts.head, sha: headSha },
      meta: {
        ...(first ? { backend: first.backend, device: first.device, preprocessing: first.preprocessing } : {}),
        model: first?.model ?? config.pretrained.model,
        sampleSize,
        seed: config.sample.seed,
        failOn: config.failOn,
        ...(embedders.length ? { cache: { hits: sum(embedders.map((e) => e.meta.cacheHits)), misses: sum(embedders.map((e) => e.meta.cacheMisses)) } } : {}),
        seconds: (Date.now() - started) / 1000,
      },
      datasets: outcomes.map((o) => o.risk.report),
      risk,
    };
    await Promise.all(embedders.map((e) => e.dispose()));
    return { report, config, touched: !plan.untouched, collected, extras };
  } finally {
    await blobs.close();
  }
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
