export const SCENARIO_IDS = ['task-mismatch', 'data-drift', 'roi-shift', 'augmentation-drift'];
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
