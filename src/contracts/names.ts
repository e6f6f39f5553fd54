/**
 * Bounds for strings a pull request brings into the report (column and feature names, file paths,
 * class labels, transform names, category values): the report schema caps every string (64 to 4,096
 * characters), and one long name must not make the report invalid — exit 2, no report, no reason.
 * A long name is ellipsized: a recognizable prefix, its length and a short hash (two long names with
 * the same prefix stay distinct); a list of names joined into one sentence names the first few and
 * counts the rest. Pure: no imports.
 */

/** The longest name kept whole in the report. */
export const NAME_MAX = 160;

/** How many names one sentence lists before "and N more". */
export const LIST_MAX = 10;

/** FNV-1a (32 bit) of the UTF-16 code units, 8 hex digits: tells long names with one prefix apart. */
function shortHash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** The first `n` code units of `s`, not splitting a surrogate pair. */
function prefix(s: string, n: number): string {
  const code = s.charCodeAt(n - 1);
  return s.slice(0, code >= 0xd800 && code <= 0xdbff ? n - 1 : n);
}

/**
 * `s` when at most `max` characters; else its prefix, "…", its length and a short hash, `max`
 * characters in all: `cccc…(5,000 characters, #1a2b3c4d)`.
 */
export function boundName(s: string, max = NAME_MAX): string {
  if (s.length <= max) return s;
  const tail = `…(${s.length.toLocaleString('en-US')} characters, #${shortHash(s)})`;
  return prefix(s, Math.max(1, max - tail.length)) + tail;
}

/**
 * Names joined into one sentence, each bounded (and shown with `show`): at most `max` of them, then
 * "and N more": `a, b, c and 1,997 more`.
 */
export function listNames(names: readonly string[], show: (s: string) => string = (s) => s, max = LIST_MAX): string {
  const shown = names.slice(0, max).map((n) => show(boundName(n)));
  const rest = names.length - shown.length;
  return rest > 0 ? `${shown.join(', ')} and ${rest.toLocaleString('en-US')} more` : shown.join(', ');
}

/**
 * The report's last line of defence (src/report/finalize.ts): text still longer than its schema
 * field is cut to fit, ending in "…(N characters in all)" so the cut is visible, never silent.
 */
export function clampText(s: string, max: number): string {
  if (s.length <= max) return s;
  const tail = `…(${s.length.toLocaleString('en-US')} characters in all)`;
  if (tail.length >= max) return prefix(s, Math.max(1, max - 1)) + '…';
  return prefix(s, max - tail.length) + tail;
}
