import { measureColumns } from '../stats/feature-drift.js';
import { benjaminiHochberg } from '../stats/multiple-testing.js';
import { measureCardinality } from './cardinality.js';
import { typeChange } from './column-types.js';
import { fillCandidate, missingCounts, missingnessPValue } from './missingness.js';
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
        const bm = missingCounts(bv, f.kind === 'numeric');
        const hm = missingCounts(hv, f.kind === 'numeric');
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
    return out;
}
