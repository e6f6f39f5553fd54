export const TEXT_EXTENSIONS = ['.txt', '.md'];
/** Lower-cased word and number tokens (Unicode letters/digits). */
export function tokenize(text) {
    return text.toLowerCase().match(/[\p{L}\p{M}]+|\p{N}+/gu) ?? [];
}
export function textFeatures(text) {
    let chars = 0;
    let nonAscii = 0;
    let digits = 0;
    for (const ch of text) {
        chars++;
        const cp = ch.codePointAt(0);
        if (cp > 127)
            nonAscii++;
        if (cp >= 48 && cp <= 57)
            digits++;
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
export function addUnseenTokenShare(base, head) {
    const docFreq = new Map();
    const baseTokens = base.map((it) => new Set(tokenize(it.text ?? '')));
    for (const set of baseTokens)
        for (const t of set)
            docFreq.set(t, (docFreq.get(t) ?? 0) + 1);
    base.forEach((it, i) => {
        if (it.text === undefined)
            return;
        const toks = tokenize(it.text);
        const own = baseTokens[i];
        let unseen = 0;
        for (const t of toks)
            if ((docFreq.get(t) ?? 0) - (own.has(t) ? 1 : 0) <= 0)
                unseen++;
        it.features.unseenTokenShare = toks.length > 0 ? unseen / toks.length : 0;
    });
    for (const it of head) {
        if (it.text === undefined)
            continue;
        const toks = tokenize(it.text);
        let unseen = 0;
        for (const t of toks)
            if (!docFreq.has(t))
                unseen++;
        it.features.unseenTokenShare = toks.length > 0 ? unseen / toks.length : 0;
    }
}
/** Decode bytes as UTF-8 text; undefined when it looks binary (NUL bytes). */
export function decodeText(bytes) {
    const probe = bytes.subarray(0, 8192);
    if (probe.includes(0))
        return undefined;
    let s = new TextDecoder('utf-8').decode(bytes);
    if (s.charCodeAt(0) === 0xfeff)
        s = s.slice(1);
    return s;
}
