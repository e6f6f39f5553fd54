/**
 * Malformed box annotations through the whole pipeline: the report says which annotation files could
 * not be read and why (file:line), as boxes.unreadable and as check-run hints in meta.annotations, and
 * the verdict never gets lower for it (a pull request that breaks the label files of its shrinking
 * defects was medium before: "box statistics not measured").
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { analyze } from '../../src/analyze.js';
import type { Report, Scenario } from '../../src/contracts/index.js';
import { renderCheckOutput } from '../../src/report/check-output.js';
import { validateReport } from '../../src/report/validate.js';
import { makeRepo, type TempRepo } from './git-helpers.js';

const N = 30;
const scenario = (r: Report, id: string): Scenario => r.risk.scenarios.find((s) => s.id === id)!;
const RANK = { low: 0, medium: 1, high: 2 } as const;

function image(i: number): Promise<Buffer> {
  const px = Buffer.from(Array.from({ length: 64 * 64 * 3 }, (_, k) => (90 + ((k * 17 + i * 31) % 60)) & 255));
  return sharp(px, { raw: { width: 64, height: 64, channels: 3 } })
    .jpeg()
    .toBuffer();
}

const label = (size: number, i: number) => `0 ${0.4 + (i % 5) * 0.04} ${0.45 + (i % 3) * 0.03} ${size} ${size}\n`;

let r: TempRepo;
const revs: Record<string, string> = {};
const run = async (head: string): Promise<Report> => (await analyze({ repo: r.dir, base: revs.base!, head: revs[head]!, cacheDir: null })).report;

beforeAll(async () => {
  r = makeRepo('tr-annotations-analyze-');
  r.write(
    '.github/transfer-risk.yml',
    'datasets:\n  - name: parts\n    paths: ["data/images/**"]\n    modality: image\n    labels: yolo:data\ntarget: {task: detection}\n',
  );
  r.write('data/classes.txt', 'defect\n');
  for (let i = 0; i < N; i++) {
    r.write(`data/images/p${i}.jpg`, await image(i));
    r.write(`data/labels/p${i}.txt`, label(0.5, i));
  }
  revs.base = r.commit('base: large defects');
  for (let i = 0; i < N; i++) r.write(`data/labels/p${i}.txt`, label(0.03, i));
  revs.shrunk = r.commit('head: the defects shrink below the input resolution');
  // the same pull request with three label files broken (a non-numeric width on line 2)
  for (let i = 0; i < 3; i++) r.write(`data/labels/p${i}.txt`, `${label(0.03, i)}0 0.5 0.5 wide 0.1\n`);
  revs.some = r.commit('head: three label files malformed');
  // ... and with every label file broken: the shrinking boxes would no longer be measured at all
  for (let i = 0; i < N; i++) r.write(`data/labels/p${i}.txt`, `0 0.5 0.5 wide 0.03\n`);
  revs.all = r.commit('head: every label file malformed');
  r.write('data/classes.txt', 'defect\n\nhole\n');
  for (let i = 0; i < N; i++) r.write(`data/labels/p${i}.txt`, label(0.03, i));
  revs.names = r.commit('head: the class names file has an empty name on line 2');
  // ... and a pull request that deletes the label files instead of breaking them
  r.write('data/classes.txt', 'defect\n');
  for (let i = 0; i < N; i++) r.remove(`data/labels/p${i}.txt`);
  revs.deleted = r.commit('head: every label file deleted');
}, 60_000);

afterAll(() => r.cleanup());

describe('malformed box annotations in a pull request', () => {
  it('are listed with file:line and reason, become check-run hints on head, and keep the verdict', async () => {
    const shrunk = await run('shrunk');
    expect(scenario(shrunk, 'roi-shift').level).toBe('high');
    const report = await run('some');
    validateReport(JSON.parse(JSON.stringify(report)));
    const boxes = report.datasets[0]!.boxes!;
    expect(boxes.head.unreadable).toEqual({ images: 3, of: N, share: 3 / N });
    expect(boxes.base.unreadable).toBeUndefined();
    expect(boxes.unreadable).toHaveLength(3);
    expect(boxes.unreadable![0]).toEqual({
      side: 'head',
      file: expect.stringMatching(/^data\/labels\/p[012]\.txt$/),
      line: 2,
      reason: expect.any(String),
      images: 1,
    });
    expect(boxes.unreadable!.map((u) => u.file).sort()).toEqual(['data/labels/p0.txt', 'data/labels/p1.txt', 'data/labels/p2.txt']);
    expect(boxes.unreadable![0]!.reason).toMatch(/wide/);
    const roi = scenario(report, 'roi-shift');
    expect(roi.level).toBe('high');
    expect(roi.evidence.join('\n')).toMatch(
      /3 sampled images of 30 at head have annotations that could not be read or used \(10%; left out of the box statistics\): data\/labels\/p\d\.txt:2 \(/,
    );
    expect(RANK[report.risk.level]).toBeGreaterThanOrEqual(RANK[shrunk.risk.level]);
    // check-run annotations on the broken lines (before: none; meta.annotations was not filled in)
    const hints = (report.meta.annotations as Array<{ path: string; line?: number; level: string; title?: string }>).filter(
      (h) => h.title === 'Annotation could not be read',
    );
    expect(hints.map((h) => `${h.path}:${h.line}`).sort()).toEqual(['data/labels/p0.txt:2', 'data/labels/p1.txt:2', 'data/labels/p2.txt:2']);
    expect(hints.every((h) => h.level === 'high')).toBe(true);
    const check = renderCheckOutput(report);
    expect(check.annotations.filter((a) => a.path.startsWith('data/labels/')).map((a) => [a.start_line, a.annotation_level])).toEqual([
      [2, 'failure'],
      [2, 'failure'],
      [2, 'failure'],
    ]);
    // the image statistics still hold every image; the skipped list names the annotation, not an unreadable image
    expect(report.datasets[0]!.sample.head).toBe(N);
    expect(scenario(report, 'data-drift').evidence.join('\n')).not.toMatch(/could not be read/);
  }, 120_000);

  it('every label file broken: high, not "not measured" at medium', async () => {
    const report = await run('all');
    const boxes = report.datasets[0]!.boxes!;
    expect(boxes.error).toMatch(/30 of 30 sampled annotations are malformed/);
    expect(boxes.head.unreadable).toEqual({ images: N, of: N, share: 1 });
    expect(scenario(report, 'roi-shift').level).toBe('high'); // before: medium, lower than the honest pull request
    expect(report.risk.level).toBe('high');
  }, 120_000);

  it('every label file deleted: fails closed at high (a pull request cannot lower roi-shift by removing its boxes)', async () => {
    const report = await run('deleted');
    validateReport(JSON.parse(JSON.stringify(report)));
    const boxes = report.datasets[0]!.boxes!;
    expect(boxes.error).toMatch(/head: /);
    expect(boxes.errorSides).toEqual(['head']);
    const roi = scenario(report, 'roi-shift');
    expect(roi.level).toBe('high'); // before: medium ("box statistics not measured"), lower than the honest pull request
    expect(roi.evidence.join('\n')).toMatch(/box statistics not measured: .* the check fails closed/);
    expect(report.risk.level).toBe('high');
  }, 120_000);

  it('a class names file that cannot be read: every head image counted, the file named with its line', async () => {
    const report = await run('names');
    const boxes = report.datasets[0]!.boxes!;
    expect(boxes.unreadable).toEqual([{ side: 'head', file: 'data/classes.txt', line: 2, reason: 'class id 1 has an empty name', images: N }]);
    expect(boxes.head.unreadable).toEqual({ images: N, of: N, share: 1 });
    expect(scenario(report, 'roi-shift').level).toBe('high');
    expect((report.meta.annotations as Array<{ path: string; line?: number }>).some((h) => h.path === 'data/classes.txt' && h.line === 2)).toBe(true);
  }, 120_000);
});
