/** Per-item feature names in the user's terms, with units, for evidence sentences. */
import type { FeatureReport } from '../contracts/index.js';
import { fmt, pct } from './common.js';

export interface FeatureTerm {
  label: string;
  unit?: string;
  digits?: number;
  /** container-level features (file size, format): their drift alone is not a transfer risk */
  secondary?: boolean;
}

export const FEATURE_TERMS: Record<string, FeatureTerm> = {
  // images
  width: { label: 'width', unit: 'px', digits: 0 },
  height: { label: 'height', unit: 'px', digits: 0 },
  aspect: { label: 'aspect ratio' },
  megapixels: { label: 'megapixels' },
  brightness: { label: 'mean brightness' },
  contrast: { label: 'contrast (luma std)' },
  saturation: { label: 'saturation' },
  sharpness: { label: 'sharpness (Laplacian variance)' },
  noise: { label: 'noise level' },
  colorfulness: { label: 'colorfulness' },
  entropy: { label: 'luma entropy', unit: 'bits' },
  channels: { label: 'channels', digits: 0 },
  bytes: { label: 'file size', unit: 'bytes', digits: 0, secondary: true },
  format: { label: 'file format', secondary: true },
  // audio
  sampleRate: { label: 'sample rate', unit: 'Hz', digits: 0 },
  duration: { label: 'duration', unit: 's' },
  rmsDbfs: { label: 'loudness (RMS)', unit: 'dBFS', digits: 0 },
  noiseFloorDbfs: { label: 'noise floor', unit: 'dBFS', digits: 0 },
  snrDb: { label: 'SNR', unit: 'dB', digits: 0 },
  spectralCentroid: { label: 'spectral centroid', unit: 'Hz', digits: 0 },
  zeroCrossingRate: { label: 'zero-crossing rate' },
  clippingShare: { label: 'clipping share' },
  // text
  chars: { label: 'length', unit: 'characters', digits: 0 },
  tokens: { label: 'tokens per item', digits: 0 },
  nonAsciiShare: { label: 'share of non-ASCII characters' },
  digitShare: { label: 'share of digits' },
  unseenTokenShare: { label: 'share of tokens unseen in base' },
};

export function termOf(name: string): FeatureTerm {
  return FEATURE_TERMS[name] ?? { label: name };
}

function withUnit(v: string, unit?: string): string {
  return unit ? `${v} ${unit}` : v;
}

function valueOf(f: FeatureReport, side: 'base' | 'head'): number | undefined {
  const s = f.summary?.[side];
  if (!s) return undefined;
  return s.mean ?? s.median;
}

/** "mean brightness 0.52 → 0.24" / "file format png 100% → jpeg 98%" / "channels" when no summary. */
export function describeChange(f: FeatureReport): string {
  const term = termOf(f.name);
  if (f.kind === 'categorical') {
    const tb = f.summary?.base.top?.[0];
    const th = f.summary?.head.top?.[0];
    if (tb && th) return `${term.label} ${tb.value} ${pct(tb.share)} → ${th.value} ${pct(th.share)}`;
    return term.label;
  }
  const b = valueOf(f, 'base');
  const h = valueOf(f, 'head');
  if (b === undefined || h === undefined) return term.label;
  return `${term.label} ${fmt(b, term.digits)} → ${withUnit(fmt(h, term.digits), term.unit)}`;
}

/** "resolution 1024×768 → 640×480" from the width and height features (medians), if both are present. */
export function describeResolution(width?: FeatureReport, height?: FeatureReport): string | undefined {
  const wb = width?.summary?.base.median ?? width?.summary?.base.mean;
  const wh = width?.summary?.head.median ?? width?.summary?.head.mean;
  const hb = height?.summary?.base.median ?? height?.summary?.base.mean;
  const hh = height?.summary?.head.median ?? height?.summary?.head.mean;
  if ([wb, wh, hb, hh].some((v) => v === undefined)) return undefined;
  return `resolution ${Math.round(wb!)}×${Math.round(hb!)} → ${Math.round(wh!)}×${Math.round(hh!)}`;
}
