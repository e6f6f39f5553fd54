/**
 * Type changes of a column between the sides: numeric in base (every non-missing value is a number)
 * and text in head, or the reverse — a schema change a training pipeline breaks on, whatever the
 * values' distribution. Measured on the raw cells (DESIGN.md: a column is numeric when every
 * non-missing value parses as a number).
 */
import type { TypeChangeReport } from '../contracts/index.js';
import type { FeatureValue } from '../data/item.js';
import { isMissing, parseNumber } from '../stats/feature-drift.js';

interface TypeScan {
  present: number;
  nonNumeric: number;
  examples: string[];
}

function scan(values: readonly FeatureValue[], keep: number): TypeScan {
  let present = 0;
  let nonNumeric = 0;
  const examples: string[] = [];
  for (const v of values) {
    if (isMissing(v)) continue;
    present++;
    if (parseNumber(v!) === undefined) {
      nonNumeric++;
      const s = String(v);
      if (examples.length < keep && !examples.includes(s)) examples.push(s.length > 40 ? `${s.slice(0, 39)}…` : s);
    }
  }
  return { present, nonNumeric, examples };
}

/** The type change of a column, or undefined when both sides have the same type (or a side is empty). */
export function typeChange(base: readonly FeatureValue[], head: readonly FeatureValue[]): TypeChangeReport | undefined {
  const b = scan(base, 5);
  const h = scan(head, 5);
  if (b.present === 0 || h.present === 0) return undefined;
  const bNum = b.nonNumeric === 0;
  const hNum = h.nonNumeric === 0;
  if (bNum === hNum) return undefined;
  return {
    base: bNum ? 'numeric' : 'text',
    head: hNum ? 'numeric' : 'text',
    nonNumericShare: { base: b.nonNumeric / b.present, head: h.nonNumeric / h.present },
    examples: bNum ? h.examples : b.examples,
  };
}
