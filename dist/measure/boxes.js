import { testedBoxIndex } from '../data/annotations/types.js';
import { quantile } from '../stats/binning.js';
import { describeCategorical, describeNumericSorted } from '../stats/describe.js';
import { measureColumns } from '../stats/feature-drift.js';
/**
 * Default small-object bound at the model's input: 16 px (√(w·h)), half the 32-pixel stride of the
 * last feature map of the usual ImageNet backbones (MobileNet, ResNet, Inception: 7×7 at 224), so a
 * small object covers under a quarter of one cell of the map the embedding is pooled from. (COCO's
 * "small", area < 32² at its ~640-pixel image scale, is about 11 px at a 224-pixel input.)
 */
export const SMALL_OBJECT_PX = 16;
/** A box (normalized to its image) in the model's input pixels. */
export function boxAtInput(box, image, input) {
    let x, y, w, h;
    if (input.resize === 'fill') {
        x = box.x * input.width;
        y = box.y * input.height;
        w = box.w * input.width;
        h = box.h * input.height;
    }
    else {
        const s = Math.max(input.width / image.width, input.height / image.height);
        const ox = (image.width * s - input.width) / 2;
        const oy = (image.height * s - input.height) / 2;
        x = box.x * image.width * s - ox;
        y = box.y * image.height * s - oy;
        w = box.w * image.width * s;
        h = box.h * image.height * s;
    }
    const cw = Math.max(0, Math.min(input.width, x + w) - Math.max(0, x));
    const ch = Math.max(0, Math.min(input.height, y + h) - Math.max(0, y));
    const area = w * h;
    return { x, y, w, h, size: Math.sqrt(area), visible: area > 0 ? Math.min(1, (cw * ch) / area) : 0 };
}
/** Names of the box features, in report order. */
export const BOX_FEATURES = {
    perImage: ['boxes_per_image', 'image_without_boxes'],
    perBox: ['box_area_share', 'box_aspect', 'box_center_x', 'box_center_y', 'box_class', 'box_size_at_input'],
};
function boxRow(b, im, input) {
    const row = {
        box_area_share: b.w * b.h,
        box_aspect: (b.w * im.width) / (b.h * im.height),
        box_center_x: b.x + b.w / 2,
        box_center_y: b.y + b.h / 2,
        box_class: b.label,
    };
    if (input)
        row.box_size_at_input = boxAtInput(b, im, input).size;
    return row;
}
/** The box each image contributes to the per-box tests (seeded; the same on both sides for the same id). */
export function testedBox(im, seed) {
    return testedBoxIndex(im.id, im.boxes.length, seed);
}
/** Feature columns of one side: per-image rows, and per-box rows from one box per image. */
export function boxColumns(images, opts) {
    const cols = new Map();
    const push = (name, v) => {
        let c = cols.get(name);
        if (!c)
            cols.set(name, (c = []));
        c.push(v);
    };
    for (const im of images) {
        push('boxes_per_image', im.boxes.length);
        push('image_without_boxes', im.boxes.length === 0 ? 'without boxes' : 'with boxes');
    }
    for (const name of BOX_FEATURES.perBox)
        if (name !== 'box_size_at_input' || opts.input)
            cols.set(name, []);
    for (const im of images) {
        const k = testedBox(im, opts.seed);
        if (k < 0)
            continue;
        const row = boxRow(im.boxes[k], im, opts.input);
        for (const [name, v] of Object.entries(row))
            push(name, v);
    }
    return cols;
}
/** Every box's feature values of one side (for the summaries). */
function allBoxValues(images, input) {
    const out = new Map();
    for (const im of images) {
        for (const b of im.boxes) {
            for (const [name, v] of Object.entries(boxRow(b, im, input))) {
                let c = out.get(name);
                if (!c)
                    out.set(name, (c = []));
                c.push(v);
            }
        }
    }
    return out;
}
function summarize(values, kind) {
    if (!values?.length)
        return { n: 0 };
    if (kind === 'categorical')
        return describeCategorical(values.map(String));
    return describeNumericSorted(Float64Array.from(values).sort());
}
/**
 * Drift of the box features between base and head: tests on one box per image, summaries over every
 * box. Correction across the box features (BH by default), as for any feature family.
 */
export function boxFeatureDrift(base, head, opts) {
    const { input, seed, ...drift } = opts;
    const measured = measureColumns(boxColumns(base, { input, seed }), boxColumns(head, { input, seed }), drift);
    const allBase = allBoxValues(base, input);
    const allHead = allBoxValues(head, input);
    for (const f of measured.features) {
        if (!BOX_FEATURES.perBox.includes(f.name))
            continue;
        f.summary = { base: summarize(allBase.get(f.name), f.kind), head: summarize(allHead.get(f.name), f.kind) };
    }
    return measured.features;
}
function quantiles(values) {
    const s = Float64Array.from(values).sort();
    if (s.length === 0)
        return { p10: NaN, median: NaN, p90: NaN };
    return { p10: quantile(s, 0.1), median: quantile(s, 0.5), p90: quantile(s, 0.9) };
}
export function boxSideSummary(images, input, smallObjectPx = SMALL_OBJECT_PX) {
    const classes = {};
    let boxes = 0;
    let empty = 0;
    const ws = [];
    const hs = [];
    const sizes = [];
    let small = 0;
    let croppedOut = 0;
    for (const im of images) {
        if (im.boxes.length === 0)
            empty++;
        for (const b of im.boxes) {
            boxes++;
            classes[b.label] = (classes[b.label] ?? 0) + 1;
            if (!input)
                continue;
            const a = boxAtInput(b, im, input);
            ws.push(a.w);
            hs.push(a.h);
            sizes.push(a.size);
            if (a.size < smallObjectPx)
                small++;
            if (a.visible < 0.5)
                croppedOut++;
        }
    }
    const out = { images: images.length, boxes, imagesWithoutBoxes: empty, classes };
    if (input) {
        out.atInput = { width: quantiles(ws), height: quantiles(hs), size: quantiles(sizes), small, smallShare: boxes ? small / boxes : 0, croppedOut };
    }
    return out;
}
/** Histogram of box sizes at the model's input: bins doubling from 2 px ([0, 2), [2, 4), …), the last open. */
export function sizeHistogram(base, head, input) {
    const edges = [0];
    for (let e = 2; e < Math.max(input.width, input.height); e *= 2)
        edges.push(e);
    const count = (images) => {
        const c = new Array(edges.length).fill(0);
        for (const im of images) {
            for (const b of im.boxes) {
                const s = boxAtInput(b, im, input).size;
                let k = edges.length - 1;
                while (k > 0 && s < edges[k])
                    k--;
                c[k]++;
            }
        }
        return c;
    };
    return { edges, base: count(base), head: count(head) };
}
/** The annotated images among a side's items (those with boxes, possibly none, and a known size). */
export function annotatedImages(items) {
    const out = [];
    for (const it of items) {
        const w = it.features.width;
        const h = it.features.height;
        if (!it.boxes || typeof w !== 'number' || typeof h !== 'number' || !(w > 0) || !(h > 0))
            continue;
        out.push({ id: it.id, width: w, height: h, boxes: it.boxes });
    }
    return out;
}
function classShares(from, absentIn, total) {
    return Object.entries(from)
        .filter(([name, n]) => n > 0 && !(absentIn[name] > 0))
        .map(([name, boxes]) => ({ name, boxes, share: total ? boxes / total : 0 }))
        .sort((a, b) => b.boxes - a.boxes || (a.name < b.name ? -1 : 1));
}
function sideReport(s, info) {
    const out = {
        images: s.images,
        boxes: s.boxes,
        imagesWithoutBoxes: s.imagesWithoutBoxes,
        unannotated: info.unannotated,
        malformed: info.problems,
        classes: s.classes,
    };
    const u = info.unreadable;
    if (u && u.images > 0)
        out.unreadable = { images: u.images, of: Math.max(u.of, u.images), share: Math.min(1, u.images / Math.max(u.of, u.images)) };
    if (s.atInput && s.boxes > 0)
        out.atInput = s.atInput;
    return out;
}
/**
 * The box statistics of a detection dataset (report.datasets[].boxes): per-side counts, classes and
 * sizes at the model's input, new and vanished classes, the box drift features and the size
 * histogram. Undefined for datasets without box annotations.
 */
export function measureBoxes(c, opts) {
    const a = c.annotations;
    if (!a)
        return undefined;
    const px = opts.t.smallObjectPx;
    const base = annotatedImages(c.base);
    const head = annotatedImages(c.head);
    const sb = boxSideSummary(base, opts.input, px);
    const sh = boxSideSummary(head, opts.input, px);
    const out = {
        format: a.format,
        source: a.source,
        smallObjectPx: px,
        base: sideReport(sb, a.base),
        head: sideReport(sh, a.head),
        newClasses: [],
        goneClasses: [],
        features: [],
    };
    if (a.classes)
        out.classes = a.classes;
    if (opts.input)
        out.input = { ...opts.input };
    if (a.notes.length)
        out.notes = [...a.notes];
    if (a.unreadable?.length)
        out.unreadable = a.unreadable.map((u) => ({ ...u }));
    if (a.error) {
        out.error = a.error;
        if (a.errorSides?.length)
            out.errorSides = [...a.errorSides];
        return out;
    }
    out.newClasses = classShares(sh.classes, sb.classes, sh.boxes);
    out.goneClasses = classShares(sb.classes, sh.classes, sb.boxes);
    out.features = boxFeatureDrift(base, head, { seed: opts.seed, alpha: opts.t.alpha, ...(opts.input ? { input: opts.input } : {}) });
    if (opts.input && sb.boxes + sh.boxes > 0)
        out.sizeHistogram = sizeHistogram(base, head, opts.input);
    return out;
}
