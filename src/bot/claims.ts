/**
 * One check run per (commit, trigger), whatever the interleaving of deliveries and replicas, with
 * GitHub as the only source of truth: create, list again, and the oldest check run of the trigger wins.
 * A loser retires as a duplicate that mirrors the winner's result, so whichever of the two GitHub shows
 * (it shows the newest run of a name) says the same thing; until the winner settles, the loser reads
 * `cancelled`, which a required check does not pass.
 */
import { completeCheck, listChecks, relabelCheck, type CheckConclusion, type CheckOutput, type CheckRunInfo, type Completion } from '../github/check-run.js';
import { duplicateOf, duplicateOutcome, externalId, parseExternalId, retryable, type Trigger } from './keys.js';
import type { Session } from './session.js';

export interface Claim {
  check: CheckRunInfo;
  won: boolean;
  /** the winner, when this claim lost */
  winner?: CheckRunInfo;
}

const repoOf = (s: Session) => ({ owner: s.owner, repo: s.repo });

/** The live check runs of a trigger on a commit (not retryable errors), oldest first. */
export function contenders(checks: CheckRunInfo[], trigger: Trigger): CheckRunInfo[] {
  return checks
    .filter((c) => {
      const p = parseExternalId(c.external_id);
      return p?.trigger === trigger && !retryable(p.outcome) && duplicateOf(p.outcome) === undefined;
    })
    .sort((a, b) => a.id - b.id);
}

interface FullCheck extends CheckRunInfo {
  output?: { title?: string | null; summary?: string | null; text?: string | null } | null;
}

function mirror(winner: FullCheck, ext: string): Completion | undefined {
  if (winner.status !== 'completed' || !winner.conclusion) return undefined;
  const o = winner.output ?? {};
  const output: CheckOutput = { title: o.title || 'transfer-risk', summary: o.summary || `Same result as check run ${winner.id}.` };
  if (o.text) output.text = o.text;
  return {
    conclusion: winner.conclusion as CheckConclusion,
    output,
    externalId: ext,
    ...(winner.details_url ? { detailsUrl: winner.details_url } : {}),
  };
}

/** Retire a losing check run: a mirror of the winner once it settled, `cancelled` until then. */
async function retire(s: Session, sha: string, loser: CheckRunInfo, winner: FullCheck, trigger: Trigger): Promise<void> {
  const ext = externalId(trigger, duplicateOutcome(winner.id));
  const settled = mirror(winner, ext);
  await completeCheck(
    s.gh,
    repoOf(s),
    { checkRunId: loser.id, sha },
    settled ?? {
      conclusion: 'cancelled',
      externalId: ext,
      output: {
        title: 'Duplicate analysis request',
        summary: `Check run ${winner.id} analyzes this commit for the same request; this check run gets its result when that one completes.`,
      },
    },
  );
  if (settled) return;
  // the winner may have settled while we retired (and so missed us): look once more
  const { data } = await s.octokit.rest.checks.get({ owner: s.owner, repo: s.repo, check_run_id: winner.id });
  const now = mirror(data as FullCheck, ext);
  if (now) await completeCheck(s.gh, repoOf(s), { checkRunId: loser.id, sha }, now);
}

/**
 * Create a check run for `trigger` with `create`, list the commit's runs again and keep the oldest of
 * the trigger; a losing claim is retired (and, if it was created completed, relabelled only).
 */
export async function claimCheck(s: Session, sha: string, trigger: Trigger, create: () => Promise<CheckRunInfo>): Promise<Claim> {
  const mine = await create();
  const all = await listChecks(s.gh, repoOf(s), sha, s.appId);
  const live = contenders(all.some((c) => c.id === mine.id) ? all : [...all, mine], trigger);
  const winner = (live[0] ?? mine) as FullCheck;
  if (winner.id === mine.id) return { check: mine, won: true };
  s.log.info(`${s.owner}/${s.repo} @ ${sha.slice(0, 7)}: check ${mine.id} lost the race for "${trigger}" to check ${winner.id}; retiring it as a duplicate`);
  if (mine.status === 'completed' && winner.status === 'completed' && winner.conclusion === mine.conclusion) {
    await relabelCheck(s.gh, repoOf(s), mine.id, externalId(trigger, duplicateOutcome(winner.id)));
  } else {
    await retire(s, sha, mine, winner, trigger);
  }
  return { check: mine, won: false, winner };
}

/**
 * Complete `target` and every duplicate that mirrors it (retired losers, and same-trigger runs still
 * in progress that are about to retire), keeping each duplicate's own external_id.
 */
export async function completeWithDuplicates(s: Session, sha: string, target: CheckRunInfo, c: Completion, known?: CheckRunInfo[]): Promise<CheckRunInfo> {
  const done = await completeCheck(s.gh, repoOf(s), { checkRunId: target.id, sha }, c);
  const trigger = parseExternalId(target.external_id)?.trigger;
  const checks = known ?? (await listChecks(s.gh, repoOf(s), sha, s.appId));
  for (const d of checks) {
    if (d.id === target.id) continue;
    const p = parseExternalId(d.external_id);
    const copy = duplicateOf(p?.outcome) === target.id || (d.id > target.id && d.status !== 'completed' && p?.trigger === trigger && p?.outcome === undefined);
    if (!copy || !p) continue;
    await completeCheck(s.gh, repoOf(s), { checkRunId: d.id, sha }, { ...c, externalId: externalId(p.trigger, duplicateOutcome(target.id)) });
  }
  return done;
}
