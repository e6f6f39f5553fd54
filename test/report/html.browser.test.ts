/**
 * e2e: the HTML report opened in Debian's headless Chromium renders (non-blank, plots present) on a
 * desktop and a phone width. Needs /usr/bin/chromium (CI installs it: apt-get install -y chromium);
 * without it this test fails, it is never skipped.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import sharp, { type OutputInfo } from 'sharp';
import { renderHtml } from '../../src/report/html.js';
import { validateReport } from '../../src/report/validate.js';
import { partsExtras } from './extras-fixture.js';
import { loadFixture } from './fixtures.js';

const run = promisify(execFile);
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

let dir: string;
let htmlFile: string;

function chromiumArgs(profile: string, extra: string[]): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--hide-scrollbars',
    `--user-data-dir=${profile}`,
    ...extra,
    pathToFileURL(htmlFile).href,
  ];
}

async function chromium(extra: string[]): Promise<string> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get update && apt-get install -y chromium) to run the HTML report e2e test`);
  }
  const profile = mkdtempSync(path.join(dir, 'profile-'));
  const { stdout } = await run(CHROMIUM, chromiumArgs(profile, extra), { timeout: 90_000, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

async function screenshot(width: number, height: number): Promise<{ file: string; data: Buffer; info: OutputInfo }> {
  const file = path.join(dir, `shot-${width}.png`);
  await chromium([`--screenshot=${file}`, `--window-size=${width},${height}`]);
  const { data, info } = await sharp(file).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { file, data, info };
}

/** Pixels within `tol` (Euclidean RGB) of a colour. */
function countNear(data: Buffer, rgb: [number, number, number], tol = 40): number {
  let n = 0;
  for (let i = 0; i < data.length; i += 3) {
    const d = Math.hypot(data[i] - rgb[0], data[i + 1] - rgb[1], data[i + 2] - rgb[2]);
    if (d <= tol) n++;
  }
  return n;
}

/** Distinct colours (4 bits per channel) covering at least `min` pixels each. */
function distinctColours(data: Buffer, min = 50): number {
  const hist = new Map<number, number>();
  for (let i = 0; i < data.length; i += 3) {
    const key = ((data[i] >> 4) << 8) | ((data[i + 1] >> 4) << 4) | (data[i + 2] >> 4);
    hist.set(key, (hist.get(key) ?? 0) + 1);
  }
  return [...hist.values()].filter((c) => c >= min).length;
}

const BASE_BLUE: [number, number, number] = [0x3b, 0x6f, 0xb6];
const HEAD_ORANGE: [number, number, number] = [0xe8, 0x77, 0x2e];
const HIGH_RED: [number, number, number] = [0xc9, 0x30, 0x2c];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tr-html-e2e-'));
  htmlFile = path.join(dir, 'report.html');
  writeFileSync(htmlFile, renderHtml(validateReport(loadFixture('one-dataset')), await partsExtras()));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('report.html in headless Chromium', () => {
  it('keeps the page title and every plot in the rendered DOM', async () => {
    const dom = await chromium(['--dump-dom']);
    expect(dom).toMatch(/<title>transfer-risk: HIGH — Data drift: 3 of 7 image features drift in parts/);
    expect((dom.match(/<svg class="plot-hist"/g) ?? []).length).toBe(4);
    expect((dom.match(/<svg class="plot-scatter"/g) ?? []).length).toBe(1);
    expect((dom.match(/<svg class="plot-psi"/g) ?? []).length).toBe(1);
    expect((dom.match(/<circle /g) ?? []).length).toBe(1000);
    expect((dom.match(/<img src="data:image\/png;base64,/g) ?? []).length).toBe(6);
    expect((dom.match(/<article class="card"/g) ?? []).length).toBe(4);
  }, 120_000);

  it('renders a non-blank desktop page with the verdict colour and both sides of the plots', async () => {
    const { data, info } = await screenshot(1200, 2400);
    expect([info.width, info.height]).toEqual([1200, 2400]);
    const stats = await sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } }).stats();
    for (const c of stats.channels) expect(c.stdev).toBeGreaterThan(20);
    expect(distinctColours(data)).toBeGreaterThanOrEqual(12);
    const px = info.width * info.height;
    expect(countNear(data, HIGH_RED) / px).toBeGreaterThan(0.002); // badge, card, drift bars
    expect(countNear(data, BASE_BLUE) / px).toBeGreaterThan(0.002); // base bars and points
    expect(countNear(data, HEAD_ORANGE) / px).toBeGreaterThan(0.002); // head bars and points
  }, 120_000);

  it('renders on a 390 px phone: the verdict card fits the width and the plots are drawn', async () => {
    const { data, info } = await screenshot(390, 2400);
    expect(info.width).toBe(390);
    const stats = await sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } }).stats();
    for (const c of stats.channels) expect(c.stdev).toBeGreaterThan(20);
    const px = info.width * info.height;
    expect(countNear(data, HIGH_RED) / px).toBeGreaterThan(0.002);
    expect(countNear(data, BASE_BLUE) / px).toBeGreaterThan(0.001);
    expect(countNear(data, HEAD_ORANGE) / px).toBeGreaterThan(0.001);
    // the verdict card fits the width: its red left border is within the viewport near the top
    let redInTopLeft = 0;
    for (let y = 10; y < 200; y++)
      for (let x = 0; x < 60; x++) {
        const i = (y * info.width + x) * 3;
        if (Math.hypot(data[i] - HIGH_RED[0], data[i + 1] - HIGH_RED[1], data[i + 2] - HIGH_RED[2]) < 40) redInTopLeft++;
      }
    expect(redInTopLeft).toBeGreaterThan(200);
    // ...and its right border (#dde1e8 on the #f6f7f9 page) is inside the viewport too
    let rightBorder = false;
    for (let x = 330; x < info.width; x++) {
      const i = (80 * info.width + x) * 3;
      if (Math.hypot(data[i] - 0xdd, data[i + 1] - 0xe1, data[i + 2] - 0xe8) < 8) rightBorder = true;
    }
    expect(rightBorder).toBe(true);
  }, 120_000);
});
