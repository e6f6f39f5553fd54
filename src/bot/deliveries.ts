/**
 * In-process guards in front of the GitHub-state checks (which are what make several replicas safe):
 * a bounded cache of delivery ids (a delivery seen, or being handled, is not handled again by this
 * process) and a keyed lock (handlers for the same commit run one after another in this process, so
 * the common case never reaches the cross-replica race handling).
 */

/** The most recent delivery ids, oldest evicted first. */
export class DeliveryCache {
  private readonly ids = new Map<string, number>();

  constructor(
    readonly capacity = 10_000,
    readonly ttlMs = 6 * 60 * 60 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  /** True the first time an id is seen (within the TTL); false for a repeat. */
  claim(id: string): boolean {
    const t = this.now();
    const seen = this.ids.get(id);
    if (seen !== undefined && t - seen < this.ttlMs) return false;
    this.ids.delete(id);
    this.ids.set(id, t);
    while (this.ids.size > this.capacity) this.ids.delete(this.ids.keys().next().value as string);
    return true;
  }

  /** Forget an id (its handling failed: a redelivery should run again). */
  release(id: string): void {
    this.ids.delete(id);
  }

  get size(): number {
    return this.ids.size;
  }
}

/** Runs functions that share a key one at a time (FIFO), others concurrently. */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const next = prev.then(fn);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await next;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  get pending(): number {
    return this.tails.size;
  }
}
