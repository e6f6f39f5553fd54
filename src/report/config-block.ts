/**
 * The "Configuration" block (issue 12, item 1): which revision's config judged the run, the pull
 * request's config error, and each change head makes to the config with its line and when it takes
 * effect. Empty when base's config judged the run and head did not change it.
 *
 * The wording is built once (`configLines`) as segments that say which parts come from the pull request
 * (file names, keys, values, messages: untrusted); each renderer (comment, HTML report, job summary)
 * escapes those for its own format with `renderConfigLines`.
 */
import type { ConfigReport, Report } from '../contracts/index.js';
import { escapeMd, fmtInt } from './format.js';

/** Changes listed; the rest are counted (all are in report.json). */
export const CONFIG_CHANGES_SHOWN = 20;

export const CONFIG_TITLE = 'Configuration';
export const CONFIG_SUBTITLE = 'the base revision decides how a pull request is judged';

/**
 * One piece of a line: `words` are ours (no markup), `strong` ours and emphasized; `text` comes from the
 * pull request (escaped, cut at `max`); `code` is a name shown as code (from the pull request unless
 * said otherwise), with an optional trusted `suffix` (`:line`) inside the code span.
 */
export type ConfigSegment = { words: string } | { strong: string } | { text: string; max: number } | { code: string; max: number; suffix?: string };

export type ConfigLine = ConfigSegment[];

function where(c: ConfigReport, line?: number): ConfigSegment {
  return { code: c.path, max: 200, suffix: line !== undefined ? `:${line}` : undefined };
}

const w = (words: string): ConfigSegment => ({ words });
const key = (k: string): ConfigSegment => ({ code: k, max: 200 });
const value = (v: string): ConfigSegment => ({ text: v, max: 120 });

/** The block's lines (without title), or [] when there is nothing to say. */
export function configLines(report: Report): ConfigLine[] {
  const c = report.config;
  if (!c) return [];
  const lines: ConfigLine[] = [];
  if (c.error)
    lines.push([
      w('⛔ '),
      { strong: "The pull request's config is invalid" },
      w(' ('),
      where(c, c.error.line),
      w(': '),
      { text: c.error.message, max: 400 },
      w("): this run used the base revision's config and rates task-mismatch high (it fails closed) until the config is fixed."),
    ]);
  if (c.source === 'head')
    lines.push([
      w('No config at base: this pull request introduces '),
      where(c),
      w(', so its datasets and model are used now; '),
      key('fail-on'),
      w(' and '),
      key('thresholds'),
      w(' take their defaults until it is merged.'),
    ]);
  else if (c.head === 'missing') lines.push([w('The pull request deletes '), where(c), w("; this run used the base revision's config.")]);
  for (const ch of c.changes.slice(0, CONFIG_CHANGES_SHOWN)) {
    const what: ConfigSegment[] =
      ch.change === 'added'
        ? [w('adds '), key(ch.key), ...(ch.head !== undefined ? [w(' = '), value(ch.head)] : [])]
        : ch.change === 'removed'
          ? [w('removes '), key(ch.key)]
          : [w('changes '), key(ch.key), w(': '), value(ch.base ?? ''), w(' → '), value(ch.head ?? '')];
    const effect = ch.effect === 'after-merge' ? 'takes effect after merge (this run used the base value)' : 'used in this run (defined only in head)';
    lines.push([where(c, ch.line), w(' '), ...what, w(` — ${effect}`)]);
  }
  if (c.changes.length > CONFIG_CHANGES_SHOWN) lines.push([w(`and ${fmtInt(c.changes.length - CONFIG_CHANGES_SHOWN)} more changes (see report.json)`)]);
  return lines;
}

/** How one format writes each kind of segment. */
export interface ConfigMarkup {
  /** escapes untrusted text, cut at `max` characters */
  escape(s: string, max: number): string;
  /** escapes our own words (they carry no markup but may need entities in HTML) */
  words(s: string): string;
  strong(s: string): string;
}

export function renderConfigLine(line: ConfigLine, m: ConfigMarkup): string {
  return line
    .map((s) =>
      'words' in s
        ? m.words(s.words)
        : 'strong' in s
          ? m.strong(m.words(s.strong))
          : 'text' in s
            ? m.escape(s.text, s.max)
            : `<code>${m.escape(s.code, s.max)}${s.suffix ?? ''}</code>`,
    )
    .join('');
}

const MARKDOWN: ConfigMarkup = { escape: escapeMd, words: (s) => s, strong: (s) => `**${s}**` };

/** The comment's block (GitHub Markdown), or ''. */
export function configBlock(report: Report): string {
  const lines = configLines(report);
  if (lines.length === 0) return '';
  return [`**${CONFIG_TITLE}** (${CONFIG_SUBTITLE})`, '', ...lines.map((l) => `- ${renderConfigLine(l, MARKDOWN)}`)].join('\n');
}
