/**
 * Text features: chars, tokens, nonAsciiShare, digitShare, and unseenTokenShare (share of an item's
 * tokens that do not occur in the base sample). Base items are measured leave-one-out (against the
 * other base items' vocabulary) so both sides are measured the same way.
 */
import type { FeatureValue, Item } from './item.js';

export const TEXT_EXTENSIONS = ['.txt', '.md'];

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
 * Sets `unseenTokenShare` on every item with `text`: head items against the base sample's
 * vocabulary, base items against the vocabulary of the other base items.
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
  for (const it of head) {
    if (it.text === undefined) continue;
    const toks = tokenize(it.text);
    let unseen = 0;
    for (const t of toks) if (!docFreq.has(t)) unseen++;
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
export function decodeTextFile(bytes: Uint8Array): DecodedText | undefined {
  let encoding: string;
  let s: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    encoding = 'utf-16le';
    s = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    encoding = 'utf-16be';
    s = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  } else {
    if (bytes.subarray(0, 8192).includes(0)) return undefined;
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    const body = bom ? bytes.subarray(3) : bytes;
    try {
      s = new TextDecoder('utf-8', { fatal: true }).decode(body);
      encoding = bom ? 'utf-8-bom' : 'utf-8';
    } catch {
      s = new TextDecoder('windows-1252').decode(body);
      encoding = 'windows-1252';
    }
  }
  const lineEndings = lineEndingsOf(s);
  return { text: s.replace(/\r\n?/g, '\n'), encoding, lineEndings };
}

/** Features of a text file: content features of its canonical text, plus its encoding and line endings. */
export function textFileFeatures(bytes: Uint8Array): { features: Record<string, FeatureValue>; text: string } | undefined {
  const d = decodeTextFile(bytes);
  if (!d) return undefined;
  return { features: { ...textFeatures(d.text), encoding: d.encoding, lineEndings: d.lineEndings }, text: d.text };
}

/** Decode bytes as UTF-8 text; undefined when it looks binary (NUL bytes). */
export function decodeText(bytes: Uint8Array): string | undefined {
  const probe = bytes.subarray(0, 8192);
  if (probe.includes(0)) return undefined;
  let s = new TextDecoder('utf-8').decode(bytes);
  if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
  return s;
}
