/** The environment `npm start` needs (Probot's variables), checked before Probot starts. */
/** Names of the required variables that are unset or malformed (empty counts as unset). */
export function missingEnv(env) {
    const missing = [];
    const set = (k) => typeof env[k] === 'string' && env[k].trim() !== '';
    if (!set('APP_ID'))
        missing.push('APP_ID');
    else if (!/^\d+$/.test(env.APP_ID.trim()))
        missing.push('APP_ID (must be the numeric app id)');
    if (!set('PRIVATE_KEY') && !set('PRIVATE_KEY_PATH'))
        missing.push('PRIVATE_KEY (or PRIVATE_KEY_PATH)');
    if (!set('WEBHOOK_SECRET'))
        missing.push('WEBHOOK_SECRET');
    return missing;
}
/** The one line `npm start` prints when the environment is incomplete. */
export function missingEnvMessage(missing) {
    return `transfer-risk bot: missing environment: ${missing.join(', ')}; set them (see docs/bot.md) or run \`npm start -- --setup\` to register the app from app.yml`;
}
