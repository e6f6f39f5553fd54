/**
 * Duplicates, judged under data-drift (a data-quality rule): a head dominated by copies — exact or
 * near duplicates making up at least duplicateShareMedium more of the head sample than of base's,
 * Fisher significant — fine-tunes on a few items many times: medium. Copies of base items added in
 * this change are named.
 */
import { boundName } from '../contracts/index.js';
import { atLeast, fmt, fmtP, plural } from './common.js';
const pc = (x) => `${fmt(x * 100, 0)}%`;
const code = (p) => `\`${boundName(p, PATH_MAX).replace(/`/g, "'")}\``;
/** A path from the pull request is shown ellipsized beyond this many characters (src/contracts/names.ts). */
const PATH_MAX = 200;
export function assessDuplicates(r, t) {
    const d = r.duplicates;
    const out = { findings: [], recommendations: [], notes: [] };
    if (!d)
        return out;
    const near = d.near;
    const head = near ?? d.exact;
    const h = near ? near.head : d.exact.head;
    const b = near ? near.base : d.exact.base;
    const what = near ? `exact or near duplicates (embedding cosine ≥ ${fmt(near.threshold, 3)})` : 'exact duplicates (same content)';
    const ex = d.examples
        .filter((x) => x.kind === 'exact' || x.kind === 'near')
        .slice(0, 2)
        .map((x) => x.paths.map(code).join(' = '));
    const exText = ex.length ? `, e.g. ${ex.join('; ')}` : '';
    if (head && h.items > 0) {
        const text = `${plural(h.items, 'head item')} (${pc(h.share)}) ${h.items === 1 ? 'copies' : 'copy'} another head item — ${what}${exText}; base ${pc(b.share)} (Fisher ${fmtP(d.test.pValue)})`;
        if (d.test.excess >= t.duplicateShareMedium && d.test.pValue < t.alpha) {
            out.findings.push({ score: atLeast(0, 'medium'), text: `the head is dominated by copies: ${text}` });
            out.recommendations.push('remove the duplicated items (or de-duplicate before splitting train and validation): copies over-weight a few examples and leak between splits');
        }
        else if (h.share >= 0.05)
            out.notes.push(text);
    }
    if (d.sharedWithBase.items > 0) {
        const s = d.examples.find((x) => x.kind === 'shared');
        out.notes.push(`${plural(d.sharedWithBase.items, 'added or modified head item')} ${d.sharedWithBase.items === 1 ? 'is a copy' : 'are copies'} of base items${s ? ` (e.g. ${s.paths.map(code).join(' = ')})` : ''}`);
    }
    return out;
}
