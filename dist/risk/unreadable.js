/**
 * Unreadable data as data-drift evidence (issue 12, item 2). Readable items are always analyzed; the
 * share that could not be read is graded on its own, so adding empty or corrupt files can only raise
 * the verdict, never lower it. Head's share is graded in full (the pull request brings it); base's
 * share raises at most medium (the reference is incomplete, but not by this change). A dataset that
 * cannot be analyzed at all fails closed at `unanalyzableLevel` (default high), except when only the
 * base side has no data: then there is nothing to compare against (a new dataset), which is medium.
 */
import { boundName, clampText } from '../contracts/index.js';
import { atLeast, capScore, fmt, graded, pct, plural } from './common.js';
/** Unreadable items listed by name in the evidence (all of them are in the dataset's `skipped`). */
const LISTED = 5;
/** Paths from the pull request, and reasons (which may quote them), shown ellipsized beyond these lengths. */
export const PATH_MAX = 200;
export const REASON_MAX = 300;
/** Skipped entries for a malformed box annotation: the image was read (it is counted in boxes.unreadable, not here). */
const ANNOTATION_SKIP = 'annotation: ';
function describeSide(side, u, r) {
    const items = r.skipped.filter((s) => s.side === side && !s.reason.startsWith(ANNOTATION_SKIP));
    const listed = items.slice(0, LISTED).map((s) => `${boundName(s.path, PATH_MAX)} (${clampText(s.reason, REASON_MAX)})`);
    const more = items.length > LISTED ? `, and ${items.length - LISTED} more (see the dataset's skipped items)` : '';
    const rows = u.rows && u.rows.unreadable > 0 ? `; about ${fmt(u.rows.unreadable)} of ${fmt(u.rows.of)} table rows are in unreadable files` : '';
    return `${plural(u.items, 'item')} of ${u.of} sampled ${side} items could not be read (${pct(u.share)} of the ${side} sample${rows}): ${listed.join(', ')}${more}`;
}
/** Head's unreadable share graded in full (the pull request brings it), base's at most medium. */
function gradeShares(head, base, t) {
    return Math.max(graded(head, t.unreadableShareMedium, t.unreadableShareHigh), capScore(graded(base, t.unreadableShareMedium, t.unreadableShareHigh), 1));
}
const BASE_ALREADY = ' — already in base, not introduced by this change';
/** The first sentence carries why the share counts, once it reaches medium. */
function withReason(evidence, score, what, t) {
    if (score >= 1 / 3 - 1e-12 && evidence.length > 0) {
        evidence[0] = `${evidence[0]} — ${what}, so a large unreadable share is a risk in itself (medium from ${pct(t.unreadableShareMedium)}, high from ${pct(t.unreadableShareHigh)})`;
    }
}
/** The unreadable-share evidence of one dataset (score 0 and no evidence when everything was read). */
export function unreadableFinding(r, t) {
    const u = r.unreadable;
    if (!u)
        return { score: 0, evidence: [], recommendations: [] };
    const evidence = [];
    const recs = [];
    if (u.head.items > 0)
        evidence.push(describeSide('head', u.head, r));
    if (u.base.items > 0)
        evidence.push(`${describeSide('base', u.base, r)}${BASE_ALREADY}`);
    const score = gradeShares(u.head.share, u.base.share, t);
    withReason(evidence, score, 'unreadable data is not analyzed', t);
    if (u.head.items > 0)
        recs.push('fix or remove the unreadable items listed in the report (empty, truncated or mis-encoded files), then re-run the analysis');
    return { score, evidence, recommendations: recs };
}
/** A dataset with an `error`: nothing readable at base only (medium: nothing to compare against), or not analyzable (fails closed; always so when the error is head's). */
export function unanalyzableFinding(r, t) {
    // a new dataset (no base data) is medium only when nothing head brings is broken: a head label file
    // or column that cannot be used fails closed like any unanalyzable dataset
    const noBaseOnly = r.sample.base === 0 && r.sample.head > 0 && !(r.errorSides?.includes('head') ?? false);
    if (noBaseOnly) {
        return {
            score: atLeast(0, 'medium'),
            evidence: [
                `no readable base data to compare against (${r.error}): drift was not measured — ${r.sample.head} head items were read; this is not evidence of no drift`,
            ],
            recommendations: ['review the new data by hand, or analyze it against a reference set (transfer-risk compare --base REFERENCE --head NEW)'],
        };
    }
    return {
        score: unanalyzable(t).score,
        evidence: [`could not be analyzed: ${r.error}${unanalyzableNote(t, 'the check fails closed: what cannot be analyzed is not assumed safe')}`],
        recommendations: ["fix or remove the unreadable items listed in the report, or the dataset's paths in the config, then re-run the analysis"],
    };
}
/** The score of what cannot be analyzed: `thresholds.unanalyzableLevel` (0 low, 1 medium, 2 high; default high). */
export function unanalyzable(t) {
    const level = Math.max(0, Math.min(2, Math.round(t.unanalyzableLevel)));
    return { level, score: level >= 2 ? atLeast(0, 'high') : level >= 1 ? atLeast(0, 'medium') : 0.3 };
}
/** What the evidence adds after why something cannot be analyzed: ` — ${closed}` at high, else the base setting that lowered it. */
export function unanalyzableNote(t, closed) {
    return unanalyzable(t).level >= 2 ? ` — ${closed}` : ` (thresholds.unanalyzableLevel ${fmt(t.unanalyzableLevel)} in the base config sets this level)`;
}
/**
 * Box annotations that could not be read or used (a detection dataset's `boxes.unreadable`), graded like
 * unreadable data: the images they belong to are left out of the box statistics, so breaking annotation
 * files can only raise the verdict. Head's share in full, base's at most medium.
 */
export function unreadableAnnotationsFinding(b, t) {
    const evidence = [];
    const describe = (side) => {
        const u = b[side].unreadable;
        if (!u || u.images === 0)
            return undefined;
        const files = (b.unreadable ?? []).filter((x) => x.side === side);
        const listed = files
            .slice(0, LISTED)
            .map((x) => `${boundName(x.file, PATH_MAX)}${x.line !== undefined ? `:${x.line}` : ''} (${clampText(x.reason, REASON_MAX)})`);
        const more = files.length > LISTED ? `, and ${files.length - LISTED} more (see the dataset's unreadable annotations)` : '';
        return `${plural(u.images, 'sampled image')} of ${u.of} at ${side} have annotations that could not be read or used (${pct(u.share)}; left out of the box statistics)${listed.length ? `: ${listed.join(', ')}${more}` : ''}`;
    };
    const head = describe('head');
    const base = describe('base');
    if (head)
        evidence.push(head);
    if (base)
        evidence.push(`${base}${BASE_ALREADY}`);
    if (evidence.length === 0)
        return { score: 0, evidence, recommendations: [] };
    const score = gradeShares(b.head.unreadable?.share ?? 0, b.base.unreadable?.share ?? 0, t);
    withReason(evidence, score, 'boxes that cannot be read are not measured', t);
    return {
        score,
        evidence,
        recommendations: head ? ['fix the annotation files listed in the report (each with its file:line and reason), then re-run the analysis'] : [],
    };
}
