/**
 * In-process guards in front of the GitHub-state checks (which are what make several replicas safe):
 * a bounded cache of delivery ids (a delivery seen, or being handled, is not handled again by this
 * process) and a keyed lock (handlers for the same commit run one after another in this process, so
 * the common case never reaches the cross-replica race handling).
 */
/** The most recent delivery ids, oldest evicted first. */
export class DeliveryCache {
    capacity;
    ttlMs;
    now;
    ids = new Map();
    constructor(capacity = 10_000, ttlMs = 6 * 60 * 60 * 1000, now = Date.now) {
        this.capacity = capacity;
        this.ttlMs = ttlMs;
        this.now = now;
    }
    /** True the first time an id is seen (within the TTL); false for a repeat. */
    claim(id) {
        const t = this.now();
        const seen = this.ids.get(id);
        if (seen !== undefined && t - seen < this.ttlMs)
            return false;
        this.ids.delete(id);
        this.ids.set(id, t);
        while (this.ids.size > this.capacity)
            this.ids.delete(this.ids.keys().next().value);
        return true;
    }
    /** Forget an id (its handling failed: a redelivery should run again). */
    release(id) {
        this.ids.delete(id);
    }
    get size() {
        return this.ids.size;
    }
}
/** Runs functions that share a key one at a time (FIFO), others concurrently. */
export class KeyedLock {
    tails = new Map();
    async run(key, fn) {
        const prev = this.tails.get(key) ?? Promise.resolve();
        const next = prev.then(fn);
        const tail = next.catch(() => undefined);
        this.tails.set(key, tail);
        try {
            return await next;
        }
        finally {
            if (this.tails.get(key) === tail)
                this.tails.delete(key);
        }
    }
    get pending() {
        return this.tails.size;
    }
}
