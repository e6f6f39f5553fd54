/**
 * The Markdown rendering shared by the PR comment and the check-run output, with truncation by whole
 * sections: when the text would exceed the limit, sections are cut from the least to the most important
 * (run details, skipped-item lists, non-drifting feature lists, label tables, dataset details, whole
 * datasets, the chart, recommendations) and a note says what was cut and where the full report is.
 * Tables are never cut in the middle: long tables are capped by design with "N more in the full report".
 */
import {
  SCENARIO_TITLES,
  LEVEL_EMOJI,
  datasetHeadline,
  datasetWeight,
  driftingFeatures,
  escapeGhHtml,
  escapeMd,
  featureTest,
  fmt,
  fmtInt,
  fmtP,
  fmtPct,
  inlineMd,
  levelWord,
  oneLine,
  plural,
  notApplicable,
  rankedScenarios,
  safeUrl,
  scenarioLevelText,
  fmtAucCell,
  fmtMmdCell,
  revisionParts,
  topFeatures,
  verdictReason,
} from './format.js';
import { configBlock } from './config-block.js';
import type { DatasetReport, Report } from '../contracts/index.js';

export const COMMENT_MARKER = '<!-- transfer-risk:comment -->';

/** Row caps of tables (by design, not truncation): the full lists are in report.html / report.json. */
export const CAPS = {
  driftingRows: 40,
  otherNames: 60,
  labelRows: 30,
  skippedRows: 25,
  recommendationsPerScenario: 4,
  chartBars: 8,
};

export interface MarkdownOptions {
  runUrl?: string;
  reportUrl?: string;
  /** hard limit on the result's length (UTF-16 code units, which never undercount characters) */
  maxLength: number;
  /** start with the sticky-comment marker */
  marker?: boolean;
  /** include the verdict heading line */
  heading?: boolean;
  /** include the scenario table, recommendations and chart */
  overview?: boolean;
  /** include the per-dataset sections */
  datasets?: boolean;
  /** include the run-details footer */
  footer?: boolean;
}

type CutKind = 'footer' | 'skipped' | 'other' | 'labels' | 'body' | 'dataset' | 'chart' | 'recommendations';

const CUT_WORDS: Record<CutKind, (n: number) => string> = {
  footer: () => 'run details',
  skipped: (n) => `skipped-item lists of ${plural(n, 'dataset')}`,
  other: (n) => `non-drifting feature lists of ${plural(n, 'dataset')}`,
  labels: (n) => `label tables of ${plural(n, 'dataset')}`,
  body: (n) => `details of ${plural(n, 'dataset')} (one line each remains)`,
  dataset: (n) => `${plural(n, 'dataset')} entirely`,
  chart: () => 'the drift chart',
  recommendations: () => 'the recommendations',
};

interface DatasetState {
  ds: DatasetReport;
  index: number;
  weight: number;
  show: { skipped: boolean; other: boolean; labels: boolean; body: boolean; present: boolean };
  text: string;
}

/** The verdict in one line, without Markdown: "🔴 HIGH transfer-learning risk — <reason>". */
export function verdictLine(report: Report, max = 255): string {
  const { scenario, reason } = verdictReason(report);
  const about = scenario ? `${SCENARIO_TITLES[scenario.id]}: ` : '';
  const head = `${LEVEL_EMOJI[report.risk.level]} ${levelWord(report.risk.level)} transfer-learning risk — ${about}`;
  const line = `${head}${oneLine(reason.replace(/`/g, ''), 1000)}`;
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

export function renderMarkdown(report: Report, opts: MarkdownOptions): string {
  const o = { marker: false, heading: true, overview: true, datasets: true, footer: true, ...opts };
  const runUrl = safeUrl(opts.runUrl ?? report.meta.runUrl);
  const reportUrl = safeUrl(opts.reportUrl ?? report.meta.reportUrl);

  const head: string[] = [];
  if (o.marker) head.push(COMMENT_MARKER);
  if (o.heading) head.push(headingBlock(report));
  head.push(contextLine(report));
  if (o.overview) head.push(scenarioTable(report));
  if (o.overview) head.push(configBlock(report));
  const links = linksLine(runUrl, reportUrl);

  const recs = o.overview ? recommendationsBlock(report) : '';
  const chart = o.overview ? chartBlock(report) : '';
  const footer = o.footer ? footerLine(report) : '';

  const states: DatasetState[] = o.datasets
    ? report.datasets.map((ds, index) => {
        const st: DatasetState = {
          ds,
          index,
          weight: datasetWeight(ds),
          show: { skipped: true, other: true, labels: true, body: true, present: true },
          text: '',
        };
        st.text = datasetBlock(st);
        return st;
      })
    : [];
  let show = { recs: recs !== '', chart: chart !== '', footer: footer !== '' };
  const cuts = new Map<CutKind, number>();
  const cutNames: string[] = [];

  // Blocks in display order; the datasets block is a list of per-dataset texts whose total length is
  // tracked incrementally, so that cutting stays linear in the number of sections.
  const SEP = 2; // '\n\n' between blocks
  const datasetsHeading = o.heading || o.overview ? '#### Datasets' : '';
  const emptyNote = o.datasets && report.datasets.length === 0 ? '_No dataset or augmentation config changed in this comparison._' : '';
  let presentCount = states.length;
  let datasetChars = states.reduce((a, st) => a + st.text.length, 0);
  const fixedBlocks = (): string[] => {
    const blocks = [...head];
    if (show.recs) blocks.push(recs);
    if (show.chart) blocks.push(chart);
    return blocks;
  };
  const tailBlocks = (): string[] => {
    const blocks: string[] = [];
    if (presentCount === 0 && emptyNote) blocks.push(emptyNote);
    if (cuts.size > 0) blocks.push(cutNote(cuts, cutNames, runUrl, reportUrl));
    if (links) blocks.push(links);
    if (show.footer) blocks.push(footer);
    return blocks;
  };
  const measure = (): number => {
    const blocks = [...fixedBlocks(), ...tailBlocks()].filter((b) => b !== '');
    let n = blocks.reduce((a, b) => a + b.length, 0) + SEP * Math.max(0, blocks.length - 1) + 1;
    if (presentCount > 0) {
      n += (datasetsHeading ? datasetsHeading.length + SEP : 0) + datasetChars + SEP * (presentCount - 1) + SEP;
    }
    return n;
  };
  const assemble = (): string => {
    const blocks = fixedBlocks();
    const present = states.filter((st) => st.show.present);
    if (present.length > 0) {
      if (datasetsHeading) blocks.push(datasetsHeading);
      blocks.push(present.map((st) => st.text).join('\n\n'));
    }
    blocks.push(...tailBlocks());
    return `${blocks.filter((b) => b !== '').join('\n\n')}\n`;
  };

  // Cut plan, least important first: datasets that matter least are cut first, and later ones before
  // earlier ones when they weigh the same.
  const order = [...states].sort((a, b) => a.weight - b.weight || b.index - a.index);
  const plan: Array<{ kind: CutKind; st?: DatasetState }> = [];
  if (show.footer) plan.push({ kind: 'footer' });
  for (const kind of ['skipped', 'other', 'labels', 'body', 'dataset'] as const) {
    for (const st of order) {
      if (kind === 'skipped' && st.ds.skipped.length === 0) continue;
      if (kind === 'other' && otherFeatures(st.ds) === '') continue;
      if (kind === 'labels' && !st.ds.labels) continue;
      plan.push({ kind, st });
    }
  }
  if (show.chart) plan.push({ kind: 'chart' });
  if (show.recs) plan.push({ kind: 'recommendations' });

  for (const step of plan) {
    if (measure() <= o.maxLength) break;
    cuts.set(step.kind, (cuts.get(step.kind) ?? 0) + 1);
    const st = step.st;
    if (st) {
      if (step.kind === 'dataset') {
        st.show.present = false;
        presentCount -= 1;
        datasetChars -= st.text.length;
        cutNames.push(st.ds.name);
      } else {
        st.show[step.kind as 'skipped' | 'other' | 'labels' | 'body'] = false;
        const before = st.text.length;
        st.text = datasetBlock(st);
        datasetChars += st.text.length - before;
      }
    } else if (step.kind === 'footer') show = { ...show, footer: false };
    else if (step.kind === 'chart') show = { ...show, chart: false };
    else if (step.kind === 'recommendations') show = { ...show, recs: false };
  }
  let text = assemble();
  if (text.length > o.maxLength) {
    // Unreachable with the schema's bounds (the head is a few kB); a last guard that keeps the limit.
    text = `${text.slice(0, o.maxLength - 80).replace(/\n[^\n]*$/, '')}\n\n_(cut at the size limit: see the full report)_\n`;
  }
  return text;
}

// ---------------------------------------------------------------- blocks

function headingBlock(report: Report): string {
  const { scenario, reason } = verdictReason(report);
  const lvl = report.risk.level;
  const about = scenario ? `${SCENARIO_TITLES[scenario.id]}: ` : '';
  return `### ${LEVEL_EMOJI[lvl]} Transfer-learning risk: **${levelWord(lvl)}** — ${about}${inlineMd(reason, 400)}`;
}

function contextLine(report: Report): string {
  const rev = (r: { ref: string; sha: string }) => {
    const { ref, sha } = revisionParts(r);
    return `<code>${escapeMd(ref, 80) || '?'}</code>${sha ? ` (${sha})` : ''}`;
  };
  const parts = [`${rev(report.base)} → ${rev(report.head)}`, plural(report.datasets.length, 'dataset')];
  const failOn = report.meta.failOn;
  if (failOn) parts.push(failOn === 'none' ? 'policy: never fails' : `policy: fails at **${escapeMd(failOn)}**`);
  return parts.join(' · ');
}

function scenarioTable(report: Report): string {
  const rows = ['| Scenario | Level | Score | Strongest evidence |', '| --- | --- | --- | --- |'];
  for (const s of report.risk.scenarios) {
    const ev = s.evidence[0] ? inlineMd(s.evidence[0], 300) : '—';
    rows.push(`| ${SCENARIO_TITLES[s.id]} | ${escapeMd(scenarioLevelText(s))} | ${notApplicable(s) ? '—' : fmt(s.score)} | ${ev} |`);
  }
  return rows.join('\n');
}

function recommendationsBlock(report: Report): string {
  const items: string[] = [];
  for (const s of rankedScenarios(report)) {
    if (s.level === 'low') continue;
    for (const r of s.recommendations.slice(0, CAPS.recommendationsPerScenario)) {
      items.push(`- **${SCENARIO_TITLES[s.id]}:** ${inlineMd(r, 500)}`);
    }
  }
  return items.length > 0 ? `**Recommendations**\n\n${items.join('\n')}` : '';
}

/** Mermaid labels: a conservative character set, quotes and brackets removed. */
function mermaidLabel(s: string): string {
  const t = s.replace(/[^\p{L}\p{N} _./+-]/gu, '_').trim() || '_';
  return t.length > 24 ? `${t.slice(0, 23)}…` : t;
}

function chartBlock(report: Report): string {
  const top = topFeatures(report, CAPS.chartBars).filter((t) => Number.isFinite(t.feature.metrics.psi));
  if (top.length === 0) return '';
  const many = new Set(top.map((t) => t.dataset)).size > 1;
  const labels = top.map((t) => `"${mermaidLabel(many ? `${t.dataset}/${t.feature.name}` : t.feature.name)}"`);
  const values = top.map((t) => String(Math.round(t.feature.metrics.psi * 1000) / 1000));
  const max = Math.max(...top.map((t) => t.feature.metrics.psi), 0.25);
  const yMax = niceCeil(max * 1.1);
  return [
    '**Most drifted features (PSI; above 0.25 is a major shift)**',
    '',
    '```mermaid',
    'xychart-beta',
    `  x-axis [${labels.join(', ')}]`,
    `  y-axis "PSI" 0 --> ${yMax}`,
    `  bar [${values.join(', ')}]`,
    '```',
  ].join('\n');
}

function niceCeil(x: number): number {
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= x) return Number((m * p).toPrecision(3));
  return x;
}

function linksLine(runUrl?: string, reportUrl?: string): string {
  const parts: string[] = [];
  if (reportUrl) parts.push(`📊 [Full HTML report](${reportUrl})`);
  if (runUrl) parts.push(`⚙️ [Workflow run](${runUrl})`);
  return parts.join(' · ');
}

function footerLine(report: Report): string {
  const m = report.meta;
  const parts = [`${escapeGhHtml(report.tool.name, 60)} ${escapeGhHtml(report.tool.version, 40)}`];
  if (m.model) parts.push(`model ${escapeGhHtml(m.model, 120)}`);
  if (m.backend) parts.push(`backend ${escapeGhHtml(m.backend, 60)}${m.device ? ` (${escapeGhHtml(m.device, 80)})` : ''}`);
  if (m.sampleSize !== undefined) parts.push(m.sampleSize === 0 ? 'all items' : `${fmtInt(m.sampleSize)} per side`);
  if (m.seed !== undefined) parts.push(`seed ${fmtInt(m.seed)}`);
  if (m.seconds !== undefined) parts.push(`${fmt(m.seconds)} s`);
  const cut = Array.isArray(m.truncated) ? m.truncated.length : 0;
  if (cut > 0)
    parts.push(
      `${cut === 1 ? '1 list' : `${fmtInt(cut)} lists`} in report.json shortened to the schema's length (meta.truncated; the verdict used them whole)`,
    );
  return `<sub>${parts.join(' · ')}</sub>`;
}

function cutNote(cuts: Map<CutKind, number>, cutNames: string[], runUrl?: string, reportUrl?: string): string {
  const what = [...cuts].map(([k, n]) => CUT_WORDS[k](n));
  const names =
    cutNames.length > 0
      ? ` Datasets not shown: ${cutNames
          .slice(0, 8)
          .map((n) => escapeMd(n, 60))
          .join(', ')}${cutNames.length > 8 ? `, and ${fmtInt(cutNames.length - 8)} more` : ''}.`
      : '';
  const where = reportUrl
    ? `the [full HTML report](${reportUrl})${runUrl ? ` and the \`transfer-risk-report\` artifact of the [workflow run](${runUrl})` : ''}`
    : runUrl
      ? `the \`transfer-risk-report\` artifact (report.json, report.html) of the [workflow run](${runUrl})`
      : 'the `transfer-risk-report` artifact (report.json, report.html)';
  return `> ✂️ **Shortened to fit GitHub's size limit.** Cut: ${what.join('; ')}.${names} Everything is in ${where}.`;
}

// ---------------------------------------------------------------- datasets

function datasetBlock(st: DatasetState): string {
  const { ds } = st;
  const summary = `<b>${escapeGhHtml(ds.name, 120)}</b> (${escapeGhHtml(ds.modality)}) — ${escapeGhHtml(datasetHeadline(ds), 300)}`;
  if (!st.show.body) return `- ${summary}`;
  const parts: string[] = [];
  parts.push(sampleLine(ds));
  if (ds.error) parts.push(`> ⚠️ **Analysis failed:** ${escapeMd(ds.error, 600)}`);
  const table = featureTable(ds);
  if (table) parts.push(table);
  if (st.show.other) {
    const other = otherFeatures(ds);
    if (other) parts.push(other);
  }
  const only = onlyInLine(ds);
  if (only) parts.push(only);
  const quality = qualityLines(ds);
  if (quality) parts.push(quality);
  const emb = embeddingTable(ds);
  if (emb) parts.push(emb);
  const tr = transferabilityLine(ds);
  if (tr) parts.push(tr);
  const boxes = boxesBlock(ds);
  if (boxes) parts.push(boxes);
  if (st.show.labels && ds.labels) parts.push(labelTable(ds));
  if (st.show.skipped && ds.skipped.length > 0) parts.push(skippedBlock(ds));
  return `<details><summary>${summary}</summary>\n\n${parts.join('\n\n')}\n\n</details>`;
}

function sampleLine(ds: DatasetReport): string {
  let s = `Sampled ${fmtInt(ds.sample.base)} base / ${fmtInt(ds.sample.head)} head items`;
  if (ds.total) s += ` of ${fmtInt(ds.total.base)} / ${fmtInt(ds.total.head)}`;
  if (ds.changes) {
    s += ` · ${changesText(ds.changes)}`;
  }
  return `${s}.`;
}

export function changesText(c: NonNullable<DatasetReport['changes']>): string {
  const parts = (['added', 'modified', 'deleted', 'renamed'] as const).filter((k) => c[k] > 0).map((k) => `${fmtInt(c[k])} ${k}`);
  return parts.length > 0 ? `changed files: ${parts.join(', ')}` : 'no data files changed';
}

function featureTable(ds: DatasetReport): string {
  const drifting = driftingFeatures(ds);
  if (drifting.length === 0) return ds.features.length > 0 ? `No feature drifts (of ${fmtInt(ds.features.length)}).` : '';
  const rows = [
    `**Drifting features** (${fmtInt(drifting.length)} of ${fmtInt(ds.features.length)}, by PSI)`,
    '',
    '| Feature | PSI | JS | Test | p | p (BH) | Effect (W₁/σ) |',
    '| --- | ---: | ---: | --- | ---: | ---: | ---: |',
  ];
  for (const f of drifting.slice(0, CAPS.driftingRows)) {
    const t = featureTest(f);
    const test = t.statistic !== undefined ? `${t.label} ${fmt(t.statistic)}` : '—';
    const eff = f.metrics.wassersteinNormed !== undefined ? fmt(f.metrics.wassersteinNormed) : '—';
    rows.push(
      `| ${escapeMd(f.name, 80)} | ${fmt(f.metrics.psi)} | ${fmt(f.metrics.js)} | ${test} | ${t.pValue !== undefined ? fmtP(t.pValue) : '—'} | ${f.metrics.pAdjusted !== undefined ? fmtP(f.metrics.pAdjusted) : '—'} | ${eff} |`,
    );
  }
  if (drifting.length > CAPS.driftingRows) {
    rows.push('', `_…and ${plural(drifting.length - CAPS.driftingRows, 'more drifting feature')} in the full report._`);
  }
  return rows.join('\n');
}

function otherFeatures(ds: DatasetReport): string {
  const others = ds.features.filter((f) => !f.drift);
  if (others.length === 0 || others.length === ds.features.length) return '';
  const names = others.slice(0, CAPS.otherNames).map((f) => escapeMd(f.name, 60));
  const more = others.length > CAPS.otherNames ? `, and ${fmtInt(others.length - CAPS.otherNames)} more` : '';
  return `No drift: ${names.join(', ')}${more}.`;
}

function onlyInLine(ds: DatasetReport): string {
  if (!ds.onlyIn) return '';
  const list = (xs: string[]) =>
    xs
      .slice(0, 20)
      .map((x) => escapeMd(x, 60))
      .join(', ') + (xs.length > 20 ? `, and ${fmtInt(xs.length - 20)} more` : '');
  const parts: string[] = [];
  if (ds.onlyIn.base.length > 0) parts.push(`only in base: ${list(ds.onlyIn.base)}`);
  if (ds.onlyIn.head.length > 0) parts.push(`only in head: ${list(ds.onlyIn.head)}`);
  return parts.length > 0 ? `Columns ${parts.join('; ')}.` : '';
}

/** Detection datasets: box counts and sizes at the model's input, then the box statistics that drifted. */
function boxesBlock(ds: DatasetReport): string {
  const b = ds.boxes;
  if (!b) return '';
  const where = b.input ? `; model input ${b.input.width}×${b.input.height}` : '';
  const head = `**Boxes** (${escapeMd(b.source, 120)}${where})`;
  if (b.error) return `${head}: ⚠️ ${escapeMd(b.error, 600)}`;
  const facts = [`${fmtInt(b.base.boxes)} → ${fmtInt(b.head.boxes)} boxes in ${fmtInt(b.base.images)} → ${fmtInt(b.head.images)} annotated images`];
  const ba = b.base.atInput;
  const ha = b.head.atInput;
  if (ba || ha) {
    const med = (a?: typeof ba) => (a ? `${fmt(a.width.median)}×${fmt(a.height.median)} px` : '—');
    facts.push(`median box at the input ${med(ba)} → ${med(ha)}`);
    facts.push(`small (under ${fmt(b.smallObjectPx)} px) ${ba ? fmtPct(ba.smallShare) : '—'} → ${ha ? fmtPct(ha.smallShare) : '—'}`);
  }
  if (b.newClasses.length)
    facts.push(
      `new classes: ${b.newClasses
        .slice(0, 5)
        .map((c) => `${escapeMd(c.name, 60)} (${fmtPct(c.share)} of head boxes)`)
        .join(', ')}`,
    );
  const lines = [`${head}: ${facts.join('; ')}.`];
  const drifting = b.features.filter((f) => f.drift);
  if (drifting.length === 0) {
    lines.push(b.features.length ? `No box statistic drifts (of ${fmtInt(b.features.length)}; tests on one box per image).` : '');
  } else {
    const side = (s?: NonNullable<(typeof drifting)[number]['summary']>['base']) =>
      !s
        ? '—'
        : s.top
          ? s.top
              .slice(0, 3)
              .map((x) => `${escapeMd(x.value, 40)} ${fmtPct(x.share)}`)
              .join(', ')
          : `median ${fmt(s.median)}`;
    lines.push('', '| Box statistic | Base | Head | Effect | p (BH) |', '| --- | --- | --- | ---: | ---: |');
    for (const f of drifting.slice(0, CAPS.driftingRows)) {
      const eff = f.kind === 'numeric' ? `W₁/σ ${fmt(f.metrics.wassersteinNormed)}` : `JS ${fmt(f.metrics.js)}`;
      lines.push(
        `| ${escapeMd(f.name, 80)} | ${side(f.summary?.base)} | ${side(f.summary?.head)} | ${eff} | ${f.metrics.pAdjusted !== undefined ? fmtP(f.metrics.pAdjusted) : '—'} |`,
      );
    }
  }
  const hc = b.objects?.separability.head?.crops;
  const hi = b.objects?.separability.head?.images;
  if (hc)
    lines.push(
      '',
      `Object classes on head crops: kNN lift ${fmt(hc.knn.lift)} (shuffled ${fmt(hc.knn.baseline)})${hi ? ` vs ${fmt(hi.knn.lift)} on whole images` : ''}.`,
    );
  return lines.filter((l, i, a) => !(l === '' && (i === a.length - 1 || a[i + 1] === ''))).join('\n');
}

function embeddingTable(ds: DatasetReport): string {
  const e = ds.embedding;
  if (!e) return '';
  const about = [`${fmtInt(e.dims)} dims`];
  if (e.components !== undefined) about.push(`${fmtInt(e.components)} PCA components`);
  if (e.explainedVariance !== undefined) about.push(`${fmtPct(e.explainedVariance)} of variance`);
  const rows = [
    `**Embedding tests** (${about.join(', ')})`,
    '',
    '| Test | Result | p |',
    '| --- | ---: | ---: |',
    `| MMD² (RBF kernel) | ${fmtMmdCell(e.mmd.statistic)} | ${fmtP(e.mmd.pValue)} |`,
    `| Domain classifier AUC (0.5 = no separation, 1 = fully separable) | ${fmtAucCell(e.classifierAuc)} | ${e.classifierPValue !== undefined ? fmtP(e.classifierPValue) : '—'} |`,
    `| Drifting PCA components (KS, BH) | ${fmtPct(e.driftShare)} | — |`,
  ];
  if (e.outsideCoverage !== undefined) rows.push(`| Head items outside base coverage | ${fmtPct(e.outsideCoverage)} | — |`);
  if (e.confidence) {
    rows.push(
      `| Model confidence, base → head${e.confidence.caveat ? ' (built-in 5-class content head: indicative only)' : ''} | ${fmt(e.confidence.base)} → ${fmt(e.confidence.head)} | ${e.confidence.ks ? fmtP(e.confidence.ks.pValue) : '—'} |`,
    );
  }
  return rows.join('\n');
}

/** Missing values, fills, type changes, duplicates: one bullet each (capped). */
function qualityLines(ds: DatasetReport): string {
  const items: string[] = [];
  for (const f of ds.features) {
    const n = `<code>${escapeMd(f.name, 60)}</code>`;
    if (f.missingness?.drift) items.push(`${n}: missing ${fmtPct(f.missingness.share.base)} → ${fmtPct(f.missingness.share.head)}`);
    if (f.fill)
      items.push(
        `${n}: ${fmtPct(f.fill.share.head)} of head rows are exactly ${escapeMd(f.fill.value, 40)} (${f.fill.kind === 'imputed' ? 'imputed' : 'constant fill'})`,
      );
    if (f.typeChange) items.push(`${n}: type ${f.typeChange.base} → ${f.typeChange.head}`);
  }
  const d = ds.duplicates;
  if (d) {
    const h = d.near?.head ?? d.exact.head;
    const b = d.near?.base ?? d.exact.base;
    if (h.items > 0 || d.sharedWithBase.items > 0)
      items.push(
        `duplicates: ${fmtPct(h.share)} of head items copy another (base ${fmtPct(b.share)})${d.sharedWithBase.items ? `; ${fmtInt(d.sharedWithBase.items)} added/modified items copy base items` : ''}`,
      );
  }
  if (!items.length) return '';
  const shown = items.slice(0, 12).map((x) => `- ${x}`);
  if (items.length > 12) shown.push(`- …and ${fmtInt(items.length - 12)} more in the full report`);
  return `**Data quality**\n\n${shown.join('\n')}`;
}

function transferabilityLine(ds: DatasetReport): string {
  const tr = ds.transferability;
  if (!tr || (!tr.base && !tr.head)) return '';
  const side = (k: 'base' | 'head') => {
    const s = tr[k];
    if (!s) return `${k}: not scored`;
    return `${k} labels kNN ${fmt(s.knn.accuracy)} vs chance ${fmt(s.knn.chance)} (lift ${fmt(s.knn.lift)}, shuffled ${fmt(s.knn.baseline)}), LogME ${fmt(s.logme.score)} (shuffled ${fmt(s.logme.baseline)})`;
  };
  return `**Transferability:** ${side('base')}; ${side('head')}.`;
}

function labelTable(ds: DatasetReport): string {
  const l = ds.labels!;
  const names = [...new Set([...Object.keys(l.base), ...Object.keys(l.head)])];
  names.sort((a, b) => (l.head[b] ?? 0) + (l.base[b] ?? 0) - ((l.head[a] ?? 0) + (l.base[a] ?? 0)));
  const nb = Object.values(l.base).reduce((a, b) => a + b, 0) || 1;
  const nh = Object.values(l.head).reduce((a, b) => a + b, 0) || 1;
  const rows = [`**Labels** (${escapeMd(l.source, 80)})`, '', '| Label | Base | Head |', '| --- | ---: | ---: |'];
  for (const n of names.slice(0, CAPS.labelRows)) {
    const b = l.base[n] ?? 0;
    const h = l.head[n] ?? 0;
    rows.push(`| ${escapeMd(n, 60)} | ${fmtInt(b)} (${fmtPct(b / nb)}) | ${fmtInt(h)} (${fmtPct(h / nh)}) |`);
  }
  if (names.length > CAPS.labelRows) rows.push('', `_…and ${plural(names.length - CAPS.labelRows, 'more label')} in the full report._`);
  return rows.join('\n');
}

function skippedBlock(ds: DatasetReport): string {
  const rows = ['| Path | Side | Reason |', '| --- | --- | --- |'];
  for (const s of ds.skipped.slice(0, CAPS.skippedRows)) {
    rows.push(`| <code>${escapeMd(s.path, 160)}</code> | ${escapeMd(s.side)} | ${escapeMd(s.reason, 200)} |`);
  }
  const more = ds.skipped.length > CAPS.skippedRows ? `\n\n_…and ${fmtInt(ds.skipped.length - CAPS.skippedRows)} more in the full report._` : '';
  return `<details><summary>${plural(ds.skipped.length, 'skipped item')}</summary>\n\n${rows.join('\n')}${more}\n\n</details>`;
}
