import { checkCodes } from './labels.js';
import { gramCols, gramRows, symmetricEigenProjector } from './linalg.js';
export function prepareHScore(f) {
    const n = f.rows;
    const d = f.cols;
    if (n < 2 || d < 1)
        throw new RangeError(`hscore: need at least 2 items and 1 dimension (got ${n}×${d})`);
    // centre
    const x = new Float64Array(n * d);
    const mean = new Float64Array(d);
    for (let r = 0; r < n; r++)
        for (let j = 0; j < d; j++)
            mean[j] = mean[j] + f.data[r * d + j];
    for (let j = 0; j < d; j++)
        mean[j] = mean[j] / n;
    for (let r = 0; r < n; r++)
        for (let j = 0; j < d; j++)
            x[r * d + j] = f.data[r * d + j] - mean[j];
    const wide = d > n;
    const G = wide ? gramRows(x, n, d) : gramCols(x, n, d);
    const gdim = wide ? n : d;
    // Ledoit–Wolf shrinkage (scikit-learn's ledoit_wolf_shrinkage, assume_centered on centred data)
    let alpha = 0;
    let traceSum = 0; // Σ_j emp_cov_trace_j = Σ_i ||x_i||² / n
    for (let i = 0; i < n * d; i++)
        traceSum += x[i] * x[i];
    traceSum /= n;
    const mu = traceSum / d;
    if (d > 1) {
        let beta = 0; // Σ_i ||x_i||⁴
        for (let r = 0; r < n; r++) {
            let s = 0;
            for (let j = 0; j < d; j++)
                s += x[r * d + j] * x[r * d + j];
            beta += s * s;
        }
        let delta = 0; // ||XᵀX||_F² = ||XXᵀ||_F²
        for (let i = 0; i < gdim * gdim; i++)
            delta += G[i] * G[i];
        delta /= n * n;
        beta = (1 / (d * n)) * (beta / n - delta);
        delta = delta - 2 * mu * traceSum + d * mu * mu;
        delta /= d;
        beta = Math.min(beta, delta);
        alpha = beta === 0 ? 0 : beta / delta;
    }
    // cov_α = a·XᵀX + b·I
    const a = (1 - alpha) / n;
    const b = alpha * mu;
    const eig = symmetricEigenProjector(G, gdim);
    const smax = Math.max(0, eig.values[gdim - 1]);
    const tol = 1e-12 * Math.max(smax, Number.MIN_VALUE);
    /**
     * mᵀ cov_α⁺ m for each centred class-mean vector (rows of ms, count×d; pseudo-inverse semantics
     * when b = 0), all projected onto the eigenvectors at once.
     */
    function quads(ms, count) {
        const out = new Float64Array(count);
        if (!wide) {
            const P = eig.project(ms, count);
            for (let c = 0; c < count; c++) {
                let q = 0;
                for (let j = 0; j < gdim; j++) {
                    const lam = a * Math.max(0, eig.values[j]) + b;
                    if (lam <= 1e-15 * (a * smax + b))
                        continue;
                    const p = P[c * gdim + j];
                    q += (p * p) / lam;
                }
                out[c] = q;
            }
            return out;
        }
        // wide: XXᵀ = U S Uᵀ, XᵀX = V S Vᵀ with v_j = Xᵀu_j/√s_j
        const xms = new Float64Array(count * n);
        const mms = new Float64Array(count);
        for (let c = 0; c < count; c++) {
            const m = ms.subarray(c * d, c * d + d);
            for (let r = 0; r < n; r++) {
                let s = 0;
                for (let i = 0; i < d; i++)
                    s += x[r * d + i] * m[i];
                xms[c * n + r] = s;
            }
            let mm = 0;
            for (let i = 0; i < d; i++)
                mm += m[i] * m[i];
            mms[c] = mm;
        }
        const P = eig.project(xms, count);
        for (let c = 0; c < count; c++) {
            let q = 0;
            if (b > 0) {
                for (let j = 0; j < gdim; j++) {
                    const sj = Math.max(0, eig.values[j]);
                    if (sj <= tol)
                        continue;
                    const p = P[c * gdim + j];
                    // (v_jᵀm)² = p²/s_j ; contributes (1/(a s_j + b) − 1/b)·p²/s_j
                    q += ((p * p) / sj) * (1 / (a * sj + b) - 1 / b);
                }
                out[c] = mms[c] / b + q;
                continue;
            }
            for (let j = 0; j < gdim; j++) {
                const sj = Math.max(0, eig.values[j]);
                if (sj <= tol)
                    continue;
                const p = P[c * gdim + j];
                q += (p * p) / sj / (a * sj);
            }
            out[c] = q;
        }
        return out;
    }
    return {
        n,
        d,
        shrinkage: alpha,
        score(codes) {
            const classes = checkCodes(codes, n, 'hscore');
            if (mu === 0)
                return 0;
            const sums = new Float64Array(classes * d);
            const counts = new Float64Array(classes);
            for (let r = 0; r < n; r++) {
                const c = codes[r];
                counts[c] = counts[c] + 1;
                for (let j = 0; j < d; j++)
                    sums[c * d + j] = sums[c * d + j] + x[r * d + j];
            }
            const cls = [];
            for (let c = 0; c < classes; c++)
                if (counts[c] !== 0)
                    cls.push(c);
            const ms = new Float64Array(cls.length * d);
            cls.forEach((c, i) => {
                for (let j = 0; j < d; j++)
                    ms[i * d + j] = sums[c * d + j] / counts[c];
            });
            const q = quads(ms, cls.length);
            let total = 0;
            cls.forEach((c, i) => {
                total += counts[c] * q[i];
            });
            return ((1 - alpha) * total) / (n - 1);
        },
    };
}
/** Shrinkage H-score of class codes on features `f` (n×d). Higher is more transferable. */
export function hScore(f, codes) {
    return prepareHScore(f).score(codes);
}
