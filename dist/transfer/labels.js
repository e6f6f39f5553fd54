/** Label encoding shared by the transferability scores: class codes 0..C-1 in sorted label order. */
/** Encode labels (strings or numbers) as codes in the sorted order of the distinct labels. */
export function encodeLabels(labels) {
    const distinct = new Set();
    for (let i = 0; i < labels.length; i++)
        distinct.add(String(labels[i]));
    const classes = [...distinct].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const index = new Map(classes.map((c, i) => [c, i]));
    const codes = new Int32Array(labels.length);
    const counts = new Int32Array(classes.length);
    for (let i = 0; i < labels.length; i++) {
        const c = index.get(String(labels[i]));
        codes[i] = c;
        counts[c] = counts[c] + 1;
    }
    return { codes, classes, counts };
}
/** Validate integer class codes (0..C-1) for n items; returns C = max code + 1. */
export function checkCodes(codes, n, what) {
    if (codes.length !== n)
        throw new RangeError(`${what}: ${codes.length} labels for ${n} items`);
    let max = -1;
    for (let i = 0; i < n; i++) {
        const c = codes[i];
        if (!Number.isInteger(c) || c < 0)
            throw new RangeError(`${what}: label codes must be non-negative integers (got ${c})`);
        if (c > max)
            max = c;
    }
    return max + 1;
}
/** Share of the most frequent class: the accuracy of always guessing the majority. */
export function majorityShare(codes) {
    if (codes.length === 0)
        return 0;
    const counts = new Map();
    let best = 0;
    for (let i = 0; i < codes.length; i++) {
        const v = (counts.get(codes[i]) ?? 0) + 1;
        counts.set(codes[i], v);
        if (v > best)
            best = v;
    }
    return best / codes.length;
}
