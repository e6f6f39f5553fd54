/**
 * The sticky PR comment (`comment.md`): starts with the marker, then the verdict in one line, the four
 * scenarios, recommendations, a Mermaid chart of the most drifted features, one collapsible section per
 * dataset, and links. At most 65,536 characters (GitHub's limit), cut by whole sections.
 */
import { COMMENT_MARKER, renderMarkdown } from './markdown.js';
import type { Report } from '../contracts/index.js';

export { COMMENT_MARKER };

/** GitHub's limit on an issue comment body. */
export const COMMENT_LIMIT = 65536;

export interface CommentOptions {
  /** URL of the workflow run (default: report.meta.runUrl) */
  runUrl?: string;
  /** URL of the HTML report (default: report.meta.reportUrl) */
  reportUrl?: string;
  /** override the size limit (tests); never above COMMENT_LIMIT */
  maxLength?: number;
}

export function renderComment(report: Report, opts: CommentOptions = {}): string {
  return renderMarkdown(report, {
    runUrl: opts.runUrl,
    reportUrl: opts.reportUrl,
    maxLength: Math.min(opts.maxLength ?? COMMENT_LIMIT, COMMENT_LIMIT),
    marker: true,
  });
}
