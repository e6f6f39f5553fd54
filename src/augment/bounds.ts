/**
 * What a parsed pipeline asks of the simulation, checked against its bounds (AUG_LIMITS in
 * registry.ts): parameters that are not finite numbers (YAML `.inf`, `.nan`) make the config invalid;
 * parameters beyond a bound are clamped for the simulation (src/augment/apply.ts clamps them) and
 * listed, while the risk rules judge the declared values (a huge blur is still judged harsh).
 * Unknown transform names are listed with their lines.
 */
import type { AugParamValue, AugPipeline, AugTransform } from '../risk/types.js';
import { AUG_LIMITS, isKnownTransform, suggestTransform } from './registry.js';

export interface PipelineCheck {
  /** `line N: …` problems that make the config invalid */
  invalid: string[];
  /** parameters clamped for the simulation */
  clamped: string[];
  unknown: Array<{ name: string; line?: number; suggestion?: string }>;
}

const at = (t: AugTransform): string => (t.line !== undefined ? `line ${t.line}: ` : '');

function numbers(v: AugParamValue | undefined): number[] {
  if (typeof v === 'number') return [v];
  if (Array.isArray(v)) return (v as Array<number | string>).filter((x): x is number => typeof x === 'number');
  return [];
}

function absMax(v: AugParamValue | undefined): number | undefined {
  const xs = numbers(v).filter(Number.isFinite).map(Math.abs);
  return xs.length ? Math.max(...xs) : undefined;
}

export function checkPipeline(p: AugPipeline): PipelineCheck {
  const out: PipelineCheck = { invalid: [], clamped: [], unknown: [] };
  for (const t of p.transforms) {
    for (const [k, v] of Object.entries(t.params)) {
      if (numbers(v).some((x) => !Number.isFinite(x)))
        out.invalid.push(`${at(t)}${t.source ?? t.name} ${k} must be a finite number (got ${Array.isArray(v) ? `[${v.join(', ')}]` : String(v)})`);
    }
    if (!isKnownTransform(t.name) && !(t.source !== undefined && isKnownTransform(t.source))) {
      const u: PipelineCheck['unknown'][number] = { name: t.source ?? t.name };
      if (t.line !== undefined) u.line = t.line;
      const s = suggestTransform(t.source ?? t.name);
      if (s) u.suggestion = s;
      out.unknown.push(u);
    }
    const clamp = (param: string, value: number | undefined, max: number, unit = ''): void => {
      if (value !== undefined && value > max)
        out.clamped.push(
          `${at(t)}${t.name} ${param} ${value}${unit} simulated as ${max}${unit} (the most the simulation computes in bounded memory; judged from its declared value)`,
        );
    };
    if (t.name === 'gaussian_blur') clamp('sigma', absMax(t.params.sigma), AUG_LIMITS.blurSigma);
    if (t.name === 'gaussian_noise') clamp('std', absMax(t.params.std), AUG_LIMITS.noiseStd);
    if (t.name === 'cutout') clamp('holes', absMax(t.params.holes), AUG_LIMITS.cutoutHoles);
    if (t.name === 'auto_augment') clamp('magnitude', absMax(t.params.magnitude), AUG_LIMITS.magnitude);
  }
  return out;
}
