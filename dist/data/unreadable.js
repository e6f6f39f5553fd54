/**
 * Unreadable data as evidence (issue 12, item 2): readable items are always analyzed, whatever share
 * is unreadable; the unreadable share of each side (items, and rows for tables) goes into the report
 * and data-drift grades it (src/risk/unreadable.ts). A side with nothing readable cannot be analyzed:
 * that is the dataset's `error` (it fails closed, src/risk/data-drift.ts).
 *
 * Rows of an unreadable table file are estimated from its line count (CSV/TSV: lines minus the
 * header; JSONL: lines), so a header-only CSV adds no unreadable rows while a corrupt file with a
 * million lines weighs a million rows. When the lines cannot be counted (Parquet, a file over the
 * size limit, a missing LFS object), the file is assumed to hold as many rows as the side's readable
 * table files hold on average (one row when there is none).
 */
import { gunzipSync } from 'node:zlib';
/** Bytes a gzipped table is inflated to at most when counting its lines. */
const MAX_GUNZIP_FOR_COUNT = 64 * 1024 * 1024;
/** Data rows of a table file that could not be parsed, from its line count; undefined when they cannot be counted. */
export function estimateTableRows(path, data) {
    if (!data)
        return undefined;
    const lower = path.toLowerCase();
    let bytes = data;
    if (lower.endsWith('.gz')) {
        try {
            bytes = gunzipSync(data, { maxOutputLength: MAX_GUNZIP_FOR_COUNT });
        }
        catch {
            return undefined;
        }
    }
    const name = lower.replace(/\.gz$/, '');
    if (name.endsWith('.parquet') || name.endsWith('.pq'))
        return undefined;
    let lines = 0;
    for (let i = 0; i < bytes.length; i++)
        if (bytes[i] === 0x0a)
            lines++;
    if (bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a)
        lines++;
    const header = name.endsWith('.jsonl') || name.endsWith('.ndjson') ? 0 : 1;
    return Math.max(0, lines - header);
}
/** The report's numbers for one side. */
export function unreadableSide(c) {
    const readableTables = c.tables.tried - c.tables.failed;
    const meanRows = readableTables > 0 ? c.tables.rowsRead / readableTables : 1;
    const failedRows = Math.round(c.tables.failedRows.reduce((a, r) => a + (r ?? meanRows), 0));
    const out = { items: c.items.failed + c.tables.failed, of: c.items.tried + c.tables.tried, share: 0 };
    if (c.tables.tried > 0)
        out.rows = { unreadable: failedRows, of: c.tables.rowsRead + failedRows };
    const units = c.items.tried + c.tables.rowsRead + failedRows;
    out.share = units > 0 ? Math.min(1, (c.items.failed + failedRows) / units) : 0;
    return out;
}
/** Both sides' numbers, or undefined when everything could be read. */
export function unreadableReport(c) {
    const base = unreadableSide(c.base);
    const head = unreadableSide(c.head);
    return base.items > 0 || head.items > 0 ? { base, head } : undefined;
}
/** Items that failed after they were read (e.g. could not be decoded for embedding) are unreadable too. */
export function withLaterFailures(c, failed) {
    const out = { base: structuredClone(c.base), head: structuredClone(c.head) };
    for (const f of failed)
        out[f.side].items.failed = Math.min(out[f.side].items.tried + out[f.side].tables.rowsRead, out[f.side].items.failed + 1);
    return out;
}
/** Empty counts (nothing tried). */
export function noCounts() {
    return { items: { tried: 0, failed: 0 }, tables: { tried: 0, failed: 0, rowsRead: 0, failedRows: [] } };
}
