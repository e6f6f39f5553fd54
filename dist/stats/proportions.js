/** Shared helpers for the binned divergences (PSI, KL, JS). */
/** count / n for each bin (n = total count); all zeros when n = 0. */
export function proportions(counts) {
    let n = 0;
    for (let i = 0; i < counts.length; i++)
        n += counts[i];
    const p = new Float64Array(counts.length);
    if (n > 0)
        for (let i = 0; i < counts.length; i++)
            p[i] = counts[i] / n;
    return p;
}
/** Zero proportions replaced by 1e-4, no renormalizing (PSI and KL). */
export const ZERO_PROPORTION = 1e-4;
export function floored(p) {
    const out = new Float64Array(p.length);
    for (let i = 0; i < p.length; i++)
        out[i] = p[i] === 0 ? ZERO_PROPORTION : p[i];
    return out;
}
export function checkSameLength(a, b, what) {
    if (a.length !== b.length)
        throw new Error(`${what}: ${a.length} base bins vs ${b.length} head bins`);
}
