#!/usr/bin/env node
// Renders a PR comment (comment.md) the way GitHub shows it, roughly (GitHub-like CSS; <details>
// opened; the Mermaid block stays a code block), and screenshots it with headless Chromium.
// Usage: node scripts/screenshot-comment.mjs <comment.md> <out.png> [width] [height]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { marked } from 'marked';

const [md, out, width = '1000', height = '1400'] = process.argv.slice(2);
if (!md || !out) {
  process.stderr.write('usage: node scripts/screenshot-comment.mjs <comment.md> <out.png> [width] [height]\n');
  process.exit(2);
}
const body = marked.parse(readFileSync(md, 'utf8')).replaceAll('<details>', '<details open>');
const css = `body{font:14px/1.5 -apple-system,"Segoe UI","Noto Sans",Helvetica,Arial,sans-serif;color:#1f2328;margin:0;background:#f6f8fa}
.box{max-width:${Number(width) - 60}px;margin:16px auto;background:#fff;border:1px solid #d0d7de;border-radius:6px}
.hdr{background:#f6f8fa;border-bottom:1px solid #d0d7de;padding:8px 16px;color:#59636e;border-radius:6px 6px 0 0}
.md{padding:8px 16px 16px}table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #d0d7de;padding:4px 10px}
th{background:#f6f8fa}code{background:#eff1f3;border-radius:4px;padding:1px 4px;font-size:85%}pre{background:#f6f8fa;padding:12px;border-radius:6px;overflow:auto}
h3{margin:8px 0}summary{cursor:pointer}`;
const dir = mkdtempSync(path.join(os.tmpdir(), 'tr-comment-'));
try {
  const html = path.join(dir, 'comment.html');
  writeFileSync(
    html,
    `<!doctype html><meta charset="utf-8"><style>${css}</style><div class="box"><div class="hdr"><b>transfer-risk</b> <span>bot commented</span></div><div class="md">${body}</div></div>`,
  );
  execFileSync(
    process.env.CHROMIUM ?? '/usr/bin/chromium',
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${path.join(dir, 'profile')}`,
      '--hide-scrollbars',
      `--screenshot=${path.resolve(out)}`,
      `--window-size=${width},${height}`,
      pathToFileURL(html).href,
    ],
    { stdio: 'ignore', timeout: 60000 },
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
