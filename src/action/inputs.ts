/** The action's inputs (action.yml), read from the `INPUT_*` environment and validated. */
import { UserError } from '../errors.js';
import { BACKEND_NAMES, type BackendName, type FailOn } from '../contracts/index.js';

export interface ActionInputs {
  token: string;
  /** config path inside the repository */
  config: string;
  /** undefined: the repository's policy */
  failOn?: FailOn;
  comment: boolean;
  backend: BackendName;
  /** undefined: the config's sample.size; 0: every item */
  sampleSize?: number;
  cache: boolean;
  /**
   * create the action's own `transfer-risk` check run with the verdict (needs `checks: write`); never
   * on the bot's dispatch, whose check belongs to the bot
   */
  checkRun: boolean;
  /**
   * publish mode: an existing report.json (e.g. from a `transfer-risk-report` artifact or a sharded
   * merge) to post as comment, summary and outputs, without analyzing
   */
  report?: string;
}

const FAIL_ONS: readonly FailOn[] = ['none', 'medium', 'high'];

/**
 * The raw input, trimmed: `INPUT_<NAME upper-cased, spaces → _>` as the runner passes it to a node
 * action, else the same name with `-` → `_` (what our composite action.yml sets, since environment
 * names with `-` are awkward in YAML and shells).
 */
export function rawInput(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const key = `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
  return (env[key] || env[key.replace(/-/g, '_')] || '').trim();
}

function bool(name: string, value: string, dflt: boolean): boolean {
  if (value === '') return dflt;
  if (/^(true|yes|on|1)$/i.test(value)) return true;
  if (/^(false|no|off|0)$/i.test(value)) return false;
  throw new UserError(`input ${name} must be true or false, got "${value}"`);
}

export function readInputs(env: NodeJS.ProcessEnv = process.env): ActionInputs {
  const token = rawInput('github-token', env) || env.GITHUB_TOKEN || '';
  const config = rawInput('config', env) || '.github/transfer-risk.yml';
  const failOnRaw = rawInput('fail-on', env).toLowerCase();
  if (failOnRaw !== '' && !(FAIL_ONS as readonly string[]).includes(failOnRaw)) {
    throw new UserError(`input fail-on must be one of ${FAIL_ONS.join(', ')}, got "${failOnRaw}"`);
  }
  const backendRaw = (rawInput('backend', env) || 'auto').toLowerCase();
  if (!(BACKEND_NAMES as readonly string[]).includes(backendRaw)) {
    throw new UserError(`input backend must be one of ${BACKEND_NAMES.join(', ')}, got "${backendRaw}"`);
  }
  const sizeRaw = rawInput('sample-size', env);
  let sampleSize: number | undefined;
  if (sizeRaw !== '') {
    if (!/^\d+$/.test(sizeRaw) || !Number.isSafeInteger(Number(sizeRaw))) {
      throw new UserError(`input sample-size must be a whole number (0 = every item), got "${sizeRaw}"`);
    }
    sampleSize = Number(sizeRaw);
  }
  if (config.startsWith('/') || config.split(/[\\/]/).includes('..')) {
    throw new UserError(`input config must be a path inside the repository, got "${config}"`);
  }
  const report = rawInput('report', env);
  return {
    token,
    config,
    ...(failOnRaw ? { failOn: failOnRaw as FailOn } : {}),
    comment: bool('comment', rawInput('comment', env), true),
    backend: backendRaw as BackendName,
    ...(sampleSize !== undefined ? { sampleSize } : {}),
    cache: bool('cache', rawInput('cache', env), true),
    checkRun: bool('check-run', rawInput('check-run', env), false),
    ...(report ? { report } : {}),
  };
}
