/**
 * The check: a repository of 200 images where head darkens them and adds noise; analyze()
 * reports brightness and noise drifting, with numbers.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { analyze } from '../../src/analyze.js';
import { UserError } from '../../src/errors.js';
import { SCENARIO_IDS } from '../../src/contracts/index.js';
import { gaussian, makeRepo, prng, type TempRepo } from './git-helpers.js';

const N = 200;
const W = 48;

/** A smooth random scene (gradient + a blob), optionally darkened and with Gaussian noise. */
function scene(seed: number, darken: number, noiseSigma: number): Buffer {
  const rand = prng(seed);
  const g = gaussian(prng(seed + 100_000));
  const base = 90 + 80 * rand();
  const gx = 60 * (rand() - 0.5);
  const gy = 60 * (rand() - 0.5);
  const cx = W * rand();
  const cy = W * rand();
  const tint = [rand() * 40 - 20, rand() * 40 - 20, rand() * 40 - 20];
  const px = Buffer.alloc(W * W * 3);
  for (let y = 0; y < W; y++)
    for (let x = 0; x < W; x++) {
      const blob = 50 * Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / 60);
      const v = base + (gx * x) / W + (gy * y) / W + blob;
      for (let c = 0; c < 3; c++) px[(y * W + x) * 3 + c] = Math.max(0, Math.min(255, Math.round((v + tint[c]!) * darken + noiseSigma * g())));
    }
  return px;
}

function png(px: Buffer): Promise<Buffer> {
  return sharp(px, { raw: { width: W, height: W, channels: 3 } })
    .png()
    .toBuffer();
}

describe('analyze on a repository where head darkens the images and adds noise', () => {
  let r: TempRepo;
  beforeAll(async () => {
    r = makeRepo();
    r.write('.github/transfer-risk.yml', 'datasets:\n  - name: parts\n    paths: ["data/**"]\n    modality: image\n    labels: directory\nfail-on: medium\n');
    for (let i = 0; i < N; i++) r.write(`data/${i % 2 ? 'ok' : 'defect'}/${i}.png`, await png(scene(i, 1, 0)));
    r.write('README.md', 'demo\n');
    r.commit('base');
    r.git('tag', 'base');
    for (let i = 0; i < N; i++) r.write(`data/${i % 2 ? 'ok' : 'defect'}/${i}.png`, await png(scene(i, 0.6, 12)));
    // the PR also tries to relax the policy
    r.write('.github/transfer-risk.yml', 'datasets:\n  - name: parts\n    paths: ["data/**"]\n    modality: image\n    labels: directory\nfail-on: none\n');
    r.commit('darker and noisier');
    r.git('tag', 'head');
    r.write('README.md', 'docs only\n');
    r.commit('docs');
    r.git('tag', 'docs');
  }, 120_000);
  afterAll(() => r.cleanup());

  it('reports brightness and noise drifting, with numbers', async () => {
    const { report, config, touched } = await analyze({ repo: r.dir, base: 'base', head: 'head' });
    expect(touched).toBe(true);
    expect(config.failOn).toBe('medium'); // from base
    expect(report.base.sha).toBe(r.git('rev-parse', 'base').trim());
    expect(report.head.ref).toBe('head');
    expect(report.datasets).toHaveLength(1);
    const ds = report.datasets[0]!;
    expect(ds.modality).toBe('image');
    expect(ds.sample).toEqual({ base: N, head: N });
    expect(ds.total).toEqual({ base: N, head: N });
    expect(ds.changes).toEqual({ added: 0, modified: N, deleted: 0, renamed: 0 });
    expect(ds.labels).toEqual({ source: 'directory', base: { defect: 100, ok: 100 }, head: { defect: 100, ok: 100 } });
    expect(ds.skipped).toEqual([]);
    const f = Object.fromEntries(ds.features.map((x) => [x.name, x]));
    for (const name of ['brightness', 'noise']) {
      expect(f[name]!.kind).toBe('numeric');
      expect(f[name]!.drift).toBe(true);
      expect(f[name]!.metrics.ks!.pValue).toBeLessThan(1e-10);
      expect(f[name]!.metrics.psi).toBeGreaterThan(1);
    }
    // the numbers: brightness drops to ~0.6× (scene mean ~130/255); noise is measured on luma, so
    // independent σ = 12 per channel becomes 12·sqrt(0.299² + 0.587² + 0.114²) ≈ 8.0 (base ~0)
    const lumaSigma = 12 * Math.hypot(0.299, 0.587, 0.114);
    const bBase = f.brightness!.summary!.base.mean!;
    const bHead = f.brightness!.summary!.head.mean!;
    expect(bBase).toBeGreaterThan(0.4);
    expect(bHead / bBase).toBeGreaterThan(0.55);
    expect(bHead / bBase).toBeLessThan(0.65);
    expect(f.noise!.summary!.base.mean!).toBeLessThan(3);
    expect(f.noise!.summary!.head.mean!).toBeGreaterThan(lumaSigma - 1);
    expect(f.noise!.summary!.head.mean!).toBeLessThan(lumaSigma + 1);
    // geometry did not change
    for (const name of ['width', 'height', 'aspect', 'megapixels']) expect(f[name]!.drift).toBe(false);
    expect(report.risk.scenarios.map((s) => s.id)).toEqual([...SCENARIO_IDS]);
  }, 120_000);

  it('a sample size override is honoured on both sides', async () => {
    const { report } = await analyze({ repo: r.dir, base: 'base', head: 'head', sampleSize: 40 });
    expect(report.datasets[0]!.sample).toEqual({ base: 40, head: 40 });
    expect(report.meta.sampleSize).toBe(40);
  }, 120_000);

  it('a change that touches no dataset ends with "no dataset changes"', async () => {
    const { report, touched } = await analyze({ repo: r.dir, base: 'head', head: 'docs' });
    expect(touched).toBe(false);
    expect(report.datasets).toEqual([]);
    // with no dataset in the report, data-drift and roi-shift do not apply (rendered n/a), kept low for fail-on
    for (const id of ['data-drift', 'roi-shift']) {
      expect(report.risk.scenarios.find((s) => s.id === id)).toMatchObject({
        level: 'low',
        applicable: false,
        evidence: ['not applicable: the pull request changes no dataset'],
      });
    }
  });

  it('takes changed paths from the caller when given', async () => {
    // head → docs changes README.md only; the caller's list decides what counts as changed
    const { touched } = await analyze({ repo: r.dir, base: 'head', head: 'docs', changedPaths: [{ status: 'modified', path: 'README.md' }] });
    expect(touched).toBe(false);
    const claimed = await analyze({ repo: r.dir, base: 'head', head: 'docs', changedPaths: [{ status: 'modified', path: 'data/ok/1.png' }], sampleSize: 8 });
    expect(claimed.touched).toBe(true);
    // base → head also changes the config (fail-on: none): a config change is judged whatever the list says
    expect((await analyze({ repo: r.dir, base: 'base', head: 'head', changedPaths: [{ status: 'modified', path: 'README.md' }], sampleSize: 8 })).touched).toBe(
      true,
    );
  }, 120_000);

  it('a missing revision or a non-repository is a UserError', async () => {
    await expect(analyze({ repo: r.dir, base: 'base', head: 'nope' })).rejects.toThrow(UserError);
    await expect(analyze({ repo: '/nonexistent/dir', base: 'a', head: 'b' })).rejects.toThrow(/repository directory not found/);
  });
});
