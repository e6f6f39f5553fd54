/**
 * The float32 peak a CPU's description implies, for bench:embed's hardware ceiling: clock × FLOP per
 * cycle per core, read from the text of /proc/cpuinfo (vendor_id, cpu family, flags, cpu MHz).
 *
 * FLOP per cycle = FMA units × float32 lanes × 2:
 *   Intel with AVX-512                     64 (2 × 16 × 2; Xeons with one AVX-512 FMA unit reach half)
 *   AMD with AVX-512, family 26+ (Zen 5)   64 (a full 512-bit datapath)
 *   AMD with AVX-512, family 25 (Zen 4)    32 (512-bit instructions on a 256-bit datapath)
 *   any other CPU with AVX2 and FMA        32 (2 × 8 × 2)
 *   otherwise                              16 (SSE: 2 × 4 × 2)
 * The clock is the highest `cpu MHz` listed: what the kernel reports, often below the boost clock, so a
 * large MatMul measured on the machine can beat this figure (bench:embed takes the larger).
 */

/** @returns {{ gflopsPerCore: number, basis: string } | undefined} undefined when the text gives no clock */
export function describedPeak(cpuinfo) {
  if (typeof cpuinfo !== 'string') return undefined;
  const field = (name) => cpuinfo.match(new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm'))?.[1]?.trim();
  const flags = new Set((field('flags') ?? '').split(/\s+/));
  const vendor = field('vendor_id') ?? '';
  const family = Number(field('cpu family'));
  const mhz = Math.max(...[...cpuinfo.matchAll(/^cpu MHz\s*:\s*([\d.]+)/gm)].map((m) => Number(m[1])));
  if (!(mhz > 0)) return undefined;
  let perCycle = 16;
  let simd = 'SSE, 2 units × 4 lanes';
  if (flags.has('avx512f') && (vendor === 'GenuineIntel' || (vendor === 'AuthenticAMD' && family >= 26))) {
    [perCycle, simd] = [64, 'AVX-512, 2 FMA units × 16 lanes'];
  } else if (flags.has('avx512f')) [perCycle, simd] = [32, 'AVX-512 on a 256-bit datapath, 2 FMA units × 8 lanes'];
  else if (flags.has('avx2') && flags.has('fma')) [perCycle, simd] = [32, 'AVX2, 2 FMA units × 8 lanes'];
  return {
    gflopsPerCore: (perCycle * mhz) / 1000,
    basis: `${vendor || 'unknown vendor'} ${(mhz / 1000).toFixed(2)} GHz × ${perCycle} FLOP/cycle (${simd})`,
  };
}
