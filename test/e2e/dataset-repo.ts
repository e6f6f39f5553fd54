/**
 * A real git repository for the e2e tests: a base and a head commit of ~40 small images (head: a new
 * camera, darker and much noisier), plus the merge commit `actions/checkout` checks out on pull_request.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'e2e',
      GIT_AUTHOR_EMAIL: 'e2e@example.invalid',
      GIT_COMMITTER_NAME: 'e2e',
      GIT_COMMITTER_EMAIL: 'e2e@example.invalid',
    },
  }).trim();
}

/** xorshift32 in [0, 1) */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

/** A 48×48 RGB picture: a bright disc or square on a textured background; head: darker, noisier. */
async function picture(seed: number, shape: 'disc' | 'square', drifted: boolean): Promise<Buffer> {
  const size = 48;
  const r = rng(seed * 7919 + (drifted ? 104729 : 0));
  const data = Buffer.alloc(size * size * 3);
  const cx = 16 + r() * 16;
  const cy = 16 + r() * 16;
  const rad = 8 + r() * 6;
  const bg = 90 + r() * 40;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const inside = shape === 'disc' ? (x - cx) ** 2 + (y - cy) ** 2 < rad * rad : Math.abs(x - cx) < rad && Math.abs(y - cy) < rad;
      let v = inside ? 200 + r() * 30 : bg + 20 * Math.sin((x + y) / 5) + r() * 8;
      if (drifted) v = v * 0.45 + (r() - 0.5) * 90; // new camera: darker, much noisier
      for (let c = 0; c < 3; c++) data[(y * size + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(v * (c === 2 ? 0.9 : 1))));
    }
  }
  return sharp(data, { raw: { width: size, height: size, channels: 3 } })
    .png()
    .toBuffer();
}

export interface Workspace {
  dir: string;
  base: string;
  head: string;
  merge: string;
  changed: Array<{ filename: string; status: string }>;
}

export const DEFAULT_CONFIG = [
  'datasets:',
  '  - name: parts',
  '    paths: ["data/**"]',
  '    modality: image',
  '    labels: directory',
  'pretrained:',
  '  model: builtin:default',
  '  task: classification',
  'target:',
  '  task: classification',
  'sample: {size: 20, seed: 7}',
  'fail-on: none',
  '',
].join('\n');

/** The repository in `root/<name>`, with `config` as .github/transfer-risk.yml at both revisions. */
export async function makeWorkspace(root: string, config = DEFAULT_CONFIG, name = 'workspace'): Promise<Workspace> {
  const dir = path.join(root, name);
  mkdirSync(path.join(dir, '.github'), { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  writeFileSync(path.join(dir, '.github/transfer-risk.yml'), config);
  writeFileSync(path.join(dir, 'README.md'), '# parts\n');
  const names: string[] = [];
  for (let i = 0; i < 20; i++) {
    const shape = i % 2 === 0 ? 'disc' : 'square';
    const file = `data/${shape}/${shape}-${String(i).padStart(2, '0')}.png`;
    mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
    writeFileSync(path.join(dir, file), await picture(i, shape, false));
    names.push(file);
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base: reference camera');
  const base = git(dir, 'rev-parse', 'HEAD');
  git(dir, 'checkout', '-q', '-b', 'new-camera');
  for (let i = 0; i < names.length; i++) {
    writeFileSync(path.join(dir, names[i]!), await picture(i, i % 2 === 0 ? 'disc' : 'square', true));
  }
  git(dir, 'commit', '-q', '-am', 'head: new camera');
  const head = git(dir, 'rev-parse', 'HEAD');
  // what actions/checkout checks out on pull_request: the merge commit (GITHUB_SHA), not the PR head
  git(dir, 'checkout', '-q', 'main');
  git(dir, 'merge', '-q', '--no-ff', '-m', 'Merge new-camera into main', 'new-camera');
  const merge = git(dir, 'rev-parse', 'HEAD');
  return { dir, base, head, merge, changed: names.map((filename) => ({ filename, status: 'modified' })) };
}

/** Parse GITHUB_OUTPUT (`name<<delimiter` … `delimiter`, or `name=value`). */
export function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== heredoc[2]; i++) value.push(lines[i]!);
      out[heredoc[1]!] = value.join('\n');
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return out;
}
