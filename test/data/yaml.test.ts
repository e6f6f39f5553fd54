/**
 * src/data/yaml.ts: YAML from untrusted files (the config, augmentation configs), bounded. Duplicate keys
 * are an error naming the line, found in linear time (yaml's own check compares every pair of keys: a
 * 1 MiB config with 88,000 keys took 69 s).
 */
import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../src/errors.js';
import { parseYamlBounded } from '../../src/data/yaml.js';

function errorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('no error');
}

describe('parseYamlBounded: duplicate keys', () => {
  it('a repeated key is invalid YAML at its line, in block and flow maps, at any depth', () => {
    expect(errorOf(() => parseYamlBounded('a: 1\nb: 2\na: 3\n', 'c.yml')).message).toBe('c.yml:3: invalid YAML: Map keys must be unique');
    expect(errorOf(() => parseYamlBounded('x:\n  y: {p: 1, q: 2, p: 3}\n', 'c.yml')).message).toBe('c.yml:2: invalid YAML: Map keys must be unique');
    expect(errorOf(() => parseYamlBounded('list:\n  - k: 1\n  - k: 2\n    m: 1\n    k: 3\n', 'c.yml')).message).toBe(
      'c.yml:5: invalid YAML: Map keys must be unique',
    );
  });
  it('keys equal as text but not as values are different keys (as yaml decides): 1 and "1", true and "true"', () => {
    expect(parseYamlBounded('1: a\n"1": b\ntrue: c\n"true": d\n', 'c.yml').value).toEqual({ 1: 'b', true: 'd' });
    // the same key in two different maps is fine
    expect(parseYamlBounded('a: {k: 1}\nb: {k: 2}\n', 'c.yml').value).toEqual({ a: { k: 1 }, b: { k: 2 } });
  });
  it('60,000 keys with one repeated at the end: the line, at once', () => {
    const lines = Array.from({ length: 60_000 }, (_, i) => `k${i}: ${i}`);
    lines.push('k7: again');
    const text = `${lines.join('\n')}\n`;
    expect(text.length).toBeLessThan(1024 * 1024);
    expect(errorOf(() => parseYamlBounded(text, 'big.yml')).message).toBe('big.yml:60001: invalid YAML: Map keys must be unique');
  });
});
