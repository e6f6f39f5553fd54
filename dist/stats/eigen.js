/**
 * Symmetric eigen-decomposition: Householder tridiagonalization + implicit QL (after JAMA's
 * tred2/tql2, public domain). Returns eigenvalues in descending order and eigenvectors as rows.
 */
export function symmetricEigen(A, n) {
    const V = Float64Array.from(A.subarray(0, n * n));
    const d = new Float64Array(n);
    const e = new Float64Array(n);
    if (n === 0)
        return { values: d, vectors: V };
    if (n === 1)
        return { values: Float64Array.of(A[0]), vectors: Float64Array.of(1) };
    // A is symmetric, so V starts as its own transpose; tred2 works on the transposed layout so that
    // both it and the QL rotations touch contiguous memory, and leaves eigenvector rows for tql2
    tred2(V, d, e, n);
    const VT = V;
    tql2(VT, d, e, n);
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => d[b] - d[a]);
    const values = new Float64Array(n);
    const vectors = new Float64Array(n * n);
    order.forEach((src, dst) => {
        values[dst] = d[src];
        vectors.set(VT.subarray(src * n, src * n + n), dst * n);
    });
    return { values, vectors };
}
/** operates on the transpose of JAMA's V (row-friendly); on exit V holds eigenvector rows for tql2 */
function tred2(V, d, e, n) {
    for (let j = 0; j < n; j++)
        d[j] = V[j * n + (n - 1)];
    for (let i = n - 1; i > 0; i--) {
        let scale = 0;
        let h = 0;
        for (let k = 0; k < i; k++)
            scale += Math.abs(d[k]);
        if (scale === 0) {
            e[i] = d[i - 1];
            for (let j = 0; j < i; j++) {
                d[j] = V[j * n + (i - 1)];
                V[j * n + i] = 0;
                V[i * n + j] = 0;
            }
        }
        else {
            for (let k = 0; k < i; k++) {
                d[k] /= scale;
                h += d[k] * d[k];
            }
            let f = d[i - 1];
            let g = Math.sqrt(h);
            if (f > 0)
                g = -g;
            e[i] = scale * g;
            h -= f * g;
            d[i - 1] = f - g;
            for (let j = 0; j < i; j++)
                e[j] = 0;
            for (let j = 0; j < i; j++) {
                f = d[j];
                V[i * n + j] = f;
                g = e[j] + V[j * n + j] * f;
                for (let k = j + 1; k <= i - 1; k++) {
                    g += V[j * n + k] * d[k];
                    e[k] += V[j * n + k] * f;
                }
                e[j] = g;
            }
            f = 0;
            for (let j = 0; j < i; j++) {
                e[j] /= h;
                f += e[j] * d[j];
            }
            const hh = f / (h + h);
            for (let j = 0; j < i; j++)
                e[j] -= hh * d[j];
            for (let j = 0; j < i; j++) {
                f = d[j];
                g = e[j];
                for (let k = j; k <= i - 1; k++)
                    V[j * n + k] -= f * e[k] + g * d[k];
                d[j] = V[j * n + (i - 1)];
                V[j * n + i] = 0;
            }
        }
        d[i] = h;
    }
    for (let i = 0; i < n - 1; i++) {
        V[i * n + (n - 1)] = V[i * n + i];
        V[i * n + i] = 1;
        const h = d[i + 1];
        if (h !== 0) {
            for (let k = 0; k <= i; k++)
                d[k] = V[(i + 1) * n + k] / h;
            for (let j = 0; j <= i; j++) {
                let g = 0;
                for (let k = 0; k <= i; k++)
                    g += V[(i + 1) * n + k] * V[j * n + k];
                for (let k = 0; k <= i; k++)
                    V[j * n + k] -= g * d[k];
            }
        }
        for (let k = 0; k <= i; k++)
            V[(i + 1) * n + k] = 0;
    }
    for (let j = 0; j < n; j++) {
        d[j] = V[j * n + (n - 1)];
        V[j * n + (n - 1)] = 0;
    }
    V[(n - 1) * n + (n - 1)] = 1;
    e[0] = 0;
}
/** implicit QL on the tridiagonal (d, e); VT holds eigenvectors as rows. */
function tql2(VT, d, e, n) {
    for (let i = 1; i < n; i++)
        e[i - 1] = e[i];
    e[n - 1] = 0;
    let f = 0;
    let tst1 = 0;
    const eps = 2 ** -52;
    for (let l = 0; l < n; l++) {
        tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
        let m = l;
        while (m < n - 1) {
            if (Math.abs(e[m]) <= eps * tst1)
                break;
            m++;
        }
        if (m > l) {
            let iter = 0;
            do {
                iter++;
                let g = d[l];
                let p = (d[l + 1] - g) / (2 * e[l]);
                let r = Math.hypot(p, 1);
                if (p < 0)
                    r = -r;
                d[l] = e[l] / (p + r);
                d[l + 1] = e[l] * (p + r);
                const dl1 = d[l + 1];
                let h = g - d[l];
                for (let i = l + 2; i < n; i++)
                    d[i] -= h;
                f += h;
                p = d[m];
                let c = 1;
                let c2 = c;
                let c3 = c;
                const el1 = e[l + 1];
                let s = 0;
                let s2 = 0;
                for (let i = m - 1; i >= l; i--) {
                    c3 = c2;
                    c2 = c;
                    s2 = s;
                    g = c * e[i];
                    h = c * p;
                    r = Math.hypot(p, e[i]);
                    e[i + 1] = s * r;
                    s = e[i] / r;
                    c = p / r;
                    p = c * d[i] - s * g;
                    d[i + 1] = h + s * (c * g + s * d[i]);
                    const oi = i * n;
                    const oi1 = (i + 1) * n;
                    for (let k = 0; k < n; k++) {
                        const vh = VT[oi1 + k];
                        const vi = VT[oi + k];
                        VT[oi1 + k] = s * vi + c * vh;
                        VT[oi + k] = c * vi - s * vh;
                    }
                }
                p = (-s * s2 * c3 * el1 * e[l]) / dl1;
                e[l] = s * p;
                d[l] = c * p;
            } while (Math.abs(e[l]) > eps * tst1 && iter < 100);
        }
        d[l] = d[l] + f;
        e[l] = 0;
    }
}
