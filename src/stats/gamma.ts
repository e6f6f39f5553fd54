/**
 * Special functions: log-gamma, regularized incomplete gamma P/Q, chi-square survival, erf/erfc
 * and the normal CDF. Pure double-precision code; accuracy is checked against scipy in
 * test/stats/gamma.test.ts (relative error well below 1e-12 in the tested ranges).
 */

const LANCZOS_G = 7;
const LANCZOS_COEF = [
  0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.6150291621406, 12.507343278686905, -0.13857109526572012,
  0.000009984369578019572, 1.5056327351493116e-7,
];
const LOG_SQRT_2PI = 0.9189385332046728; // log(√(2π))

/** log(Γ(x)) for x > 0 (Lanczos for small x, Stirling series for large x). */
export function lgamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) {
    if (Number.isInteger(x)) return Infinity;
    // reflection: Γ(x)Γ(1−x) = π / sin(πx)
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  }
  if (x === 1 || x === 2) return 0;
  if (x >= 15) {
    // Stirling series with Bernoulli terms
    const r = 1 / x;
    const r2 = r * r;
    const series = r * (1 / 12 + r2 * (-1 / 360 + r2 * (1 / 1260 + r2 * (-1 / 1680 + r2 * (1 / 1188 + r2 * (-691 / 360360 + r2 * (1 / 156)))))));
    return (x - 0.5) * Math.log(x) - x + LOG_SQRT_2PI + series;
  }
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lgamma(1 - x);
  const xm = x - 1;
  let a = LANCZOS_COEF[0]!;
  const t = xm + LANCZOS_G + 0.5;
  for (let i = 1; i < LANCZOS_G + 2; i++) a += LANCZOS_COEF[i]! / (xm + i);
  return LOG_SQRT_2PI + (xm + 0.5) * Math.log(t) - t + Math.log(a);
}

const EPS = 2.220446049250313e-16;
const TINY = 1e-300;

/** log of the prefactor x^a e^-x / Γ(a). */
function logPrefactor(a: number, x: number): number {
  return a * Math.log(x) - x - lgamma(a);
}

/** series for P(a, x), valid for x < a + 1. */
function gammaPSeries(a: number, x: number): number {
  let ap = a;
  let del = 1 / a;
  let sum = del;
  for (let n = 0; n < 100000; n++) {
    ap += 1;
    del *= x / ap;
    sum += del;
    if (Math.abs(del) < Math.abs(sum) * EPS) break;
  }
  return sum * Math.exp(logPrefactor(a, x));
}

/** continued fraction (modified Lentz) for Q(a, x), valid for x ≥ a + 1. */
function gammaQContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return Math.exp(logPrefactor(a, x)) * h;
}

/** Regularized lower incomplete gamma P(a, x) (= scipy.special.gammainc). */
export function gammaP(a: number, x: number): number {
  if (Number.isNaN(a) || Number.isNaN(x) || a <= 0 || x < 0) return NaN;
  if (x === 0) return 0;
  if (x === Infinity) return 1;
  if (x < a + 1) return gammaPSeries(a, x);
  return 1 - gammaQContinuedFraction(a, x);
}

/** Regularized upper incomplete gamma Q(a, x) = 1 − P(a, x) (= scipy.special.gammaincc). */
export function gammaQ(a: number, x: number): number {
  if (Number.isNaN(a) || Number.isNaN(x) || a <= 0 || x < 0) return NaN;
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  if (x < a + 1) return 1 - gammaPSeries(a, x);
  return gammaQContinuedFraction(a, x);
}

/** Survival function of the chi-square distribution with k degrees of freedom (= scipy.stats.chi2.sf). */
export function chi2Sf(x: number, k: number): number {
  if (Number.isNaN(x) || Number.isNaN(k) || k <= 0) return NaN;
  if (x <= 0) return 1;
  return gammaQ(k / 2, x / 2);
}

/** Complementary error function (= scipy.special.erfc). */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x === 0) return 1;
  return gammaQ(0.5, x * x);
}

/** Error function (= scipy.special.erf). */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return -erf(-x);
  if (x === 0) return 0;
  return gammaP(0.5, x * x);
}

/** Standard normal CDF Φ(x) (= scipy.special.ndtr), accurate in both tails. */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** Standard normal survival function 1 − Φ(x). */
export function normalSf(x: number): number {
  return normalCdf(-x);
}
