import { driftOptions, embeddingDrift } from './embedding.js';
function subsetRows(m, rows) {
    const out = { rows: rows.length, cols: m.cols, data: new Float64Array(rows.length * m.cols) };
    rows.forEach((r, i) => out.data.set(m.data.subarray(r * m.cols, (r + 1) * m.cols), i * m.cols));
    return out;
}
/** The subsets worth testing: at least subsetMinItems items and less than 90% of the head sample. */
export function subsetRowsOf(status, t) {
    const added = [];
    const modified = [];
    status.forEach((s, i) => {
        if (s === 'added')
            added.push(i);
        else if (s === 'modified')
            modified.push(i);
    });
    const subsets = [];
    for (const [name, rows] of [
        ['added', added],
        ['modified', modified],
    ]) {
        if (rows.length >= t.subsetMinItems && rows.length < 0.9 * status.length)
            subsets.push({ name, rows: [...rows] });
    }
    return { counts: { added: added.length, modified: modified.length, other: status.length - added.length - modified.length }, subsets };
}
/** Subset tests of the head sample (rows aligned with `status`); undefined when nothing was added or modified. */
export function measureSubsets(base, head, status, t, seed) {
    if (status.length !== head.rows)
        return undefined;
    const { counts, subsets } = subsetRowsOf(status, t);
    if (counts.added === 0 && counts.modified === 0)
        return undefined;
    const tests = 1 + subsets.length;
    return {
        counts,
        tests: subsets.map((s) => ({
            name: s.name,
            n: s.rows.length,
            embedding: embeddingDrift(base, subsetRows(head, s.rows), driftOptions(t, seed + 7, t.alpha / tests)),
        })),
    };
}
