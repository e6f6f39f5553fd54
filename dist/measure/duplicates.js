import { fisherExact } from '../stats/fisher.js';
import { boundable, fitAxes, project } from '../stats/nearest.js';
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
/** axes of the early-rejection bound of `nearSide` */
const NEAR_AXES = 24;
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
    let m = raw;
    if (center) {
        const data = new Float64Array(n * d);
        for (let i = 0; i < n; i++)
            for (let k = 0; k < d; k++)
                data[i * d + k] = raw.data[i * d + k] - center[k];
        m = { rows: n, cols: d, data };
    }
    const norm = new Float64Array(n);
    for (let i = 0; i < n; i++) {
        let s = 0;
        for (let k = 0; k < d; k++)
            s += m.data[i * d + k] ** 2;
        norm[i] = Math.sqrt(s);
    }
    const pairs = [];
    const found = (i, j) => {
        root[i] = root[j] >= 0 ? root[j] : j;
        pairs.push([root[i], i]);
    };
    // Early rejection, exact: the dot product is at most p_i·p_j + r_i·r_j (coordinates on a few
    // orthonormal axes fitted to these rows, and the lengths of the rest: src/stats/nearest.ts); a pair
    // whose bound stays below the threshold by a margin far above rounding cannot reach it, so the full
    // sum (in index order, as before) is only computed for pairs that might.
    const axes = n >= 32 && d >= 32 && boundable(m) ? fitAxes([m], { k: NEAR_AXES }) : undefined;
    if (axes) {
        const { coords, residual } = project(m, axes);
        const k = axes.k;
        for (let i = 1; i < n; i++) {
            if (root[i] >= 0 || norm[i] === 0)
                continue;
            const oi = i * d;
            const ci = i * k;
            const ri = residual[i];
            for (let j = 0; j < i; j++) {
                if (norm[j] === 0)
                    continue;
                const nn = norm[i] * norm[j];
                const cj = j * k;
                let ub = ri * residual[j];
                for (let c = 0; c < k; c++)
                    ub += coords[ci + c] * coords[cj + c];
                if (ub + 1e-9 * nn < threshold * nn)
                    continue;
                const oj = j * d;
                let s = 0;
                for (let q = 0; q < d; q++)
                    s += m.data[oi + q] * m.data[oj + q];
                if (s / nn >= threshold) {
                    found(i, j);
                    break;
                }
            }
        }
    }
    else {
        for (let i = 1; i < n; i++) {
            if (root[i] >= 0 || norm[i] === 0)
                continue;
            const oi = i * d;
            for (let j = 0; j < i; j++) {
                if (norm[j] === 0)
                    continue;
                const oj = j * d;
                let s = 0;
                for (let q = 0; q < d; q++)
                    s += m.data[oi + q] * m.data[oj + q];
                if (s / (norm[i] * norm[j]) >= threshold) {
                    found(i, j);
                    break;
                }
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
