/**
 * bench/cpu-peak.mjs: the float32 peak bench:embed's hardware ceiling takes from /proc/cpuinfo (clock ×
 * FLOP per cycle by vendor, family and SIMD flags). The texts are trimmed copies of real cpuinfo blocks.
 */
import { describe, expect, it } from '@jest/globals';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface Peak {
  gflopsPerCore: number;
  basis: string;
}
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { describedPeak } = (await import(pathToFileURL(join(ROOT, 'bench', 'cpu-peak.mjs')).href)) as {
  describedPeak(text: string | undefined): Peak | undefined;
};

const block = (vendor: string, family: number, mhz: string, flags: string): string =>
  [
    'processor\t: 0',
    `vendor_id\t: ${vendor}`,
    `cpu family\t: ${family}`,
    'model name\t: test CPU',
    `cpu MHz\t\t: ${mhz}`,
    `flags\t\t: fpu sse sse2 ${flags}`,
    '',
  ].join('\n');

describe('describedPeak', () => {
  it('Intel with AVX-512: 2 FMA units × 16 lanes × 2 = 64 FLOP per cycle', () => {
    const p = describedPeak(block('GenuineIntel', 6, '2650.000', 'avx avx2 fma avx512f avx512dq'))!;
    expect(p.gflopsPerCore).toBeCloseTo(169.6, 6);
    expect(p.basis).toBe('GenuineIntel 2.65 GHz × 64 FLOP/cycle (AVX-512, 2 FMA units × 16 lanes)');
  });

  it('AMD Zen 4 (family 25) with AVX-512 runs it on a 256-bit datapath: 32; Zen 5 (family 26): 64', () => {
    expect(describedPeak(block('AuthenticAMD', 25, '2596.126', 'avx avx2 fma avx512f avx512_bf16'))!.gflopsPerCore).toBeCloseTo(83.076, 3);
    expect(describedPeak(block('AuthenticAMD', 26, '2500.000', 'avx avx2 fma avx512f'))!.gflopsPerCore).toBeCloseTo(160, 9);
  });

  it('AVX2 with FMA: 32; without FMA or AVX2: SSE, 16', () => {
    expect(describedPeak(block('AuthenticAMD', 23, '3000.000', 'avx avx2 fma'))!.gflopsPerCore).toBeCloseTo(96, 9);
    expect(describedPeak(block('GenuineIntel', 6, '3000.000', 'avx avx2'))!.gflopsPerCore).toBeCloseTo(48, 9);
    expect(describedPeak(block('GenuineIntel', 6, '2000.000', 'ssse3'))!.basis).toBe('GenuineIntel 2.00 GHz × 16 FLOP/cycle (SSE, 2 units × 4 lanes)');
  });

  it('takes the highest clock listed over several cores', () => {
    const text = block('GenuineIntel', 6, '1200.000', 'avx2 fma') + block('GenuineIntel', 6, '3400.500', 'avx2 fma');
    expect(describedPeak(text)!.gflopsPerCore).toBeCloseTo(108.816, 6);
  });

  it('says nothing without a clock or without the file', () => {
    expect(describedPeak(undefined)).toBeUndefined();
    expect(describedPeak('processor\t: 0\nflags\t\t: avx2 fma\n')).toBeUndefined();
    expect(describedPeak(block('GenuineIntel', 6, '0.000', 'avx2 fma'))).toBeUndefined();
  });
});
