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
