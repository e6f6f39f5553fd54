#!/usr/bin/env node
/**
 * Generates docs/config.md, the reference of `.github/transfer-risk.yml`, from the JSON Schema
 * (schema/transfer-risk.schema.json) and the risk thresholds (src/risk/thresholds.ts).
 *
 *   node scripts/gen-config-docs.mjs           write docs/config.md
 *   node scripts/gen-config-docs.mjs --check   exit 1 when docs/config.md is not up to date
 *   node scripts/gen-config-docs.mjs --stdout  print the generated text
 *
 * test/docs/config-docs.test.ts checks that the committed file equals the generated text and that the
 * example config in it passes the project's config parser.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SCHEMA_PATH = 'schema/transfer-risk.schema.json';
export const THRESHOLDS_PATH = 'src/risk/thresholds.ts';
export const DOC_PATH = 'docs/config.md';

/** The full example shown in the reference; it must pass `parseConfig` (the test checks it). */
export const EXAMPLE_CONFIG = `# .github/transfer-risk.yml
datasets:
  - name: parts                          # required, unique
    paths: ["data/parts/**"]             # required: globs relative to the repository root
    modality: image                      # image | tabular | audio | text | auto (default auto)
    labels: directory                    # directory | column:<name> | file:<csv path> | yolo:<dir> | coco:<json> | voc:<dir> | none (default none)
    augmentation: configs/augment.yaml   # optional: the training augmentation config
  - name: tickets
    paths: ["data/tickets/*.jsonl"]
    modality: text
    labels: column:category
    text-column: body                    # text datasets in JSONL/CSV: the column with the text (default text)
  - name: defects                        # a detection dataset: images with object boxes
    paths: ["data/defects/**"]           # images/ and labels/: a change to the boxes alone touches the dataset
    modality: image
    labels: yolo:data/defects            # images/ + labels/*.txt + classes.txt; or coco:annotations/instances_train.json, voc:data/Annotations
pretrained:
  model: builtin:default                 # builtin:<name> | path/to/model.json | https://…/model.json
  task: classification                   # what the model was pretrained for
  source: imagenet                       # where its pretraining data came from
  normalize: {mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5]}   # optional: what the model expects
  # layer: global_average_pooling2d_1   # optional: embedding layer/node (default: penultimate layer)
target:
  task: classification                   # the fine-tuning task
sample: {size: 500, seed: 42}            # items per side (0 = every item) and the sampling seed
fail-on: high                            # none | medium | high (read from the base revision)
thresholds:                              # optional overrides of the risk rules (read from the base revision)
  featurePsiMedium: 0.25
  emb-auc-high: 0.9                      # kebab-case and snake_case names are accepted too
bot:
  workflow: transfer-risk.yml            # the workflow the GitHub App dispatches
`;

/** `|` and newlines would break a table cell. */
const cell = (s) => String(s).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const code = (s) => '`' + String(s) + '`';

function typeOf(s) {
  if (s.enum) return 'string';
  if (s.type === 'array') {
    const it = s.items ?? {};
    return `array of ${it.type === 'object' ? 'objects' : typeOf(it)}`;
  }
  if (s.type === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object') {
    return `map of ${typeOf(s.additionalProperties)}`;
  }
  return s.type ?? 'any';
}

function allowed(s) {
  const out = [];
  if (s.enum) out.push(s.enum.map(code).join(', '));
  if (s.pattern) out.push(`matches ${code(s.pattern)}`);
  if (s.minimum !== undefined) out.push(`≥ ${s.minimum}`);
  if (s.exclusiveMinimum !== undefined) out.push(`> ${s.exclusiveMinimum}`);
  if (s.maximum !== undefined) out.push(`≤ ${s.maximum}`);
  if (s.minLength) out.push('non-empty');
  if (s.minItems) out.push(`at least ${s.minItems} item${s.minItems > 1 ? 's' : ''}`);
  if (s.type === 'array' && s.items) {
    const inner = allowed(s.items);
    if (inner) out.push(`items: ${inner}`);
  }
  if (s.type === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object') {
    out.push('any key (see below)');
  }
  return out.join('; ');
}

/** Every key of the schema as `{key, schema, required}`, depth first; arrays of objects as `name[].key`. */
export function schemaKeys(schema) {
  const rows = [];
  const walk = (s, prefix) => {
    const req = new Set(s.required ?? []);
    for (const [name, sub] of Object.entries(s.properties ?? {})) {
      const key = prefix ? `${prefix}.${name}` : name;
      rows.push({ key, schema: sub, required: req.has(name) });
      if (sub.type === 'object' && sub.properties) walk(sub, key);
      if (sub.type === 'array' && sub.items?.type === 'object') walk(sub.items, `${key}[]`);
    }
  };
  walk(schema, '');
  return rows;
}

/**
 * The thresholds of src/risk/thresholds.ts (`DEFAULT_THRESHOLDS`) read from its source text, with the
 * section (`// ---- name ----`) and the doc comment above each key (a comment covers the keys right
 * below it until a blank line or the next comment; `note` numbers the comment, so keys that share one
 * share a `note`).
 */
export function parseThresholdsSource(text) {
  const start = text.indexOf('DEFAULT_THRESHOLDS = {');
  if (start < 0) throw new Error(`${THRESHOLDS_PATH}: DEFAULT_THRESHOLDS not found`);
  const end = text.indexOf('\n};', start);
  const body = text.slice(start, end < 0 ? undefined : end).split('\n').slice(1);
  const out = [];
  let group = '';
  let comment = '';
  let inBlock = false;
  let block = [];
  let note = 0;
  for (const raw of body) {
    const line = raw.trim();
    if (inBlock) {
      const done = line.includes('*/');
      block.push(line.replace(/\*\/.*$/, '').replace(/^\*\s?/, ''));
      if (done) {
        comment = block.join(' ').trim();
        note++;
        inBlock = false;
      }
      continue;
    }
    let m;
    if ((m = /^\/\/\s*-+\s*(.*?)\s*-*$/.exec(line))) {
      group = m[1];
      comment = '';
      note++;
    } else if ((m = /^\/\*\*(.*?)\*\/$/.exec(line))) {
      comment = m[1].trim();
      note++;
    } else if (line.startsWith('/**')) {
      inBlock = true;
      block = [line.slice(3).trim()];
    } else if ((m = /^([A-Za-z_$][\w$]*)\s*:\s*(-?[\d.]+(?:e-?\d+)?)\s*,?\s*(?:\/\/\s*(.*))?$/.exec(line))) {
      out.push({ group, name: m[1], value: Number(m[2]), description: (m[3] ? `${comment} ${m[3]}` : comment).trim(), note: m[3] ? ++note : note });
    } else if (line === '') {
      comment = '';
      note++;
    }
  }
  return out;
}

/** The text of docs/config.md for a schema and the thresholds source. */
export function renderConfigDocs(schema, thresholdsSource) {
  const lines = [];
  lines.push('# Configuration reference: `.github/transfer-risk.yml`');
  lines.push('');
  lines.push(`<!-- Generated by scripts/gen-config-docs.mjs from ${SCHEMA_PATH} and ${THRESHOLDS_PATH}: do not edit by hand. -->`);
  lines.push('<!-- Regenerate with `node scripts/gen-config-docs.mjs`; test/docs/config-docs.test.ts fails when this file is stale. -->');
  lines.push('');
  lines.push(schema.description ?? '');
  lines.push('');
  lines.push(
    `The file is validated against the JSON Schema [\`${SCHEMA_PATH}\`](../${SCHEMA_PATH}) (usable by editors ` +
      'for completion). A config error stops the run with exit code 2 and one line naming the file, the line and ' +
      'the key, e.g. `.github/transfer-risk.yml:7: datasets[0].modality must be one of image, tabular, audio, text, auto`. ' +
      'Unknown keys are errors. Paths must be relative to the repository root and must not contain `..`.',
  );
  lines.push('');
  lines.push(
    '**Policy comes from the base revision.** `fail-on` and `thresholds` are read from the pull request\'s base ' +
      'commit, so a pull request cannot relax its own gate (with no config at base, the defaults apply). Everything ' +
      'else (datasets, model, sampling) is read from the head commit. The action\'s `fail-on` input and the CLI\'s ' +
      '`--fail-on` may only make the policy stricter.',
  );
  lines.push('');
  lines.push('## Keys');
  lines.push('');
  lines.push('`name[]` is a key of every item of the list `name`. A key marked **required** must be present whenever its parent is; every other key is optional.');
  const rows = schemaKeys(schema);
  let section = '';
  for (const r of rows) {
    const top = r.key.split(/[.[]/)[0];
    if (top !== section) {
      section = top;
      lines.push('');
      lines.push(`### \`${top}\``);
      lines.push('');
      lines.push('| Key | Type | Default | Allowed values | Description |');
      lines.push('|-----|------|---------|----------------|-------------|');
    }
    const def = r.required ? '**required**' : r.schema.default !== undefined ? code(JSON.stringify(r.schema.default)) : '—';
    lines.push(`| ${code(r.key)} | ${cell(typeOf(r.schema))} | ${cell(def)} | ${cell(allowed(r.schema)) || '—'} | ${cell(r.schema.description ?? '')} |`);
  }
  lines.push('');
  lines.push('## Thresholds');
  lines.push('');
  lines.push(
    'Every key of `thresholds:` overrides one number of the risk rules (`DEFAULT_THRESHOLDS` in ' +
      `[\`${THRESHOLDS_PATH}\`](../${THRESHOLDS_PATH})). Names may be written in camelCase, kebab-case or ` +
      'snake_case (`featurePsiMedium`, `feature-psi-medium`, `feature_psi_medium`); an unknown name or a negative or ' +
      'non-finite value is a config error. What each rule does and where its default comes from: ' +
      '[docs/risk-model.md](risk-model.md).',
  );
  // keys that share a doc comment in the source share a row, as they do there
  const rowsOf = [];
  for (const t of parseThresholdsSource(thresholdsSource)) {
    const last = rowsOf[rowsOf.length - 1];
    if (last && t.description && last.note === t.note && last.group === t.group) last.keys.push(t);
    else rowsOf.push({ group: t.group, note: t.note, description: t.description, keys: [t] });
  }
  let group;
  for (const r of rowsOf) {
    if (r.group !== group) {
      group = r.group;
      lines.push('');
      if (group) lines.push(`### ${group}`, '');
      lines.push('| Name | Default | Meaning |');
      lines.push('|------|---------|---------|');
    }
    const names = r.keys.map((k) => code(k.name)).join('<br>');
    const values = r.keys.map((k) => String(k.value)).join('<br>');
    lines.push(`| ${names} | ${values} | ${cell(r.description) || 'see [docs/risk-model.md](risk-model.md)'} |`);
  }
  lines.push('');
  lines.push('## Full example');
  lines.push('');
  lines.push('Every key, with its default where it has one (this file passes the project\'s config parser: the docs test checks it).');
  lines.push('');
  lines.push('```yaml');
  lines.push(EXAMPLE_CONFIG.trimEnd());
  lines.push('```');
  lines.push('');
  lines.push('The smallest valid config names one dataset:');
  lines.push('');
  lines.push('```yaml');
  lines.push('datasets:');
  lines.push('  - name: images');
  lines.push('    paths: ["data/**"]');
  lines.push('```');
  lines.push('');
  return lines.join('\n');
}

/** The example YAML blocks of a generated document, in order. */
export function yamlBlocks(markdown) {
  return [...markdown.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);
}

/** docs/config.md as it should be now, from the files under `root`. */
export function generate(root = ROOT) {
  const schema = JSON.parse(fs.readFileSync(path.join(root, SCHEMA_PATH), 'utf8'));
  const thresholds = fs.readFileSync(path.join(root, THRESHOLDS_PATH), 'utf8');
  return renderConfigDocs(schema, thresholds);
}

function main(argv) {
  const text = generate();
  const target = path.join(ROOT, DOC_PATH);
  if (argv.includes('--stdout')) {
    process.stdout.write(text);
    return 0;
  }
  if (argv.includes('--check')) {
    const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
    if (current === text) return 0;
    process.stderr.write(`${DOC_PATH} is out of date: run node scripts/gen-config-docs.mjs\n`);
    return 1;
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, text);
  process.stderr.write(`wrote ${DOC_PATH}\n`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
