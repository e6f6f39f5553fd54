/**
 * report.html: one self-contained page (inline CSS, inline SVG, data-URI images; a Content Security
 * Policy forbids any network access or script) that reads well on a phone. Everything from the data is
 * escaped.
 */
import { isSafeImageDataUri, type HistogramExtra, type ReportExtras, type ScatterExtra, type ThumbnailExtra } from './extras.js';
import {
  SCENARIO_TITLES,
  byPsi,
  datasetHeadline,
  escapeHtml,
  featureTest,
  fmt,
  fmtInt,
  fmtP,
  fmtPct,
  inlineHtml,
  levelWord,
  oneLine,
  notApplicable,
  plural,
  fmtAucCell,
  fmtMmdCell,
  safeUrl,
  revisionParts,
  topFeatures,
  verdictReason,
} from './format.js';
import { changesText } from './markdown.js';
import { CONFIG_SUBTITLE, CONFIG_TITLE, configLines, renderConfigLine, type ConfigMarkup } from './config-block.js';
import type { BoxesReport, DatasetReport, FeatureReport, Level, Report, SideTransferability } from '../contracts/index.js';

export const HTML_CAPS = {
  histogramsPerDataset: 8,
  scatterPoints: 1500,
  thumbnailsPerDataset: 12,
  featureRows: 500,
  skippedRows: 500,
  psiBars: 12,
};

const COLORS = { base: '#3b6fb6', head: '#e8772e', drift: '#c9302c', calm: '#8a94a6' };
const LEVEL_COLOR: Record<Level, string> = { low: '#2e8b57', medium: '#d49a00', high: '#c9302c' };
const NA_COLOR = '#8a94a6';

export function renderHtml(report: Report, extras: ReportExtras = {}): string {
  const lvl = report.risk.level;
  const { scenario, reason } = verdictReason(report);
  const about = scenario ? `${SCENARIO_TITLES[scenario.id]}: ` : '';
  const title = `transfer-risk: ${levelWord(lvl)} — ${about}${reason.replace(/`/g, '')}`.slice(0, 200);
  const body = [
    header(report, about, reason),
    '<main>',
    scenariosSection(report),
    configSection(report),
    overviewSection(report),
    ...report.datasets.map((ds, i) => datasetSection(ds, i, extras)),
    report.datasets.length === 0 ? '<section><p class="muted">No dataset or augmentation config changed in this comparison.</p></section>' : '',
    '</main>',
    footer(report),
  ].join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="generator" content="${escapeHtml(report.tool.name)} ${escapeHtml(report.tool.version)}">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body class="lvl-${escapeHtml(lvl)}">
${body}
</body>
</html>
`;
}

// ---------------------------------------------------------------- page parts

function header(report: Report, about: string, reason: string): string {
  const lvl = report.risk.level;
  const rev = (r: { ref: string; sha: string }) => {
    const { ref, sha } = revisionParts(r);
    return `<code>${escapeHtml(ref)}</code>${sha ? ` <span class="muted">${sha}</span>` : ''}`;
  };
  const m = report.meta;
  const facts = [`${rev(report.base)} → ${rev(report.head)}`, plural(report.datasets.length, 'dataset')];
  if (m.failOn) facts.push(m.failOn === 'none' ? 'policy: never fails' : `policy: fails at <b>${escapeHtml(m.failOn)}</b>`);
  const links: string[] = [];
  const runUrl = safeUrl(m.runUrl);
  if (runUrl) links.push(`<a href="${escapeHtml(runUrl)}">workflow run</a>`);
  return `<header class="top">
<div class="verdict" style="--lvl:${LEVEL_COLOR[lvl]}">
<span class="badge">${levelWord(lvl)}</span>
<div><h1>Transfer-learning risk: ${escapeHtml(lvl)}</h1>
<p class="reason">${escapeHtml(about)}${inlineHtml(reason)}</p></div>
</div>
<p class="facts">${facts.join(' · ')}${links.length ? ` · ${links.join(' · ')}` : ''}</p>
</header>`;
}

function scenariosSection(report: Report): string {
  const cards = report.risk.scenarios.map((s) => {
    const na = notApplicable(s);
    const ev = s.evidence.length
      ? `<h4>Evidence</h4><ul>${s.evidence.map((e) => `<li>${inlineHtml(e)}</li>`).join('')}</ul>`
      : '<p class="muted">No evidence of this risk.</p>';
    const rec = s.recommendations.length ? `<h4>Recommendations</h4><ul>${s.recommendations.map((r) => `<li>${inlineHtml(r)}</li>`).join('')}</ul>` : '';
    const pct = Math.round(Math.min(1, Math.max(0, s.score)) * 100);
    return `<article class="card${na ? ' na' : ''}" style="--lvl:${na ? NA_COLOR : LEVEL_COLOR[s.level]}" id="scenario-${s.id}">
<div class="card-head"><h3>${SCENARIO_TITLES[s.id]}</h3><span class="pill">${na ? 'n/a' : escapeHtml(s.level)}</span></div>
${
  na
    ? '<p class="score">does not apply to this comparison</p>'
    : `<div class="meter" title="score ${fmt(s.score)}"><div style="width:${pct}%"></div></div>
<p class="score">score ${fmt(s.score)}</p>`
}
${ev}${rec}
</article>`;
  });
  return `<section id="scenarios"><h2>Scenarios</h2><div class="cards">${cards.join('\n')}</div></section>`;
}

const HTML_MARKUP: ConfigMarkup = { escape: (s, max) => escapeHtml(oneLine(s, max)), words: escapeHtml, strong: (s) => `<b>${s}</b>` };

/** Which revision's config judged the run and what head changes in it (the comment's words). */
function configSection(report: Report): string {
  const lines = configLines(report);
  if (lines.length === 0) return '';
  return `<section id="config"><h2>${CONFIG_TITLE} <span class="muted small">(${escapeHtml(CONFIG_SUBTITLE)})</span></h2><ul>${lines
    .map((l) => `<li>${renderConfigLine(l, HTML_MARKUP)}</li>`)
    .join('')}</ul></section>`;
}

function overviewSection(report: Report): string {
  const top = topFeatures(report, HTML_CAPS.psiBars).filter((t) => Number.isFinite(t.feature.metrics.psi));
  if (top.length === 0) return '';
  const many = new Set(report.datasets.filter((d) => d.features.length > 0).map((d) => d.name)).size > 1;
  const bars = top.map((t) => ({ label: many ? `${t.dataset} / ${t.feature.name}` : t.feature.name, value: t.feature.metrics.psi, drift: t.feature.drift }));
  return `<section id="overview"><h2>Most drifted features</h2>
<figure class="plot wide">${psiChart(bars)}<figcaption>Population Stability Index per feature (base = reference). Dashed lines: 0.1 (moderate) and 0.25 (major shift). <span class="swatch" style="background:${COLORS.drift}"></span> drifting <span class="swatch" style="background:${COLORS.calm}"></span> not drifting.</figcaption></figure>
</section>`;
}

function datasetSection(ds: DatasetReport, index: number, extras: ReportExtras): string {
  const parts: string[] = [];
  parts.push(`<h2>${escapeHtml(ds.name)} <span class="tag">${escapeHtml(ds.modality)}</span></h2>`);
  parts.push(`<p class="headline">${escapeHtml(datasetHeadline(ds))}</p>`);
  let sample = `Sampled ${fmtInt(ds.sample.base)} base / ${fmtInt(ds.sample.head)} head items`;
  if (ds.total) sample += ` of ${fmtInt(ds.total.base)} / ${fmtInt(ds.total.head)}`;
  if (ds.changes) sample += ` · ${changesText(ds.changes)}`;
  parts.push(`<p class="muted">${escapeHtml(sample)}.</p>`);
  const how: string[] = [];
  if (ds.contentForm) how.push(`content measured on: ${ds.contentForm}`);
  if (ds.delimiters)
    how.push(
      `CSV delimiter base ${ds.delimiters.base.map((d) => JSON.stringify(d)).join(', ') || '—'} · head ${ds.delimiters.head.map((d) => JSON.stringify(d)).join(', ') || '—'} (sniffed)`,
    );
  if (how.length) parts.push(`<p class="muted small">${escapeHtml(how.join(' · '))}</p>`);
  if (ds.error) parts.push(`<div class="error"><b>Analysis failed:</b> ${escapeHtml(ds.error)}</div>`);

  const figures: string[] = [];
  const psiOf = new Map(ds.features.map((f) => [f.name, f] as const));
  const hists = (extras.histograms ?? [])
    .filter((h) => h.dataset === ds.name && validHistogram(h))
    .sort((a, b) => (psiOf.get(b.feature)?.metrics.psi ?? 0) - (psiOf.get(a.feature)?.metrics.psi ?? 0))
    .slice(0, HTML_CAPS.histogramsPerDataset);
  for (const h of hists) {
    const f = psiOf.get(h.feature);
    const cap = f
      ? `PSI ${fmt(f.metrics.psi)}${f.metrics.ks ? ` · KS ${fmt(f.metrics.ks.statistic)} (p ${fmtP(f.metrics.ks.pValue)})` : ''}${f.drift ? ' · drifts' : ''}`
      : '';
    figures.push(`<figure class="plot">${histogram(h)}<figcaption><b>${escapeHtml(h.feature)}</b> ${escapeHtml(cap)}</figcaption></figure>`);
  }
  for (const sc of (extras.scatter ?? []).filter((s) => s.dataset === ds.name).slice(0, 1)) {
    const e = ds.embedding;
    const cap = e
      ? `MMD p ${fmtP(e.mmd.pValue)} · classifier ${e.classifierAuc > 0.5 ? `AUC ${fmt(e.classifierAuc)}` : 'AUC ≤ 0.5 (no separation)'}${e.outsideCoverage !== undefined ? ` · ${fmtPct(e.outsideCoverage)} of head outside base coverage` : ''}`
      : '';
    figures.push(`<figure class="plot">${scatter(sc)}<figcaption><b>Embeddings, first two principal components</b> ${escapeHtml(cap)}</figcaption></figure>`);
  }
  if (figures.length) parts.push(`<div class="plots">${figures.join('\n')}</div>`);

  const thumbs = (extras.thumbnails ?? []).filter((t) => t.dataset === ds.name && isSafeImageDataUri(t.dataUri)).slice(0, HTML_CAPS.thumbnailsPerDataset);
  if (thumbs.length) parts.push(`<h3>Most atypical head items</h3><div class="thumbs">${thumbs.map(thumbnail).join('\n')}</div>`);
  if (ds.boxes) parts.push(boxesSection(ds.name, ds.boxes, extras));

  if (ds.features.length) parts.push(featureTable(ds));
  if (ds.onlyIn && (ds.onlyIn.base.length || ds.onlyIn.head.length)) {
    const list = (xs: string[]) =>
      xs
        .slice(0, 100)
        .map((x) => `<code>${escapeHtml(x)}</code>`)
        .join(', ') + (xs.length > 100 ? `, and ${fmtInt(xs.length - 100)} more` : '');
    const bits: string[] = [];
    if (ds.onlyIn.base.length) bits.push(`only in base: ${list(ds.onlyIn.base)}`);
    if (ds.onlyIn.head.length) bits.push(`only in head: ${list(ds.onlyIn.head)}`);
    parts.push(`<p>Columns ${bits.join('; ')}.</p>`);
  }
  const quality = dataQualityTable(ds);
  if (quality) parts.push(quality);
  if (ds.embedding) parts.push(embeddingTable(ds));
  if (ds.transferability) parts.push(transferabilityTable(ds));
  if (ds.duplicates) parts.push(duplicatesTable(ds));
  if (ds.labels) parts.push(labelTable(ds));
  if (ds.skipped.length) parts.push(skippedTable(ds));
  return `<section class="dataset" id="dataset-${index}">${parts.join('\n')}</section>`;
}

function featureTable(ds: Pick<DatasetReport, 'features'>, title = 'Features'): string {
  const rows = [...ds.features].sort((a, b) => Number(b.drift) - Number(a.drift) || byPsi(a, b));
  const shown = rows.slice(0, HTML_CAPS.featureRows);
  const tr = (f: FeatureReport) => {
    const t = featureTest(f);
    const miss = f.missing ? `${fmtInt(f.missing.base)} / ${fmtInt(f.missing.head)}` : '—';
    const sum = f.summary ? sideSummary(f) : '';
    return `<tr class="${f.drift ? 'drift' : ''}"><td><code>${escapeHtml(f.name)}</code>${f.role === 'format' ? ' <span class="tag" title="how items are stored; at most medium on its own">format</span>' : ''}${f.drift ? ' <span class="pill small" style="--lvl:#c9302c">drift</span>' : ''}${sum ? `<div class="muted small">${escapeHtml(sum)}</div>` : ''}</td><td>${escapeHtml(f.kind)}</td><td class="num">${fmt(f.metrics.psi)}</td><td class="num">${fmt(f.metrics.kl)}</td><td class="num">${fmt(f.metrics.js)}</td><td>${t.statistic !== undefined ? `${escapeHtml(t.label)} ${fmt(t.statistic)}` : '—'}</td><td class="num">${t.pValue !== undefined ? escapeHtml(fmtP(t.pValue)) : '—'}</td><td class="num">${f.metrics.pAdjusted !== undefined ? escapeHtml(fmtP(f.metrics.pAdjusted)) : '—'}</td><td class="num">${f.metrics.wassersteinNormed !== undefined ? fmt(f.metrics.wassersteinNormed) : '—'}</td><td class="num">${miss}</td></tr>`;
  };
  const more = rows.length > shown.length ? `<p class="muted">…and ${fmtInt(rows.length - shown.length)} more features (see report.json).</p>` : '';
  return `<h3>${escapeHtml(title)}</h3><div class="table-wrap"><table><thead><tr><th>Feature</th><th>Kind</th><th>PSI</th><th>KL</th><th>JS</th><th>Test</th><th>p</th><th>p (BH)</th><th>W₁/σ</th><th>Missing b/h</th></tr></thead><tbody>${shown.map(tr).join('')}</tbody></table></div>${more}`;
}

function sideSummary(f: FeatureReport): string {
  const s = f.summary!;
  if (f.kind === 'numeric' && s.base.mean !== undefined && s.head.mean !== undefined) {
    return `mean ${fmt(s.base.mean)} → ${fmt(s.head.mean)}${s.base.std !== undefined && s.head.std !== undefined ? `, std ${fmt(s.base.std)} → ${fmt(s.head.std)}` : ''}`;
  }
  const top = (xs?: Array<{ value: string; share: number }>) =>
    (xs ?? [])
      .slice(0, 3)
      .map((t) => `${t.value} ${fmtPct(t.share)}`)
      .join(', ');
  if (s.base.top || s.head.top) return `base: ${top(s.base.top)} · head: ${top(s.head.top)}`;
  return '';
}

function embeddingTable(ds: DatasetReport): string {
  const e = ds.embedding!;
  const about = [`${fmtInt(e.dims)} dims`];
  if (e.components !== undefined) about.push(`${fmtInt(e.components)} PCA components`);
  if (e.explainedVariance !== undefined) about.push(`${fmtPct(e.explainedVariance)} of variance`);
  const rows = [
    ['MMD² (RBF kernel)', fmtMmdCell(e.mmd.statistic), fmtP(e.mmd.pValue)],
    [
      'Domain classifier AUC (0.5 = no separation, 1 = fully separable)',
      fmtAucCell(e.classifierAuc),
      e.classifierPValue !== undefined ? fmtP(e.classifierPValue) : '—',
    ],
    ['Drifting PCA components (KS, BH)', fmtPct(e.driftShare), '—'],
  ];
  if (e.outsideCoverage !== undefined) rows.push(['Head items outside base coverage', fmtPct(e.outsideCoverage), '—']);
  if (e.confidence)
    rows.push([
      `Model confidence, base → head${e.confidence.caveat ? ` (${e.confidence.caveat})` : ''}`,
      `${fmt(e.confidence.base)} → ${fmt(e.confidence.head)}`,
      e.confidence.ks ? fmtP(e.confidence.ks.pValue) : '—',
    ]);
  return `<h3>Embedding tests <span class="muted small">(${escapeHtml(about.join(', '))})</span></h3><div class="table-wrap"><table><thead><tr><th>Test</th><th>Result</th><th>p</th></tr></thead><tbody>${rows
    .map((r) => `<tr><td>${escapeHtml(r[0])}</td><td class="num">${escapeHtml(r[1])}</td><td class="num">${escapeHtml(r[2])}</td></tr>`)
    .join('')}</tbody></table></div>`;
}

/** Missing values, fills, type changes and high-cardinality columns, one row each. */
function dataQualityTable(ds: DatasetReport): string {
  const rows: string[] = [];
  const pc = (x: number) => fmtPct(x);
  for (const f of ds.features) {
    const m = f.missingness;
    if (m && (m.drift || m.share.base > 0 || m.share.head > 0)) {
      rows.push(
        `<tr class="${m.drift ? 'drift' : ''}"><td><code>${escapeHtml(f.name)}</code></td><td>missing values</td><td class="num">${pc(m.share.base)} → ${pc(m.share.head)}</td><td class="num">${escapeHtml(fmtP(m.pAdjusted))}</td></tr>`,
      );
    }
    if (f.fill) {
      rows.push(
        `<tr class="drift"><td><code>${escapeHtml(f.name)}</code></td><td>${f.fill.kind === 'imputed' ? 'imputed with' : 'constant fill'} <code>${escapeHtml(f.fill.value)}</code></td><td class="num">${pc(f.fill.share.base)} → ${pc(f.fill.share.head)} of rows</td><td class="num">${escapeHtml(fmtP(f.fill.pAdjusted))}</td></tr>`,
      );
    }
    if (f.typeChange) {
      const tc = f.typeChange;
      rows.push(
        `<tr class="drift"><td><code>${escapeHtml(f.name)}</code></td><td>type ${tc.base} → ${tc.head}${
          tc.examples.length
            ? ` (e.g. ${tc.examples
                .slice(0, 3)
                .map((x) => `<code>${escapeHtml(x)}</code>`)
                .join(', ')})`
            : ''
        }</td><td class="num">not numbers: ${pc(tc.nonNumericShare.base)} → ${pc(tc.nonNumericShare.head)}</td><td class="num">—</td></tr>`,
      );
    }
    if (f.cardinality) {
      const c = f.cardinality;
      rows.push(
        `<tr class="${f.drift ? 'drift' : ''}"><td><code>${escapeHtml(f.name)}</code></td><td>${fmtInt(c.distinct.union)} categories: unseen in base (head) vs expected (base, values seen once); top-${c.topK.k} JS ${fmt(c.topK.js)}</td><td class="num">${pc(c.unseenShare.base)} → ${pc(c.unseenShare.head)}</td><td class="num">${escapeHtml(fmtP(c.pAdjusted))}</td></tr>`,
      );
    }
  }
  if (!rows.length) return '';
  return `<h3>Data quality</h3><div class="table-wrap"><table><thead><tr><th>Column</th><th>What</th><th>Base → head</th><th>p (BH)</th></tr></thead><tbody>${rows.slice(0, 200).join('')}</tbody></table></div>`;
}

function transferabilityTable(ds: DatasetReport): string {
  const tr = ds.transferability!;
  const sides = (['base', 'head'] as const).filter((k) => tr[k]);
  if (!sides.length) {
    const notes = Object.entries(tr.notes ?? {})
      .map(([k, v]) => `${k}: ${v}`)
      .join('; ');
    return `<h3>Transferability</h3><p class="muted">Not scored${notes ? ` (${escapeHtml(notes)})` : ''}.</p>`;
  }
  const cell = (k: 'base' | 'head', f: (s: NonNullable<typeof tr.base>) => string) => (tr[k] ? f(tr[k]!) : '—');
  const score = (b?: { score: number; baseline: number; gain: number }) =>
    b ? `${fmt(b.score)} <span class="muted">(shuffled ${fmt(b.baseline)})</span>` : '—';
  const rows: Array<[string, (s: NonNullable<typeof tr.base>) => string]> = [
    ['labels (items)', (s) => `${escapeHtml(s.classes.slice(0, 6).join(', '))}${s.classes.length > 6 ? ', …' : ''} (${fmtInt(s.n)})`],
    [`kNN probe accuracy vs chance (k=${tr[sides[0]!]!.knn.k}, ${tr[sides[0]!]!.knn.folds}-fold)`, (s) => `${fmt(s.knn.accuracy)} vs ${fmt(s.knn.chance)}`],
    ['kNN lift (0 = chance, 1 = perfect)', (s) => `${fmt(s.knn.lift)} <span class="muted">(shuffled ${fmt(s.knn.baseline)})</span>`],
    ['LogME', (s) => score(s.logme)],
    ['H-score (shrinkage)', (s) => score(s.hscore)],
    ['LEEP (model head)', (s) => score(s.leep)],
    ['NCE (model head)', (s) => score(s.nce)],
  ];
  const body = rows
    .map(([label, f]) => `<tr><td>${escapeHtml(label)}</td><td class="num">${cell('base', f)}</td><td class="num">${cell('head', f)}</td></tr>`)
    .join('');
  const note = !sides.some((k) => tr[k]!.leep)
    ? '<p class="muted small">LEEP and NCE need the model\'s own classifier head; the built-in model\'s head is a 5-class content classifier unrelated to your labels, so they are left out for it.</p>'
    : '';
  return `<h3>Transferability <span class="muted small">(labels in the pretrained embedding; each score beside the same score on shuffled labels)</span></h3><div class="table-wrap"><table><thead><tr><th>Score</th><th>Base labels</th><th>Head labels</th></tr></thead><tbody>${body}</tbody></table></div>${note}`;
}

function duplicatesTable(ds: DatasetReport): string {
  const d = ds.duplicates!;
  const side = (x: { items: number; share: number; groups: number }) => `${fmtInt(x.items)} (${fmtPct(x.share)}) in ${plural(x.groups, 'group')}`;
  const rows = [`<tr><td>exact copies (same content)</td><td class="num">${side(d.exact.base)}</td><td class="num">${side(d.exact.head)}</td></tr>`];
  if (d.near)
    rows.push(
      `<tr><td>near copies (embedding cosine ≥ ${fmt(d.near.threshold)})</td><td class="num">${side(d.near.base)}</td><td class="num">${side(d.near.head)}</td></tr>`,
    );
  rows.push(
    `<tr><td>added/modified items copying a base item</td><td class="num">—</td><td class="num">${fmtInt(d.sharedWithBase.items)} (${fmtPct(d.sharedWithBase.share)})</td></tr>`,
  );
  const ex = d.examples
    .slice(0, 8)
    .map((x) => `<li>${escapeHtml(x.kind)}: ${x.paths.map((p) => `<code>${escapeHtml(p)}</code>`).join(' = ')}</li>`)
    .join('');
  return `<h3>Duplicates <span class="muted small">(head − base copy share ${fmt(d.test.excess)}, Fisher p ${escapeHtml(fmtP(d.test.pValue))})</span></h3><div class="table-wrap"><table><thead><tr><th></th><th>Base</th><th>Head</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>${ex ? `<ul class="small">${ex}</ul>` : ''}`;
}

function labelTable(ds: DatasetReport): string {
  const l = ds.labels!;
  const names = [...new Set([...Object.keys(l.base), ...Object.keys(l.head)])];
  names.sort((a, b) => (l.head[b] ?? 0) + (l.base[b] ?? 0) - ((l.head[a] ?? 0) + (l.base[a] ?? 0)));
  const nb = Object.values(l.base).reduce((a, b) => a + b, 0) || 1;
  const nh = Object.values(l.head).reduce((a, b) => a + b, 0) || 1;
  const rows = names.slice(0, 200).map((n) => {
    const b = l.base[n] ?? 0;
    const h = l.head[n] ?? 0;
    return `<tr><td><code>${escapeHtml(n)}</code></td><td class="num">${fmtInt(b)} <span class="muted">(${fmtPct(b / nb)})</span></td><td class="num">${fmtInt(h)} <span class="muted">(${fmtPct(h / nh)})</span></td></tr>`;
  });
  const more = names.length > 200 ? `<p class="muted">…and ${fmtInt(names.length - 200)} more labels.</p>` : '';
  const ld = ds.labelDistribution;
  const dist = ld
    ? `<p class="small">Class proportions base → head: JS ${fmt(ld.js)}, χ² ${fmt(ld.chi2.statistic)} (df ${ld.chi2.dof}, p ${escapeHtml(fmtP(ld.chi2.pValue))})${
        ld.added.length
          ? ` · new in head: ${ld.added
              .slice(0, 10)
              .map((x) => `<code>${escapeHtml(x)}</code>`)
              .join(', ')} (${fmtPct(ld.addedShare)} of head)`
          : ''
      }${
        ld.removed.length
          ? ` · gone in head: ${ld.removed
              .slice(0, 10)
              .map((x) => `<code>${escapeHtml(x)}</code>`)
              .join(', ')} (${fmtPct(ld.removedShare)} of base)`
          : ''
      }</p>`
    : '';
  return `<h3>Labels <span class="muted small">(${escapeHtml(l.source)})</span></h3>${dist}<div class="table-wrap"><table><thead><tr><th>Label</th><th>Base</th><th>Head</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>${more}`;
}

function skippedTable(ds: DatasetReport): string {
  const rows = ds.skipped
    .slice(0, HTML_CAPS.skippedRows)
    .map((s) => `<tr><td><code>${escapeHtml(s.path)}</code></td><td>${escapeHtml(s.side)}</td><td>${escapeHtml(s.reason)}</td></tr>`);
  const more =
    ds.skipped.length > HTML_CAPS.skippedRows ? `<p class="muted">…and ${fmtInt(ds.skipped.length - HTML_CAPS.skippedRows)} more (see report.json).</p>` : '';
  return `<details><summary>${plural(ds.skipped.length, 'skipped item')}</summary><div class="table-wrap"><table><thead><tr><th>Path</th><th>Side</th><th>Reason</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>${more}</details>`;
}

// ---------------------------------------------------------------- detection datasets: boxes

/** Annotation files that could not be read or used, with line and reason; the share per side above the list. */
function unreadableAnnotations(b: BoxesReport): string {
  const list = b.unreadable ?? [];
  const shares = (['head', 'base'] as const)
    .map((side) => {
      const u = b[side].unreadable;
      return u ? `${side}: ${fmtInt(u.images)} of ${fmtInt(u.of)} sampled images (${fmtPct(u.share)})` : '';
    })
    .filter(Boolean);
  const rows = list.slice(0, HTML_CAPS.skippedRows).map((u) => {
    const at = `${u.file}${u.line !== undefined ? `:${u.line}` : ''}`;
    return `<tr><td><code>${escapeHtml(at)}</code></td><td>${escapeHtml(u.side)}</td><td>${escapeHtml(u.reason)}</td><td class="num">${fmtInt(u.images)}</td></tr>`;
  });
  const more = list.length > rows.length ? `<p class="muted">…and ${fmtInt(list.length - rows.length)} more (see report.json).</p>` : '';
  return `<h3>Annotations that could not be read <span class="muted small">(${escapeHtml(shares.join('; '))}; left out of the box statistics)</span></h3><div class="table-wrap"><table><thead><tr><th>File</th><th>Side</th><th>Reason</th><th>Images</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>${more}`;
}

/** Box counts, sizes at the model's input, the size histogram, box drift, object-level separability and atypical objects. */
function boxesSection(dataset: string, b: BoxesReport, extras: ReportExtras): string {
  const parts: string[] = [];
  const input = b.input ? `model input ${b.input.width}×${b.input.height} (${b.input.resize === 'fill' ? 'stretched' : 'shorter side, centre crop'}); ` : '';
  parts.push(`<h3>Boxes <span class="muted small">(${escapeHtml(b.source)})</span></h3>`);
  parts.push(
    `<p class="muted">${escapeHtml(`${b.format.toUpperCase()} annotations; ${input}objects under ${fmt(b.smallObjectPx)} px (√(w·h) at the input) count as small; per-box drift tests use one box per image.`)}</p>`,
  );
  if (b.error) parts.push(`<div class="error"><b>Boxes not judged:</b> ${escapeHtml(b.error)}</div>`);
  if (b.unreadable?.length) parts.push(unreadableAnnotations(b));
  const q = (x?: { p10: number; median: number; p90: number }) => (x ? `${fmt(x.p10)} / ${fmt(x.median)} / ${fmt(x.p90)}` : '—');
  const classes = (c: Record<string, number>) =>
    Object.entries(c)
      .sort((x, y) => y[1] - x[1])
      .slice(0, 6)
      .map(([n, k]) => `${n} ${fmtInt(k)}`)
      .join(', ') || '—';
  const rows: Array<[string, string, string]> = [
    ['Annotated images', fmtInt(b.base.images), fmtInt(b.head.images)],
    ['Boxes', fmtInt(b.base.boxes), fmtInt(b.head.boxes)],
    ['Images without boxes', fmtInt(b.base.imagesWithoutBoxes), fmtInt(b.head.imagesWithoutBoxes)],
    [
      'Unannotated / malformed images',
      `${fmtInt(b.base.unannotated)} / ${fmtInt(b.base.malformed)}`,
      `${fmtInt(b.head.unannotated)} / ${fmtInt(b.head.malformed)}`,
    ],
  ];
  if (b.base.atInput || b.head.atInput) {
    const med = (a?: BoxesReport['base']['atInput']) => (a ? `${fmt(a.width.median)} × ${fmt(a.height.median)}` : '—');
    rows.push(['Median box at the input, w × h (px)', med(b.base.atInput), med(b.head.atInput)]);
    rows.push(['√(w·h) at the input, p10 / median / p90 (px)', q(b.base.atInput?.size), q(b.head.atInput?.size)]);
    const small = (a?: BoxesReport['base']['atInput']) => (a ? `${fmtInt(a.small)} (${fmtPct(a.smallShare)})` : '—');
    rows.push([`Small objects (under ${fmt(b.smallObjectPx)} px)`, small(b.base.atInput), small(b.head.atInput)]);
  }
  rows.push(['Boxes per class', classes(b.base.classes), classes(b.head.classes)]);
  parts.push(
    `<div class="table-wrap"><table><thead><tr><th></th><th>Base</th><th>Head</th></tr></thead><tbody>${rows
      .map((r) => `<tr><td>${escapeHtml(r[0])}</td><td class="num">${escapeHtml(r[1])}</td><td class="num">${escapeHtml(r[2])}</td></tr>`)
      .join('')}</tbody></table></div>`,
  );
  if (b.newClasses.length)
    parts.push(
      `<p>New classes in head: ${b.newClasses
        .slice(0, 20)
        .map((c) => `<code>${escapeHtml(c.name)}</code> ${fmtInt(c.boxes)} (${fmtPct(c.share)})`)
        .join(', ')}.</p>`,
    );
  if (b.goneClasses.length)
    parts.push(
      `<p>Classes gone from head: ${b.goneClasses
        .slice(0, 20)
        .map((c) => `<code>${escapeHtml(c.name)}</code> (${fmtPct(c.share)} of base)`)
        .join(', ')}.</p>`,
    );
  const sizes = (extras.boxSizes ?? []).filter((h) => h.dataset === dataset && validHistogram(h)).slice(0, 1);
  if (sizes.length)
    parts.push(
      `<div class="plots">${sizes.map((h) => `<figure class="plot">${histogram(h)}<figcaption><b>${escapeHtml(h.feature)}</b></figcaption></figure>`).join('')}</div>`,
    );
  if (b.features.length) parts.push(featureTable(b, 'Box statistics'));
  const o = b.objects;
  if (o) {
    const cell = (s?: SideTransferability) =>
      s ? `${fmt(s.knn.lift)} <span class="muted">(shuffled ${fmt(s.knn.baseline)}; LogME gain ${fmt(s.logme.gain)})</span>` : '—';
    const sep = (['base', 'head'] as const).map((side) => {
      const x = o.separability[side];
      return `<tr><td>${side}</td><td class="num">${fmtInt(o.crops[side])}</td><td class="num">${cell(x?.crops)}</td><td class="num">${cell(x?.images)}</td></tr>`;
    });
    const drift = o.drift
      ? `<p class="muted">Base vs head crops: domain classifier AUC ${escapeHtml(fmt(o.drift.classifierAuc))} (${escapeHtml(fmtP(o.drift.classifierPValue))}), MMD ${escapeHtml(fmtP(o.drift.mmd.pValue))}.</p>`
      : '';
    const notes = (o.notes ?? []).map((n) => `<p class="muted">${escapeHtml(n)}</p>`).join('');
    parts.push(
      `<h3>Objects <span class="muted small">(one crop per image, margin ${escapeHtml(fmt(o.margin))} of the box side, embedded with the same model)</span></h3><div class="table-wrap"><table><thead><tr><th>Side</th><th>Crops</th><th>Classes on crops: kNN lift</th><th>On whole images: kNN lift</th></tr></thead><tbody>${sep.join('')}</tbody></table></div>${drift}${notes}`,
    );
  }
  const objs = (extras.objects ?? []).filter((t) => t.dataset === dataset && isSafeImageDataUri(t.dataUri)).slice(0, HTML_CAPS.thumbnailsPerDataset);
  if (objs.length) parts.push(`<h3>Most atypical head objects</h3><div class="thumbs">${objs.map(thumbnail).join('\n')}</div>`);
  for (const n of b.notes ?? []) parts.push(`<p class="muted">${escapeHtml(n)}</p>`);
  return parts.join('\n');
}

function thumbnail(t: ThumbnailExtra): string {
  return `<figure class="thumb"><img src="${escapeHtml(t.dataUri)}" alt="${escapeHtml(t.path)}" loading="lazy"><figcaption><code>${escapeHtml(t.path)}</code><br><span class="muted">${escapeHtml(t.note)}</span></figcaption></figure>`;
}

function footer(report: Report): string {
  const m = report.meta;
  const parts = [`${escapeHtml(report.tool.name)} ${escapeHtml(report.tool.version)}`, escapeHtml(report.createdAt)];
  if (m.model) parts.push(`model <code>${escapeHtml(m.model)}</code>`);
  if (m.backend) parts.push(`backend ${escapeHtml(m.backend)}${m.device ? ` (${escapeHtml(m.device)})` : ''}`);
  if (m.sampleSize !== undefined) parts.push(m.sampleSize === 0 ? 'all items' : `${fmtInt(m.sampleSize)} per side`);
  if (m.seed !== undefined) parts.push(`seed ${fmtInt(m.seed)}`);
  if (m.seconds !== undefined) parts.push(`${fmt(m.seconds)} s`);
  return `<footer>${parts.join(' · ')}</footer>`;
}

// ---------------------------------------------------------------- SVG plots

const r1 = (x: number) => (Math.round(x * 10) / 10).toString();

function validHistogram(h: HistogramExtra): boolean {
  const k = h.base.length;
  if (k === 0 || k > 200 || h.head.length !== k) return false;
  if (k !== h.edges.length + 1 && k !== h.edges.length - 1) return false;
  return [...h.edges, ...h.base, ...h.head].every((x) => typeof x === 'number' && Number.isFinite(x)) && [...h.base, ...h.head].every((x) => x >= 0);
}

/** Grouped bars of base and head proportions per bin; bins drawn equal-width (they are base quantiles). */
function histogram(h: HistogramExtra): string {
  const W = 360,
    H = 210,
    L = 40,
    R = 8,
    T = 22,
    B = 34;
  const k = h.base.length;
  const sb = h.base.reduce((a, b) => a + b, 0) || 1;
  const sh = h.head.reduce((a, b) => a + b, 0) || 1;
  const pb = h.base.map((c) => c / sb);
  const ph = h.head.map((c) => c / sh);
  const ymax = niceMax(Math.max(...pb, ...ph, 0.01));
  const pw = W - L - R,
    ph2 = H - T - B;
  const slot = pw / k;
  const y = (v: number) => T + ph2 - (v / ymax) * ph2;
  const bars: string[] = [];
  for (let i = 0; i < k; i++) {
    const x0 = L + i * slot + slot * 0.1;
    const bw = slot * 0.4;
    bars.push(`<rect class="b" x="${r1(x0)}" y="${r1(y(pb[i]))}" width="${r1(bw)}" height="${r1(T + ph2 - y(pb[i]))}" fill="${COLORS.base}"/>`);
    bars.push(`<rect class="h" x="${r1(x0 + bw)}" y="${r1(y(ph[i]))}" width="${r1(bw)}" height="${r1(T + ph2 - y(ph[i]))}" fill="${COLORS.head}"/>`);
  }
  // Tick labels at bin boundaries carrying an edge; thinned so they do not overlap.
  const open = k === h.edges.length + 1;
  const ticks: string[] = [];
  const step = Math.max(1, Math.ceil(h.edges.length / 6));
  h.edges.forEach((e, j) => {
    if (j % step !== 0 && j !== h.edges.length - 1) return;
    const x = L + (open ? j + 1 : j) * slot;
    ticks.push(
      `<line x1="${r1(x)}" y1="${T + ph2}" x2="${r1(x)}" y2="${T + ph2 + 4}" stroke="currentColor"/><text x="${r1(x)}" y="${T + ph2 + 16}" text-anchor="middle">${escapeHtml(fmt(e))}</text>`,
    );
  });
  const ylab = [0, ymax / 2, ymax].map(
    (v) =>
      `<text x="${L - 4}" y="${r1(y(v) + 4)}" text-anchor="end">${fmt(v * 100)}%</text><line x1="${L}" x2="${W - R}" y1="${r1(y(v))}" y2="${r1(y(v))}" class="grid"/>`,
  );
  return `<svg class="plot-hist" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(`Histogram of ${h.feature}, base vs head`)}" xmlns="http://www.w3.org/2000/svg">
<title>${escapeHtml(`${h.feature}: base vs head`)}</title>
${ylab.join('')}${bars.join('')}${ticks.join('')}
<line x1="${L}" y1="${T + ph2}" x2="${W - R}" y2="${T + ph2}" stroke="currentColor"/>
${legend(L, 12)}
<text x="${W - R}" y="${H - 4}" text-anchor="end" class="muted">${open ? 'base-quantile bins' : 'bins'}</text>
</svg>`;
}

function legend(x: number, y: number): string {
  return `<rect x="${x}" y="${y - 8}" width="10" height="10" fill="${COLORS.base}"/><text x="${x + 14}" y="${y + 1}">base</text><rect x="${x + 54}" y="${y - 8}" width="10" height="10" fill="${COLORS.head}"/><text x="${x + 68}" y="${y + 1}">head</text>`;
}

function niceMax(x: number): number {
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= x) return m * p;
  return x;
}

/** Deterministic thinning to at most n points (every k-th). */
function thin<T>(xs: T[], n: number): T[] {
  if (xs.length <= n) return xs;
  const step = xs.length / n;
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(xs[Math.floor(i * step)]);
  return out;
}

function scatter(s: ScatterExtra): string {
  const W = 360,
    H = 300,
    L = 36,
    R = 10,
    T = 22,
    B = 30;
  const ok = (p: unknown): p is [number, number] => Array.isArray(p) && p.length === 2 && Number.isFinite(p[0]) && Number.isFinite(p[1]);
  const base = thin(s.base.filter(ok), HTML_CAPS.scatterPoints);
  const head = thin(s.head.filter(ok), HTML_CAPS.scatterPoints);
  const all = [...base, ...head];
  if (all.length === 0) return '<p class="muted">No embedding points.</p>';
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const [a, b] of all) {
    x0 = Math.min(x0, a);
    x1 = Math.max(x1, a);
    y0 = Math.min(y0, b);
    y1 = Math.max(y1, b);
  }
  const padX = (x1 - x0 || 1) * 0.05,
    padY = (y1 - y0 || 1) * 0.05;
  x0 -= padX;
  x1 += padX;
  y0 -= padY;
  y1 += padY;
  const px = (v: number) => L + ((v - x0) / (x1 - x0)) * (W - L - R);
  const py = (v: number) => T + (1 - (v - y0) / (y1 - y0)) * (H - T - B);
  const dots = (pts: [number, number][], cls: string, color: string) =>
    `<g class="${cls}" fill="${color}" fill-opacity="0.55">${pts.map(([a, b]) => `<circle cx="${r1(px(a))}" cy="${r1(py(b))}" r="2.4"/>`).join('')}</g>`;
  const [ax, ay] = s.axes ?? ['PC1', 'PC2'];
  return `<svg class="plot-scatter" viewBox="0 0 ${W} ${H}" role="img" aria-label="PCA scatter of base and head embeddings" xmlns="http://www.w3.org/2000/svg">
<title>Embeddings: base vs head (PCA)</title>
<rect x="${L}" y="${T}" width="${W - L - R}" height="${H - T - B}" class="frame"/>
${dots(base, 'b', COLORS.base)}${dots(head, 'h', COLORS.head)}
<text x="${r1((L + W - R) / 2)}" y="${H - 8}" text-anchor="middle">${escapeHtml(ax.slice(0, 40))}</text>
<text x="12" y="${r1((T + H - B) / 2)}" text-anchor="middle" transform="rotate(-90 12 ${r1((T + H - B) / 2)})">${escapeHtml(ay.slice(0, 40))}</text>
${legend(L, 12)}
</svg>`;
}

function psiChart(bars: Array<{ label: string; value: number; drift: boolean }>): string {
  const rowH = 22,
    T = 8,
    L = 132,
    R = 46,
    W = 440;
  const H = T + bars.length * rowH + 24;
  const max = niceMax(Math.max(0.3, ...bars.map((b) => b.value)));
  const x = (v: number) => L + (Math.min(v, max) / max) * (W - L - R);
  const rows = bars.map((b, i) => {
    const yy = T + i * rowH;
    const label = b.label.length > 20 ? `${b.label.slice(0, 19)}…` : b.label;
    return `<text x="${L - 6}" y="${yy + 15}" text-anchor="end">${escapeHtml(label)}</text><rect x="${L}" y="${yy + 4}" width="${r1(Math.max(1, x(b.value) - L))}" height="${rowH - 8}" fill="${b.drift ? COLORS.drift : COLORS.calm}"/><text x="${r1(x(b.value) + 4)}" y="${yy + 15}">${fmt(b.value)}</text>`;
  });
  // reference lines at 0.1 and 0.25, when they are far enough apart to read
  const refVals = x(0.25) - x(0.1) >= 24 ? [0.1, 0.25] : x(0.25) - L >= 16 ? [0.25] : [];
  const refs = refVals.map(
    (v) =>
      `<line x1="${r1(x(v))}" x2="${r1(x(v))}" y1="${T}" y2="${H - 20}" class="ref"/><text x="${r1(x(v))}" y="${H - 6}" text-anchor="middle" class="muted">${v}</text>`,
  );
  return `<svg class="plot-psi" viewBox="0 0 ${W} ${H}" role="img" aria-label="PSI of the most drifted features" xmlns="http://www.w3.org/2000/svg">
<title>PSI of the most drifted features</title>
${rows.join('')}${refs.join('')}
<line x1="${L}" x2="${L}" y1="${T}" y2="${H - 20}" stroke="currentColor"/>
<text x="${L}" y="${H - 6}" text-anchor="middle" class="muted">0</text><text x="${W - R}" y="${H - 6}" text-anchor="end" class="muted">${fmt(max)}</text>
</svg>`;
}

// ---------------------------------------------------------------- style

const CSS = `
:root{--fg:#1d2330;--muted:#5d6778;--bg:#f6f7f9;--card:#fff;--line:#dde1e8;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif;color:var(--fg);background:var(--bg)}
@media (prefers-color-scheme:dark){:root{--fg:#e6e9ef;--muted:#9aa3b2;--bg:#14171c;--card:#1d2129;--line:#333a46}}
*{box-sizing:border-box}
body{margin:0;line-height:1.45;font-size:15px}
header.top,main,footer{max-width:1100px;margin:0 auto;padding:0 16px}
header.top{padding-top:20px}
.verdict{display:flex;gap:14px;align-items:flex-start;background:var(--card);border:1px solid var(--line);border-left:8px solid var(--lvl);border-radius:10px;padding:14px 16px}
.badge{background:var(--lvl);color:#fff;font-weight:700;border-radius:6px;padding:6px 10px;letter-spacing:.05em;white-space:nowrap}
h1{font-size:1.35em;margin:0 0 4px}
h2{font-size:1.2em;margin:28px 0 10px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{font-size:1.02em;margin:18px 0 8px}
h4{font-size:.85em;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);margin:12px 0 4px}
.reason{margin:0}
.facts,.muted{color:var(--muted)}
.small{font-size:.85em}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:.9em;overflow-wrap:anywhere}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(240px,1fr));gap:12px}
.card{background:var(--card);border:1px solid var(--line);border-top:6px solid var(--lvl);border-radius:10px;padding:12px 14px;min-width:0}
.card.na{opacity:.8}
.card ul{margin:0;padding-left:18px}.card li{margin:3px 0}
.card-head{display:flex;justify-content:space-between;align-items:center;gap:8px}.card-head h3{margin:0}
.pill{background:var(--lvl);color:#fff;border-radius:999px;padding:1px 10px;font-size:.85em;font-weight:600}
.pill.small{font-size:.7em;padding:0 6px;vertical-align:middle}
.meter{height:8px;background:var(--line);border-radius:4px;margin:10px 0 2px;overflow:hidden}.meter div{height:100%;background:var(--lvl)}
.score{margin:0;font-size:.85em;color:var(--muted)}
.dataset{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:4px 16px 14px;margin-top:18px}
.dataset h2{border:0;margin-top:14px}
.tag{font-size:.7em;font-weight:500;color:var(--muted);border:1px solid var(--line);border-radius:4px;padding:1px 6px;vertical-align:middle}
.headline{font-weight:600;margin:0}
.error{border-left:4px solid #c9302c;background:rgba(201,48,44,.08);padding:8px 12px;border-radius:4px;margin:10px 0}
.plots{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,320px),1fr));gap:12px}
figure{margin:0}
.plot{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:8px}
.plot.wide{max-width:640px}.plot svg.plot-psi{font-size:12px}
.plot svg{width:100%;height:auto;display:block;font-size:11px;fill:currentColor}
.plot svg rect.b,.plot svg rect.h{fill-opacity:.9}
.plot svg .grid{stroke:var(--line)}.plot svg .ref{stroke:var(--muted);stroke-dasharray:4 3}.plot svg .frame{fill:none;stroke:var(--line)}
figcaption{font-size:.85em;margin-top:6px;color:var(--muted)}figcaption b{color:var(--fg)}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;vertical-align:middle}
.thumbs{display:grid;grid-template-columns:repeat(auto-fill,minmax(120px,1fr));gap:10px}
.thumb img{width:100%;aspect-ratio:1;object-fit:cover;border-radius:6px;border:2px solid ${COLORS.head};display:block}
.thumb figcaption{font-size:.75em;overflow-wrap:anywhere}
.table-wrap{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%;font-size:.9em}
th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
th{font-weight:600;white-space:nowrap;background:rgba(127,127,127,.07)}
td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
tr.drift td:first-child{border-left:3px solid #c9302c}
details{margin-top:12px}summary{cursor:pointer;font-weight:600}
footer{color:var(--muted);font-size:.8em;padding:24px 16px 32px}
@media (max-width:600px){body{font-size:14px}.verdict{flex-direction:column}.dataset{padding:4px 10px 12px}h1{font-size:1.2em}}
`.replace(/\n/g, '');
