export function matrix(rows, cols, data) {
    const d = new Float64Array(rows * cols);
    if (data) {
        if (data.length !== rows * cols)
            throw new Error(`matrix: expected ${rows * cols} values, got ${data.length}`);
        d.set(data);
    }
    return { rows, cols, data: d };
}
export function fromRows(rows) {
    const n = rows.length;
    const c = n ? rows[0].length : 0;
    const m = matrix(n, c);
    rows.forEach((r, i) => {
        if (r.length !== c)
            throw new Error(`fromRows: row ${i} has ${r.length} values, expected ${c}`);
        m.data.set(r, i * c);
    });
    return m;
}
export function row(m, i) {
    return m.data.subarray(i * m.cols, (i + 1) * m.cols);
}
export function column(m, j) {
    const out = new Float64Array(m.rows);
    for (let i = 0; i < m.rows; i++)
        out[i] = m.data[i * m.cols + j];
    return out;
}
/** stack a on top of b (same column count). */
export function vstack(a, b) {
    if (a.cols !== b.cols)
        throw new Error(`vstack: ${a.cols} vs ${b.cols} columns`);
    const m = matrix(a.rows + b.rows, a.cols);
    m.data.set(a.data, 0);
    m.data.set(b.data, a.data.length);
    return m;
}
/**
 * XXᵀ (n×n, symmetric) of the rows of a row-major n×d array: entry (i, j) = Σₖ x[i,k]·x[j,k], summed in
 * index order k = 0 … d − 1, bit for bit what a plain dot-product loop gives (for either order of i and
 * j: the products commute exactly). Four rows j are summed against row i at a time, so each x[i,k] is
 * read once for four products.
 */
export function rowGram(x, n, d) {
    const g = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
        const oi = i * d;
        let j = i;
        for (; j + 3 < n; j += 4) {
            const o0 = j * d;
            const o1 = o0 + d;
            const o2 = o1 + d;
            const o3 = o2 + d;
            let s0 = 0;
            let s1 = 0;
            let s2 = 0;
            let s3 = 0;
            for (let k = 0; k < d; k++) {
                const a = x[oi + k];
                s0 += a * x[o0 + k];
                s1 += a * x[o1 + k];
                s2 += a * x[o2 + k];
                s3 += a * x[o3 + k];
            }
            g[i * n + j] = s0;
            g[i * n + j + 1] = s1;
            g[i * n + j + 2] = s2;
            g[i * n + j + 3] = s3;
            g[j * n + i] = s0;
            g[(j + 1) * n + i] = s1;
            g[(j + 2) * n + i] = s2;
            g[(j + 3) * n + i] = s3;
        }
        for (; j < n; j++) {
            const oj = j * d;
            let s = 0;
            for (let k = 0; k < d; k++)
                s += x[oi + k] * x[oj + k];
            g[i * n + j] = s;
            g[j * n + i] = s;
        }
    }
    return g;
}
