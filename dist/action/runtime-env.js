/**
 * The Actions runtime variables (`ACTIONS_RUNTIME_TOKEN`, `ACTIONS_RESULTS_URL`, `ACTIONS_CACHE_URL`,
 * …) reach JavaScript actions but not the `run:` steps of a composite action. Our action.yml hands
 * them over through a private file (mode 0600 in RUNNER_TEMP, path in `TRANSFER_RISK_RUNTIME_FILE`)
 * instead of exporting them to the rest of the job; we read it once and delete it.
 */
import { readFileSync, rmSync } from 'node:fs';
import { errorText } from './util.js';
import { silentLogger } from '../log.js';
export const RUNTIME_KEYS = ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RUNTIME_URL', 'ACTIONS_RESULTS_URL', 'ACTIONS_CACHE_URL', 'ACTIONS_CACHE_SERVICE_V2'];
/** Copy the runtime variables from the hand-over file into `env` (existing values win). */
export function loadRuntimeEnv(env = process.env, log = silentLogger) {
    const file = env.TRANSFER_RISK_RUNTIME_FILE;
    if (!file)
        return [];
    const loaded = [];
    try {
        const data = JSON.parse(readFileSync(file, 'utf8'));
        for (const key of RUNTIME_KEYS) {
            const v = data[key];
            if (typeof v === 'string' && v !== '' && !env[key]) {
                env[key] = v;
                loaded.push(key);
            }
        }
    }
    catch (err) {
        log.warn(`cannot read the Actions runtime hand-over file: ${errorText(err)}; artifact upload and cache may be unavailable`);
    }
    finally {
        try {
            rmSync(file, { force: true });
        }
        catch {
            // already gone
        }
        delete env.TRANSFER_RISK_RUNTIME_FILE;
    }
    return loaded;
}
