/**
 * Canonical-form pixels decoded while an image's content features are measured (src/data/image.ts),
 * kept for the embedder (src/embed/create.ts), so that an image is decoded once per run rather than
 * twice: the content features and the built-in model see the same form (width × height, resize, kernel),
 * and the embedder's decode gives the same pixels (the same sharp operations, with looser limits).
 *
 * Keyed by the file's bytes (the Uint8Array the item carries to the embedder) and by the form, taken
 * (removed) when used; bounded by a byte budget, past which images are simply decoded again.
 * `releaseDecoded()` drops everything (the end of a dataset's evaluation).
 */
/** at most this many bytes of decoded pixels are kept (≈ 2,130 images at 224 × 224: both sides of a 1,000-image sample) */
export const DECODED_BUDGET_BYTES = 320 * 1024 * 1024;
let kept = new WeakMap();
let used = 0;
/** The key of a decoded form: "224x224 fill linear". */
export function decodedForm(width, height, resize, kernel) {
    return `${width}x${height} ${resize} ${kernel}`;
}
/** Keep `rgb` (height × width × 3, 8-bit, interleaved) as the `form` decode of `bytes`, within the budget. */
export function keepDecoded(bytes, form, rgb) {
    if (kept.has(bytes) || used + rgb.byteLength > DECODED_BUDGET_BYTES)
        return;
    kept.set(bytes, { form, rgb });
    used += rgb.byteLength;
}
/** The kept `form` decode of `bytes`, removed from the store; undefined when none (or another form) was kept. */
export function takeDecoded(bytes, form) {
    const e = kept.get(bytes);
    if (!e)
        return undefined;
    kept.delete(bytes);
    used -= e.rgb.byteLength;
    return e.form === form ? e.rgb : undefined;
}
/** Drop every kept decode. */
export function releaseDecoded() {
    kept = new WeakMap();
    used = 0;
}
