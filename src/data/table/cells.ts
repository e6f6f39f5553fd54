/**
 * Cell values, as DESIGN.md defines them: a cell is missing when it is empty or one of pandas'
 * default NA tokens; a cell is a number when its text is a decimal number literal as pandas'
 * C parser reads it (optional surrounding spaces, sign, digits with an optional point, exponent,
 * or inf/infinity); anything else is its text (a category).
 *
 * The CSV reader converts straight from bytes (no string for numeric cells).
 */
import { NA_STRINGS } from '../../stats/feature-drift.js';
import type { FeatureValue } from '../item.js';

/** pandas' default `na_values`: the one list, shared with the feature-drift measurement. */
export const NA_TOKENS: ReadonlySet<string> = NA_STRINGS;

const NA_MAX_LEN = 8;

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/** NaN when the bytes are not a number literal (see module doc). */
export function parseNumberBytes(b: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end && (b[i] === 0x20 || b[i] === 0x09)) i++;
  let e = end;
  while (e > i && (b[e - 1] === 0x20 || b[e - 1] === 0x09)) e--;
  if (i >= e) return NaN;
  let neg = false;
  let c = b[i]!;
  if (c === 0x2d || c === 0x2b) {
    neg = c === 0x2d;
    i++;
    if (i >= e) return NaN;
  }
  let mant = 0;
  let digits = 0; // significant digits accumulated into mant
  let dropped = 0; // integer digits not accumulated (mantissa full)
  let frac = 0; // fraction digits accumulated
  let any = false;
  let exact = true;
  while (i < e) {
    c = b[i]!;
    const d = c - 0x30;
    if (d < 0 || d > 9) break;
    any = true;
    if (digits < 15) {
      mant = mant * 10 + d;
      if (mant !== 0) digits++;
    } else {
      dropped++;
      if (d !== 0) exact = false;
    }
    i++;
  }
  if (i < e && b[i] === 0x2e) {
    i++;
    while (i < e) {
      c = b[i]!;
      const d = c - 0x30;
      if (d < 0 || d > 9) break;
      any = true;
      if (digits < 15) {
        mant = mant * 10 + d;
        frac++;
        if (mant !== 0) digits++;
      } else if (d !== 0) exact = false;
      i++;
    }
  }
  if (!any) return parseInfinity(b, i, e, neg);
  let exp = 0;
  if (i < e && (b[i] === 0x65 || b[i] === 0x45)) {
    i++;
    let eneg = false;
    if (i < e && (b[i] === 0x2d || b[i] === 0x2b)) {
      eneg = b[i] === 0x2d;
      i++;
    }
    let ed = 0;
    while (i < e) {
      const d = b[i]! - 0x30;
      if (d < 0 || d > 9) break;
      if (exp < 100000) exp = exp * 10 + d;
      ed++;
      i++;
    }
    if (ed === 0) return NaN;
    if (eneg) exp = -exp;
  }
  if (i !== e) return NaN;
  if (exact) {
    const p = exp + dropped - frac;
    if (p === 0) return neg ? -mant : mant;
    if (p > 0 && p <= 22) return neg ? -(mant * POW10[p]!) : mant * POW10[p]!;
    if (p < 0 && p >= -22) return neg ? -(mant / POW10[-p]!) : mant / POW10[-p]!;
  }
  // slow path: the grammar is valid; let the engine round it correctly
  return Number(latin1(b, start, end).trim());
}

function parseInfinity(b: Uint8Array, i: number, e: number, neg: boolean): number {
  const n = e - i;
  if (n !== 3 && n !== 8) return NaN;
  let s = '';
  for (let j = i; j < e; j++) s += String.fromCharCode(b[j]! | 0x20);
  if (s === 'inf' || s === 'infinity') return neg ? -Infinity : Infinity;
  return NaN;
}

const encoder = new TextEncoder();

function latin1(b: Uint8Array, start: number, end: number): string {
  if (end - start < 24) {
    let s = '';
    for (let j = start; j < end; j++) s += String.fromCharCode(b[j]!);
    return s;
  }
  return Buffer.from(b.buffer, b.byteOffset + start, end - start).toString('latin1');
}

/** Number literal test for a string cell (same grammar as the byte parser). */
export function parseNumberText(s: string): number {
  if (s.length === 0 || s.length > 400) return NaN;
  const c = s.charCodeAt(0);
  // cheap reject: a literal starts with a digit, sign, point, space, tab or i/I (inf)
  if (!((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x20 || c === 0x09 || c === 0x69 || c === 0x49)) {
    return NaN;
  }
  const b = encoder.encode(s);
  return parseNumberBytes(b, 0, b.length);
}

/** Is the byte range one of the NA tokens (or empty)? */
export function isNaBytes(b: Uint8Array, start: number, end: number): boolean {
  const n = end - start;
  if (n === 0) return true;
  if (n > NA_MAX_LEN) return false;
  const c = b[start]!;
  // every NA token starts with one of: # - 1 < N n
  if (c !== 0x23 && c !== 0x2d && c !== 0x31 && c !== 0x3c && c !== 0x4e && c !== 0x6e) return false;
  let s = '';
  for (let j = start; j < end; j++) s += String.fromCharCode(b[j]!);
  return NA_TOKENS.has(s);
}

/** Convert a text cell (JSONL/Parquet string, or a decoded CSV cell) to a FeatureValue. */
export function textCell(s: string): FeatureValue {
  if (s.length <= NA_MAX_LEN && NA_TOKENS.has(s)) return null;
  const v = parseNumberText(s);
  return Number.isNaN(v) ? s : v;
}

/**
 * Interns cell texts by their bytes, so a categorical column of a million rows holds a few
 * string instances instead of a million. Bounded: past `maxEntries` distinct values it decodes.
 */
export class Interner {
  private keys: (Uint8Array | undefined)[];
  private vals: string[];
  private mask: number;
  private count = 0;
  private readonly decoder = new TextDecoder('utf-8');
  constructor(private readonly maxEntries = 4096) {
    const size = 1 << Math.ceil(Math.log2(maxEntries * 2));
    this.keys = new Array<Uint8Array | undefined>(size);
    this.vals = new Array<string>(size);
    this.mask = size - 1;
  }

  get(b: Uint8Array, start: number, end: number): string {
    let h = 0x811c9dc5;
    for (let j = start; j < end; j++) h = Math.imul(h ^ b[j]!, 16777619);
    let slot = (h >>> 0) & this.mask;
    const n = end - start;
    for (;;) {
      const k = this.keys[slot];
      if (k === undefined) break;
      if (k.length === n) {
        let same = true;
        for (let j = 0; j < n; j++) {
          if (k[j] !== b[start + j]) {
            same = false;
            break;
          }
        }
        if (same) return this.vals[slot]!;
      }
      slot = (slot + 1) & this.mask;
    }
    const s = this.decode(b, start, end);
    if (this.count < this.maxEntries) {
      this.keys[slot] = b.slice(start, end);
      this.vals[slot] = s;
      this.count++;
    }
    return s;
  }

  decode(b: Uint8Array, start: number, end: number): string {
    let ascii = true;
    for (let j = start; j < end; j++) {
      if (b[j]! >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      if (end - start < 64) {
        let s = '';
        for (let j = start; j < end; j++) s += String.fromCharCode(b[j]!);
        return s;
      }
      return Buffer.from(b.buffer, b.byteOffset + start, end - start).toString('latin1');
    }
    return this.decoder.decode(b.subarray(start, end));
  }
}

/** What a value cut to its byte cap ends with: it never equals an uncut value of the same start (types.ts MAX_CELL_BYTES). */
export const CUT_MARK = '…';

/**
 * A decoded text value cut to `maxBytes` UTF-8 bytes, as the CSV reader cuts its cells (the text of the
 * first bytes, back to a character boundary, plus CUT_MARK); shorter texts are returned as they are.
 */
export function cutText(s: string, maxBytes: number): string {
  if (s.length * 3 <= maxBytes) return s; // no UTF-16 unit takes more than 3 UTF-8 bytes
  const b = Buffer.from(s, 'utf8');
  if (b.length <= maxBytes) return s;
  let e = maxBytes;
  while (e > 0 && (b[e]! & 0xc0) === 0x80) e--;
  return b.subarray(0, e).toString('utf8') + CUT_MARK;
}
