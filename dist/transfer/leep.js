import { checkCodes } from './labels.js';
export function leep(probs, codes) {
    const n = probs.rows;
    const z = probs.cols;
    if (n < 1 || z < 1)
        throw new RangeError('leep: need at least one item and one source class');
    const classes = checkCodes(codes, n, 'leep');
    const joint = new Float64Array(classes * z);
    for (let i = 0; i < n; i++) {
        const c = codes[i];
        for (let k = 0; k < z; k++)
            joint[c * z + k] = joint[c * z + k] + probs.data[i * z + k] / n;
    }
    const pz = new Float64Array(z);
    for (let c = 0; c < classes; c++)
        for (let k = 0; k < z; k++)
            pz[k] = pz[k] + joint[c * z + k];
    let total = 0;
    for (let i = 0; i < n; i++) {
        const c = codes[i];
        let eep = 0;
        for (let k = 0; k < z; k++)
            if (pz[k] > 0)
                eep += (probs.data[i * z + k] * joint[c * z + k]) / pz[k];
        total += Math.log(eep);
    }
    return total / n;
}
