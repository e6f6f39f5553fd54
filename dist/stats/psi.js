/** Population stability index on binned counts: Σ (h − b)·ln(h / b), zero proportions → 1e-4. */
import { checkSameLength, floored, proportions } from './proportions.js';
export function psi(baseCounts, headCounts) {
    checkSameLength(baseCounts, headCounts, 'psi');
    const b = floored(proportions(baseCounts));
    const h = floored(proportions(headCounts));
    let s = 0;
    for (let i = 0; i < b.length; i++)
        s += (h[i] - b[i]) * Math.log(h[i] / b[i]);
    return s;
}
