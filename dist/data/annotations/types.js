import { seededHash } from '../sample.js';
export const DEFAULT_ANNOTATION_LIMITS = {
    maxFileBytes: 1024 * 1024,
    maxCocoBytes: 64 * 1024 * 1024,
    maxBoxesPerImage: 5000,
    maxCocoEntries: 2_000_000,
    maxClasses: 10_000,
};
/** How far (as a share of the image) a YOLO box may poke outside the image and still be clamped. */
export const YOLO_TOLERANCE = 0.005;
/** How far (in pixels) a COCO/VOC box may poke outside the declared image size and still be clamped. */
export const PIXEL_TOLERANCE = 1;
/**
 * Clamp a box given in pixels (x0, y0, x1, y1) to a w×h image, allowing `tol` pixels of slack;
 * a reason string when it lies further outside or is empty.
 */
export function checkPixelBox(x0, y0, x1, y1, width, height, tol = PIXEL_TOLERANCE) {
    if (!(x1 > x0))
        return `box has no width (x from ${num(x0)} to ${num(x1)})`;
    if (!(y1 > y0))
        return `box has no height (y from ${num(y0)} to ${num(y1)})`;
    if (x0 < -tol || y0 < -tol || x1 > width + tol || y1 > height + tol) {
        return `box (${num(x0)}, ${num(y0)})–(${num(x1)}, ${num(y1)}) lies outside the ${width}×${height} image`;
    }
    const c = { x0: Math.max(0, x0), y0: Math.max(0, y0), x1: Math.min(width, x1), y1: Math.min(height, y1) };
    if (!(c.x1 > c.x0) || !(c.y1 > c.y0))
        return `box (${num(x0)}, ${num(y0)})–(${num(x1)}, ${num(y1)}) lies outside the ${width}×${height} image`;
    return c;
}
export function num(x) {
    return Number.isInteger(x) ? String(x) : String(+x.toFixed(4));
}
/** A strict decimal number (no hex, no empty string, no "Infinity"), or undefined. */
export function parseDecimal(token) {
    // `\d+(?:\.\d*)?` cannot split a digit run two ways: linear time on a 1 MiB token (`\d+\.?\d*` was quadratic)
    if (!/^[+-]?(\d+(?:\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(token))
        return undefined;
    const x = Number(token);
    return Number.isFinite(x) ? x : undefined;
}
/** The label of an annotated image without objects. */
export const NO_OBJECTS = '(no objects)';
/** An image's label for whole-image separability: the class of its largest box, or NO_OBJECTS. */
export function dominantLabel(boxes) {
    let best;
    for (const b of boxes)
        if (!best || b.w * b.h > best.w * best.h)
            best = b;
    return best ? best.label : NO_OBJECTS;
}
/**
 * The box an image contributes where one box per image is used (per-box drift tests, object crops):
 * picked by a seeded hash of the image id, so an unchanged image gives the same box on both sides.
 * −1 for an image without boxes.
 */
export function testedBoxIndex(imageId, boxes, seed) {
    return boxes <= 0 ? -1 : seededHash(`box:${imageId}`, seed) % boxes;
}
