/**
 * How deep JSON nests, found before `JSON.parse` builds it: V8 parses deep nesting without a stack limit,
 * so 10 MB of `[` became 10 M arrays (780 MB) before any check ran. A linear byte scan outside strings,
 * with no allocation.
 */
/** Objects and arrays nested deeper than this are refused (a table row or a COCO file nests a few levels). */
export const MAX_JSON_DEPTH = 64;
/** Whether the JSON in `b[start, end)` nests objects and arrays deeper than `max`. */
export function nestsDeeperThan(b, start, end, max = MAX_JSON_DEPTH) {
    let depth = 0;
    let inString = false;
    for (let i = start; i < end; i++) {
        const c = b[i];
        if (inString) {
            if (c === 0x5c)
                i++; // backslash: skip the escaped character
            else if (c === 0x22)
                inString = false;
        }
        else if (c === 0x22)
            inString = true;
        else if (c === 0x5b || c === 0x7b) {
            if (++depth > max)
                return true;
        }
        else if (c === 0x5d || c === 0x7d)
            depth--;
    }
    return false;
}
/**
 * Objects and arrays in the JSON in `b[start, end)`, counted by the same scan, stopping once past `max`:
 * JSON.parse builds every one of them before a count of entries can be checked (20 M `{}` in a COCO file
 * took 2 GB and 20 s). Returns the count, or `max + 1` when there are more than `max`.
 */
export function countContainers(b, start, end, max) {
    let n = 0;
    let inString = false;
    for (let i = start; i < end; i++) {
        const c = b[i];
        if (inString) {
            if (c === 0x5c)
                i++;
            else if (c === 0x22)
                inString = false;
        }
        else if (c === 0x22)
            inString = true;
        else if (c === 0x5b || c === 0x7b) {
            if (++n > max)
                return n;
        }
    }
    return n;
}
