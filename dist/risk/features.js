import { atLeast, capScore, fmt, fmtP, graded } from './common.js';
import { FORMAT_FEATURES } from '../measure/roles.js';
import { describeChange, describeResolution, termOf } from './terms.js';
/** Effect-size grade of one feature on the shared score scale (whether or not it is significant). */
export function featureEffect(f, t) {
    const m = f.metrics;
    const c = f.cardinality;
    if (c) {
        // high cardinality: the top-k divergence and the rise of unseen values, not PSI over sparse cells
        return Math.max(graded(c.topK.js, t.featureJsMedium, t.featureJsHigh), graded(c.unseenShare.head - c.unseenShare.base, t.unseenShareMedium, t.unseenShareHigh));
    }
    const psiG = graded(m.psi, t.featurePsiMedium, t.featurePsiHigh);
    if (f.kind === 'categorical')
        return Math.min(psiG, graded(m.js, t.featureJsMedium, t.featureJsHigh));
    if (m.wassersteinNormed === undefined)
        return psiG;
    return Math.min(psiG, graded(m.wassersteinNormed, t.featureWnMedium, t.featureWnHigh));
}
/** The effect size itself, for ranking features whose grades tie (saturated PSI). */
function effectSize(f) {
    if (f.cardinality)
        return Math.max(f.cardinality.topK.js, f.cardinality.unseenShare.head - f.cardinality.unseenShare.base);
    return f.kind === 'numeric' ? (f.metrics.wassersteinNormed ?? f.metrics.psi) : f.metrics.js;
}
/** A format feature (how items are stored); reports without roles fall back to the modality's list. */
export function isFormat(f, modality) {
    if (f.role)
        return f.role === 'format';
    return !!modality && FORMAT_FEATURES[modality].includes(f.name);
}
function metricsText(f) {
    const m = f.metrics;
    const parts = [];
    if (f.cardinality) {
        const c = f.cardinality;
        parts.push(`${c.distinct.union} categories`, `unseen in base ${fmt(c.unseenShare.head * 100, 1)}% of head vs ${fmt(c.unseenShare.base * 100, 1)}% expected`, `top-${c.topK.k} JS ${fmt(c.topK.js)}`, fmtP(c.pAdjusted));
        return parts.join('; ');
    }
    const baseSd = f.summary?.base.std;
    if (m.wassersteinNormed !== undefined) {
        // normed by max(SD, 0.001): a constant base column has no SD to speak of
        parts.push(baseSd !== undefined && baseSd < 0.001 ? `base constant, shift ${fmt(m.wasserstein)}` : `shift ${fmt(m.wassersteinNormed)} base SD`);
    }
    if (f.kind === 'categorical')
        parts.push(`JS ${fmt(m.js)}`);
    if (m.ks)
        parts.push(`KS ${fmt(m.ks.statistic)}, ${fmtP(m.pAdjusted ?? m.ks.pValue)}`);
    if (m.chi2)
        parts.push(`χ² ${fmt(m.chi2.statistic)}, ${fmtP(m.pAdjusted ?? m.chi2.pValue)}`);
    parts.push(`PSI ${fmt(m.psi)}`);
    return parts.join('; ');
}
/**
 * The drift flag, at the rule's significance level: the measure stage flags at `thresholds.alpha`; the
 * data-drift scenario splits α over its families of tests (see `familyAlpha`), so a feature counts
 * when its corrected p-value is below that share too.
 */
function drifts(f, alpha) {
    if (!f.drift)
        return false;
    const p = f.cardinality ? f.cardinality.pAdjusted : f.metrics.pAdjusted;
    return p === undefined || p < alpha;
}
export function assessFeatures(features, t, fc = {}) {
    const modality = fc.modality;
    const drifting = features.filter((f) => drifts(f, t.alpha)).map((f) => ({ f, g: featureEffect(f, t) }));
    drifting.sort((a, b) => b.g - a.g || effectSize(b.f) - effectSize(a.f) || b.f.metrics.psi - a.f.metrics.psi);
    const secondaryOf = (f) => !!termOf(f.name, modality).secondary;
    const content = drifting.filter((d) => !isFormat(d.f, modality) && !secondaryOf(d.f));
    const format = drifting.filter((d) => isFormat(d.f, modality) && !secondaryOf(d.f));
    const fileLevel = drifting.filter((d) => secondaryOf(d.f));
    const strong = content.filter((d) => d.g >= 1 / 3 - 1e-12);
    let contentScore = content.length ? content[0].g : 0;
    if (strong.length >= t.featureCountHigh)
        contentScore = atLeast(contentScore, 'high');
    const formatScore = format.length ? capScore(format[0].g, 1) : 0;
    const fileScore = fileLevel.length ? capScore(fileLevel[0].g, 0) : 0;
    const score = Math.max(contentScore, formatScore, fileScore);
    const findings = [];
    const notes = [];
    const byName = new Map(features.map((f) => [f.name, f]));
    const shown = new Set();
    // content first (strongest first), then format, then file-level
    content.slice(0, 6).forEach(({ f, g }, i) => {
        shown.add(f.name);
        // the strongest content finding carries the content score (several medium changes together make high)
        findings.push({ score: i === 0 ? contentScore : g, text: `${describeChange(f, modality)} (${metricsText(f)})` });
    });
    if (strong.length >= t.featureCountHigh)
        notes.push(`${strong.length} content features moved with at least a medium effect: together high`);
    const form = fc.contentForm?.split(';')[0];
    const resolutionMoved = format.find((d) => ['width', 'height', 'megapixels'].includes(d.f.name));
    if (resolutionMoved) {
        const res = describeResolution(byName.get('width'), byName.get('height'));
        if (res) {
            const stable = contentScore < 1 / 3 - 1e-12;
            findings.push({
                score: capScore(resolutionMoved.g, 1),
                text: `format change: ${res} (PSI ${fmt(resolutionMoved.f.metrics.psi)}) — ${form ? `the model sees every image at ${form}` : 'the model resizes every image to its input size'}` +
                    (stable ? ', where the content features are stable: a format change, at most medium' : ''),
            });
            for (const n of ['width', 'height', 'megapixels'])
                shown.add(n);
        }
    }
    for (const { f, g } of format) {
        if (shown.has(f.name))
            continue;
        shown.add(f.name);
        const term = termOf(f.name, modality);
        findings.push({
            score: capScore(g, 1),
            text: `format change: ${describeChange(f, modality)} (${metricsText(f)})${term.preprocessing ? ` — ${term.preprocessing}` : ''}`,
        });
    }
    for (const { f, g } of fileLevel) {
        if (shown.has(f.name))
            continue;
        shown.add(f.name);
        findings.push({ score: capScore(g, 0), text: `${describeChange(f, modality)} (${metricsText(f)}) — file-level only, not a transfer risk by itself` });
    }
    const listed = content.slice(0, 6).length + format.length + fileLevel.length;
    if (drifting.length > listed)
        notes.push(`${drifting.length - listed} more features drift (see the dataset section)`);
    if (!drifting.length && features.length) {
        const top = features.map((f) => ({ f, g: featureEffect(f, t) })).sort((a, b) => b.g - a.g || b.f.metrics.psi - a.f.metrics.psi)[0];
        notes.push(`no per-item feature drifts (significant after Benjamini–Hochberg and past its effect-size threshold); largest PSI ${fmt(top.f.metrics.psi)} on ${termOf(top.f.name, modality).label}`);
    }
    return { score, contentScore, strong: strong.map((d) => d.f), format: format.filter((d) => d.g >= 1 / 3 - 1e-12).map((d) => d.f), findings, notes };
}
