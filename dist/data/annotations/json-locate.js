/**
 * Line numbers for entries of a JSON document that JSON.parse has already accepted: one iterative
 * pass over the text finds where elements of a top-level array start (e.g. `annotations[17]`), so a
 * malformed COCO entry can be reported as `file:line`. Only run when there is something to report.
 */
/** Offsets of the elements `indices` of the array under top-level key `key`. */
export function locateElements(text, key, indices) {
    const out = new Map();
    if (indices.size === 0)
        return out;
    let pos = skipWs(text, 0);
    if (text[pos] !== '{')
        return out;
    pos++;
    for (;;) {
        pos = skipWs(text, pos);
        if (text[pos] === '}' || pos >= text.length)
            return out;
        if (text[pos] === ',') {
            pos++;
            continue;
        }
        const keyEnd = skipString(text, pos);
        const name = JSON.parse(text.slice(pos, keyEnd));
        pos = skipWs(text, keyEnd);
        pos++; // ':'
        pos = skipWs(text, pos);
        if (name === key && text[pos] === '[') {
            pos++;
            let i = 0;
            for (;;) {
                pos = skipWs(text, pos);
                if (text[pos] === ']' || pos >= text.length)
                    return out;
                if (text[pos] === ',') {
                    pos++;
                    continue;
                }
                if (indices.has(i))
                    out.set(i, pos);
                if (out.size === indices.size)
                    return out;
                pos = skipValue(text, pos);
                i++;
            }
        }
        pos = skipValue(text, pos);
    }
}
/** 1-based line of each offset (one pass). */
export function linesOf(text, offsets) {
    const sorted = [...new Set(offsets)].sort((a, b) => a - b);
    const out = new Map();
    let line = 1;
    let p = 0;
    for (const o of sorted) {
        for (; p < o && p < text.length; p++)
            if (text.charCodeAt(p) === 10)
                line++;
        out.set(o, line);
    }
    return out;
}
/** 1-based line of a character offset. */
export function lineAt(text, offset) {
    return linesOf(text, [offset]).get(offset);
}
function skipWs(s, p) {
    while (p < s.length) {
        const c = s.charCodeAt(p);
        if (c !== 32 && c !== 9 && c !== 10 && c !== 13)
            break;
        p++;
    }
    return p;
}
function skipString(s, p) {
    p++; // opening quote
    while (p < s.length) {
        const c = s.charCodeAt(p);
        if (c === 92)
            p += 2;
        else if (c === 34)
            return p + 1;
        else
            p++;
    }
    return p;
}
/** End offset of the value starting at `p` (iterative: nesting depth costs no stack). */
function skipValue(s, p) {
    const c = s[p];
    if (c === '"')
        return skipString(s, p);
    if (c !== '{' && c !== '[') {
        while (p < s.length && !',]}'.includes(s[p]) && !/\s/.test(s[p]))
            p++;
        return p;
    }
    let depth = 0;
    while (p < s.length) {
        const ch = s[p];
        if (ch === '"') {
            p = skipString(s, p);
            continue;
        }
        if (ch === '{' || ch === '[')
            depth++;
        else if (ch === '}' || ch === ']') {
            depth--;
            if (depth === 0)
                return p + 1;
        }
        p++;
    }
    return p;
}
/**
 * Offset of the first syntax error in a JSON text (undefined when it is valid). Iterative: a
 * deeply nested document costs no stack. Used to give `file:line` when JSON.parse fails, since
 * V8's messages do not always carry the position.
 */
export function jsonErrorOffset(s) {
    const stack = [];
    let p = 0;
    let state = 'value';
    const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    for (;;) {
        p = skipWs(s, p);
        if (state === 'value' || state === 'valueOrEnd') {
            if (p >= s.length)
                return p;
            const c = s[p];
            if (state === 'valueOrEnd' && c === ']') {
                stack.pop();
                p++;
                state = 'after';
            }
            else if (c === '{') {
                stack.push('{');
                p++;
                state = 'keyOrEnd';
            }
            else if (c === '[') {
                stack.push('[');
                p++;
                state = 'valueOrEnd';
            }
            else if (c === '"') {
                const end = scanString(s, p);
                if (end < 0)
                    return -end - 1;
                p = end;
                state = 'after';
            }
            else if (s.startsWith('true', p) || s.startsWith('null', p)) {
                p += 4;
                state = 'after';
            }
            else if (s.startsWith('false', p)) {
                p += 5;
                state = 'after';
            }
            else {
                NUMBER.lastIndex = p;
                if (!NUMBER.test(s))
                    return p;
                p = NUMBER.lastIndex;
                state = 'after';
            }
            continue;
        }
        if (state === 'key' || state === 'keyOrEnd') {
            if (state === 'keyOrEnd' && s[p] === '}') {
                stack.pop();
                p++;
                state = 'after';
                continue;
            }
            if (s[p] !== '"')
                return p;
            const end = scanString(s, p);
            if (end < 0)
                return -end - 1;
            p = skipWs(s, end);
            if (s[p] !== ':')
                return p;
            p++;
            state = 'value';
            continue;
        }
        // after a value
        if (stack.length === 0)
            return p < s.length ? p : undefined;
        const top = stack[stack.length - 1];
        if (s[p] === ',') {
            p++;
            state = top === '{' ? 'key' : 'value';
        }
        else if ((top === '{' && s[p] === '}') || (top === '[' && s[p] === ']')) {
            stack.pop();
            p++;
        }
        else
            return p;
    }
}
/** End offset of a string starting at `p`, or −(offset + 1) of the error inside it. */
function scanString(s, p) {
    p++;
    while (p < s.length) {
        const c = s.charCodeAt(p);
        if (c === 34)
            return p + 1;
        if (c < 0x20)
            return -(p + 1);
        if (c === 92) {
            const e = s[p + 1];
            if (e === 'u') {
                if (!/^[0-9a-fA-F]{4}$/.test(s.slice(p + 2, p + 6)))
                    return -(p + 1);
                p += 6;
            }
            else if (e !== undefined && '"\\/bfnrt'.includes(e))
                p += 2;
            else
                return -(p + 1);
        }
        else
            p++;
    }
    return -(p + 1);
}
