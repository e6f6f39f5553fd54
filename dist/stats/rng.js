/** Seeded PRNG (mulberry32 for 32-bit words, 53-bit doubles from two words; Box–Muller normals). */
export function createRng(seed) {
    let state = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
    const u32 = () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return (t ^ (t >>> 14)) >>> 0;
    };
    const next = () => ((u32() >>> 5) * 67108864 + (u32() >>> 6)) / 9007199254740992;
    let spare = null;
    return {
        next,
        normal() {
            if (spare !== null) {
                const s = spare;
                spare = null;
                return s;
            }
            let u = 0;
            while (u === 0)
                u = next();
            const v = next();
            const r = Math.sqrt(-2 * Math.log(u));
            spare = r * Math.sin(2 * Math.PI * v);
            return r * Math.cos(2 * Math.PI * v);
        },
        int(n) {
            return Math.floor(next() * n);
        },
    };
}
/** Fisher–Yates shuffle in place. */
export function shuffleInPlace(arr, rng) {
    for (let i = arr.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        const t = arr[i];
        arr[i] = arr[j];
        arr[j] = t;
    }
}
