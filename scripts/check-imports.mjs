#!/usr/bin/env node
/**
 * Import rules of src/ (run by `npm run lint`):
 *  - no import circles (type-only imports count: a circle of types is still a knot in the layout);
 *  - src/contracts imports nothing outside src/contracts (the shared vocabulary depends on no layer);
 *  - the pure layers (stats, transfer, measure, risk, calibration) import no node: built-ins (no I/O).
 * Prints each violation and exits 1, or prints a one-line summary and exits 0.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const src = path.resolve(root, process.argv[2] ?? 'src');

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Module specifiers a file imports or re-exports (static and dynamic `import('…')` with a literal). */
export function importsOf(file, text) {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const out = [];
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      out.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

const files = walk(src);
const known = new Set(files);
const graph = new Map();
const problems = [];
const rel = (f) => path.relative(src, f);
for (const f of files) {
  const deps = [];
  for (const spec of importsOf(f, readFileSync(f, 'utf8'))) {
    const layer = rel(f).split(path.sep)[0];
    if (spec.startsWith('.')) {
      const target = path.resolve(path.dirname(f), spec).replace(/\.js$/, '.ts');
      if (known.has(target)) deps.push(target);
      if (layer === 'contracts' && rel(target).split(path.sep)[0] !== 'contracts') problems.push(`${rel(f)}: src/contracts must not import ${rel(target)}`);
    } else if (
      ['stats', 'transfer', 'risk', 'measure', 'calibration'].includes(layer) &&
      (spec.startsWith('node:') || ['fs', 'path', 'child_process', 'http', 'https', 'net'].includes(spec))
    ) {
      problems.push(`${rel(f)}: the pure layer ${layer}/ must not import ${spec}`);
    }
  }
  graph.set(f, deps);
}

// Tarjan's strongly connected components: every component with more than one file (or a self-import) is a circle.
let index = 0;
const idx = new Map();
const low = new Map();
const stack = [];
const on = new Set();
function strong(v) {
  idx.set(v, index);
  low.set(v, index++);
  stack.push(v);
  on.add(v);
  for (const w of graph.get(v)) {
    if (!idx.has(w)) {
      strong(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
  }
  if (low.get(v) === idx.get(v)) {
    const comp = [];
    let w;
    do {
      w = stack.pop();
      on.delete(w);
      comp.push(w);
    } while (w !== v);
    if (comp.length > 1 || graph.get(v).includes(v)) problems.push(`import circle: ${comp.map(rel).sort().join(' ↔ ')}`);
  }
}
for (const f of files) if (!idx.has(f)) strong(f);

if (problems.length > 0) {
  for (const p of problems) console.error(p);
  process.exit(1);
}
console.log(`imports: ${files.length} modules under ${path.relative(root, src) || '.'}, no circles, contracts and pure layers clean`);
