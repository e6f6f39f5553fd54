import { atLeast, capScore, combine, fmt, graded, notApplicable } from './common.js';
import { unanalyzable, unanalyzableNote } from './unreadable.js';
export function canonicalName(name) {
    const s = name
        .toLowerCase()
        .replace(/^(a|t|transforms|albumentations|v2)\./, '')
        .replace(/[^a-z0-9]/g, '');
    return s;
}
/** Largest absolute number in a parameter (a number, a [lo, hi] range, or a numeric string). */
export function paramMax(v) {
    if (v === undefined || v === null || typeof v === 'boolean')
        return undefined;
    if (typeof v === 'number')
        return Number.isFinite(v) ? Math.abs(v) : undefined;
    if (typeof v === 'string') {
        const n = Number(v);
        return Number.isFinite(n) ? Math.abs(n) : undefined;
    }
    let best;
    for (const x of v) {
        const n = typeof x === 'number' ? x : Number(x);
        if (Number.isFinite(n) && (best === undefined || Math.abs(n) > best))
            best = Math.abs(n);
    }
    return best;
}
function param(tr, ...names) {
    for (const n of names) {
        const v = paramMax(tr.params[n]);
        if (v !== undefined)
            return v;
    }
    return undefined;
}
/** Jitter factor: torchvision's x means [1−x, 1+x]; a [lo, hi] range means max(|1−lo|, |hi−1|). */
function jitterAmount(v) {
    if (Array.isArray(v) && v.length === 2) {
        const lo = Number(v[0]);
        const hi = Number(v[1]);
        if (Number.isFinite(lo) && Number.isFinite(hi))
            return Math.max(Math.abs(1 - lo), Math.abs(hi - 1));
    }
    return paramMax(v);
}
/** Harshness of one transform from its parameters (canonical units, see src/risk/types.ts). */
export function transformHarshness(tr, t) {
    const n = canonicalName(tr.name);
    const parts = [];
    const push = (v, med, high, label) => {
        if (v === undefined)
            return;
        parts.push({ g: graded(v, med, high), what: `${label} ${fmt(v)}` });
    };
    if (n === 'colorjitter' || n === 'randomcolorjitter') {
        push(jitterAmount(tr.params['brightness']), t.jitterBrightnessMedium, t.jitterBrightnessHigh, 'brightness');
        push(jitterAmount(tr.params['contrast']), t.jitterContrastMedium, t.jitterContrastHigh, 'contrast');
        push(jitterAmount(tr.params['saturation']), t.jitterSaturationMedium, t.jitterSaturationHigh, 'saturation');
        push(paramMax(tr.params['hue']), t.jitterHueMedium, t.jitterHueHigh, 'hue');
    }
    else if (n === 'brightness' || n === 'randombrightness' || n === 'randombrightnesscontrast') {
        // an additive `delta` (pixels in [0, 1]) shifts a mid-grey image like a factor of about 2·delta
        const delta = paramMax(tr.params['delta']);
        push(delta !== undefined ? 2 * delta : jitterAmount(tr.params['brightness'] ?? tr.params['brightness_limit'] ?? tr.params['limit'] ?? tr.params['factor']), t.jitterBrightnessMedium, t.jitterBrightnessHigh, delta !== undefined ? 'brightness delta×2' : 'brightness');
        push(jitterAmount(tr.params['contrast'] ?? tr.params['contrast_limit']), t.jitterContrastMedium, t.jitterContrastHigh, 'contrast');
    }
    else if (n === 'contrast' || n === 'randomcontrast') {
        push(jitterAmount(tr.params['contrast'] ?? tr.params['limit'] ?? tr.params['factor']), t.jitterContrastMedium, t.jitterContrastHigh, 'contrast');
    }
    else if (n === 'gaussiannoise' || n === 'gaussnoise' || n === 'noise' || n === 'additivegaussiannoise') {
        let std = param(tr, 'std', 'sigma', 'std_range', 'stddev', 'scale');
        if (std === undefined) {
            const v = param(tr, 'var_limit', 'variance');
            if (v !== undefined)
                std = Math.sqrt(v);
        }
        if (std !== undefined && std > 1)
            std /= 255;
        push(std, t.noiseStdMedium, t.noiseStdHigh, 'std');
    }
    else if (n === 'gaussianblur' || n === 'blur' || n === 'motionblur' || n === 'medianblur' || n === 'defocus') {
        let sigma = param(tr, 'sigma', 'sigma_limit', 'sigma_range', 'radius');
        if (sigma === undefined) {
            const k = param(tr, 'kernel_size', 'blur_limit', 'ksize');
            if (k !== undefined)
                sigma = 0.3 * ((k - 1) * 0.5 - 1) + 0.8; // OpenCV's sigma for a kernel size
        }
        push(sigma, t.blurSigmaMedium, t.blurSigmaHigh, 'sigma');
    }
    else if (n === 'rotate' || n === 'randomrotation' || n === 'shiftscalerotate' || n === 'affine' || n === 'randomaffine') {
        push(param(tr, 'degrees', 'limit', 'rotate_limit', 'rotate', 'rotation_range'), t.rotateDegreesMedium, t.rotateDegreesHigh, 'degrees');
    }
    else {
        return undefined;
    }
    if (!parts.length)
        return undefined;
    parts.sort((a, b) => b.g - a.g);
    const p = paramMax(tr.params['p'] ?? tr.params['prob'] ?? tr.params['probability']);
    const factor = p === undefined || p >= 0.5 ? 1 : 0.5 + p;
    return {
        transform: tr,
        score: parts[0].g * factor,
        what: `${tr.name} ${parts.map((x) => x.what).join(', ')}${p !== undefined && p < 1 ? ` (p ${fmt(p)})` : ''}`,
    };
}
function perChannel(v, n) {
    if (v.length === n)
        return v;
    if (v.length === 1)
        return new Array(n).fill(v[0]);
    return v.slice(0, n);
}
function to01(norm) {
    const big = norm.mean.some((x) => Math.abs(x) > 1) || norm.std.some((x) => x > 1);
    return big ? { mean: norm.mean.map((x) => x / 255), std: norm.std.map((x) => x / 255) } : norm;
}
function listOrOne(v) {
    const r = v.map((x) => fmt(x, x === Math.round(x * 100) / 100 ? undefined : 3));
    return r.every((x) => x === r[0]) ? r[0] : `[${r.join(', ')}]`;
}
/** Pipeline normalization vs the model's (both in [0, 1] pixel units; values > 1 read as 0–255 units). */
export function checkNormalization(pipeline, model, t) {
    const c = Math.max(pipeline.mean.length, pipeline.std.length, model.mean.length, model.std.length, 1);
    const p = to01(pipeline);
    const m = to01(model);
    const pm = perChannel(p.mean, c);
    const ps = perChannel(p.std, c);
    const mm = perChannel(m.mean, c);
    const ms = perChannel(m.std, c);
    let maxMean = 0;
    let maxRatio = 1;
    let maxShift = 0;
    for (let i = 0; i < c; i++) {
        const dm = Math.abs(pm[i] - mm[i]);
        maxMean = Math.max(maxMean, dm);
        const a = Math.max(ps[i], 1e-9);
        const b = Math.max(ms[i], 1e-9);
        maxRatio = Math.max(maxRatio, a > b ? a / b : b / a);
        maxShift = Math.max(maxShift, dm / b);
    }
    const where = pipeline.line ? ` (line ${pipeline.line})` : '';
    const modelDesc = `mean ${listOrOne(model.mean)}, std ${listOrOne(model.std)}${model.range ? ` (${model.range})` : ''}`;
    const pipeDesc = `mean ${listOrOne(pipeline.mean)}, std ${listOrOne(pipeline.std)}${where}`;
    if (maxMean <= t.normMeanTol && maxRatio <= t.normStdRatioTol) {
        return { score: 0, evidence: `normalization ${pipeDesc} matches the model's expected ${modelDesc}` };
    }
    const high = maxRatio >= t.normHighStdRatio || maxShift >= t.normHighShift;
    const score = high
        ? atLeast(graded(maxRatio, t.normStdRatioTol, t.normHighStdRatio), 'high')
        : Math.max(1 / 3, Math.min(graded(Math.max(maxRatio, 1 + maxShift), t.normStdRatioTol, t.normHighStdRatio), 0.66));
    return {
        score,
        evidence: `normalization mismatch: the augmentation pipeline normalizes with ${pipeDesc} but the model expects ${modelDesc}; ` +
            `inputs reach the model scaled by up to ${fmt(maxRatio)}× and shifted by up to ${fmt(maxShift)} of its std, so the pretrained features see out-of-range values`,
        recommendation: `match the model's normalization: mean ${listOrOne(model.mean)}, std ${listOrOne(model.std)}`,
    };
}
function findNormalize(ds) {
    const aug = ds.augmentation;
    if (!aug)
        return undefined;
    if (aug.normalize)
        return aug.normalize;
    const tr = aug.head?.transforms.find((x) => canonicalName(x.name) === 'normalize');
    if (!tr)
        return undefined;
    const mean = tr.params['mean'];
    const std = tr.params['std'];
    const arr = (v) => typeof v === 'number' ? [v] : Array.isArray(v) ? v.map(Number).filter(Number.isFinite) : undefined;
    const m = arr(mean);
    const s = arr(std);
    if (!m?.length || !s?.length)
        return undefined;
    return { mean: m, std: s, ...(tr.line ? { line: tr.line } : {}) };
}
function touched(tr, ds) {
    const d = ds.augmentation?.diff;
    if (!d)
        return true;
    const n = canonicalName(tr.name);
    return d.added.some((x) => canonicalName(x.name) === n) || d.changed.some((x) => canonicalName(x.after.name) === n || canonicalName(x.name) === n);
}
export function augmentationFinding(ds, ctx) {
    const f = augmentationFindingOf(ds, ctx);
    if (!ds.augmentation?.afterMerge || !f.evidence.length)
        return f;
    const note = `the pull request's config points this dataset at ${ds.augmentation.configPath} (takes effect after merge; judged because it is riskier than the base revision's)`;
    return { ...f, evidence: [note, ...f.evidence] };
}
function augmentationFindingOf(ds, ctx) {
    const t = ctx.t;
    const aug = ds.augmentation;
    const evidence = [];
    const recs = [];
    let score = 0;
    const model = ctx.pretrained.normalize
        ? { mean: ctx.pretrained.normalize.mean, std: ctx.pretrained.normalize.std, range: 'pretrained.normalize' }
        : ds.modelPreprocessing;
    if (!aug)
        return { score: 0, evidence: [], recommendations: [] };
    // head's config cannot be used: it fails closed at thresholds.unanalyzableLevel (default high). Were it
    // graded lower, breaking a harsh config (one typo, one NaN) would lower the pull request's own verdict.
    if (aug.parseError || aug.invalid?.length) {
        const why = aug.parseError
            ? `the augmentation config could not be parsed (${aug.parseError})`
            : `${aug.configPath} is not a usable augmentation config (${aug.invalid.slice(0, 3).join('; ')}${aug.invalid.length > 3 ? `; and ${aug.invalid.length - 3} more` : ''})`;
        evidence.push(`${why}: augmentation risk not assessed${unanalyzableNote(t, 'the check fails closed: a config that cannot be checked is not assumed gentle')}`);
        recs.push(`fix ${aug.configPath} so the augmentation pipeline can be checked`);
        return { score: unanalyzable(t).score, evidence, recommendations: recs };
    }
    if (aug.baseError)
        evidence.push(`the base revision's ${aug.configPath} could not be used (${aug.baseError}): head's pipeline is judged as new`);
    if (!aug.head) {
        evidence.push(`${aug.configPath} was removed in this change${aug.base ? ` (base had ${aug.base.transforms.length} transforms)` : ''}`);
        return { score: 0, evidence, recommendations: recs };
    }
    const d = aug.diff;
    const changed = d.added.length + d.removed.length + d.changed.length > 0 || !aug.base;
    const diffParts = [];
    if (!aug.base)
        diffParts.push(`new config with ${aug.head.transforms.length} transforms`);
    if (aug.base) {
        if (d.added.length)
            diffParts.push(`adds ${d.added.map((x) => x.name + (x.line ? ` (line ${x.line})` : '')).join(', ')}`);
        if (d.removed.length)
            diffParts.push(`removes ${d.removed.map((x) => x.name).join(', ')}`);
        if (d.changed.length)
            diffParts.push(`changes ${d.changed.map((x) => x.name + (x.after.line ? ` (line ${x.after.line})` : '')).join(', ')}`);
    }
    evidence.push(`${aug.configPath}: ${changed ? diffParts.join('; ') : 'unchanged in this change'}`);
    // parameters
    const harsh = aug.head.transforms
        .map((tr) => transformHarshness(tr, t))
        .filter((h) => !!h && h.score >= 1 / 3 - 1e-12)
        .sort((a, b) => b.score - a.score);
    for (const h of harsh) {
        const isNew = touched(h.transform, ds);
        const s = isNew ? h.score : capScore(h.score, t.augUnchangedMaxLevel);
        score = Math.max(score, s);
        evidence.push(`harsh transform: ${h.what}${h.transform.line ? ` (line ${h.transform.line})` : ''}${isNew ? '' : ' — already in base, not introduced by this change'}`);
    }
    if (harsh.length) {
        recs.push(`tone down ${harsh.map((h) => h.transform.name).join(', ')} (e.g. color jitter ≤ ${fmt(t.jitterBrightnessMedium * 0.8)}, noise std ≤ ${fmt(t.noiseStdMedium / 2)}, blur sigma ≤ ${fmt(t.blurSigmaMedium * 0.75)}) or apply with lower probability, and validate on un-augmented data`);
    }
    // what the simulation could not do: unknown names, known transforms it does not simulate, clamped parameters, an engine failure
    if (aug.unknown?.length) {
        const isNew = aug.unknown.some((u) => !aug.base || touched({ name: u.name, params: {} }, ds) || d.added.concat(d.changed.map((x) => x.after)).some((x) => x.line === u.line));
        const s = atLeast(0, 'medium');
        score = Math.max(score, isNew ? s : capScore(s, t.augUnchangedMaxLevel));
        evidence.push(`unknown transform${aug.unknown.length > 1 ? 's' : ''} (not simulated, not judged): ${aug.unknown
            .slice(0, 10)
            .map((u) => `${u.name}${u.line !== undefined ? ` (line ${u.line})` : ''}${u.suggestion ? ` — did you mean ${u.suggestion}?` : ''}`)
            .join(', ')}${aug.unknown.length > 10 ? `, and ${aug.unknown.length - 10} more` : ''}${isNew ? '' : ' — already in base'}`);
        recs.push(`fix or remove the unknown transform names in ${aug.configPath}: what transfer-risk does not know it cannot check`);
    }
    if (aug.notSimulated?.length)
        evidence.push(`not simulated (judged from their parameters only): ${aug.notSimulated.join(', ')}`);
    for (const c of aug.clamped ?? [])
        evidence.push(`clamped for the simulation: ${c}`);
    if (aug.measureError) {
        evidence.push(`the head pipeline could not be measured on this dataset (engine error: ${aug.measureError}): judged from its parameters only`);
        if (changed)
            score = Math.max(score, atLeast(0, 'medium'));
    }
    // measured augmented vs clean
    const m = aug.measured;
    if (m) {
        const grades = [];
        if (m.features) {
            grades.push(graded(m.features.maxPsi, t.augPsiMedium, t.augPsiHigh));
            const top = m.features.drifting
                .slice(0, 3)
                .map((f) => `${f.name}${f.clean !== undefined && f.augmented !== undefined ? ` ${fmt(f.clean)} → ${fmt(f.augmented)}` : ''} (PSI ${fmt(f.psi)})`);
            evidence.push(`applying the head pipeline to ${m.items} head items moves per-item features: largest PSI ${fmt(m.features.maxPsi)}${top.length ? `; ${top.join(', ')}` : ''}`);
        }
        const e = m.embedding;
        if (e) {
            // the effect size is how far each augmented embedding moves from its clean one; a classifier
            // tells even gentle flips and rotations apart (AUC ≈ 0.9 measured), so its AUC is evidence only
            if (e.meanCosineDistance !== undefined)
                grades.push(graded(e.meanCosineDistance, t.augCosineMedium, t.augCosineHigh));
            const bits = [];
            if (e.meanCosineDistance !== undefined)
                bits.push(`mean cosine distance clean→augmented ${fmt(e.meanCosineDistance)}`);
            if (e.classifierAuc !== undefined)
                bits.push(`classifier AUC ${fmt(e.classifierAuc)}${e.classifierPValue !== undefined ? ` (p ${fmt(e.classifierPValue)})` : ''}`);
            if (e.mmd)
                bits.push(`MMD² ${fmt(e.mmd.statistic)} (p ${fmt(e.mmd.pValue)})`);
            if (bits.length)
                evidence.push(`augmented vs clean embeddings: ${bits.join(', ')}`);
        }
        if (grades.length) {
            let ms = grades.length > 1 ? Math.min(...grades) : capScore(grades[0], 1);
            if (!changed)
                ms = capScore(ms, t.augUnchangedMaxLevel);
            score = Math.max(score, ms);
            if (ms >= 1 / 3 - 1e-12 && !harsh.length)
                recs.push('the augmented images drift far from the clean ones: reduce augmentation strength and compare validation accuracy with and without it');
        }
    }
    // normalization
    const pipeNorm = findNormalize(ds);
    if (pipeNorm) {
        if (model && model.mean.length && model.std.length) {
            const c = checkNormalization(pipeNorm, model, t);
            const normTouched = !aug.base || d.added.concat(d.changed.map((x) => x.after)).some((x) => canonicalName(x.name) === 'normalize');
            const s = normTouched ? c.score : capScore(c.score, t.normUnchangedMaxLevel);
            score = Math.max(score, s);
            evidence.push(c.evidence + (c.score > 0 && !normTouched ? ' (already in base)' : ''));
            if (c.recommendation)
                recs.unshift(c.recommendation);
        }
        else {
            evidence.push(`the pipeline normalizes with mean ${listOrOne(pipeNorm.mean)}, std ${listOrOne(pipeNorm.std)} but the model's expected normalization is unknown: set pretrained.normalize to check it`);
        }
    }
    if (!harsh.length && !m && score === 0)
        evidence.push('no harsh transform (color jitter, noise, blur, rotation) beyond its threshold');
    return { score, evidence, recommendations: recs };
}
export function augmentationDrift(datasets, ctx) {
    const withAug = datasets.filter((d) => d.augmentation);
    if (!withAug.length) {
        return notApplicable('augmentation-drift', 'not applicable: no augmentation config is declared for the changed datasets');
    }
    const parts = withAug.map((ds) => ({ dataset: ds.report.name, finding: augmentationFinding(ds, ctx) }));
    return combine('augmentation-drift', parts, parts.length > 1);
}
