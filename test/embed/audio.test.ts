import { beforeAll, describe, expect, it } from '@jest/globals';
import * as tfjs from '@tensorflow/tfjs';
import { AUDIO, AUDIO_STATS_DIMS, decodeAudio, logMelStats, melCenters, melFilterbank, powerSpectrogram, resample } from '../../src/embed/audio.js';
import type { Tf } from '../../src/embed/backends.js';
import { sine, wav16 } from './helpers.js';

const tf = tfjs as unknown as Tf;

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

/** zero crossings per second */
function zcr(x: Float32Array, sr: number): number {
  let c = 0;
  for (let i = 1; i < x.length; i++) if (x[i - 1]! < 0 !== x[i]! < 0) c++;
  return (c * sr) / x.length;
}

describe('resample', () => {
  it('keeps a 1 kHz tone at 1 kHz when going 48 kHz → 16 kHz and 8 kHz → 16 kHz', () => {
    const down = resample(sine(1000, 1, 48000), 48000, 16000);
    expect(down.length).toBe(16000);
    expect(zcr(down, 16000)).toBeGreaterThan(1990);
    expect(zcr(down, 16000)).toBeLessThan(2010);
    const up = resample(sine(1000, 1, 8000), 8000, 16000);
    expect(up.length).toBe(16000);
    expect(Math.abs(zcr(up, 16000) - 2000)).toBeLessThan(10);
  });

  it('the low-pass removes a tone above the new Nyquist frequency', () => {
    const rms = (x: Float32Array): number => Math.sqrt(x.reduce((a, v) => a + v * v, 0) / x.length);
    const high = resample(sine(15000, 0.5, 48000), 48000, 16000);
    const low = resample(sine(500, 0.5, 48000), 48000, 16000);
    expect(rms(high)).toBeLessThan(0.3 * rms(low));
  });
});

describe('mel filterbank', () => {
  it('has triangles peaking at the band centres and covering 20–8000 Hz', () => {
    const fb = melFilterbank(16000, 512, 64, 20, 8000);
    const bins = 257;
    const centres = melCenters();
    for (const m of [0, 20, 63]) {
      let best = 0;
      for (let b = 1; b < bins; b++) if (fb[b * 64 + m]! > fb[best * 64 + m]!) best = b;
      // peak bin within one bin of the band centre (bin width 31.25 Hz)
      expect(Math.abs((best * 16000) / 512 - centres[m]!)).toBeLessThanOrEqual(31.25 + 1e-9);
    }
    // every weight is in [0, 1]; DC gets nothing
    expect(Math.max(...fb)).toBeLessThanOrEqual(1);
    expect(Math.min(...fb)).toBeGreaterThanOrEqual(0);
    for (let m = 0; m < 64; m++) expect(fb[m]).toBe(0);
  });
});

describe('log-mel statistics', () => {
  it('tf.signal.stft and the DFT-matrix path (used on wasm) give the same power spectrum', () => {
    const x = new Float32Array(4000).map((_, i) => Math.sin(i * 0.3) + 0.3 * Math.sin(i * 1.7));
    const a = powerSpectrogram(tf, x, 'stft');
    const b = powerSpectrogram(tf, x, 'dft');
    expect(a.shape).toEqual(b.shape);
    expect(a.shape).toEqual([Math.floor((4000 - AUDIO.frameLength) / AUDIO.frameStep) + 1, AUDIO.fftLength / 2 + 1]);
    const da = a.dataSync();
    const db = b.dataSync();
    let maxRel = 0;
    const peak = Math.max(...da);
    for (let i = 0; i < da.length; i++) maxRel = Math.max(maxRel, Math.abs(da[i]! - db[i]!) / peak);
    expect(maxRel).toBeLessThan(1e-3);
    a.dispose();
    b.dispose();
  });

  it('a pure tone puts its energy in the mel band around its frequency', async () => {
    const centres = melCenters();
    for (const f of [300, 1000, 3000]) {
      const v = await logMelStats(tf, sine(f, 0.3, 16000));
      expect(v.length).toBe(AUDIO_STATS_DIMS);
      const means = Array.from(v.subarray(0, 64));
      const top = means.indexOf(Math.max(...means));
      const nearest = centres.reduce((bi, c, i) => (Math.abs(c - f) < Math.abs(centres[bi]! - f) ? i : bi), 0);
      expect(Math.abs(top - nearest)).toBeLessThanOrEqual(1);
    }
  });

  it('a steady tone has small std and delta, a tone switching on and off large ones', async () => {
    const steady = await logMelStats(tf, sine(1000, 0.4, 16000));
    const pulsed = sine(1000, 0.4, 16000).map((s, i) => (Math.floor(i / 1600) % 2 ? s : 0));
    const p = await logMelStats(tf, pulsed);
    const band = 30;
    expect(p[64 + band]!).toBeGreaterThan(steady[64 + band]! + 1);
    expect(p[128 + band]!).toBeGreaterThan(steady[128 + band]!);
  });

  it('decodes WAV at any rate to 16 kHz mono and leaves no tensors behind', async () => {
    const bytes = wav16(sine(1000, 0.25, 44100), 44100);
    const x = decodeAudio(bytes);
    expect(x.length).toBe(4000);
    const before = tf.memory().numTensors;
    await logMelStats(tf, x);
    await logMelStats(tf, x, 'stft');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a clip shorter than one frame still gives a finite embedding', async () => {
    const v = await logMelStats(tf, sine(1000, 0.005, 16000));
    expect(v.every(Number.isFinite)).toBe(true);
  });
});
