/**
 * Two-sided two-sample Kolmogorov–Smirnov test, as scipy.stats.ks_2samp(a, b, method='auto'):
 * exact p-value when max(n, m) ≤ 10000 (falling back to the asymptotic one when the exact computation
 * fails), else the asymptotic p-value kstwo.sf(D, round(n·m/(n+m))).
 */
import { kstwoSf } from './kolmogorov.js';
const MAX_AUTO_N = 10000;
function gcd(a, b) {
    let x = a;
    let y = b;
    while (y)
        [x, y] = [y, x % y];
    return x;
}
/** numpy's round (half to even). */
export function roundHalfEven(x) {
    const r = Math.round(x);
    if (Math.abs(x % 1) === 0.5 && r % 2 !== 0)
        return r - 1;
    return r;
}
/** Pr(D_{n,n} ≥ h/n) (scipy _compute_prob_outside_square). */
function probOutsideSquare(n, h) {
    let P = 0;
    let k = Math.floor(n / h);
    while (k >= 0) {
        let p1 = 1;
        for (let j = 0; j < h; j++)
            p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
        P = p1 * (1 - P);
        k -= 1;
    }
    return 2 * P;
}
/** proportion of lattice paths not staying strictly inside |x/m − y/n| < h/lcm (scipy _compute_outer_prob_inside_method). */
function outerProbInside(m0, n0, g, h) {
    let m = m0;
    let n = n0;
    if (m < n)
        [m, n] = [n, m];
    const mg = Math.floor(m / g);
    const ng = Math.floor(n / g);
    let minj = 0;
    let maxj = Math.min(Math.ceil(h / mg), n + 1);
    let curlen = maxj - minj;
    const lenA = Math.min(2 * maxj + 2, n + 1);
    const A = new Float64Array(lenA).fill(1);
    for (let q = minj; q < Math.min(maxj, lenA); q++)
        A[q] = 0;
    for (let i = 1; i <= m; i++) {
        const lastminj = minj;
        const lastlen = curlen;
        minj = Math.max(Math.floor((ng * i - h) / mg) + 1, 0);
        minj = Math.min(minj, n);
        maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
        if (maxj <= minj)
            return 1.0;
        let val = minj === 0 ? 0 : 1;
        const off = minj - lastminj;
        const len = maxj - minj;
        for (let jj = 0, j = minj; jj < len; jj++, j++) {
            val = (A[jj + off] * i + val * j) / (i + j);
            A[jj] = val;
        }
        curlen = maxj - minj;
        if (lastlen > curlen) {
            const end = Math.min(maxj - minj + (lastlen - curlen), lenA);
            for (let q = maxj - minj; q < end; q++)
                A[q] = 1;
        }
    }
    return A[maxj - minj - 1];
}
/** KS statistic D = max |F_a − F_b| of two sorted samples, computed as scipy does. */
function ksStatisticSorted(a, b) {
    const n1 = a.length;
    const n2 = b.length;
    let i = 0;
    let j = 0;
    let maxS = -Infinity;
    let minS = Infinity;
    while (i < n1 || j < n2) {
        const v = j >= n2 || (i < n1 && a[i] <= b[j]) ? a[i] : b[j];
        while (i < n1 && a[i] <= v)
            i++;
        while (j < n2 && b[j] <= v)
            j++;
        const diff = i / n1 - j / n2;
        if (diff > maxS)
            maxS = diff;
        if (diff < minS)
            minS = diff;
    }
    let negMin = -minS;
    if (negMin < 0)
        negMin = 0;
    if (negMin > 1)
        negMin = 1;
    return negMin > maxS ? negMin : maxS;
}
function sorted(x) {
    const s = Float64Array.from(x);
    s.sort();
    return s;
}
/**
 * Two-sided two-sample KS test (= scipy.stats.ks_2samp(a, b, method='auto')).
 * Inputs must be non-empty and free of NaN.
 */
export function ks2samp(a, b) {
    const n1 = a.length;
    const n2 = b.length;
    if (n1 === 0 || n2 === 0)
        throw new Error('ks2samp: samples must not be empty');
    return ks2sampSorted(sorted(a), sorted(b));
}
/** ks2samp on samples already sorted ascending (no copies made). */
export function ks2sampSorted(sa, sb) {
    const n1 = sa.length;
    const n2 = sb.length;
    if (n1 === 0 || n2 === 0)
        throw new Error('ks2samp: samples must not be empty');
    let d = ksStatisticSorted(sa, sb);
    const g = gcd(n1, n2);
    let exact = Math.max(n1, n2) <= MAX_AUTO_N;
    let prob = NaN;
    if (exact) {
        const lcm = (n1 / g) * n2;
        const h = roundHalfEven(d * lcm);
        d = (h * 1.0) / lcm;
        if (h === 0)
            return { statistic: d, pValue: 1.0 };
        prob = n1 === n2 ? probOutsideSquare(n1, h) : outerProbInside(n1, n2, g, h);
        if (!(prob >= 0 && prob <= 1))
            exact = false;
    }
    if (!exact) {
        const m = Math.max(n1, n2);
        const n = Math.min(n1, n2);
        const en = (m * n) / (m + n);
        prob = kstwoSf(roundHalfEven(en), d);
    }
    prob = Math.min(1, Math.max(0, prob));
    return { statistic: d, pValue: prob };
}
/** KS statistic only (no p-value), for callers that need many statistics quickly. */
export function ksStatistic(a, b) {
    return ksStatisticSorted(sorted(a), sorted(b));
}
