/**
 * Where a model's bytes come from, and the rules they are read under (models are data, never code).
 *
 * - `builtin:<name>`: the weights inside the installed nsfwjs package (src/embed/builtin.ts).
 * - a repository path (`models/backbone.onnx`, `models/m/model.json`): read from **git objects at the
 *   trusted revision** (`ModelSource.kind === 'git'`: base when base has a config, else head), never from
 *   the work tree or the process's directory. The model file and every weight file must be regular blobs
 *   (mode 100644/100755: no symlinks, no submodules), weight paths must stay inside the model.json's folder,
 *   and the files together must fit `maxBytes` (config `pretrained.max-bytes`, default 512 MiB), checked
 *   on the sizes git reports before anything is read.
 * - an `https://` URL (from the trusted config): model.json and its weight files, or one .onnx file;
 *   redirects are followed only to https, the bytes are counted while they arrive (Content-Length is not
 *   trusted) and the whole download has one deadline (`timeoutMs`, default 120 s).
 * - a path on disk (`ModelSource.kind === 'disk'`): only when a caller names it explicitly (tests,
 *   benchmarks); the same confinement and size rules, with symlinks refused.
 *
 * Every refusal is a UserError with one line naming the model file and the reason (exit 2).
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { UserError, errorMessage } from '../errors.js';
import { formatBytes, runGit, BlobReader } from '../data/git.js';
import { checkRepoPath } from '../data/repo-path.js';
export const DEFAULT_MAX_MODEL_BYTES = 512 * 1024 * 1024;
export const DEFAULT_DOWNLOAD_TIMEOUT_MS = 120_000;
const MAX_REDIRECTS = 5;
export function isUrl(spec) {
    return /^[a-z][a-z0-9+.-]*:\/\//i.test(spec);
}
/** 'onnx' | 'tfjs' from a model reference (by extension; a model.json is TF.js). */
export function formatOfSpec(spec) {
    const p = isUrl(spec) ? new URL(spec).pathname : spec;
    return /\.onnx$/i.test(p) ? 'onnx' : 'tfjs';
}
function sha256(...parts) {
    const h = createHash('sha256');
    for (const p of parts)
        h.update(p);
    return h.digest('hex');
}
function refuse(spec, why) {
    return new UserError(`pretrained.model ${spec}: ${why}`);
}
function toArrayBuffer(b) {
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
}
function parseJson(spec, where, bytes) {
    let json;
    try {
        json = JSON.parse(Buffer.from(bytes).toString('utf8'));
    }
    catch (err) {
        throw refuse(spec, `${where} is not valid JSON (${errorMessage(err).split('\n')[0]})`);
    }
    if (!json || typeof json !== 'object' || Array.isArray(json))
        throw refuse(spec, `${where} is not a TF.js model.json (not a JSON object)`);
    const j = json;
    const manifest = j.weightsManifest ?? [];
    if (!Array.isArray(manifest) ||
        manifest.some((g) => !g || !Array.isArray(g.paths) || g.paths.some((p) => typeof p !== 'string') || !Array.isArray(g.weights))) {
        throw refuse(spec, `${where}: weightsManifest must be a list of {paths: [strings], weights: [...]}`);
    }
    return j;
}
/** The weight paths of a manifest, resolved against the model.json's folder; refuses any that leave it. */
export function weightPaths(spec, json, modelFile) {
    const dir = path.posix.dirname(modelFile);
    const out = [];
    for (const group of json.weightsManifest ?? []) {
        for (const p of group.paths) {
            if (p === '' || /[\0\n\r]/.test(p))
                throw refuse(spec, `weight path ${JSON.stringify(p)} is not a file name`);
            if (isUrl(p) || p.startsWith('/') || p.startsWith('\\') || /^[A-Za-z]:/.test(p) || p.includes('\\')) {
                throw refuse(spec, `weight file '${p}' is not a relative path inside the model's folder ${dir === '.' ? '(the repository root)' : dir}`);
            }
            const joined = path.posix.normalize(dir === '.' ? p : `${dir}/${p}`);
            const inside = dir === '.' ? !joined.startsWith('../') && joined !== '..' : joined.startsWith(`${dir}/`);
            if (!inside || joined.split('/').includes('..')) {
                throw refuse(spec, `weight file '${p}' is outside the model's folder ${dir === '.' ? '(the repository root)' : dir}`);
            }
            out.push(joined);
        }
    }
    return out;
}
/** ls-tree entries (mode, type, sha, size) of exact paths at `rev`, by path. */
export async function treeEntries(repo, rev, paths) {
    const out = new Map();
    for (let i = 0; i < paths.length; i += 200) {
        const chunk = paths.slice(i, i + 200);
        const buf = await runGit(repo.dir, ['--literal-pathspecs', 'ls-tree', '-z', '--long', '--full-tree', rev, '--', ...chunk]);
        for (const rec of buf.toString('utf8').split('\0')) {
            const tab = rec.indexOf('\t');
            if (tab < 0)
                continue;
            const [mode, type, sha, size] = rec.slice(0, tab).trim().split(/\s+/);
            out.set(rec.slice(tab + 1), { mode: mode, type: type, sha: sha, size: Number(size) || 0, path: rec.slice(tab + 1) });
        }
    }
    return out;
}
function kindOfEntry(e) {
    if (!e)
        return 'missing';
    if (e.mode === '120000')
        return 'a symlink (git mode 120000); models are read from regular files only';
    if (e.mode === '160000' || e.type === 'commit')
        return 'a submodule (gitlink), not a file';
    if (e.type === 'tree')
        return 'a folder, not a file';
    if (e.type !== 'blob' || (e.mode !== '100644' && e.mode !== '100755'))
        return `not a regular file (git mode ${e.mode})`;
    return undefined;
}
async function readGitModel(spec, src, limits) {
    const maxBytes = limits.maxBytes ?? DEFAULT_MAX_MODEL_BYTES;
    const file = spec.replace(/^\.\//, '');
    const why = checkRepoPath(file);
    if (why)
        throw refuse(spec, why);
    const at = `${src.label ? `${src.label} ` : ''}${src.rev.slice(0, 12)}`;
    const entries = await treeEntries(src.repo, src.rev, [file]);
    const main = entries.get(file);
    const bad = kindOfEntry(main);
    if (bad === 'missing')
        throw refuse(spec, `not found in the repository at ${at} (repository models are read from git at the trusted revision, not from the work tree)`);
    if (bad)
        throw refuse(spec, `is ${bad}`);
    const reader = new BlobReader(src.repo.dir, { maxBytes });
    try {
        const read = async (e) => {
            const r = await reader.read(e.sha);
            if (!r.ok)
                throw refuse(spec, `${e.path}: ${r.reason}`);
            return r.data;
        };
        if (main.size > maxBytes)
            throw refuse(spec, `is ${formatBytes(main.size)}, over the model size limit of ${formatBytes(maxBytes)} (pretrained.max-bytes)`);
        if (formatOfSpec(file) === 'onnx') {
            const model = await read(main);
            return {
                format: 'onnx',
                model: new Uint8Array(model.buffer, model.byteOffset, model.byteLength),
                identity: `model-sha256:${sha256(model)}`,
                bytes: model.length,
            };
        }
        if (main.size > 64 * 1024 * 1024)
            throw refuse(spec, `is ${formatBytes(main.size)}: too large for a model.json`);
        const jsonBytes = await read(main);
        const json = parseJson(spec, file, jsonBytes);
        const paths = weightPaths(spec, json, file);
        const wEntries = await treeEntries(src.repo, src.rev, [...new Set(paths)]);
        let total = main.size;
        for (const p of paths) {
            const e = wEntries.get(p);
            const k = kindOfEntry(e);
            if (k === 'missing')
                throw refuse(spec, `weight file ${p} is not in the repository at ${at}`);
            if (k)
                throw refuse(spec, `weight file ${p} is ${k}`);
            total += e.size;
        }
        if (total > maxBytes) {
            throw refuse(spec, `model.json and its ${paths.length} weight file(s) total ${formatBytes(total)}, over the model size limit of ${formatBytes(maxBytes)} (pretrained.max-bytes)`);
        }
        const parts = [];
        for (const p of paths)
            parts.push(await read(wEntries.get(p)));
        const weights = Buffer.concat(parts);
        return { format: 'tfjs', json, weights: toArrayBuffer(weights), identity: `model-sha256:${sha256(jsonBytes, weights)}`, bytes: total };
    }
    finally {
        await reader.close();
    }
}
/* ---------- disk (explicit callers only) ---------- */
function readRegularFile(spec, file, budget) {
    let st;
    try {
        st = fs.lstatSync(file);
    }
    catch (err) {
        throw refuse(spec, `cannot read ${file} (${err.code ?? errorMessage(err)})`);
    }
    if (st.isSymbolicLink())
        throw refuse(spec, `${file} is a symlink; models are read from regular files only`);
    if (!st.isFile())
        throw refuse(spec, `${file} is not a regular file`);
    if (st.size > budget.left)
        throw refuse(spec, `${file}: the model's files exceed the model size limit of ${formatBytes(budget.max)} (pretrained.max-bytes)`);
    budget.left -= st.size;
    return fs.readFileSync(file);
}
function readDiskModel(spec, src, limits) {
    const max = limits.maxBytes ?? DEFAULT_MAX_MODEL_BYTES;
    const budget = { left: max, max };
    const file = path.resolve(src.root ?? process.cwd(), spec);
    const bytes = readRegularFile(spec, file, budget);
    if (formatOfSpec(spec) === 'onnx') {
        return {
            format: 'onnx',
            model: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
            identity: `model-sha256:${sha256(bytes)}`,
            bytes: bytes.length,
        };
    }
    const json = parseJson(spec, spec, bytes);
    const rel = weightPaths(spec, json, 'model/model.json').map((p) => p.slice('model/'.length));
    const dir = path.dirname(file);
    const parts = rel.map((p) => {
        const wp = path.join(dir, p);
        if (!fs.existsSync(wp))
            throw refuse(spec, `weight file ${p} listed in ${spec} is missing`);
        return readRegularFile(spec, wp, budget);
    });
    const weights = Buffer.concat(parts);
    return { format: 'tfjs', json, weights: toArrayBuffer(weights), identity: `model-sha256:${sha256(bytes, weights)}`, bytes: max - budget.left };
}
async function fetchCapped(spec, url, d) {
    let current = url;
    for (let hop = 0;; hop++) {
        if (!/^https:\/\//i.test(current))
            throw refuse(spec, `${current}: only https URLs are allowed`);
        const remaining = d.deadline - Date.now();
        if (remaining <= 0)
            throw refuse(spec, `download timed out after ${d.timeoutMs} ms`);
        let res;
        const signal = AbortSignal.timeout(remaining);
        try {
            res = await d.fetchFn(current, { signal, redirect: 'manual' });
        }
        catch (err) {
            const e = err;
            const why = e.name === 'TimeoutError' || e.name === 'AbortError' ? `timed out after ${d.timeoutMs} ms` : errorMessage(err);
            throw refuse(spec, `cannot download ${current} (${why})`);
        }
        if (res.status >= 300 && res.status < 400) {
            const loc = res.headers.get('location');
            await res.body?.cancel().catch(() => { });
            if (!loc)
                throw refuse(spec, `cannot download ${current} (HTTP ${res.status} without a Location)`);
            if (hop >= MAX_REDIRECTS)
                throw refuse(spec, `cannot download ${url} (more than ${MAX_REDIRECTS} redirects)`);
            current = new URL(loc, current).href;
            continue;
        }
        if (!res.ok) {
            await res.body?.cancel().catch(() => { });
            throw refuse(spec, `cannot download ${current} (HTTP ${res.status} ${res.statusText})`);
        }
        const declared = Number(res.headers.get('content-length') ?? NaN);
        if (Number.isFinite(declared) && declared > d.left) {
            await res.body?.cancel().catch(() => { });
            throw refuse(spec, `${current} is ${formatBytes(declared)}: the model's files exceed the model size limit of ${formatBytes(d.max)} (pretrained.max-bytes)`);
        }
        const chunks = [];
        if (!res.body)
            return Buffer.alloc(0);
        const reader = res.body.getReader();
        try {
            for (;;) {
                const { done, value } = await reader.read();
                if (done)
                    break;
                d.left -= value.byteLength;
                if (d.left < 0)
                    throw refuse(spec, `${current}: the model's files exceed the model size limit of ${formatBytes(d.max)} (pretrained.max-bytes)`);
                chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
            }
        }
        catch (err) {
            await reader.cancel().catch(() => { });
            if (err instanceof UserError)
                throw err;
            const e = err;
            const why = e.name === 'TimeoutError' || e.name === 'AbortError' ? `timed out after ${d.timeoutMs} ms` : errorMessage(err);
            throw refuse(spec, `cannot download ${current} (${why})`);
        }
        return Buffer.concat(chunks);
    }
}
async function downloadModel(spec, limits) {
    const timeoutMs = limits.timeoutMs ?? DEFAULT_DOWNLOAD_TIMEOUT_MS;
    const max = limits.maxBytes ?? DEFAULT_MAX_MODEL_BYTES;
    const d = { deadline: Date.now() + timeoutMs, timeoutMs, left: max, max, fetchFn: limits.fetch ?? fetch };
    limits.log?.info(`downloading model ${spec}`);
    const main = await fetchCapped(spec, spec, d);
    if (formatOfSpec(spec) === 'onnx')
        return { main, weights: [], paths: [] };
    const json = parseJson(spec, spec, main);
    const rel = weightPaths(spec, json, 'model/model.json').map((p) => p.slice('model/'.length));
    const weights = [];
    for (const p of rel)
        weights.push(await fetchCapped(spec, new URL(p, spec).href, d));
    return { main, weights, paths: rel };
}
function cachedDownload(spec, cacheDir) {
    const dir = path.join(cacheDir, 'models', 'url', sha256(spec).slice(0, 32));
    try {
        const index = JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8'));
        if (index.url !== spec)
            return undefined;
        const [main, ...weights] = index.files.map((f) => fs.readFileSync(path.join(dir, f)));
        return main ? { main, weights } : undefined;
    }
    catch {
        return undefined;
    }
}
function storeDownload(spec, cacheDir, main, weights, log) {
    const dir = path.join(cacheDir, 'models', 'url', sha256(spec).slice(0, 32));
    const tmp = `${dir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
        fs.mkdirSync(tmp, { recursive: true });
        const files = [main, ...weights].map((b, i) => {
            const f = `${i}.bin`;
            fs.writeFileSync(path.join(tmp, f), b);
            return f;
        });
        fs.writeFileSync(path.join(tmp, 'index.json'), JSON.stringify({ url: spec, files }));
        fs.rmSync(dir, { recursive: true, force: true });
        fs.renameSync(tmp, dir);
    }
    catch (err) {
        fs.rmSync(tmp, { recursive: true, force: true });
        log?.debug(`model cache: cannot store ${spec} (${errorMessage(err)})`);
    }
}
async function readUrlModel(spec, limits) {
    if (!/^https:\/\//i.test(spec))
        throw refuse(spec, 'only https URLs are allowed');
    const max = limits.maxBytes ?? DEFAULT_MAX_MODEL_BYTES;
    let got = limits.cacheDir ? cachedDownload(spec, limits.cacheDir) : undefined;
    if (got && got.main.length + got.weights.reduce((s, b) => s + b.length, 0) > max)
        got = undefined;
    if (!got) {
        const d = await downloadModel(spec, limits);
        got = d;
        if (limits.cacheDir)
            storeDownload(spec, limits.cacheDir, d.main, d.weights, limits.log);
    }
    const total = got.main.length + got.weights.reduce((s, b) => s + b.length, 0);
    if (formatOfSpec(spec) === 'onnx') {
        return {
            format: 'onnx',
            model: new Uint8Array(got.main.buffer, got.main.byteOffset, got.main.byteLength),
            identity: `model-sha256:${sha256(got.main)}`,
            bytes: total,
        };
    }
    const json = parseJson(spec, spec, got.main);
    const weights = Buffer.concat(got.weights);
    return { format: 'tfjs', json, weights: toArrayBuffer(weights), identity: `model-sha256:${sha256(got.main, weights)}`, bytes: total };
}
/**
 * The files of a non-builtin model. Repository paths need a source: the trusted git revision (analyze)
 * or an explicit disk root (tests, benchmarks); without one they are refused.
 */
export async function readModelFiles(spec, source, limits = {}) {
    if (isUrl(spec))
        return readUrlModel(spec, limits);
    if (!source)
        throw refuse(spec, 'a repository model is read from git at the trusted revision, and none was given');
    if (source.kind === 'git')
        return readGitModel(spec, source, limits);
    return readDiskModel(spec, source, limits);
}
