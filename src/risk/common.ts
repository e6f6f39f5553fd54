/** Shared helpers of the four scenarios: graded scores, levels, number formatting in the user's terms. */
import { listNames, type Level, type Scenario, type ScenarioId } from '../contracts/index.js';

const THIRD = 1 / 3;
const EPS = 1e-12;

/**
 * Map an effect size onto the score scale shared by every rule: 0 at 0, 1/3 at the medium
 * threshold, 2/3 at the high threshold, approaching 1 beyond (2/3 + 1/3·(1 − high/v)).
 */
export function graded(value: number, medium: number, high: number): number {
  if (Number.isNaN(value) || value <= 0) return 0;
  if (!Number.isFinite(value)) return 1;
  if (value < medium) return (value / medium) * THIRD * 0.99;
  if (value < high) return THIRD + ((value - medium) / Math.max(high - medium, EPS)) * THIRD;
  return 2 * THIRD + THIRD * (1 - high / value);
}

export function levelOfScore(score: number): Level {
  if (score >= 2 * THIRD - EPS) return 'high';
  if (score >= THIRD - EPS) return 'medium';
  return 'low';
}

export const LEVEL_RANK: Record<Level, number> = { low: 0, medium: 1, high: 2 };

/** Cap a score so that its level is at most `maxRank` (0 low, 1 medium, 2 high). */
export function capScore(score: number, maxRank: number): number {
  if (maxRank >= 2) return score;
  if (maxRank >= 1) return Math.min(score, 2 * THIRD - 0.01);
  return Math.min(score, THIRD - 0.01);
}

/** Score at least the floor of `level`. */
export function atLeast(score: number, level: Level): number {
  return Math.max(score, level === 'high' ? 2 * THIRD : level === 'medium' ? THIRD : 0);
}

export function clamp01(x: number): number {
  return Math.min(1, Math.max(0, Number.isFinite(x) ? x : 0));
}

/** A number for a sentence: 0.52, 2.1, 1024, −41; unicode minus. */
export function fmt(x: number | undefined, digits?: number): string {
  if (x === undefined || x === null || Number.isNaN(x)) return 'n/a';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  let s: string;
  const a = Math.abs(x) < 1e-9 ? 0 : Math.abs(x);
  if (digits !== undefined) s = a.toFixed(digits);
  else if (Number.isInteger(a)) s = String(a);
  else if (a >= 100) s = a.toFixed(0);
  else if (a >= 10) s = a.toFixed(1);
  else if (a >= 0.01) s = a.toFixed(2);
  else if (a === 0) s = '0';
  else s = a.toPrecision(2);
  if (s.includes('.') && digits === undefined) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return (x < 0 && Number(s) !== 0 ? '−' : '') + s;
}

export function fmtP(p: number | undefined): string {
  if (p === undefined || Number.isNaN(p)) return 'p n/a';
  if (p < 0.001) return 'p < 0.001';
  return `p ${p.toFixed(3)}`;
}

/**
 * A domain-classifier AUC with its meaning: 0.5 = base and head cannot be told apart, 1 = fully
 * separable. Values at or below 0.5 (a cross-validated AUC under the null scatters around 0.5 and can
 * fall well below it on small samples) mean no separation and are not shown as a number that counts.
 */
export function fmtAuc(auc: number): string {
  if (!(auc > 0.5)) return `no separation (AUC ${fmt(auc)} ≤ 0.5; 0.5 = no separation)`;
  return `AUC ${fmt(auc)} (0.5 = no separation, 1 = fully separable)`;
}

/** MMD²: the unbiased estimate is negative when the two samples do not differ. */
export function fmtMmd(stat: number): string {
  return stat <= 0 ? 'MMD² ≈ 0 (no difference)' : `MMD² ${fmt(stat)}`;
}

export function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${n} ${n === 1 ? word : pluralWord}`;
}

/** One dataset's contribution to a scenario. */
export interface Finding {
  score: number;
  evidence: string[];
  recommendations: string[];
}

/** Why data-drift and roi-shift do not apply to a pull request that changes no dataset (a config-only change). */
export const NO_DATASET = 'not applicable: the pull request changes no dataset';

/** A scenario that does not apply: level low (kept for fail-on), `applicable: false`, the reason as evidence. */
export function notApplicable(id: ScenarioId, reason: string): Scenario {
  return { id, level: 'low', applicable: false, score: 0, evidence: [reason], recommendations: [] };
}

/** Evidence sentences and recommendations a scenario carries at most (the report schema's maxItems; test/risk/common.test.ts keeps them equal). */
export const MAX_EVIDENCE = 100;
export const MAX_RECOMMENDATIONS = 50;

/**
 * Combine per-dataset findings into a scenario: score and level are the maximum; evidence is
 * prefixed with the dataset name when there are several; recommendations are de-duplicated.
 * When the datasets together bring more than MAX_EVIDENCE sentences (40 drifting datasets of one
 * repository), the datasets that score highest keep theirs, in full where they fit, and the last
 * sentence says how many were left out and from which datasets: every dataset's numbers stay in
 * report.json, and the report stays schema-valid.
 */
export function combine(id: ScenarioId, parts: Array<{ dataset?: string; finding: Finding }>, multi: boolean): Scenario {
  let score = 0;
  const recs: string[] = [];
  const lines = (p: (typeof parts)[number]) => p.finding.evidence.map((e) => (multi && p.dataset ? `${p.dataset}: ${e}` : e));
  for (const { finding } of parts) {
    score = Math.max(score, clamp01(finding.score));
    for (const r of finding.recommendations) if (!recs.includes(r) && recs.length < MAX_RECOMMENDATIONS) recs.push(r);
  }
  let evidence = parts.flatMap(lines);
  if (evidence.length > MAX_EVIDENCE) {
    // highest-scoring datasets first (stable: equal scores keep the config's order)
    const ranked = parts.map((p, i) => ({ p, i })).sort((a, b) => clamp01(b.p.finding.score) - clamp01(a.p.finding.score) || a.i - b.i);
    const kept: string[] = [];
    const left = new Set<string>();
    let leftLines = 0;
    for (const { p } of ranked) {
      for (const line of lines(p)) {
        if (kept.length < MAX_EVIDENCE - 1) kept.push(line);
        else {
          leftLines++;
          left.add(p.dataset ?? '(unnamed)');
        }
      }
    }
    kept.push(
      `… and ${plural(leftLines, 'more sentence')} from ${plural(left.size, 'lower-scoring dataset')} (${listNames([...left])}), left out to keep the report within ${MAX_EVIDENCE} sentences; each dataset's numbers are in report.json`,
    );
    evidence = kept;
  }
  const level = levelOfScore(score);
  return { id, level, score: Math.round(score * 1000) / 1000, evidence, recommendations: recs };
}
