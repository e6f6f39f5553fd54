/**
 * Honest engines: every installed package (dependencies and devDependencies) supports the whole Node range
 * package.json declares, so `npm ci` prints no EBADENGINE warning on any Node the project claims to run on;
 * the action's runtime is stated once, in action.yml.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';

const root = path.resolve('.');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: Record<string, string> | string[] }>;
};

describe('engines', () => {
  it('every installed package supports the declared Node range', () => {
    const declared = pkg.engines.node;
    const narrower: string[] = [];
    let checked = 0;
    for (const [where, meta] of Object.entries(lock.packages)) {
      // platform packages of other systems (e.g. sharp's win32 builds) are in the lock file but not installed
      if (!where || !existsSync(path.join(root, where))) continue;
      const node = meta.engines && !Array.isArray(meta.engines) ? meta.engines.node : undefined;
      if (!node) continue;
      checked++;
      if (!semver.subset(declared, node)) narrower.push(`${where}@${meta.version}: ${node}`);
    }
    expect(checked).toBeGreaterThan(50);
    expect(narrower).toEqual([]);
  });

  it('the running Node is in the declared range, and the action runs on node24', () => {
    expect(semver.satisfies(process.versions.node, pkg.engines.node)).toBe(true);
    expect(readFileSync(path.join(root, 'action.yml'), 'utf8')).toMatch(/node-version: ['"]?24/);
  });
});
