/**
 * Text features: chars, tokens, nonAsciiShare, digitShare, and unseenTokenShare (share of an item's
 * tokens that do not occur in the base sample). Base items are measured leave-one-out (against the
 * other base items' vocabulary) so both sides are measured the same way.
 */
import type { FeatureValue, Item } from './item.js';

export const TEXT_EXTENSIONS = ['.txt', '.md'];

/**
 * Bytes of a text file analyzed (docs/config.md "Limits"): a longer file is measured on its first
 * MAX_TEXT_BYTES bytes, cut back to a character boundary (and never between CR and LF), the same way at
 * base and head. Eight 30 MB .txt files had taken 107 s and 2.4 GB to tokenize whole.
 */
export const MAX_TEXT_BYTES = 1024 * 1024;

/** Lower-cased word and number tokens (Unicode letters/digits). */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{M}]+|\p{N}+/gu) ?? [];
}

export function textFeatures(text: string): Record<string, FeatureValue> {
  let chars = 0;
  let nonAscii = 0;
  let digits = 0;
  for (const ch of text) {
    chars++;
    const cp = ch.codePointAt(0)!;
    if (cp > 127) nonAscii++;
    if (cp >= 48 && cp <= 57) digits++;
  }
  return {
    chars,
    tokens: tokenize(text).length,
    nonAsciiShare: chars > 0 ? nonAscii / chars : 0,
    digitShare: chars > 0 ? digits / chars : 0,
  };
}

/**
 * Sets `unseenTokenShare` on every item with `text`: the share of its tokens that no other base item
 * has. A base item is measured against the other base items (leave one out); a head item against the
 * base sample less its own base version (the base item with its id, else with its content), so an
 * unchanged item measures the same on both sides, and an edited one is compared with the rest of base,
 * not with its own previous text. (Against the whole base sample, every unchanged head item read lower
 * than its base copy: unchanged text with rare words drifted.)
 */
export function addUnseenTokenShare(base: Item[], head: Item[]): void {
  const docFreq = new Map<string, number>();
  const baseTokens = base.map((it) => new Set(tokenize(it.text ?? '')));
  for (const set of baseTokens) for (const t of set) docFreq.set(t, (docFreq.get(t) ?? 0) + 1);
  base.forEach((it, i) => {
    if (it.text === undefined) return;
    const toks = tokenize(it.text);
    const own = baseTokens[i]!;
    let unseen = 0;
    for (const t of toks) if ((docFreq.get(t) ?? 0) - (own.has(t) ? 1 : 0) <= 0) unseen++;
    it.features.unseenTokenShare = toks.length > 0 ? unseen / toks.length : 0;
  });
  const byId = new Map<string, number>();
  const byContent = new Map<string, number>();
  base.forEach((it, i) => {
    if (it.text === undefined) return;
    byId.set(it.id, i);
    if (!byContent.has(it.contentHash)) byContent.set(it.contentHash, i);
  });
  for (const it of head) {
    if (it.text === undefined) continue;
    const toks = tokenize(it.text);
    const twin = byId.get(it.id) ?? byContent.get(it.contentHash);
    const own = twin === undefined ? undefined : baseTokens[twin]!;
    let unseen = 0;
    for (const t of toks) if ((docFreq.get(t) ?? 0) - (own?.has(t) ? 1 : 0) <= 0) unseen++;
    it.features.unseenTokenShare = toks.length > 0 ? unseen / toks.length : 0;
  }
}

export interface DecodedText {
  /** canonical form: BOM removed, line endings normalized to \n */
  text: string;
  /** utf-8 | utf-8-bom | utf-16le | utf-16be | windows-1252 (bytes that are not valid UTF-8) */
  encoding: string;
  /** lf | crlf | cr | mixed | none */
  lineEndings: string;
  /** set when the file was longer than the bytes analyzed (MAX_TEXT_BYTES): `text` is its start */
  truncated?: true;
}

function lineEndingsOf(s: string): string {
  const crlf = (s.match(/\r\n/g) ?? []).length;
  const cr = (s.match(/\r(?!\n)/g) ?? []).length;
  const lf = (s.match(/(?<!\r)\n/g) ?? []).length;
  const kinds = [crlf > 0, cr > 0, lf > 0].filter(Boolean).length;
  if (kinds === 0) return 'none';
  if (kinds > 1) return 'mixed';
  return crlf ? 'crlf' : cr ? 'cr' : 'lf';
}

/**
 * A text file's encoding (BOMs, UTF-8 validity) and line endings, and its text in canonical form, so
 * that re-encoding a file (UTF-16, Windows line endings) is a format change that does not move the
 * content features. Undefined when it looks binary (NUL bytes outside UTF-16).
 */
export function decodeTextFile(bytes: Uint8Array, maxBytes = MAX_TEXT_BYTES): DecodedText | undefined {
  let encoding: string;
  let s: string;
  let truncated = false;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    const le = bytes[0] === 0xff;
    encoding = le ? 'utf-16le' : 'utf-16be';
    let body = bytes.subarray(2);
    if (body.length > maxBytes) {
      truncated = true;
      body = body.subarray(0, cutUtf16(body, maxBytes, le));
    }
    s = new TextDecoder(encoding).decode(body);
  } else {
    if (bytes.subarray(0, 8192).includes(0)) return undefined;
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    let body = bom ? bytes.subarray(3) : bytes;
    if (body.length > maxBytes) {
      truncated = true;
      body = body.subarray(0, cutUtf8(body, maxBytes));
    }
    try {
      s = new TextDecoder('utf-8', { fatal: true }).decode(body);
      encoding = bom ? 'utf-8-bom' : 'utf-8';
    } catch {
      s = new TextDecoder('windows-1252').decode(body);
      encoding = 'windows-1252';
    }
  }
  const lineEndings = lineEndingsOf(s);
  return { text: s.replace(/\r\n?/g, '\n'), encoding, lineEndings, ...(truncated ? { truncated } : {}) };
}

const isCr = (b: Uint8Array, i: number): boolean => b[i] === 0x0d;

/**
 * Where to cut UTF-8 bytes at most `max` long: at a character boundary, never between CR and LF. A
 * character has at most three continuation bytes (0x80-0xBF): with more before the cap the bytes are
 * no UTF-8 (windows-1252 text of "€£©…"), and they are cut at the cap, not backed up to nothing.
 */
function cutUtf8(b: Uint8Array, max: number): number {
  let e = max;
  while (e > 0 && e > max - 3 && (b[e]! & 0xc0) === 0x80) e--;
  if ((b[e]! & 0xc0) === 0x80) e = max;
  if (e > 0 && isCr(b, e - 1) && b[e] === 0x0a) e--;
  return e;
}

/** Where to cut UTF-16 bytes at most `max` long: after a whole code unit, never inside a surrogate pair or CRLF. */
function cutUtf16(b: Uint8Array, max: number, le: boolean): number {
  const unit = (i: number): number => (le ? b[i]! | (b[i + 1]! << 8) : (b[i]! << 8) | b[i + 1]!);
  let e = max & ~1;
  if (e >= 2 && unit(e - 2) >= 0xd800 && unit(e - 2) <= 0xdbff) e -= 2;
  if (e >= 2 && unit(e - 2) === 0x0d && e + 1 < b.length && unit(e) === 0x0a) e -= 2;
  return e;
}

/** Features of a text file: content features of its canonical text, plus its encoding and line endings. */
export function textFileFeatures(
  bytes: Uint8Array,
  maxBytes = MAX_TEXT_BYTES,
): { features: Record<string, FeatureValue>; text: string; truncated?: true } | undefined {
  const d = decodeTextFile(bytes, maxBytes);
  if (!d) return undefined;
  return {
    features: { ...textFeatures(d.text), encoding: d.encoding, lineEndings: d.lineEndings },
    text: d.text,
    ...(d.truncated ? { truncated: d.truncated } : {}),
  };
}

/** Decode bytes as UTF-8 text; undefined when it looks binary (NUL bytes). */
export function decodeText(bytes: Uint8Array): string | undefined {
  const probe = bytes.subarray(0, 8192);
  if (probe.includes(0)) return undefined;
  let s = new TextDecoder('utf-8').decode(bytes);
  if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
  return s;
}
