/**
 * Default audio embedding: log-mel spectrogram statistics.
 *
 * WAV → mono → 16 kHz (band-limited: src/stats/resample.ts, = scipy's resample_poly) → first `maxSeconds` → STFT (25 ms Hann
 * frames, 10 ms hop, FFT 512) with `tf.signal.stft` → power → 64 mel bands (HTK mel scale, 20–8000 Hz,
 * triangular filters) → log(mel + 1e-6) → per band: mean and standard deviation over frames, and the
 * mean absolute frame-to-frame difference (192 dims).
 *
 * The STFT is `tf.signal.stft` on backends with a native FFT (tfjs-node); the WASM backend has no FFT
 * kernel and the cpu backend's JS FFT is slow, so there the same STFT is computed as a matrix product
 * with the real DFT basis (identical definition: same frames, tf.signal.hannWindow, zero padding).
 */
import type { Tensor2D } from '@tensorflow/tfjs';
import { mixToMono } from '../data/audio.js';
import { parseWav } from '../data/wav.js';
import { resamplePoly } from '../stats/resample.js';
import type { Tf } from './backends.js';

export const AUDIO = {
  sampleRate: 16000,
  frameLength: 400,
  frameStep: 160,
  fftLength: 512,
  mels: 64,
  fmin: 20,
  fmax: 8000,
  maxSeconds: 30,
} as const;

export const AUDIO_STATS_DIMS = AUDIO.mels * 3;

export const AUDIO_PREPROCESSING = `audio log-mel ${AUDIO.sampleRate}Hz frame=${AUDIO.frameLength} hop=${AUDIO.frameStep} fft=${AUDIO.fftLength} mels=${AUDIO.mels} ${AUDIO.fmin}-${AUDIO.fmax}Hz max=${AUDIO.maxSeconds}s`;

/** Decode a WAV file to mono 16 kHz samples (at most `maxSeconds`). */
export function decodeAudio(bytes: Uint8Array, maxSeconds: number = AUDIO.maxSeconds): Float32Array {
  const head = parseWav(bytes, { maxFrames: 1 });
  const wav = parseWav(bytes, { maxFrames: Math.ceil(head.sampleRate * maxSeconds) + 1 });
  const mono = mixToMono(wav.samples);
  return resamplePoly(mono, wav.sampleRate, AUDIO.sampleRate);
}

/** Resample by a centred moving-average low-pass (when downsampling) and linear interpolation. */
export function resample(x: Float32Array, from: number, to: number): Float32Array {
  if (from === to || x.length === 0) return x;
  let src = x;
  const w = from > to ? Math.round(from / to) : 1;
  if (w > 1) {
    const prefix = new Float64Array(x.length + 1);
    for (let i = 0; i < x.length; i++) prefix[i + 1] = prefix[i]! + x[i]!;
    src = new Float32Array(x.length);
    const half = Math.floor(w / 2);
    for (let i = 0; i < x.length; i++) {
      const lo = Math.max(0, i - half);
      const hi = Math.min(x.length, i - half + w);
      src[i] = (prefix[hi]! - prefix[lo]!) / (hi - lo);
    }
  }
  const n = Math.max(1, Math.floor((x.length * to) / from));
  const out = new Float32Array(n);
  const ratio = from / to;
  for (let i = 0; i < n; i++) {
    const t = i * ratio;
    const j = Math.floor(t);
    const f = t - j;
    const a = src[Math.min(j, src.length - 1)]!;
    const b = src[Math.min(j + 1, src.length - 1)]!;
    out[i] = a + (b - a) * f;
  }
  return out;
}

const hzToMel = (hz: number): number => 2595 * Math.log10(1 + hz / 700);
const melToHz = (mel: number): number => 700 * (10 ** (mel / 2595) - 1);

/** Triangular mel filterbank, row-major bins × mels (bins = fftLength/2 + 1). */
export function melFilterbank(sampleRate: number, fftLength: number, mels: number, fmin: number, fmax: number): Float32Array {
  const bins = fftLength / 2 + 1;
  const out = new Float32Array(bins * mels);
  const mlo = hzToMel(fmin);
  const mhi = hzToMel(Math.min(fmax, sampleRate / 2));
  const edges = Array.from({ length: mels + 2 }, (_, i) => melToHz(mlo + ((mhi - mlo) * i) / (mels + 1)));
  for (let b = 0; b < bins; b++) {
    const hz = (b * sampleRate) / fftLength;
    for (let m = 0; m < mels; m++) {
      const l = edges[m]!;
      const c = edges[m + 1]!;
      const r = edges[m + 2]!;
      let w = 0;
      if (hz > l && hz <= c) w = (hz - l) / (c - l);
      else if (hz > c && hz < r) w = (r - hz) / (r - c);
      out[b * mels + m] = w;
    }
  }
  return out;
}

/** Centre frequency (Hz) of each mel band. */
export function melCenters(mels: number = AUDIO.mels, fmin: number = AUDIO.fmin, fmax: number = AUDIO.fmax): number[] {
  const mlo = hzToMel(fmin);
  const mhi = hzToMel(fmax);
  return Array.from({ length: mels }, (_, i) => melToHz(mlo + ((mhi - mlo) * (i + 1)) / (mels + 1)));
}

/**
 * tf.signal.stft where the backend has a native FFT (tfjs-node: 'tensorflow'); the wasm backend has no
 * FFT kernel and the pure-JS cpu FFT is ~10× slower than the equivalent DFT matrix product, so those
 * use the matrix product (same frames, window, padding and result; see test/embed/audio.test.ts).
 */
export function useNativeStft(tf: Tf): boolean {
  const getKernel = (tf as unknown as { getKernel?: (name: string, backend: string) => unknown }).getKernel;
  const backend = tf.getBackend();
  return backend === 'tensorflow' && typeof getKernel === 'function' && getKernel('FFT', backend) !== undefined;
}

const basisCache = new Map<string, { cos: Float32Array; sin: Float32Array }>();

function dftBasis(fftLength: number, frameLength: number): { cos: Float32Array; sin: Float32Array } {
  const key = `${fftLength}/${frameLength}`;
  let b = basisCache.get(key);
  if (!b) {
    const bins = fftLength / 2 + 1;
    const cos = new Float32Array(frameLength * bins);
    const sin = new Float32Array(frameLength * bins);
    for (let n = 0; n < frameLength; n++) {
      for (let k = 0; k < bins; k++) {
        const ang = (2 * Math.PI * ((n * k) % fftLength)) / fftLength;
        cos[n * bins + k] = Math.cos(ang);
        sin[n * bins + k] = -Math.sin(ang);
      }
    }
    b = { cos, sin };
    basisCache.set(key, b);
  }
  return b;
}

/**
 * Power spectrogram [frames, fftLength/2+1] of `signal` (mono, AUDIO.sampleRate). Returns a tensor the
 * caller disposes. `method: 'dft'` forces the matrix-product path (tests compare the two).
 */
export function powerSpectrogram(tf: Tf, signal: Float32Array, method: 'auto' | 'stft' | 'dft' = 'auto'): Tensor2D {
  const { frameLength, frameStep, fftLength } = AUDIO;
  let x = signal;
  if (x.length < frameLength) {
    x = new Float32Array(frameLength);
    x.set(signal);
  }
  const useStft = method === 'stft' || (method === 'auto' && useNativeStft(tf));
  return tf.tidy(() => {
    if (useStft) {
      const spec = tf.signal.stft(tf.tensor1d(x), frameLength, frameStep, fftLength, tf.signal.hannWindow);
      return tf.square(tf.abs(spec)) as Tensor2D;
    }
    const frames = Math.floor((x.length - frameLength) / frameStep) + 1;
    const win = tf.signal.hannWindow(frameLength).dataSync() as Float32Array;
    const buf = new Float32Array(frames * frameLength);
    for (let f = 0; f < frames; f++) {
      const off = f * frameStep;
      for (let n = 0; n < frameLength; n++) buf[f * frameLength + n] = x[off + n]! * win[n]!;
    }
    const bins = fftLength / 2 + 1;
    const { cos, sin } = dftBasis(fftLength, frameLength);
    const fr = tf.tensor2d(buf, [frames, frameLength]);
    const re = tf.matMul(fr, tf.tensor2d(cos, [frameLength, bins]));
    const im = tf.matMul(fr, tf.tensor2d(sin, [frameLength, bins]));
    return tf.add(tf.square(re), tf.square(im)) as Tensor2D;
  });
}

let melCache: Float32Array | undefined;

/** Log-mel spectrogram [frames, mels]; the caller disposes it. */
export function logMelSpectrogram(tf: Tf, signal: Float32Array, method: 'auto' | 'stft' | 'dft' = 'auto'): Tensor2D {
  melCache ??= melFilterbank(AUDIO.sampleRate, AUDIO.fftLength, AUDIO.mels, AUDIO.fmin, AUDIO.fmax);
  const fb = melCache;
  return tf.tidy(() => {
    const power = powerSpectrogram(tf, signal, method);
    const mel = tf.matMul(power, tf.tensor2d(fb, [AUDIO.fftLength / 2 + 1, AUDIO.mels]));
    return tf.log(tf.add(mel, 1e-6)) as Tensor2D;
  });
}

/** The default audio embedding (AUDIO_STATS_DIMS values): per band mean, std, mean |Δ|. */
export async function logMelStats(tf: Tf, signal: Float32Array, method: 'auto' | 'stft' | 'dft' = 'auto'): Promise<Float32Array> {
  const out = tf.tidy(() => {
    const lm = logMelSpectrogram(tf, signal, method);
    const { mean, variance } = tf.moments(lm, 0);
    const std = tf.sqrt(variance);
    const frames = lm.shape[0];
    const delta = frames > 1 ? tf.mean(tf.abs(tf.sub(tf.slice(lm, [1, 0], [frames - 1, -1]), tf.slice(lm, [0, 0], [frames - 1, -1]))), 0) : tf.zerosLike(mean);
    return tf.concat([mean, std, delta]);
  });
  try {
    return (await out.data()) as Float32Array;
  } finally {
    out.dispose();
  }
}
