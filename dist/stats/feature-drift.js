import { categoryCounts, numericBinsSorted, rangeBinCounts } from './binning.js';
import { chi2Homogeneity } from './chi2.js';
import { describeCategorical, describeNumericSorted } from './describe.js';
import { jsDistance } from './js.js';
import { klDivergence } from './kl.js';
import { ks2sampSorted } from './ks.js';
import { benjaminiHochberg, bonferroni } from './multiple-testing.js';
import { psi } from './psi.js';
import { stdPopulation, wasserstein1Sorted } from './wasserstein.js';
/** pandas' default NA strings (read_csv na_values) plus ''. */
export const NA_STRINGS = new Set([
    '',
    '#N/A',
    '#N/A N/A',
    '#NA',
    '-1.#IND',
    '-1.#QNAN',
    '-NaN',
    '-nan',
    '1.#IND',
    '1.#QNAN',
    '<NA>',
    'N/A',
    'NA',
    'NULL',
    'NaN',
    'None',
    'n/a',
    'nan',
    'null',
]);
export function isMissing(v) {
    if (typeof v === 'number')
        return Number.isNaN(v);
    if (v === null || v === undefined)
        return true;
    // every NA token is at most 8 characters long
    return v.length <= 8 && NA_STRINGS.has(v);
}
// `\d+(?:\.\d*)?`, not `\d+\.?\d*`: the same numbers, and no way to split a digit run two ways (that
// backtracked quadratically: a 100,000-digit cell ending in "x" took 45 s)
const NUMERIC_RE = /^\s*[+-]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?)\s*$/i;
/** the number a non-missing value parses to, or undefined when it is not numeric (pandas-like). */
export function parseNumber(v) {
    if (typeof v === 'number')
        return v;
    if (v === null)
        return undefined;
    if (!NUMERIC_RE.test(v))
        return undefined;
    const x = Number(v);
    if (!Number.isNaN(x))
        return x;
    // 'inf' / 'INF' / '-inf' forms that Number() does not read
    return v.trim().startsWith('-') ? -Infinity : Infinity;
}
/**
 * one side: missing count, finite numbers (while every present value parses), present values. In a
 * numeric column an infinite value carries no number either: it counts as missing, like NaN (a column a
 * pipeline filled with inf must not look unchanged); in a categorical one "inf" is a category.
 */
function scanSide(values, wantNumbers) {
    let missing = 0;
    let infinite = 0;
    let numeric = wantNumbers;
    const nums = new Float64Array(wantNumbers ? values.length : 0);
    let k = 0;
    for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (isMissing(v)) {
            missing++;
            continue;
        }
        if (!numeric)
            continue;
        const x = parseNumber(v);
        if (x === undefined)
            numeric = false;
        else if (Number.isFinite(x))
            nums[k++] = x;
        else
            infinite++;
    }
    return { missing, infinite, numeric, nums: numeric ? nums.subarray(0, k) : nums.subarray(0, 0) };
}
function presentStrings(values) {
    const out = [];
    for (const v of values)
        if (!isMissing(v))
            out.push(typeof v === 'string' ? v : String(v));
    return out;
}
function prepare(base, head) {
    const sb = scanSide(base, true);
    const sh = scanSide(head, sb.numeric);
    // infinities are missing only where the column is numeric on both sides (else "inf" is a category)
    if (sb.numeric && sh.numeric) {
        const missing = { base: sb.missing + sb.infinite, head: sh.missing + sh.infinite };
        return { kind: 'numeric', missing, numBase: sb.nums, numHead: sh.nums };
    }
    return { kind: 'categorical', missing: { base: sb.missing, head: sh.missing }, catBase: presentStrings(base), catHead: presentStrings(head) };
}
function measureOne(name, p, withSummary) {
    if (p.kind === 'numeric') {
        const b = p.numBase.sort(); // sorted once, shared by every metric
        const h = p.numHead.sort();
        const metrics = { psi: 0, kl: 0, js: 0 };
        let pValue;
        if (b.length > 0 && h.length > 0) {
            const bins = numericBinsSorted(b);
            const cb = rangeBinCounts(b, bins);
            const ch = rangeBinCounts(h, bins);
            metrics.psi = psi(cb, ch);
            metrics.kl = klDivergence(cb, ch);
            metrics.js = jsDistance(cb, ch);
            metrics.ks = ks2sampSorted(b, h);
            metrics.wasserstein = wasserstein1Sorted(b, h);
            metrics.wassersteinNormed = metrics.wasserstein / Math.max(stdPopulation(b), 0.001);
            pValue = metrics.ks.pValue;
        }
        const report = { name, kind: 'numeric', missing: p.missing, metrics, drift: false };
        if (withSummary)
            report.summary = { base: describeNumericSorted(b), head: describeNumericSorted(h) };
        return { report, pValue };
    }
    const b = p.catBase;
    const h = p.catHead;
    const metrics = { psi: 0, kl: 0, js: 0 };
    let pValue;
    if (b.length > 0 && h.length > 0) {
        const cc = categoryCounts(b, h);
        metrics.psi = psi(cc.base, cc.head);
        metrics.kl = klDivergence(cc.base, cc.head);
        metrics.js = jsDistance(cc.base, cc.head);
        metrics.chi2 = chi2Homogeneity(cc.base, cc.head);
        pValue = metrics.chi2.pValue;
    }
    const report = { name, kind: 'categorical', missing: p.missing, metrics, drift: false };
    if (withSummary)
        report.summary = { base: describeCategorical(b), head: describeCategorical(h) };
    return { report, pValue };
}
/**
 * Measure every column present on both sides (base order). Columns on one side only are listed in
 * `onlyIn`. A side that is empty after removing missing values gets psi = kl = js = 0, no test and
 * drift = false.
 */
export function measureColumns(base, head, opts = {}) {
    const correction = opts.correction ?? 'bh';
    const alpha = opts.alpha ?? 0.05;
    const wnThreshold = opts.wassersteinNormed ?? 0.1;
    const psiThreshold = opts.psi ?? 0.1;
    const jsThreshold = opts.js ?? 0.1;
    const withSummary = opts.summary ?? true;
    const measured = [];
    const onlyIn = { base: [], head: [] };
    for (const [name, values] of base) {
        const hv = head.get(name);
        if (hv === undefined) {
            onlyIn.base.push(name);
            continue;
        }
        measured.push(measureOne(name, prepare(values, hv), withSummary));
    }
    for (const name of head.keys())
        if (!base.has(name))
            onlyIn.head.push(name);
    const tested = measured.filter((m) => m.pValue !== undefined);
    const raw = tested.map((m) => m.pValue);
    const adjusted = correction === 'bh' ? benjaminiHochberg(raw) : correction === 'bonferroni' ? bonferroni(raw) : Float64Array.from(raw);
    tested.forEach((m, i) => {
        const r = m.report;
        const pAdj = adjusted[i];
        r.metrics.pAdjusted = pAdj;
        const significant = pAdj < alpha;
        const effect = r.kind === 'numeric'
            ? (r.metrics.wassersteinNormed ?? 0) >= wnThreshold || r.metrics.psi >= psiThreshold
            : r.metrics.js >= jsThreshold || r.metrics.psi >= psiThreshold;
        r.drift = significant && effect;
    });
    return { features: measured.map((m) => m.report), onlyIn };
}
