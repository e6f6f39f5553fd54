/**
 * Per-clip audio features from a WAV file. Format features (how the file is stored): sampleRate,
 * channels, bitDepth, duration. Content features (what it sounds like), measured in canonical form —
 * mixed to mono and resampled to CANONICAL_AUDIO_RATE (the built-in audio embedding's 16 kHz) with the
 * band-limited resampler (src/stats/resample.ts), so the same sound stored at another sample rate
 * measures the same: rmsDbfs, noiseFloorDbfs, snrDb, spectralCentroid, zeroCrossingRate; clippingShare
 * is read from the stored samples (clipping happens at recording). At most `maxSeconds` (default
 * 120 s) are analyzed; the duration is the file's.
 */
import { resamplePoly } from '../stats/resample.js';
import type { FeatureValue } from './item.js';
import { parseWav } from './wav.js';

/** The sample rate audio content is measured at: the built-in audio embedding's (src/embed/audio.ts). */
export const CANONICAL_AUDIO_RATE = 16000;

export const AUDIO_EXTENSIONS = ['.wav', '.wave'];

/** dBFS floor for digital silence */
const FLOOR_DB = -120;

export function dbfs(rms: number): number {
  return rms > 0 ? Math.max(FLOOR_DB, 20 * Math.log10(rms)) : FLOOR_DB;
}

export function audioFeatures(bytes: Uint8Array, opts: { maxSeconds?: number; rate?: number } = {}): Record<string, FeatureValue> {
  const probe = parseWav(bytes, { maxFrames: 0 });
  const maxFrames = Math.floor((opts.maxSeconds ?? 120) * probe.sampleRate);
  const wav = parseWav(bytes, { maxFrames: Math.max(1, maxFrames) });
  const sr = opts.rate ?? CANONICAL_AUDIO_RATE;
  const mono = resamplePoly(mixToMono(wav.samples), wav.sampleRate, sr);
  const level = rms(mono);
  const frameRms = frameLevels(mono, Math.max(1, Math.round(sr * 0.05)));
  const frameDb = Float64Array.from(frameRms, dbfs).sort();
  const noiseFloor = percentile(frameDb, 0.1);
  const rmsDb = dbfs(level);
  return {
    sampleRate: wav.sampleRate,
    channels: wav.channels,
    bitDepth: wav.bitsPerSample,
    duration: wav.totalFrames / wav.sampleRate,
    rmsDbfs: rmsDb,
    noiseFloorDbfs: noiseFloor,
    snrDb: rmsDb - noiseFloor,
    spectralCentroid: spectralCentroid(mono, sr),
    zeroCrossingRate: zeroCrossingRate(mono),
    clippingShare: clippingShare(wav.samples),
  };
}

export function mixToMono(channels: Float32Array[]): Float32Array {
  if (channels.length === 1) return channels[0]!;
  const n = channels[0]!.length;
  const out = new Float32Array(n);
  for (const ch of channels) for (let i = 0; i < n; i++) out[i]! += ch[i]! / channels.length;
  return out;
}

export function rms(x: Float32Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
  return x.length > 0 ? Math.sqrt(s / x.length) : 0;
}

/** RMS of consecutive non-overlapping frames (a last partial frame counts when at least half full). */
export function frameLevels(x: Float32Array, frame: number): Float64Array {
  const out: number[] = [];
  for (let start = 0; start < x.length; start += frame) {
    const end = Math.min(x.length, start + frame);
    if (end - start < frame / 2 && out.length > 0) break;
    out.push(rms(x.subarray(start, end)));
  }
  return Float64Array.from(out);
}

function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return FLOOR_DB;
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Share of adjacent sample pairs whose sign differs (zero counts as positive). */
export function zeroCrossingRate(x: Float32Array): number {
  if (x.length < 2) return 0;
  let c = 0;
  for (let i = 1; i < x.length; i++) if (x[i - 1]! >= 0 !== x[i]! >= 0) c++;
  return c / (x.length - 1);
}

/** Share of samples at or within 0.1% of full scale, over all channels. */
export function clippingShare(channels: Float32Array[]): number {
  let c = 0;
  let n = 0;
  for (const ch of channels) {
    for (let i = 0; i < ch.length; i++) if (Math.abs(ch[i]!) >= 0.999) c++;
    n += ch.length;
  }
  return n > 0 ? c / n : 0;
}

/**
 * Spectral centroid (Hz) of the summed magnitude spectrum of up to `maxFrames` Hann-windowed
 * frames of `size` samples spread evenly over the clip.
 */
export function spectralCentroid(x: Float32Array, sampleRate: number, size = 2048, maxFrames = 64): number {
  let n = size;
  while (n > 32 && n > x.length) n >>= 1;
  if (x.length < n) return 0;
  const count = Math.min(maxFrames, Math.floor(x.length / n));
  const step = count > 1 ? Math.floor((x.length - n) / (count - 1)) : 0;
  const mag = new Float64Array(n / 2 + 1);
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  const win = new Float64Array(n);
  for (let i = 0; i < n; i++) win[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1));
  for (let f = 0; f < count; f++) {
    const start = f * step;
    for (let i = 0; i < n; i++) {
      re[i] = x[start + i]! * win[i]!;
      im[i] = 0;
    }
    fft(re, im);
    for (let k = 0; k <= n / 2; k++) mag[k]! += Math.hypot(re[k]!, im[k]!);
  }
  let num = 0;
  let den = 0;
  for (let k = 0; k <= n / 2; k++) {
    num += ((k * sampleRate) / n) * mag[k]!;
    den += mag[k]!;
  }
  return den > 0 ? num / den : 0;
}

/** In-place iterative radix-2 FFT; length must be a power of two. */
export function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (-2 * Math.PI) / len;
    const wr = Math.cos(ang);
    const wi = Math.sin(ang);
    for (let i = 0; i < n; i += len) {
      let cr = 1;
      let ci = 0;
      for (let k = 0; k < len / 2; k++) {
        const a = i + k;
        const b = a + len / 2;
        const tr = re[b]! * cr - im[b]! * ci;
        const ti = re[b]! * ci + im[b]! * cr;
        re[b] = re[a]! - tr;
        im[b] = im[a]! - ti;
        re[a]! += tr;
        im[a]! += ti;
        const ncr = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = ncr;
      }
    }
  }
}
