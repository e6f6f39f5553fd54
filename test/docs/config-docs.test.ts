/**
 * docs/config.md is generated from the config's JSON Schema (scripts/gen-config-docs.mjs): it must be
 * up to date, cover every key (the schema's and DESIGN.md's), and its example config must pass the
 * project's own config parser.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseConfig } from '../../src/data/config.js';
import { InputError } from '../../src/errors.js';
import { DEFAULT_THRESHOLDS, mergeThresholds } from '../../src/risk/thresholds.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DOC = readFileSync(join(ROOT, 'docs', 'config.md'), 'utf8');
const SCHEMA = JSON.parse(readFileSync(join(ROOT, 'schema', 'transfer-risk.schema.json'), 'utf8')) as Schema;
const THRESHOLDS_SRC = readFileSync(join(ROOT, 'src', 'risk', 'thresholds.ts'), 'utf8');

interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: string[];
  default?: unknown;
  description?: string;
}

interface Generator {
  generate(root?: string): string;
  renderConfigDocs(schema: object, thresholdsSource: string): string;
  parseThresholdsSource(text: string): Array<{ group: string; name: string; value: number; description: string }>;
  yamlBlocks(markdown: string): string[];
  EXAMPLE_CONFIG: string;
}

// a computed specifier: the generator is a plain .mjs script without type declarations
const generatorUrl = pathToFileURL(join(ROOT, 'scripts', 'gen-config-docs.mjs')).href;
const gen = (await import(generatorUrl)) as Generator;

/** Every key path of the schema, walked here independently of the generator. */
function schemaPaths(s: Schema, prefix = ''): Array<{ key: string; schema: Schema }> {
  const out: Array<{ key: string; schema: Schema }> = [];
  for (const [name, sub] of Object.entries(s.properties ?? {})) {
    const key = prefix ? `${prefix}.${name}` : name;
    out.push({ key, schema: sub });
    out.push(...schemaPaths(sub, key));
    if (sub.type === 'array' && sub.items) out.push(...schemaPaths(sub.items, `${key}[]`));
  }
  return out;
}

/** The first cell of every table row, without its backticks. */
function rowKeys(md: string): string[] {
  return md
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .map((l) => /^\| `([^`]+)`/.exec(l)![1]!);
}

/** The cells of a markdown table row, honouring `\|` escapes. */
function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/);
}

describe('docs/config.md', () => {
  it('is what scripts/gen-config-docs.mjs generates from the current schema (run `node scripts/gen-config-docs.mjs`)', () => {
    expect(DOC).toBe(gen.generate(ROOT));
  });

  it('changes when the schema changes (the staleness check can fail)', () => {
    const changed = structuredClone(SCHEMA);
    changed.properties!.sample!.properties!.size!.default = 1234;
    changed.properties!.report = { type: 'object', description: 'A key added to the schema.', properties: { dir: { type: 'string' } } };
    const text = gen.renderConfigDocs(changed, THRESHOLDS_SRC);
    expect(text).not.toBe(DOC);
    expect(text).toContain('| `sample.size` | integer | `1234` |');
    expect(text).toContain('| `report.dir` |');
  });

  it('has a row for every key of the schema, with its default and allowed values', () => {
    const rows = new Set(rowKeys(DOC));
    const paths = schemaPaths(SCHEMA);
    expect(paths.length).toBeGreaterThan(20);
    for (const { key, schema } of paths) {
      expect(rows.has(key)).toBe(true);
      const row = DOC.split('\n').find((l) => l.startsWith(`| \`${key}\` |`))!;
      if (schema.default !== undefined) expect(row).toContain('`' + JSON.stringify(schema.default) + '`');
      for (const v of schema.enum ?? []) expect(row).toContain('`' + v + '`');
      if (schema.description) expect(row).toContain(schema.description.replace(/\|/g, '\\|'));
    }
  });

  it("covers every key of DESIGN.md's config", () => {
    // DESIGN.md, "Repository config `.github/transfer-risk.yml`"
    const design = [
      'datasets',
      'datasets[].name',
      'datasets[].paths',
      'datasets[].modality',
      'datasets[].labels',
      'datasets[].augmentation',
      'pretrained.model',
      'pretrained.task',
      'pretrained.source',
      'pretrained.normalize',
      'target.task',
      'sample.size',
      'sample.seed',
      'fail-on',
      'thresholds',
      'bot.workflow',
    ];
    const rows = new Set(rowKeys(DOC));
    expect(design.filter((k) => !rows.has(k))).toEqual([]);
    // the values DESIGN.md lists are allowed ones
    for (const v of ['image', 'tabular', 'audio', 'text', 'auto', 'none', 'medium', 'high']) expect(DOC).toContain('`' + v + '`');
  });

  it('renders well-formed tables (a | inside a cell is escaped)', () => {
    const lines = DOC.split('\n');
    let header = 0;
    let tables = 0;
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      if (!l.startsWith('|')) {
        header = 0;
        continue;
      }
      if (header === 0) {
        header = cells(l).length;
        tables++;
        expect(lines[i + 1]).toMatch(/^\|(-+\|)+$/);
        continue;
      }
      expect(cells(l)).toHaveLength(header);
    }
    expect(tables).toBeGreaterThanOrEqual(8);
    // the labels pattern holds | characters
    expect(DOC).toContain('`^(directory\\|none\\|column:.+\\|file:.+\\|yolo:.+\\|coco:.+\\|voc:.+)$`');
  });

  it('lists every risk threshold with its default from src/risk/thresholds.ts', () => {
    const parsed = gen.parseThresholdsSource(THRESHOLDS_SRC);
    expect(Object.fromEntries(parsed.map((t) => [t.name, t.value]))).toEqual(DEFAULT_THRESHOLDS);
    for (const [name, value] of Object.entries(DEFAULT_THRESHOLDS)) {
      const row = DOC.split('\n').find(
        (l) =>
          l.startsWith('| `') &&
          l
            .split('|')[1]!
            .split('<br>')
            .some((c) => c.trim() === '`' + name + '`'),
      );
      expect(row).toBeDefined();
      const names = row!
        .split('|')[1]!
        .split('<br>')
        .map((c) => c.trim());
      const values = row!
        .split('|')[2]!
        .split('<br>')
        .map((c) => Number(c.trim()));
      expect(values[names.indexOf('`' + name + '`')]).toBe(value);
    }
    const alpha = parsed.find((t) => t.name === 'alpha')!;
    expect(alpha.description).toMatch(/significance level/);
  });

  it("has a full example that passes the project's config parser", () => {
    const blocks = gen.yamlBlocks(DOC);
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    expect(blocks[0]).toBe(gen.EXAMPLE_CONFIG);
    const config = parseConfig(blocks[0]!, '.github/transfer-risk.yml');
    expect(config.datasets.map((d) => d.name)).toEqual(['parts', 'tickets', 'defects']);
    expect(config.datasets[0]).toMatchObject({ paths: ['data/parts/**'], modality: 'image', labels: 'directory', augmentation: 'configs/augment.yaml' });
    expect(config.datasets[1]).toMatchObject({ modality: 'text', labels: 'column:category', textColumn: 'body' });
    expect(config.datasets[2]).toMatchObject({ modality: 'image', labels: 'yolo:data/defects' });
    expect(config.pretrained).toEqual({
      model: 'builtin:default',
      task: 'classification',
      source: 'imagenet',
      normalize: { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] },
    });
    expect(config.target).toEqual({ task: 'classification' });
    expect(config.sample).toEqual({ size: 500, seed: 42 });
    expect(config.failOn).toBe('high');
    expect(config.bot).toEqual({ workflow: 'transfer-risk.yml' });
    // its threshold names are real ones (an unknown name would throw)
    const merged = mergeThresholds(config.thresholds);
    expect(merged.featurePsiMedium).toBe(0.25);
    expect(merged.embAucHigh).toBe(0.9);
    // every top-level key of the schema appears in the example
    const top = Object.keys(SCHEMA.properties!);
    for (const k of top) expect(blocks[0]).toMatch(new RegExp(`^${k}:`, 'm'));
    // the smallest example parses too
    expect(parseConfig(blocks[1]!).datasets).toEqual([{ name: 'images', paths: ['data/**'], modality: 'auto', labels: 'none' }]);
  });

  it('would catch a broken example (the parser rejects a bad value in it)', () => {
    const broken = gen.EXAMPLE_CONFIG.replace('modality: image', 'modality: video');
    expect(broken).not.toBe(gen.EXAMPLE_CONFIG);
    expect(() => parseConfig(broken, '.github/transfer-risk.yml')).toThrow(InputError);
  });
});
