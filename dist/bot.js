#!/usr/bin/env node
/**
 * `npm start`: the transfer-risk GitHub App on Probot's server (webhooks at /api/github/webhooks).
 *
 * Environment (Probot's): APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET, PORT, HOST,
 * GHE_HOST / GHE_PROTOCOL for GitHub Enterprise Server, LOG_LEVEL, WEBHOOK_PROXY_URL. A `.env` file in
 * the working directory is read too. `npm start -- --setup` starts Probot's setup page instead, which
 * registers the app from app.yml (the manifest flow) and writes the credentials to `.env`.
 */
import { existsSync } from 'node:fs';
import { run } from 'probot';
import { errorMessage } from './errors.js';
import { transferRiskBot } from './bot/app.js';
import { missingEnv, missingEnvMessage } from './bot/env.js';
async function main(argv) {
    if (existsSync('.env'))
        process.loadEnvFile('.env');
    const setup = argv.includes('--setup');
    if (!setup) {
        const missing = missingEnv(process.env);
        if (missing.length > 0) {
            process.stderr.write(`${missingEnvMessage(missing)}\n`);
            process.exit(2);
        }
    }
    await run(transferRiskBot());
}
main(process.argv.slice(2)).catch((err) => {
    process.stderr.write(`transfer-risk bot: ${errorMessage(err).split('\n')[0]}\n`);
    process.exit(1);
});
