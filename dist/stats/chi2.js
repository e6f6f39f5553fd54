/**
 * Pearson chi-square test of homogeneity on the 2×K table of base/head counts, no continuity
 * correction, dof = K − 1 (= scipy.stats.chi2_contingency(table, correction=False) after dropping
 * columns where both counts are 0). K ≤ 1 → statistic 0, p 1.
 */
import { chi2Sf } from './gamma.js';
import { checkSameLength } from './proportions.js';
export function chi2Homogeneity(baseCounts, headCounts) {
    checkSameLength(baseCounts, headCounts, 'chi2Homogeneity');
    const b = [];
    const h = [];
    for (let i = 0; i < baseCounts.length; i++) {
        if (baseCounts[i] === 0 && headCounts[i] === 0)
            continue;
        b.push(baseCounts[i]);
        h.push(headCounts[i]);
    }
    const K = b.length;
    let nb = 0;
    let nh = 0;
    for (let i = 0; i < K; i++) {
        nb += b[i];
        nh += h[i];
    }
    const dof = Math.max(K - 1, 0);
    if (K <= 1 || nb === 0 || nh === 0)
        return { statistic: 0, pValue: 1, dof };
    const total = nb + nh;
    let stat = 0;
    for (let i = 0; i < K; i++) {
        const col = b[i] + h[i];
        const eb = (nb * col) / total;
        const eh = (nh * col) / total;
        stat += (b[i] - eb) ** 2 / eb + (h[i] - eh) ** 2 / eh;
    }
    return { statistic: stat, pValue: chi2Sf(stat, dof), dof };
}
