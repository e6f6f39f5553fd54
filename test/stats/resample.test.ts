import { describe, expect, it } from '@jest/globals';
import { besselI0, MAX_RESAMPLE_RATIO, resamplePoly } from '../../src/stats/resample.js';
import { expectClose, f64, golden } from './golden.js';

describe('resamplePoly (band-limited, = scipy.signal.resample_poly)', () => {
  it('matches scipy on every golden case (48k, 44.1k, 22.05k, 8k, 32k, 11.025k, 96k → 16k)', () => {
    const cases = golden().resamplePoly as Array<{ from: number; to: number; x: number[]; y: number[] }>;
    for (const c of cases) {
      const y = resamplePoly(f64(c.x), c.from, c.to);
      expect(y.length).toBe(c.y.length);
      let worst = 0;
      for (let i = 0; i < y.length; i++) worst = Math.max(worst, Math.abs(y[i]! - c.y[i]!));
      expect({ case: `${c.from}→${c.to}`, ok: worst < 1e-9 }).toEqual({ case: `${c.from}→${c.to}`, ok: true });
    }
  });
  it('removes a tone above the new Nyquist frequency instead of aliasing it', () => {
    const sr = 48000;
    const x = Float64Array.from({ length: 4800 }, (_, i) => Math.sin((2 * Math.PI * 12000 * i) / sr)); // above 8 kHz
    const y = resamplePoly(x, sr, 16000);
    let e = 0;
    for (let i = 200; i < y.length - 200; i++) e += y[i]! * y[i]!;
    expect(Math.sqrt(e / (y.length - 400))).toBeLessThan(0.01);
  });
  it('I0 is right and equal rates return the input', () => {
    expectClose(besselI0(5), 27.239871823604442, 1e-14);
    const x = new Float32Array([1, 2, 3]);
    expect(resamplePoly(x, 16000, 16000)).toBe(x);
    expect(resamplePoly(x, 8000, 16000)).toBeInstanceOf(Float32Array);
  });
  it('refuses a ratio whose filter would be huge (a prime rate), and still reads odd rates in use', () => {
    const x = new Float64Array(2000).map((_, i) => Math.sin(i / 7));
    // 761,069 Hz is prime: 16,000/761,069 reduces no further (a 15 M-tap filter)
    expect(() => resamplePoly(x, 761_069, 16_000)).toThrow(
      /cannot resample 761069 Hz to 16000 Hz: the ratio 16000\/761069 needs a 15221381-tap filter \(at most 20000 either way\)/,
    );
    expect(MAX_RESAMPLE_RATIO).toBe(20_000);
    // 11,127 Hz (an old Macintosh rate): 16,000/11,127, within the limit
    expect(resamplePoly(x, 11_127, 16_000).length).toBe(Math.ceil((2000 * 16000) / 11127));
  });
});
