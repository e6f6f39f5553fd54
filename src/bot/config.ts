/**
 * The part of `.github/transfer-risk.yml` the bot needs: which paths are datasets or augmentation
 * configs, the `fail-on` policy and the workflow to dispatch. Read from the default branch only
 * (Probot's `context.config`), so a pull request cannot change its own policy. Validation is the
 * shared one (`parseConfig` in src/data/config.ts), so the bot refuses exactly what the CLI and the
 * action refuse.
 */
import { stringify } from 'yaml';
import { parseConfig } from '../data/config.js';
import { InputError, errorMessage } from '../errors.js';
import type { FailOn } from '../contracts/index.js';

/** The name Probot's `context.config` takes: it reads `.github/transfer-risk.yml`. */
export const CONFIG_FILE = 'transfer-risk.yml';
export const CONFIG_PATH = `.github/${CONFIG_FILE}`;
export const DEFAULT_WORKFLOW = 'transfer-risk.yml';

export interface BotDataset {
  name: string;
  paths: string[];
  augmentation?: string;
}

export interface BotConfig {
  datasets: BotDataset[];
  failOn: FailOn;
  workflow: string;
}

export type BotConfigResult = { ok: true; config: BotConfig } | { ok: false; reason: string };

/** A workflow file name in .github/workflows (what `createWorkflowDispatch` takes as `workflow_id`) or a numeric id. */
const WORKFLOW_RE = /^(?:[A-Za-z0-9._-]+\.ya?ml|\d+)$/;

/**
 * Validates the parsed YAML (as `context.config()` returns it) and keeps what the bot needs.
 * Problems come back as one line naming the key.
 */
export function parseBotConfig(raw: unknown, file = CONFIG_PATH): BotConfigResult {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, reason: `${file}: expected a mapping at the top level` };
  }
  let text: string;
  try {
    text = stringify(raw);
  } catch (err) {
    return { ok: false, reason: `${file}: ${errorMessage(err)}` };
  }
  try {
    const config = parseConfig(text, file);
    const workflow = config.bot.workflow;
    if (!WORKFLOW_RE.test(workflow)) {
      return { ok: false, reason: `${file}: bot.workflow must be a workflow file name in .github/workflows (e.g. transfer-risk.yml), got ${JSON.stringify(workflow)}` };
    }
    return {
      ok: true,
      config: {
        datasets: config.datasets.map((d) => ({
          name: d.name,
          paths: d.paths,
          ...(d.augmentation !== undefined ? { augmentation: d.augmentation } : {}),
        })),
        failOn: config.failOn,
        workflow,
      },
    };
  } catch (err) {
    // parseConfig names a line of the text it parsed; that text is our re-serialization of the
    // merged config, not the file in the repository, so drop the line number.
    if (err instanceof InputError) return { ok: false, reason: `${file}: ${err.message.slice(err.file.length).replace(/^:(\d+:)?\s*/, '')}` };
    return { ok: false, reason: `${file}: ${errorMessage(err)}` };
  }
}
