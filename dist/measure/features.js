/**
 * Per-item feature drift of one dataset: every feature (table column, image/audio/text feature) that
 * both sides have, measured by src/stats/feature-drift.ts with the trusted significance level; then,
 * per feature, its role (format or content), missing-share change and fills (src/measure/missingness.ts),
 * type change (column-types.ts) and, for high-cardinality categoricals, unseen share and top-k
 * divergence (cardinality.ts), which then decide the feature's drift flag instead of the full
 * chi-square. Each family of tests is corrected with Benjamini–Hochberg.
 */
import { boundName } from '../contracts/index.js';
import { measureColumns } from '../stats/feature-drift.js';
import { benjaminiHochberg } from '../stats/multiple-testing.js';
import { measureCardinality } from './cardinality.js';
import { typeChange } from './column-types.js';
import { fillCandidate, missingnessPValue } from './missingness.js';
import { featureRole } from './roles.js';
/** Every column both sides have (items' features via `toColumns`, or a table's columns). */
export function measureFeatures(base, head, t, opts = {}) {
    const modality = opts.modality ?? 'tabular';
    const measured = measureColumns(base, head, { alpha: t.alpha });
    const out = { features: measured.features };
    if (measured.onlyIn.base.length > 0 || measured.onlyIn.head.length > 0)
        out.onlyIn = measured.onlyIn;
    const family = [];
    const cards = [];
    for (const f of measured.features) {
        const bv = base.get(f.name);
        const hv = head.get(f.name);
        if (modality !== 'tabular')
            f.role = featureRole(modality, f.name);
        // measureColumns counted them (NA tokens, NaN, and infinities in numeric columns)
        const bm = { rows: bv.length, missing: f.missing?.base ?? 0 };
        const hm = { rows: hv.length, missing: f.missing?.head ?? 0 };
        if (bm.missing > 0 || hm.missing > 0) {
            const share = { base: bm.rows ? bm.missing / bm.rows : 0, head: hm.rows ? hm.missing / hm.rows : 0 };
            const pValue = missingnessPValue(bm, hm);
            f.missingness = { share, pValue, pAdjusted: pValue, drift: false };
            const m = f.missingness;
            family.push({
                p: pValue,
                set: (pAdj) => {
                    m.pAdjusted = pAdj;
                    m.drift = pAdj < t.alpha && Math.abs(share.head - share.base) >= t.missingShareMedium;
                },
            });
        }
        if (modality === 'tabular' && f.kind === 'numeric') {
            const fill = fillCandidate(bv, hv, bm, hm, t);
            if (fill) {
                family.push({
                    p: fill.pValue,
                    set: (pAdj) => {
                        if (pAdj < t.alpha)
                            f.fill = { ...fill, pAdjusted: pAdj };
                    },
                });
            }
        }
        const tc = typeChange(bv, hv);
        if (tc)
            f.typeChange = tc;
        if (f.kind === 'categorical') {
            const c = measureCardinality(bv, hv, t);
            if (c)
                cards.push({ f, c });
        }
    }
    const adj = benjaminiHochberg(Float64Array.from(family.map((x) => x.p)));
    family.forEach((x, i) => x.set(adj[i]));
    const cadj = benjaminiHochberg(Float64Array.from(cards.map((x) => x.c.pValue)));
    cards.forEach(({ f, c }, i) => {
        f.cardinality = { ...c, pAdjusted: cadj[i] };
        const effect = c.topK.js >= 0.1 || c.unseenShare.head - c.unseenShare.base >= t.unseenShareMedium;
        f.drift = cadj[i] < t.alpha && effect;
    });
    boundNames(out);
    return out;
}
/**
 * Names and values from the data are bounded where they enter the report (src/contracts/names.ts):
 * a column named with 5,000 characters, or a category value as long, is shown ellipsized. Only the
 * text changes; the numbers were measured on the full values.
 */
function boundNames(out) {
    for (const f of out.features) {
        f.name = boundName(f.name);
        for (const side of [f.summary?.base, f.summary?.head])
            for (const t of side?.top ?? [])
                t.value = boundName(t.value);
        if (f.fill)
            f.fill.value = boundName(f.fill.value);
        if (f.typeChange)
            f.typeChange.examples = f.typeChange.examples.map((e) => boundName(e));
    }
    if (out.onlyIn)
        out.onlyIn = { base: out.onlyIn.base.map((n) => boundName(n)), head: out.onlyIn.head.map((n) => boundName(n)) };
}
