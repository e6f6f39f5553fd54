/**
 * Fetching the `transfer-risk-report` artifact of a workflow run and reading `report.json` (or, when
 * the run found nothing to analyze, `status.json`) out of it.
 *
 * The artifact is untrusted input (the analysis ran on pull-request data): the download is capped
 * while streaming, the zip is read in memory (entry names are never used as file paths, and an
 * archive carrying a path-traversal name is refused outright), `report.json` has its own size cap,
 * and the JSON is schema-validated before anything renders from it. `comment.md` in the artifact is
 * ignored: the bot renders the comment itself from the validated report.
 */
import { unzipSync } from 'fflate';
import { errorMessage } from '../errors.js';
import { ARTIFACT_NAME, REPORT_ENTRY, STATUS_ENTRY, parseAnalysisStatus } from '../github/analysis-artifact.js';
import { validateReport } from '../report/validate.js';
export { ARTIFACT_NAME, REPORT_ENTRY, STATUS_ENTRY };
export const DEFAULT_LIMITS = {
    maxZipBytes: 20 * 1024 * 1024,
    maxReportBytes: 10 * 1024 * 1024,
    maxEntries: 1000,
};
const MB = (n) => `${(n / (1024 * 1024)).toFixed(n < 1024 * 1024 ? 2 : 0)} MB`;
/** A zip entry name that would escape the extraction directory if someone wrote it to disk. */
export function isUnsafeEntryName(name) {
    return (name === '' || name.startsWith('/') || name.includes('\\') || name.includes('\0') || /^[A-Za-z]:/.test(name) || name.split('/').some((seg) => seg === '..'));
}
/** Reads and validates `report.json` (else `status.json`) from an artifact zip held in memory. Never throws. */
export function readReportFromZip(zip, limits = DEFAULT_LIMITS) {
    if (zip.byteLength > limits.maxZipBytes) {
        return { ok: false, reason: `the artifact is larger than ${MB(limits.maxZipBytes)}` };
    }
    let entries = 0;
    let reportEntries = 0;
    let statusEntries = 0;
    let unsafe;
    let tooBig;
    let tooBigName = REPORT_ENTRY;
    let files;
    try {
        files = unzipSync(zip, {
            filter: (f) => {
                entries += 1;
                if (isUnsafeEntryName(f.name))
                    unsafe ??= f.name;
                if (f.name !== REPORT_ENTRY && f.name !== STATUS_ENTRY)
                    return false;
                if (f.name === REPORT_ENTRY)
                    reportEntries += 1;
                else
                    statusEntries += 1;
                if (f.originalSize > limits.maxReportBytes) {
                    tooBig = f.originalSize;
                    tooBigName = f.name;
                    return false;
                }
                return unsafe === undefined && entries <= limits.maxEntries;
            },
        });
    }
    catch (err) {
        return { ok: false, reason: `the artifact is not a readable zip archive (${errorMessage(err)})` };
    }
    if (unsafe !== undefined) {
        return { ok: false, reason: `the artifact contains an unsafe entry name ${JSON.stringify(unsafe.slice(0, 200))}` };
    }
    if (entries > limits.maxEntries) {
        return { ok: false, reason: `the artifact has more than ${limits.maxEntries} entries` };
    }
    if (reportEntries > 1)
        return { ok: false, reason: `the artifact has ${reportEntries} ${REPORT_ENTRY} entries` };
    if (statusEntries > 1)
        return { ok: false, reason: `the artifact has ${statusEntries} ${STATUS_ENTRY} entries` };
    if (reportEntries > 0 && statusEntries > 0)
        return { ok: false, reason: `the artifact has both ${REPORT_ENTRY} and ${STATUS_ENTRY}` };
    if (tooBig !== undefined) {
        return { ok: false, reason: `${tooBigName} in the artifact is larger than ${MB(limits.maxReportBytes)}` };
    }
    const entry = files[REPORT_ENTRY] !== undefined ? REPORT_ENTRY : STATUS_ENTRY;
    const bytes = files[entry];
    if (bytes === undefined)
        return { ok: false, reason: `the artifact has no ${REPORT_ENTRY}` };
    let json;
    try {
        json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    }
    catch (err) {
        return { ok: false, reason: `${entry} in the artifact is not valid JSON (${errorMessage(err)})` };
    }
    if (entry === STATUS_ENTRY) {
        const st = parseAnalysisStatus(json);
        return st.ok ? { ok: true, kind: 'no-changes', status: st.status } : st;
    }
    try {
        return { ok: true, kind: 'report', report: validateReport(json, `${REPORT_ENTRY} in the artifact`) };
    }
    catch (err) {
        return { ok: false, reason: errorMessage(err) };
    }
}
/** Reads a web ReadableStream (or a buffer) into memory, giving up past `max` bytes. */
async function readCapped(body, max) {
    if (body instanceof ArrayBuffer)
        return body.byteLength > max ? 'too-large' : new Uint8Array(body);
    if (body instanceof Uint8Array)
        return body.byteLength > max ? 'too-large' : body;
    if (typeof body === 'string') {
        const b = Buffer.from(body, 'binary');
        return b.byteLength > max ? 'too-large' : new Uint8Array(b);
    }
    if (body === null || body === undefined || typeof body.getReader !== 'function') {
        return new Uint8Array(0);
    }
    const reader = body.getReader();
    const chunks = [];
    let total = 0;
    for (;;) {
        const { done, value } = await reader.read();
        if (done)
            break;
        total += value.byteLength;
        if (total > max) {
            await reader.cancel().catch(() => { });
            return 'too-large';
        }
        chunks.push(value);
    }
    const out = new Uint8Array(total);
    let off = 0;
    for (const c of chunks) {
        out.set(c, off);
        off += c.byteLength;
    }
    return out;
}
/**
 * Finds the run's `transfer-risk-report` artifact, downloads it under the size cap and reads the
 * report. Missing, oversized or malformed artifacts come back as `{ok: false, reason}`; GitHub API
 * errors other than a missing artifact are thrown (the caller reports them).
 */
export async function fetchReport(octokit, run, limits = DEFAULT_LIMITS) {
    const { data } = await octokit.rest.actions.listWorkflowRunArtifacts({
        owner: run.owner,
        repo: run.repo,
        run_id: run.runId,
        name: ARTIFACT_NAME,
        per_page: 100,
    });
    const candidates = data.artifacts.filter((a) => a.name === ARTIFACT_NAME);
    if (candidates.length === 0) {
        return { ok: false, reason: `the workflow run uploaded no \`${ARTIFACT_NAME}\` artifact` };
    }
    const live = candidates.filter((a) => !a.expired);
    if (live.length === 0)
        return { ok: false, reason: `the \`${ARTIFACT_NAME}\` artifact has expired` };
    const artifact = live.reduce((a, b) => (b.id > a.id ? b : a));
    if (artifact.size_in_bytes > limits.maxZipBytes) {
        return { ok: false, reason: `the \`${ARTIFACT_NAME}\` artifact is larger than ${MB(limits.maxZipBytes)}` };
    }
    let res;
    try {
        res = await octokit.request('GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}', {
            owner: run.owner,
            repo: run.repo,
            artifact_id: artifact.id,
            archive_format: 'zip',
            request: { parseSuccessResponseBody: false },
        });
    }
    catch (err) {
        const status = err.status;
        if (status === 404 || status === 410) {
            return { ok: false, reason: `the \`${ARTIFACT_NAME}\` artifact could not be downloaded (HTTP ${status})` };
        }
        throw err;
    }
    const bytes = await readCapped(res.data, limits.maxZipBytes);
    if (bytes === 'too-large') {
        return { ok: false, reason: `the \`${ARTIFACT_NAME}\` artifact is larger than ${MB(limits.maxZipBytes)}` };
    }
    return readReportFromZip(bytes, limits);
}
