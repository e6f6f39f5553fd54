/**
 * Fisher's exact test on a 2×2 table [[a, b], [c, d]], two-sided, as scipy.stats.fisher_exact: the
 * p-value is the probability under the hypergeometric null (margins fixed) of every table at most as
 * likely as the observed one. The probabilities are computed relative to the mode by the pmf's
 * ratio recurrence and normalized by their sum (no factorials, no overflow); tables within a relative
 * 1e-7 of the observed probability count as equally likely (ties). A row or column of zeros → p = 1.
 */
export function fisherExact(a: number, b: number, c: number, d: number): number {
  for (const x of [a, b, c, d]) if (!(Number.isInteger(x) && x >= 0)) throw new RangeError(`fisherExact: counts must be whole numbers ≥ 0, got ${x}`);
  const n1 = a + b; // first row
  const n2 = c + d; // second row
  const n = a + c; // first column
  if (n1 === 0 || n2 === 0 || n === 0 || b + d === 0) return 1;
  const lo = Math.max(0, n - n2);
  const hi = Math.min(n, n1);
  const size = hi - lo + 1;
  // mode of the hypergeometric distribution of the top-left cell
  const mode = Math.min(hi, Math.max(lo, Math.floor(((n + 1) * (n1 + 1)) / (n1 + n2 + 2))));
  const rel = new Float64Array(size);
  rel[mode - lo] = 1;
  // pmf(k + 1) / pmf(k) = (n1 − k)(n − k) / ((k + 1)(n2 − n + k + 1))
  for (let k = mode; k < hi; k++) rel[k + 1 - lo] = (rel[k - lo]! * (n1 - k) * (n - k)) / ((k + 1) * (n2 - n + k + 1));
  for (let k = mode; k > lo; k--) rel[k - 1 - lo] = (rel[k - lo]! * k * (n2 - n + k)) / ((n1 - k + 1) * (n - k + 1));
  let total = 0;
  for (let i = 0; i < size; i++) total += rel[i]!;
  const observed = rel[a - lo]! * (1 + 1e-7);
  let p = 0;
  for (let i = 0; i < size; i++) if (rel[i]! <= observed) p += rel[i]!;
  return Math.min(1, p / total);
}
