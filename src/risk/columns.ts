/**
 * Table columns, judged: missing values (a change of a column's missing share, significant after
 * BH and at least missingShareMedium), fills (one value taking over a share of the rows — imputed
 * missing values, or a constant written upstream) and type changes (numeric in base, text in head,
 * or the reverse: a schema change a training pipeline breaks on). Each is data drift in its own right.
 */
import type { DatasetReport } from '../contracts/index.js';
import type { RiskThresholds } from './thresholds.js';
import { atLeast, fmt, fmtP, graded } from './common.js';
import { termOf } from './terms.js';

export interface ColumnFinding {
  score: number;
  text: string;
}

export interface ColumnAssessment {
  findings: ColumnFinding[];
  recommendations: string[];
  notes: string[];
}

function quote(s: string): string {
  return `\`${s.replace(/`/g, "'")}\``;
}

function share(x: number): string {
  const p = x * 100;
  return `${p > 0 && p < 1 ? fmt(p, 1) : fmt(p, 0)}%`;
}

export function assessColumns(r: DatasetReport, t: RiskThresholds): ColumnAssessment {
  const findings: ColumnFinding[] = [];
  const recommendations: string[] = [];
  const notes: string[] = [];
  const tabular = r.modality === 'tabular';
  const missingMoved: string[] = [];
  const filled: string[] = [];
  const typed: string[] = [];
  for (const f of r.features) {
    const name = tabular ? quote(f.name) : termOf(f.name, r.modality).label;
    const m = f.missingness;
    if (m && tabular && m.drift && m.pAdjusted < t.alpha) {
      const delta = m.share.head - m.share.base;
      findings.push({
        score: graded(Math.abs(delta), t.missingShareMedium, t.missingShareHigh),
        text: `${name}: missing values ${share(m.share.base)} → ${share(m.share.head)} of rows (Fisher's exact test ${fmtP(m.pAdjusted)})`,
      });
      missingMoved.push(f.name);
    } else if (m && !tabular && m.share.head - m.share.base >= t.missingShareMedium && f.name === 'sharpness') {
      notes.push(`edge sharpness could not be measured on ${share(m.share.head)} of head items (base ${share(m.share.base)}): noise dominates their edges`);
    }
    const fill = f.fill;
    if (fill && tabular && fill.pAdjusted < t.alpha) {
      const rise = fill.share.head - fill.share.base;
      const what =
        fill.kind === 'imputed'
          ? `while missing values fell ${share(m?.share.base ?? 0)} → ${share(m?.share.head ?? 0)}: the missing values look imputed with ${fill.value}`
          : `a value rare in base: a constant fill (imputed upstream, a default or a sentinel?)`;
      findings.push({
        score: atLeast(graded(rise, t.fillShareMedium, t.missingShareHigh), 'medium'),
        text: `${name}: ${share(fill.share.head)} of head rows hold exactly ${fill.value} (base ${share(fill.share.base)}), ${what} (${fmtP(fill.pAdjusted)})`,
      });
      filled.push(f.name);
    }
    const tc = f.typeChange;
    if (tc) {
      const ex = tc.examples.length
        ? `, e.g. ${tc.examples
            .slice(0, 3)
            .map((x) => JSON.stringify(x))
            .join(', ')}`
        : '';
      if (tc.base === 'numeric') {
        const sh = tc.nonNumericShare.head;
        const score =
          sh >= t.typeChangeHighShare
            ? atLeast(graded(sh, t.typeChangeMediumShare, t.typeChangeHighShare), 'high')
            : sh >= t.typeChangeMediumShare
              ? atLeast(0, 'medium')
              : 0.2;
        findings.push({
          score,
          text: `${name} changed type: numeric in base, text in head (${share(sh)} of head values are not numbers${ex}) — a schema change`,
        });
      } else {
        findings.push({
          score: atLeast(0, 'medium'),
          text: `${name} changed type: text in base (${share(tc.nonNumericShare.base)} of base values are not numbers${ex}), numeric in head — a schema change`,
        });
      }
      typed.push(f.name);
    }
  }
  if (missingMoved.length)
    recommendations.push(
      `find why the missing values of ${missingMoved.slice(0, 3).map(quote).join(', ')} changed (ingestion, joins, a new source) and how the training pipeline fills them`,
    );
  if (filled.length)
    recommendations.push(
      `check whether ${filled.slice(0, 3).map(quote).join(', ')} were imputed upstream: a constant fill shifts what the model learns from that column; keep missing values missing or add a "was missing" indicator`,
    );
  if (typed.length)
    recommendations.push(
      `restore the type of ${typed.slice(0, 3).map(quote).join(', ')} (or fix the parsing: decimal commas, units, placeholders like "n/a") before training`,
    );
  return { findings, recommendations, notes };
}
