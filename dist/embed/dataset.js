import { matrix } from '../stats/matrix.js';
export function embedInput(item) {
    return { id: `${item.side}:${item.id}`, contentHash: item.contentHash, bytes: item.bytes, text: item.text };
}
function sideRows(set, items, side, failed) {
    const index = new Map(set.ids.map((id, i) => [id, i]));
    const reasons = new Map(set.failed.map((f) => [f.id, f.reason]));
    const kept = [];
    const rows = [];
    for (const it of items) {
        const id = `${side}:${it.id}`;
        const i = index.get(id);
        if (i === undefined || reasons.has(id)) {
            failed.push({ path: it.path, side, reason: `not embedded: ${reasons.get(id) ?? 'no embedding'}` });
            continue;
        }
        kept.push(it);
        rows.push(i);
    }
    const vectors = matrix(kept.length, set.dims);
    rows.forEach((i, r) => {
        for (let j = 0; j < set.dims; j++)
            vectors.data[r * set.dims + j] = set.vectors[i * set.dims + j];
    });
    let probs;
    if (set.probs && set.classes) {
        const c = set.classes;
        probs = matrix(kept.length, c);
        rows.forEach((i, r) => {
            for (let j = 0; j < c; j++)
                probs.data[r * c + j] = set.probs[i * c + j];
        });
    }
    return { items: kept, vectors, probs };
}
export async function embedDataset(embedder, base, head) {
    const set = await embedder.embed([...base.map(embedInput), ...head.map(embedInput)]);
    const failed = [];
    return { base: sideRows(set, base, 'base', failed), head: sideRows(set, head, 'head', failed), failed };
}
