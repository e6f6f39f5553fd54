export { readTable, formatFromName, isTableFile } from './read.js';
export { NA_TOKENS, parseNumberBytes, parseNumberText, textCell } from './cells.js';
