import { createRng, shuffleInPlace } from '../stats/rng.js';
import { withShuffledBaseline } from '../transfer/baseline.js';
import { prepareHScore } from '../transfer/hscore.js';
import { cosineSimilarity, knnProbeFromSimilarity } from '../transfer/knn-probe.js';
import { encodeLabels } from '../transfer/labels.js';
import { leep } from '../transfer/leep.js';
import { prepareLogme } from '../transfer/logme.js';
import { nce } from '../transfer/nce.js';
function selectRows(m, rows) {
    const out = { rows: rows.length, cols: m.cols, data: new Float64Array(rows.length * m.cols) };
    rows.forEach((r, i) => out.data.set(m.data.subarray(r * m.cols, (r + 1) * m.cols), i * m.cols));
    return out;
}
/** One side's scores, or why they could not be computed. */
export function sideTransferability(s, t, seed, opts) {
    const { features, labels, probs } = s;
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
        classes: enc.classes.map(String),
        dropped,
        knn: { k: probe.k, folds: probe.folds, accuracy: probe.accuracy, chance: probe.chance, lift: probe.lift, baseline: probeBase.baseline },
        logme: withShuffledBaseline((c) => lm.score(c), enc.codes, shuffles),
    };
    try {
        const hs = prepareHScore(f);
        result.hscore = withShuffledBaseline((c) => hs.score(c), enc.codes, shuffles);
    }
    catch {
        // degenerate covariance: H-score not reported
    }
    if (opts.classifierHead && probs && probs.rows === features.rows) {
        const p = rows.length === probs.rows ? probs : selectRows(probs, rows);
        result.leep = withShuffledBaseline((c) => leep(p, c), enc.codes, shuffles);
        result.nce = withShuffledBaseline((c) => nce(p, c), enc.codes, shuffles);
    }
    return { result };
}
/** Both sides' transferability, and whether the label sets match. */
export function measureTransferability(base, head, t, seed, opts) {
    const b = sideTransferability(base, t, seed + 11, opts);
    const h = sideTransferability(head, t, seed + 13, opts);
    const out = { labelsChanged: false, labelsSame: false };
    if (b.result)
        out.base = b.result;
    if (h.result)
        out.head = h.result;
    if (b.note || h.note)
        out.notes = { ...(b.note ? { base: b.note } : {}), ...(h.note ? { head: h.note } : {}) };
    const bs = new Set(base.labels ?? []);
    const hs = new Set(head.labels ?? []);
    if (bs.size && hs.size) {
        const same = bs.size === hs.size && [...bs].every((l) => hs.has(l));
        out.labelsSame = same;
        out.labelsChanged = !same;
    }
    return out;
}
