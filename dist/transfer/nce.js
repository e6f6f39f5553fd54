import { checkCodes } from './labels.js';
export function nce(probs, codes) {
    const n = probs.rows;
    const z = probs.cols;
    if (n < 1 || z < 1)
        throw new RangeError('nce: need at least one item and one source class');
    const classes = checkCodes(codes, n, 'nce');
    const joint = new Float64Array(classes * z);
    const pz = new Float64Array(z);
    for (let i = 0; i < n; i++) {
        let best = 0;
        for (let k = 1; k < z; k++)
            if (probs.data[i * z + k] > probs.data[i * z + best])
                best = k;
        joint[codes[i] * z + best] = joint[codes[i] * z + best] + 1;
        pz[best] = pz[best] + 1;
    }
    let total = 0;
    for (let c = 0; c < classes; c++) {
        for (let k = 0; k < z; k++) {
            const cnt = joint[c * z + k];
            if (cnt === 0)
                continue;
            total += (cnt / n) * Math.log(cnt / pz[k]);
        }
    }
    return total;
}
