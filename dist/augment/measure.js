/**
 * Measures what an augmentation pipeline does to the data the model will see: the head sample is
 * decoded, augmented with TF.js ops, and compared with its clean self — per-item image features
 * (brightness, contrast, sharpness, noise, …) and, when an embedder is given, the pretrained
 * model's embeddings (cosine distance per item, MMD and a domain classifier).
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { mapLimit } from '../data/collect.js';
import { decodedForm, keepDecoded } from '../data/decoded.js';
import { imageFeatures, MAX_IMAGE_PIXELS } from '../data/image.js';
import { seededHash } from '../data/sample.js';
import { embeddingDrift } from '../measure/embedding.js';
import { measureColumns } from '../stats/feature-drift.js';
import { matrix } from '../stats/matrix.js';
import { applyPipeline } from './apply.js';
/** pixel-statistics features that augmentation can move (size and encoding features cannot) */
export const AUGMENTABLE_FEATURES = ['brightness', 'contrast', 'saturation', 'sharpness', 'noise', 'colorfulness', 'entropy'];
async function decodeSquare(bytes, size) {
    try {
        const buf = await sharp(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { failOn: 'error', limitInputPixels: MAX_IMAGE_PIXELS })
            .rotate()
            .removeAlpha()
            .toColourspace('srgb')
            .resize(size, size, { fit: 'cover' })
            .raw()
            .toBuffer();
        return buf.length === size * size * 3 ? new Uint8Array(buf) : undefined;
    }
    catch {
        return undefined;
    }
}
/** PNG of a size × size RGB image, or of a region of it */
function png(rgb, size, region) {
    const img = sharp(Buffer.from(rgb.buffer, rgb.byteOffset, rgb.byteLength), { raw: { width: size, height: size, channels: 3 } });
    return (region ? img.extract(region) : img).png({ compressionLevel: 1 }).toBuffer();
}
function toMatrix(set, ids) {
    const idx = new Map(set.ids.map((id, i) => [id, i]));
    if (!ids.every((id) => idx.has(id)))
        return undefined;
    const m = matrix(ids.length, set.dims);
    ids.forEach((id, r) => {
        const i = idx.get(id);
        for (let j = 0; j < set.dims; j++)
            m.data[r * set.dims + j] = set.vectors[i * set.dims + j];
    });
    return m;
}
function meanCosineDistance(a, b) {
    let sum = 0;
    for (let i = 0; i < a.rows; i++) {
        let dot = 0;
        let na = 0;
        let nb = 0;
        for (let j = 0; j < a.cols; j++) {
            const x = a.data[i * a.cols + j];
            const y = b.data[i * b.cols + j];
            dot += x * y;
            na += x * x;
            nb += y * y;
        }
        sum += 1 - dot / Math.max(1e-12, Math.sqrt(na * nb));
    }
    return a.rows ? sum / a.rows : 0;
}
/**
 * sharp calls in flight at once (decode, PNG encoding, features): libvips works off the main thread, so a
 * few at a time keep the cores busy; results are collected in input order, so they do not depend on it
 */
const SHARP_IN_FLIGHT = 3;
export async function measureAugmentation(opts) {
    const size = opts.size ?? 224;
    const seed = opts.seed ?? 42;
    const { tf } = opts;
    const decodes = await mapLimit(opts.images, SHARP_IN_FLIGHT, async (img) => ({ id: img.id, rgb: await decodeSquare(img.bytes, size) }));
    const decoded = decodes.filter((d) => d.rgb !== undefined);
    if (!decoded.length)
        return { items: 0, applied: [], notSimulated: [], examples: [] };
    const per = size * size * 3;
    const flat = new Float32Array(decoded.length * per);
    for (let i = 0; i < decoded.length; i++) {
        const rgb = decoded[i].rgb;
        const at = i * per;
        for (let k = 0; k < per; k++)
            flat[at + k] = rgb[k] / 255;
    }
    const batch = tf.tensor4d(flat, [decoded.length, size, size, 3]);
    let result;
    let values;
    try {
        result = applyPipeline(tf, batch, opts.pipeline, seed, decoded.map((d) => seededHash(d.id, seed) % 2 ** 31));
        try {
            values = (await result.images.data());
        }
        finally {
            result.images.dispose();
        }
    }
    finally {
        batch.dispose();
    }
    const augmentedData = values;
    // per-item pixel features, clean vs augmented, on the central region: the corners that rotation
    // and cropping fill with a constant would otherwise dominate sharpness and noise. The region is cut
    // from the pixels themselves (the same PNG as cutting it from the image's PNG: test/augment/measure.test.ts)
    const inset = Math.floor(size * 0.15);
    const region = { left: inset, top: inset, width: size - 2 * inset, height: size - 2 * inset };
    const encoded = await mapLimit(decoded, SHARP_IN_FLIGHT, async (d, i) => {
        const rgb = new Uint8Array(per);
        const at = i * per;
        for (let k = 0; k < per; k++)
            rgb[k] = Math.round(Math.min(1, Math.max(0, augmentedData[at + k])) * 255);
        return {
            augmentedRgb: rgb,
            clean: await png(d.rgb, size),
            augmented: await png(rgb, size),
            cleanRegion: await png(d.rgb, size, region),
            augmentedRegion: await png(rgb, size, region),
        };
    });
    const clean = encoded.map((e) => e.clean);
    const augmented = encoded.map((e) => e.augmented);
    const cols = async (pngs) => {
        const m = new Map(AUGMENTABLE_FEATURES.map((f) => [f, []]));
        for (const f of await mapLimit(pngs, SHARP_IN_FLIGHT, (b) => imageFeatures(b))) {
            for (const name of AUGMENTABLE_FEATURES)
                m.get(name).push(f[name] ?? null);
        }
        return m;
    };
    const cleanCols = await cols(encoded.map((e) => e.cleanRegion));
    const augmentedCols = await cols(encoded.map((e) => e.augmentedRegion));
    const drift = measureColumns(cleanCols, augmentedCols);
    const features = {
        maxPsi: Math.max(0, ...drift.features.map((f) => f.metrics.psi)),
        drifting: drift.features
            .filter((f) => f.drift)
            .sort((a, b) => b.metrics.psi - a.metrics.psi)
            .map((f) => ({
            name: f.name,
            psi: f.metrics.psi,
            clean: f.summary?.base.mean,
            augmented: f.summary?.head.mean,
            wassersteinNormed: f.metrics.wassersteinNormed,
        })),
    };
    let embedding;
    if (opts.embed) {
        const f = opts.embedForm;
        if (f && f.width === size && f.height === size) {
            // decoding a PNG made here to its own size gives back its pixels (no resize, orientation, profile or
            // alpha to apply: test/augment/measure.test.ts), so the embedder may take them instead
            const form = decodedForm(f.width, f.height, f.resize, f.kernel);
            encoded.forEach((e, i) => {
                keepDecoded(e.clean, form, decoded[i].rgb);
                keepDecoded(e.augmented, form, e.augmentedRgb);
            });
        }
        const ids = decoded.map((d) => d.id);
        const inputs = [];
        decoded.forEach((d, i) => {
            inputs.push({ id: `clean:${d.id}`, contentHash: `aug-clean:${size}:${d.id}:${hashBytes(clean[i])}`, bytes: clean[i] });
            inputs.push({ id: `aug:${d.id}`, contentHash: `aug:${size}:${seed}:${d.id}:${hashBytes(augmented[i])}`, bytes: augmented[i] });
        });
        const set = await opts.embed(inputs);
        const a = toMatrix(set, ids.map((id) => `clean:${id}`));
        const b = toMatrix(set, ids.map((id) => `aug:${id}`));
        if (a && b) {
            const d = embeddingDrift(a, b, { seed, mmdPermutations: 200, classifierPermutations: 50 });
            embedding = { mmd: d.mmd, classifierAuc: d.classifierAuc, classifierPValue: d.classifierPValue, meanCosineDistance: meanCosineDistance(a, b) };
        }
    }
    return {
        items: decoded.length,
        features,
        embedding,
        applied: result.applied,
        notSimulated: result.notSimulated,
        examples: augmented.slice(0, 4).map((b, i) => ({ id: decoded[i].id, png: new Uint8Array(b) })),
    };
}
/** content id of a generated image, for the embedding cache */
function hashBytes(b) {
    return createHash('sha256').update(b).digest('hex');
}
