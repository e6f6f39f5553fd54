/**
 * Repository config `.github/transfer-risk.yml`: parse (yaml, with line numbers), validate against
 * `schema/transfer-risk.schema.json`, apply defaults, and merge policy from the base revision.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import { InputError, UserError, errorMessage } from '../errors.js';
import { checkRepoPath } from './repo-path.js';
import { mergeThresholds } from '../risk/thresholds.js';
import { MAX_CONFIG_BYTES, parseYamlBounded } from './yaml.js';
export { MAX_CONFIG_BYTES, MAX_YAML_ALIASES } from './yaml.js';
export const DEFAULT_CONFIG_PATH = '.github/transfer-risk.yml';
let schemaCache;
/** The published JSON Schema of the config (schema/transfer-risk.schema.json). */
export function configSchema() {
    if (!schemaCache) {
        const url = new URL('../../schema/transfer-risk.schema.json', import.meta.url);
        schemaCache = JSON.parse(readFileSync(url, 'utf8'));
    }
    return schemaCache;
}
let validator;
function validate(value) {
    if (!validator) {
        const ajv = new Ajv({ allErrors: true, strict: false });
        validator = ajv.compile(configSchema());
    }
    return validator(value) ? [] : (validator.errors ?? []);
}
/** Defaults for everything but `datasets`. */
export function defaultConfig() {
    return {
        datasets: [],
        pretrained: { model: 'builtin:default', task: 'classification', source: 'imagenet' },
        target: { task: 'classification' },
        sample: { size: 500, seed: 42 },
        failOn: 'high',
        thresholds: {},
        bot: { workflow: 'transfer-risk.yml' },
    };
}
/** `a.b[0].c` from a JSON pointer / path segments. */
function keyPath(segments) {
    let out = '';
    for (const s of segments) {
        if (typeof s === 'number' || /^\d+$/.test(String(s)))
            out += `[${s}]`;
        else
            out += out ? `.${s}` : String(s);
    }
    return out || '(root)';
}
function pointerSegments(pointer) {
    if (!pointer)
        return [];
    return pointer
        .slice(1)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
        .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}
/** 1-based line of the node at `segments` (or of its key when `key` is set). */
function lineOf(doc, lc, segments, key) {
    let node = doc.contents;
    let line = offsetLine(lc, node);
    for (const seg of segments) {
        const next = isMap(node) || isSeq(node) ? node.get(seg, true) : undefined;
        if (next === undefined)
            break;
        node = next;
        line = offsetLine(lc, node) ?? line;
    }
    if (key !== undefined && isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
        if (pair && isScalar(pair.key))
            line = offsetLine(lc, pair.key) ?? line;
    }
    return line;
}
function offsetLine(lc, node) {
    const range = node?.range;
    if (!range)
        return undefined;
    return lc.linePos(range[0]).line;
}
function describeError(e) {
    const segments = pointerSegments(e.instancePath);
    const at = keyPath(segments);
    const p = e.params;
    switch (e.keyword) {
        case 'enum':
            return { segments, message: `${at} must be one of ${p.allowedValues.join(', ')}` };
        case 'additionalProperties': {
            const extra = String(p.additionalProperty);
            return { segments, key: extra, message: `${keyPath([...segments, extra])} is not a known key` };
        }
        case 'required': {
            const missing = String(p.missingProperty);
            return { segments, message: `${keyPath([...segments, missing])} is required` };
        }
        case 'type':
            return { segments, message: `${at} must be ${String(p.type)}` };
        case 'pattern':
            if (at.endsWith('.labels'))
                return { segments, message: `${at} must be ${LABELS_FORMS}` };
            return { segments, message: `${at} must match ${String(p.pattern)}` };
        default:
            return { segments, message: `${at} ${e.message ?? 'is invalid'}` };
    }
}
const LABELS_FORMS = 'directory, none, column:<name>, file:<csv path>, yolo:<dir>, coco:<json file> or voc:<dir>';
/** The label source of a dataset's `labels` string. */
export function parseLabelSource(raw) {
    if (raw === 'directory')
        return { kind: 'directory' };
    if (raw === 'none' || raw === '')
        return { kind: 'none' };
    if (raw.startsWith('column:'))
        return { kind: 'column', name: raw.slice('column:'.length) };
    if (raw.startsWith('file:'))
        return { kind: 'file', path: raw.slice('file:'.length) };
    const boxes = /^(yolo|coco|voc):(.+)$/.exec(raw);
    if (boxes)
        return { kind: 'boxes', format: boxes[1], path: boxes[2] };
    throw new UserError(`labels must be ${LABELS_FORMS} (got ${raw})`);
}
/**
 * Parse and validate config text. Errors are InputErrors naming `file:line` and the key path,
 * e.g. `.github/transfer-risk.yml:7: datasets[0].modality must be one of image, tabular, audio, text, auto`.
 */
export function parseConfig(text, file = DEFAULT_CONFIG_PATH) {
    return parseConfigDocument(text, file).config;
}
/** parseConfig, with a line lookup into the text (for reporting head's config changes by line). */
export function parseConfigDocument(text, file = DEFAULT_CONFIG_PATH) {
    const { doc, lc, value } = parseYamlBounded(text, file, 'config');
    const config = configFromValue(value, doc, lc, file);
    return { config, lineOf: (segments, key) => lineOf(doc, lc, segments, key) };
}
function configFromValue(value, doc, lc, file) {
    if (value === null || value === undefined)
        throw new InputError(file, 'config is empty (datasets is required)', 1);
    const errors = validate(value);
    if (errors.length > 0) {
        // the most specific error first: deepest path
        const sorted = [...errors].sort((a, b) => b.instancePath.length - a.instancePath.length);
        const d = describeError(sorted[0]);
        const line = lineOf(doc, lc, d.segments, d.key);
        const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})` : '';
        throw new InputError(file, d.message + more, line);
    }
    const raw = value;
    const fail = (segments, message) => {
        throw new InputError(file, `${keyPath(segments)} ${message}`, lineOf(doc, lc, segments));
    };
    const names = new Set();
    const datasets = raw.datasets.map((d, i) => {
        if (names.has(d.name))
            fail(['datasets', i, 'name'], `duplicates dataset name "${d.name}"`);
        names.add(d.name);
        d.paths.forEach((p, j) => {
            const why = checkRepoPath(p);
            if (why)
                fail(['datasets', i, 'paths', j], `${why}: ${p}`);
        });
        if (d.augmentation !== undefined) {
            const why = checkRepoPath(d.augmentation);
            if (why)
                fail(['datasets', i, 'augmentation'], `${why}: ${d.augmentation}`);
        }
        const labels = d.labels ?? 'none';
        const src = parseLabelSource(labels);
        if (src.kind === 'file' || src.kind === 'boxes') {
            const why = checkRepoPath(src.path);
            if (why)
                fail(['datasets', i, 'labels'], `${why}: ${src.path}`);
        }
        const ds = { name: d.name, paths: d.paths, modality: (d.modality ?? 'auto'), labels };
        if (d.augmentation !== undefined)
            ds.augmentation = d.augmentation;
        if (d['text-column'] !== undefined)
            ds.textColumn = d['text-column'];
        return ds;
    });
    const def = defaultConfig();
    const { 'max-bytes': maxBytes, ...rawPretrained } = raw.pretrained ?? {};
    const pretrained = { ...def.pretrained, ...rawPretrained, ...(maxBytes !== undefined ? { maxBytes } : {}) };
    if (pretrained.normalize && pretrained.normalize.mean.length !== pretrained.normalize.std.length) {
        fail(['pretrained', 'normalize'], 'mean and std must have the same length');
    }
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(pretrained.model) && !/^https:\/\//i.test(pretrained.model)) {
        fail(['pretrained', 'model'], `must be builtin:<name>, a path in the repository or an https URL: ${pretrained.model}`);
    }
    if (!/^(builtin:|https:\/\/)/.test(pretrained.model)) {
        const why = checkRepoPath(pretrained.model);
        if (why)
            fail(['pretrained', 'model'], `${why}: ${pretrained.model}`);
    }
    for (const [key, value] of Object.entries(raw.thresholds ?? {})) {
        try {
            mergeThresholds({ [key]: value });
        }
        catch (err) {
            fail(['thresholds', key], errorMessage(err)
                .replace(/^thresholds\.[^:]*: /, '')
                .replace(/^unknown threshold/, 'is not a known threshold'));
        }
    }
    return {
        datasets,
        pretrained,
        target: { task: raw.target?.task ?? def.target.task },
        sample: { size: raw.sample?.size ?? def.sample.size, seed: raw.sample?.seed ?? def.sample.seed },
        failOn: raw['fail-on'] ?? def.failOn,
        thresholds: { ...(raw.thresholds ?? {}) },
        bot: {
            workflow: raw.bot?.workflow ?? def.bot.workflow,
            ...(raw.bot?.forks !== undefined ? { forks: raw.bot.forks } : {}),
            ...(raw.bot?.['fork-workflow'] !== undefined ? { forkWorkflow: raw.bot['fork-workflow'] } : {}),
        },
    };
}
/**
 * The config a pull request is judged by (DESIGN.md "Repository config … Trust"). When base has a
 * config, base decides what is analyzed and how: its `datasets` (paths, modality, labels,
 * augmentation path), `pretrained`, `target`, `sample`, `fail-on`, `thresholds` and `bot`; a dataset
 * defined only in head is added with head's definition. With no config at base (the pull request
 * that introduces transfer-risk), head's config is used, except that `fail-on` and `thresholds` take
 * their defaults: a pull request that adds the config cannot start relaxed.
 */
export function trustedConfig(base, head) {
    const def = defaultConfig();
    if (!base) {
        if (!head)
            throw new UserError('no config at either revision');
        return { ...head, failOn: def.failOn, thresholds: { ...def.thresholds } };
    }
    const names = new Set(base.datasets.map((d) => d.name));
    const headOnly = (head?.datasets ?? []).filter((d) => !names.has(d.name));
    return { ...base, datasets: [...base.datasets, ...headOnly], thresholds: { ...base.thresholds } };
}
/** The config at one revision (undefined when the file does not exist there). */
export async function loadConfigAt(blobs, rev, path = DEFAULT_CONFIG_PATH) {
    const text = await readConfigText(blobs, rev, path);
    return text === undefined ? undefined : parseConfig(text, path);
}
/** The config file's text at one revision (undefined when it does not exist there); size-capped. */
export async function readConfigText(blobs, rev, path = DEFAULT_CONFIG_PATH) {
    const why = checkRepoPath(path);
    if (why)
        throw new UserError(`config path ${why}: ${path}`);
    const data = await blobs.readPath(rev, path.replace(/^\.\//, ''));
    if (!data)
        return undefined;
    if (data.length > MAX_CONFIG_BYTES)
        throw new InputError(path, `config too large (${data.length} bytes; the limit is ${MAX_CONFIG_BYTES})`);
    return data.toString('utf8');
}
/**
 * The effective config of a pull request (`trustedConfig` of the two revisions' configs). An invalid
 * head config is ignored here when base has a valid one (`loadTrustedConfig` in config-trust.ts
 * reports it as the pull request's error); with no config at base it is the error. Neither: UserError.
 */
export async function loadConfig(blobs, baseRev, headRev, path = DEFAULT_CONFIG_PATH) {
    const base = await loadConfigAt(blobs, baseRev, path);
    let head;
    try {
        head = await loadConfigAt(blobs, headRev, path);
    }
    catch (err) {
        if (!base || !(err instanceof UserError))
            throw err;
    }
    if (!base && !head)
        throw new UserError(`no config: ${path} exists at neither revision (see schema/transfer-risk.schema.json)`);
    return trustedConfig(base, head);
}
