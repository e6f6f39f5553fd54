import { fisherExact } from '../stats/fisher.js';
function exactSide(items) {
    const groups = new Map();
    for (const it of items) {
        let g = groups.get(it.contentHash);
        if (!g)
            groups.set(it.contentHash, (g = []));
        g.push(it);
    }
    let copies = 0;
    let multi = 0;
    for (const g of groups.values()) {
        if (g.length > 1) {
            copies += g.length - 1;
            multi++;
        }
    }
    return { side: { items: copies, share: items.length ? copies / items.length : 0, groups: multi }, groups };
}
/** Mean of the rows of a matrix. */
export function rowMean(m) {
    const d = m.cols;
    const mean = new Float64Array(d);
    for (let i = 0; i < m.rows; i++)
        for (let k = 0; k < d; k++)
            mean[k] += m.data[i * d + k];
    for (let k = 0; k < d; k++)
        mean[k] /= Math.max(1, m.rows);
    return mean;
}
/**
 * Near duplicates: item i is a copy when an earlier item has cosine ≥ threshold; groups by their first
 * item. Vectors are centred on `center` first (the side's own mean): in a ReLU embedding every pair
 * of images has a high raw cosine, and a head that moved as a whole (a new camera) would look like
 * copies of each other around any other centre; the centred cosine tells copies from look-alikes.
 */
/** dimensions between the early-rejection checks of `nearSide` */
const STRIDE = 64;
export function nearSide(raw, threshold, center, hashes) {
    const n = raw.rows;
    const d = raw.cols;
    // exact copies (same content) are near copies whatever their vectors (centred identical vectors are 0)
    const first = new Map();
    const root = new Int32Array(n).fill(-1);
    if (hashes) {
        hashes.forEach((h, i) => {
            const j = first.get(h);
            if (j === undefined)
                first.set(h, i);
            else
                root[i] = j;
        });
    }
    const m = center ? { rows: n, cols: d, data: Float64Array.from(raw.data, (x, i) => x - center[i % d]) } : raw;
    const norm = new Float64Array(n);
    for (let i = 0; i < n; i++) {
        let s = 0;
        for (let k = 0; k < d; k++)
            s += m.data[i * d + k] ** 2;
        norm[i] = Math.sqrt(s);
    }
    // Early rejection, exact: after the first c·STRIDE terms of the dot product, Cauchy–Schwarz bounds the
    // rest by ‖a_tail‖·‖b_tail‖; a pair whose partial sum plus that bound stays below the threshold (with a
    // margin far above rounding) cannot reach it, so the full sum is only computed for pairs that might.
    const checks = Math.ceil(d / STRIDE);
    const tails = new Float64Array(n * checks);
    for (let i = 0; i < n; i++) {
        let t = 0;
        for (let c = checks - 1; c >= 1; c--) {
            for (let k = Math.min(d, (c + 1) * STRIDE) - 1; k >= c * STRIDE; k--)
                t += m.data[i * d + k] ** 2;
            tails[i * checks + c] = Math.sqrt(t) * (1 + 1e-9);
        }
    }
    const prune = threshold > 0 && checks > 1;
    const pairs = [];
    for (let i = 1; i < n; i++) {
        if (root[i] >= 0 || norm[i] === 0)
            continue;
        const oi = i * d;
        for (let j = 0; j < i; j++) {
            if (norm[j] === 0)
                continue;
            const oj = j * d;
            const need = threshold * norm[i] * norm[j];
            const margin = 1e-9 * norm[i] * norm[j];
            let s = 0;
            let k = 0;
            let rejected = false;
            for (let c = 1; c < checks && prune; c++) {
                const end = c * STRIDE;
                for (; k < end; k++)
                    s += m.data[oi + k] * m.data[oj + k];
                if (s + tails[i * checks + c] * tails[j * checks + c] + margin < need) {
                    rejected = true;
                    break;
                }
            }
            if (rejected)
                continue;
            for (; k < d; k++)
                s += m.data[oi + k] * m.data[oj + k];
            if (s / (norm[i] * norm[j]) >= threshold) {
                root[i] = root[j] >= 0 ? root[j] : j;
                pairs.push([root[i], i]);
                break;
            }
        }
    }
    let copies = 0;
    const roots = new Set();
    for (let i = 0; i < n; i++) {
        if (root[i] >= 0) {
            copies++;
            roots.add(root[i]);
        }
    }
    return { side: { items: copies, share: n ? copies / n : 0, groups: roots.size }, pairs };
}
export function measureDuplicates(input, t) {
    const { base, head } = input;
    if (base.length === 0 || head.length === 0)
        return undefined;
    const eb = exactSide(base);
    const eh = exactSide(head);
    const examples = [];
    const maxExamples = 5;
    const bySize = [...eh.groups.values()].filter((g) => g.length > 1).sort((a, b) => b.length - a.length);
    for (const g of bySize.slice(0, 3))
        examples.push({ kind: 'exact', paths: g.slice(0, 3).map((it) => it.path) });
    const baseByHash = eb.groups;
    let shared = 0;
    for (const it of head) {
        if (it.status !== 'added' && it.status !== 'modified')
            continue;
        const match = baseByHash.get(it.contentHash);
        if (!match)
            continue;
        shared++;
        if (examples.filter((x) => x.kind === 'shared').length < 2)
            examples.push({ kind: 'shared', paths: [it.path, match[0].path] });
    }
    const report = {
        exact: { base: eb.side, head: eh.side },
        sharedWithBase: { items: shared, share: shared / head.length },
        test: { pValue: 1, excess: 0 },
        examples,
    };
    let copiesB = eb.side;
    let copiesH = eh.side;
    const e = input.embeddings;
    if (e &&
        e.base.vectors.rows >= 2 &&
        e.head.vectors.rows >= 2 &&
        e.base.vectors.rows <= t.nearDuplicateMaxItems &&
        e.head.vectors.rows <= t.nearDuplicateMaxItems) {
        const nb = nearSide(e.base.vectors, t.nearDuplicateCosine, rowMean(e.base.vectors), e.base.items.map((it) => it.contentHash));
        const nh = nearSide(e.head.vectors, t.nearDuplicateCosine, rowMean(e.head.vectors), e.head.items.map((it) => it.contentHash));
        report.near = { threshold: t.nearDuplicateCosine, base: nb.side, head: nh.side };
        for (const [a, b] of nh.pairs) {
            if (examples.length >= maxExamples)
                break;
            const pa = e.head.items[a];
            const pb = e.head.items[b];
            if (pa.contentHash === pb.contentHash)
                continue; // already an exact example
            if (examples.some((x) => x.kind === 'near' && x.paths[0] === pa.path))
                continue;
            examples.push({ kind: 'near', paths: [pa.path, pb.path] });
        }
        copiesB = nb.side;
        copiesH = nh.side;
    }
    const nB = copiesB === eb.side ? base.length : e.base.vectors.rows;
    const nH = copiesH === eh.side ? head.length : e.head.vectors.rows;
    report.test = {
        pValue: fisherExact(copiesH.items, nH - copiesH.items, copiesB.items, nB - copiesB.items),
        excess: copiesH.share - copiesB.share,
    };
    return report;
}
