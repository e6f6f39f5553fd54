/** `scripts/check-imports.mjs` (part of `npm run lint`) fails on an import circle and on a contracts or pure-layer violation. */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const script = path.resolve('scripts/check-imports.mjs');

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tr-imports-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function check(dir: string): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [script, dir], { encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe('check-imports', () => {
  it('passes the project tree', () => {
    const r = check(path.resolve('src'));
    expect(r.out).toMatch(/no circles/);
    expect(r.status).toBe(0);
  });

  it('fails on a circle of type-only imports', () => {
    const dir = tree({
      'data/a.ts': "import type { B } from './b.js';\nexport type A = { b?: B };\n",
      'data/b.ts': "import type { A } from './a.js';\nexport type B = { a?: A };\n",
    });
    const r = check(dir);
    expect(r.status).toBe(1);
    expect(r.out).toContain('import circle: data/a.ts ↔ data/b.ts');
  });

  it('fails on a circle through a dynamic import', () => {
    const dir = tree({
      'cli/main.ts': "export const load = () => import('./cmd.js');\n",
      'cli/cmd.ts': "import { load } from './main.js';\nexport const x = load;\n",
    });
    expect(check(dir).out).toContain('import circle: cli/cmd.ts ↔ cli/main.ts');
  });

  it('fails when contracts import a layer, or a pure layer does I/O', () => {
    const dir = tree({
      'contracts/index.ts': "import type { X } from '../data/x.js';\nexport type Y = X;\n",
      'data/x.ts': 'export type X = 1;\n',
      'stats/psi.ts': "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n",
    });
    const r = check(dir);
    expect(r.status).toBe(1);
    expect(r.out).toContain('src/contracts must not import data/x.ts');
    expect(r.out).toContain('the pure layer stats/ must not import node:fs');
  });
});
