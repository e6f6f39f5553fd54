import { measureColumns } from '../stats/feature-drift.js';
/** Every column both sides have (items' features via `toColumns`, or a table's columns). */
export function measureFeatures(base, head, t) {
    const measured = measureColumns(base, head, { alpha: t.alpha });
    const out = { features: measured.features };
    if (measured.onlyIn.base.length > 0 || measured.onlyIn.head.length > 0)
        out.onlyIn = measured.onlyIn;
    return out;
}
