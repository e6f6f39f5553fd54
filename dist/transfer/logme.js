import { checkCodes } from './labels.js';
import { gramCols, gramRows, symmetricEigen } from './linalg.js';
const LOG_2PI = Math.log(2 * Math.PI);
export function prepareLogme(f) {
    const n = f.rows;
    const d = f.cols;
    if (n < 2 || d < 1)
        throw new RangeError(`logme: need at least 2 items and 1 dimension (got ${n}×${d})`);
    const wide = d > n;
    const k = wide ? n : d;
    const eig = wide ? symmetricEigen(gramRows(f.data, n, d), n) : symmetricEigen(gramCols(f.data, n, d), d);
    const smax = Math.max(0, eig.values[k - 1]);
    const tol = 1e-20 * Math.max(1, smax);
    const s = new Float64Array(k);
    for (let i = 0; i < k; i++)
        s[i] = eig.values[i] > tol ? eig.values[i] : 0;
    const V = eig.vectors;
    /** w_i = s_i · (u_iᵀ y)² for the one-hot target of class c. */
    function weights(codes, c) {
        const w = new Float64Array(k);
        let yy = 0;
        if (wide) {
            // x = Uᵀy: sum of U's rows over the class members
            const x = new Float64Array(k);
            for (let r = 0; r < n; r++) {
                if (codes[r] !== c)
                    continue;
                yy++;
                const off = r * k;
                for (let j = 0; j < k; j++)
                    x[j] = x[j] + V[off + j];
            }
            for (let j = 0; j < k; j++)
                w[j] = s[j] === 0 ? 0 : s[j] * x[j] * x[j];
        }
        else {
            // c = Vᵀ(Fᵀy); w = c² (= s · x²)
            const fy = new Float64Array(d);
            for (let r = 0; r < n; r++) {
                if (codes[r] !== c)
                    continue;
                yy++;
                const off = r * d;
                for (let j = 0; j < d; j++)
                    fy[j] = fy[j] + f.data[off + j];
            }
            for (let j = 0; j < k; j++) {
                if (s[j] === 0)
                    continue;
                let acc = 0;
                for (let i = 0; i < d; i++)
                    acc += V[i * k + j] * fy[i];
                w[j] = acc * acc;
            }
        }
        return { w, yy };
    }
    function evidence(codes, c) {
        const { w, yy } = weights(codes, c);
        let alpha = 1;
        let beta = 1;
        let m2 = 0;
        let res2 = 0;
        for (let it = 0; it < 11; it++) {
            const t = alpha / beta;
            let gamma = 0;
            m2 = 0;
            let fitted = 0;
            for (let j = 0; j < k; j++) {
                const sj = s[j];
                const ts = t + sj;
                gamma += sj / ts;
                m2 += w[j] / (ts * ts);
                fitted += (w[j] * (sj + 2 * t)) / (ts * ts);
            }
            res2 = yy - fitted;
            alpha = gamma / (m2 + 1e-5);
            beta = (n - gamma) / (res2 + 1e-5);
            const t2 = alpha / beta;
            if (Math.abs(t2 - t) / t <= 1e-3)
                break;
        }
        let logdet = (d - k) * Math.log(alpha);
        for (let j = 0; j < k; j++)
            logdet += Math.log(alpha + beta * s[j]);
        const ev = (d / 2) * Math.log(alpha) + (n / 2) * Math.log(beta) - 0.5 * logdet - (beta / 2) * res2 - (alpha / 2) * m2 - (n / 2) * LOG_2PI;
        return ev / n;
    }
    return {
        n,
        d,
        score(codes) {
            const classes = checkCodes(codes, n, 'logme');
            const present = new Uint8Array(classes);
            for (let i = 0; i < n; i++)
                present[codes[i]] = 1;
            let sum = 0;
            let count = 0;
            for (let c = 0; c < classes; c++) {
                if (!present[c])
                    continue;
                sum += evidence(codes, c);
                count++;
            }
            return sum / count;
        },
    };
}
/** LogME of class codes `codes` (0..C-1) on features `f` (n×D). Higher is more transferable. */
export function logme(f, codes) {
    return prepareLogme(f).score(codes);
}
