/**
 * `.github/transfer-risk.yml` as the bot reads it: the default branch's (Probot's `context.config`)
 * decides the bot's own settings (`bot.*`, `fail-on` of the published verdict), and the pull request's
 * base revision's (`parseConfigText`, read at `base.sha` through the contents API) decides which
 * datasets a change touches, as it decides what the analysis judges (src/data/config-trust.ts): a pull
 * request cannot change how it is judged. Validation is the shared one (`parseConfig` in
 * src/data/config.ts) and so is the planner (`planChanges` in src/data/plan.ts): the bot refuses what
 * the CLI and the action refuse and sees the same datasets touched.
 */
import { stringify } from 'yaml';
import { parseConfig } from '../data/config.js';
import { InputError, errorMessage } from '../errors.js';
/** The name Probot's `context.config` takes: it reads `.github/transfer-risk.yml`. */
export const CONFIG_FILE = 'transfer-risk.yml';
export const CONFIG_PATH = `.github/${CONFIG_FILE}`;
export const DEFAULT_WORKFLOW = 'transfer-risk.yml';
/** A workflow file name in .github/workflows (what `createWorkflowDispatch` takes as `workflow_id`) or a numeric id. */
const WORKFLOW_RE = /^(?:[A-Za-z0-9._-]+\.ya?ml|\d+)$/;
/**
 * Validates the parsed YAML (as `context.config()` returns it) and keeps what the bot needs.
 * Problems come back as one line naming the key.
 */
export function parseBotConfig(raw, file = CONFIG_PATH) {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
        return { ok: false, reason: `${file}: expected a mapping at the top level` };
    }
    let text;
    try {
        text = stringify(raw);
    }
    catch (err) {
        return { ok: false, reason: `${file}: ${errorMessage(err)}` };
    }
    try {
        const config = parseConfig(text, file);
        const { workflow, forks, forkWorkflow } = config.bot;
        for (const [key, value] of [
            ['workflow', workflow],
            ['fork-workflow', forkWorkflow],
        ]) {
            if (value !== undefined && !WORKFLOW_RE.test(value)) {
                return {
                    ok: false,
                    reason: `${file}: bot.${key} must be a workflow file name in .github/workflows (e.g. transfer-risk.yml), got ${JSON.stringify(value)}`,
                };
            }
        }
        return {
            ok: true,
            config: { config, failOn: config.failOn, workflow, forks: forks ?? 'approve', ...(forkWorkflow !== undefined ? { forkWorkflow } : {}) },
        };
    }
    catch (err) {
        // parseConfig names a line of the text it parsed; that text is our re-serialization of the
        // merged config, not the file in the repository, so drop the line number.
        if (err instanceof InputError)
            return { ok: false, reason: `${file}: ${err.message.slice(err.file.length).replace(/^:(\d+:)?\s*/, '')}` };
        return { ok: false, reason: `${file}: ${errorMessage(err)}` };
    }
}
/**
 * The config file's text at a revision (the base commit of a pull request), validated as the analysis
 * validates it (`parseConfig`: same text, so errors keep their line). Problems come back as one line.
 */
export function parseConfigText(text, file = CONFIG_PATH) {
    try {
        return { ok: true, config: parseConfig(text, file) };
    }
    catch (err) {
        return { ok: false, reason: errorMessage(err).split('\n')[0] };
    }
}
/** The workflows whose runs may carry a verdict: the configured one and the fork workflow. */
export function analysisWorkflows(c) {
    if (!c)
        return [DEFAULT_WORKFLOW];
    return c.forkWorkflow !== undefined ? [c.workflow, c.forkWorkflow] : [c.workflow];
}
