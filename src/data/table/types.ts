/** Table readers: a bounded, deterministic sample of a CSV/TSV/JSONL/Parquet file as columns. */
import type { Columns } from '../item.js';

export type TableFormat = 'csv' | 'tsv' | 'jsonl' | 'parquet';

/** A file on disk, or bytes already in memory (e.g. a git blob) with the name they came from. */
export type TableInput = { path: string } | { name: string; data: Uint8Array };

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

export interface ReadTableOptions {
  /** rows kept per table (bottom-k by seeded hash of the row's content); 0 = every row */
  sampleSize: number;
  seed: number;
  /** force a format instead of detecting it from the name/content */
  format?: TableFormat;
  /** columns whose cells stay the raw text (no number conversion); used for mixed columns */
  rawColumns?: readonly string[];
  /**
   * sampleSize 0, CSV/TSV: numeric columns come as packed double arrays with NaN for missing cells
   * (src/stats/feature-drift.ts reads NaN as missing) instead of null — compact and fast
   */
  nanMissing?: boolean;
  /** called after each chunk of CSV/TSV/JSONL bytes is parsed, with the chunk's size (progress) */
  onBytes?: (bytes: number) => void;
  /** compute `rowKeys` (default true; with sampleSize 0 this costs a hash per row) */
  rowKeys?: boolean;
  /** what a gzipped table may inflate to (default MAX_INFLATED_BYTES, 1 GiB); beyond it the file is an input error */
  maxInflatedBytes?: number;
  /** CSV/TSV, JSON Lines and Parquet: bytes of a cell kept as its value (default MAX_CELL_BYTES, 4 KiB); see MAX_CELL_BYTES */
  maxCellBytes?: number;
  /** rows a Parquet file may claim (default MAX_PARQUET_ROWS, 20 M); beyond it the file is an input error */
  maxParquetRows?: number;
  /** Parquet: cells of flat columns decoded at once (default 1 M); smaller only to test the slicing */
  parquetSliceCells?: number;
}

export interface TableSample {
  /** column name → cell values of the kept rows, in `rowKeys` order */
  columns: Columns;
  /**
   * per kept row, the seeded content hash as 14 hex digits (the bottom-k key); in file order when
   * sampleSize is 0, else ascending by hash. Empty when `rowKeys: false` was asked.
   */
  rowKeys: string[];
  /** data rows in the file (before sampling) */
  totalRows: number;
  format: TableFormat;
  /** CSV/TSV: the field delimiter, as sniffed */
  delimiter?: string;
}
