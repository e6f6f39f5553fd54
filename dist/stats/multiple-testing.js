/** Multiple-testing corrections; both return adjusted p-values in the input order. */
/** Benjamini–Hochberg adjusted p-values (= scipy.stats.false_discovery_control(p, method='bh')). */
export function benjaminiHochberg(p) {
    const m = p.length;
    const out = Float64Array.from(p);
    if (m <= 1)
        return out;
    const order = Array.from({ length: m }, (_, i) => i).sort((x, y) => p[x] - p[y] || x - y);
    const ps = new Float64Array(m);
    for (let k = 0; k < m; k++)
        ps[k] = p[order[k]] * (m / (k + 1));
    for (let k = m - 2; k >= 0; k--)
        if (ps[k + 1] < ps[k])
            ps[k] = ps[k + 1];
    for (let k = 0; k < m; k++)
        out[order[k]] = Math.min(1, Math.max(0, ps[k]));
    return out;
}
/** Bonferroni adjusted p-values: min(1, p·m). */
export function bonferroni(p) {
    const m = p.length;
    const out = new Float64Array(m);
    for (let i = 0; i < m; i++)
        out[i] = Math.min(1, p[i] * m);
    return out;
}
