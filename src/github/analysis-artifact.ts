/**
 * The `transfer-risk-report` artifact, the only channel from the analysis run to the bot. It holds
 * `report.json` (plus `comment.md` and `report.html`, which the bot ignores) when datasets were analyzed,
 * or `status.json` when the run found nothing to analyze, so the bot (the check run's only owner)
 * completes its check with that outcome. Both files are untrusted input for the bot.
 */
export const ARTIFACT_NAME = 'transfer-risk-report';
export const REPORT_ENTRY = 'report.json';
export const STATUS_ENTRY = 'status.json';

/** What an analysis run that wrote no report says about itself. */
export interface AnalysisStatus {
  schemaVersion: 1;
  status: 'no-changes';
  base: { sha: string };
  head: { sha: string };
}

const SHA_RE = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

export function analysisStatus(base: string, head: string): AnalysisStatus {
  return { schemaVersion: 1, status: 'no-changes', base: { sha: base.toLowerCase() }, head: { sha: head.toLowerCase() } };
}

/** Validates a parsed `status.json`; a reason when it is not one. Only the known fields, exactly. */
export function parseAnalysisStatus(json: unknown): { ok: true; status: AnalysisStatus } | { ok: false; reason: string } {
  const bad = (why: string) => ({ ok: false as const, reason: `${STATUS_ENTRY} in the artifact ${why}` });
  if (!json || typeof json !== 'object' || Array.isArray(json)) return bad('is not an object');
  const o = json as Record<string, unknown>;
  const extra = Object.keys(o).filter((k) => !['schemaVersion', 'status', 'base', 'head'].includes(k));
  if (extra.length > 0) return bad(`has unknown keys (${extra.slice(0, 3).join(', ')})`);
  if (o.schemaVersion !== 1) return bad('has no schemaVersion 1');
  if (o.status !== 'no-changes') return bad('has an unknown status');
  const sha = (v: unknown): string | undefined => {
    if (!v || typeof v !== 'object' || Array.isArray(v) || Object.keys(v).length !== 1) return undefined;
    const s = (v as { sha?: unknown }).sha;
    return typeof s === 'string' && SHA_RE.test(s) ? s : undefined;
  };
  const base = sha(o.base);
  const head = sha(o.head);
  if (!base || !head) return bad('does not name the base and head commits');
  return { ok: true, status: { schemaVersion: 1, status: 'no-changes', base: { sha: base }, head: { sha: head } } };
}
