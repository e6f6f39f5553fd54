/**
 * The trusted config of a pull request and what head changes in it (DESIGN.md "Repository config …
 * Trust"). Base's config decides the run (`trustedConfig`); head's config is parsed too, so that
 * - a dataset defined only in head is analyzed with head's definition,
 * - head's declared tasks are assessed beside base's (the worse counts: a pull request can raise its
 *   risk, never lower it),
 * - every change head makes is reported with its line and "takes effect after merge",
 * - an invalid head config is the pull request's error (the check fails closed), not ignored.
 * With no config at base, head's config is used (policy keys take their defaults) and the report says so.
 */
import type { ConfigChange, ConfigReport } from '../contracts/index.js';
import { InputError, UserError, errorMessage } from '../errors.js';
import { DEFAULT_CONFIG_PATH, defaultConfig, parseConfigDocument, readConfigText, trustedConfig, type ConfigLineOf } from './config.js';
import type { Config, DatasetConfig } from './config-types.js';
import type { BlobReader } from './git.js';

/** What head declares about the model and the target (assessed beside base's; the worse counts). */
export interface DeclaredTasks {
  pretrained: { task: string; source?: string };
  target: { task: string };
}

export interface TrustedConfig {
  /** the config this run uses */
  config: Config;
  /** head's parsed config (undefined when missing or invalid) */
  head?: Config;
  /** head's dataset definitions by name (to plan on what head's definitions cover too) */
  headDatasets: Map<string, DatasetConfig>;
  /** head's declared tasks when they differ from the trusted config's */
  headDeclared?: DeclaredTasks;
  /** the report's `config` section */
  report: ConfigReport;
}

/** Longest value shown in a change (JSON characters). */
const MAX_VALUE_CHARS = 300;

function show(v: unknown): string {
  const s = JSON.stringify(v) ?? 'null';
  return s.length > MAX_VALUE_CHARS ? `${s.slice(0, MAX_VALUE_CHARS - 1)}…` : s;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** YAML key of each DatasetConfig field. */
const DATASET_KEYS: Array<[keyof DatasetConfig, string]> = [
  ['paths', 'paths'],
  ['modality', 'modality'],
  ['labels', 'labels'],
  ['augmentation', 'augmentation'],
  ['textColumn', 'text-column'],
];

/**
 * Every difference between base's and head's config, key by key (datasets matched by name). Values
 * are compared after defaults are applied, so writing a default out is no change.
 */
export function diffConfigs(base: Config, head: Config, headLine: ConfigLineOf): ConfigChange[] {
  const out: ConfigChange[] = [];
  const push = (key: string, b: unknown, h: unknown, segments: (string | number)[], effect: ConfigChange['effect'] = 'after-merge'): void => {
    if (same(b, h)) return;
    const change: ConfigChange['change'] = b === undefined ? 'added' : h === undefined ? 'removed' : 'changed';
    const c: ConfigChange = { key, change, effect };
    if (b !== undefined) c.base = show(b);
    if (h !== undefined) c.head = show(h);
    const line = headLine(segments);
    if (line !== undefined) c.line = line;
    out.push(c);
  };
  const headIndex = new Map(head.datasets.map((d, i) => [d.name, i]));
  const baseNames = new Set(base.datasets.map((d) => d.name));
  for (const b of base.datasets) {
    const i = headIndex.get(b.name);
    if (i === undefined) {
      push(`datasets[${b.name}]`, b, undefined, ['datasets']);
      continue;
    }
    const h = head.datasets[i]!;
    for (const [field, yamlKey] of DATASET_KEYS) push(`datasets[${b.name}].${yamlKey}`, b[field], h[field], ['datasets', i, yamlKey]);
  }
  head.datasets.forEach((h, i) => {
    if (!baseNames.has(h.name)) push(`datasets[${h.name}]`, undefined, h, ['datasets', i], 'this-run');
  });
  const p = (k: keyof Config['pretrained']) => push(`pretrained.${k}`, base.pretrained[k], head.pretrained[k], ['pretrained', k]);
  p('model');
  p('task');
  p('source');
  p('normalize');
  p('layer');
  p('input');
  p('output');
  push('pretrained.max-bytes', base.pretrained.maxBytes, head.pretrained.maxBytes, ['pretrained', 'max-bytes']);
  push('target.task', base.target.task, head.target.task, ['target', 'task']);
  push('sample.size', base.sample.size, head.sample.size, ['sample', 'size']);
  push('sample.seed', base.sample.seed, head.sample.seed, ['sample', 'seed']);
  push('fail-on', base.failOn, head.failOn, ['fail-on']);
  const keys = new Set([...Object.keys(base.thresholds), ...Object.keys(head.thresholds)]);
  for (const k of [...keys].sort()) push(`thresholds.${k}`, base.thresholds[k], head.thresholds[k], ['thresholds', k]);
  push('bot.workflow', base.bot.workflow, head.bot.workflow, ['bot', 'workflow']);
  push('bot.forks', base.bot.forks, head.bot.forks, ['bot', 'forks']);
  push('bot.fork-workflow', base.bot.forkWorkflow, head.bot.forkWorkflow, ['bot', 'fork-workflow']);
  return out;
}

function declared(c: Config): DeclaredTasks {
  const d: DeclaredTasks = { pretrained: { task: c.pretrained.task }, target: { task: c.target.task } };
  if (c.pretrained.source !== undefined) d.pretrained.source = c.pretrained.source;
  return d;
}

/**
 * Reads the config at both revisions and decides what this run trusts. Errors: base's config invalid
 * (the repository's problem: UserError, exit 2), or no usable config at all (neither revision has
 * one, or only head has one and it is invalid). An invalid head config with a valid base config is
 * not thrown: it is `report.error` (the pull request's failing verdict).
 */
export async function loadTrustedConfig(blobs: BlobReader, baseRev: string, headRev: string, path = DEFAULT_CONFIG_PATH): Promise<TrustedConfig> {
  const [baseText, headText] = await Promise.all([readConfigText(blobs, baseRev, path), readHeadText(blobs, headRev, path)]);
  let base: Config | undefined;
  if (baseText !== undefined) {
    try {
      base = parseConfigDocument(baseText, path).config;
    } catch (err) {
      if (err instanceof UserError) throw new UserError(`${errorMessage(err)} (in the base revision's config: fix it on the base branch)`);
      throw err;
    }
  }
  let head: { config: Config; lineOf: ConfigLineOf } | undefined;
  let headError: ConfigReport['error'];
  if (headText.ok && headText.text !== undefined) {
    try {
      head = parseConfigDocument(headText.text, path);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      if (!base) throw err; // nothing trusted to fall back on: the tool cannot run
      headError = errorOf(err, path);
    }
  } else if (!headText.ok) {
    if (!base) throw headText.error;
    headError = errorOf(headText.error, path);
  }
  if (!base && !head) throw new UserError(`no config: ${path} exists at neither revision (see schema/transfer-risk.schema.json)`);
  const config = trustedConfig(base, head?.config);
  const headDatasets = new Map((head?.config.datasets ?? []).map((d) => [d.name, d]));
  const report: ConfigReport = {
    path,
    source: base ? 'base' : 'head',
    head: headError ? 'invalid' : !head ? 'missing' : base && headText.ok && baseText === headText.text ? 'unchanged' : 'changed',
    changes: [],
  };
  if (headError) report.error = headError;
  if (base && head) report.changes = diffConfigs(base, head.config, head.lineOf);
  else if (!base && head) {
    // the pull request introduces the config: everything but the policy is used now
    const def = defaultConfig();
    report.changes = diffConfigs({ ...head.config, failOn: def.failOn, thresholds: def.thresholds }, head.config, head.lineOf).filter(
      (c) => c.key === 'fail-on' || c.key.startsWith('thresholds.'),
    );
  }
  const out: TrustedConfig = { config, headDatasets, report };
  if (head) {
    out.head = head.config;
    const h = declared(head.config);
    if (!same(h, declared(config))) out.headDeclared = h;
  }
  return out;
}

async function readHeadText(blobs: BlobReader, rev: string, path: string): Promise<{ ok: true; text: string | undefined } | { ok: false; error: UserError }> {
  try {
    return { ok: true, text: await readConfigText(blobs, rev, path) };
  } catch (err) {
    if (err instanceof UserError) return { ok: false, error: err };
    throw err;
  }
}

function errorOf(err: UserError, path: string): NonNullable<ConfigReport['error']> {
  if (err instanceof InputError && err.file === path) {
    const message = err.message.slice(err.file.length).replace(/^:(\d+:)?\s*/, '');
    return err.line !== undefined ? { line: err.line, message } : { message };
  }
  return { message: err.message };
}

/** `file:line: message` of head's config error, for evidence and logs. */
export function describeConfigError(r: ConfigReport): string | undefined {
  if (!r.error) return undefined;
  return `${r.path}${r.error.line !== undefined ? `:${r.error.line}` : ''}: ${r.error.message}`;
}
