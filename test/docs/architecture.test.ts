/** docs/architecture.md matches the tree: every folder under src/ is described, every path it names exists. */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const doc = readFileSync('docs/architecture.md', 'utf8');

function folders(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .flatMap((e) => {
      const p = `${dir}/${e.name}`;
      return [p, ...folders(p)];
    });
}

/** `src/…` and `scripts/…`, `test/…`, `docs/…` paths in the text, with `{a,b}` expanded */
function namedPaths(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\b((?:src|scripts|test|docs)\/[\w./{},-]*[\w}/])/g)) {
    const p = m[1]!;
    const brace = /\{([^}]*)\}/.exec(p);
    if (brace) for (const alt of brace[1]!.split(',')) out.push(p.replace(brace[0], alt));
    else out.push(p);
  }
  return out;
}

describe('docs/architecture.md', () => {
  it('describes every folder under src/', () => {
    const missing = folders('src').filter((f) => !doc.includes(`${f}/`));
    expect(missing).toEqual([]);
  });

  it('names only paths that exist', () => {
    const named = namedPaths(doc);
    expect(named.length).toBeGreaterThan(30);
    const absent = named.filter((p) => !existsSync(path.resolve(p)));
    expect(absent).toEqual([]);
  });

  it('names every top-level module of src/', () => {
    const top = readdirSync('src').filter((f) => f.endsWith('.ts'));
    expect(top.filter((f) => !doc.includes(`src/${f}`))).toEqual([]);
  });
});
