/** Complete the bot's check run (given as the dispatch input `check-run-id`) from the action. */
import { callApi } from '../github/octokit.js';
export async function completeCheckRun(octokit, o) {
    await callApi('check-run', () => octokit.rest.checks.update({
        owner: o.owner,
        repo: o.repo,
        check_run_id: o.checkRunId,
        status: 'completed',
        conclusion: o.conclusion,
        completed_at: new Date().toISOString(),
        ...(o.detailsUrl ? { details_url: o.detailsUrl } : {}),
        output: { title: o.title, summary: o.summary, ...(o.text ? { text: o.text } : {}) },
    }), `check run ${o.checkRunId}`);
}
