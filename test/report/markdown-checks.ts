import { expect } from '@jest/globals';

/** Cells of a Markdown table row (pipes escaped with a backslash do not split). */
export function cells(line: string): string[] {
  return line
    .replace(/^\|/, '')
    .replace(/\|\s*$/, '')
    .split(/(?<!\\)\|/);
}

/**
 * Structural checks of GitHub Markdown we emit: every table is complete (header, separator, rows with
 * the header's column count), <details> and code fences balanced.
 */
export function expectWellFormed(md: string): { tables: string[][] } {
  const lines = md.split('\n');
  const tables: string[][] = [];
  let current: string[] | undefined;
  for (const line of lines) {
    if (line.startsWith('|')) {
      (current ??= []).push(line);
    } else if (current) {
      tables.push(current);
      current = undefined;
    }
  }
  if (current) tables.push(current);
  for (const t of tables) {
    expect(t.length).toBeGreaterThanOrEqual(3);
    const n = cells(t[0]).length;
    expect(cells(t[1]).every((c) => /^\s*-+:?\s*$/.test(c))).toBe(true);
    for (const row of t) expect(cells(row)).toHaveLength(n);
  }
  const count = (re: RegExp) => (md.match(re) ?? []).length;
  expect(count(/<details>/g)).toBe(count(/<\/details>/g));
  expect(count(/<summary>/g)).toBe(count(/<\/summary>/g));
  expect(count(/^```/gm) % 2).toBe(0);
  return { tables };
}
