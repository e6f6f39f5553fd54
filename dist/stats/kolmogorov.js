/**
 * Kolmogorov–Smirnov distributions, following scipy:
 * - `kolmogorov(x)`: survival function of the limiting Kolmogorov distribution (= scipy.special.kolmogorov);
 * - `smirnov(n, x)`: survival function of the one-sided one-sample statistic D+_n (= scipy.special.smirnov);
 * - `kstwoSf(n, x)`: survival function of the two-sided one-sample statistic D_n
 *   (= scipy.stats.kstwo.sf, i.e. scipy.stats._ksstats.kolmogn(n, x, cdf=False)), which ks_2samp uses
 *   for its asymptotic p-value. The branch structure (Ruben–Gambino, Durbin/Marsaglia–Tsang–Wang matrix,
 *   Pomeranz recursion, Pelz–Good, 2·smirnov) is that of Simard & L'Ecuyer (2011) as implemented by scipy.
 */
const EP128 = 2 ** 128;
const EM128 = 2 ** -128;
const MINLOG = -745.1332191019412;
const DBL_EPS = 2.220446049250313e-16;
function clip01(p) {
    if (Number.isNaN(p))
        return p;
    return p < 0 ? 0 : p > 1 ? 1 : p;
}
/** x · 2^e without overflowing the intermediate power. */
export function ldexp(x, e) {
    let r = x;
    let k = e;
    while (k > 1000) {
        r *= 2 ** 1000;
        k -= 1000;
    }
    while (k < -1000) {
        r *= 2 ** -1000;
        k += 1000;
    }
    return r * 2 ** k;
}
/** Survival function of the Kolmogorov distribution, P(K > x) (= scipy.special.kolmogorov). */
export function kolmogorov(x) {
    return kolmogorovProbs(x).sf;
}
/** CDF of the Kolmogorov distribution (= scipy.special.kolmogc). */
export function kolmogc(x) {
    return kolmogorovProbs(x).cdf;
}
function kolmogorovProbs(x) {
    if (Number.isNaN(x))
        return { sf: NaN, cdf: NaN };
    if (x <= 0)
        return { sf: 1, cdf: 0 };
    if (x <= Math.PI / Math.sqrt((708 + 38) * 8))
        return { sf: 1, cdf: 0 };
    let P = 1;
    let sf;
    let cdf;
    if (x <= 0.82) {
        const w = Math.sqrt(2 * Math.PI) / x;
        const logu8 = (-Math.PI * Math.PI) / (x * x);
        const u = Math.exp(logu8 / 8);
        if (u === 0) {
            P = Math.exp(logu8 / 8 + Math.log(w));
        }
        else {
            const u8 = Math.exp(logu8);
            const u8cub = u8 ** 3;
            P = 1 + u8cub * P;
            P = 1 + u8 * u8 * P;
            P = 1 + u8 * P;
            P = w * u * P;
        }
        cdf = P;
        sf = 1 - P;
    }
    else {
        const v = Math.exp(-2 * x * x);
        const vsq = v * v;
        const v3 = v ** 3;
        P = 1 - v3 * v3 * v * P;
        P = 1 - v3 * vsq * P;
        P = 1 - v3 * P;
        P = 2 * v * P;
        sf = P;
        cdf = 1 - sf;
    }
    return { sf: clip01(sf), cdf: clip01(cdf) };
}
/** exact product a·b as hi + lo (Dekker). */
function twoProd(a, b) {
    const p = a * b;
    const SPLIT = 134217729; // 2^27 + 1
    const ca = SPLIT * a;
    const ahi = ca - (ca - a);
    const alo = a - ahi;
    const cb = SPLIT * b;
    const bhi = cb - (cb - b);
    const blo = b - bhi;
    const err = ahi * bhi - p + ahi * blo + alo * bhi + alo * blo;
    return [p, err];
}
/** floor(n·x) and its fractional part, computed exactly. */
function modNX(n, x) {
    const [hi, lo] = twoProd(n, x);
    let fl = Math.floor(hi);
    let alpha = hi - fl + lo;
    if (alpha < 0) {
        fl -= 1;
        alpha += 1;
    }
    if (alpha >= 1) {
        fl += 1;
        alpha -= 1;
    }
    return { nxfl: fl, alpha, nx: hi };
}
/**
 * Survival function of the one-sided one-sample Kolmogorov–Smirnov statistic, P(D+_n ≥ x)
 * (= scipy.special.smirnov(n, x)), by the Birnbaum–Tingey / Smirnov sum with terms in log space.
 */
export function smirnov(n, x) {
    if (!(n > 0 && x >= 0 && x <= 1) || !Number.isInteger(n))
        return NaN;
    if (n === 1)
        return 1 - x;
    if (x === 0)
        return 1;
    if (x === 1)
        return 0;
    const { nxfl, alpha } = modNX(n, x);
    let n1mxfl = n - nxfl - (alpha === 0 ? 0 : 1);
    let n1mxceil = n - nxfl;
    if (alpha === 0) {
        n1mxfl -= 1;
        n1mxceil += 1;
    }
    if (nxfl === 0 || (nxfl === 1 && alpha === 0)) {
        const t = Math.exp((n - 1) * Math.log1p(x));
        return clip01(1 - x * t);
    }
    if (-2 * n * x * x < MINLOG)
        return 0;
    if (nxfl >= n - 1)
        return clip01(Math.exp(n * Math.log1p(-x)));
    if (n > 1000000) {
        const logp = -Math.pow(6.0 * n * x + 1, 2) / 18.0 / n;
        if (logp < -Math.LN2)
            return clip01(Math.exp(logp));
        return clip01(1 - -Math.expm1(logp));
    }
    const nUpperTerms = n - n1mxceil + 1;
    let useUpper = nUpperTerms <= 1 && x < 0.5;
    useUpper = useUpper || (n >= 10 && nUpperTerms <= 3 && x <= 0.5 / Math.sqrt(n));
    const logn = Math.log(n);
    // A_v = C(n, v) (1 − x − v/n)^(n−v) (x + v/n)^(v−1); 1 − x − v/n = (n − v − nxfl − alpha)/n exactly-ish
    const term = (v, logC) => {
        const a1 = n - v - nxfl - alpha; // n(1 − x − v/n)
        const a2 = nxfl + v + alpha; // n(x + v/n)
        let sign = 1;
        let la1;
        if (n - v === 0)
            la1 = 0;
        else {
            if (a1 === 0)
                return 0;
            if (a1 < 0 && (n - v) % 2 === 1)
                sign = -1;
            la1 = (n - v) * (Math.log(Math.abs(a1)) - logn);
        }
        const la2 = v - 1 === 0 ? 0 : (v - 1) * (Math.log(a2) - logn);
        return sign * Math.exp(logC + la1 + la2);
    };
    let sum = 0;
    if (useUpper) {
        const nTerms = n - n1mxceil + 1;
        let logC = 0; // C(n, n) = 1
        for (let j = 0; j < nTerms; j++) {
            const v = n - j;
            if (j > 0)
                logC += Math.log((n - j + 1) / j); // C(n, n−j) = C(n, n−j+1)·(n−j+1)/j
            sum += term(v, logC);
        }
        return clip01(1 - x * sum);
    }
    const nTerms = n1mxfl + 1;
    const vmid = Math.floor(n / 2);
    let logC = 0;
    for (let j = 0; j < nTerms; j++) {
        if (j > 0)
            logC += Math.log((n - j + 1) / j);
        const Aj = term(j, logC);
        if (Number.isFinite(Aj) && Aj !== 0)
            sum += Aj;
        if (Aj !== 0) {
            if (4 * (nTerms - j) * Math.abs(Aj) < DBL_EPS * sum && j !== nTerms - 1)
                break;
        }
        else if (j > vmid)
            break;
    }
    return clip01(x * sum);
}
function logNFactorialDivNPowN(n) {
    const c = [
        -0.029550653594771242, 0.00641025641025641, -0.0019175269175269176, 0.0008417508417508417, -0.0005952380952380953, 0.0007936507936507937,
        -0.002777777777777778, 0.08333333333333333,
    ];
    const rn = 1 / n;
    const y = rn / n;
    let poly = 0;
    for (const ci of c)
        poly = poly * y + ci;
    return Math.log(n) / 2 - n + Math.log(2 * Math.PI) / 2 + rn * poly;
}
function matmul(a, b, m) {
    const out = new Float64Array(m * m);
    for (let i = 0; i < m; i++) {
        for (let k = 0; k < m; k++) {
            const aik = a[i * m + k];
            if (aik === 0)
                continue;
            const bo = k * m;
            const oo = i * m;
            for (let j = 0; j < m; j++)
                out[oo + j] += aik * b[bo + j];
        }
    }
    return out;
}
/** Pr(D_n ≤ d) by the Durbin matrix algorithm (Marsaglia–Tsang–Wang). */
function kolmognDMTW(n, d) {
    if (d >= 1)
        return 1;
    const nd = n * d;
    if (nd <= 0.5)
        return 0;
    const k = Math.ceil(nd);
    const h = k - nd;
    const m = 2 * k - 1;
    let H = new Float64Array(m * m);
    const v = new Float64Array(m);
    const w = new Float64Array(m);
    let fac = 1;
    for (let j = 1; j <= m; j++) {
        v[j - 1] = 1 - h ** j;
        w[j - 1] = fac;
        fac /= j;
        v[j - 1] *= fac;
    }
    const tt = Math.max(2 * h - 1, 0) ** m - 2 * h ** m;
    v[m - 1] = (1 + tt) * fac;
    for (let i = 1; i < m; i++)
        for (let r = i - 1; r < m; r++)
            H[r * m + i] = w[r - (i - 1)];
    for (let r = 0; r < m; r++)
        H[r * m] = v[r];
    for (let c = 0; c < m; c++)
        H[(m - 1) * m + c] = v[m - 1 - c];
    let Hpwr = new Float64Array(m * m);
    for (let i = 0; i < m; i++)
        Hpwr[i * m + i] = 1;
    let nn = n;
    let expnt = 0;
    let Hexpnt = 0;
    while (nn > 0) {
        if (nn % 2) {
            Hpwr = matmul(Hpwr, H, m);
            expnt += Hexpnt;
        }
        H = matmul(H, H, m);
        Hexpnt *= 2;
        if (Math.abs(H[(k - 1) * m + (k - 1)]) > EP128) {
            for (let i = 0; i < H.length; i++)
                H[i] /= EP128;
            Hexpnt += 128;
        }
        nn = Math.floor(nn / 2);
    }
    let p = Hpwr[(k - 1) * m + (k - 1)];
    for (let i = 1; i <= n; i++) {
        p = (i * p) / n;
        if (Math.abs(p) < EM128) {
            p *= EP128;
            expnt -= 128;
        }
    }
    if (expnt !== 0)
        p = ldexp(p, expnt);
    return clip01(p);
}
/** python-style slice a[start:end] (negative indices count from the end; out of range clamps). */
function pySlice(a, start, end) {
    const n = a.length;
    let s = start < 0 ? Math.max(n + start, 0) : Math.min(start, n);
    let e = end < 0 ? Math.max(n + end, 0) : Math.min(end, n);
    if (e < s)
        e = s;
    if (s > n)
        s = n;
    return a.subarray(s, e);
}
function convolve(a, b) {
    if (a.length === 0 || b.length === 0)
        return new Float64Array(0);
    const out = new Float64Array(a.length + b.length - 1);
    for (let i = 0; i < a.length; i++) {
        const ai = a[i];
        for (let j = 0; j < b.length; j++)
            out[i + j] += ai * b[j];
    }
    return out;
}
function pomeranzJ1J2(i, n, ll, ceilf, roundf) {
    let j1;
    let j2;
    if (i === 0) {
        j1 = -ll - ceilf - 1;
        j2 = ll + ceilf - 1;
    }
    else {
        const ip1div2 = Math.floor((i + 1) / 2);
        const ip1mod2 = (i + 1) % 2;
        if (ip1mod2 === 0) {
            if (ip1div2 === n + 1) {
                j1 = n - ll - ceilf - 1;
                j2 = n + ll + ceilf - 1;
            }
            else {
                j1 = ip1div2 - 1 - ll - roundf - 1;
                j2 = ip1div2 + ll - 1 + ceilf - 1;
            }
        }
        else {
            j1 = ip1div2 - 1 - ll - 1;
            j2 = ip1div2 + ll + roundf - 1;
        }
    }
    return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}
/** Pr(D_n ≤ x) by the Pomeranz recursion. */
function kolmognPomeranz(n, x) {
    const t = n * x;
    const ll = Math.floor(t);
    const f = t - ll;
    const g = Math.min(f, 1 - f);
    const ceilf = f > 0 ? 1 : 0;
    const roundf = f > 0.5 ? 1 : 0;
    const npwrs = 2 * (ll + 1);
    const gpower = new Float64Array(npwrs);
    const twogpower = new Float64Array(npwrs);
    const onem2gpower = new Float64Array(npwrs);
    gpower[0] = 1;
    twogpower[0] = 1;
    onem2gpower[0] = 1;
    let expnt = 0;
    const gOverN = g / n;
    const twoGOverN = (2 * g) / n;
    const oneMinusTwoGOverN = (1 - 2 * g) / n;
    for (let m = 1; m < npwrs; m++) {
        gpower[m] = (gpower[m - 1] * gOverN) / m;
        twogpower[m] = (twogpower[m - 1] * twoGOverN) / m;
        onem2gpower[m] = (onem2gpower[m - 1] * oneMinusTwoGOverN) / m;
    }
    let V0 = new Float64Array(npwrs);
    let V1 = new Float64Array(npwrs);
    V1[0] = 1;
    let V0s = 0;
    let V1s = 0;
    let j1 = pomeranzJ1J2(0, n, ll, ceilf, roundf)[0];
    let j2;
    for (let i = 1; i < 2 * n + 2; i++) {
        const k1 = j1;
        [V0, V1] = [V1, V0];
        [V0s, V1s] = [V1s, V0s];
        V1.fill(0);
        [j1, j2] = pomeranzJ1J2(i, n, ll, ceilf, roundf);
        const pwrs = i === 1 || i === 2 * n + 1 ? gpower : i % 2 ? twogpower : onem2gpower;
        const ln2 = j2 - k1 + 1;
        if (ln2 > 0) {
            const conv = convolve(pySlice(V0, k1 - V0s, k1 - V0s + ln2), pySlice(pwrs, 0, ln2));
            const convStart = j1 - k1;
            const convLen = j2 - j1 + 1;
            if (convLen > 0)
                V1.set(pySlice(conv, convStart, convStart + convLen), 0);
            let mx = -Infinity;
            for (let q = 0; q < V1.length; q++)
                if (V1[q] > mx)
                    mx = V1[q];
            if (mx > 0 && mx < EM128) {
                for (let q = 0; q < V1.length; q++)
                    V1[q] *= EP128;
                expnt -= 128;
            }
            V1s = V0s + j1 - k1;
        }
    }
    let ans = V1[n - V1s];
    for (let m = 1; m <= n; m++) {
        if (Math.abs(ans) > EP128) {
            ans *= EM128;
            expnt += 128;
        }
        ans *= m;
    }
    if (expnt !== 0)
        ans = ldexp(ans, expnt);
    return clip01(ans);
}
/** Pelz–Good approximation of Pr(D_n ≤ x). */
function kolmognPelzGood(n, x) {
    if (x <= 0)
        return 0;
    if (x >= 1)
        return 1;
    const PI2 = Math.PI ** 2;
    const PI4 = Math.PI ** 4;
    const PI6 = Math.PI ** 6;
    const SQRT2PI = Math.sqrt(2 * Math.PI);
    const z = Math.sqrt(n) * x;
    const zsquared = z ** 2;
    const zthree = z ** 3;
    const zfour = z ** 4;
    const zsix = z ** 6;
    const qlog = -PI2 / 8 / zsquared;
    if (qlog < -708)
        return 0;
    let q = Math.exp(qlog);
    const k1a = -zsquared;
    const k1b = PI2 / 4;
    const k2a = 6 * zsix + 2 * zfour;
    const k2b = ((2 * zfour - 5 * zsquared) * PI2) / 4;
    const k2c = (PI4 * (1 - 2 * zsquared)) / 16;
    const k3d = (PI6 * (5 - 30 * zsquared)) / 64;
    const k3c = (PI4 * (-60 * zsquared + 212 * zfour)) / 16;
    const k3b = (PI2 * (135 * zfour - 96 * zsix)) / 4;
    const k3a = -30 * zsix - 90 * z ** 8;
    const K = [0, 0, 0, 0];
    const maxk = Math.ceil((16 * z) / Math.PI);
    for (let k = maxk; k > 0; k--) {
        const m = 2 * k - 1;
        const m2 = m ** 2;
        const m4 = m ** 4;
        const m6 = m ** 6;
        const qpower = Math.pow(q, 8 * k);
        const coeffs = [1, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6];
        for (let i = 0; i < 4; i++)
            K[i] = K[i] * qpower + coeffs[i];
    }
    const div = [z, 6 * zfour, 72 * z ** 7, 6480 * z ** 10];
    for (let i = 0; i < 4; i++)
        K[i] = (K[i] * q * SQRT2PI) / div[i];
    q = Math.exp(-PI2 / 2 / zsquared);
    const sqrt3z = Math.sqrt(3) * z;
    let k2extra = 0;
    let k3extra = 0;
    for (let k = maxk; k > 0; k--) {
        const k2 = k * k;
        const qp = q ** k2;
        const kpi = Math.PI * k;
        k2extra += k2 * qp;
        k3extra += (sqrt3z + kpi) * (sqrt3z - kpi) * k2 * qp;
    }
    K[2] += k2extra * ((PI2 * SQRT2PI) / (-36 * zthree));
    K[3] += k3extra * ((PI2 * SQRT2PI) / (216 * zsix));
    let sum = 0;
    for (let i = 0; i < 4; i++)
        sum += K[i] / Math.pow(n, i / 2);
    return sum;
}
/**
 * Survival function of the two-sided one-sample KS statistic D_n: P(D_n ≥ x) (= scipy.stats.kstwo.sf(x, n)).
 */
export function kstwoSf(n, x) {
    if (Number.isNaN(n) || Number.isNaN(x))
        return NaN;
    if (!Number.isInteger(n) || n <= 0)
        return NaN;
    if (x >= 1)
        return 0;
    if (x <= 0)
        return 1;
    const t = n * x;
    if (t <= 1) {
        if (t <= 0.5)
            return 1;
        let prob;
        if (n <= 140) {
            prob = 1;
            for (let i = 1; i <= n; i++)
                prob *= i * (1 / n) * (2 * t - 1);
        }
        else {
            prob = Math.exp(logNFactorialDivNPowN(n) + n * Math.log(2 * t - 1));
        }
        return clip01(1 - prob);
    }
    if (t >= n - 1)
        return clip01(2 * (1 - x) ** n);
    if (x >= 0.5)
        return clip01(2 * smirnov(n, x));
    const nxsquared = t * x;
    if (n <= 140) {
        if (nxsquared <= 0.754693)
            return clip01(1 - kolmognDMTW(n, x));
        if (nxsquared <= 4)
            return clip01(1 - kolmognPomeranz(n, x));
        return clip01(2 * smirnov(n, x));
    }
    if (nxsquared >= 370)
        return 0;
    if (nxsquared >= 2.2)
        return clip01(2 * smirnov(n, x));
    let cdf;
    if (nxsquared >= 18)
        cdf = 1;
    else if (n <= 100000 && n * x ** 1.5 <= 1.4)
        cdf = kolmognDMTW(n, x);
    else
        cdf = kolmognPelzGood(n, x);
    return clip01(1 - cdf);
}
