/**
 * Upload the report files as the workflow artifact `transfer-risk-report` through `@actions/artifact`.
 * When artifact storage is not available (no `ACTIONS_RUNTIME_TOKEN`, e.g. outside Actions or on a
 * runner without it), warn and continue.
 */
import path from 'node:path';
import { errorText } from './util.js';
import { silentLogger } from '../log.js';
export const ARTIFACT_NAME = 'transfer-risk-report';
export function artifactStorageAvailable(env = process.env) {
    return Boolean(env.ACTIONS_RUNTIME_TOKEN && (env.ACTIONS_RESULTS_URL || env.ACTIONS_RUNTIME_URL));
}
/** The run page link: `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}`. */
export function runUrl(env = process.env) {
    const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
    if (!env.GITHUB_REPOSITORY || !env.GITHUB_RUN_ID)
        return undefined;
    return `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`;
}
/** Upload; undefined (with a warning) when storage is unavailable or the upload fails. */
export async function uploadReportArtifact(files, opts = {}) {
    const log = opts.log ?? silentLogger;
    const env = opts.env ?? process.env;
    if (!opts.uploader && !artifactStorageAvailable(env)) {
        log.warn(`artifact storage is not available (no ACTIONS_RUNTIME_TOKEN): not uploading ${ARTIFACT_NAME}`);
        return undefined;
    }
    try {
        const uploader = opts.uploader ?? (await import('@actions/artifact')).default;
        const root = path.dirname(files[0] ?? '.');
        const res = await uploader.uploadArtifact(ARTIFACT_NAME, files, root);
        const run = runUrl(env);
        const url = res.id !== undefined && run ? `${run}/artifacts/${res.id}` : undefined;
        log.info(`uploaded artifact ${ARTIFACT_NAME}${res.id !== undefined ? ` (id ${res.id})` : ''}`);
        return { ...(res.id !== undefined ? { id: res.id } : {}), ...(url ? { url } : {}) };
    }
    catch (err) {
        log.warn(`cannot upload artifact ${ARTIFACT_NAME}: ${errorText(err)}; continuing`);
        return undefined;
    }
}
