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

/** What the base revision decides and what the pull request's head may change (DESIGN.md "Repository config … Trust"). */
export const TRUST_SECTION = [
  '## Trust: what comes from base, what from head',
  '',
  "The check judges a pull request, so what decides *how* it is judged comes from the pull request's **base** " +
    'revision, never from the pull request itself. A pull request can raise its risk, never lower it.',
  '',
  '| | read from | notes |',
  '|---|---|---|',
  "| `datasets` (paths, modality, labels, augmentation path, text-column) | base | a dataset defined only in head is analyzed with head's definition; a dataset whose definition head changes is analyzed with base's, and whenever head's definition would cover a changed file; when head's definition adds paths, the dataset is also analyzed a second time as `<name> (with head's paths)`, head's side reading the files those paths cover too (the data the dataset holds after the merge is judged now, not after it; the worse counts, so old files brought under the paths cannot dilute the first reading); a git submodule (mode 160000) where a dataset's paths may match files fails that dataset closed (its data is in another repository, never read); when head points a dataset at another augmentation config, that config is judged too and the worse counts |",
  '| `pretrained` (model, normalize, layer), `sample` | base | |',
  '| `pretrained.task`, `pretrained.source`, `target.task` | base **and** head | both declarations are assessed; the worse counts |',
  "| `fail-on`, `thresholds` | base | the action's `fail-on` input and the CLI's `--fail-on` may only make the policy stricter |",
  "| the GitHub App's `bot.workflow`, `bot.forks`, `bot.fork-workflow` | the default branch | the App reads its own settings from the default branch's config; whether a pull request touches a dataset it decides with the config at the pull request's base commit, as the analysis does (when that one is missing or invalid there, it dispatches the analysis rather than settle \"no dataset changes\") |",
  '',
  'Every change head makes to the config is listed in the report (`config.changes`: key, old and new value, the ' +
    "line in head's file, and whether it takes effect after merge or was used in this run) and in the PR comment. " +
    "**An invalid config in head** (YAML, schema, an unknown threshold) is the pull request's error: the run uses " +
    "base's config, the report names `file:line` (`config.error`) and task-mismatch is high (the check fails " +
    "closed). An invalid config **at base** is the repository's error: exit 2, naming the file and line. " +
    "**With no config at base** (the pull request that introduces transfer-risk), head's config is used and the " +
    'report says so (`config.source: head`); `fail-on` and `thresholds` take their defaults until it is merged, so ' +
    'a config cannot start relaxed.',
  '',
  'The data the pull request brings is untrusted too: it is read from git objects (never from the work tree), ' +
    'bounded in size (see Limits), and what cannot be read is evidence, never a reason to skip the rest: the ' +
    'readable items are always analyzed, the unreadable share is graded under data-drift (`unreadableShareMedium`, ' +
    '`unreadableShareHigh`), and a dataset that cannot be analyzed at all fails closed at `unanalyzableLevel` ' +
    '(default high).',
];

/** The bounds on what a pull request can make transfer-risk read or compute (the code's constants; test/docs/limits-docs.test.ts checks them). */
export const LIMITS_SECTION = [
  '## Limits',
  '',
  '| What | Limit | Beyond it |',
  '|---|---|---|',
  '| this config, an augmentation config | 1 MiB (1048576 characters) | config error naming the file |',
  '| YAML aliases in a config | expanded at most 100 times | config error naming the file (alias bombs) |',
  '| a data file (git blob) | 100 MiB | the item is unreadable (listed, counted in the unreadable share) |',
  '| a gzipped table (`.csv.gz`, `.jsonl.gz`, …) inflated | 1 GiB (read as a stream; a `.parquet.gz` is held whole) | the file is unreadable (gzip bombs) |',
  '| columns of a table (CSV header, JSON Lines keys, Parquet schema) | 10,000 | the file is unreadable |',
  '| a name the pull request brings, as the report shows it (column, category, label, transform) | 160 characters; file paths in evidence 200; 10 names per list | shortened to its start plus its length and a hash (`…(5,000 characters, #1a2b3c4d)`), or "and N more"; the numbers come from the full values |',
  '| JSON nesting (a JSON Lines row, a COCO file) | 64 levels of objects and arrays, checked before parsing | the file is unreadable |',
  '| JSON objects and arrays in a COCO file | 4 per allowed entry plus 64 (8,000,064 at the default 2,000,000 entries), counted before parsing | the file is unreadable |',
  '| a table cell (CSV/TSV; a JSON Lines string or nested value; a Parquet text, bytes or nested value) | 4 KiB (4096 bytes) kept: a longer cell is the text of its first 4096 bytes (at a UTF-8 character boundary) plus `…`, never a number | the row is read (sampled by all its bytes); long cells with the same first 4096 bytes are the same category |',
  '| a text file (`.txt`, `.md`) analyzed | its first 1 MiB (1048576 bytes, at a character boundary), at base and head alike | the rest is not measured; `contentForm` counts the files cut per side |',
  '| Parquet page compression | SNAPPY, GZIP, BROTLI, ZSTD (Node.js 22.15 or later: the action runs on Node 24) and uncompressed; each page inflated to at most its declared size | LZ4, LZO, or ZSTD on an older Node: the file is unreadable, saying which codec |',
  '| rows a Parquet file claims | 20,000,000 (read 1 M cells at a time; a list or map column a row group at a time, as hyparquet decodes its whole column chunk for any rows) | the file is unreadable |',
  "| a Parquet page (checked for every column chunk before it is decoded: the headers, and the RLE runs of data pages that have levels or dictionary indices) | 268,435,456 bytes (256 MiB) uncompressed, at most 32× its compressed size for Snappy and 1000× for other codecs (above 1 MiB), equal to it uncompressed; no page more values than its column chunk, the pages' values adding up to the chunk's; a chunk at most its row group's rows (20,000,000 values for a repeated column); no page past its chunk; no RLE run of levels or dictionary indices past its page's values | the file is unreadable |",
  '| pages of a Parquet column chunk (counted as its headers are checked) | 100,000; no more data pages than the chunk has values (one if it has none), at most one dictionary page | the file is unreadable |',
  "| an audio file's sample rate | 768 kHz, and a resampling ratio to 16 kHz that reduces to at most 20,000 either way | the file is unreadable |",
  '| an image | 100 megapixels | the item is unreadable |',
  '| table files per side | 1000 read whole; beyond, a seeded sample of them | rows of files not read are unknown |',
  "| unreadable share of a side's sample | medium from 5%, high from 20% (`unreadableShareMedium`, `unreadableShareHigh`) | base's share raises at most medium |",
  '| a dataset with nothing readable at head, or a label file or column head breaks | fails closed: high (`unanalyzableLevel`) | nothing readable at base only (a new dataset whose own files are sound): medium |',
  '| transforms in an augmentation config | 100 (after flattening albumentations Compose/OneOf, nested at most 16 deep) | config error naming the line |',
  "| head's augmentation config | must parse and be usable (at most the transforms above, finite parameters) | fails closed: augmentation-drift high (`unanalyzableLevel`) |",
  '| augmentation simulation | gaussian_blur sigma 8, cutout holes 64, gaussian_noise std 1, RandAugment magnitude 30 | clamped for the simulation and listed; the rules judge the declared value |',
  "| augmentation measurement | 48 head images at 224 px, one image at a time | an engine failure is the dataset's (reported, judged from the parameters) |",
  '',
  'Model size caps and where repository models are read from are documented with the model loader (`pretrained.model`).',
];

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
  const body = text
    .slice(start, end < 0 ? undefined : end)
    .split('\n')
    .slice(1);
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
  lines.push(...TRUST_SECTION);
  lines.push('');
  lines.push('## Keys');
  lines.push('');
  lines.push(
    '`name[]` is a key of every item of the list `name`. A key marked **required** must be present whenever its parent is; every other key is optional.',
  );
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
  lines.push(...LIMITS_SECTION);
  lines.push('');
  lines.push('## Full example');
  lines.push('');
  lines.push("Every key, with its default where it has one (this file passes the project's config parser: the docs test checks it).");
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
