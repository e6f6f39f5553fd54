import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { buildRepo, renderImage, yoloClassesFile, yoloDefectImages } from '../../src/demo/repo.js';
import { GitRepo } from '../../src/data/git.js';
import { loadAnnotations } from '../../src/data/annotations/load.js';

const dir = mkdtempSync(join(tmpdir(), 'tr-yolo-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a YOLO defect dataset repository', () => {
  it('commits images with their label files; the loader reads the boxes the renderer drew', async () => {
    const base = yoloDefectImages(8, 1, { defectScale: 2.5 });
    const head = yoloDefectImages(8, 1, { defectScale: 0.5 });
    const files = { 'data/defects/classes.txt': yoloClassesFile() };
    const shas = await buildRepo(join(dir, 'repo'), { base: { images: base, files }, head: { images: head, files } });
    const repo = await GitRepo.open(join(dir, 'repo'));
    const blobs = repo.blobReader();
    try {
      const sizes: number[][] = [];
      for (const [rev, specs] of [
        [shas.base, base],
        [shas.head, head],
      ] as const) {
        const loaded = await loadAnnotations({
          source: { format: 'yolo', path: 'data/defects' },
          blobs,
          files: await repo.listFiles(rev),
          images: specs.map((s) => s.path),
        });
        expect(loaded.error).toBeUndefined();
        expect(loaded.classes).toEqual(['scratch', 'dent', 'crack', 'spot']);
        const side: number[] = [];
        for (const spec of specs) {
          const a = loaded.images.get(spec.path)!;
          expect(a.kind).toBe('boxes');
          if (a.kind !== 'boxes') continue;
          const { defectBox } = await renderImage(spec);
          if (spec.defect === 'none' || !defectBox) {
            expect(a.value.boxes).toEqual([]);
            continue;
          }
          expect(a.value.boxes).toHaveLength(1);
          const b = a.value.boxes[0]!;
          expect(b.label).toBe(spec.defect);
          expect(b.x * 160).toBeCloseTo(Math.max(0, defectBox.x0 - 1), 3);
          expect((b.x + b.w) * 160).toBeCloseTo(Math.min(160, defectBox.x1 + 1), 3);
          side.push(Math.sqrt(b.w * b.h) * 160);
        }
        sizes.push(side);
      }
      const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
      expect(sizes[0]!.length).toBeGreaterThan(0);
      expect(mean(sizes[1]!)).toBeLessThan(0.5 * mean(sizes[0]!));
    } finally {
      await blobs.close();
    }
  });
});
