/** Loads test/goldens/stats.json (written by test/goldens/generate_stats.py with numpy/scipy). */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from '@jest/globals';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Golden = any;

let cached: Golden | undefined;
export function golden(): Golden {
  cached ??= JSON.parse(fs.readFileSync(path.resolve(process.cwd(), 'test/goldens/stats.json'), 'utf8'));
  return cached;
}

/** |actual − expected| ≤ rel·|expected| (or ≤ abs), with a readable failure. */
export function expectClose(actual: number, expected: number, rel = 1e-9, abs = 1e-300, what = ''): void {
  const ok = actual === expected || (Number.isNaN(actual) && Number.isNaN(expected)) || Math.abs(actual - expected) <= Math.max(rel * Math.abs(expected), abs);
  if (!ok) {
    const err = Math.abs(actual - expected) / Math.abs(expected);
    throw new Error(`${what}: expected ${expected}, got ${actual} (rel err ${err.toExponential(2)})`);
  }
  expect(ok).toBe(true);
}

/** p-values: 1e-6 relative or 1e-12 absolute */
export function expectP(actual: number, expected: number, what = ''): void {
  expectClose(actual, expected, 1e-6, 1e-12, what);
}

export function f64(x: number[]): Float64Array {
  return Float64Array.from(x);
}

/** the integer-formula samples of the generator: ((i·a + c) mod p) / p · scale + shift */
export function formulaSample(spec: number[]): Float64Array {
  const [n, a, c, p, scale, shift] = spec as [number, number, number, number, number, number];
  const out = new Float64Array(n);
  const A = BigInt(a);
  const C = BigInt(c);
  const P = BigInt(p);
  for (let i = 0; i < n; i++) {
    const r = (BigInt(i) * A + C) % P;
    out[i] = (Number(r) / p) * scale + shift;
  }
  return out;
}
