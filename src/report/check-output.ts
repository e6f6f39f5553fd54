/**
 * Output of the `transfer-risk` check run: title (the verdict), summary (overview), text (per-dataset
 * details) and annotations on the locations that drive the verdict (augmentation config lines, dataset
 * paths), which the analysis passes as hints in `report.meta.annotations` (without hints, the lines
 * that the augmentation-drift evidence names are annotated).
 */
import { oneLine } from './format.js';
import { REPORT_LIMITS } from './schema.js';
import { renderMarkdown, verdictLine } from './markdown.js';
import { reachesFailOn, type FailOn, type Level, type Report } from '../contracts/index.js';

/** GitHub's limits on check-run output. */
export const CHECK_LIMITS = { title: 255, summary: 65535, text: 65535, annotationsPerRequest: 50, message: 4000, annotationTitle: 255 };

/**
 * A location that drives the verdict, recorded by the analysis in `report.meta.annotations`
 * (validated by the report schema). `path` is repository-relative; `line`/`endLine` are 1-based.
 */
export interface ReportAnnotationHint {
  path: string;
  line?: number;
  endLine?: number;
  level: Level;
  title?: string;
  message: string;
}

/** An annotation as the GitHub checks API takes it. */
export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
  raw_details?: string;
}

export interface CheckOutput {
  title: string;
  summary: string;
  text: string;
  annotations: CheckAnnotation[];
}

export interface CheckOutputOptions {
  runUrl?: string;
  reportUrl?: string;
  /** policy; decides which annotations are failures (default: report.meta.failOn, else 'high') */
  failOn?: FailOn;
  /** at most this many annotations (default 500; GitHub takes 50 per request, see annotationBatches) */
  maxAnnotations?: number;
}

export type CheckConclusion = 'success' | 'failure' | 'neutral';

/**
 * failure when the overall level reaches `failOn`; neutral when nothing was analyzed (no dataset
 * changed); success otherwise. A dataset that failed to analyze does not make the run neutral (that would
 * let a pull request pass a required check by breaking its own data): its level is the risk module's call.
 */
export function conclusionFor(report: Report, failOn: FailOn): CheckConclusion {
  if (reachesFailOn(report.risk.level, failOn)) return 'failure';
  if (report.datasets.length === 0) return 'neutral';
  return 'success';
}

export function renderCheckOutput(report: Report, opts: CheckOutputOptions = {}): CheckOutput {
  const failOn = opts.failOn ?? report.meta.failOn ?? 'high';
  const title = verdictLine(report, CHECK_LIMITS.title);
  const summary = renderMarkdown(report, {
    runUrl: opts.runUrl,
    reportUrl: opts.reportUrl,
    maxLength: CHECK_LIMITS.summary,
    heading: false,
    datasets: false,
    footer: true,
  });
  const text =
    report.datasets.length === 0
      ? 'No dataset or augmentation config changed in this comparison.\n'
      : renderMarkdown(report, {
          runUrl: opts.runUrl,
          reportUrl: opts.reportUrl,
          maxLength: CHECK_LIMITS.text,
          heading: false,
          overview: false,
          footer: false,
        });
  return { title, summary, text, annotations: annotationsFor(report, failOn, opts.maxAnnotations ?? 500) };
}

/** The hints of `report.meta.annotations` that are well-formed and point inside the repository. */
export function annotationHints(report: Report): ReportAnnotationHint[] {
  const raw = report.meta.annotations;
  if (!Array.isArray(raw)) return [];
  return raw.filter(isHint).filter((h) => safeRepoPath(h.path) !== undefined);
}

/**
 * Fallback when the analysis gave no hints: the augmentation-drift evidence names its config file and
 * the lines of the transforms it judges ("configs/augment.yaml: adds gaussian_noise (line 6)"), so those
 * lines are annotated with the sentence that names them.
 */
export function hintsFromEvidence(report: Report): ReportAnnotationHint[] {
  const s = report.risk.scenarios.find((x) => x.id === 'augmentation-drift');
  if (!s || s.level === 'low') return [];
  const pathRe = /`?([\w.@/-]+\.(?:ya?ml|json|toml|py|cfg|ini))`?/;
  let config: string | undefined;
  for (const e of s.evidence) {
    const m = e.match(pathRe);
    if (m && safeRepoPath(m[1])) {
      config = safeRepoPath(m[1]);
      break;
    }
  }
  if (!config) return [];
  const out: ReportAnnotationHint[] = [];
  for (const e of s.evidence) {
    for (const m of e.matchAll(/\blines? (\d{1,7})(?:\s*[-–]\s*(\d{1,7}))?/g)) {
      const line = Number(m[1]);
      if (line < 1) continue;
      out.push({ path: config, line, ...(m[2] ? { endLine: Number(m[2]) } : {}), level: s.level, title: 'Augmentation drift', message: e.replace(/`/g, '') });
    }
  }
  return out;
}

/**
 * Check-run hints on the head annotation files (labels yolo:, coco:, voc:) that could not be read or used
 * (`boxes.unreadable`), at their line where known, with the roi-shift level they feed.
 */
export function unreadableAnnotationHints(report: Report): ReportAnnotationHint[] {
  const level = report.risk.scenarios.find((s) => s.id === 'roi-shift')?.level ?? 'medium';
  const out: ReportAnnotationHint[] = [];
  for (const ds of report.datasets) {
    for (const u of ds.boxes?.unreadable ?? []) {
      if (u.side !== 'head' || safeRepoPath(u.file) === undefined) continue;
      out.push({
        path: u.file,
        ...(u.line !== undefined ? { line: u.line } : {}),
        level,
        title: 'Annotation could not be read',
        message: `${u.reason} (dataset ${ds.name}: ${u.images === 1 ? '1 sampled image' : `${u.images} sampled images`} left out of the box statistics)`,
      });
    }
  }
  return out;
}

/**
 * Records the unreadable head annotation files in `report.meta.annotations` (keeping the hints already
 * there, or those the augmentation evidence gives, which hints would otherwise replace). In place.
 */
export function addAnnotationHints(report: Report): Report {
  const extra = unreadableAnnotationHints(report);
  if (extra.length === 0) return report;
  const given = annotationHints(report);
  report.meta.annotations = [...(given.length > 0 ? given : hintsFromEvidence(report)), ...extra].slice(0, REPORT_LIMITS.annotations);
  return report;
}

function isHint(x: unknown): x is ReportAnnotationHint {
  if (typeof x !== 'object' || x === null) return false;
  const h = x as Record<string, unknown>;
  return (
    typeof h.path === 'string' &&
    typeof h.message === 'string' &&
    (h.level === 'low' || h.level === 'medium' || h.level === 'high') &&
    (h.line === undefined || (Number.isInteger(h.line) && (h.line as number) >= 1)) &&
    (h.endLine === undefined || (Number.isInteger(h.endLine) && (h.endLine as number) >= 1)) &&
    (h.title === undefined || typeof h.title === 'string')
  );
}

/** A normalized repository-relative path, or undefined for absolute paths, `..` and oddities. */
export function safeRepoPath(p: string): string | undefined {
  const t = p.replace(/\\/g, '/').replace(/^\.\//, '');
  if (t === '' || t.startsWith('/') || /^[a-z]:/i.test(t) || t.length > 4096) return undefined;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(t)) return undefined;
  if (t.split('/').some((seg) => seg === '..' || seg === '')) return undefined;
  return t;
}

function annotationsFor(report: Report, failOn: FailOn, max: number): CheckAnnotation[] {
  const rank = { low: 0, medium: 1, high: 2 } as const;
  const given = annotationHints(report);
  const hints = (given.length > 0 ? given : hintsFromEvidence(report)).sort((a, b) => rank[b.level] - rank[a.level]);
  const out: CheckAnnotation[] = [];
  const seen = new Set<string>();
  for (const h of hints) {
    const path = safeRepoPath(h.path)!;
    const start = h.line ?? 1;
    const end = Math.max(start, h.endLine ?? start);
    const key = `${path}:${start}:${end}:${h.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      path,
      start_line: start,
      end_line: end,
      annotation_level: reachesFailOn(h.level, failOn) ? 'failure' : h.level === 'low' ? 'notice' : 'warning',
      message: oneLine(h.message, CHECK_LIMITS.message),
      title: oneLine(h.title ?? `transfer-risk: ${h.level} risk`, CHECK_LIMITS.annotationTitle),
    });
    if (out.length >= max) break;
  }
  return out;
}

/** Splits annotations into requests of at most `size` (GitHub accepts 50 per update). */
export function annotationBatches<T>(annotations: readonly T[], size = CHECK_LIMITS.annotationsPerRequest): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`batch size must be a positive integer, got ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < annotations.length; i += size) out.push(annotations.slice(i, i + size));
  return out;
}
