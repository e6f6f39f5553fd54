/**
 * Pixel statistics of one decoded image (src/data/image.ts content features), fused into two passes:
 *   1. luma (Rec. 601) into a scratch buffer, with its sum, the saturation and colorfulness sums and
 *      the 256-bin luma histogram;
 *   2. the sum of squared deviations from the luma mean, with the 4-neighbour Laplacian and
 *      Immerkær's noise mask on the interior pixels.
 * Every sum is accumulated in the order of the one-statistic-per-pass kernels it replaces (pixel
 * order, row-major interior for the masks) with the same floating-point operations, so the results
 * are the same numbers bit for bit (test/data/image-stats.test.ts pins them against those kernels).
 *
 * The scratch buffer and histogram are module-level and reused from image to image; that is safe
 * because every function here is synchronous (no await between filling and reading them).
 */
let scratch = new Float64Array(0);
const hist = new Int32Array(256);
/** The shared luma buffer, at least n long (valid until the next call into this module). */
function lumaBuffer(n) {
    if (scratch.length < n)
        scratch = new Float64Array(Math.max(n, 224 * 224));
    return scratch;
}
/**
 * Luma of every pixel into L (0.299·r + 0.587·g + 0.114·b, as toLuma) and its sum in pixel order; with
 * `colour`, also the saturation and colorfulness sums and the rounded-luma histogram (into `hist`).
 */
function passOne(img, L, colour) {
    const n = img.width * img.height;
    const d = img.data;
    let sum = 0;
    let sat = 0;
    let mrg = 0;
    let myb = 0;
    let srg = 0;
    let syb = 0;
    if (img.channels === 1) {
        if (colour) {
            hist.fill(0);
            for (let i = 0; i < n; i++) {
                const y = d[i];
                L[i] = y;
                sum += y;
                hist[y]++;
            }
        }
        else {
            for (let i = 0; i < n; i++) {
                const y = d[i];
                L[i] = y;
                sum += y;
            }
        }
    }
    else if (colour) {
        hist.fill(0);
        for (let i = 0, j = 0; i < n; i++, j += 3) {
            const r = d[j];
            const g = d[j + 1];
            const b = d[j + 2];
            const y = 0.299 * r + 0.587 * g + 0.114 * b;
            L[i] = y;
            sum += y;
            // = Math.min(255, Math.max(0, Math.round(y))) for the luma of every 8-bit (r, g, b) (checked on all
            // 2^24 of them in test/data/image-stats.test.ts); Math.round is several times slower here
            hist[(y + 0.5) | 0]++;
            const mx = Math.max(r, g, b);
            if (mx > 0)
                sat += (mx - Math.min(r, g, b)) / mx;
            const rg = r - g;
            const yb = 0.5 * (r + g) - b;
            mrg += rg;
            myb += yb;
            srg += rg * rg;
            syb += yb * yb;
        }
    }
    else {
        for (let i = 0, j = 0; i < n; i++, j += 3) {
            const y = 0.299 * d[j] + 0.587 * d[j + 1] + 0.114 * d[j + 2];
            L[i] = y;
            sum += y;
        }
    }
    return { sum, sat, mrg, myb, srg, syb };
}
/** Σ (L − mean)² over all pixels in order; with `masks`, the Laplacian and Immerkær sums over the interior, row-major. */
function passTwo(L, w, h, mean, masks) {
    const n = w * h;
    let dev2 = 0;
    let lapS = 0;
    let lapS2 = 0;
    let imm = 0;
    if (!masks || w < 3 || h < 3) {
        for (let i = 0; i < n; i++) {
            const e = L[i] - mean;
            dev2 += e * e;
        }
        return { dev2, lapS, lapS2, imm };
    }
    for (let x = 0; x < w; x++) {
        const e = L[x] - mean;
        dev2 += e * e;
    }
    for (let y = 1; y < h - 1; y++) {
        const row = y * w;
        let e = L[row] - mean;
        dev2 += e * e;
        const end = row + w - 1;
        for (let i = row + 1; i < end; i++) {
            const c = L[i];
            e = c - mean;
            dev2 += e * e;
            const up = L[i - w];
            const down = L[i + w];
            const left = L[i - 1];
            const right = L[i + 1];
            const l = up + down + left + right - 4 * c;
            lapS += l;
            lapS2 += l * l;
            const v = L[i - w - 1] - 2 * up + L[i - w + 1] - 2 * left + 4 * c - 2 * right + L[i + w - 1] - 2 * down + L[i + w + 1];
            imm += Math.abs(v);
        }
        e = L[end] - mean;
        dev2 += e * e;
    }
    for (let i = (h - 1) * w; i < n; i++) {
        const e = L[i] - mean;
        dev2 += e * e;
    }
    return { dev2, lapS, lapS2, imm };
}
function entropyOf(n) {
    let e = 0;
    for (let k = 0; k < 256; k++) {
        const c = hist[k];
        if (c > 0) {
            const p = c / n;
            e -= p * Math.log2(p);
        }
    }
    return e;
}
function colourfulnessOf(img, one, n) {
    if (img.channels === 1)
        return 0;
    const mrg = one.mrg / n;
    const myb = one.myb / n;
    const vrg = Math.max(0, one.srg / n - mrg * mrg);
    const vyb = Math.max(0, one.syb / n - myb * myb);
    return Math.sqrt(vrg + vyb) + 0.3 * Math.sqrt(mrg * mrg + myb * myb);
}
function laplacianOf(two, w, h) {
    if (w < 3 || h < 3)
        return 0;
    const m = (w - 2) * (h - 2);
    const mean = two.lapS / m;
    return two.lapS2 / m - mean * mean;
}
function noiseOf(two, w, h) {
    if (w < 3 || h < 3)
        return 0;
    return (Math.sqrt(Math.PI / 2) * two.imm) / (6 * (w - 2) * (h - 2));
}
/** The pixel-scale statistics of `img`. */
export function pixelScaleStats(img) {
    const n = img.width * img.height;
    const L = lumaBuffer(n);
    const one = passOne(img, L, false);
    const mean = one.sum / n;
    const two = passTwo(L, img.width, img.height, mean, true);
    return {
        lumaMean: mean,
        lumaStd: Math.sqrt(two.dev2 / n),
        laplacianVar: laplacianOf(two, img.width, img.height),
        noise: noiseOf(two, img.width, img.height),
    };
}
/** Both sets of statistics of one image (the canonical form is its own pixel scale): one pass of each kind. */
export function imageStats(img) {
    const n = img.width * img.height;
    const w = img.width;
    const h = img.height;
    const L = lumaBuffer(n);
    const one = passOne(img, L, true);
    const mean = one.sum / n;
    const two = passTwo(L, w, h, mean, true);
    const std = Math.sqrt(two.dev2 / n);
    return {
        canonical: {
            lumaMean: mean,
            lumaStd: std,
            saturation: img.channels === 1 ? 0 : one.sat / n,
            colorfulness: colourfulnessOf(img, one, n),
            entropy: entropyOf(n),
        },
        pixel: { lumaMean: mean, lumaStd: std, laplacianVar: laplacianOf(two, w, h), noise: noiseOf(two, w, h) },
    };
}
/** The canonical-form statistics only (no masks): for an image whose pixel scale is measured separately. */
export function canonicalOnlyStats(img) {
    const n = img.width * img.height;
    const L = lumaBuffer(n);
    const one = passOne(img, L, true);
    const mean = one.sum / n;
    const two = passTwo(L, img.width, img.height, mean, false);
    return {
        lumaMean: mean,
        lumaStd: Math.sqrt(two.dev2 / n),
        saturation: img.channels === 1 ? 0 : one.sat / n,
        colorfulness: colourfulnessOf(img, one, n),
        entropy: entropyOf(n),
    };
}
// ---- the single statistics (tests, and callers that hold a luma array) ----
/** Rec. 601 luma, 0..255, as floats. */
export function toLuma(img) {
    const out = new Float64Array(img.width * img.height);
    passOne(img, out, false);
    return out;
}
export function meanStd(x) {
    let s = 0;
    for (let i = 0; i < x.length; i++)
        s += x[i];
    const mean = s / x.length;
    const two = passTwo(x, x.length, 1, mean, false);
    return { mean, std: Math.sqrt(two.dev2 / x.length) };
}
/** Mean HSV saturation (max − min) / max, 0..1; 0 for grey images. */
export function meanSaturation(img) {
    return canonicalOnlyStats(img).saturation;
}
/** Hasler & Süsstrunk (2003) colorfulness on 0..255 RGB; 0 for grey images. */
export function colorfulness(img) {
    return canonicalOnlyStats(img).colorfulness;
}
/** Variance of the 4-neighbour Laplacian on luma (0..255 units); higher is sharper. */
export function laplacianVariance(luma, w, h) {
    if (w < 3 || h < 3)
        return 0;
    return laplacianOf(passTwo(luma, w, h, 0, true), w, h);
}
/**
 * Immerkær's fast noise variance estimator ("Fast Noise Variance Estimation", CVIU 1996): σ of
 * additive Gaussian noise in luma units (0..255), from the mask [1 −2 1; −2 4 −2; 1 −2 1].
 */
export function immerkaerNoise(luma, w, h) {
    if (w < 3 || h < 3)
        return 0;
    return noiseOf(passTwo(luma, w, h, 0, true), w, h);
}
/** Shannon entropy (bits) of the 256-bin luma histogram. */
export function lumaEntropy(luma) {
    hist.fill(0);
    for (let i = 0; i < luma.length; i++)
        hist[Math.min(255, Math.max(0, Math.round(luma[i])))]++;
    return entropyOf(luma.length);
}
