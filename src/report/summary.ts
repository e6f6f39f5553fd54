/**
 * The GitHub Actions job summary through `core.summary`: the verdict, the four scenarios, the
 * recommendations, and one collapsible block per dataset. Content is HTML (the summary API does not
 * escape), so everything from the data is escaped.
 */
import * as core from '@actions/core';
import {
  LEVEL_EMOJI,
  SCENARIO_TITLES,
  datasetHeadline,
  driftingFeatures,
  escapeGhHtml,
  featureTest,
  fmt,
  fmtP,
  fmtPct,
  levelWord,
  plural,
  rankedScenarios,
  revisionParts,
  safeUrl,
  verdictReason,
  scenarioLevelText,
} from './format.js';
import type { DatasetReport, Report } from '../contracts/index.js';
import { CONFIG_SUBTITLE, CONFIG_TITLE, configLines, renderConfigLine, type ConfigMarkup } from './config-block.js';

/** The part of @actions/core's Summary that this module uses (inject a fake in tests). */
export interface SummaryLike {
  addHeading(text: string, level?: number | string): SummaryLike;
  addRaw(text: string, addEOL?: boolean): SummaryLike;
  addTable(rows: Array<Array<string | { data: string; header?: boolean }>>): SummaryLike;
  addList(items: string[], ordered?: boolean): SummaryLike;
  addDetails(label: string, content: string): SummaryLike;
  addLink(text: string, href: string): SummaryLike;
  write(options?: { overwrite?: boolean }): Promise<unknown>;
}

/** Rows per table in the job summary (GitHub caps a step's summary at 1 MiB). */
const MAX_ROWS = 50;
/** Bytes of dataset details at most (the rest of the summary is a few kB). */
export const SUMMARY_BUDGET = 900 * 1024;

/** `code` segments of risk-module text become <code>; all of it escaped. */
function inline(s: string, max = 600): string {
  return escapeGhHtml(s, max).replace(/&#96;((?:(?!&#96;).)+)&#96;/g, '<code>$1</code>');
}

/** GitHub renders the summary as HTML and Markdown: untrusted text through escapeGhHtml. */
const SUMMARY_MARKUP: ConfigMarkup = { escape: escapeGhHtml, words: (s) => escapeGhHtml(s, 2000), strong: (s) => `<b>${s}</b>` };

export interface JobSummaryOptions {
  runUrl?: string;
  reportUrl?: string;
}

/**
 * Appends the report to the job summary and writes it. Call as `writeJobSummary(report)`,
 * `writeJobSummary(report, summary, opts)` (tests inject `summary`) or `writeJobSummary(report, opts)`.
 */
export async function writeJobSummary(report: Report, summary?: SummaryLike, opts?: JobSummaryOptions): Promise<void>;
export async function writeJobSummary(report: Report, opts?: JobSummaryOptions): Promise<void>;
export async function writeJobSummary(report: Report, summaryOrOpts?: SummaryLike | JobSummaryOptions, maybeOpts: JobSummaryOptions = {}): Promise<void> {
  const injected = summaryOrOpts !== undefined && typeof (summaryOrOpts as SummaryLike).addHeading === 'function';
  const summary = injected ? (summaryOrOpts as SummaryLike) : (core.summary as unknown as SummaryLike);
  const opts = injected ? maybeOpts : ((summaryOrOpts as JobSummaryOptions | undefined) ?? {});
  const { scenario, reason } = verdictReason(report);
  const lvl = report.risk.level;
  summary.addHeading(`${LEVEL_EMOJI[lvl]} Transfer-learning risk: ${levelWord(lvl)}`, 2);
  summary.addRaw(`<p>${scenario ? `<b>${SCENARIO_TITLES[scenario.id]}:</b> ` : ''}${inline(reason)}</p>`, true);
  summary.addRaw(
    `<p><code>${escapeGhHtml(revisionParts(report.base).ref, 100)}</code> → <code>${escapeGhHtml(revisionParts(report.head).ref, 100)}</code> · ${plural(report.datasets.length, 'dataset')}${report.meta.failOn ? ` · policy: fails at ${escapeGhHtml(report.meta.failOn)}` : ''}</p>`,
    true,
  );
  summary.addTable([
    [
      { data: 'Scenario', header: true },
      { data: 'Level', header: true },
      { data: 'Score', header: true },
      { data: 'Strongest evidence', header: true },
    ],
    ...report.risk.scenarios.map((s) => [
      SCENARIO_TITLES[s.id],
      escapeGhHtml(scenarioLevelText(s)),
      s.applicable === false ? '—' : fmt(s.score),
      s.evidence[0] ? inline(s.evidence[0], 300) : '—',
    ]),
  ]);
  const config = configLines(report);
  if (config.length > 0) {
    summary.addHeading(CONFIG_TITLE, 3);
    summary.addRaw(`<p>${escapeGhHtml(CONFIG_SUBTITLE)}</p>`, true);
    summary.addList(config.map((l) => renderConfigLine(l, SUMMARY_MARKUP)));
  }
  const recs = rankedScenarios(report)
    .filter((s) => s.level !== 'low')
    .flatMap((s) => s.recommendations.slice(0, 4).map((r) => `<b>${SCENARIO_TITLES[s.id]}:</b> ${inline(r, 500)}`));
  if (recs.length > 0) {
    summary.addHeading('Recommendations', 3);
    summary.addList(recs);
  }
  // GitHub drops a step summary above 1 MiB: stop adding datasets well before that.
  let budget = SUMMARY_BUDGET;
  let omitted = 0;
  for (const ds of report.datasets) {
    const label = `<b>${escapeGhHtml(ds.name, 120)}</b> (${escapeGhHtml(ds.modality)}) — ${escapeGhHtml(datasetHeadline(ds))}`;
    const body = datasetHtml(ds);
    const size = Buffer.byteLength(label) + Buffer.byteLength(body) + 64;
    if (size > budget) {
      omitted += 1;
      continue;
    }
    budget -= size;
    summary.addDetails(label, body);
  }
  if (omitted > 0) summary.addRaw(`<p>${plural(omitted, 'more dataset')} not shown here (size limit of the job summary): see the full report.</p>`, true);
  const runUrl = safeUrl(opts.runUrl ?? report.meta.runUrl);
  const reportUrl = safeUrl(opts.reportUrl ?? report.meta.reportUrl);
  if (reportUrl) summary.addLink('Full HTML report', reportUrl);
  if (runUrl && !reportUrl)
    summary.addRaw('<p>The full report (report.json, report.html) is in the <code>transfer-risk-report</code> artifact of this run.</p>', true);
  await summary.write();
}

function datasetHtml(ds: DatasetReport): string {
  const out: string[] = [];
  if (ds.error) out.push(`<p>⚠️ <b>Analysis failed:</b> ${escapeGhHtml(ds.error, 600)}</p>`);
  const drifting = driftingFeatures(ds);
  if (drifting.length > 0) {
    const rows = drifting.slice(0, MAX_ROWS).map((f) => {
      const t = featureTest(f);
      const cells = [
        `<code>${escapeGhHtml(f.name, 80)}</code>`,
        fmt(f.metrics.psi),
        fmt(f.metrics.js),
        t.statistic !== undefined ? `${t.label} ${fmt(t.statistic)}` : '—',
        t.pValue !== undefined ? escapeGhHtml(fmtP(t.pValue)) : '—',
        f.metrics.wassersteinNormed !== undefined ? fmt(f.metrics.wassersteinNormed) : '—',
      ];
      return `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
    });
    out.push(
      `<table><tr><th>Drifting feature</th><th>PSI</th><th>JS</th><th>Test</th><th>p</th><th>W₁/σ</th></tr>${rows.join('')}</table>` +
        (drifting.length > MAX_ROWS ? `<p>…and ${drifting.length - MAX_ROWS} more.</p>` : ''),
    );
  } else if (ds.features.length > 0) {
    out.push(`<p>No feature drifts (of ${ds.features.length}).</p>`);
  }
  const e = ds.embedding;
  if (e) {
    out.push(
      `<table><tr><th>Embedding test</th><th>Result</th><th>p</th></tr>` +
        `<tr><td>MMD²</td><td>${fmt(e.mmd.statistic)}</td><td>${escapeGhHtml(fmtP(e.mmd.pValue))}</td></tr>` +
        `<tr><td>Domain classifier AUC</td><td>${fmt(e.classifierAuc)}</td><td>${e.classifierPValue !== undefined ? escapeGhHtml(fmtP(e.classifierPValue)) : '—'}</td></tr>` +
        `<tr><td>Drifting PCA components</td><td>${fmtPct(e.driftShare)}</td><td>—</td></tr>` +
        (e.outsideCoverage !== undefined ? `<tr><td>Head outside base coverage</td><td>${fmtPct(e.outsideCoverage)}</td><td>—</td></tr>` : '') +
        `</table>`,
    );
  }
  if (ds.skipped.length > 0) {
    const items = ds.skipped
      .slice(0, MAX_ROWS)
      .map((s) => `<li><code>${escapeGhHtml(s.path, 200)}</code> (${escapeGhHtml(s.side)}): ${escapeGhHtml(s.reason, 200)}</li>`);
    out.push(
      `<p>${plural(ds.skipped.length, 'skipped item')}:</p><ul>${items.join('')}</ul>${ds.skipped.length > MAX_ROWS ? `<p>…and ${ds.skipped.length - MAX_ROWS} more.</p>` : ''}`,
    );
  }
  return out.join('\n');
}
