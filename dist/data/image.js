/**
 * Image reader (sharp) and per-image quality features. Decoding is guarded by a pixel limit
 * (decompression bombs) and only raster formats are accepted (JPEG, PNG, WebP, TIFF, GIF's first
 * frame, AVIF/HEIF). EXIF orientation is applied before anything is measured.
 */
import sharp from 'sharp';
export const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.webp', '.tif', '.tiff', '.gif', '.avif', '.heic', '.heif'];
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp', 'tiff', 'gif', 'heif']);
/** A reason the image cannot be read; becomes a `skipped[]` entry. */
export class ImageReadError extends Error {
    constructor(reason) {
        super(reason);
        this.name = 'ImageReadError';
    }
}
/**
 * Features of one image: width, height, aspect, megapixels, brightness, contrast, saturation,
 * sharpness, noise, colorfulness, entropy, bytes, format, channels.
 */
export async function imageFeatures(bytes, opts = {}) {
    const maxPixels = opts.maxPixels ?? 100_000_000;
    const side = opts.analysisSide ?? 512;
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
    let small;
    let crop;
    try {
        small = await decode(sharp(input, sharpOpts).rotate().resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true }));
        if (Math.max(width, height) > side) {
            // noise is measured at native resolution (downscaling averages it away): a centre crop
            const cw = Math.min(width, side);
            const ch = Math.min(height, side);
            const region = { left: Math.floor((width - cw) / 2), top: Math.floor((height - ch) / 2), width: cw, height: ch };
            crop = await decode(sharp(input, sharpOpts).rotate().extract(region));
        }
    }
    catch (e) {
        throw new ImageReadError(`corrupt or truncated image (${shortReason(e)})`);
    }
    const luma = toLuma(small);
    const lumaStats = meanStd(luma);
    const format = meta.format === 'heif' && meta.compression === 'av1' ? 'avif' : meta.format;
    return {
        width,
        height,
        aspect: width / height,
        megapixels: (width * height) / 1e6,
        brightness: lumaStats.mean / 255,
        contrast: lumaStats.std / 255,
        saturation: meanSaturation(small),
        sharpness: laplacianVariance(luma, small.width, small.height),
        noise: immerkaerNoise(crop ? toLuma(crop) : luma, crop ? crop.width : small.width, crop ? crop.height : small.height),
        colorfulness: colorfulness(small),
        entropy: lumaEntropy(luma),
        bytes: bytes.length,
        format,
        channels: meta.channels,
    };
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
function shortReason(e) {
    const msg = e instanceof Error ? e.message : String(e);
    return msg.split('\n')[0].replace(/^Input (buffer|file) /, '').slice(0, 160);
}
/** Rec. 601 luma, 0..255, as floats. */
export function toLuma(img) {
    const n = img.width * img.height;
    const out = new Float64Array(n);
    const d = img.data;
    if (img.channels === 1) {
        for (let i = 0; i < n; i++)
            out[i] = d[i];
    }
    else {
        for (let i = 0; i < n; i++)
            out[i] = 0.299 * d[3 * i] + 0.587 * d[3 * i + 1] + 0.114 * d[3 * i + 2];
    }
    return out;
}
export function meanStd(x) {
    let s = 0;
    for (let i = 0; i < x.length; i++)
        s += x[i];
    const mean = s / x.length;
    let v = 0;
    for (let i = 0; i < x.length; i++)
        v += (x[i] - mean) ** 2;
    return { mean, std: Math.sqrt(v / x.length) };
}
/** Mean HSV saturation (max − min) / max, 0..1; 0 for grey images. */
export function meanSaturation(img) {
    if (img.channels === 1)
        return 0;
    const n = img.width * img.height;
    const d = img.data;
    let s = 0;
    for (let i = 0; i < n; i++) {
        const r = d[3 * i];
        const g = d[3 * i + 1];
        const b = d[3 * i + 2];
        const mx = Math.max(r, g, b);
        if (mx > 0)
            s += (mx - Math.min(r, g, b)) / mx;
    }
    return s / n;
}
/** Variance of the 4-neighbour Laplacian on luma (0..255 units); higher is sharper. */
export function laplacianVariance(luma, w, h) {
    if (w < 3 || h < 3)
        return 0;
    let s = 0;
    let s2 = 0;
    let n = 0;
    for (let y = 1; y < h - 1; y++) {
        for (let x = 1; x < w - 1; x++) {
            const i = y * w + x;
            const l = luma[i - w] + luma[i + w] + luma[i - 1] + luma[i + 1] - 4 * luma[i];
            s += l;
            s2 += l * l;
            n++;
        }
    }
    const mean = s / n;
    return s2 / n - mean * mean;
}
/**
 * Immerkær's fast noise variance estimator ("Fast Noise Variance Estimation", CVIU 1996): σ of
 * additive Gaussian noise in luma units (0..255), from the mask [1 −2 1; −2 4 −2; 1 −2 1].
 */
export function immerkaerNoise(luma, w, h) {
    if (w < 3 || h < 3)
        return 0;
    let sum = 0;
    for (let y = 1; y < h - 1; y++) {
        for (let x = 1; x < w - 1; x++) {
            const i = y * w + x;
            const v = luma[i - w - 1] - 2 * luma[i - w] + luma[i - w + 1] -
                2 * luma[i - 1] + 4 * luma[i] - 2 * luma[i + 1] +
                luma[i + w - 1] - 2 * luma[i + w] + luma[i + w + 1];
            sum += Math.abs(v);
        }
    }
    return (Math.sqrt(Math.PI / 2) * sum) / (6 * (w - 2) * (h - 2));
}
/** Hasler & Süsstrunk (2003) colorfulness on 0..255 RGB; 0 for grey images. */
export function colorfulness(img) {
    if (img.channels === 1)
        return 0;
    const n = img.width * img.height;
    const d = img.data;
    let mrg = 0;
    let myb = 0;
    let srg = 0;
    let syb = 0;
    for (let i = 0; i < n; i++) {
        const r = d[3 * i];
        const g = d[3 * i + 1];
        const b = d[3 * i + 2];
        const rg = r - g;
        const yb = 0.5 * (r + g) - b;
        mrg += rg;
        myb += yb;
        srg += rg * rg;
        syb += yb * yb;
    }
    mrg /= n;
    myb /= n;
    const vrg = Math.max(0, srg / n - mrg * mrg);
    const vyb = Math.max(0, syb / n - myb * myb);
    return Math.sqrt(vrg + vyb) + 0.3 * Math.sqrt(mrg * mrg + myb * myb);
}
/** Shannon entropy (bits) of the 256-bin luma histogram. */
export function lumaEntropy(luma) {
    const hist = new Float64Array(256);
    for (let i = 0; i < luma.length; i++)
        hist[Math.min(255, Math.max(0, Math.round(luma[i])))]++;
    let e = 0;
    for (const c of hist) {
        if (c > 0) {
            const p = c / luma.length;
            e -= p * Math.log2(p);
        }
    }
    return e;
}
