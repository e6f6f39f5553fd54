#!/usr/bin/env node
/**
 * `npm start`: the transfer-risk GitHub App (webhooks at /api/github/webhooks, `GET /ping` for health).
 *
 * Environment (Probot's): APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET, PORT, HOST,
 * GHE_HOST / GHE_PROTOCOL for GitHub Enterprise Server, LOG_LEVEL, LOG_FORMAT, WEBHOOK_PROXY_URL. A
 * `.env` file in the working directory is read too. `npm start -- --setup` starts Probot's setup page
 * instead, which registers the app from app.yml (the manifest flow) and writes the credentials to `.env`.
 */
import { existsSync } from 'node:fs';
import { run } from 'probot';
import { errorMessage } from './errors.js';
import { transferRiskBot } from './bot/app.js';
import { missingEnv, missingEnvMessage } from './bot/env.js';
import { startBotServer } from './bot/server.js';
async function main(argv) {
    if (existsSync('.env'))
        process.loadEnvFile('.env');
    if (argv.includes('--setup')) {
        // Probot's manifest flow: with no APP_ID it serves the setup page
        await run(transferRiskBot());
        return;
    }
    const missing = missingEnv(process.env);
    if (missing.length > 0) {
        process.stderr.write(`${missingEnvMessage(missing)}\n`);
        process.exit(2);
    }
    const bot = await startBotServer(transferRiskBot());
    const stop = () => {
        bot.close().then(() => process.exit(0), () => process.exit(1));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
}
main(process.argv.slice(2)).catch((err) => {
    process.stderr.write(`transfer-risk bot: ${errorMessage(err).split('\n')[0]}\n`);
    process.exit(1);
});
