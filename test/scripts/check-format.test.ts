/** `scripts/check-format.mjs` (part of `npm run lint`) fails on a file Prettier would write differently. */
import { describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const script = path.resolve('scripts/check-format.mjs');

/** A git work tree with the project's Prettier config and ignore file, and these files. */
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tr-format-'));
  execFileSync('git', ['init', '-q', dir]);
  copyFileSync('.prettierrc.json', path.join(dir, '.prettierrc.json'));
  copyFileSync('.prettierignore', path.join(dir, '.prettierignore'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function check(dir: string, ...extra: string[]): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [script, dir, ...extra], { encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

const formatted = "export const a = { b: 'c', d: [1, 2, 3] };\n";

describe('check-format', () => {
  it('is part of npm run lint', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.lint).toContain('node scripts/check-format.mjs');
  });

  it('passes a formatted tree', () => {
    const r = check(tree({ 'src/a.ts': formatted }));
    expect(r.out).toMatch(/format: \d+ files as Prettier writes them/);
    expect(r.status).toBe(0);
  });

  it('fails on an unformatted file and names it (double quotes, no trailing comma, a line over 160 characters)', () => {
    const long = `export const list = [${Array.from({ length: 40 }, (_, i) => `'item-${i}'`).join(', ')}];\n`;
    const dir = tree({ 'src/a.ts': formatted, 'src/b.ts': 'export const a = {b: "c"}\n', 'src/long.ts': long });
    const r = check(dir);
    expect(r.status).toBe(1);
    expect(r.out).toContain('not formatted: src/b.ts');
    expect(r.out).toContain('not formatted: src/long.ts');
    expect(r.out).not.toContain('src/a.ts');
  });

  it('skips what .prettierignore and .gitignore exclude (dist/, Markdown, ignored files)', () => {
    const dir = tree({
      'dist/a.js': 'var a = {b: "c"}\n',
      'README.md': '#  Title\n\n*  item\n',
      '.gitignore': 'out/\n',
      'out/x.ts': 'var a = {b: "c"}\n',
      'src/a.ts': formatted,
    });
    const r = check(dir);
    expect(r.status).toBe(0);
  });

  it('--write formats what it finds, and the check then passes', () => {
    const dir = tree({ 'src/b.ts': 'export const a = {b: "c"}\n' });
    expect(check(dir, '--write').status).toBe(0);
    expect(readFileSync(path.join(dir, 'src/b.ts'), 'utf8')).toBe("export const a = { b: 'c' };\n");
    expect(check(dir).status).toBe(0);
  });
});
