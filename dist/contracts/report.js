export const SCENARIO_IDS = ['task-mismatch', 'data-drift', 'roi-shift', 'augmentation-drift'];
/** Box statistics of a detection dataset. */
/** Entries of `boxes.unreadable` at most (the counts in `boxes.base/head.unreadable` cover all). */
export const MAX_UNREADABLE_ANNOTATIONS = 1000;
