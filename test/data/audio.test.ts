import { describe, expect, it } from '@jest/globals';
import { audioFeatures, fft, spectralCentroid, zeroCrossingRate } from '../../src/data/audio.js';
import { parseWav, WavError } from '../../src/data/wav.js';
import { gaussian, prng, writeWav } from './git-helpers.js';

const SR = 16000;
function sine(freq: number, amp: number, seconds: number, sr = SR): Float64Array {
  return Float64Array.from({ length: Math.round(seconds * sr) }, (_, i) => amp * Math.sin((2 * Math.PI * freq * i) / sr));
}

describe('WAV parser', () => {
  const tone = sine(440, 0.5, 0.25);
  const specs = [
    { bits: 8 },
    { bits: 16 },
    { bits: 24 },
    { bits: 32 },
    { bits: 32, float: true },
    { bits: 64, float: true },
    { bits: 16, extensible: true },
    { bits: 24, extensible: true },
    { bits: 32, float: true, extensible: true },
  ];
  for (const s of specs) {
    it(`reads ${s.float ? 'float' : 'PCM'} ${s.bits}-bit${s.extensible ? ' (WAVE_FORMAT_EXTENSIBLE)' : ''}`, () => {
      const bytes = writeWav({ sampleRate: SR, channels: 2, ...s }, [tone, tone.map((v) => -v)]);
      const w = parseWav(bytes);
      expect(w.sampleRate).toBe(SR);
      expect(w.channels).toBe(2);
      expect(w.bitsPerSample).toBe(s.bits);
      expect(w.encoding).toBe(s.float ? 'float' : 'pcm');
      expect(w.frames).toBe(tone.length);
      const tol = s.bits === 8 ? 1 / 100 : 1e-4;
      let maxErr = 0;
      for (let i = 0; i < tone.length; i++) {
        maxErr = Math.max(maxErr, Math.abs(w.samples[0]![i]! - tone[i]!), Math.abs(w.samples[1]![i]! + tone[i]!));
      }
      expect(maxErr).toBeLessThan(tol);
    });
  }

  /** A 24-bit PCM file (from writeWav) rewritten with each sample MSB-aligned in a 4-byte container (blockAlign = 4 × channels). */
  function pad24To32(plain: Uint8Array, channels: number, extensible: boolean): Buffer {
    const src = Buffer.from(plain);
    const fmtLen = extensible ? 40 : 16;
    const dataOff = 12 + 8 + fmtLen + 8;
    const samples = (src.length - dataOff) / 3;
    const out = Buffer.alloc(dataOff + samples * 4);
    src.copy(out, 0, 0, dataOff);
    out.writeUInt32LE(out.length - 8, 4);
    const fmt = 20;
    out.writeUInt32LE(src.readUInt32LE(fmt + 4) * 4 * channels, fmt + 8); // byte rate
    out.writeUInt16LE(4 * channels, fmt + 12); // blockAlign
    if (extensible) {
      out.writeUInt16LE(32, fmt + 14); // container bits
      out.writeUInt16LE(24, fmt + 18); // valid bits
    }
    out.writeUInt32LE(samples * 4, dataOff - 4);
    for (let i = 0; i < samples; i++) src.copy(out, dataOff + i * 4 + 1, dataOff + i * 3, dataOff + i * 3 + 3); // low byte 0
    return out;
  }

  for (const extensible of [false, true]) {
    it(`reads 24-bit samples in 32-bit containers (blockAlign 4 × channels${extensible ? ', WAVE_FORMAT_EXTENSIBLE 32/24' : ''}) as the plain 24-bit file`, () => {
      const noise = gaussian(prng(7));
      const left = Float64Array.from({ length: 4000 }, () => Math.max(-1, Math.min(1, 0.3 * noise())));
      const right = Float64Array.from(left, (v, i) => 0.5 * Math.sin(i / 7) - v / 4);
      const plainBytes = writeWav({ sampleRate: SR, channels: 2, bits: 24, extensible }, [left, right]);
      const plain = parseWav(plainBytes);
      const padded = parseWav(pad24To32(plainBytes, 2, extensible));
      expect(padded.frames).toBe(plain.frames);
      expect(padded.totalFrames).toBe(plain.totalFrames);
      expect(padded.bitsPerSample).toBe(24);
      expect(padded.samples[0]).toEqual(plain.samples[0]);
      expect(padded.samples[1]).toEqual(plain.samples[1]);
      // and the audio features (bit depth included) are the same
      expect(audioFeatures(pad24To32(plainBytes, 2, extensible))).toEqual(audioFeatures(plainBytes));
    });
  }

  it('reads a block align too small for the samples as the plain layout (as libsndfile does), rejects an uneven or too wide one', () => {
    const good = Buffer.from(writeWav({ sampleRate: SR, channels: 2, bits: 16 }, [sine(440, 0.5, 0.01), sine(440, 0.5, 0.01)]));
    const small = Buffer.from(good);
    small.writeUInt16LE(2, 32); // 2 bytes for 2 channels of 16 bits
    expect(parseWav(small)).toEqual(parseWav(good));
    const zero = Buffer.from(good);
    zero.writeUInt16LE(0, 32);
    expect(parseWav(zero)).toEqual(parseWav(good));
    const uneven = Buffer.from(good);
    uneven.writeUInt16LE(5, 32);
    expect(() => parseWav(uneven)).toThrow('block align 5 does not fit');
    const wide = Buffer.from(good);
    wide.writeUInt16LE(16, 32); // 8-byte containers
    expect(() => parseWav(wide)).toThrow('block align 16: 8-byte sample containers for 16-bit PCM samples are not supported');
    const ext = Buffer.from(writeWav({ sampleRate: SR, channels: 1, bits: 16, extensible: true }, [sine(440, 0.5, 0.01)]));
    ext.writeUInt16LE(24, 38); // valid bits above the container
    expect(() => parseWav(ext)).toThrow('WAVE_FORMAT_EXTENSIBLE valid bits 24 above the 16-bit container');
  });

  it('skips unknown chunks and odd-sized padding', () => {
    const plain = Buffer.from(writeWav({ sampleRate: 8000, channels: 1, bits: 16 }, [sine(100, 0.1, 0.01, 8000)]));
    const list = Buffer.concat([Buffer.from('LIST'), Buffer.from([3, 0, 0, 0]), Buffer.from('abc'), Buffer.from([0])]);
    const withChunk = Buffer.concat([plain.subarray(0, 12), list, plain.subarray(12)]);
    withChunk.writeUInt32LE(withChunk.length - 8, 4);
    const w = parseWav(withChunk);
    expect(w.frames).toBe(80);
    expect(w.sampleRate).toBe(8000);
  });

  it('rejects broken files with a reason', () => {
    expect(() => parseWav(new Uint8Array(0))).toThrow('empty file');
    expect(() => parseWav(Buffer.from('RIFF'))).toThrow('truncated WAV header');
    expect(() => parseWav(Buffer.from('this is not a wav file at all'))).toThrow('not a RIFF/WAVE file');
    const good = writeWav({ sampleRate: SR, channels: 1, bits: 16 }, [sine(440, 0.5, 0.01)]);
    expect(() => parseWav(good.subarray(0, 30))).toThrow(WavError);
    const noData = Buffer.from(good.subarray(0, 36));
    expect(() => parseWav(noData)).toThrow('no data chunk');
    const adpcm = Buffer.from(good);
    adpcm.writeUInt16LE(2, 20);
    expect(() => parseWav(adpcm)).toThrow('unsupported WAV encoding (format code 2)');
    const fast = Buffer.from(good);
    fast.writeUInt32LE(5_000_011, 24); // a header claiming 5 MHz
    expect(() => parseWav(fast)).toThrow('sample rate 5000011 Hz above 768 kHz');
    // truncated data: the frames that are there are read
    const cut = parseWav(good.subarray(0, 44 + 100));
    expect(cut.frames).toBe(50);
  });
});

describe('audio features', () => {
  it('a 1 kHz sine at amplitude 0.5: level, centroid and zero-crossing rate', () => {
    const f = audioFeatures(writeWav({ sampleRate: SR, channels: 1, bits: 16 }, [sine(1000, 0.5, 1)]));
    expect(f.sampleRate).toBe(SR);
    expect(f.channels).toBe(1);
    expect(f.duration).toBeCloseTo(1, 6);
    expect(f.rmsDbfs as number).toBeCloseTo(20 * Math.log10(0.5 / Math.SQRT2), 1); // −9.03 dBFS
    expect(f.spectralCentroid as number).toBeGreaterThan(950);
    expect(f.spectralCentroid as number).toBeLessThan(1050);
    expect(f.zeroCrossingRate as number).toBeCloseTo((2 * 1000) / SR, 2);
    expect(f.clippingShare).toBe(0);
    expect(f.snrDb as number).toBeLessThan(1); // steady tone: no quieter frames
  });

  it('noise floor and SNR: speech-like bursts over a quiet noise bed', () => {
    const g = gaussian(prng(2));
    const n = SR * 2;
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const burst = Math.floor(i / (SR / 4)) % 2 === 0; // 250 ms on, 250 ms off
      x[i] = 0.001 * g() + (burst ? 0.3 * Math.sin((2 * Math.PI * 300 * i) / SR) : 0);
    }
    const f = audioFeatures(writeWav({ sampleRate: SR, channels: 1, bits: 16 }, [x]));
    expect(f.noiseFloorDbfs as number).toBeGreaterThan(-63); // 20·log10(0.001) = −60
    expect(f.noiseFloorDbfs as number).toBeLessThan(-57);
    expect(f.snrDb as number).toBeGreaterThan(40);
  });

  it('clipping share of a full-scale square wave and of a half-clipped signal', () => {
    const sq = Float64Array.from({ length: 1000 }, (_, i) => (i % 20 < 10 ? 1 : -1));
    expect(audioFeatures(writeWav({ sampleRate: 8000, channels: 1, bits: 16 }, [sq])).clippingShare as number).toBeGreaterThan(0.99);
    const half = Float64Array.from({ length: 1000 }, (_, i) => (i < 500 ? 1 : 0.2));
    expect(audioFeatures(writeWav({ sampleRate: 8000, channels: 1, bits: 24 }, [half])).clippingShare).toBeCloseTo(0.5, 6);
  });

  it('silence does not produce -Infinity', () => {
    const f = audioFeatures(writeWav({ sampleRate: 8000, channels: 2, bits: 16 }, [new Float64Array(800), new Float64Array(800)]));
    expect(f.rmsDbfs).toBe(-120);
    expect(f.noiseFloorDbfs).toBe(-120);
    expect(f.spectralCentroid).toBe(0);
  });

  it('FFT matches a direct DFT', () => {
    const n = 16;
    const rand = prng(4);
    const x = Array.from({ length: n }, () => rand() - 0.5);
    const re = Float64Array.from(x);
    const im = new Float64Array(n);
    fft(re, im);
    for (let k = 0; k < n; k++) {
      let r = 0;
      let i = 0;
      for (let t = 0; t < n; t++) {
        r += x[t]! * Math.cos((-2 * Math.PI * k * t) / n);
        i += x[t]! * Math.sin((-2 * Math.PI * k * t) / n);
      }
      expect(re[k]).toBeCloseTo(r, 10);
      expect(im[k]).toBeCloseTo(i, 10);
    }
  });

  it('centroid tracks frequency; ZCR counts sign changes', () => {
    const lo = spectralCentroid(Float32Array.from(sine(500, 0.5, 0.5)), SR);
    const hi = spectralCentroid(Float32Array.from(sine(4000, 0.5, 0.5)), SR);
    expect(lo).toBeGreaterThan(450);
    expect(lo).toBeLessThan(550);
    expect(hi).toBeGreaterThan(3900);
    expect(hi).toBeLessThan(4100);
    expect(zeroCrossingRate(Float32Array.from([1, -1, 1, -1, 1]))).toBe(1);
    expect(zeroCrossingRate(Float32Array.from([1, 2, 3, -1]))).toBeCloseTo(1 / 3, 12);
  });
});
