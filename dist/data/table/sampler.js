/**
 * Row sampling for the table readers: a `BottomK` (src/data/sample.ts) keyed by the row's content,
 * with a cheap pre-filter so rows that cannot enter the sample never become strings.
 *
 * The key of a row is its raw bytes read as latin1 (one char per byte), so `hashBytes(bytes)`
 * equals `seededHash(key)` and samples built here merge with any `BottomK` of the same seed.
 */
import { BottomK } from '../sample.js';
/** cyrb53 over bytes; equals `seededHash(latin1(bytes), seed)`. */
export function hashBytes(b, start, end, seed) {
    let h1 = 0xdeadbeef ^ seed;
    let h2 = 0x41c6ce57 ^ seed;
    for (let i = start; i < end; i++) {
        const ch = b[i];
        h1 = Math.imul(h1 ^ ch, 2654435761);
        h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
    h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
    h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
/** The row key (latin1 view of the bytes): one char per byte, so it round-trips the bytes. */
export function latin1Key(b, start, end) {
    return Buffer.from(b.buffer, b.byteOffset + start, end - start).toString('latin1');
}
/** A hash as the 14 hex digits used in `TableSample.rowKeys`. */
export function hashHex(h) {
    return h.toString(16).padStart(14, '0');
}
export class RowSampler {
    k;
    seed;
    bottom;
    /** max-heap of the hashes held by `bottom` (mirrors it; lets us reject without a key string) */
    heap;
    size = 0;
    constructor(k, seed) {
        this.k = k;
        this.seed = seed;
        if (k <= 0)
            throw new Error('RowSampler needs k > 0');
        this.bottom = new BottomK(k, seed);
        this.heap = new Float64Array(k);
    }
    /** could a row with this hash enter the sample? (ties go to BottomK, which compares keys) */
    accepts(hash) {
        return this.size < this.k || hash <= this.heap[0];
    }
    /** offer a row whose hash passed `accepts` (or any row: rejected ones are dropped). */
    offer(hash, key, value) {
        this.bottom.offer({ hash, key, value });
        const h = this.heap;
        if (this.size < this.k) {
            let i = this.size++;
            h[i] = hash;
            while (i > 0) {
                const p = (i - 1) >> 1;
                if (h[p] >= h[i])
                    break;
                const t = h[p];
                h[p] = h[i];
                h[i] = t;
                i = p;
            }
            return;
        }
        if (hash >= h[0])
            return; // equal: the root hash stays the same whichever key won
        h[0] = hash;
        let i = 0;
        for (;;) {
            const l = 2 * i + 1;
            const r = l + 1;
            let m = i;
            if (l < this.size && h[l] > h[m])
                m = l;
            if (r < this.size && h[r] > h[m])
                m = r;
            if (m === i)
                return;
            const t = h[m];
            h[m] = h[i];
            h[i] = t;
            i = m;
        }
    }
    /** the sample, ascending by (hash, key) */
    entries() {
        return this.bottom.entries();
    }
}
