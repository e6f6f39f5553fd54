/**
 * Procedural photographs of machine parts (gears, nuts, bolts) on a workbench, with optional tiny
 * surface defects, through a configurable camera. Used by the demo and the scenario checks: the
 * classic case where ImageNet features see the part but not the defect.
 *
 * Pure pixel generation (RGB, 8-bit, row-major); encoding to PNG/JPEG happens in the caller.
 */
import { createRng, type Rng } from '../stats/rng.js';

export type PartKind = 'gear' | 'nut' | 'bolt';
export type DefectKind = 'none' | 'scratch' | 'dent' | 'crack' | 'spot';

export interface Camera {
  /** multiplies linear light: 1 = reference exposure */
  exposure: number;
  /** standard deviation of additive sensor noise, in 0..1 units */
  noise: number;
  /** box-blur radius in pixels (0 = sharp) */
  blur: number;
  /** white balance multipliers per channel */
  tint: [number, number, number];
}

export const REFERENCE_CAMERA: Camera = { exposure: 1, noise: 0.01, blur: 0, tint: [1, 1, 1] };
/** the "new camera" of the demo's head commit: darker, noisier, slightly warm */
export const NEW_CAMERA: Camera = { exposure: 0.45, noise: 0.09, blur: 0, tint: [1.05, 1, 0.9] };

export interface PartSpec {
  part: PartKind;
  defect: DefectKind;
  seed: number;
  size?: number;
  camera?: Camera;
  /** multiplies the defect's size (length, radius, width); default 1 */
  defectScale?: number;
}

export interface RawImage {
  width: number;
  height: number;
  channels: 3;
  data: Uint8Array;
  /**
   * the defect's bounding box in pixels [x0, y0, x1) × [y0, y1): every pixel whose shading the defect
   * changes by more than 5% (undefined without a defect, or when it fell off the part)
   */
  defectBox?: { x0: number; y0: number; x1: number; y1: number };
}

const smooth = (d: number): number => (d <= -0.75 ? 1 : d >= 0.75 ? 0 : 0.5 - d / 1.5);

/** signed distance (pixels, negative inside) of a regular hexagon with circumradius r, rotated by a. */
function hexDistance(x: number, y: number, r: number, a: number): number {
  const apothem = r * Math.cos(Math.PI / 6);
  let d = -Infinity;
  for (let k = 0; k < 6; k++) {
    const t = a + (k * Math.PI) / 3 + Math.PI / 6;
    d = Math.max(d, x * Math.cos(t) + y * Math.sin(t) - apothem);
  }
  return d;
}

interface Shape {
  /** signed distance to the part's outline (negative inside) */
  dist(x: number, y: number): number;
  /** shading of the metal at a point inside, 0..1 */
  shade(x: number, y: number): number;
  /** a point on the part's surface where a defect can sit */
  surfacePoint(rng: Rng): [number, number];
}

function gear(rng: Rng, cx: number, cy: number, s: number): Shape {
  const teeth = 8 + rng.int(8);
  const rOuter = s * (0.36 + 0.06 * rng.next());
  const depth = rOuter * 0.14;
  const hole = rOuter * (0.22 + 0.1 * rng.next());
  const rot = rng.next() * Math.PI * 2;
  return {
    dist(x, y) {
      const dx = x - cx;
      const dy = y - cy;
      const r = Math.hypot(dx, dy);
      const th = Math.atan2(dy, dx) + rot;
      const tooth = Math.cos(teeth * th) > 0 ? 1 : 0;
      const rim = rOuter - depth + tooth * depth;
      return Math.max(r - rim, hole - r);
    },
    shade(x, y) {
      const dx = (x - cx) / rOuter;
      const dy = (y - cy) / rOuter;
      return 0.55 + 0.3 * (-dx * 0.6 - dy * 0.8) + 0.08 * Math.cos(12 * Math.hypot(dx, dy));
    },
    surfacePoint(r) {
      const a = r.next() * Math.PI * 2;
      const rad = hole + (rOuter - depth - hole) * (0.3 + 0.5 * r.next());
      return [cx + rad * Math.cos(a), cy + rad * Math.sin(a)];
    },
  };
}

function nut(rng: Rng, cx: number, cy: number, s: number): Shape {
  const r = s * (0.3 + 0.07 * rng.next());
  const hole = r * (0.42 + 0.08 * rng.next());
  const rot = rng.next() * Math.PI;
  return {
    dist(x, y) {
      const dx = x - cx;
      const dy = y - cy;
      return Math.max(hexDistance(dx, dy, r, rot), hole - Math.hypot(dx, dy));
    },
    shade(x, y) {
      const dx = x - cx;
      const dy = y - cy;
      const facet = Math.floor(((Math.atan2(dy, dx) - rot + Math.PI * 2) % (Math.PI * 2)) / (Math.PI / 3));
      return 0.45 + 0.07 * facet + 0.1 * (Math.hypot(dx, dy) / r);
    },
    surfacePoint(rr) {
      const a = rr.next() * Math.PI * 2;
      const rad = hole + (r * 0.8 - hole) * (0.25 + 0.5 * rr.next());
      return [cx + rad * Math.cos(a), cy + rad * Math.sin(a)];
    },
  };
}

function bolt(rng: Rng, cx: number, cy: number, s: number): Shape {
  const len = s * (0.55 + 0.15 * rng.next());
  const width = s * (0.1 + 0.03 * rng.next());
  const headR = width * 1.6;
  const a = rng.next() * Math.PI;
  const ca = Math.cos(a);
  const sa = Math.sin(a);
  const toLocal = (x: number, y: number): [number, number] => {
    const dx = x - cx;
    const dy = y - cy;
    return [dx * ca + dy * sa, -dx * sa + dy * ca];
  };
  return {
    dist(x, y) {
      const [u, v] = toLocal(x, y);
      const headU = u + len / 2;
      const head = hexDistance(headU, v, headR, 0);
      const shaft = Math.max(Math.abs(v) - width / 2, Math.abs(u) - len / 2);
      return Math.min(head, shaft);
    },
    shade(x, y) {
      const [u, v] = toLocal(x, y);
      const thread = u > -len / 4 ? 0.12 * Math.sign(Math.sin(u * 1.6)) : 0;
      return 0.55 + 0.25 * (1 - Math.abs(v) / (headR + 1)) + thread;
    },
    surfacePoint(rr) {
      const u = (rr.next() - 0.5) * len * 0.6;
      const v = (rr.next() - 0.5) * width * 0.6;
      return [cx + u * ca - v * sa, cy + u * sa + v * ca];
    },
  };
}

const SHAPES: Record<PartKind, (rng: Rng, cx: number, cy: number, s: number) => Shape> = { gear, nut, bolt };

/** metal colours per part kind: steel, brass, dark oxide */
const METAL: Record<PartKind, [number, number, number]> = {
  gear: [0.78, 0.62, 0.3],
  nut: [0.72, 0.74, 0.78],
  bolt: [0.38, 0.36, 0.4],
};

/** Render one part photograph. Deterministic in `spec`. */
export function renderPart(spec: PartSpec): RawImage {
  const size = spec.size ?? 160;
  const cam = spec.camera ?? REFERENCE_CAMERA;
  const rng = createRng(spec.seed);
  const cx = size * (0.42 + 0.16 * rng.next());
  const cy = size * (0.42 + 0.16 * rng.next());
  const shape = SHAPES[spec.part](rng, cx, cy, size);
  const metal = METAL[spec.part].map((c) => c * (0.9 + 0.2 * rng.next())) as [number, number, number];
  const bench: [number, number, number] = [0.42 + 0.06 * rng.next(), 0.4 + 0.05 * rng.next(), 0.36 + 0.05 * rng.next()];
  const lightX = rng.next();
  const grainPhase = rng.next() * 10;

  // the defect: tiny, on the part's surface
  const defect = spec.defect;
  const [dx0, dy0] = shape.surfacePoint(rng);
  const dAngle = rng.next() * Math.PI;
  const ds = spec.defectScale ?? 1;
  const dLen = size * (0.06 + 0.03 * rng.next()) * ds;
  const dRad = size * (0.018 + 0.008 * rng.next()) * ds;
  let bx0 = Infinity;
  let by0 = Infinity;
  let bx1 = -Infinity;
  let by1 = -Infinity;

  const lin = new Float32Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const px = x + 0.5;
      const py = y + 0.5;
      const vign = 1 - 0.25 * (((px - size * lightX) / size) ** 2 + ((py - size / 2) / size) ** 2);
      const grain = 0.03 * Math.sin(py * 0.9 + Math.sin(px * 0.13 + grainPhase) * 3);
      // shadow below-right of the part
      const shadow = 1 - 0.35 * smooth(shape.dist(px - size * 0.025, py - size * 0.03) / 3);
      const cover = smooth(shape.dist(px, py));
      let shade = shape.shade(px, py);
      if (cover > 0 && defect !== 'none') {
        const rx = px - dx0;
        const ry = py - dy0;
        const along = rx * Math.cos(dAngle) + ry * Math.sin(dAngle);
        const across = -rx * Math.sin(dAngle) + ry * Math.cos(dAngle);
        let f = 1;
        if (defect === 'scratch' && Math.abs(along) < dLen / 2) {
          f = 1 - 0.55 * smooth(Math.abs(across) - 0.6 * ds);
        } else if (defect === 'dent') {
          const r = Math.hypot(rx, ry);
          f = 1 - 0.5 * smooth(r - dRad) + 0.25 * smooth(Math.abs(r - dRad) - 0.8 * ds);
        } else if (defect === 'crack' && Math.abs(along) < dLen / 2) {
          const wiggle = Math.sin(along * (0.9 / ds)) * 1.2 * ds;
          f = 1 - 0.8 * smooth(Math.abs(across - wiggle) - 0.4 * ds);
        } else if (defect === 'spot') {
          // a dark, lobed stain (oil or rust), a little larger than a dent
          const r = Math.hypot(rx, ry);
          const edge = dRad * 1.3 * (1 + 0.25 * Math.sin(3 * Math.atan2(ry, rx) + dAngle));
          f = 1 - 0.7 * smooth(r - edge);
        }
        if (f !== 1) {
          shade *= f;
          if (Math.abs(f - 1) > 0.05) {
            bx0 = Math.min(bx0, x);
            by0 = Math.min(by0, y);
            bx1 = Math.max(bx1, x + 1);
            by1 = Math.max(by1, y + 1);
          }
        }
      }
      for (let c = 0; c < 3; c++) {
        const bg = (bench[c]! + grain) * vign * shadow;
        const fg = metal[c]! * Math.max(0.05, shade) * vign;
        lin[(y * size + x) * 3 + c] = (bg * (1 - cover) + fg * cover) * cam.exposure * cam.tint[c]!;
      }
    }
  }
  const blurred = cam.blur > 0 ? boxBlur(lin, size, size, Math.round(cam.blur)) : lin;
  const out = new Uint8Array(size * size * 3);
  for (let i = 0; i < out.length; i++) {
    const v = blurred[i]! + cam.noise * rng.normal();
    out[i] = Math.max(0, Math.min(255, Math.round(255 * Math.pow(Math.max(0, v), 1 / 1.1))));
  }
  const img: RawImage = { width: size, height: size, channels: 3, data: out };
  if (bx1 > bx0 && by1 > by0) img.defectBox = { x0: bx0, y0: by0, x1: bx1, y1: by1 };
  return img;
}

function boxBlur(src: Float32Array, w: number, h: number, r: number): Float32Array {
  const tmp = new Float32Array(src.length);
  const dst = new Float32Array(src.length);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let c = 0; c < 3; c++) {
        let s = 0;
        let n = 0;
        for (let k = -r; k <= r; k++) {
          const xx = x + k;
          if (xx >= 0 && xx < w) {
            s += src[(y * w + xx) * 3 + c]!;
            n++;
          }
        }
        tmp[(y * w + x) * 3 + c] = s / n;
      }
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let c = 0; c < 3; c++) {
        let s = 0;
        let n = 0;
        for (let k = -r; k <= r; k++) {
          const yy = y + k;
          if (yy >= 0 && yy < h) {
            s += tmp[(yy * w + x) * 3 + c]!;
            n++;
          }
        }
        dst[(y * w + x) * 3 + c] = s / n;
      }
  return dst;
}
