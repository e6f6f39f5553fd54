import { checkCodes } from './labels.js';
import { gramCols, gramRows, symmetricEigenProjector } from './linalg.js';
const LOG_2PI = Math.log(2 * Math.PI);
export function prepareLogme(f) {
    const n = f.rows;
    const d = f.cols;
    if (n < 2 || d < 1)
        throw new RangeError(`logme: need at least 2 items and 1 dimension (got ${n}×${d})`);
    const wide = d > n;
    const k = wide ? n : d;
    const eig = wide ? symmetricEigenProjector(gramRows(f.data, n, d), n) : symmetricEigenProjector(gramCols(f.data, n, d), d);
    const smax = Math.max(0, eig.values[k - 1]);
    const tol = 1e-20 * Math.max(1, smax);
    const s = new Float64Array(k);
    for (let i = 0; i < k; i++)
        s[i] = eig.values[i] > tol ? eig.values[i] : 0;
    /**
     * w_i = s_i · (u_iᵀ y)² for the one-hot target of each class in `cls`, all projected at once
     * (wide: x = Uᵀy; else c = Vᵀ(Fᵀy), w = c² = s · x²).
     */
    function weights(codes, cls) {
        const slot = new Map(cls.map((c, i) => [c, i]));
        const m = cls.length;
        const yy = new Float64Array(m);
        const vs = new Float64Array(m * k);
        for (let r = 0; r < n; r++) {
            const i = slot.get(codes[r]);
            if (i === undefined)
                continue;
            yy[i]++;
            if (wide)
                vs[i * k + r] = 1;
            else {
                const off = r * d;
                const o = i * k;
                for (let j = 0; j < d; j++)
                    vs[o + j] = vs[o + j] + f.data[off + j];
            }
        }
        const x = eig.project(vs, m);
        return cls.map((_, i) => {
            const w = new Float64Array(k);
            const o = i * k;
            for (let j = 0; j < k; j++) {
                if (s[j] === 0)
                    continue;
                const xj = x[o + j];
                w[j] = wide ? s[j] * xj * xj : xj * xj;
            }
            return { w, yy: yy[i] };
        });
    }
    function evidence({ w, yy }) {
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
            const cls = [];
            for (let c = 0; c < classes; c++)
                if (present[c])
                    cls.push(c);
            let sum = 0;
            let count = 0;
            for (const wc of weights(codes, cls)) {
                sum += evidence(wc);
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
