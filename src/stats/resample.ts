/**
 * Band-limited resampling by a rational factor, as scipy.signal.resample_poly(x, up, down) with its
 * defaults: up/down = to/from reduced by their gcd, a Kaiser-windowed sinc low-pass (β 5,
 * 2·10·max(up, down) + 1 taps, cutoff 1/max(up, down) of Nyquist, unit DC gain, times `up`), applied
 * polyphase to the zero-stuffed signal with zero padding, output length ceil(n·up / down), delayed so
 * output sample 0 is input sample 0. Unlike linear interpolation it removes content above the new
 * Nyquist frequency instead of folding it back (aliasing), so the same sound recorded at two sample
 * rates comes out (nearly) the same: the built-in audio embedding and the audio features use it.
 */

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Modified Bessel function of the first kind, order 0 (power series; converges for all x). */
export function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 500; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

/**
 * The largest reduced ratio up/down (either side) resampled: the filter has 20·max(up, down) + 1 taps, so a
 * file at a prime rate of 5,000,011 Hz would need 100 M taps (800 MB). 20,000 keeps every rate in use
 * (44,056 Hz → 16 kHz is 5,507/2,000; 11,127 Hz is 16,000/11,127) within 400 k taps (3.2 MB).
 */
export const MAX_RESAMPLE_RATIO = 20_000;
/** Filters kept for reuse (per reduced ratio); the oldest goes first. */
const MAX_CACHED_FILTERS = 8;
const filters = new Map<string, Float64Array>();

/** scipy.signal.firwin(2·half + 1, 1/max, window=('kaiser', 5.0)) · up, for the reduced ratio up/down. */
function designFilter(up: number, down: number): Float64Array {
  const key = `${up}/${down}`;
  let h = filters.get(key);
  if (h) return h;
  if (filters.size >= MAX_CACHED_FILTERS) filters.delete(filters.keys().next().value!);
  const maxRate = Math.max(up, down);
  const cutoff = 1 / maxRate;
  const half = 10 * maxRate;
  const taps = 2 * half + 1;
  h = new Float64Array(taps);
  const beta = 5;
  const i0b = besselI0(beta);
  let sum = 0;
  for (let i = 0; i < taps; i++) {
    const m = i - half;
    const x = cutoff * m;
    const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    const r = (2 * i) / (taps - 1) - 1;
    const w = besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / i0b;
    h[i] = cutoff * sinc * w;
    sum += h[i]!;
  }
  for (let i = 0; i < taps; i++) h[i] = (h[i]! / sum) * up;
  filters.set(key, h);
  return h;
}

/** Resample `x` from `from` Hz to `to` Hz (integers); returns a new array (or `x` itself when the rates are equal). */
export function resamplePoly<T extends Float32Array | Float64Array>(x: T, from: number, to: number): T {
  if (!(Number.isInteger(from) && Number.isInteger(to) && from > 0 && to > 0))
    throw new RangeError(`resamplePoly: sample rates must be positive integers, got ${from} → ${to}`);
  if (from === to || x.length === 0) return x;
  const g = gcd(to, from);
  const up = to / g;
  const down = from / g;
  if (Math.max(up, down) > MAX_RESAMPLE_RATIO) {
    throw new RangeError(
      `cannot resample ${from} Hz to ${to} Hz: the ratio ${up}/${down} needs a ${2 * 10 * Math.max(up, down) + 1}-tap filter (at most ${MAX_RESAMPLE_RATIO} either way)`,
    );
  }
  const h = designFilter(up, down);
  const half = (h.length - 1) / 2;
  const nIn = x.length;
  const nOut = Math.ceil((nIn * up) / down);
  const out = new Float64Array(nOut);
  // y[m] = Σ_k h[t − k·up]·x[k] with t = m·down + half (the filter's delay removed), 0 ≤ t − k·up < taps
  const taps = h.length;
  for (let m = 0; m < nOut; m++) {
    const t = m * down + half;
    let kMax = Math.floor(t / up);
    if (kMax > nIn - 1) kMax = nIn - 1;
    const kMin = Math.max(0, Math.ceil((t - taps + 1) / up));
    let s = 0;
    for (let k = kMin; k <= kMax; k++) s += h[t - k * up]! * x[k]!;
    out[m] = s;
  }
  return (x instanceof Float32Array ? Float32Array.from(out) : out) as T;
}
