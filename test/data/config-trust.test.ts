/**
 * Issue 12, item 1: the base revision's config decides how a pull request is judged; head's config
 * is reported change by change (with its line, "takes effect after merge"), a dataset defined only in
 * head is analyzed with head's definition, and an invalid head config is the pull request's error.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { diffConfigs, loadTrustedConfig } from '../../src/data/config-trust.js';
import { GitRepo, type BlobReader } from '../../src/data/git.js';
import { planChanges } from '../../src/data/plan.js';
import { UserError } from '../../src/errors.js';
import { makeRepo, type TempRepo } from './git-helpers.js';

const CONFIG = '.github/transfer-risk.yml';
const BASE = `datasets:
  - name: parts
    paths: ["data/**"]
    modality: image
    labels: directory
    augmentation: configs/augment.yaml
pretrained: {model: builtin:default, task: classification, source: imagenet}
target: {task: classification}
sample: {size: 100, seed: 1}
fail-on: medium
`;

// the hostile edit of the issue: no dataset path matches any more, labels off, policy relaxed, target changed
const EVASIVE = `datasets:
  - name: parts
    paths: ["nothing/**"]
    modality: image
    labels: none
    augmentation: configs/augment.yaml
  - name: extra
    paths: ["more/**"]
pretrained: {model: builtin:default, task: classification, source: imagenet}
target: {task: detection}
sample: {size: 100, seed: 1}
fail-on: none
thresholds: {featurePsiHigh: 50}
`;

describe('loadTrustedConfig', () => {
  let r: TempRepo;
  let repo: GitRepo;
  let blobs: BlobReader;
  const revs: Record<string, string> = {};
  const commit = (name: string, files: Record<string, string | null>): void => {
    for (const [p, t] of Object.entries(files)) {
      if (t === null) r.remove(p);
      else r.write(p, t);
    }
    revs[name] = r.commit(name);
  };

  beforeAll(async () => {
    r = makeRepo('tr-trust-');
    r.write('data/a/1.png', 'x');
    commit('empty', {});
    commit('base', { [CONFIG]: BASE });
    // the hostile edit of the issue: no dataset path matches any more, policy relaxed, task changed
    commit('evasive', { [CONFIG]: EVASIVE, 'data/a/2.png': 'y' });
    r.git('checkout', '-q', revs.base!);
    commit('invalid', { [CONFIG]: BASE.replace('modality: image', 'modality: pictures') });
    r.git('checkout', '-q', revs.base!);
    commit('deleted', { [CONFIG]: null });
    r.git('checkout', '-q', revs.base!);
    r.remove(CONFIG);
    mkdirSync(join(r.dir, '.github'), { recursive: true });
    symlinkSync('/etc/hostname', join(r.dir, CONFIG));
    revs.symlink = r.commit('the config as a symlink out of the repository');
    repo = await GitRepo.open(r.dir);
    blobs = repo.blobReader();
  });
  afterAll(async () => {
    await blobs.close();
    r.cleanup();
  });

  it('base decides datasets, model, target, sample and policy; head-only datasets come from head', async () => {
    const t = await loadTrustedConfig(blobs, revs.base!, revs.evasive!);
    expect(t.config.datasets.map((d) => [d.name, d.paths, d.labels])).toEqual([
      ['parts', ['data/**'], 'directory'],
      ['extra', ['more/**'], 'none'],
    ]);
    expect(t.config.failOn).toBe('medium');
    expect(t.config.thresholds).toEqual({});
    expect(t.config.target.task).toBe('classification');
    expect(t.config.sample).toEqual({ size: 100, seed: 1 });
    // head's declared tasks are kept to be assessed beside base's
    expect(t.headDeclared).toEqual({ pretrained: { task: 'classification', source: 'imagenet' }, target: { task: 'detection' } });
    expect(t.report.source).toBe('base');
    expect(t.report.head).toBe('changed');
    expect(t.report.error).toBeUndefined();
  });

  it('reports every change head makes, with its line and when it takes effect', async () => {
    const t = await loadTrustedConfig(blobs, revs.base!, revs.evasive!);
    const byKey = Object.fromEntries(t.report.changes.map((c) => [c.key, c]));
    expect(Object.keys(byKey).sort()).toEqual([
      'datasets[extra]',
      'datasets[parts].labels',
      'datasets[parts].paths',
      'fail-on',
      'target.task',
      'thresholds.featurePsiHigh',
    ]);
    expect(byKey['datasets[parts].paths']).toEqual({
      key: 'datasets[parts].paths',
      change: 'changed',
      base: '["data/**"]',
      head: '["nothing/**"]',
      line: 3,
      effect: 'after-merge',
    });
    expect(byKey['fail-on']).toMatchObject({ change: 'changed', base: '"medium"', head: '"none"', line: 12, effect: 'after-merge' });
    expect(byKey['target.task']).toMatchObject({ base: '"classification"', head: '"detection"', line: 10, effect: 'after-merge' });
    expect(byKey['thresholds.featurePsiHigh']).toMatchObject({ change: 'added', head: '50', line: 13, effect: 'after-merge' });
    expect(byKey['datasets[extra]']).toMatchObject({ change: 'added', line: 7, effect: 'this-run' });
    // the GitHub App's keys too (the App reads them from the default branch anyway)
    const bot = diffConfigs(t.config, { ...t.config, bot: { workflow: 'other.yml', forks: 'run' } }, () => undefined);
    expect(bot.map((c) => [c.key, c.change])).toEqual([
      ['bot.workflow', 'changed'],
      ['bot.forks', 'added'],
    ]);
  });

  it('a pull request cannot keep a dataset out of the analysis by editing its paths', async () => {
    const t = await loadTrustedConfig(blobs, revs.base!, revs.evasive!);
    const changed = await repo.changedPaths(revs.base!, revs.evasive!);
    const plan = planChanges(t.config, changed, t.headDatasets);
    expect(plan.untouched).toBe(false);
    expect(plan.datasets.map((d) => [d.dataset.name, d.dataset.paths, d.dataChanges.map((c) => c.path), d.definitionChanged])).toEqual([
      ['parts', ['data/**'], ['data/a/2.png'], true],
    ]);
    // before: head's config decided the paths, and nothing matched
    const headOnly = planChanges(t.head!, changed);
    expect(headOnly.untouched).toBe(true);
  });

  it("an invalid head config is the pull request's error, with its line; base's config is used", async () => {
    const t = await loadTrustedConfig(blobs, revs.base!, revs.invalid!);
    expect(t.report.head).toBe('invalid');
    expect(t.report.error).toEqual({ line: 4, message: 'datasets[0].modality must be one of image, tabular, audio, text, auto' });
    expect(t.config.datasets[0]!.modality).toBe('image');
    expect(t.head).toBeUndefined();
  });

  it("with no config at base, head's is used and the report says so; its policy waits for the merge", async () => {
    const t = await loadTrustedConfig(blobs, revs.empty!, revs.evasive!);
    expect(t.report.source).toBe('head');
    expect(t.config.datasets[0]!.paths).toEqual(['nothing/**']);
    expect(t.config.failOn).toBe('high');
    expect(t.config.thresholds).toEqual({});
    expect(t.report.changes.map((c) => [c.key, c.effect])).toEqual([
      ['fail-on', 'after-merge'],
      ['thresholds.featurePsiHigh', 'after-merge'],
    ]);
    // and an invalid config with nothing at base to fall back on stops the run (exit 2)
    await expect(loadTrustedConfig(blobs, revs.empty!, revs.invalid!)).rejects.toThrow(/transfer-risk\.yml:4: datasets\[0\]\.modality/);
  });

  it('a symlinked head config is not followed: its link text is read from git, and it is invalid', async () => {
    const t = await loadTrustedConfig(blobs, revs.base!, revs.symlink!);
    expect(t.report.head).toBe('invalid');
    expect(t.report.error!.message).toMatch(/must be object|datasets is required|expected/);
    expect(t.config.datasets[0]!.name).toBe('parts');
  });

  it("a deleted head config is reported; base's config is used", async () => {
    const t = await loadTrustedConfig(blobs, revs.base!, revs.deleted!);
    expect(t.report.head).toBe('missing');
    expect(t.config.datasets[0]!.name).toBe('parts');
  });

  it("an invalid base config is the repository's error (exit 2), named as the base's", async () => {
    await expect(loadTrustedConfig(blobs, revs.invalid!, revs.base!)).rejects.toThrow(UserError);
    await expect(loadTrustedConfig(blobs, revs.invalid!, revs.base!)).rejects.toThrow(/:4: datasets\[0\]\.modality .*base revision's config/);
  });
});
