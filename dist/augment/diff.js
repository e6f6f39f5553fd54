const key = (t, i, all) => {
    // the n-th transform of a name (pipelines may repeat a name)
    const nth = all.slice(0, i).filter((x) => x.name === t.name).length;
    return `${t.name}#${nth}`;
};
export function diffPipelines(base, head) {
    const b = base?.transforms ?? [];
    const h = head?.transforms ?? [];
    const bm = new Map(b.map((t, i) => [key(t, i, b), t]));
    const hm = new Map(h.map((t, i) => [key(t, i, h), t]));
    const diff = { added: [], removed: [], changed: [] };
    for (const [k, t] of hm) {
        const before = bm.get(k);
        if (!before)
            diff.added.push(t);
        else if (JSON.stringify(sorted(before.params)) !== JSON.stringify(sorted(t.params)))
            diff.changed.push({ name: t.name, before, after: t });
    }
    for (const [k, t] of bm)
        if (!hm.has(k))
            diff.removed.push(t);
    return diff;
}
function sorted(p) {
    return Object.entries(p).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
/** The pipeline's normalize step in [0, 1] pixel units (values above 1 are read as 0–255 units). */
export function pipelineNormalize(p) {
    const n = p?.transforms.find((t) => t.name === 'normalize');
    if (!n)
        return null;
    const mean = n.params.mean;
    const std = n.params.std;
    if (!Array.isArray(mean) || !Array.isArray(std) || !mean.every((x) => typeof x === 'number') || !std.every((x) => typeof x === 'number'))
        return null;
    const maxPixel = typeof n.params.max_pixel_value === 'number' && n.params.max_pixel_value !== 255 ? n.params.max_pixel_value / 255 : 1;
    const unit = (xs) => (xs.some((x) => x > 1) ? xs.map((x) => x / 255) : xs.map((x) => x * maxPixel));
    return { mean: unit(mean), std: unit(std), line: n.line };
}
