import { chi2Homogeneity } from '../stats/chi2.js';
import { isMissing } from '../stats/feature-drift.js';
import { fisherExact } from '../stats/fisher.js';
import { jsDistance } from '../stats/js.js';
function counts(values) {
    const map = new Map();
    let n = 0;
    for (const v of values) {
        if (isMissing(v))
            continue;
        const s = typeof v === 'string' ? v : String(v);
        map.set(s, (map.get(s) ?? 0) + 1);
        n++;
    }
    return { map, n };
}
/** The cardinality measures of a categorical feature with more than `highCardinality` categories, else undefined. */
export function measureCardinality(base, head, t) {
    const b = counts(base);
    const h = counts(head);
    if (b.n === 0 || h.n === 0)
        return undefined;
    const union = new Set([...b.map.keys(), ...h.map.keys()]);
    if (union.size <= t.highCardinality)
        return undefined;
    let unseen = 0;
    for (const [v, c] of h.map)
        if (!b.map.has(v))
            unseen += c;
    let singletons = 0;
    for (const c of b.map.values())
        if (c === 1)
            singletons++;
    const unseenPValue = fisherExact(unseen, h.n - unseen, singletons, b.n - singletons);
    // top k categories by pooled count (ties: by name), the rest pooled into "other"
    const k = Math.max(1, Math.round(t.cardinalityTopK));
    const pooled = [...union].map((v) => ({ v, c: (b.map.get(v) ?? 0) + (h.map.get(v) ?? 0) }));
    pooled.sort((x, y) => y.c - x.c || (x.v < y.v ? -1 : x.v > y.v ? 1 : 0));
    const top = pooled.slice(0, k).map((x) => x.v);
    const cb = new Float64Array(top.length + 1);
    const ch = new Float64Array(top.length + 1);
    top.forEach((v, i) => {
        cb[i] = b.map.get(v) ?? 0;
        ch[i] = h.map.get(v) ?? 0;
    });
    cb[top.length] = b.n - cb.reduce((a, x, i) => (i < top.length ? a + x : a), 0);
    ch[top.length] = h.n - ch.reduce((a, x, i) => (i < top.length ? a + x : a), 0);
    const chi2 = chi2Homogeneity(cb, ch);
    return {
        distinct: { base: b.map.size, head: h.map.size, union: union.size },
        unseenShare: { base: singletons / b.n, head: unseen / h.n },
        unseenPValue,
        topK: { k: top.length, js: Math.min(1, jsDistance(cb, ch)), chi2 },
        pValue: Math.min(1, 2 * Math.min(chi2.pValue, unseenPValue)),
    };
}
