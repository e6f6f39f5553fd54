import { describe, expect, it } from '@jest/globals';
import { NEW_CAMERA, renderPart } from '../../src/demo/render.js';
import { DEFECT_CLASSES, defectImages, partImages, yoloClassesFile, yoloDefectImages, yoloLine } from '../../src/demo/repo.js';
import { parseYoloLabels } from '../../src/data/annotations/yolo.js';

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

describe('demo defect boxes (YOLO)', () => {
  it('the defect box holds every pixel the defect changed; defectScale 1 is the default rendering', () => {
    for (const defect of ['scratch', 'dent', 'crack', 'spot'] as const) {
      const clean = renderPart({ part: 'gear', defect: 'none', seed: 21, size: 128 });
      const marked = renderPart({ part: 'gear', defect, seed: 21, size: 128 });
      expect(Buffer.from(renderPart({ part: 'gear', defect, seed: 21, size: 128, defectScale: 1 }).data).equals(Buffer.from(marked.data))).toBe(true);
      expect(clean.defectBox).toBeUndefined();
      const b = marked.defectBox!;
      expect(b.x1).toBeGreaterThan(b.x0);
      let outside = 0;
      let inside = 0;
      for (let y = 0; y < 128; y++) {
        for (let x = 0; x < 128; x++) {
          const i = (y * 128 + x) * 3;
          if (Math.abs(clean.data[i]! - marked.data[i]!) <= 12) continue;
          if (x >= b.x0 && x < b.x1 && y >= b.y0 && y < b.y1) inside++;
          else outside++;
        }
      }
      expect(inside).toBeGreaterThan(0);
      expect(outside).toBe(0);
    }
  });

  it('defectScale scales the defect box', () => {
    const side = (s: number): number => {
      const b = renderPart({ part: 'nut', defect: 'dent', seed: 9, size: 160, defectScale: s }).defectBox!;
      return Math.sqrt((b.x1 - b.x0) * (b.y1 - b.y0));
    };
    expect(side(2.5)).toBeGreaterThan(2 * side(1));
    expect(side(0.5)).toBeLessThan(0.7 * side(1));
  });

  it('builds YOLO image/label paths and label lines that the YOLO reader accepts', () => {
    const specs = yoloDefectImages(8, 1, { defects: ['none', 'spot'] });
    expect(specs[0]).toMatchObject({ path: 'data/defects/images/gear-0001.jpg', defect: 'none', yolo: { labels: 'data/defects/labels/gear-0001.txt' } });
    expect(specs.map((s) => s.defect)).toEqual(['none', 'none', 'none', 'spot', 'spot', 'spot', 'none', 'none']);
    expect(yoloClassesFile()).toBe('scratch\ndent\ncrack\nspot\n');
    const spot = specs[3]!;
    const line = yoloLine(spot, { x0: 10, y0: 20, x1: 30, y1: 24 }, 160);
    expect(line).toBe('3 0.125000 0.137500 0.137500 0.037500\n');
    const [b] = parseYoloLabels('l.txt', Buffer.from(line), [...DEFECT_CLASSES]).boxes;
    expect(b!.label).toBe('spot');
    expect(b!.x * 160).toBeCloseTo(9, 6);
    expect(b!.w * 160).toBeCloseTo(22, 6);
    expect(yoloLine(specs[0]!, { x0: 1, y0: 1, x1: 2, y1: 2 }, 160)).toBe('');
    expect(() => yoloLine({ ...spot, yolo: { labels: 'l.txt', classes: ['scratch'] } }, { x0: 1, y0: 1, x1: 2, y1: 2 }, 160)).toThrow(
      /spot is not in the class list/,
    );
  });
});
