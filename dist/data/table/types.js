/**
 * Columns a table may have (docs/config.md "Limits"): every column is kept for every sampled row and
 * measured, so a 1 MB JSON Lines file with 100,000 distinct keys ran the process out of memory. Beyond it
 * the file is unreadable.
 */
export const MAX_COLUMNS = 10_000;
