/**
 * Labels of items: `directory` (the parent folder's name), `column:<name>` (a table/JSONL column),
 * `file:<csv path>` (a CSV of path,label read at the same revision), `none`.
 */
import { posix } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { InputError } from '../errors.js';
/** The parent folder name of a repository path (undefined at the root). */
export function directoryLabel(path) {
    const dir = posix.dirname(path);
    if (dir === '.' || dir === '')
        return undefined;
    return posix.basename(dir);
}
const PATH_HEADERS = ['path', 'file', 'filename', 'file_name', 'image', 'filepath', 'name'];
const LABEL_HEADERS = ['label', 'class', 'category', 'target', 'y'];
/**
 * A path → label map from a label CSV (`path,label`, header optional). Paths in the CSV are taken
 * relative to the repository root, and also relative to the CSV's folder.
 */
export function parseLabelFile(csvPath, data) {
    let rows;
    try {
        rows = parseCsv(Buffer.from(data), { relax_column_count: true, skip_empty_lines: true, trim: true, bom: true });
    }
    catch (e) {
        const line = e.lines;
        throw new InputError(csvPath, `label file is not valid CSV: ${e.message.split('\n')[0]}`, line);
    }
    if (rows.length === 0)
        return new Map();
    let pathCol = 0;
    let labelCol = 1;
    const header = rows[0].map((c) => c.toLowerCase());
    const hp = header.findIndex((c) => PATH_HEADERS.includes(c));
    const hl = header.findIndex((c) => LABEL_HEADERS.includes(c));
    if (hp >= 0 || hl >= 0) {
        if (hp >= 0)
            pathCol = hp;
        if (hl >= 0)
            labelCol = hl;
        else
            labelCol = pathCol === 0 ? 1 : 0;
        rows = rows.slice(1);
    }
    const dir = posix.dirname(csvPath);
    const map = new Map();
    rows.forEach((r, i) => {
        const p = r[pathCol];
        const l = r[labelCol];
        if (p === undefined || l === undefined)
            throw new InputError(csvPath, 'expected two columns: path,label', i + 1 + (hp >= 0 || hl >= 0 ? 1 : 0));
        const clean = posix.normalize(p.replace(/\\/g, '/')).replace(/^\.\//, '');
        map.set(clean, l);
        if (dir !== '.')
            map.set(posix.normalize(posix.join(dir, clean)), l);
    });
    return map;
}
/**
 * Each side's sampled items that carry no label (label drift compares labelled items only, so items
 * whose label the pull request removed would leave the class comparison unseen: src/risk/labels.ts
 * grades the rise of this share). Undefined when every item of both sides has a label.
 */
export function unlabelledOf(base, head) {
    const side = (items) => {
        const n = items.reduce((k, it) => k + (it.label === undefined ? 1 : 0), 0);
        return { items: n, of: items.length, share: items.length > 0 ? n / items.length : 0 };
    };
    const b = side(base);
    const h = side(head);
    return b.items === 0 && h.items === 0 ? undefined : { base: b, head: h };
}
/** Label counts of items (items without a label are not counted). */
export function countLabels(items) {
    const out = {};
    for (const it of items)
        if (it.label !== undefined)
            out[it.label] = (out[it.label] ?? 0) + 1;
    return out;
}
