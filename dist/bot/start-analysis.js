import { planChanges, possibleSubmodules } from '../data/plan.js';
import { LIST_FILES_CAP, toChangedPath } from '../github/changed-files.js';
import { CHECK_NAME, completeCheck, createInProgressCheck, listChecks } from '../github/check-run.js';
import { describeApiError } from '../github/octokit.js';
import { claimCheck, completeWithDuplicates } from './claims.js';
import { CONFIG_PATH } from './config.js';
import { DRAFT_TRIGGER, externalId, parseExternalId, retryable } from './keys.js';
import { RERUN_COMMAND } from './rerun-command.js';
import { where } from './session.js';
const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
/**
 * A pull request that changes the config file is analyzed even when it touches no dataset of the
 * default branch's config: head may define a new dataset, point one at other files or declare other
 * tasks, and the analysis judges those (or fails closed on an invalid config), as `analyze` does.
 */
function changesConfig(changed) {
    return changed.some((c) => c.path === CONFIG_PATH || c.previousPath === CONFIG_PATH);
}
function describePlan(plan, configChanged) {
    const lines = plan.datasets.map((d) => {
        const notes = [...(d.augmentationChanged ? ['augmentation config changed'] : []), ...(d.labelsFileChanged ? ['labels file changed'] : [])];
        return `- **${d.dataset.name}**: ${plural(d.dataChanges.length, 'changed data file')}${notes.length ? ` (${notes.join(', ')})` : ''}`;
    });
    if (configChanged)
        lines.push(`- \`${CONFIG_PATH}\` changed: the analysis judges head's datasets and declared tasks`);
    return lines.join('\n');
}
async function changedPaths(s, pull) {
    const files = (await s.octokit.paginate(s.octokit.rest.pulls.listFiles, {
        owner: s.owner,
        repo: s.repo,
        pull_number: pull.number,
        per_page: 100,
    }));
    const changed = [];
    for (const f of files) {
        const c = toChangedPath(f);
        if (c)
            changed.push(c);
    }
    return { changed, files: files.length };
}
export async function startAnalysis(s, pull, req) {
    const repo = { owner: s.owner, repo: s.repo };
    const sha = pull.headSha;
    const at = where(s, pull.number, sha);
    const trigger = !req.rerun && pull.draft ? DRAFT_TRIGGER : req.trigger;
    const existing = await listChecks(s.gh, repo, sha, s.appId);
    const handled = existing.find((c) => {
        const p = parseExternalId(c.external_id);
        return p?.trigger === trigger && !retryable(p.outcome);
    });
    if (handled) {
        s.log.info(`${at}: ${CHECK_NAME} check ${handled.id} already handles "${trigger}" (${handled.external_id}); ignoring ${req.cause}`);
        return;
    }
    /** Settle at once, as one check run per trigger (concurrent deliveries converge on the oldest). */
    const settle = async (outcome, c) => {
        await claimCheck(s, sha, trigger, () => completeCheck(s.gh, repo, { sha }, { ...c, externalId: externalId(trigger, outcome) }));
    };
    let claimed;
    try {
        const cfg = await s.readConfig();
        if (!cfg.ok) {
            s.log.info(`${at}: ${cfg.reason}`);
            // not configured: the tool is not in use here (neutral); an invalid config cannot judge anything,
            // so the check fails closed until the default branch's config is fixed
            await settle('config', {
                conclusion: cfg.missing ? 'neutral' : 'failure',
                output: { title: cfg.missing ? 'transfer-risk is not configured' : 'Configuration error', summary: cfg.reason },
            });
            return;
        }
        const config = cfg.config;
        if (trigger === DRAFT_TRIGGER) {
            await settle('draft', {
                conclusion: 'neutral',
                output: {
                    title: 'Draft pull request',
                    summary: `transfer-risk analyzes this pull request when it is marked ready for review. Comment \`${RERUN_COMMAND}\` to analyze it now.`,
                },
            });
            return;
        }
        const { changed, files } = await changedPaths(s, pull);
        // The analysis judges with the base commit's config (src/data/config-trust.ts), which differs from
        // the default branch's for a pull request into another branch (release/1.x): plan with it. Without a
        // usable one there (missing, invalid, unreadable as a file) the bot cannot tell what the analysis
        // would see: it dispatches, and the run decides (or fails closed).
        const base = await s.readConfigAt(pull.baseSha);
        if (!base.ok)
            s.log.info(`${at}: cannot plan with the base commit's config: ${base.reason}`);
        const unplanned = base.ok ? undefined : base.reason;
        const planning = base.ok ? base.config : undefined;
        const plan = planning ? planChanges(planning, changed) : { datasets: [], augmentationChanged: [], untouched: false };
        const configChanged = changesConfig(changed);
        // GitHub lists at most 3,000 files: past that the list may miss the data; the analysis run diffs with git
        const truncated = files >= LIST_FILES_CAP;
        // a changed path inside a dataset's folders that is no data file may be a git submodule (its data is
        // in another repository): GitHub's list does not say, the analysis run does (and fails closed on one)
        const opaque = planning && plan.untouched && !configChanged && !truncated ? possibleSubmodules(planning, changed) : [];
        if (planning && plan.untouched && !configChanged && !truncated && opaque.length === 0) {
            s.log.info(`${at}: no dataset changes in ${plural(files, 'file')}`);
            await settle('no-changes', {
                conclusion: 'neutral',
                output: {
                    title: 'No dataset changes',
                    summary: `None of the ${plural(files, 'changed file')} is data, an augmentation config or a labels file of a dataset in \`${CONFIG_PATH}\` at the base commit \`${pull.baseSha.slice(0, 7)}\` (${planning.datasets
                        .map((d) => `**${d.name}**`)
                        .join(', ')}), so there is nothing to analyze.`,
                },
            });
            return;
        }
        const workflow = pull.fork && config.forkWorkflow !== undefined ? config.forkWorkflow : config.workflow;
        if (pull.fork && !req.rerun && config.forkWorkflow === undefined && config.forks === 'approve') {
            s.log.info(`${at}: pull request from a fork; waiting for a maintainer's ${RERUN_COMMAND}`);
            await settle('approval', {
                conclusion: 'action_required',
                detailsUrl: pull.htmlUrl ?? `${s.htmlUrl}/pull/${pull.number}`,
                output: {
                    title: 'Waiting for a maintainer to approve the analysis',
                    summary: `This pull request comes from a fork. Its data is analyzed on this repository's runners only after someone with write access has looked at it and comments \`${RERUN_COMMAND}\` (the policy \`bot.forks: approve\` in \`${CONFIG_PATH}\`; see docs/security.md).${truncated || opaque.length > 0 || unplanned !== undefined ? '' : `\n\nChanged datasets:\n${describePlan(plan, configChanged)}`}`,
                },
            });
            return;
        }
        const changedText = unplanned !== undefined
            ? `The base commit's config cannot say which datasets changed (${unplanned}); the analysis run reads it at \`${pull.baseSha.slice(0, 7)}\` and decides.`
            : truncated
                ? `The pull request changes ${files} or more files (GitHub lists at most ${LIST_FILES_CAP}); the analysis run finds the changed datasets with git.`
                : opaque.length > 0
                    ? `${plural(opaque.length, 'changed path')} inside a dataset's folders ${opaque.length === 1 ? 'is' : 'are'} no data file (e.g. \`${opaque[0]}\`); the analysis run checks with git whether ${opaque.length === 1 ? 'it is a submodule' : 'any is a submodule'} (data from another repository).`
                    : `Changed datasets:\n${describePlan(plan, configChanged)}`;
        const claim = await claimCheck(s, sha, trigger, () => createInProgressCheck(s.gh, repo, sha, externalId(trigger), {
            title: unplanned !== undefined || truncated || plan.untouched ? 'Analyzing' : `Analyzing ${plural(plan.datasets.length, 'dataset')}`,
            summary: `${changedText}\n\nThe analysis runs in the \`${workflow}\` workflow on \`${s.defaultBranch}\`.`,
        }));
        if (!claim.won)
            return;
        claimed = claim.check;
        // A rerun replaces analyses of this commit still in progress (older ones: a newer one replaced us).
        for (const old of existing.filter((c) => c.status !== 'completed' && c.id < claim.check.id)) {
            const p = parseExternalId(old.external_id);
            await completeCheck(s.gh, repo, { checkRunId: old.id, sha }, {
                conclusion: 'neutral',
                externalId: externalId(p?.trigger ?? 'pr', 'superseded'),
                output: { title: 'Superseded', summary: `A newer analysis of this commit was started (check run ${claim.check.id}).` },
            });
        }
        try {
            await s.octokit.rest.actions.createWorkflowDispatch({
                ...repo,
                workflow_id: workflow,
                ref: s.defaultBranch,
                inputs: { pr: String(pull.number), 'base-sha': pull.baseSha, 'head-sha': sha, 'check-run-id': String(claim.check.id) },
            });
        }
        catch (err) {
            const why = describeApiError(err, 'dispatch');
            s.log.warn(`${at}: ${why}`);
            // no analysis, no verdict: fail closed (a required check must not pass because the dispatch failed)
            await completeWithDuplicates(s, sha, claim.check, {
                conclusion: 'failure',
                externalId: externalId(trigger, 'error'),
                output: {
                    title: 'Could not start the analysis',
                    summary: `Dispatching \`.github/workflows/${workflow}\` on \`${s.defaultBranch}\` failed: ${why}.\n\nThe workflow must exist on the default branch and accept the inputs \`pr\`, \`base-sha\`, \`head-sha\` and \`check-run-id\`. Comment \`${RERUN_COMMAND}\` to try again.`,
                },
            });
            return;
        }
        s.log.info(`${at}: check ${claim.check.id} in progress; dispatched ${workflow} (${req.cause})`);
    }
    catch (err) {
        // never leave a required check hanging: best effort, then let Probot log the error
        const why = describeApiError(err, 'read');
        const c = {
            conclusion: 'failure',
            externalId: externalId(trigger, 'error'),
            output: { title: 'transfer-risk could not analyze this pull request', summary: `${why}\n\nComment \`${RERUN_COMMAND}\` to try again.` },
        };
        await (claimed ? completeWithDuplicates(s, sha, claimed, c) : completeCheck(s.gh, repo, { sha }, c)).catch(() => { });
        throw err;
    }
}
