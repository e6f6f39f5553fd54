/** KL divergence KL(base ‖ head) on binned counts: Σ b·ln(b / h) (natural log), zero proportions → 1e-4. */
import { checkSameLength, floored, proportions } from './proportions.js';
export function klDivergence(baseCounts, headCounts) {
    checkSameLength(baseCounts, headCounts, 'klDivergence');
    const b = floored(proportions(baseCounts));
    const h = floored(proportions(headCounts));
    let s = 0;
    for (let i = 0; i < b.length; i++)
        s += b[i] * Math.log(b[i] / h[i]);
    return s;
}
