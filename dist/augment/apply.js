import { createRng } from '../stats/rng.js';
import { AUG_LIMITS, NOT_PIXEL, SIMULATED } from './registry.js';
function lohi(v, around, d) {
    if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number'))
        return [v[0], v[1]];
    const x = typeof v === 'number' ? Math.abs(v) : d;
    return around === 0 ? [-x, x] : [Math.max(0, around - x), around + x];
}
const uniform = (rng, [lo, hi]) => lo + (hi - lo) * rng.next();
const prob = (t, d = 1) => (typeof t.params.p === 'number' ? Math.min(1, Math.max(0, t.params.p)) : d);
/** Non-finite parameters (`.inf`, `.nan`) are a config error (src/augment/bounds.ts); such a transform is not simulated. */
function finiteParams(t) {
    return Object.values(t.params).every((v) => typeof v === 'number' ? Number.isFinite(v) : Array.isArray(v) ? v.every((x) => typeof x !== 'number' || Number.isFinite(x)) : true);
}
function gaussianKernel(tf, sigma, maxRadius = 15) {
    const r = Math.max(1, Math.min(maxRadius, Math.ceil(3 * sigma)));
    const w = [];
    for (let i = -r; i <= r; i++)
        w.push(Math.exp(-(i * i) / (2 * sigma * sigma)));
    const s = w.reduce((a, b) => a + b, 0);
    const k = w.map((x) => x / s);
    const n = k.length;
    // depthwise kernels for 3 channels: [h, w, in, multiplier]
    const kx = tf.tensor4d(k.flatMap((x) => [x, x, x]), [1, n, 3, 1]);
    const ky = tf.tensor4d(k.flatMap((x) => [x, x, x]), [n, 1, 3, 1]);
    return { kx, ky, r };
}
/** The float32 values of `x` as 32-bit words (a copy of these is a copy of the exact bits). */
function words(x) {
    const v = x.dataSync();
    if (!(v instanceof Float32Array))
        throw new Error(`augmentation works on float32 images, not ${x.dtype}`);
    return new Uint32Array(v.buffer, v.byteOffset, v.length);
}
const fromWords = (tf, u, shape) => tf.tensor3d(new Float32Array(u.buffer, u.byteOffset, u.length), shape);
/** tf.tile(g, [1, 1, c]) for g [h, w, 1]: each pixel's value repeated over the channels. */
function tileChannels(tf, g, c) {
    const [h, w] = g.shape;
    const v = words(g);
    const out = new Uint32Array(h * w * c);
    for (let i = 0, j = 0; i < v.length; i++) {
        const x = v[i];
        for (let k = 0; k < c; k++)
            out[j++] = x;
    }
    return fromWords(tf, out, [h, w, c]);
}
/** tf.reverse(img, axis) for img [h, w, c]: rows (axis 0) or the pixels of each row (axis 1) in reverse order. */
function reverse(tf, img, axis) {
    const [h, w, c] = img.shape;
    const v = words(img);
    const out = new Uint32Array(v.length);
    const row = w * c;
    if (axis === 0) {
        for (let y = 0; y < h; y++)
            out.set(v.subarray((h - 1 - y) * row, (h - y) * row), y * row);
    }
    else {
        for (let y = 0; y < h; y++) {
            const start = y * row;
            for (let x = 0; x < w; x++) {
                const from = start + (w - 1 - x) * c;
                const to = start + x * c;
                for (let k = 0; k < c; k++)
                    out[to + k] = v[from + k];
            }
        }
    }
    return fromWords(tf, out, [h, w, c]);
}
/** One image [h, w, 3] through one transform. */
function applyOne(tf, img, tr, rng) {
    const [h, w] = img.shape;
    const clip = (x) => tf.clipByValue(x, 0, 1);
    const gray = (x) => tileChannels(tf, tf.sum(tf.mul(x, tf.tensor1d([0.299, 0.587, 0.114])), -1, true), 3);
    switch (tr.name) {
        case 'horizontal_flip':
            return reverse(tf, img, 1);
        case 'vertical_flip':
            return reverse(tf, img, 0);
        case 'rotate':
        case 'shear': {
            const deg = uniform(rng, lohi(tr.params.degrees, 0, 0));
            const batch = tf.expandDims(img, 0);
            return tf.squeeze(tf.image.rotateWithOffset(batch, (deg * Math.PI) / 180, 0.5), [0]);
        }
        case 'random_resized_crop':
        case 'translate': {
            let box;
            if (tr.name === 'translate') {
                const dx = uniform(rng, lohi(tr.params.x, 0, 0));
                const dy = uniform(rng, lohi(tr.params.y, 0, 0));
                box = [dy, dx, 1 + dy, 1 + dx];
            }
            else {
                const area = uniform(rng, lohi(tr.params.scale, 0, 1).map((x) => Math.min(1, Math.max(0.01, Math.abs(x)))));
                const ratio = Math.exp(uniform(rng, [Math.log(3 / 4), Math.log(4 / 3)]));
                const cw = Math.min(1, Math.sqrt(area * ratio));
                const ch = Math.min(1, Math.sqrt(area / ratio));
                const x0 = rng.next() * (1 - cw);
                const y0 = rng.next() * (1 - ch);
                box = [y0, x0, y0 + ch, x0 + cw];
            }
            const batch = tf.expandDims(img, 0);
            return tf.squeeze(tf.image.cropAndResize(batch, tf.tensor2d([box], [1, 4]), tf.tensor1d([0], 'int32'), [h, w], 'bilinear', 0.5), [0]);
        }
        case 'color_jitter': {
            let x = img;
            const b = tr.params.brightness;
            if (b !== undefined && b !== 0)
                x = tf.mul(x, uniform(rng, lohi(b, 1, 0)));
            const c = tr.params.contrast;
            if (c !== undefined && c !== 0) {
                const m = tf.mean(gray(x));
                x = tf.add(tf.mul(tf.sub(x, m), uniform(rng, lohi(c, 1, 0))), m);
            }
            const s = tr.params.saturation;
            if (s !== undefined && s !== 0) {
                const g = gray(x);
                x = tf.add(g, tf.mul(tf.sub(x, g), uniform(rng, lohi(s, 1, 0))));
            }
            const hu = tr.params.hue;
            if (hu !== undefined && hu !== 0) {
                // rotate the chroma plane in YIQ space by the hue shift (a fraction of a full turn)
                const a = uniform(rng, lohi(hu, 0, 0)) * 2 * Math.PI;
                const toYiq = tf.tensor2d([0.299, 0.596, 0.211, 0.587, -0.274, -0.523, 0.114, -0.322, 0.312], [3, 3]);
                const rot = tf.tensor2d([1, 0, 0, 0, Math.cos(a), Math.sin(a), 0, -Math.sin(a), Math.cos(a)], [3, 3]);
                const toRgb = tf.tensor2d([1, 1, 1, 0.956, -0.272, -1.106, 0.621, -0.647, 1.703], [3, 3]);
                const m = tf.matMul(tf.matMul(toYiq, rot), toRgb);
                x = tf.reshape(tf.matMul(tf.reshape(x, [-1, 3]), m), [h, w, 3]);
            }
            return clip(x);
        }
        case 'brightness':
            return clip(tf.add(img, uniform(rng, lohi(tr.params.delta ?? tr.params.brightness, 0, 0.2))));
        case 'contrast': {
            const m = tf.mean(gray(img));
            return clip(tf.add(tf.mul(tf.sub(img, m), uniform(rng, lohi(tr.params.factor ?? tr.params.contrast, 1, 0.2))), m));
        }
        case 'gaussian_noise': {
            const std = Math.min(AUG_LIMITS.noiseStd, uniform(rng, lohi(tr.params.std, 0, 0.05)
                .map(Math.abs)
                .sort((a, b) => a - b)));
            return clip(tf.add(img, tf.randomNormal([h, w, 3], 0, std, 'float32', rng.int(2 ** 31))));
        }
        case 'gaussian_blur': {
            // clamped: the kernel (and the memory of the convolution) grows with sigma; the risk rules judge the declared sigma
            const sigma = Math.min(AUG_LIMITS.blurSigma, uniform(rng, lohi(tr.params.sigma, 0, 1)
                .map(Math.abs)
                .sort((a, b) => a - b)));
            if (!(sigma >= 0.1))
                return img;
            const { kx, ky, r } = gaussianKernel(tf, sigma, Math.min(h, w) - 1);
            // reflect the borders so the blur does not darken the edges
            const pr = Math.min(r, h - 1, w - 1);
            const padded = tf.mirrorPad(img, [
                [pr, pr],
                [pr, pr],
                [0, 0],
            ], 'reflect');
            const batch = tf.expandDims(padded, 0);
            const out = tf.depthwiseConv2d(tf.depthwiseConv2d(batch, kx, 1, 'valid'), ky, 1, 'valid');
            return tf.squeeze(out, [0]);
        }
        case 'grayscale':
            return gray(img);
        case 'channel_shift': {
            const i = typeof tr.params.intensity === 'number' ? tr.params.intensity : 0.1;
            return clip(tf.add(img, tf.tensor1d([0, 1, 2].map(() => uniform(rng, [-i, i])))));
        }
        case 'cutout': {
            const holes = Math.min(AUG_LIMITS.cutoutHoles, Math.max(1, Math.round(typeof tr.params.holes === 'number' ? tr.params.holes : 1)));
            const [lo, hi] = lohi(tr.params.scale, 0, 0.1)
                .map(Math.abs)
                .sort((a, b) => a - b);
            const mask = new Float32Array(h * w).fill(1);
            for (let k = 0; k < holes; k++) {
                const area = (lo + (hi - lo) * rng.next()) / holes;
                const side = Math.max(1, Math.round(Math.sqrt(area) * Math.min(h, w)));
                const y0 = rng.int(Math.max(1, h - side));
                const x0 = rng.int(Math.max(1, w - side));
                for (let y = y0; y < Math.min(h, y0 + side); y++)
                    mask.fill(0, y * w + x0, y * w + Math.min(w, x0 + side));
            }
            return tf.mul(img, tf.tensor3d(mask, [h, w, 1]));
        }
        case 'auto_augment': {
            // RandAugment-like: a magnitude-scaled colour jitter and rotation
            const m = Math.min(AUG_LIMITS.magnitude, Math.abs(typeof tr.params.magnitude === 'number' ? tr.params.magnitude : 9)) / 30;
            const jit = applyOne(tf, img, { name: 'color_jitter', params: { brightness: m, contrast: m, saturation: m } }, rng);
            return applyOne(tf, jit, { name: 'rotate', params: { degrees: 30 * m } }, rng);
        }
        default:
            return img;
    }
}
/** Apply `pipeline` to every image of the batch (each transform with its probability `p`); `imageSeeds` seed each image on its own. */
export function applyPipeline(tf, images, pipeline, seed, imageSeeds) {
    const shared = createRng(seed);
    const applied = new Set();
    const notSimulated = new Set();
    for (const tr of pipeline.transforms) {
        if (SIMULATED.has(tr.name))
            applied.add(tr.name);
        else if (!NOT_PIXEL.has(tr.name))
            notSimulated.add(tr.name);
    }
    const [n, h, w, c] = images.shape;
    const per = h * w * c;
    const simulated = pipeline.transforms.filter((tr) => SIMULATED.has(tr.name) && finiteParams(tr));
    // the batch is read once; each image goes in and comes out as a copy of its values
    const input = images.dataSync();
    if (!(input instanceof Float32Array))
        throw new Error(`augmentation works on float32 images, not ${images.dtype}`);
    const output = new Float32Array(n * per);
    for (let i = 0; i < n; i++) {
        // a seed per image (when given) makes each image's augmentation independent of the others,
        // so adding an image to the sample does not change how the rest are augmented
        const rng = imageSeeds?.[i] !== undefined ? createRng(imageSeeds[i]) : shared;
        // one image at a time: only its intermediates are alive (memory bounded by one image, not the batch)
        tf.tidy(() => {
            let img = tf.tensor3d(input.subarray(i * per, (i + 1) * per), [h, w, c]);
            for (const tr of simulated) {
                if (rng.next() >= prob(tr))
                    continue;
                img = applyOne(tf, img, tr, rng);
            }
            output.set(img.dataSync(), i * per);
        });
    }
    return { images: tf.tensor4d(output, [n, h, w, c]), applied: [...applied], notSimulated: [...notSimulated] };
}
