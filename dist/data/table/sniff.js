/**
 * Delimiter sniffing for CSV-like files: comma, semicolon, tab or pipe. Each candidate splits the first
 * lines (quote-aware: a delimiter inside "…" does not count); a candidate is consistent when every
 * complete line it splits has the same number of fields, more than one. The consistent candidate with
 * the most fields wins; ties go to the file name's convention (tab for .tsv/.tab, else comma first).
 * When none is consistent the one whose most common field count covers the most lines wins, else the
 * name's default.
 */
export const DELIMITERS = [',', ';', '\t', '|'];
/** How many lines the sniffer looks at, at most, and how many bytes. */
const MAX_LINES = 50;
export const SNIFF_BYTES = 64 * 1024;
/** Field counts per line for one delimiter (complete lines only, blank lines skipped). */
function fieldCounts(text, delim, complete) {
    const counts = [];
    let fields = 1;
    let inQuotes = false;
    let atFieldStart = true;
    let blank = true;
    for (let i = 0; i < text.length && counts.length < MAX_LINES; i++) {
        const ch = text[i];
        if (inQuotes) {
            if (ch === '"') {
                if (text[i + 1] === '"')
                    i++;
                else
                    inQuotes = false;
            }
            continue;
        }
        if (ch === '"' && atFieldStart) {
            inQuotes = true;
            atFieldStart = false;
            blank = false;
            continue;
        }
        if (ch === '\n' || ch === '\r') {
            if (!blank)
                counts.push(fields);
            if (ch === '\r' && text[i + 1] === '\n')
                i++;
            fields = 1;
            atFieldStart = true;
            blank = true;
            continue;
        }
        if (ch === delim) {
            fields++;
            atFieldStart = true;
            blank = false;
            continue;
        }
        atFieldStart = false;
        if (ch !== ' ' && ch !== '\t')
            blank = false;
    }
    if (complete && !blank && counts.length < MAX_LINES)
        counts.push(fields);
    return counts;
}
/**
 * The delimiter of a delimited text file from its first bytes. `complete`: the bytes are the whole file
 * (its last line counts even without a newline). `preferred`: the file name's convention.
 */
export function sniffDelimiter(head, complete, preferred = ',') {
    let start = 0;
    if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf)
        start = 3;
    const text = new TextDecoder('utf-8').decode(head.subarray(start, start + SNIFF_BYTES));
    const order = [preferred, ...DELIMITERS.filter((d) => d !== preferred)];
    let best;
    let fallback;
    for (const d of order) {
        const counts = fieldCounts(text, d, complete);
        if (counts.length === 0)
            continue;
        const first = counts[0];
        if (first > 1 && counts.every((c) => c === first)) {
            if (!best || first > best.fields)
                best = { d, fields: first };
            continue;
        }
        const freq = new Map();
        for (const c of counts)
            if (c > 1)
                freq.set(c, (freq.get(c) ?? 0) + 1);
        for (const [fields, covered] of freq) {
            if (!fallback || covered > fallback.covered || (covered === fallback.covered && fields > fallback.fields))
                fallback = { d, covered, fields };
        }
    }
    if (best)
        return best.d;
    if (fallback && fallback.covered >= 2)
        return fallback.d;
    return preferred;
}
/** A delimiter's name for people ("comma", "semicolon", "tab", "pipe"). */
export function delimiterName(d) {
    return d === ',' ? 'comma' : d === ';' ? 'semicolon' : d === '\t' ? 'tab' : d === '|' ? 'pipe' : JSON.stringify(d);
}
