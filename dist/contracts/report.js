export const SCENARIO_IDS = ['task-mismatch', 'data-drift', 'roi-shift', 'augmentation-drift'];
