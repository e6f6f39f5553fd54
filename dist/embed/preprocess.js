/**
 * Image preprocessing presets: decode with sharp (EXIF orientation applied, converted to 8-bit sRGB,
 * alpha dropped), resize (plain `fill`, or `cover` = shorter side to the target then center crop) and
 * scale pixel values:
 *   unit:      x / 255                         → [0, 1]
 *   symmetric: x / 127.5 − 1                   → [−1, 1]
 *   mean/std:  (x / 255 − mean[c]) / std[c]    (torchvision convention; `pretrained.normalize`)
 *   range:     (lo + x / 255 · (hi − lo) − mean[c]) / std[c]   (ONNX models: `pretrained.input.range`)
 * into NHWC (TF.js) or NCHW (ONNX models that take planar input) float32 buffers.
 */
import sharp from 'sharp';
import { decodedForm, takeDecoded } from '../data/decoded.js';
import { MAX_IMAGE_PIXELS } from '../data/image.js';
import { UserError } from '../errors.js';
export function scaleFromNormalize(n, fallback) {
    if (!n)
        return fallback;
    if (n.mean.length !== 3 || n.std.length !== 3) {
        throw new UserError('pretrained.normalize: mean and std need 3 values each (R, G, B)');
    }
    if (n.std.some((s) => !(s > 0)))
        throw new UserError('pretrained.normalize: std values must be > 0');
    const all = (arr, v) => arr.every((x) => Math.abs(x - v) < 1e-12);
    if (all(n.mean, 0) && all(n.std, 1))
        return 'unit';
    if (all(n.mean, 0.5) && all(n.std, 0.5))
        return 'symmetric';
    return { mean: [...n.mean], std: [...n.std] };
}
function kernelOf(p) {
    return p.kernel ?? (p.resize === 'fill' ? 'linear' : 'lanczos3');
}
/** Canonical text of a preset: part of the cache key and of meta.preprocessing. */
export function describePreset(p) {
    const s = p.scale;
    const range = typeof s === 'object' && s.range && !(s.range[0] === 0 && s.range[1] === 1) ? ` range=${s.range.join(',')}` : '';
    const scale = s === 'unit'
        ? '[0,1]'
        : s === 'symmetric'
            ? '[-1,1]'
            : `mean=${s.mean.map((v) => +v.toFixed(6)).join(',')} std=${s.std.map((v) => +v.toFixed(6)).join(',')}${range}`;
    return `image ${p.width}x${p.height} ${p.resize} ${kernelOf(p)} ${scale}`;
}
/** Per-channel affine map x ↦ x·a[c] + b[c] for 8-bit input x. */
export function affineOf(scale) {
    if (scale === 'unit')
        return { a: [1 / 255, 1 / 255, 1 / 255], b: [0, 0, 0] };
    if (scale === 'symmetric')
        return { a: [1 / 127.5, 1 / 127.5, 1 / 127.5], b: [-1, -1, -1] };
    const [lo, hi] = scale.range ?? [0, 1];
    const a = [0, 1, 2].map((c) => (hi - lo) / (255 * scale.std[c]));
    const b = [0, 1, 2].map((c) => (lo - scale.mean[c]) / scale.std[c]);
    return { a, b };
}
/**
 * Decode and resize one image to `height×width×3` 8-bit RGB (row-major, interleaved). The pixels the
 * content features were measured on (src/data/decoded.ts) are used when they are this form's.
 */
export async function decodeImage(bytes, p) {
    const kept = takeDecoded(bytes, decodedForm(p.width, p.height, p.resize, kernelOf(p)));
    if (kept && kept.length === p.width * p.height * 3)
        return kept;
    const { data, info } = await sharp(bytes, { failOn: 'error', limitInputPixels: MAX_IMAGE_PIXELS })
        .rotate()
        .toColourspace('srgb')
        .removeAlpha()
        .resize(p.width, p.height, { fit: p.resize === 'fill' ? 'fill' : 'cover', position: 'centre', kernel: kernelOf(p) })
        .raw({ depth: 'uchar' })
        .toBuffer({ resolveWithObject: true });
    if (info.width !== p.width || info.height !== p.height) {
        throw new Error(`decoded to ${info.width}x${info.height}, expected ${p.width}x${p.height}`);
    }
    if (info.channels === 3)
        return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    // defensive: expand grey (1 band) or strip extra bands
    const n = p.width * p.height;
    const out = new Uint8Array(n * 3);
    const ch = info.channels;
    for (let i = 0; i < n; i++) {
        for (let c = 0; c < 3; c++)
            out[i * 3 + c] = data[i * ch + (ch >= 3 ? c : 0)];
    }
    return out;
}
/** Write the scaled pixels of one decoded image into `out` starting at `offset`. */
export function normalizeInto(rgb, scale, out, offset = 0) {
    const { a, b } = affineOf(scale);
    const [a0, a1, a2] = a;
    const [b0, b1, b2] = b;
    const n = rgb.length;
    for (let i = 0; i < n; i += 3) {
        out[offset + i] = rgb[i] * a0 + b0;
        out[offset + i + 1] = rgb[i + 1] * a1 + b1;
        out[offset + i + 2] = rgb[i + 2] * a2 + b2;
    }
}
/** Write the scaled pixels of one decoded image into `out` as three planes (NCHW) starting at `offset`. */
export function normalizeIntoPlanar(rgb, scale, out, offset = 0) {
    const { a, b } = affineOf(scale);
    const [a0, a1, a2] = a;
    const [b0, b1, b2] = b;
    const hw = rgb.length / 3;
    const o1 = offset + hw;
    const o2 = offset + 2 * hw;
    for (let i = 0, j = 0; i < hw; i++, j += 3) {
        out[offset + i] = rgb[j] * a0 + b0;
        out[o1 + i] = rgb[j + 1] * a1 + b1;
        out[o2 + i] = rgb[j + 2] * a2 + b2;
    }
}
/** Decode + resize + scale one image into a new Float32Array (height·width·3). */
export async function preprocessImage(bytes, p) {
    const rgb = await decodeImage(bytes, p);
    const out = new Float32Array(rgb.length);
    normalizeInto(rgb, p.scale, out);
    return out;
}
