/**
 * Default text embedding: a signed feature-hashing bag of n-grams (Weinberger et al. 2009).
 *
 * Text is NFKC-normalized and lower-cased; words are runs of letters/digits (Unicode). Three groups of
 * features: word unigrams, word bigrams and character 3-grams of each word padded with one space on
 * either side. Counts are damped (1 + ln count), each feature goes to bucket h mod dims with sign from
 * an independent hash bit, each group is L2-normalized and weighted (words 1, bigrams 0.5, chars 1), and
 * the sum is L2-normalized. An empty text gives the zero vector.
 */
export const TEXT_DIMS = 512;
export const TEXT_PREPROCESSING = `text hashed-ngrams v1 words+bigrams+char3 signed dims=${TEXT_DIMS}`;

const encoder = new TextEncoder();

/** 32-bit FNV-1a over UTF-8 followed by murmur3's fmix32 finalizer (good low and high bits). */
export function hash32(s: string): number {
  const bytes = encoder.encode(s);
  let h = 0x811c9dc5;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function tokenize(text: string): string[] {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

function count(features: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of features) m.set(f, (m.get(f) ?? 0) + 1);
  return m;
}

function hashGroup(counts: Map<string, number>, dims: number): Float64Array {
  const v = new Float64Array(dims);
  for (const [f, c] of counts) {
    const h = hash32(f);
    const sign = h & 0x80000000 ? -1 : 1;
    v[h % dims]! += sign * (1 + Math.log(c));
  }
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n);
  if (n > 0) for (let i = 0; i < dims; i++) v[i]! /= n;
  return v;
}

export function textEmbedding(text: string, dims: number = TEXT_DIMS): Float32Array {
  const words = tokenize(text);
  const uni = words.map((w) => `w:${w}`);
  const bi: string[] = [];
  for (let i = 0; i + 1 < words.length; i++) bi.push(`b:${words[i]} ${words[i + 1]}`);
  const chars: string[] = [];
  for (const w of words) {
    const padded = [...` ${w} `];
    for (let i = 0; i + 3 <= padded.length; i++) chars.push(`c:${padded.slice(i, i + 3).join('')}`);
  }
  const groups: Array<[Float64Array, number]> = [
    [hashGroup(count(uni), dims), 1],
    [hashGroup(count(bi), dims), 0.5],
    [hashGroup(count(chars), dims), 1],
  ];
  const out = new Float64Array(dims);
  for (const [g, w] of groups) for (let i = 0; i < dims; i++) out[i]! += w * g[i]!;
  let n = 0;
  for (const x of out) n += x * x;
  n = Math.sqrt(n);
  const res = new Float32Array(dims);
  if (n > 0) for (let i = 0; i < dims; i++) res[i] = out[i]! / n;
  return res;
}
