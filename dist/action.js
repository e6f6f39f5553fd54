/**
 * Entry of the GitHub Action (action.yml runs `node dist/action.js`). It exports `run()` and runs it
 * only when executed as the entry, so tools that import the module and call `run()` themselves (GitHub's
 * `@github/local-action`) work too.
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAction } from './action/run.js';
const ACTION_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Run the action once: inputs and event from the environment, failures through `core.setFailed`. */
export async function run() {
    const env = process.env;
    // The workspace may hold a pull request's files: nothing is ever resolved relative to it. The
    // process works from the action's own folder; the workspace is only read through git.
    env.GITHUB_WORKSPACE ||= process.cwd();
    try {
        process.chdir(ACTION_ROOT);
    }
    catch {
        // the action folder is not enterable (unusual): the workspace path is still explicit
    }
    await runAction();
}
function isEntry() {
    const argv1 = process.argv[1];
    if (!argv1)
        return false;
    try {
        return realpathSync(argv1) === realpathSync(fileURLToPath(import.meta.url));
    }
    catch {
        return false;
    }
}
if (isEntry())
    await run();
