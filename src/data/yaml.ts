/**
 * YAML from untrusted files (the repository config, augmentation configs), parsed with line numbers
 * and bounded: the text's size, and alias expansion (a "billion laughs" alias bomb is an InputError
 * naming the file, not a hang or an internal error).
 */
import { isMap, isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml';
import { InputError, errorMessage } from '../errors.js';

/** YAML files (configs) larger than this are refused (a config is a few KiB; this bounds parsing time and memory). */
export const MAX_CONFIG_BYTES = 1024 * 1024;
/** YAML aliases expanded at most this many times (alias bombs: "billion laughs"). */
export const MAX_YAML_ALIASES = 100;

/**
 * Parses YAML text with line numbers and turns it into plain values, bounded: the text's size, and
 * alias expansion (a "billion laughs" alias bomb is an InputError naming the file, not a hang).
 */
export function parseYamlBounded(text: string, file: string, what = 'file'): { doc: Document; lc: LineCounter; value: unknown } {
  if (text.length > MAX_CONFIG_BYTES) {
    throw new InputError(file, `${what} too large (${text.length} characters; the limit is ${MAX_CONFIG_BYTES})`);
  }
  const lc = new LineCounter();
  // yaml's own duplicate-key check compares every pair of a map's keys: a 1 MiB config with 88,000 keys
  // took 69 s to be called invalid; duplicateKey() does the same check with a set
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    const line = err.linePos?.[0]?.line ?? lc.linePos(err.pos[0]).line;
    const msg = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new InputError(file, `invalid YAML: ${msg}`, line);
  }
  const dup = duplicateKey(doc);
  if (dup !== undefined) throw new InputError(file, 'invalid YAML: Map keys must be unique', lc.linePos(dup).line);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (err) {
    // yaml throws a ReferenceError for alias bombs ("Excessive alias count …") and for aliases to nothing
    throw new InputError(file, `invalid YAML: ${errorMessage(err).replace(/\.$/, '')} (aliases are expanded at most ${MAX_YAML_ALIASES} times)`);
  }
  return { doc, lc, value };
}

/**
 * The offset of the first map key that repeats an earlier key of its map (scalars equal by type and
 * value, as yaml's `uniqueKeys: true`), in linear time; undefined when every key is unique.
 */
function duplicateKey(doc: Document): number | undefined {
  let found: number | undefined;
  visit(doc, {
    Map(_key, map) {
      if (!isMap(map)) return undefined;
      const seen = new Set<string>();
      for (const pair of map.items) {
        const k = pair.key;
        if (!isScalar(k)) continue;
        const id = `${typeof k.value}:${String(k.value)}`;
        if (seen.has(id)) {
          found = k.range?.[0] ?? 0;
          return visit.BREAK;
        }
        seen.add(id);
      }
      return undefined;
    },
  });
  return found;
}
