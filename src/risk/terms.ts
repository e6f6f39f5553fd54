/** Per-item feature names in the user's terms, with units, for evidence sentences. */
import type { FeatureReport } from '../contracts/index.js';
import { fmt, pct } from './common.js';

export interface FeatureTerm {
  label: string;
  unit?: string;
  digits?: number;
  /** container-level features (file size): their drift alone is not a transfer risk */
  secondary?: boolean;
  /** format features: what the model's preprocessing does with a change of it */
  preprocessing?: string;
}

export const FEATURE_TERMS: Record<string, FeatureTerm> = {
  // images (format)
  width: { label: 'width', unit: 'px', digits: 0, preprocessing: 'the model resizes every image to its input size' },
  height: { label: 'height', unit: 'px', digits: 0, preprocessing: 'the model resizes every image to its input size' },
  aspect: { label: 'aspect ratio', preprocessing: 'the resize to the model input stretches or crops a new aspect ratio' },
  megapixels: { label: 'megapixels', preprocessing: 'the model resizes every image to its input size' },
  channels: { label: 'channels', digits: 0, preprocessing: 'images are converted to 3-channel RGB before the model' },
  bitDepth: { label: 'bit depth', unit: 'bits', digits: 0, preprocessing: 'images are converted to 8 bits per channel before the model' },
  bytes: { label: 'file size', unit: 'bytes', digits: 0, secondary: true },
  format: {
    label: 'file format',
    preprocessing: 'images are decoded before the model; lossy compression can leave artefacts, which the content features would show',
  },
  // images (content, at the model's input size)
  brightness: { label: 'mean brightness' },
  contrast: { label: 'contrast (luma std)' },
  saturation: { label: 'saturation' },
  sharpness: { label: 'edge sharpness (net of noise)' },
  noise: { label: 'noise level (σ, 0–255)' },
  colorfulness: { label: 'colorfulness' },
  entropy: { label: 'luma entropy', unit: 'bits' },
  // audio (format)
  sampleRate: {
    label: 'sample rate',
    unit: 'Hz',
    digits: 0,
    preprocessing: 'audio is resampled to 16 kHz (band-limited) before the embedding; content above 8 kHz is dropped either way',
  },
  duration: { label: 'duration', unit: 's', preprocessing: 'the built-in audio embedding reads the first 30 s of a clip' },
  rmsDbfs: { label: 'loudness (RMS)', unit: 'dBFS', digits: 0 },
  noiseFloorDbfs: { label: 'noise floor', unit: 'dBFS', digits: 0 },
  snrDb: { label: 'SNR', unit: 'dB', digits: 0 },
  spectralCentroid: { label: 'spectral centroid', unit: 'Hz', digits: 0 },
  zeroCrossingRate: { label: 'zero-crossing rate' },
  clippingShare: { label: 'clipping share' },
  // text (format)
  encoding: { label: 'text encoding', preprocessing: 'text is decoded before it is measured or embedded; tools that read raw bytes see the change' },
  lineEndings: { label: 'line endings', preprocessing: 'line endings are normalized before the text is measured or embedded' },
  // text
  chars: { label: 'length', unit: 'characters', digits: 0 },
  tokens: { label: 'tokens per item', digits: 0 },
  nonAsciiShare: { label: 'share of non-ASCII characters' },
  digitShare: { label: 'share of digits' },
  unseenTokenShare: { label: 'share of tokens unseen in base' },
};

/** Audio features whose names are shared with images (channels, bit depth). */
const AUDIO_TERMS: Record<string, FeatureTerm> = {
  channels: { label: 'channels', digits: 0, preprocessing: 'audio is mixed to mono before it is measured or embedded' },
  bitDepth: { label: 'bit depth', unit: 'bits', digits: 0, preprocessing: 'samples are decoded to floating point before they are measured or embedded' },
};

export function termOf(name: string, modality?: string): FeatureTerm {
  // a table's columns are the user's: their own names, no units
  if (modality === 'tabular') return { label: `\`${name.replace(/`/g, "'")}\`` };
  if (modality === 'audio' && AUDIO_TERMS[name]) return AUDIO_TERMS[name];
  // own properties only: a column may be called `constructor`
  return Object.prototype.hasOwnProperty.call(FEATURE_TERMS, name) ? FEATURE_TERMS[name]! : { label: name };
}

/**
 * Two numbers with enough digits to show they differ: "0.07 → 0.07" becomes "0.0712 → 0.0748"
 * (up to 6 significant digits; equal numbers stay short).
 */
export function fmtChange(b: number, h: number, digits?: number): [string, string] {
  let fb = fmt(b, digits);
  let fh = fmt(h, digits);
  if (fb !== fh || b === h || !Number.isFinite(b) || !Number.isFinite(h)) return [fb, fh];
  for (let p = 3; p <= 6 && fb === fh; p++) {
    fb = fmtSig(b, p);
    fh = fmtSig(h, p);
  }
  return [fb, fh];
}

function fmtSig(x: number, p: number): string {
  const s = Number(x.toPrecision(p));
  const a = Math.abs(s);
  const str = a >= 1e-4 && a < 1e6 ? String(a) : a.toPrecision(p);
  return (s < 0 ? '−' : '') + str;
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
export function describeChange(f: FeatureReport, modality?: string): string {
  const term = termOf(f.name, modality);
  if (f.kind === 'categorical') {
    const tb = f.summary?.base.top?.[0];
    const th = f.summary?.head.top?.[0];
    if (tb && th) return `${term.label} ${tb.value} ${pct(tb.share)} → ${th.value} ${pct(th.share)}`;
    return term.label;
  }
  const b = valueOf(f, 'base');
  const h = valueOf(f, 'head');
  if (b === undefined || h === undefined) return term.label;
  const [sb, sh] = fmtChange(b, h, term.digits);
  return `${term.label} ${sb} → ${withUnit(sh, term.unit)}`;
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
