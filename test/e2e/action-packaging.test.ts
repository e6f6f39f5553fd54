/**
 * The composite action installs production dependencies only (`npm ci --omit=dev --ignore-scripts`):
 * everything dist/action.js can load must be a production dependency (or a Node built-in), and no
 * production dependency may need an install script. Needs `npx tsc -p tsconfig.json` first.
 */
import { builtinModules } from 'node:module';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Pkg {
  dependencies: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

const IMPORT_RE = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s*['"]([^'"]+)['"]/gm;

function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

/** bare specifiers reachable from `entry` through relative imports */
function bareImports(entry: string): Map<string, string> {
  const seen = new Set<string>();
  const bare = new Map<string, string>();
  const queue = [entry];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(IMPORT_RE)) {
      const spec = m[1] ?? m[2] ?? m[3]!;
      if (spec.startsWith('.')) queue.push(path.resolve(path.dirname(file), spec));
      else if (!bare.has(spec)) bare.set(spec, path.relative(ROOT, file));
    }
  }
  return bare;
}

describe('action packaging', () => {
  it('dist/action.js loads only production dependencies and Node built-ins', () => {
    const entry = path.join(ROOT, 'dist/action.js');
    if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npx tsc -p tsconfig.json\` first`);
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Pkg;
    const optionalPeers = Object.keys(pkg.peerDependencies ?? {}).filter((p) => pkg.peerDependenciesMeta?.[p]?.optional);
    const imports = bareImports(entry);
    expect(imports.size).toBeGreaterThan(3);
    const problems: string[] = [];
    for (const [spec, from] of imports) {
      const name = packageName(spec.replace(/^node:/, ''));
      if (spec.startsWith('node:') || builtinModules.includes(name)) continue;
      if (pkg.dependencies[name] || optionalPeers.includes(name)) continue;
      problems.push(`${spec} (imported by ${from})`);
    }
    expect(problems).toEqual([]);
    // the action's own API stack is there
    for (const p of ['@actions/core', '@actions/github', '@octokit/plugin-retry', '@octokit/plugin-throttling']) expect([...imports.keys()]).toContain(p);
  });

  it('no production dependency needs an install script (the action installs with --ignore-scripts)', () => {
    const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean; hasInstallScript?: boolean }>;
    };
    // core-js's postinstall only prints a banner; onnxruntime-node's only downloads the optional CUDA
    // provider (its CPU binaries ship inside the package: checked below); .npmrc runs no install script anyway
    const optional = ['node_modules/core-js', 'node_modules/onnxruntime-node'];
    const needing = Object.entries(lock.packages)
      .filter(([name, p]) => p.hasInstallScript && !p.dev && !optional.some((o) => name.endsWith(o)))
      .map(([name]) => name);
    expect(needing).toEqual([]);
    const bin = path.join(ROOT, 'node_modules', 'onnxruntime-node', 'bin', 'napi-v6', process.platform, process.arch);
    expect(readdirSync(bin)).toEqual(expect.arrayContaining(['onnxruntime_binding.node']));
    expect(readFileSync(path.join(ROOT, '.npmrc'), 'utf8')).toMatch(/^ignore-scripts=true$/m);
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { allowScripts?: Record<string, boolean> };
    expect(pkg.allowScripts?.['onnxruntime-node']).toBe(false);
  });
});
