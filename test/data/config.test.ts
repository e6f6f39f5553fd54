import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { InputError, UserError } from '../../src/errors.js';
import { configSchema, defaultConfig, loadConfig, MAX_CONFIG_BYTES, parseConfig, parseLabelSource, trustedConfig } from '../../src/data/config.js';
import { stricterFailOn } from '../../src/contracts/index.js';
import { GitRepo } from '../../src/data/git.js';
import { makeRepo } from './git-helpers.js';

const FILE = '.github/transfer-risk.yml';

function errorOf(text: string): Error {
  try {
    parseConfig(text, FILE);
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected parseConfig to throw');
}

/** 1-based line of the first line containing `needle` (an outside check of the reported line). */
function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((l) => l.includes(needle)) + 1;
}

describe('parseConfig', () => {
  it('applies the defaults', () => {
    const c = parseConfig('datasets:\n  - name: parts\n    paths: ["data/**"]\n');
    expect(c.datasets).toEqual([{ name: 'parts', paths: ['data/**'], modality: 'auto', labels: 'none' }]);
    expect(c.sample).toEqual({ size: 500, seed: 42 });
    expect(c.failOn).toBe('high');
    expect(c.pretrained).toEqual({ model: 'builtin:default', task: 'classification', source: 'imagenet' });
    expect(c.target).toEqual({ task: 'classification' });
    expect(c.thresholds).toEqual({});
    expect(c.bot).toEqual({ workflow: 'transfer-risk.yml' });
  });

  it('reads the full DESIGN.md example', () => {
    const c = parseConfig(`datasets:
  - name: parts
    paths: ["data/**"]
    modality: image
    labels: directory
    augmentation: configs/augment.yaml
pretrained:
  model: builtin:default
  task: detection
  source: imagenet
  normalize: {mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5]}
target:
  task: segmentation
sample: {size: 200, seed: 7}
fail-on: medium
thresholds: {featurePsiMedium: 0.2}
bot: {workflow: tr.yml}
`);
    expect(c.datasets[0]).toEqual({ name: 'parts', paths: ['data/**'], modality: 'image', labels: 'directory', augmentation: 'configs/augment.yaml' });
    expect(c.pretrained.normalize).toEqual({ mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] });
    expect(c.pretrained.task).toBe('detection');
    expect(c.target.task).toBe('segmentation');
    expect(c.sample).toEqual({ size: 200, seed: 7 });
    expect(c.failOn).toBe('medium');
    expect(c.thresholds).toEqual({ featurePsiMedium: 0.2 });
    expect(c.bot.workflow).toBe('tr.yml');
  });

  it('names file, line and key path for a bad enum value', () => {
    const text = `# transfer-risk
datasets:
  - name: parts
    paths:
      - data/**
    labels: directory
    modality: video
`;
    const e = errorOf(text);
    expect(e).toBeInstanceOf(InputError);
    expect(lineOf(text, 'modality: video')).toBe(7);
    expect(e.message).toBe('.github/transfer-risk.yml:7: datasets[0].modality must be one of image, tabular, audio, text, auto');
  });

  it('points at an unknown key', () => {
    const text = 'datasets:\n  - name: a\n    paths: [x/**]\nsample:\n  size: 10\n  sead: 3\n';
    expect(errorOf(text).message).toBe(`${FILE}:${lineOf(text, 'sead')}: sample.sead is not a known key`);
  });

  it('reports a missing required key and a wrong type with lines', () => {
    const t1 = 'datasets:\n  - name: a\n  - name: b\n    paths: [x/**]\n';
    expect(errorOf(t1).message).toBe(`${FILE}:2: datasets[0].paths is required`);
    const t2 = 'datasets:\n  - name: a\n    paths: [x/**]\nsample:\n  size: many\n';
    expect(errorOf(t2).message).toBe(`${FILE}:5: sample.size must be integer`);
    const t3 = 'datasets:\n  - name: a\n    paths: [x/**]\n    labels: folder\n';
    expect(errorOf(t3).message).toBe(
      `${FILE}:4: datasets[0].labels must be directory, none, column:<name>, file:<csv path>, yolo:<dir>, coco:<json file> or voc:<dir>`,
    );
  });

  it('reports YAML syntax errors with their line', () => {
    const text = 'datasets:\n  - name: a\n    paths: [x/**\nfail-on: high\n';
    const e = errorOf(text);
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/^\.github\/transfer-risk\.yml:\d+: invalid YAML: /);
    const line = Number(/:(\d+):/.exec(e.message)![1]);
    expect(line).toBeGreaterThanOrEqual(3);
    expect(errorOf('').message).toBe(`${FILE}:1: config is empty (datasets is required)`);
  });

  it('rejects paths that escape the repository', () => {
    const t1 = 'datasets:\n  - name: a\n    paths: ["data/**", "../secrets/**"]\n';
    expect(errorOf(t1).message).toBe(`${FILE}:3: datasets[0].paths[1] must not contain ..: ../secrets/**`);
    const t2 = 'datasets:\n  - name: a\n    paths: ["/etc/**"]\n';
    expect(errorOf(t2).message).toMatch(/datasets\[0\]\.paths\[0\] must be relative to the repository root/);
    const t3 = 'datasets:\n  - name: a\n    paths: [x/**]\n    labels: file:../labels.csv\n';
    expect(errorOf(t3).message).toBe(`${FILE}:4: datasets[0].labels must not contain ..: ../labels.csv`);
    const t5 = 'datasets:\n  - name: a\n    paths: [x/**]\n    labels: coco:/data/instances.json\n';
    expect(errorOf(t5).message).toBe(`${FILE}:4: datasets[0].labels must be relative to the repository root: /data/instances.json`);
    const t6 = 'datasets:\n  - name: a\n    paths: [x/**]\n    labels: yolo:data/../../up\n';
    expect(errorOf(t6).message).toBe(`${FILE}:4: datasets[0].labels must not contain ..: data/../../up`);
    const t4 = 'datasets:\n  - name: a\n    paths: [x/**]\n    augmentation: /abs/aug.yaml\n';
    expect(errorOf(t4).message).toMatch(/:4: datasets\[0\]\.augmentation must be relative/);
  });

  it('names the line of an unknown or negative threshold (an error at parse time, not at the end of the run)', () => {
    const text = 'datasets:\n  - name: a\n    paths: [a/**]\nthresholds:\n  alpha: 0.1\n  psiHigh: 2\n';
    expect(() => parseConfig(text)).toThrow(/^\.github\/transfer-risk\.yml:6: thresholds\.psiHigh is not a known threshold/);
    expect(() => parseConfig('datasets:\n  - name: a\n    paths: [a/**]\nthresholds: {alpha: -1}\n')).toThrow(/:4: thresholds\.alpha must not be negative/);
  });

  it('refuses a YAML alias bomb and an oversized config as input errors naming the file', () => {
    let bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n';
    let prev = 'a';
    for (const k of 'bcdefghij') {
      bomb += `${k}: &${k} [${Array(9).fill(`*${prev}`).join(',')}]\n`;
      prev = k;
    }
    bomb += 'datasets:\n  - name: x\n    paths: [a]\n';
    expect(() => parseConfig(bomb)).toThrow(InputError);
    expect(() => parseConfig(bomb)).toThrow(/^\.github\/transfer-risk\.yml: invalid YAML: Excessive alias count/);
    expect(() => parseConfig(`datasets:\n  - name: x\n    paths: [a]\n#${'x'.repeat(MAX_CONFIG_BYTES)}\n`)).toThrow(
      /^\.github\/transfer-risk\.yml: config too large/,
    );
  });

  it('rejects duplicate dataset names', () => {
    const t = 'datasets:\n  - name: a\n    paths: [x/**]\n  - name: a\n    paths: [y/**]\n';
    expect(errorOf(t).message).toBe(`${FILE}:4: datasets[1].name duplicates dataset name "a"`);
  });

  it('parses label sources', () => {
    expect(parseLabelSource('directory')).toEqual({ kind: 'directory' });
    expect(parseLabelSource('none')).toEqual({ kind: 'none' });
    expect(parseLabelSource('column:y')).toEqual({ kind: 'column', name: 'y' });
    expect(parseLabelSource('file:meta/labels.csv')).toEqual({ kind: 'file', path: 'meta/labels.csv' });
    expect(parseLabelSource('yolo:data/defects')).toEqual({ kind: 'boxes', format: 'yolo', path: 'data/defects' });
    expect(parseLabelSource('coco:ann/instances_train.json')).toEqual({ kind: 'boxes', format: 'coco', path: 'ann/instances_train.json' });
    expect(parseLabelSource('voc:VOC2012/Annotations')).toEqual({ kind: 'boxes', format: 'voc', path: 'VOC2012/Annotations' });
    expect(() => parseLabelSource('folder')).toThrow(UserError);
    expect(() => parseLabelSource('yolo:')).toThrow(UserError);
    expect(() => parseLabelSource('kitti:labels')).toThrow(UserError);
  });

  it('accepts box annotation sources in the config (schema and parser agree)', () => {
    const c = parseConfig(
      'datasets:\n  - name: d\n    paths: [d/images/**]\n    labels: yolo:d\n  - name: e\n    paths: [e/**]\n    labels: coco:e/instances_val.json\n  - name: f\n    paths: [f/**]\n    labels: voc:f/Annotations\n',
    );
    expect(c.datasets.map((d) => d.labels)).toEqual(['yolo:d', 'coco:e/instances_val.json', 'voc:f/Annotations']);
    expect(errorOf('datasets:\n  - name: a\n    paths: [x/**]\n    labels: "yolo:"\n').message).toMatch(
      /:4: datasets\[0\]\.labels must be directory, none, column:<name>, file:<csv path>, yolo:<dir>/,
    );
  });
});

describe('schema', () => {
  it('describes every key (editor completion)', () => {
    const schema = JSON.parse(readFileSync(new URL('../../schema/transfer-risk.schema.json', import.meta.url), 'utf8'));
    expect(configSchema()).toEqual(schema);
    const missing: string[] = [];
    const walk = (node: Record<string, unknown>, path: string): void => {
      const props = node.properties as Record<string, Record<string, unknown>> | undefined;
      for (const [k, v] of Object.entries(props ?? {})) {
        if (typeof v.description !== 'string' || v.description.length < 10) missing.push(`${path}.${k}`);
        walk(v, `${path}.${k}`);
      }
      if (node.items && typeof node.items === 'object') walk(node.items as Record<string, unknown>, `${path}[]`);
    };
    walk(schema, '');
    expect(missing).toEqual([]);
    // every top-level key of DESIGN.md's config
    expect(Object.keys(schema.properties).sort()).toEqual(['bot', 'datasets', 'fail-on', 'pretrained', 'sample', 'target', 'thresholds']);
  });
});

describe('policy', () => {
  const base = parseConfig('datasets:\n  - name: a\n    paths: [a/**]\nfail-on: medium\nthresholds: {alpha: 0.1}\nsample: {size: 10}\n');
  const head = parseConfig('datasets:\n  - name: b\n    paths: [b/**]\nfail-on: none\nthresholds: {alpha: 0.9}\nsample: {size: 20}\n');

  it("takes everything from base; a dataset defined only in head is added with head's definition", () => {
    const m = trustedConfig(base, head);
    expect(m.failOn).toBe('medium');
    expect(m.thresholds).toEqual({ alpha: 0.1 });
    expect(m.datasets.map((d) => d.name)).toEqual(['a', 'b']);
    expect(m.datasets[1]!.paths).toEqual(['b/**']);
    expect(m.sample.size).toBe(10);
  });

  it("uses head's config but the default policy when base has no config", () => {
    const m = trustedConfig(undefined, head);
    expect(m.failOn).toBe(defaultConfig().failOn);
    expect(m.failOn).toBe('high');
    expect(m.thresholds).toEqual({});
    expect(m.datasets.map((d) => d.name)).toEqual(['b']);
    expect(m.sample.size).toBe(20);
  });

  it('an explicit fail-on may only tighten', () => {
    expect(stricterFailOn('high', 'medium')).toBe('medium');
    expect(stricterFailOn('medium', 'high')).toBe('medium');
    expect(stricterFailOn('high', 'none')).toBe('high');
    expect(stricterFailOn('none', 'high')).toBe('high');
    expect(stricterFailOn('high', undefined)).toBe('high');
  });

  it('loads both revisions from git: a PR cannot relax policy', async () => {
    const r = makeRepo();
    try {
      r.write('.github/transfer-risk.yml', 'datasets:\n  - name: a\n    paths: [a/**]\nfail-on: medium\n');
      const b = r.commit('base');
      r.write('.github/transfer-risk.yml', 'datasets:\n  - name: a\n    paths: [a/**, more/**]\nfail-on: none\nthresholds: {alpha: 1}\n');
      const h = r.commit('head');
      const repo = await GitRepo.open(r.dir);
      const blobs = repo.blobReader();
      try {
        const c = await loadConfig(blobs, b, h);
        expect(c.failOn).toBe('medium');
        expect(c.thresholds).toEqual({});
        expect(c.datasets[0]!.paths).toEqual(['a/**']); // base decides the dataset's paths
        // config added in the PR (base has none): default policy
        const empty = r.git('commit-tree', '-m', 'empty', r.git('mktree').trim()).trim();
        const c3 = await loadConfig(blobs, empty, h);
        expect(c3.failOn).toBe('high');
        await expect(loadConfig(blobs, empty, empty)).rejects.toThrow(/no config/);
        // a broken config at head: base's is used (loadTrustedConfig reports head's error); with no base config it is the error
        r.write('.github/transfer-risk.yml', 'datasets:\n  - name: a\n    paths: [a/**]\n    modality: pictures\n');
        const h2 = r.commit('bad');
        expect((await loadConfig(blobs, b, h2)).datasets[0]!.paths).toEqual(['a/**']);
        await expect(loadConfig(blobs, empty, h2)).rejects.toThrow('.github/transfer-risk.yml:4: datasets[0].modality must be one of');
      } finally {
        await blobs.close();
      }
    } finally {
      r.cleanup();
    }
  });
});
