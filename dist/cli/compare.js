/**
 * `transfer-risk compare --base PATH --head PATH`: two snapshots on disk, either two table files
 * (CSV, TSV, JSON Lines, Parquet) or two folders of images, audio or text.
 */
import { statSync } from 'node:fs';
import { compareFolders, compareTables, DEFAULT_FOLDER_SAMPLE_SIZE, DEFAULT_SAMPLE_SIZE, DEFAULT_SEED } from '../compare.js';
import { BACKEND_NAMES } from '../contracts/index.js';
import { UserError } from '../errors.js';
import { checkCacheDir, checkOut, emitReport, FAIL_ON_OPTION, OUTPUT_OPTIONS } from './output.js';
/**
 * The embedding options of `analyze` (src/cli/analyze.ts), for folder comparisons. Written out here
 * rather than imported: importing the analyze command loads the image reader, which a table
 * comparison does not need (test/cli/compare-folders.test.ts checks that they stay the same).
 */
export const EMBEDDING_OPTIONS = [
    { name: 'cache-dir', type: 'string', value: 'DIR', description: 'embedding cache [default: $XDG_CACHE_HOME/transfer-risk or ~/.cache/transfer-risk]' },
    { name: 'no-cache', type: 'boolean', description: 'do not read or write the embedding cache' },
    {
        name: 'backend',
        type: 'string',
        value: 'NAME',
        choices: BACKEND_NAMES,
        default: 'auto',
        description: 'embedding engine (ONNX Runtime or TensorFlow.js)',
    },
];
export const LABEL_CHOICES = ['none', 'directory'];
export const MODALITY_CHOICES = ['auto', 'image', 'audio', 'text'];
/** 'folder', 'file', or undefined when the path does not exist (the reader then names the problem). */
function kindOf(p) {
    try {
        return statSync(p).isDirectory() ? 'folder' : 'file';
    }
    catch {
        return undefined;
    }
}
export const compareCommand = {
    name: 'compare',
    summary: 'Compare two snapshots on disk and print the drift report: two table files (CSV, TSV, JSON Lines, Parquet; .gz allowed) or two folders of images, audio or text.',
    usage: 'compare --base PATH --head PATH [--format json|md] [--sample-size N] [--out DIR] [--labels directory|none] [--backend NAME] [--cache-dir DIR]',
    options: [
        { name: 'base', type: 'string', value: 'PATH', required: true, description: 'the reference table file or folder' },
        { name: 'head', type: 'string', value: 'PATH', required: true, description: 'the new table file or folder (the same kind as --base)' },
        ...OUTPUT_OPTIONS,
        {
            name: 'sample-size',
            type: 'integer',
            value: 'N',
            description: `rows (tables) or files (folders) per side, bottom-k by hash; 0 = all [default: ${DEFAULT_SAMPLE_SIZE} rows, ${DEFAULT_FOLDER_SAMPLE_SIZE} files]`,
        },
        { name: 'seed', type: 'integer', value: 'N', default: DEFAULT_SEED, description: 'sampling seed' },
        { ...FAIL_ON_OPTION, default: 'high' },
        {
            name: 'labels',
            type: 'string',
            value: 'SOURCE',
            choices: LABEL_CHOICES,
            default: 'none',
            description: "folders: 'directory' takes each file's parent folder name as its label",
        },
        {
            name: 'modality',
            type: 'string',
            value: 'KIND',
            choices: MODALITY_CHOICES,
            default: 'auto',
            description: 'folders: the kind of files to read (auto: by extension)',
        },
        ...EMBEDDING_OPTIONS,
    ],
    details: 'Tables: columns are numeric when every non-missing cell parses as a number, else categorical; empty\n' +
        "cells and pandas' NA tokens are missing. Columns on one side only are listed in the report, not an error.\n" +
        'Folders: files are listed recursively (names starting with "." are skipped), sampled by relative path,\n' +
        'featurized, embedded with the built-in model and judged like `analyze`; unreadable files are listed\n' +
        'as skipped. --labels, --modality, --backend and --cache-dir apply to folders only.',
    async run(args, ctx) {
        const o = args.options;
        const failOn = o['fail-on'];
        await checkOut(o.out); // before the analysis, not after it
        if (!o['no-cache'])
            await checkCacheDir(o['cache-dir']);
        const base = o.base;
        const head = o.head;
        const kinds = { base: kindOf(base), head: kindOf(head) };
        const folders = kinds.base === 'folder' || kinds.head === 'folder';
        if (folders && kinds.base !== undefined && kinds.head !== undefined && kinds.base !== kinds.head) {
            throw new UserError(`--base ${base} is a ${kinds.base} but --head ${head} is a ${kinds.head}: compare two table files or two folders`);
        }
        const format = o.format;
        const out = o.out;
        if (!folders) {
            const report = await compareTables(base, head, {
                sampleSize: o['sample-size'] ?? DEFAULT_SAMPLE_SIZE,
                seed: o.seed,
                failOn,
                log: ctx.log,
                progress: ctx.progress,
            });
            return emitReport(report, ctx, { format, out, failOn });
        }
        const result = await compareFolders(base, head, {
            sampleSize: o['sample-size'] ?? DEFAULT_FOLDER_SAMPLE_SIZE,
            seed: o.seed,
            failOn,
            labels: o.labels,
            modality: o.modality,
            backend: o.backend,
            cacheDir: o['no-cache'] ? null : o['cache-dir'],
            log: ctx.log,
            progress: ctx.progress,
        });
        return emitReport(result.report, ctx, { format, out, failOn, extras: result.extras });
    },
};
