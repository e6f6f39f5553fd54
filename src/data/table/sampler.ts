/**
 * Row sampling for the table readers: a `BottomK` (src/data/sample.ts) keyed by the row's content,
 * with a cheap pre-filter so rows that cannot enter the sample never become strings.
 *
 * A row's hash is `hashBytes` of its raw bytes (53 bits, seeded: the bottom-k order). Its key, which only
 * breaks ties between equal hashes, is `rowKey`: the SHA-1 of the same bytes, not a copy of them (a
 * 30 MB cell used to be held twice, once as a latin1 key). Equal records still have equal hash and key;
 * two different records tie on both only if cyrb53 and SHA-1 collide at once (negligible; the tie would
 * then go to the earlier row, which is deterministic anyway).
 */
import { createHash } from 'node:crypto';
import { BottomK, type Keyed } from '../sample.js';

/** cyrb53 over bytes; equals `seededHash(latin1(bytes), seed)`. */
export function hashBytes(b: Uint8Array, start: number, end: number, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = start; i < end; i++) {
    const ch = b[i]!;
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** The tie-break key of a row: SHA-1 of its bytes as 40 hex digits (computed only for rows that may enter the sample). */
export function rowKey(b: Uint8Array, start: number, end: number): string {
  return createHash('sha1').update(b.subarray(start, end)).digest('hex');
}

/** The tie-break key of a row known by its text (a Parquet row's JSON): SHA-1 of the text, as rowKey. */
export function textRowKey(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** A hash as the 14 hex digits used in `TableSample.rowKeys`. */
export function hashHex(h: number): string {
  return h.toString(16).padStart(14, '0');
}

export class RowSampler<T> {
  readonly bottom: BottomK<T>;
  /** max-heap of the hashes held by `bottom` (mirrors it; lets us reject without a key string) */
  private readonly heap: Float64Array;
  private size = 0;

  constructor(
    readonly k: number,
    readonly seed: number,
  ) {
    if (k <= 0) throw new Error('RowSampler needs k > 0');
    this.bottom = new BottomK<T>(k, seed);
    this.heap = new Float64Array(k);
  }

  /** could a row with this hash enter the sample? (ties go to BottomK, which compares keys) */
  accepts(hash: number): boolean {
    return this.size < this.k || hash <= this.heap[0]!;
  }

  /** offer a row whose hash passed `accepts` (or any row: rejected ones are dropped). */
  offer(hash: number, key: string, value: T): void {
    this.bottom.offer({ hash, key, value });
    const h = this.heap;
    if (this.size < this.k) {
      let i = this.size++;
      h[i] = hash;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (h[p]! >= h[i]!) break;
        const t = h[p]!;
        h[p] = h[i]!;
        h[i] = t;
        i = p;
      }
      return;
    }
    if (hash >= h[0]!) return; // equal: the root hash stays the same whichever key won
    h[0] = hash;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.size && h[l]! > h[m]!) m = l;
      if (r < this.size && h[r]! > h[m]!) m = r;
      if (m === i) return;
      const t = h[m]!;
      h[m] = h[i]!;
      h[i] = t;
      i = m;
    }
  }

  /** the sample, ascending by (hash, key) */
  entries(): Keyed<T>[] {
    return this.bottom.entries();
  }
}
