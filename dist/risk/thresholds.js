/**
 * Every number the risk rules use, in one place. Config `thresholds` overrides any of them (read
 * from the base revision, so a pull request cannot relax its own gate). docs/risk-model.md explains
 * each rule and where its default comes from.
 */
import { UserError } from '../errors.js';
export const DEFAULT_THRESHOLDS = {
    // ---- statistics, shared -------------------------------------------------------------------
    /** significance level for every test (after Benjamini–Hochberg across features / components) */
    alpha: 0.05,
    /** fewer items than this on either side: the verdict says "low power" and never claims a confident low */
    lowPowerItems: 50,
    /** fewer items than this on either side: no test is run at all */
    minItemsForTests: 8,
    // ---- data-drift: per-item features (effect sizes gate every level) -----------------------------
    /** PSI of a drifting feature for medium / high (Siddiqi 2006: > 0.25 "major shift") */
    featurePsiMedium: 0.25,
    featurePsiHigh: 1.0,
    /** normed Wasserstein (shift in base standard deviations) for medium / high (numeric features) */
    featureWnMedium: 0.5,
    featureWnHigh: 1.5,
    /** Jensen–Shannon distance (base 2) for medium / high (categorical features) */
    featureJsMedium: 0.2,
    featureJsHigh: 0.5,
    /** this many primary features at medium effect together make high */
    featureCountHigh: 3,
    // ---- data-drift: missing values, fills, types, cardinality (table columns) ----------------------
    /** change of a column's missing share (absolute, Fisher's exact test significant after BH) for medium / high */
    missingShareMedium: 0.05,
    missingShareHigh: 0.3,
    /** a single value's share of head rows rising by this much is a fill (imputation) candidate; medium at this, high at missingShareHigh */
    fillShareMedium: 0.05,
    /** a fill that is not explained by fewer missing values counts only when the value held at most this share of base rows */
    fillBaseShareMax: 0.01,
    /** …and only in a column whose base values spread over at least this many distinct numbers (not ISO 100/200/400) */
    fillMinDistinct: 20,
    /** numeric → text: share of head values that are not numbers for medium (any) and high */
    typeChangeMediumShare: 0.01,
    typeChangeHighShare: 0.5,
    /** categorical features with more categories than this (base ∪ head) are judged by unseen share and top-k divergence */
    highCardinality: 50,
    /** categories kept (the rest pooled into "other") for the top-k divergence */
    cardinalityTopK: 20,
    /** rise of the head's unseen-in-base share over base's leave-one-out share for medium / high */
    unseenShareMedium: 0.1,
    unseenShareHigh: 0.3,
    // ---- data-drift: labels and duplicates ------------------------------------------------------------
    /** Jensen–Shannon distance between class proportions (chi-square significant) for medium: a prior shift */
    labelJsMedium: 0.2,
    /** classes added or removed holding at least this share of items: medium */
    labelNewClassShare: 0.05,
    /** cosine similarity of the embeddings (centred on their side's mean) at or above which two items are near duplicates */
    nearDuplicateCosine: 0.97,
    /** near duplicates are searched when a side has at most this many embedded items (the search is quadratic) */
    nearDuplicateMaxItems: 2000,
    /** share of head items that copy another head item, above base's share (Fisher significant), for medium */
    duplicateShareMedium: 0.3,
    // ---- data-drift: unreadable data (readable items are always analyzed) ------------------------
    /** share of a side's sample that could not be read (items, and table rows) for medium / high; base's share raises at most medium */
    unreadableShareMedium: 0.05,
    unreadableShareHigh: 0.2,
    /** level of what cannot be analyzed: a dataset with nothing readable at head, a head augmentation config that does not parse (0 low, 1 medium, 2 high: fails closed) */
    unanalyzableLevel: 2,
    // ---- data-drift: embedding --------------------------------------------------------------------
    /** PCA (fitted on the pooled sample): explained variance target and the cap on components */
    pcaVarianceTarget: 0.9,
    pcaMaxComponents: 32,
    /** the PCA is fitted on at most this many pooled items (a seeded subsample, drawn regardless of side) */
    pcaFitMaxItems: 800,
    /** permutations for the MMD test and for the domain-classifier null */
    mmdPermutations: 200,
    classifierPermutations: 50,
    classifierFolds: 5,
    /** leading PCA components given to the domain classifier */
    classifierMaxComponents: 16,
    /** domain-classifier ROC AUC (base vs head) for medium / high, when the test is significant */
    embAucMedium: 0.75,
    embAucHigh: 0.9,
    /** largest KS statistic among BH-significant PCA components for medium / high */
    embKsMedium: 0.5,
    embKsHigh: 0.8,
    /** quantile of base's leave-one-out nearest-neighbour distance that defines "inside coverage" */
    coverageQuantile: 0.95,
    /** share of head items outside base coverage for medium / high (about 0.05 without shift) */
    coverageMedium: 0.3,
    coverageHigh: 0.6,
    /** drop of mean max-softmax (base − head) for medium / high, when its KS test is significant */
    confidenceDropMedium: 0.1,
    confidenceDropHigh: 0.25,
    /** added / modified items tested separately against base when at least this many */
    subsetMinItems: 10,
    // ---- roi-shift --------------------------------------------------------------------------------
    probeK: 5,
    probeFolds: 5,
    /** a labeling is probed only with ≥ 2 classes having at least this many items each */
    probeMinPerClass: 3,
    /** drop of kNN probe lift ((acc − chance)/(1 − chance)) from base labels to head labels: medium / high */
    roiLiftDropMedium: 0.3,
    roiLiftDropHigh: 0.5,
    /** head labels with a lift below this (and no comparable base labels): medium */
    roiHeadLiftLow: 0.2,
    // ---- roi-shift and task-mismatch: detection boxes (labels yolo:, coco:, voc:) ------------------
    /** an object whose √(w·h) at the model's input is under this many pixels is small (half the 32-px stride of the last feature map) */
    smallObjectPx: 16,
    /** share of head boxes that are small, for medium / high (when it rose by at least boxSmallRise over base) */
    boxSmallShareMedium: 0.3,
    boxSmallShareHigh: 0.5,
    /** rise of the small-object share from base to head that counts */
    boxSmallRise: 0.15,
    /** a class absent from base boxes with at least this share of head boxes: medium */
    boxNewClassShare: 0.05,
    /** context margin of object crops on each side of a box, as a share of its longer side */
    cropMargin: 0.5,
    /** object crops embedded per side at most (a seeded subsample of the boxes) */
    cropMaxPerSide: 300,
    /** head object classes whose kNN lift on crops is below this: the features cannot separate them even on crops (task-mismatch medium) */
    cropLiftLow: 0.1,
    // ---- task-mismatch ----------------------------------------------------------------------------
    /** shuffled-label baselines per transferability score */
    shuffles: 5,
    /** label separability (kNN probe, LogME, H-score, LEEP/NCE) uses at most this many items per side (a seeded subsample) */
    separabilityMaxItems: 500,
    /** head labels (unchanged by the PR) with a kNN probe lift below this: the features do not fit the task */
    transferLiftLow: 0.1,
    // ---- augmentation-drift: transform parameters (canonical units, see src/risk/types.ts) --------
    jitterBrightnessMedium: 0.5,
    jitterBrightnessHigh: 0.8,
    jitterContrastMedium: 0.5,
    jitterContrastHigh: 0.8,
    jitterSaturationMedium: 0.8,
    jitterSaturationHigh: 1.5,
    jitterHueMedium: 0.2,
    jitterHueHigh: 0.35,
    /** gaussian noise std in [0, 1] pixel units (ImageNet-C severities 1 and 3) */
    noiseStdMedium: 0.08,
    noiseStdHigh: 0.18,
    /** gaussian blur sigma in pixels at the model's input size */
    blurSigmaMedium: 2,
    blurSigmaHigh: 4,
    /** rotation range in degrees */
    rotateDegreesMedium: 90,
    rotateDegreesHigh: 180,
    // ---- augmentation-drift: measured augmented vs clean -------------------------------------------
    /** largest feature PSI, augmented vs clean, for medium / high */
    augPsiMedium: 0.5,
    augPsiHigh: 2,
    /** mean cosine distance between clean and augmented embeddings for medium / high */
    augCosineMedium: 0.2,
    augCosineHigh: 0.4,
    // ---- augmentation-drift: normalization vs the model's --------------------------------------
    /** per-channel |mean difference| in [0, 1] pixel units above this is a mismatch */
    normMeanTol: 0.05,
    /** per-channel std ratio (larger / smaller) above this is a mismatch */
    normStdRatioTol: 1.25,
    /** std ratio or mean shift (in the model's std units) for high */
    normHighStdRatio: 3,
    normHighShift: 1,
    /** highest level a pipeline unchanged by the PR can raise for harsh transforms (0 low, 1 medium, 2 high) */
    augUnchangedMaxLevel: 0,
    /** highest level an unchanged normalization mismatch can raise (it is a standing bug: default high) */
    normUnchangedMaxLevel: 2,
};
function camel(key) {
    return key.replace(/[-_]+([a-zA-Z0-9])/g, (_m, c) => c.toUpperCase());
}
/**
 * DEFAULT_THRESHOLDS with `overrides` applied. Keys may be camelCase or kebab/snake case
 * (`feature-psi-medium`). Unknown keys and non-finite values are a config error.
 */
export function mergeThresholds(overrides) {
    const out = { ...DEFAULT_THRESHOLDS };
    if (!overrides)
        return out;
    for (const [rawKey, value] of Object.entries(overrides)) {
        const key = camel(rawKey);
        if (!(key in DEFAULT_THRESHOLDS)) {
            throw new UserError(`thresholds.${rawKey}: unknown threshold (known: ${Object.keys(DEFAULT_THRESHOLDS).join(', ')})`);
        }
        if (typeof value !== 'number' || !Number.isFinite(value)) {
            throw new UserError(`thresholds.${rawKey}: must be a finite number (got ${JSON.stringify(value)})`);
        }
        if (value < 0)
            throw new UserError(`thresholds.${rawKey}: must not be negative (got ${value})`);
        out[key] = value;
    }
    return out;
}
