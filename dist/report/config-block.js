import { escapeMd, fmtInt } from './format.js';
/** Changes listed in the comment; the rest are counted (all are in report.json). */
export const CONFIG_CHANGES_SHOWN = 20;
function where(c, line) {
    return `<code>${escapeMd(c.path, 200)}${line !== undefined ? `:${line}` : ''}</code>`;
}
export function configBlock(report) {
    const c = report.config;
    if (!c)
        return '';
    const lines = [];
    if (c.error)
        lines.push(`- ⛔ **The pull request's config is invalid** (${where(c, c.error.line)}: ${escapeMd(c.error.message, 400)}): this run used the base revision's config and rates task-mismatch high (it fails closed) until the config is fixed.`);
    if (c.source === 'head')
        lines.push(`- No config at base: this pull request introduces ${where(c)}, so its datasets and model are used now; <code>fail-on</code> and <code>thresholds</code> take their defaults until it is merged.`);
    else if (c.head === 'missing')
        lines.push(`- The pull request deletes ${where(c)}; this run used the base revision's config.`);
    for (const ch of c.changes.slice(0, CONFIG_CHANGES_SHOWN)) {
        const what = ch.change === 'added'
            ? `adds <code>${escapeMd(ch.key, 200)}</code>${ch.head !== undefined ? ` = ${escapeMd(ch.head, 120)}` : ''}`
            : ch.change === 'removed'
                ? `removes <code>${escapeMd(ch.key, 200)}</code>`
                : `changes <code>${escapeMd(ch.key, 200)}</code>: ${escapeMd(ch.base ?? '', 120)} → ${escapeMd(ch.head ?? '', 120)}`;
        const effect = ch.effect === 'after-merge' ? 'takes effect after merge (this run used the base value)' : 'used in this run (defined only in head)';
        lines.push(`- ${where(c, ch.line)} ${what} — ${effect}`);
    }
    if (c.changes.length > CONFIG_CHANGES_SHOWN)
        lines.push(`- and ${fmtInt(c.changes.length - CONFIG_CHANGES_SHOWN)} more changes (see report.json)`);
    if (lines.length === 0)
        return '';
    return ['**Configuration** (the base revision decides how a pull request is judged)', '', ...lines].join('\n');
}
