import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Matrix } from '../../src/stats/matrix.js';

export interface TransferCase {
  name: string;
  rows: number;
  cols: number;
  features: number[];
  labels: number[];
  logme: number;
  hscore: number;
  shrinkage: number;
  knn?: { accuracy: number; chance: number };
  probs?: number[];
  probCols?: number;
  leep?: number;
  nce?: number;
}

export function loadCases(): TransferCase[] {
  const file = path.join(process.cwd(), 'test', 'goldens', 'transfer.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { cases: TransferCase[] }).cases;
}

export function featuresOf(c: TransferCase): Matrix {
  return { rows: c.rows, cols: c.cols, data: Float64Array.from(c.features) };
}

export function probsOf(c: TransferCase): Matrix {
  return { rows: c.rows, cols: c.probCols!, data: Float64Array.from(c.probs!) };
}

export function relClose(actual: number, expected: number, rel = 1e-9): boolean {
  return Math.abs(actual - expected) <= rel * Math.max(Math.abs(expected), 1e-300) || actual === expected;
}
