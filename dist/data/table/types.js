/**
 * Columns a table may have (docs/config.md "Limits"): every column is kept for every sampled row and
 * measured, so a 1 MB JSON Lines file with 100,000 distinct keys ran the process out of memory. Beyond it
 * the file is unreadable.
 */
export const MAX_COLUMNS = 10_000;
/**
 * Bytes of a table cell kept as its value (CSV/TSV; JSON Lines strings and nested values; Parquet text,
 * bytes as hex, nested values as JSON; docs/config.md "Limits"): a longer cell keeps the text of its
 * first MAX_CELL_BYTES bytes (cut back to a UTF-8 character boundary) followed by `…`, and is never a number
 * or a missing token. Deterministic: two long cells are the same category exactly when their first
 * MAX_CELL_BYTES bytes are equal (the row's hash still covers every byte). Sixteen CSVs with one 30 MB cell
 * each had held 770 MB.
 */
export const MAX_CELL_BYTES = 4096;
