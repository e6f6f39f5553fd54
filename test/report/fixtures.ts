import { readFileSync } from 'node:fs';
import type { Report } from '../../src/contracts/index.js';

export const FIXTURES = ['zero-datasets', 'one-dataset', 'many-datasets'] as const;
export type FixtureName = (typeof FIXTURES)[number];

export function fixturePath(name: string): string {
  return new URL(`../fixtures/report/${name}.json`, import.meta.url).pathname;
}

/** A fresh (deep-copied) fixture report; not validated here. */
export function loadFixture(name: FixtureName): Report {
  return JSON.parse(readFileSync(fixturePath(name), 'utf8')) as Report;
}

/** A report as loosely-typed JSON, for tests that corrupt it on purpose. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LooseJson = Record<string, any>;
