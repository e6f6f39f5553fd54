/**
 * Generated folder comparisons through the whole evaluation stage (the built-in models on the default engine, ONNX Runtime):
 * the same content stored in another format — photos at a higher resolution, speech at another sample
 * rate — is a format change, not high; a head made of copies of one frame is at least medium.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import sharp from 'sharp';
import { compareFolders } from '../../src/compare.js';
// compareFolders loads these lazily; loaded here first, as jest's ESM loader cannot link concurrent dynamic imports
import '../../src/data/config.js';
import '../../src/data/folder.js';
import '../../src/evaluate.js';
import type { Report } from '../../src/contracts/index.js';
import { renderPart, REFERENCE_CAMERA, type PartKind } from '../../src/demo/render.js';
import { validateReport } from '../../src/report/validate.js';
import { createRng } from '../../src/stats/rng.js';
import { resamplePoly } from '../../src/stats/resample.js';
import { writeWav } from '../data/git-helpers.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'tr-folder-cases-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));
const PARTS: PartKind[] = ['gear', 'nut', 'bolt'];
const N = 24;

const dd = (r: Report) => r.risk.scenarios.find((s) => s.id === 'data-drift')!;

async function compare(base: string, head: string): Promise<Report> {
  const { report } = await compareFolders(base, head, { backend: 'onnx', cacheDir: path.join(TMP, 'cache'), seed: 3 });
  return validateReport(JSON.parse(JSON.stringify(report)));
}

describe('photos at a higher resolution', () => {
  const base = path.join(TMP, 'photos-base');
  const head = path.join(TMP, 'photos');
  let rendered: ReturnType<typeof renderPart> | undefined;
  beforeAll(async () => {
    // N/3 rendered photographs (rendering at 512 px is the slow part), each also mirrored and flipped
    for (let i = 0; i < N; i++) {
      const part = PARTS[Math.floor(i / 3) % 3]!;
      if (i % 3 === 0) rendered = renderPart({ part, defect: 'none', seed: 100 + i, camera: REFERENCE_CAMERA, size: 512 });
      const img = rendered!;
      const raw = sharp(Buffer.from(img.data), { raw: { width: img.width, height: img.height, channels: 3 } });
      const master = i % 3 === 0 ? raw : i % 3 === 1 ? raw.flop() : raw.flip();
      for (const [dir, size] of [
        [base, 256],
        [head, 512],
      ] as const) {
        fs.mkdirSync(path.join(dir, part), { recursive: true });
        fs.writeFileSync(path.join(dir, part, `${i}.jpg`), await master.clone().resize(size, size, { kernel: 'lanczos3' }).jpeg({ quality: 92 }).toBuffer());
      }
    }
  }, 300_000);

  it('is a format change (resolution named, what the model sees explained), not high; content features do not drift', async () => {
    const r = await compare(base, head);
    const ds = r.datasets[0]!;
    const f = (n: string) => ds.features.find((x) => x.name === n)!;
    expect(f('width').role).toBe('format');
    expect(f('width').drift).toBe(true);
    for (const n of ['brightness', 'contrast', 'saturation', 'noise', 'colorfulness']) expect({ n, drift: f(n).drift }).toEqual({ n, drift: false });
    expect(dd(r).level).not.toBe('high');
    expect(dd(r).evidence[0]).toMatch(/^format change: resolution 256×256 → 512×512 .*the model sees every image at 224×224/);
    expect(ds.contentForm).toMatch(/^224×224 RGB/);
  }, 300_000);
});

/** A second of speech-like sound at 48 kHz: a voiced harmonic series with a moving pitch and vowel-like formants, plus breath noise. */
function speech(seed: number): Float64Array {
  const sr = 48000;
  const rng = createRng(seed);
  const n = sr;
  const x = new Float64Array(n);
  const f0 = 100 + 120 * rng.next();
  const formants = [500 + 400 * rng.next(), 1200 + 900 * rng.next(), 2500 + 600 * rng.next()];
  let phase = 0;
  for (let i = 0; i < n; i++) {
    const t = i / sr;
    const f = f0 * (1 + 0.1 * Math.sin(2 * Math.PI * 3 * t));
    phase += (2 * Math.PI * f) / sr;
    let v = 0;
    for (let h = 1; h * f < 7000; h++) {
      const fh = h * f;
      const gain = formants.reduce((a, fm) => a + 1 / (1 + ((fh - fm) / 150) ** 2), 0);
      v += (gain / h) * Math.sin(h * phase);
    }
    const env = Math.min(1, t * 20) * Math.min(1, (1 - t) * 20) * (0.6 + 0.4 * Math.sin(2 * Math.PI * 4 * t) ** 2);
    x[i] = 0.12 * env * v + 0.004 * rng.normal();
  }
  return x;
}

describe('speech at another sample rate', () => {
  const base = path.join(TMP, 'speech-base');
  const head = path.join(TMP, 'speech');
  beforeAll(() => {
    fs.mkdirSync(base);
    fs.mkdirSync(head);
    for (let i = 0; i < N; i++) {
      const master = speech(500 + i);
      fs.writeFileSync(path.join(base, `${i}.wav`), writeWav({ sampleRate: 16000, channels: 1, bits: 16 }, [resamplePoly(master, 48000, 16000)]));
      fs.writeFileSync(path.join(head, `${i}.wav`), writeWav({ sampleRate: 44100, channels: 1, bits: 16 }, [resamplePoly(master, 48000, 44100)]));
    }
  });

  it('is a format change (sample rate), not high: content features and the built-in audio embedding do not tell the sides apart', async () => {
    const r = await compare(base, head);
    const ds = r.datasets[0]!;
    const f = (n: string) => ds.features.find((x) => x.name === n)!;
    expect(f('sampleRate')).toMatchObject({ role: 'format', drift: true });
    for (const n of ['rmsDbfs', 'noiseFloorDbfs', 'snrDb', 'spectralCentroid', 'zeroCrossingRate'])
      expect({ n, drift: f(n).drift }).toEqual({ n, drift: false });
    expect(ds.embedding!.classifierAuc).toBeLessThan(0.65);
    expect(dd(r).level).not.toBe('high');
    expect(dd(r).evidence.join('\n')).toMatch(/format change: sample rate 16000 → 44100 Hz .*resampled to 16 kHz \(band-limited\)/);
  }, 300_000);
});

describe('a head made of copies', () => {
  const base = path.join(TMP, 'frames-base');
  const head = path.join(TMP, 'frames');
  beforeAll(async () => {
    for (let i = 0; i < N; i++) {
      const part = PARTS[i % 3]!;
      const img = renderPart({ part, defect: 'none', seed: 900 + i, camera: REFERENCE_CAMERA, size: 160 });
      const jpg = await sharp(Buffer.from(img.data), { raw: { width: 160, height: 160, channels: 3 } })
        .jpeg({ quality: 90 })
        .toBuffer();
      fs.mkdirSync(path.join(base, part), { recursive: true });
      fs.writeFileSync(path.join(base, part, `${i}.jpg`), jpg);
      if (i === 0) {
        fs.mkdirSync(path.join(head, part), { recursive: true });
        for (let k = 0; k < 80; k++) fs.writeFileSync(path.join(head, part, `frame-${String(k).padStart(2, '0')}.jpg`), jpg);
      }
    }
  }, 300_000);

  it('80 copies of one frame: named with paths, at least medium', async () => {
    const r = await compare(base, head);
    const ds = r.datasets[0]!;
    expect(ds.duplicates!.exact.head.items).toBeGreaterThanOrEqual(30);
    expect(['medium', 'high']).toContain(dd(r).level);
    expect(dd(r).evidence.join('\n')).toMatch(/the head is dominated by copies: .*e\.g\. `gear\/frame-00\.jpg` = `gear\/frame-01\.jpg`/);
  }, 300_000);
});
