/**
 * How deep JSON nests, found before `JSON.parse` builds it: V8 parses deep nesting without a stack limit,
 * so 10 MB of `[` became 10 M arrays (780 MB) before any check ran. A linear byte scan outside strings,
 * with no allocation.
 */

/** Objects and arrays nested deeper than this are refused (a table row or a COCO file nests a few levels). */
export const MAX_JSON_DEPTH = 64;

/**
 * One linear scan of the JSON in `b[start, end)`, outside strings: whether objects and arrays nest deeper
 * than `maxDepth`, and how many there are, counted up to `maxContainers + 1` (JSON.parse builds every one of
 * them before a count of entries can be checked: 20 M `{}` in a COCO file took 2 GB and 20 s). The scan
 * stops at the first nesting too deep; past `maxContainers` it only looks for that.
 */
export function scanJson(
  b: Uint8Array,
  start: number,
  end: number,
  maxDepth = MAX_JSON_DEPTH,
  maxContainers = Infinity,
): { tooDeep: boolean; containers: number } {
  let depth = 0;
  let containers = 0;
  let inString = false;
  for (let i = start; i < end; i++) {
    const c = b[i]!;
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return { tooDeep: true, containers };
      if (containers <= maxContainers) containers++;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return { tooDeep: false, containers };
}

/** Whether the JSON in `b[start, end)` nests objects and arrays deeper than `max`. */
export function nestsDeeperThan(b: Uint8Array, start: number, end: number, max = MAX_JSON_DEPTH): boolean {
  return scanJson(b, start, end, max, 0).tooDeep;
}

/** Objects and arrays in the JSON in `b[start, end)`: the count, or `max + 1` when there are more than `max`. */
export function countContainers(b: Uint8Array, start: number, end: number, max: number): number {
  return scanJson(b, start, end, Infinity, max).containers;
}
