/**
 * Augmentation configs in the dialects teams write them in, parsed into one canonical pipeline
 * (see AugTransform in src/risk/types.ts for the canonical names and parameter units):
 * - native (`transforms: [{name: horizontal_flip, p: 0.5}, …]`),
 * - albumentations' `A.save` JSON/YAML (`{__version__, transform: {__class_fullname__: Compose, transforms}}`),
 * - torchvision-style lists (`[{RandomHorizontalFlip: {p: 0.5}}]`, `[{type|name: ColorJitter, …}]`),
 * - Keras `ImageDataGenerator` arguments (`rotation_range`, `brightness_range`, …).
 * Every transform keeps the 1-based line it was written on (for check-run annotations).
 */
import { isMap, isSeq } from 'yaml';
import { boundName } from '../contracts/index.js';
import { InputError } from '../errors.js';
import { MAX_CONFIG_BYTES, parseYamlBounded } from '../data/yaml.js';
import { AUG_LIMITS } from './registry.js';
/**
 * A config that cannot be used: `parse` when it is not readable YAML (syntax, alias bombs), `invalid`
 * when it parses but is not a usable augmentation config (no transforms list, a transform without a
 * name, more than AUG_LIMITS.maxTransforms transforms, too large, non-finite parameters). The message
 * names the file and, when known, the line.
 */
export class AugmentationConfigError extends InputError {
    kind;
    constructor(file, reason, line, kind) {
        super(file, reason, line);
        this.kind = kind;
        this.name = 'AugmentationConfigError';
    }
}
const invalid = (path, reason, line) => new AugmentationConfigError(path, reason, line, 'invalid');
/** Parse an augmentation config; throws AugmentationConfigError naming the file (and line) when it cannot. */
export function parseAugmentation(text, path) {
    if (text.length > MAX_CONFIG_BYTES)
        throw invalid(path, `augmentation config too large (${text.length} characters; the limit is ${MAX_CONFIG_BYTES})`);
    let parsed;
    try {
        parsed = parseYamlBounded(text, path, 'augmentation config');
    }
    catch (err) {
        if (err instanceof InputError)
            throw new AugmentationConfigError(path, `cannot parse augmentation config: ${err.message
                .slice(err.file.length)
                .replace(/^:(\d+:)?\s*/, '')
                .replace(/^invalid YAML: /, '')}`, err.line, 'parse');
        throw err;
    }
    const { doc, lc } = parsed;
    const root = parsed.value;
    const lineOf = (node) => {
        const r = node?.range;
        return r ? lc.linePos(r[0]).line : undefined;
    };
    const contents = doc.contents;
    if (root === null || root === undefined)
        return { format: 'native', transforms: [] };
    return limited(parseRoot(root, contents, lineOf, path), path);
}
/** More transforms than AUG_LIMITS.maxTransforms is a config error naming the first one over the limit. */
function limited(p, path) {
    if (p.transforms.length > AUG_LIMITS.maxTransforms) {
        const over = p.transforms[AUG_LIMITS.maxTransforms];
        throw invalid(path, `${p.transforms.length} transforms: more than the ${AUG_LIMITS.maxTransforms} an augmentation config may have`, over.line);
    }
    return p;
}
function parseRoot(root, contents, lineOf, path) {
    // albumentations: {__version__, transform: {__class_fullname__: Compose, transforms: [...]}}
    if (isObj(root) && (('transform' in root && isObj(root.transform) && '__class_fullname__' in root.transform) || '__class_fullname__' in root)) {
        const composeNode = isMap(contents) ? (contents.get('transform', true) ?? contents) : contents;
        const compose = ('transform' in root ? root.transform : root);
        const transforms = [];
        flattenAlbumentations(compose, composeNode, 1, transforms, lineOf, path, 0);
        return { format: 'albumentations', transforms };
    }
    // native or torchvision-style list under `transforms`, or a bare list
    let list;
    if (Array.isArray(root))
        list = seqItems(contents, root, lineOf);
    else if (isObj(root) && Array.isArray(root.transforms)) {
        const node = isMap(contents) ? contents.get('transforms', true) : undefined;
        list = seqItems(node, root.transforms, lineOf);
    }
    else if (isObj(root) && isObj(root.ImageDataGenerator)) {
        const node = isMap(contents) ? contents.get('ImageDataGenerator', true) : undefined;
        return { format: 'keras', transforms: parseKeras(root.ImageDataGenerator, node, lineOf) };
    }
    else if (isObj(root) && Object.keys(root).some((k) => KERAS_KEYS.has(k))) {
        return { format: 'keras', transforms: parseKeras(root, contents, lineOf) };
    }
    if (!list) {
        throw invalid(path, 'not an augmentation config: expected `transforms:` (native or torchvision-style), an albumentations A.save file, or ImageDataGenerator arguments', lineOf(contents));
    }
    const torchvision = list.some((it) => {
        const name = transformName(it.value);
        return name !== undefined && /^[A-Z]/.test(name);
    });
    if (list.length > AUG_LIMITS.maxTransforms) {
        throw invalid(path, `${list.length} transforms: more than the ${AUG_LIMITS.maxTransforms} an augmentation config may have`, list[AUG_LIMITS.maxTransforms].line);
    }
    const transforms = [];
    for (const it of list) {
        const name = transformName(it.value);
        if (name === undefined)
            throw invalid(path, 'transform has no name (write {name: …} or {ClassName: {…}})', it.line);
        const params = transformParams(it.value);
        const t = torchvision ? fromTorchvision(name, params) : fromNative(name, params);
        transforms.push(...t.map((x) => ({ ...x, line: it.line, source: name })));
    }
    return { format: torchvision ? 'torchvision' : 'native', transforms };
}
function isObj(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function seqItems(node, values, lineOf) {
    const items = isSeq(node) ? node.items : [];
    return values.map((value, i) => ({ value, line: lineOf(items[i]) }));
}
/**
 * `{name: x, …}`, `{type: x, …}`, `{ClassName: {…}}` or a bare string; a name from the pull request
 * longer than any transform's is ellipsized (src/contracts/names.ts): it is unknown either way.
 */
function transformName(v) {
    const name = rawTransformName(v);
    return name === undefined ? undefined : boundName(name);
}
function rawTransformName(v) {
    if (typeof v === 'string')
        return v;
    if (!isObj(v))
        return undefined;
    for (const k of ['name', 'type', '__class_fullname__', 'class'])
        if (typeof v[k] === 'string')
            return v[k];
    const keys = Object.keys(v);
    if (keys.length === 1 && (isObj(v[keys[0]]) || v[keys[0]] === null))
        return keys[0];
    return undefined;
}
function transformParams(v) {
    if (!isObj(v))
        return {};
    const keys = Object.keys(v);
    if (keys.length === 1 && (isObj(v[keys[0]]) || v[keys[0]] === null) && !['name', 'type'].includes(keys[0]))
        return v[keys[0]] ?? {};
    const out = {};
    for (const [k, val] of Object.entries(v))
        if (!['name', 'type', '__class_fullname__', 'class'].includes(k))
            out[k] = val;
    return out;
}
const num = (v, d) => (typeof v === 'number' && Number.isFinite(v) ? v : d);
/** a scalar or [lo, hi] range as given; scalars stay scalars */
function rangeOrNumber(v) {
    if (typeof v === 'number')
        return v;
    if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number'))
        return v;
    return undefined;
}
function absMax(v, d) {
    const r = rangeOrNumber(v);
    if (r === undefined)
        return d;
    return Array.isArray(r) ? Math.max(Math.abs(r[0]), Math.abs(r[1])) : Math.abs(r);
}
function params(p) {
    const out = {};
    for (const [k, v] of Object.entries(p))
        if (v !== undefined)
            out[k] = v;
    return out;
}
function t(name, p) {
    return { name, params: params(p) };
}
function copyParams(p) {
    const out = {};
    for (const [k, v] of Object.entries(p))
        if (!isObj(v))
            out[k] = v;
    return out;
}
const NATIVE_ALIASES = {
    hflip: 'horizontal_flip',
    flip: 'horizontal_flip',
    fliplr: 'horizontal_flip',
    vflip: 'vertical_flip',
    flipud: 'vertical_flip',
    rotation: 'rotate',
    blur: 'gaussian_blur',
    noise: 'gaussian_noise',
    gauss_noise: 'gaussian_noise',
    jitter: 'color_jitter',
    grey: 'grayscale',
    gray: 'grayscale',
    to_gray: 'grayscale',
    erase: 'cutout',
    random_erasing: 'cutout',
    coarse_dropout: 'cutout',
    resized_crop: 'random_resized_crop',
    center_crop: 'crop',
};
function fromNative(name, p) {
    const canonical = NATIVE_ALIASES[name.toLowerCase()] ?? name.toLowerCase();
    return [{ name: canonical, params: copyParams(p) }];
}
/** torchvision transforms (also the v2 namespace) → canonical transforms */
function fromTorchvision(name, p) {
    const n = name.replace(/^(torchvision\.)?(transforms\.)?(v2\.)?(T\.)?/, '');
    switch (n) {
        case 'RandomHorizontalFlip':
            return [t('horizontal_flip', { p: num(p.p, 0.5) })];
        case 'RandomVerticalFlip':
            return [t('vertical_flip', { p: num(p.p, 0.5) })];
        case 'RandomRotation':
            return [t('rotate', { degrees: absMax(p.degrees, 0) })];
        case 'RandomAffine':
            return [t('rotate', { degrees: absMax(p.degrees, 0) })];
        case 'RandomResizedCrop':
            return [t('random_resized_crop', { scale: rangeOrNumber(p.scale) ?? [0.08, 1], size: rangeOrNumber(p.size) })];
        case 'Resize':
            return [t('resize', { size: rangeOrNumber(p.size) })];
        case 'CenterCrop':
        case 'RandomCrop':
            return [t('crop', { size: rangeOrNumber(p.size) })];
        case 'ColorJitter':
            return [
                t('color_jitter', {
                    brightness: rangeOrNumber(p.brightness) ?? 0,
                    contrast: rangeOrNumber(p.contrast) ?? 0,
                    saturation: rangeOrNumber(p.saturation) ?? 0,
                    hue: rangeOrNumber(p.hue) ?? 0,
                }),
            ];
        case 'GaussianBlur':
            return [t('gaussian_blur', { sigma: rangeOrNumber(p.sigma) ?? [0.1, 2.0], kernel_size: rangeOrNumber(p.kernel_size) })];
        case 'GaussianNoise':
            return [t('gaussian_noise', { std: num(p.sigma, 0.1) })];
        case 'RandomGrayscale':
            return [t('grayscale', { p: num(p.p, 0.1) })];
        case 'Grayscale':
            return [t('grayscale', { p: 1 })];
        case 'RandomErasing':
            return [t('cutout', { p: num(p.p, 0.5), scale: rangeOrNumber(p.scale) ?? [0.02, 0.33] })];
        case 'Normalize':
            return [t('normalize', { mean: p.mean, std: p.std })];
        case 'RandAugment':
        case 'AutoAugment':
        case 'TrivialAugmentWide':
        case 'AugMix':
            return [t('auto_augment', { policy: n, magnitude: num(p.magnitude, 9) })];
        case 'ToTensor':
        case 'PILToTensor':
        case 'ToImage':
        case 'ToDtype':
        case 'ConvertImageDtype':
            return [];
        default:
            return [{ name: n.toLowerCase(), params: copyParams(p) }];
    }
}
/** albumentations class → canonical transforms (its own `p` kept) */
function fromAlbumentations(cls, p) {
    const n = cls.replace(/^(albumentations\.)?(augmentations\.)?([a-z_]+\.)*/, '');
    const prob = num(p.p, 0.5);
    const out = (() => {
        switch (n) {
            case 'HorizontalFlip':
                return [t('horizontal_flip', {})];
            case 'VerticalFlip':
                return [t('vertical_flip', {})];
            case 'Rotate':
            case 'SafeRotate':
                return [t('rotate', { degrees: absMax(p.limit, 90) })];
            case 'ShiftScaleRotate':
                return [t('rotate', { degrees: absMax(p.rotate_limit, 45) })];
            case 'Affine':
                return [t('rotate', { degrees: absMax(p.rotate, 0) })];
            case 'RandomResizedCrop':
                return [t('random_resized_crop', { scale: rangeOrNumber(p.scale) ?? [0.08, 1] })];
            case 'Resize':
            case 'LongestMaxSize':
            case 'SmallestMaxSize':
                return [t('resize', {})];
            case 'CenterCrop':
            case 'RandomCrop':
                return [t('crop', {})];
            case 'ColorJitter':
                return [
                    t('color_jitter', {
                        brightness: rangeOrNumber(p.brightness) ?? 0.2,
                        contrast: rangeOrNumber(p.contrast) ?? 0.2,
                        saturation: rangeOrNumber(p.saturation) ?? 0.2,
                        hue: rangeOrNumber(p.hue) ?? 0.2,
                    }),
                ];
            case 'RandomBrightnessContrast':
                return [t('brightness', { delta: absMax(p.brightness_limit, 0.2) }), t('contrast', { factor: absMax(p.contrast_limit, 0.2) })];
            case 'HueSaturationValue':
                // OpenCV hue units (0..180 for a full turn); saturation and value in 0..255 units
                return [
                    t('color_jitter', { hue: absMax(p.hue_shift_limit, 20) / 180, saturation: (absMax(p.sat_shift_limit, 30) / 255) * 2 }),
                    t('brightness', { delta: absMax(p.val_shift_limit, 20) / 255 }),
                ];
            case 'GaussNoise': {
                if (p.std_range !== undefined)
                    return [t('gaussian_noise', { std: rangeOrNumber(p.std_range) })];
                const v = rangeOrNumber(p.var_limit) ?? [10, 50];
                const std = Array.isArray(v) ? v.map((x) => Math.sqrt(x) / 255) : Math.sqrt(v) / 255;
                return [t('gaussian_noise', { std })];
            }
            case 'GaussianBlur': {
                const sl = rangeOrNumber(p.sigma_limit);
                if (sl !== undefined && absMax(sl, 0) > 0)
                    return [t('gaussian_blur', { sigma: sl })];
                const k = absMax(p.blur_limit, 7);
                return [t('gaussian_blur', { sigma: 0.3 * ((k - 1) * 0.5 - 1) + 0.8 })];
            }
            case 'Blur':
            case 'MotionBlur':
            case 'MedianBlur': {
                const k = absMax(p.blur_limit, 7);
                return [t('gaussian_blur', { sigma: k / Math.sqrt(12) })];
            }
            case 'ToGray':
                return [t('grayscale', {})];
            case 'CoarseDropout':
            case 'Cutout':
                return [t('cutout', { holes: absMax(p.max_holes ?? p.num_holes ?? p.num_holes_range, 8) })];
            case 'Normalize':
                return [t('normalize', { mean: p.mean, std: p.std, max_pixel_value: num(p.max_pixel_value, 255) })];
            case 'ToTensorV2':
                return [];
            default:
                return [{ name: n.toLowerCase(), params: copyParams(p) }];
        }
    })();
    return out.map((x) => ({ ...x, params: { ...x.params, p: x.name === 'normalize' ? 1 : prob } }));
}
function flattenAlbumentations(node, yamlNode, pScale, out, lineOf, path, depth) {
    const cls = String(node.__class_fullname__ ?? '');
    const short = cls.split('.').pop() ?? cls;
    if (out.length > AUG_LIMITS.maxTransforms)
        return; // limited() names the error
    if (['Compose', 'OneOf', 'SomeOf', 'Sequential', 'OneOrOther'].includes(short)) {
        if (depth >= AUG_LIMITS.maxNesting)
            throw invalid(path, `albumentations ${short} nested more than ${AUG_LIMITS.maxNesting} deep`, lineOf(yamlNode));
        const kids = Array.isArray(node.transforms) ? node.transforms : [];
        const kidsNode = isMap(yamlNode) ? yamlNode.get('transforms', true) : undefined;
        const scale = (pScale * (short === 'Compose' || short === 'Sequential' ? 1 : num(node.p, 0.5))) / (short === 'OneOf' ? Math.max(1, kids.length) : 1);
        kids.forEach((k, i) => {
            const kn = isSeq(kidsNode) ? kidsNode.items[i] : undefined;
            if (!isObj(k))
                throw invalid(path, `albumentations transform ${i} is not an object`, lineOf(kn));
            flattenAlbumentations(k, kn, scale, out, lineOf, path, depth + 1);
        });
        return;
    }
    const line = lineOf(yamlNode);
    for (const tr of fromAlbumentations(cls, node)) {
        const p = typeof tr.params.p === 'number' ? tr.params.p : 1;
        out.push({ ...tr, params: { ...tr.params, p: tr.name === 'normalize' ? 1 : p * pScale }, line, source: cls });
    }
}
const KERAS_KEYS = new Set([
    'rotation_range',
    'width_shift_range',
    'height_shift_range',
    'brightness_range',
    'shear_range',
    'zoom_range',
    'channel_shift_range',
    'horizontal_flip',
    'vertical_flip',
    'rescale',
    'featurewise_center',
    'featurewise_std_normalization',
    'samplewise_center',
    'samplewise_std_normalization',
    'preprocessing_function',
]);
/** Keras preprocess_input functions and the normalization they apply, in [0, 1] pixel units */
const KERAS_PREPROCESS = {
    mobilenet: { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] },
    mobilenet_v2: { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] },
    inception_v3: { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] },
    xception: { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] },
    densenet: { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
    // "caffe" mode: BGR mean subtraction without scaling (std 1/255 in [0, 1] units)
    resnet50: { mean: [0.485, 0.456, 0.406], std: [1 / 255, 1 / 255, 1 / 255] },
    vgg16: { mean: [0.485, 0.456, 0.406], std: [1 / 255, 1 / 255, 1 / 255] },
    vgg19: { mean: [0.485, 0.456, 0.406], std: [1 / 255, 1 / 255, 1 / 255] },
};
function parseKeras(args, node, lineOf) {
    const line = (key) => (isMap(node) ? (lineOf(node.get(key, true) ?? undefined) ?? lineOfKey(node, key, lineOf)) : undefined);
    const out = [];
    const add = (key, tr) => {
        out.push({ ...tr, line: line(key), source: key });
    };
    if (num(args.rotation_range, 0) > 0)
        add('rotation_range', t('rotate', { degrees: num(args.rotation_range, 0) }));
    const zoom = rangeOrNumber(args.zoom_range);
    if (zoom !== undefined && absMax(zoom, 0) > 0) {
        const [lo, hi] = Array.isArray(zoom) ? zoom : [1 - zoom, 1 + zoom];
        add('zoom_range', t('random_resized_crop', { scale: [Math.min(1, lo * lo), 1] }));
        void hi;
    }
    const br = rangeOrNumber(args.brightness_range);
    if (Array.isArray(br))
        add('brightness_range', t('color_jitter', { brightness: br }));
    if (num(args.channel_shift_range, 0) > 0)
        add('channel_shift_range', t('channel_shift', { intensity: num(args.channel_shift_range, 0) / 255 }));
    if (args.horizontal_flip === true)
        add('horizontal_flip', t('horizontal_flip', { p: 0.5 }));
    if (args.vertical_flip === true)
        add('vertical_flip', t('vertical_flip', { p: 0.5 }));
    if (num(args.shear_range, 0) > 0)
        add('shear_range', t('shear', { degrees: num(args.shear_range, 0) }));
    if (absMax(args.width_shift_range, 0) > 0 || absMax(args.height_shift_range, 0) > 0) {
        add(args.width_shift_range !== undefined ? 'width_shift_range' : 'height_shift_range', t('translate', { x: absMax(args.width_shift_range, 0), y: absMax(args.height_shift_range, 0) }));
    }
    if (typeof args.preprocessing_function === 'string') {
        const key = args.preprocessing_function
            .replace(/\.preprocess_input$/, '')
            .split('.')
            .pop()
            .toLowerCase();
        const norm = KERAS_PREPROCESS[key];
        if (norm)
            add('preprocessing_function', t('normalize', { mean: norm.mean, std: norm.std }));
    }
    else if (args.featurewise_center === true || args.featurewise_std_normalization === true) {
        add(args.featurewise_center === true ? 'featurewise_center' : 'featurewise_std_normalization', t('normalize', { mean: 'dataset', std: 'dataset' }));
    }
    else if (args.samplewise_center === true || args.samplewise_std_normalization === true) {
        add(args.samplewise_center === true ? 'samplewise_center' : 'samplewise_std_normalization', t('normalize', { mean: 'per-image', std: 'per-image' }));
    }
    return out;
}
function lineOfKey(node, key, lineOf) {
    if (!isMap(node))
        return undefined;
    const pair = node.items.find((p) => p.key?.value === key);
    return pair ? lineOf(pair.key) : undefined;
}
