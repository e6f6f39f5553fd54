/**
 * Class proportions base vs head: chi-square test of homogeneity and Jensen–Shannon distance over the
 * classes, classes only one side has (with the share of items in them), and the class whose share
 * moved most. A prior shift changes what fine-tuning learns even when every image looks the same.
 */
import type { LabelDistributionReport } from '../contracts/index.js';
import { chi2Homogeneity } from '../stats/chi2.js';
import { jsDistance } from '../stats/js.js';

export function measureLabels(base: Record<string, number>, head: Record<string, number>): LabelDistributionReport | undefined {
  const nb = Object.values(base).reduce((a, b) => a + b, 0);
  const nh = Object.values(head).reduce((a, b) => a + b, 0);
  if (nb === 0 || nh === 0) return undefined;
  const classes = [...new Set([...Object.keys(base), ...Object.keys(head)])].filter((c) => (base[c] ?? 0) + (head[c] ?? 0) > 0).sort();
  const cb = Float64Array.from(classes, (c) => base[c] ?? 0);
  const ch = Float64Array.from(classes, (c) => head[c] ?? 0);
  const added = classes.filter((c) => !(base[c]! > 0) && head[c]! > 0);
  const removed = classes.filter((c) => base[c]! > 0 && !(head[c]! > 0));
  const shared = classes.length - added.length - removed.length;
  let largest: LabelDistributionReport['largest'];
  let move = -1;
  classes.forEach((c, i) => {
    const d = Math.abs(ch[i]! / nh - cb[i]! / nb);
    if (d > move) {
      move = d;
      largest = { label: c, base: cb[i]! / nb, head: ch[i]! / nh };
    }
  });
  const out: LabelDistributionReport = {
    classes: { base: classes.length - added.length, head: classes.length - removed.length, shared },
    added,
    removed,
    addedShare: added.reduce((a, c) => a + head[c]!, 0) / nh,
    removedShare: removed.reduce((a, c) => a + base[c]!, 0) / nb,
    chi2: chi2Homogeneity(cb, ch),
    js: Math.min(1, jsDistance(cb, ch)),
  };
  if (largest) out.largest = largest;
  return out;
}
