/**
 * Shared helpers of the renderers: numbers for people, escaping of untrusted text (feature names,
 * paths, reasons come from pull requests), and the verdict's wording.
 */
import type { DatasetReport, FeatureReport, Level, Report, Scenario, ScenarioId } from '../contracts/index.js';

// ---------------------------------------------------------------- numbers

/** 3 significant digits, trailing zeros dropped: 0.842, 0.1, 12.3, 1,230, 1.23e-4, 4.57e+6. */
export function fmt(x: number | undefined | null): string {
  if (x === undefined || x === null || Number.isNaN(x)) return 'n/a';
  if (x === Infinity) return '∞';
  if (x === -Infinity) return '−∞';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a < 1e-3 || a >= 1e6) {
    const [m, e] = x.toExponential(2).split('e');
    return `${stripZeros(m)}e${e.startsWith('+') ? e.slice(1) : e}`;
  }
  const s = Number(x.toPrecision(3));
  if (Math.abs(s) >= 1e6) return fmt(s);
  if (Math.abs(s) >= 1000) return s.toLocaleString('en-US');
  return stripZeros(s.toPrecision(3));
}

function stripZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** p-values: "< 1e-6" below 1e-6, else 3 significant digits. */
export function fmtP(p: number | undefined | null): string {
  if (p === undefined || p === null || Number.isNaN(p)) return 'n/a';
  if (p < 1e-6) return '< 1e-6';
  return fmt(p);
}

/** A share in [0, 1] as a percentage with up to 3 significant digits: 0.173 → "17.3%". */
export function fmtPct(x: number | undefined | null): string {
  if (x === undefined || x === null || Number.isNaN(x)) return 'n/a';
  return `${fmt(x * 100)}%`;
}

export function fmtInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${fmtInt(n)} ${n === 1 ? one : many}`;
}

// ---------------------------------------------------------------- escaping

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g;

/** Single line, no control or bidi-override characters, at most `max` characters (… when cut). */
export function oneLine(s: string, max = 300): string {
  const t = String(s)
    .replace(/[\r\n\t]+/g, ' ')
    .replace(CONTROL, '');
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** HTML text/attribute escaping. */
export function escapeHtml(s: string): string {
  return String(s).replace(CONTROL, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * HTML escaping for text GitHub renders (comment HTML blocks, job summary): also breaks @mentions and
 * #refs, and writes Markdown punctuation as entities so the text stays inert whether GitHub reads it as
 * HTML or as Markdown.
 */
export function escapeGhHtml(s: string, max = 300): string {
  return breakMentions(escapeHtml(oneLine(s, max)).replace(/[[\]*_~`|$\\]/g, (c) => `&#${c.charCodeAt(0)};`));
}

function breakMentions(s: string): string {
  return s.replace(/@/g, '@&#8203;').replace(/(?<!&)#(?=\d)/g, '#&#8203;');
}

/**
 * Untrusted text for inline GitHub Markdown (also safe inside table cells; never placed at the start of a
 * line): HTML is escaped, inline Markdown syntax (emphasis, code, links, tables, strikethrough, math) is
 * backslash-escaped, line breaks become spaces, and @mentions / #123 references are broken with a
 * zero-width space so a dataset cannot ping people or link issues.
 */
export function escapeMd(s: string, max = 300): string {
  return oneLine(s, max)
    .replace(/[\\`*_[\]|~$]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/@/g, '@&#8203;')
    .replace(/(?<!&)#(?=\d)/g, '#&#8203;');
}

/**
 * Text written by the risk module (evidence, recommendations) that may quote untrusted names between
 * backticks: `x` segments become <code>, everything is escaped.
 */
export function inlineMd(s: string, max = 600): string {
  return splitBackticks(oneLine(s, max))
    .map((part) => (part.code ? `<code>${escapeMd(part.text, max)}</code>` : escapeMd(part.text, max)))
    .join('');
}

export function inlineHtml(s: string, max = 2000): string {
  return splitBackticks(oneLine(s, max))
    .map((part) => (part.code ? `<code>${escapeHtml(part.text)}</code>` : escapeHtml(part.text)))
    .join('');
}

function splitBackticks(s: string): Array<{ text: string; code: boolean }> {
  const out: Array<{ text: string; code: boolean }> = [];
  const re = /`([^`]+)`/g;
  let last = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    if (m.index > last) out.push({ text: s.slice(last, m.index), code: false });
    out.push({ text: m[1], code: true });
    last = m.index + m[0].length;
  }
  if (last < s.length) out.push({ text: s.slice(last), code: false });
  return out;
}

/** An http(s) URL safe to put in a link, or undefined. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url || url.length > 2048) return undefined;
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
    // parentheses and angle brackets would end a Markdown link destination
    return u.toString().replace(/[()<>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  } catch {
    return undefined;
  }
}

/**
 * A revision for people: the ref, plus the short SHA when it adds something. Refs that are themselves
 * SHAs (the bot's dispatch passes SHAs) collapse to the short SHA.
 */
export function revisionParts(r: { ref: string; sha: string }): { ref: string; sha: string } {
  const sha = shortSha(r.sha);
  if (
    /^[0-9a-f]{7,64}$/i.test(r.ref) &&
    (r.sha === '' || r.sha.toLowerCase().startsWith(r.ref.toLowerCase()) || r.ref.toLowerCase().startsWith(sha.toLowerCase()))
  ) {
    return { ref: r.ref.slice(0, 7), sha: '' };
  }
  return { ref: r.ref, sha };
}

/** The first 7 characters of a SHA (hex only), or ''. */
export function shortSha(sha: string): string {
  return /^[0-9a-f]{7,64}$/i.test(sha) ? sha.slice(0, 7) : '';
}

// ---------------------------------------------------------------- verdict wording

export const LEVEL_EMOJI: Record<Level, string> = { low: '🟢', medium: '🟡', high: '🔴' };
export const LEVEL_RANK: Record<Level, number> = { low: 0, medium: 1, high: 2 };

export const SCENARIO_TITLES: Record<ScenarioId, string> = {
  'task-mismatch': 'Task mismatch',
  'data-drift': 'Data drift',
  'roi-shift': 'ROI shift',
  'augmentation-drift': 'Augmentation drift',
};

/** Scenarios ordered from the strongest (level, then score) to the weakest; stable otherwise. */
export function rankedScenarios(report: Report): Scenario[] {
  const rank = (s: Scenario) => (s.applicable === false ? -1 : LEVEL_RANK[s.level]);
  return [...report.risk.scenarios].sort((a, b) => rank(b) - rank(a) || b.score - a.score);
}

/**
 * The scenario that decides the verdict, and the one reason (its strongest evidence). `scenario` is
 * undefined when the reason is not a scenario's evidence.
 */
export function verdictReason(report: Report): { scenario: Scenario | undefined; reason: string } {
  if (report.datasets.length === 0) return { scenario: undefined, reason: 'no dataset or augmentation config changed' };
  const top = rankedScenarios(report)[0];
  if (!top) return { scenario: undefined, reason: 'no scenario assessed' };
  if (top.evidence.length === 0) {
    if (top.level === 'low') return { scenario: undefined, reason: 'no scenario shows risk' };
    return { scenario: top, reason: `scored ${fmt(top.score)}` };
  }
  return { scenario: top, reason: top.evidence[0] };
}

/** A scenario that does not apply to this comparison (`applicable: false`): shown as n/a, not as a green low. */
export function notApplicable(s: Scenario): boolean {
  return s.applicable === false;
}

/** The level cell of a scenario for people: "🟢 low", or "n/a" when it does not apply. */
export function scenarioLevelText(s: Scenario): string {
  return notApplicable(s) ? '⚪ n/a' : `${LEVEL_EMOJI[s.level]} ${s.level}`;
}

/** A domain-classifier AUC for a table cell: values at or below 0.5 mean no separation. */
export function fmtAucCell(auc: number): string {
  return auc > 0.5 ? fmt(auc) : `≤ 0.5 (no separation; ${fmt(auc)})`;
}

/** An unbiased MMD² for a table cell: a negative estimate means no difference. */
export function fmtMmdCell(stat: number): string {
  return stat <= 0 ? '≈ 0 (no difference)' : fmt(stat);
}

export function levelWord(level: Level): string {
  return level.toUpperCase();
}

// ---------------------------------------------------------------- datasets and features

export function driftingFeatures(ds: DatasetReport): FeatureReport[] {
  return ds.features.filter((f) => f.drift).sort(byPsi);
}

export function byPsi(a: FeatureReport, b: FeatureReport): number {
  return (b.metrics.psi || 0) - (a.metrics.psi || 0);
}

/** Top features by PSI across datasets (ties keep report order). */
export function topFeatures(report: Report, n: number): Array<{ dataset: string; feature: FeatureReport }> {
  const all: Array<{ dataset: string; feature: FeatureReport }> = [];
  for (const ds of report.datasets) for (const f of ds.features) all.push({ dataset: ds.name, feature: f });
  return all.sort((a, b) => byPsi(a.feature, b.feature)).slice(0, n);
}

/** The p-value shown for a feature: its test's raw p (KS or chi-square). */
export function featureTest(f: FeatureReport): { label: string; statistic?: number; pValue?: number } {
  if (f.metrics.ks) return { label: 'KS', statistic: f.metrics.ks.statistic, pValue: f.metrics.ks.pValue };
  if (f.metrics.chi2) return { label: `χ² (df ${f.metrics.chi2.dof})`, statistic: f.metrics.chi2.statistic, pValue: f.metrics.chi2.pValue };
  return { label: '' };
}

/** How much a dataset matters to the verdict: errors and drift first (used to order truncation). */
export function datasetWeight(ds: DatasetReport): number {
  const drifting = ds.features.filter((f) => f.drift).length;
  const e = ds.embedding;
  const embed = e ? (e.mmd.pValue < 0.05 ? 2 : 0) + Math.max(0, e.classifierAuc - 0.5) * 4 + e.driftShare * 2 : 0;
  const w = (ds.error ? 100 : 0) + drifting * 3 + embed + Math.max(0, ...ds.features.map((f) => f.metrics.psi || 0));
  return Number.isFinite(w) ? w : 0;
}

/** One line about a dataset: "7 of 12 features drift · MMD p < 1e-6 · AUC 0.91". */
export function datasetHeadline(ds: DatasetReport): string {
  const parts: string[] = [];
  if (ds.error) parts.push('analysis failed');
  if (ds.features.length > 0) {
    const d = ds.features.filter((f) => f.drift).length;
    parts.push(d === 0 ? `no drift in ${plural(ds.features.length, 'feature')}` : `${fmtInt(d)} of ${plural(ds.features.length, 'feature')} drift`);
  }
  if (ds.embedding)
    parts.push(
      `MMD p ${fmtP(ds.embedding.mmd.pValue)}`,
      ds.embedding.classifierAuc > 0.5 ? `AUC ${fmt(ds.embedding.classifierAuc)}` : 'AUC ≤ 0.5 (no separation)',
    );
  if (ds.skipped.length > 0) parts.push(`${fmtInt(ds.skipped.length)} skipped`);
  return parts.join(' · ');
}
