const LEVEL_ORDER = { low: 0, medium: 1, high: 2 };
/** true when `level` is at or above the `failOn` policy. */
export function reachesFailOn(level, failOn) {
    if (failOn === 'none')
        return false;
    return LEVEL_ORDER[level] >= LEVEL_ORDER[failOn];
}
export function maxLevel(levels) {
    let best = 'low';
    for (const l of levels)
        if (LEVEL_ORDER[l] > LEVEL_ORDER[best])
            best = l;
    return best;
}
/** The stricter of two levels (the higher one). */
export function worseLevel(a, b) {
    return LEVEL_ORDER[b] > LEVEL_ORDER[a] ? b : a;
}
const FAIL_RANK = { medium: 0, high: 1, none: 2 };
/** The stricter of two fail-on policies (medium fails more often than high; none never fails). */
export function stricterFailOn(a, b) {
    if (b === undefined)
        return a;
    return FAIL_RANK[b] < FAIL_RANK[a] ? b : a;
}
