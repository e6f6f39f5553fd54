import { encodeLabels } from '../transfer/labels.js';
import { cosineSimilarity, knnProbeFromSimilarity } from '../transfer/knn-probe.js';
import { prepareLogme } from '../transfer/logme.js';
import { createRng, shuffleInPlace } from '../stats/rng.js';
import { prepareHScore } from '../transfer/hscore.js';
import { leep } from '../transfer/leep.js';
import { nce } from '../transfer/nce.js';
import { withShuffledBaseline } from '../transfer/baseline.js';
function selectRows(m, rows) {
    const out = { rows: rows.length, cols: m.cols, data: new Float64Array(rows.length * m.cols) };
    rows.forEach((r, i) => out.data.set(m.data.subarray(r * m.cols, (r + 1) * m.cols), i * m.cols));
    return out;
}
function side(features, labels, probs, ctx, seed) {
    const t = ctx.t;
    if (!labels || labels.length === 0)
        return { note: 'no labels' };
    if (labels.length !== features.rows)
        return { note: `labels (${labels.length}) do not match embeddings (${features.rows})` };
    const counts = new Map();
    for (const l of labels)
        counts.set(l, (counts.get(l) ?? 0) + 1);
    const keep = new Set([...counts].filter(([, c]) => c >= t.probeMinPerClass).map(([l]) => l));
    const dropped = [...counts.keys()].filter((l) => !keep.has(l)).sort();
    if (keep.size < 2) {
        return { note: counts.size < 2 ? `one class only (${[...counts.keys()][0] ?? 'none'})` : `fewer than 2 classes with ${t.probeMinPerClass}+ items` };
    }
    let rows = [];
    labels.forEach((l, i) => {
        if (keep.has(l))
            rows.push(i);
    });
    if (rows.length > t.separabilityMaxItems) {
        // the scores cost up to O(n³): a seeded subsample keeps large samples fast
        shuffleInPlace(rows, createRng(seed + 101));
        rows = rows.slice(0, t.separabilityMaxItems).sort((a, b) => a - b);
    }
    const f = rows.length === features.rows ? features : selectRows(features, rows);
    const enc = encodeLabels(rows.map((i) => labels[i]));
    const sim = cosineSimilarity(f);
    const probeOpts = { k: t.probeK, folds: t.probeFolds };
    const probe = knnProbeFromSimilarity(sim, enc.codes, probeOpts);
    const shuffles = { shuffles: t.shuffles, seed };
    const probeBase = withShuffledBaseline((c) => knnProbeFromSimilarity(sim, c, probeOpts).lift, enc.codes, shuffles);
    const lm = prepareLogme(f);
    const result = {
        n: f.rows,
        classes: enc.classes,
        dropped,
        probe,
        probeBaseline: probeBase.baseline,
        logme: withShuffledBaseline((c) => lm.score(c), enc.codes, shuffles),
    };
    try {
        const hs = prepareHScore(f);
        result.hscore = withShuffledBaseline((c) => hs.score(c), enc.codes, shuffles);
    }
    catch {
        // degenerate covariance: H-score not reported
    }
    if (probs && probs.rows === features.rows) {
        const p = rows.length === probs.rows ? probs : selectRows(probs, rows);
        result.leep = withShuffledBaseline((c) => leep(p, c), enc.codes, shuffles);
        result.nce = withShuffledBaseline((c) => nce(p, c), enc.codes, shuffles);
    }
    return { result };
}
/** per assessment (context) and dataset: roi-shift and task-mismatch share one computation */
const cache = new WeakMap();
export function separability(ds, ctx) {
    let perCtx = cache.get(ctx);
    if (!perCtx) {
        perCtx = new WeakMap();
        cache.set(ctx, perCtx);
    }
    const hit = perCtx.get(ds);
    if (hit)
        return hit;
    const e = ds.embeddings;
    const out = { labelsChanged: false, labelsSame: false };
    if (e) {
        const b = side(e.base, e.baseLabels, e.baseProbs, ctx, ctx.seed + 11);
        const h = side(e.head, e.headLabels, e.headProbs, ctx, ctx.seed + 13);
        if (b.result)
            out.base = b.result;
        if (h.result)
            out.head = h.result;
        if (b.note)
            out.baseNote = b.note;
        if (h.note)
            out.headNote = h.note;
        const bs = new Set(e.baseLabels ?? []);
        const hs = new Set(e.headLabels ?? []);
        if (bs.size && hs.size) {
            const same = bs.size === hs.size && [...bs].every((l) => hs.has(l));
            out.labelsSame = same;
            out.labelsChanged = !same;
        }
    }
    perCtx.set(ds, out);
    return out;
}
