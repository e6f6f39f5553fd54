import { appendAnnotations, completeCheck, createInProgressCheck, OUTPUT_LIMITS, } from '../github/check-run.js';
import { describeApiError } from '../github/octokit.js';
import { annotationBatches, conclusionFor, renderCheckOutput } from '../report/check-output.js';
export class OwnCheck {
    octokit;
    target;
    id;
    log;
    constructor(octokit, target, id, log) {
        this.octokit = octokit;
        this.target = target;
        this.id = id;
        this.log = log;
    }
    /** Creates the check in progress; undefined (with a warning) when the token may not. */
    static async start(octokit, target, log) {
        try {
            const c = await createInProgressCheck(octokit, target, target.sha, target.externalId, { title: 'Analyzing', summary: 'transfer-risk is analyzing this commit.' }, target.detailsUrl);
            log.info(`check run ${c.id} created on ${target.sha.slice(0, 7)}`);
            return new OwnCheck(octokit, target, c.id, log);
        }
        catch (err) {
            log.warn(`${describeApiError(err, 'check-run')}; the job's status carries the verdict instead`);
            return undefined;
        }
    }
    /** Completes the check; never throws (a warning when it cannot). */
    async complete(conclusion, output, more = []) {
        const repo = { owner: this.target.owner, repo: this.target.repo };
        try {
            await completeCheck(this.octokit, repo, { checkRunId: this.id, sha: this.target.sha }, {
                conclusion,
                output,
                externalId: this.target.externalId,
                ...(this.target.detailsUrl ? { detailsUrl: this.target.detailsUrl } : {}),
            });
            await appendAnnotations(this.octokit, repo, this.id, output, more);
            this.log.info(`check run ${this.id} completed: ${conclusion}`);
        }
        catch (err) {
            this.log.warn(describeApiError(err, 'check-run', `check run ${this.id}`));
        }
    }
    /** The verdict: failure at or above fail-on, with the report's check output and annotations. */
    async completeWithReport(report, failOn, links) {
        const out = renderCheckOutput(report, { ...links, failOn });
        const [first, ...more] = annotationBatches(out.annotations, OUTPUT_LIMITS.annotations);
        await this.complete(conclusionFor(report, failOn), { title: out.title, summary: out.summary, ...(out.text ? { text: out.text } : {}), ...(first ? { annotations: first } : {}) }, more);
    }
}
