import { quantile } from '../stats/binning.js';
import { NearestIndex } from '../stats/nearest.js';
import { driftOptions, embeddingDrift } from './embedding.js';
import { sideTransferability } from './transferability.js';
/**
 * Separability of `labels` in `features` (src/measure/transferability.ts: kNN probe lift and LogME /
 * H-score, each beside shuffled labels; never LEEP/NCE: the model's classifier head is not about
 * the box classes). A reason string when it cannot be probed.
 */
export function separabilityScore(features, labels, t, seed) {
    const r = sideTransferability({ features, labels: [...labels] }, t, seed, { classifierHead: false });
    return r.result ?? r.note ?? 'not scored';
}
/** Object-level separability and drift of both sides' crops. */
export function measureObjects(base, head, t, seed) {
    const notes = [];
    const out = { crops: { base: base.crops.rows, head: head.crops.rows }, margin: t.cropMargin, separability: {} };
    for (const [side, s, offset] of [
        ['base', base, 11],
        ['head', head, 13],
    ]) {
        const crops = separabilityScore(s.crops, s.labels, t, seed + offset);
        const images = separabilityScore(s.images, s.labels, t, seed + offset);
        const entry = {};
        if (typeof crops === 'string')
            notes.push(`${side} object classes not probed: ${crops}`);
        else
            entry.crops = crops;
        if (typeof images !== 'string')
            entry.images = images;
        out.separability[side] = entry;
    }
    if (base.crops.rows >= t.minItemsForTests && head.crops.rows >= t.minItemsForTests) {
        const d = embeddingDrift(base.crops, head.crops, driftOptions(t, seed + 17));
        out.drift = { mmd: d.mmd, classifierAuc: d.classifierAuc, classifierPValue: d.classifierPValue ?? 1 };
    }
    else {
        notes.push(`object drift not tested: ${base.crops.rows} base and ${head.crops.rows} head crops (at least ${t.minItemsForTests} each)`);
    }
    if (notes.length)
        out.notes = notes;
    return out;
}
/** The `top` head crops farthest from every base crop, farthest first. */
export function atypicalObjects(base, head, top) {
    if (base.rows < 2 || head.rows < 1)
        return [];
    // exact nearest-neighbour distances (src/stats/nearest.ts: the plain double loop's sums, pruned by bounds)
    const index = new NearestIndex(base, [head]);
    const p95 = quantile(index.nearestSq(base, true).map(Math.sqrt).sort(), 0.95);
    const dist = index.nearestSq(head).map(Math.sqrt);
    return Array.from(dist.keys())
        .sort((a, b) => dist[b] - dist[a] || a - b)
        .slice(0, top)
        .map((index) => ({ index, distance: dist[index], ratio: p95 > 0 ? dist[index] / p95 : NaN }));
}
