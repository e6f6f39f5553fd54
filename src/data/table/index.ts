export { readTable, formatFromName, isTableFile } from './read.js';
export type { ReadTableOptions, TableFormat, TableInput, TableSample } from './types.js';
export { NA_TOKENS, parseNumberBytes, parseNumberText, textCell } from './cells.js';
