/**
 * Deterministic bottom-k sampling: every item gets a seeded hash of its stable key; the k items
 * with the smallest hashes form the sample. The same key is chosen on every run and on both sides
 * (an unchanged file has the same key and hash at base and head), memory is bounded by k, and
 * samples of shards merge by keeping the k smallest hashes of their union.
 */
/** 53-bit seeded string hash (cyrb53), as a number in [0, 2^53). */
export function seededHash(key, seed) {
    let h1 = 0xdeadbeef ^ seed;
    let h2 = 0x41c6ce57 ^ seed;
    for (let i = 0; i < key.length; i++) {
        const ch = key.charCodeAt(i);
        h1 = Math.imul(h1 ^ ch, 2654435761);
        h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
    h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
    h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
/** Keeps the k entries with the smallest (hash, key); k <= 0 keeps everything. */
export class BottomK {
    k;
    seed;
    heap = []; // max-heap on (hash, key)
    seen = 0;
    constructor(k, seed) {
        this.k = k;
        this.seed = seed;
    }
    get total() {
        return this.seen;
    }
    add(key, value) {
        this.seen++;
        this.offer({ hash: seededHash(key, this.seed), key, value });
    }
    /** add an entry whose hash is already known (merging shards). */
    offer(e) {
        const h = this.heap;
        if (this.k <= 0 || h.length < this.k) {
            h.push(e);
            if (this.k > 0)
                this.up(h.length - 1);
            return;
        }
        if (less(e, h[0])) {
            h[0] = e;
            this.down(0);
        }
    }
    /** merge another sample (same seed) into this one. */
    merge(other) {
        this.seen += other.seen;
        for (const e of other.heap)
            this.offer(e);
    }
    /** the sample, ordered by hash (stable across runs). */
    entries() {
        return [...this.heap].sort((a, b) => (less(a, b) ? -1 : less(b, a) ? 1 : 0));
    }
    values() {
        return this.entries().map((e) => e.value);
    }
    up(i) {
        const h = this.heap;
        while (i > 0) {
            const p = (i - 1) >> 1;
            if (!less(h[p], h[i]))
                break;
            [h[p], h[i]] = [h[i], h[p]];
            i = p;
        }
    }
    down(i) {
        const h = this.heap;
        for (;;) {
            const l = 2 * i + 1;
            const r = l + 1;
            let m = i;
            if (l < h.length && less(h[m], h[l]))
                m = l;
            if (r < h.length && less(h[m], h[r]))
                m = r;
            if (m === i)
                return;
            [h[m], h[i]] = [h[i], h[m]];
            i = m;
        }
    }
}
function less(a, b) {
    return a.hash < b.hash || (a.hash === b.hash && a.key < b.key);
}
