/**
 * `compare`: two table snapshots on disk → the report (DESIGN.md "Report JSON"), one tabular dataset.
 * Reads both sides (a deterministic bottom-k sample of `sampleSize` rows each; 0 = every row),
 * measures every shared column (src/stats/feature-drift.ts) and judges the risk.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { readTable } from './data/table/read.js';
import { sortFloat64 } from './data/table/radix-sort.js';
import { InputError, UserError, errorMessage } from './errors.js';
import { silentLogger } from './log.js';
import { measureColumns } from './stats/feature-drift.js';
import { SCENARIO_IDS, } from './report/types.js';
import { TOOL_NAME, TOOL_VERSION } from './version.js';
export const DEFAULT_SAMPLE_SIZE = 10000;
export const DEFAULT_SEED = 42;
/** sha256 of a file, hex */
export function sha256File(path) {
    const hash = createHash('sha256');
    const fd = openSync(path, 'r');
    try {
        const buf = Buffer.allocUnsafe(1 << 20);
        for (;;) {
            const n = readSync(fd, buf, 0, buf.length, null);
            if (n === 0)
                break;
            hash.update(buf.subarray(0, n));
        }
    }
    finally {
        closeSync(fd);
    }
    return hash.digest('hex');
}
function kinds(values) {
    let hasNumber = false;
    let hasText = false;
    for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (typeof v === 'number')
            hasNumber = true;
        else if (typeof v === 'string')
            hasText = true;
        if (hasNumber && hasText)
            break;
    }
    return { hasNumber, hasText };
}
/**
 * Columns that are categorical (some non-missing cell is not a number, on either side) but hold
 * cells the reader turned into numbers: those sides must be re-read keeping the raw text, so that
 * "1.0" and "1" stay two categories, as they are in the file.
 */
export function columnsNeedingText(base, head) {
    const out = { base: [], head: [] };
    for (const [name, bv] of base) {
        const hv = head.get(name);
        if (!hv)
            continue;
        const kb = kinds(bv);
        const kh = kinds(hv);
        if (!kb.hasText && !kh.hasText)
            continue;
        if (kb.hasNumber)
            out.base.push(name);
        if (kh.hasNumber)
            out.head.push(name);
    }
    return out;
}
async function readSide(path, sampleSize, seed, rawColumns) {
    return readTable({ path }, { sampleSize, seed, rowKeys: false, rawColumns, nanMissing: true });
}
/**
 * A numeric column (numbers and missing cells only) as a sorted array of doubles, missing cells as
 * NaN at the end; null when the column holds text. Every metric of a column is invariant under
 * reordering its values (columns are measured one by one), and the statistics sort their inputs:
 * handing them sorted data makes those sorts cheap, and a packed double array is compact.
 */
export function sortedNumeric(values) {
    const n = values.length;
    for (let i = 0; i < n; i++) {
        const v = values[i];
        if (typeof v !== 'number' && v !== null && v !== undefined)
            return null;
    }
    const f = new Float64Array(n);
    for (let i = 0; i < n; i++) {
        const v = values[i];
        f[i] = typeof v === 'number' ? v : NaN;
    }
    sortFloat64(f);
    const out = new Array(n);
    for (let i = 0; i < n; i++)
        out[i] = f[i];
    return out;
}
function presort(cols) {
    const out = new Map();
    for (const [name, values] of cols)
        out.set(name, sortedNumeric(values) ?? values);
    return out;
}
const LEVEL_SCORE = { low: 0, medium: 1, high: 2 };
/** Thresholds of the table-only data-drift rule. */
export const TABLE_RISK = {
    /** share of drifting features at or above which data drift is high */
    highShare: 0.3,
    /** PSI of a drifting feature at or above which data drift is high (the usual "significant shift") */
    highPsi: 0.25,
};
function fmt(x) {
    if (x === 0)
        return '0';
    if (Math.abs(x) >= 1000 || Math.abs(x) < 0.001)
        return x.toExponential(2);
    return x.toFixed(3);
}
/**
 * Risk for a table comparison (no model, no embeddings, no augmentation config): only data drift
 * applies. Level: high when at least 30% of the shared features drift or a drifting feature has
 * PSI ≥ 0.25; medium when any feature drifts; else low. Score: 0 with no drift, else
 * min(1, ⅔·max(share / 0.3, maxPsi / 0.25)) so that 2/3 marks the high boundary. The other three
 * scenarios are low with the evidence "not applicable to tables".
 */
export function tableOnlyRisk(features, onlyIn) {
    const drifting = features.filter((f) => f.drift).sort((a, b) => b.metrics.psi - a.metrics.psi);
    const share = features.length > 0 ? drifting.length / features.length : 0;
    const maxPsi = drifting.length > 0 ? drifting[0].metrics.psi : 0;
    let level = 'low';
    if (drifting.length > 0)
        level = share >= TABLE_RISK.highShare || maxPsi >= TABLE_RISK.highPsi ? 'high' : 'medium';
    const score = drifting.length === 0 ? 0 : Math.min(1, (2 / 3) * Math.max(share / TABLE_RISK.highShare, maxPsi / TABLE_RISK.highPsi));
    const evidence = [];
    evidence.push(`${drifting.length} of ${features.length} shared features drift (${(100 * share).toFixed(0)}%): significant after Benjamini–Hochberg and an effect size past its threshold.`);
    for (const f of drifting.slice(0, 5)) {
        const m = f.metrics;
        const parts = [`PSI ${fmt(m.psi)}`, `JS ${fmt(m.js)}`];
        if (f.kind === 'numeric') {
            if (m.wassersteinNormed !== undefined)
                parts.push(`normed Wasserstein ${fmt(m.wassersteinNormed)}`);
            if (m.ks)
                parts.push(`KS ${fmt(m.ks.statistic)}`);
        }
        else if (m.chi2)
            parts.push(`chi² ${fmt(m.chi2.statistic)} (dof ${m.chi2.dof})`);
        if (m.pAdjusted !== undefined)
            parts.push(`adjusted p ${fmt(m.pAdjusted)}`);
        let where = '';
        const s = f.summary;
        if (f.kind === 'numeric' && s?.base.mean !== undefined && s.head.mean !== undefined) {
            where = `; mean ${fmt(s.base.mean)} → ${fmt(s.head.mean)}`;
        }
        evidence.push(`${f.name} (${f.kind}): ${parts.join(', ')}${where}.`);
    }
    if (drifting.length > 5)
        evidence.push(`… and ${drifting.length - 5} more drifting features.`);
    const missingShift = features.filter((f) => {
        if (!f.missing)
            return false;
        const nb = f.summary ? f.summary.base.n + f.missing.base : 0;
        const nh = f.summary ? f.summary.head.n + f.missing.head : 0;
        return nb > 0 && nh > 0 && Math.abs(f.missing.head / nh - f.missing.base / nb) >= 0.05;
    });
    for (const f of missingShift.slice(0, 3)) {
        const nb = f.summary.base.n + f.missing.base;
        const nh = f.summary.head.n + f.missing.head;
        evidence.push(`${f.name}: missing values ${(100 * (f.missing.base / nb)).toFixed(1)}% → ${(100 * (f.missing.head / nh)).toFixed(1)}%.`);
    }
    if (onlyIn && onlyIn.base.length > 0)
        evidence.push(`Columns only in base (dropped): ${onlyIn.base.join(', ')}.`);
    if (onlyIn && onlyIn.head.length > 0)
        evidence.push(`Columns only in head (new): ${onlyIn.head.join(', ')}.`);
    const recommendations = [];
    if (level !== 'low') {
        const names = drifting.slice(0, 3).map((f) => f.name);
        recommendations.push(`Find the change that moved ${names.join(', ')} (new source, device, unit or ingestion step) before training on head.`);
        recommendations.push('Evaluate the model on a held-out slice of the head data, not only on base-like data.');
        if (level === 'high')
            recommendations.push('If the shift is intended, re-fit preprocessing statistics and fine-tune on data that covers it.');
    }
    const scenarios = SCENARIO_IDS.map((id) => id === 'data-drift'
        ? { id, level, score, evidence, recommendations }
        : { id, level: 'low', score: 0, evidence: ['not applicable to tables'], recommendations: [] });
    const overall = scenarios.reduce((acc, s) => (LEVEL_SCORE[s.level] > LEVEL_SCORE[acc] ? s.level : acc), 'low');
    return { level: overall, scenarios };
}
/** Compare two table files: the report for `compare --base … --head …`. */
export async function compareTables(basePath, headPath, opts = {}) {
    const started = process.hrtime.bigint();
    const sampleSize = opts.sampleSize ?? DEFAULT_SAMPLE_SIZE;
    const seed = opts.seed ?? DEFAULT_SEED;
    const log = opts.log ?? silentLogger;
    if (!Number.isInteger(sampleSize) || sampleSize < 0)
        throw new UserError(`--sample-size must be a whole number ≥ 0, got ${sampleSize}`);
    let base = await readSide(basePath, sampleSize, seed);
    log.info(`base ${basePath}: ${base.totalRows} rows, ${base.columns.size} columns (${base.format})`);
    let head = await readSide(headPath, sampleSize, seed);
    log.info(`head ${headPath}: ${head.totalRows} rows, ${head.columns.size} columns (${head.format})`);
    const needText = columnsNeedingText(base.columns, head.columns);
    if (needText.base.length > 0) {
        log.debug(`re-reading base for text columns: ${needText.base.join(', ')}`);
        base = await readSide(basePath, sampleSize, seed, needText.base);
    }
    if (needText.head.length > 0) {
        log.debug(`re-reading head for text columns: ${needText.head.join(', ')}`);
        head = await readSide(headPath, sampleSize, seed, needText.head);
    }
    const { features, onlyIn } = measureColumns(presort(base.columns), presort(head.columns));
    const risk = tableOnlyRisk(features, onlyIn);
    const rowsOf = (t) => {
        const first = t.columns.values().next();
        return first.done ? 0 : first.value.length;
    };
    let baseSha;
    let headSha;
    try {
        baseSha = sha256File(basePath);
        headSha = sha256File(headPath);
    }
    catch (err) {
        throw new InputError(basePath, `cannot hash (${errorMessage(err)})`);
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const report = {
        schemaVersion: 1,
        tool: { name: TOOL_NAME, version: TOOL_VERSION },
        createdAt: new Date().toISOString(),
        base: { ref: basePath, sha: baseSha },
        head: { ref: headPath, sha: headSha },
        meta: { sampleSize, seconds: Math.round(seconds * 1000) / 1000, seed, ...(opts.failOn ? { failOn: opts.failOn } : {}) },
        datasets: [
            {
                name: basename(headPath),
                modality: 'tabular',
                sample: { base: rowsOf(base), head: rowsOf(head) },
                total: { base: base.totalRows, head: head.totalRows },
                onlyIn,
                features,
                skipped: [],
            },
        ],
        risk,
    };
    return report;
}
