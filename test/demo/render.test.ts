import { describe, expect, it } from '@jest/globals';
import { NEW_CAMERA, renderPart } from '../../src/demo/render.js';
import { defectImages, partImages } from '../../src/demo/repo.js';

const mean = (d: Uint8Array): number => d.reduce((a, b) => a + b, 0) / d.length;

describe('demo part renderer', () => {
  it('is deterministic in its seed', () => {
    const a = renderPart({ part: 'gear', defect: 'none', seed: 5, size: 64 });
    const b = renderPart({ part: 'gear', defect: 'none', seed: 5, size: 64 });
    const c = renderPart({ part: 'gear', defect: 'none', seed: 6, size: 64 });
    expect(Buffer.from(a.data).equals(Buffer.from(b.data))).toBe(true);
    expect(Buffer.from(a.data).equals(Buffer.from(c.data))).toBe(false);
    expect(a.data.length).toBe(64 * 64 * 3);
  });

  it('a defect is tiny: it changes a small share of the pixels of the same part', () => {
    for (const defect of ['scratch', 'dent', 'crack'] as const) {
      const clean = renderPart({ part: 'nut', defect: 'none', seed: 9, size: 128 });
      const marked = renderPart({ part: 'nut', defect, seed: 9, size: 128 });
      let changed = 0;
      for (let i = 0; i < clean.data.length; i += 3) if (Math.abs(clean.data[i]! - marked.data[i]!) > 12) changed++;
      const share = changed / (128 * 128);
      expect(share).toBeGreaterThan(0.001);
      expect(share).toBeLessThan(0.03);
    }
  });

  it('the new camera is darker and noisier', () => {
    const ref = renderPart({ part: 'bolt', defect: 'none', seed: 3, size: 96 });
    const cam = renderPart({ part: 'bolt', defect: 'none', seed: 3, size: 96, camera: NEW_CAMERA });
    expect(mean(cam.data)).toBeLessThan(0.6 * mean(ref.data));
    const rough = (d: Uint8Array): number => {
      let s = 0;
      for (let i = 3; i < d.length; i++) s += Math.abs(d[i]! - d[i - 3]!);
      return s / d.length;
    };
    expect(rough(cam.data)).toBeGreaterThan(2 * rough(ref.data));
  });

  it('labels images by part type, or by defect with the same part mix', () => {
    const parts = partImages(6, 1);
    expect(parts.map((p) => p.path.split('/')[2])).toEqual(['gear', 'nut', 'bolt', 'gear', 'nut', 'bolt']);
    const defects = defectImages(12, 1);
    expect(new Set(defects.map((p) => p.path.split('/')[2]))).toEqual(new Set(['ok', 'scratch', 'dent', 'crack']));
    expect(defects.filter((d) => d.defect === 'none').every((d) => d.path.includes('/ok/'))).toBe(true);
  });
});
