/**
 * Jensen–Shannon distance (base 2) between binned count vectors, on raw proportions:
 * = scipy.spatial.distance.jensenshannon(b, h, base=2). In [0, 1].
 */
import { checkSameLength, proportions } from './proportions.js';
function relEntr(x, y) {
    if (x > 0 && y > 0)
        return x * Math.log(x / y);
    if (x === 0 && y >= 0)
        return 0;
    return Infinity;
}
export function jsDistance(baseCounts, headCounts) {
    checkSameLength(baseCounts, headCounts, 'jsDistance');
    // scipy normalizes its inputs by their sums; proportions() already does (count / n)
    const p = proportions(baseCounts);
    const q = proportions(headCounts);
    let left = 0;
    let right = 0;
    for (let i = 0; i < p.length; i++) {
        const m = (p[i] + q[i]) / 2;
        left += relEntr(p[i], m);
        right += relEntr(q[i], m);
    }
    const js = (left + right) / Math.LN2;
    // in [0, 1]: on disjoint supports rounding gives 1.0000000000000002 (scipy too); clamp to the range
    return Math.min(1, Math.sqrt(Math.max(0, js / 2)));
}
