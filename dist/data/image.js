/**
 * Image reader (sharp) and per-image quality features: format features from the header, content
 * features on the image brought to the model's input form. Decoding is guarded by a pixel limit
 * (decompression bombs) and only raster formats are accepted (JPEG, PNG, WebP, TIFF, GIF's first
 * frame, AVIF/HEIF). EXIF orientation is applied before anything is measured.
 */
import sharp from 'sharp';
import { decodedForm, keepDecoded } from './decoded.js';
import { canonicalOnlyStats, imageStats, pixelScaleStats } from './image-stats.js';
/**
 * The version of the feature code below: change it whenever any feature's value would change (cached
 * features of another version are never read: src/data/feature-cache.ts).
 */
export const IMAGE_FEATURES_VERSION = 1;
export const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.webp', '.tif', '.tiff', '.gif', '.avif', '.heic', '.heif'];
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp', 'tiff', 'gif', 'heif']);
/** The built-in model's input (MobileNetV2: 224×224, plain bilinear resize). */
export const DEFAULT_CANONICAL_IMAGE = { width: 224, height: 224, resize: 'fill', kernel: 'linear' };
/**
 * The canonical form from an embedder's preprocessing description (src/embed/preprocess.ts
 * `describePreset`: "image 224x224 fill linear [0,1]"); undefined when it is not an image preset.
 */
export function parseImagePreprocessing(desc) {
    const m = /^image (\d+)x(\d+) (fill|cover) (nearest|linear|cubic|lanczos3)\b/.exec(desc ?? '');
    if (!m)
        return undefined;
    return { width: Number(m[1]), height: Number(m[2]), resize: m[3], kernel: m[4] };
}
export function sameCanonical(a, b) {
    return a.width === b.width && a.height === b.height && a.resize === b.resize && a.kernel === b.kernel;
}
/** A reason the image cannot be read; becomes a `skipped[]` entry. */
export class ImageReadError extends Error {
    constructor(reason) {
        super(reason);
        this.name = 'ImageReadError';
    }
}
export { colorfulness, immerkaerNoise, laplacianVariance, lumaEntropy, meanSaturation, meanStd, toLuma } from './image-stats.js';
const BIT_DEPTH = { uchar: 8, char: 8, ushort: 16, short: 16, uint: 32, int: 32, float: 32, double: 64 };
/**
 * Features of one image. Format (read from the file's header): width, height, aspect, megapixels,
 * bytes, format, channels, bitDepth. Content (measured on the image in canonical form, see
 * `CanonicalImage`): brightness, contrast, saturation, sharpness (edge sharpness net of noise and
 * contrast, `netSharpness`), noise, colorfulness, entropy.
 */
/**
 * The most pixels (width × height) of a repository image decoded anywhere: every sharp() call on an image a
 * pull request brings passes it as `limitInputPixels` (sharp's own default is 268 MP). Documented in docs/config.md Limits.
 */
export const MAX_IMAGE_PIXELS = 100_000_000;
export async function imageFeatures(bytes, opts = {}) {
    const maxPixels = opts.maxPixels ?? MAX_IMAGE_PIXELS;
    if (bytes.length === 0)
        throw new ImageReadError('empty file');
    const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const sharpOpts = { limitInputPixels: maxPixels, failOn: 'warning', pages: 1, page: 0 };
    let meta;
    try {
        meta = await sharp(input, sharpOpts).metadata();
    }
    catch (e) {
        throw new ImageReadError(`not a readable image (${shortReason(e)})`);
    }
    if (!ACCEPTED_FORMATS.has(meta.format))
        throw new ImageReadError(`unsupported image format: ${meta.format}`);
    const rawW = meta.width;
    const rawH = meta.height;
    if (!rawW || !rawH)
        throw new ImageReadError('image has no dimensions');
    if (rawW * rawH > maxPixels)
        throw new ImageReadError(`image too large (${rawW}×${rawH} > ${(maxPixels / 1e6).toFixed(0)} MP limit)`);
    const swap = (meta.orientation ?? 1) >= 5;
    const width = swap ? rawH : rawW;
    const height = swap ? rawW : rawH;
    const content = await imageContentFeatures(bytes, opts, { width, height, meta });
    const format = meta.format === 'heif' && meta.compression === 'av1' ? 'avif' : meta.format;
    return {
        width,
        height,
        aspect: width / height,
        megapixels: (width * height) / 1e6,
        ...content,
        bytes: bytes.length,
        format,
        channels: meta.channels,
        bitDepth: BIT_DEPTH[meta.depth ?? 'uchar'] ?? 8,
    };
}
/**
 * The content features of one image in canonical form (see `imageFeatures`). Noise and sharpness are
 * pixel-scale statistics: they are measured at the model's input size when the model shrinks the
 * image, and at the native scale (the same region, not enlarged) when it would enlarge it —
 * interpolation adds no detail and correlates the noise, which hides it from the noise estimate.
 */
export async function imageContentFeatures(bytes, opts = {}, dims) {
    const c = opts.canonical ?? DEFAULT_CANONICAL_IMAGE;
    const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const sharpOpts = { limitInputPixels: opts.maxPixels ?? MAX_IMAGE_PIXELS, failOn: 'warning', pages: 1, page: 0 };
    const oriented = () => sharp(input, sharpOpts).rotate().toColourspace('srgb').removeAlpha();
    let img;
    let pixelScale;
    let size = dims;
    try {
        let meta = dims?.meta;
        if (!size) {
            meta = await sharp(input, sharpOpts).metadata();
            const swap = (meta.orientation ?? 1) >= 5;
            size = { width: (swap ? meta.height : meta.width) ?? c.width, height: (swap ? meta.width : meta.height) ?? c.height };
        }
        const canonicalResize = { fit: c.resize === 'fill' ? 'fill' : 'cover', position: 'centre', kernel: c.kernel };
        if (c.resize === 'fill' && size.width <= c.width && size.height <= c.height && (size.width < c.width || size.height < c.height) && plainRgb(meta)) {
            // an image no larger than the canonical form: its pixel scale is the image itself. Decoded once;
            // the canonical form is resized from those pixels (for a plain 8-bit sRGB image without a profile or
            // an orientation to apply, the same pixels as resizing from the file: test/data/image-decode.test.ts)
            pixelScale = await decode(oriented().resize(size.width, size.height, { fit: 'fill', kernel: c.kernel }));
            img =
                pixelScale.channels === 3
                    ? await decode(sharp(pixelScale.data, { raw: { width: pixelScale.width, height: pixelScale.height, channels: 3 } }).resize(c.width, c.height, canonicalResize))
                    : await decode(oriented().resize(c.width, c.height, canonicalResize));
        }
        else {
            img = await decode(oriented().resize(c.width, c.height, canonicalResize));
            pixelScale = img;
        }
        if (c.resize === 'fill') {
            const w = Math.min(size.width, c.width);
            const h = Math.min(size.height, c.height);
            if (pixelScale === img && (w < c.width || h < c.height))
                pixelScale = await decode(oriented().resize(w, h, { fit: 'fill', kernel: c.kernel }));
        }
        else {
            const scale = Math.max(c.width / size.width, c.height / size.height);
            if (scale > 1) {
                const cw = Math.max(1, Math.min(size.width, Math.round(c.width / scale)));
                const ch = Math.max(1, Math.min(size.height, Math.round(c.height / scale)));
                const region = { left: Math.floor((size.width - cw) / 2), top: Math.floor((size.height - ch) / 2), width: cw, height: ch };
                pixelScale = await decode(oriented().extract(region));
            }
        }
    }
    catch (e) {
        throw new ImageReadError(`corrupt or truncated image (${shortReason(e)})`);
    }
    // for the embedder, which decodes up to 268,402,689 pixels (src/embed/preprocess.ts decodeImage)
    if (size && size.width * size.height <= 268_402_689)
        keepDecoded(bytes, decodedForm(c.width, c.height, c.resize, c.kernel), rgb3(img));
    const { canonical: cs, pixel: ps } = pixelScale === img ? imageStats(img) : { canonical: canonicalOnlyStats(img), pixel: pixelScaleStats(pixelScale) };
    return {
        brightness: cs.lumaMean / 255,
        contrast: cs.lumaStd / 255,
        saturation: cs.saturation,
        sharpness: netSharpness(ps.laplacianVar, ps.noise, ps.lumaStd * ps.lumaStd),
        noise: ps.noise,
        colorfulness: cs.colorfulness,
        entropy: cs.entropy,
    };
}
/**
 * Edge sharpness, independent of noise and exposure: the 4-neighbour Laplacian variance with the
 * noise's share taken out (the Laplacian of independent noise of standard deviation σ has variance
 * 20σ², from the weights 1 + 1 + 1 + 1 + 16), relative to the image's signal variance (luma variance
 * minus σ²), so a darker or lower-contrast image is not "less sharp". NaN (not measurable) when the
 * noise accounts for half the Laplacian variance or more: the edges cannot be told from the noise.
 */
export function netSharpness(laplacianVar, noiseSigma, lumaVar) {
    const noiseLap = 20 * noiseSigma * noiseSigma;
    if (!(laplacianVar > 0) || noiseLap >= 0.5 * laplacianVar)
        return laplacianVar > 0 ? NaN : 0;
    const signal = lumaVar - noiseSigma * noiseSigma;
    if (!(signal > 1e-9))
        return 0;
    return (laplacianVar - noiseLap) / signal;
}
/**
 * An 8-bit, 3-band sRGB raster with no embedded profile, no alpha and no orientation to apply (JPEG, PNG,
 * WebP): decoding it is the whole of the colour pipeline, so resizing its decoded pixels gives what
 * resizing the file gives.
 */
function plainRgb(meta) {
    if (!meta)
        return false;
    return ((meta.format === 'jpeg' || meta.format === 'png' || meta.format === 'webp') &&
        (meta.depth ?? 'uchar') === 'uchar' &&
        meta.channels === 3 &&
        !meta.hasAlpha &&
        !meta.hasProfile &&
        (meta.orientation ?? 1) === 1 &&
        meta.space === 'srgb' &&
        (meta.pages ?? 1) === 1);
}
async function decode(img) {
    const { data, info } = await img.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    const c = info.channels;
    const n = info.width * info.height;
    if (c === 1 || c === 3)
        return { width: info.width, height: info.height, channels: c, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
    // grey+alpha or RGBA (or CMYK-like): drop the extra band(s)
    const keep = c === 2 ? 1 : 3;
    const out = new Uint8Array(n * keep);
    for (let i = 0; i < n; i++)
        for (let k = 0; k < keep; k++)
            out[i * keep + k] = data[i * c + k];
    return { width: info.width, height: info.height, channels: keep, data: out };
}
/** 3-band pixels of a decoded image (a grey image's band repeated, as src/embed/preprocess.ts decodeImage does) */
function rgb3(img) {
    if (img.channels === 3)
        return img.data;
    const n = img.width * img.height;
    const out = new Uint8Array(n * 3);
    for (let i = 0; i < n; i++)
        out[i * 3] = out[i * 3 + 1] = out[i * 3 + 2] = img.data[i];
    return out;
}
function shortReason(e) {
    const msg = e instanceof Error ? e.message : String(e);
    return msg
        .split('\n')[0]
        .replace(/^Input (buffer|file) /, '')
        .slice(0, 160);
}
