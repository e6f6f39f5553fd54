/**
 * Measures what an augmentation pipeline does to the data the model will see: the head sample is
 * decoded, augmented with TF.js ops, and compared with its clean self — per-item image features
 * (brightness, contrast, sharpness, noise, …) and, when an embedder is given, the pretrained
 * model's embeddings (cosine distance per item, MMD and a domain classifier).
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { imageFeatures } from '../data/image.js';
import { seededHash } from '../data/sample.js';
import { embeddingDrift } from '../measure/embedding.js';
import { measureColumns } from '../stats/feature-drift.js';
import { matrix } from '../stats/matrix.js';
import { applyPipeline } from './apply.js';
/** pixel-statistics features that augmentation can move (size and encoding features cannot) */
export const AUGMENTABLE_FEATURES = ['brightness', 'contrast', 'saturation', 'sharpness', 'noise', 'colorfulness', 'entropy'];
async function decodeSquare(bytes, size) {
    try {
        const buf = await sharp(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { failOn: 'error' })
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
const png = (rgb, size) => sharp(Buffer.from(rgb.buffer, rgb.byteOffset, rgb.byteLength), { raw: { width: size, height: size, channels: 3 } })
    .png({ compressionLevel: 1 })
    .toBuffer();
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
export async function measureAugmentation(opts) {
    const size = opts.size ?? 224;
    const seed = opts.seed ?? 42;
    const { tf } = opts;
    const decoded = [];
    for (const img of opts.images) {
        const rgb = await decodeSquare(img.bytes, size);
        if (rgb)
            decoded.push({ id: img.id, rgb });
    }
    if (!decoded.length)
        return { items: 0, applied: [], notSimulated: [], examples: [] };
    const batch = tf.tidy(() => {
        const flat = new Float32Array(decoded.length * size * size * 3);
        decoded.forEach((d, i) => {
            for (let k = 0; k < d.rgb.length; k++)
                flat[i * d.rgb.length + k] = d.rgb[k] / 255;
        });
        return tf.tensor4d(flat, [decoded.length, size, size, 3]);
    });
    const result = applyPipeline(tf, batch, opts.pipeline, seed, decoded.map((d) => seededHash(d.id, seed) % 2 ** 31));
    const augmentedData = await result.images.data();
    batch.dispose();
    result.images.dispose();
    const per = size * size * 3;
    const clean = [];
    const augmented = [];
    for (let i = 0; i < decoded.length; i++) {
        const rgb = new Uint8Array(per);
        for (let k = 0; k < per; k++)
            rgb[k] = Math.round(Math.min(1, Math.max(0, augmentedData[i * per + k])) * 255);
        clean.push(await png(decoded[i].rgb, size));
        augmented.push(await png(rgb, size));
    }
    // per-item pixel features, clean vs augmented, on the central region: the corners that rotation
    // and cropping fill with a constant would otherwise dominate sharpness and noise
    const inset = Math.floor(size * 0.15);
    const region = { left: inset, top: inset, width: size - 2 * inset, height: size - 2 * inset };
    const cols = async (pngs) => {
        const m = new Map(AUGMENTABLE_FEATURES.map((f) => [f, []]));
        for (const b of pngs) {
            const f = await imageFeatures(await sharp(b).extract(region).png({ compressionLevel: 1 }).toBuffer());
            for (const name of AUGMENTABLE_FEATURES)
                m.get(name).push(f[name] ?? null);
        }
        return m;
    };
    const drift = measureColumns(await cols(clean), await cols(augmented));
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
