/**
 * The transform names transfer-risk knows, and the bounds of its simulation (issue 12, item 4).
 * - SIMULATED: applied to images with TF.js ops (src/augment/apply.ts);
 * - NOT_PIXEL: geometry/format steps that do not change pixel statistics (normalize is judged apart);
 * - KNOWN_NOT_SIMULATED: real transforms of the supported dialects (albumentations, torchvision,
 *   Keras, the native form) that are not simulated: listed as such, judged from their parameters;
 * - anything else is unknown (a typo such as `horizontal_flop`, or a custom class): listed with its
 *   line as unknown, not simulated.
 * Names are compared in a compact form (lower case, letters and digits only, dialect prefixes dropped).
 */
/** Canonical names simulated with TF.js ops. */
export const SIMULATED = new Set([
    'horizontal_flip',
    'vertical_flip',
    'rotate',
    'shear',
    'random_resized_crop',
    'translate',
    'color_jitter',
    'brightness',
    'contrast',
    'gaussian_noise',
    'gaussian_blur',
    'grayscale',
    'channel_shift',
    'cutout',
    'auto_augment',
]);
/** Canonical names that do not change pixel statistics (resizing, cropping to the input size, normalize). */
export const NOT_PIXEL = new Set(['normalize', 'resize', 'crop', 'to_tensor']);
/** Real transforms of the supported dialects that are not simulated (compact names). */
const KNOWN_NOT_SIMULATED = [
    // albumentations
    'elastictransform',
    'griddistortion',
    'opticaldistortion',
    'piecewiseaffine',
    'perspective',
    'randomrotate90',
    'transpose',
    'randomsizedcrop',
    'randomsizedbboxsafecrop',
    'randomcropfromborders',
    'cropnonemptymaskifexists',
    'padifneeded',
    'randomscale',
    'downscale',
    'randomfog',
    'randomrain',
    'randomsnow',
    'randomsunflare',
    'randomshadow',
    'randomgravel',
    'spatter',
    'clahe',
    'equalize',
    'posterize',
    'solarize',
    'sharpen',
    'emboss',
    'invertimg',
    'jpegcompression',
    'imagecompression',
    'channelshuffle',
    'channeldropout',
    'rgbshift',
    'randomgamma',
    'randomtonecurve',
    'tosepia',
    'fancypca',
    'superpixels',
    'isonoise',
    'multiplicativenoise',
    'glassblur',
    'advancedblur',
    'zoomblur',
    'defocus',
    'ringingovershoot',
    'unsharpmask',
    'pixeldropout',
    'griddropout',
    'xydropout',
    'randomgridshuffle',
    'morphological',
    'planckianjitter',
    'colorjitter',
    'huesaturationvalue',
    'randombrightnesscontrast',
    'gaussnoise',
    'gaussianblur',
    'motionblur',
    'medianblur',
    'blur',
    'shiftscalerotate',
    'saferotate',
    'affine',
    'longestmaxsize',
    'smallestmaxsize',
    'togray',
    'coarsedropout',
    'totensorv2',
    'lambda',
    'noop',
    'randomcrop',
    'centercrop',
    'crop',
    'resize',
    'horizontalflip',
    'verticalflip',
    'flip',
    'rotate',
    'normalize',
    'randomresizedcrop',
    // torchvision (v1 and v2)
    'randomperspective',
    'randominvert',
    'randomposterize',
    'randomsolarize',
    'randomadjustsharpness',
    'randomautocontrast',
    'randomequalize',
    'pad',
    'fivecrop',
    'tencrop',
    'lineartransformation',
    'randomapply',
    'randomchoice',
    'randomorder',
    'compose',
    'randomzoomout',
    'randomioucrop',
    'scalejitter',
    'randomshortestsize',
    'sanitizeboundingboxes',
    'clampboundingboxes',
    'randomphotometricdistort',
    'jpeg',
    'mixup',
    'cutmix',
    'elastic',
    'randomhorizontalflip',
    'randomverticalflip',
    'randomrotation',
    'randomaffine',
    'grayscale',
    'randomgrayscale',
    'randomerasing',
    'autoaugment',
    'randaugment',
    'trivialaugmentwide',
    'augmix',
    'totensor',
    'piltotensor',
    'toimage',
    'todtype',
    'convertimagedtype',
    'topilimage',
    'gaussiannoise',
    // names the risk rules judge from their parameters, and common native spellings
    'randomcolorjitter',
    'randombrightness',
    'randomcontrast',
    'additivegaussiannoise',
    'noise',
    'mosaic',
    'invert',
    'autocontrast',
    'elasticdeformation',
    'randomsharpness',
    'sharpness',
    'hue',
    'saturation',
    'gamma',
    'zoom',
    'randomzoom',
    'randomtranslation',
    'randomflip',
    'cutout',
    'randomcutout',
    'dropout',
];
/** Compact form of a transform name: lower case, letters and digits, without a dialect prefix (A., T., transforms.). */
export function compactName(name) {
    return name
        .toLowerCase()
        .replace(/^(albumentations\.|torchvision\.|transforms\.|v2\.|a\.|t\.)+/, '')
        .replace(/^(augmentations\.|[a-z_]+\.)*/, '')
        .replace(/[^a-z0-9]/g, '');
}
const KNOWN = new Set([...[...SIMULATED, ...NOT_PIXEL].map(compactName), ...KNOWN_NOT_SIMULATED.map(compactName)]);
/** Whether transfer-risk knows a transform of this (canonical or as-written) name. */
export function isKnownTransform(name) {
    return KNOWN.has(compactName(name));
}
/** The native name closest to an unknown one (edit distance ≤ 2), for "did you mean …". */
export function suggestTransform(name) {
    const c = compactName(name);
    let best;
    let bestD = 3;
    for (const k of SIMULATED) {
        const d = editDistance(c, compactName(k));
        if (d < bestD) {
            best = k;
            bestD = d;
        }
    }
    return best;
}
function editDistance(a, b) {
    if (Math.abs(a.length - b.length) > 2)
        return 3;
    const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        let diag = prev[0];
        prev[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const up = prev[j];
            prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
            diag = up;
        }
    }
    return prev[b.length];
}
/**
 * Bounds of the simulation (documented in docs/config.md). A config with more transforms than
 * `maxTransforms` is a config error; parameters beyond the other bounds are clamped for the
 * simulation only (the risk rules judge the declared values).
 */
export const AUG_LIMITS = {
    /** transforms in one config (after flattening albumentations' Compose/OneOf) */
    maxTransforms: 100,
    /** albumentations Compose/OneOf nesting depth */
    maxNesting: 16,
    /** gaussian blur sigma simulated at most (pixels at 224 px; a blur this strong already flattens the image) */
    blurSigma: 8,
    /** cutout holes simulated at most */
    cutoutHoles: 64,
    /** gaussian noise std simulated at most ([0, 1] pixel units) */
    noiseStd: 1,
    /** RandAugment-style magnitude simulated at most */
    magnitude: 30,
};
