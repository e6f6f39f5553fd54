/**
 * Reads a dataset's object annotations at one revision from git objects (never the work tree), for
 * the sampled images only: YOLO label files beside `images/`, one COCO JSON, or Pascal VOC XML
 * files. Every file is size-checked from the tree listing before it is read; malformed files make
 * their image a problem (skipped, with `file:line: reason`), they never stop the run.
 */
import { posix } from 'node:path';
import { errorMessage, InputError } from '../../errors.js';
import { formatBytes } from '../git.js';
import { CocoMatcher, parseCoco } from './coco.js';
import { DEFAULT_ANNOTATION_LIMITS } from './types.js';
import { parseVoc } from './voc.js';
import { parseYoloLabels, parseYoloNames, yoloLabelPath, yoloLayout } from './yolo.js';
export async function loadAnnotations(opts) {
    switch (opts.source.format) {
        case 'yolo':
            return loadYolo(opts);
        case 'coco':
            return loadCoco(opts);
        case 'voc':
            return loadVoc(opts);
    }
}
function limitsOf(opts) {
    return { ...DEFAULT_ANNOTATION_LIMITS, ...(opts.limits ?? {}) };
}
async function readBlob(opts, f, max) {
    if (f.size > max)
        throw new InputError(f.path, `annotation file too large (${formatBytes(f.size)} > ${formatBytes(max)} limit)`);
    const r = await opts.blobs.read(f.sha);
    if (!r.ok)
        throw new InputError(f.path, r.reason);
    return r.data;
}
function cached(opts, key, make) {
    if (!opts.cache)
        return make();
    let p = opts.cache.get(key);
    if (!p) {
        p = make();
        opts.cache.set(key, p);
    }
    return p;
}
async function loadYolo(opts) {
    const lim = limitsOf(opts);
    const layout = yoloLayout(opts.source.path);
    const byPath = new Map(opts.files.map((f) => [f.path, f]));
    const labelPrefix = `${layout.labels}/`;
    const labelFiles = opts.files.filter((f) => f.path.startsWith(labelPrefix) && f.path.endsWith('.txt') && f.path !== `${labelPrefix}classes.txt`).length;
    const notes = [];
    const out = { images: new Map(), files: labelFiles, notes };
    if (labelFiles === 0) {
        out.error = `no YOLO label files (*.txt) under ${layout.labels}/`;
        return out;
    }
    let names;
    const namesFile = layout.namesFiles.map((p) => byPath.get(p)).find((f) => f !== undefined);
    if (namesFile) {
        try {
            names = await cached(opts, `yolo-names:${namesFile.sha}:${namesFile.path}`, async () => parseYoloNames(namesFile.path, await readBlob(opts, namesFile, lim.maxFileBytes), lim.maxClasses));
            out.classes = names;
        }
        catch (e) {
            out.error = errorMessage(e);
            out.errorFile = namesFile.path;
            return out;
        }
    }
    else {
        notes.push(`no class names file (${layout.namesFiles
            .map((p) => posix.basename(p))
            .filter((v, i, a) => a.indexOf(v) === i)
            .join(', ')}) in ${layout.root || 'the repository root'}: classes are shown by id`);
    }
    await eachLimit(opts.images, opts.concurrency ?? 4, async (img) => {
        const lp = yoloLabelPath(img, layout);
        if (!lp) {
            out.images.set(img, {
                kind: 'missing',
                reason: `not under an images/ folder of ${layout.root || 'the repository'} (YOLO labels are found by replacing images/ with labels/)`,
            });
            return;
        }
        const f = byPath.get(lp);
        if (!f) {
            // Ultralytics' convention: an image without a label file has no objects
            out.images.set(img, { kind: 'boxes', value: { file: lp, boxes: [] } });
            return;
        }
        try {
            const value = await cached(opts, `yolo:${f.sha}:${names?.length ?? -1}:${namesFile?.sha ?? ''}`, async () => parseYoloLabels(lp, await readBlob(opts, f, lim.maxFileBytes), names, { maxBoxes: lim.maxBoxesPerImage }));
            out.images.set(img, { kind: 'boxes', value: { ...value, file: lp } });
        }
        catch (e) {
            out.images.set(img, { kind: 'problem', reason: errorMessage(e), file: lp });
        }
    });
    return out;
}
async function loadCoco(opts) {
    const lim = limitsOf(opts);
    const path = opts.source.path.replace(/^\.\//, '');
    const f = opts.files.find((x) => x.path === path);
    const out = { images: new Map(), files: f ? 1 : 0, notes: [] };
    if (!f) {
        out.error = `COCO file ${path} not found`;
        return out;
    }
    if (f.size > lim.maxCocoBytes) {
        out.error = `${path}: COCO file too large (${formatBytes(f.size)} > ${formatBytes(lim.maxCocoBytes)} limit)`;
        out.errorFile = path;
        return out;
    }
    let matcher;
    try {
        matcher = await cached(opts, `coco:${f.sha}`, async () => new CocoMatcher(parseCoco(path, await readBlob(opts, f, lim.maxCocoBytes), lim)));
    }
    catch (e) {
        out.error = errorMessage(e);
        out.errorFile = path;
        return out;
    }
    const idx = matcher.index;
    out.classes = [...new Set(idx.categories.values())];
    if (idx.orphans > 0)
        out.notes.push(`${path}: ${idx.orphans} annotation(s) refer to no image in images[]`);
    if (idx.crowd > 0)
        out.notes.push(`${path}: ${idx.crowd} crowd annotation(s) (iscrowd = 1) left out`);
    for (const img of opts.images)
        out.images.set(img, matcher.match(img));
    return out;
}
async function loadVoc(opts) {
    const lim = limitsOf(opts);
    const dir = opts.source.path.replace(/^\.\//, '').replace(/\/$/, '');
    const prefix = dir ? `${dir}/` : '';
    const xml = opts.files.filter((f) => f.path.startsWith(prefix) && f.path.toLowerCase().endsWith('.xml'));
    const out = { images: new Map(), files: xml.length, notes: [] };
    if (xml.length === 0) {
        out.error = `no VOC annotation files (*.xml) under ${dir}/`;
        return out;
    }
    const byStem = new Map();
    for (const f of xml) {
        const stem = posix.basename(f.path, posix.extname(f.path));
        let list = byStem.get(stem);
        if (!list)
            byStem.set(stem, (list = []));
        list.push(f);
    }
    await eachLimit(opts.images, opts.concurrency ?? 4, async (img) => {
        const stem = posix.basename(img, posix.extname(img));
        const cands = byStem.get(stem);
        if (!cands?.length) {
            out.images.set(img, { kind: 'missing', reason: `no ${stem}.xml under ${dir}/` });
            return;
        }
        const f = pickBySuffix(img, cands, prefix);
        if (!f) {
            out.images.set(img, { kind: 'problem', reason: `${cands.length} annotation files named ${stem}.xml under ${dir}/ match ${img}`, file: dir || '.' });
            return;
        }
        try {
            const value = await cached(opts, `voc:${f.sha}`, async () => parseVoc(f.path, await readBlob(opts, f, lim.maxFileBytes), { maxBoxes: lim.maxBoxesPerImage }));
            out.images.set(img, { kind: 'boxes', value: { file: f.path, boxes: value.boxes, size: value.size } });
        }
        catch (e) {
            out.images.set(img, { kind: 'problem', reason: errorMessage(e), file: f.path });
        }
    });
    return out;
}
/** The candidate whose folders (below the annotation dir) best match the image's folders, from the end. */
function pickBySuffix(img, cands, prefix) {
    if (cands.length === 1)
        return cands[0];
    const imgDirs = posix.dirname(img).split('/');
    let best = [];
    let bestK = -1;
    for (const c of cands) {
        const dirs = posix
            .dirname(c.path.slice(prefix.length))
            .split('/')
            .filter((d) => d !== '.');
        let k = 0;
        while (k < dirs.length && k < imgDirs.length && dirs[dirs.length - 1 - k] === imgDirs[imgDirs.length - 1 - k])
            k++;
        if (k > bestK) {
            best = [c];
            bestK = k;
        }
        else if (k === bestK)
            best.push(c);
    }
    return best.length === 1 ? best[0] : undefined;
}
async function eachLimit(items, limit, fn) {
    let next = 0;
    const worker = async () => {
        while (next < items.length)
            await fn(items[next++]);
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
