#!/usr/bin/env node
// Screenshots an HTML report with Debian's headless Chromium (no network, throwaway profile).
// Usage: node scripts/screenshot-report.mjs <report.html> <out.png> [width] [height]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [html, out, width = '1200', height = '2400'] = process.argv.slice(2);
if (!html || !out) {
  process.stderr.write('usage: node scripts/screenshot-report.mjs <report.html> <out.png> [width] [height]\n');
  process.exit(2);
}
const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  process.stderr.write(`${chromium} not found: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM\n`);
  process.exit(2);
}
const profile = mkdtempSync(path.join(os.tmpdir(), 'tr-chromium-'));
try {
  execFileSync(
    chromium,
    [
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
      `--screenshot=${path.resolve(out)}`,
      `--window-size=${width},${height}`,
      pathToFileURL(path.resolve(html)).href,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 },
  );
} finally {
  rmSync(profile, { recursive: true, force: true });
}
process.stderr.write(`wrote ${out}\n`);
