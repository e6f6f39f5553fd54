/**
 * Sharded runs for large datasets: `transfer-risk embed --shard i/n` writes one shard file,
 * `transfer-risk merge --shards FILES|DIRS` merges them into the report (src/shard/ does the work).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { BACKEND_NAMES } from '../contracts/index.js';
import { embedShard } from '../shard/embed.js';
import { parseShardSpec } from '../shard/format.js';
import { mergeShards } from '../shard/merge.js';
import { checkCacheDir, checkOut, emitReport, FAIL_ON_OPTION, OUTPUT_OPTIONS } from './output.js';
import { UserError, errorMessage } from '../errors.js';
const COMMON = [
    { name: 'repo', type: 'string', value: 'DIR', default: '.', description: 'the repository (work tree or bare)' },
    { name: 'config', type: 'string', value: 'PATH', description: 'config path inside the repository [default: .github/transfer-risk.yml]' },
    { name: 'backend', type: 'string', value: 'NAME', choices: BACKEND_NAMES, default: 'auto', description: 'embedding engine (ONNX Runtime or TensorFlow.js)' },
    { name: 'cache-dir', type: 'string', value: 'DIR', description: 'embedding cache to use as well' },
];
export const embedCommand = {
    name: 'embed',
    summary: 'Embed one shard of the sample: the sampled items whose content hash falls in shard i of n.',
    usage: 'embed --repo DIR --base REF --head REF --shard i/n --out FILE [--config PATH] [--sample-size N] [--backend NAME]',
    options: [
        { name: 'base', type: 'string', value: 'REF', required: true, description: 'base revision' },
        { name: 'head', type: 'string', value: 'REF', required: true, description: 'head revision' },
        { name: 'shard', type: 'string', value: 'i/n', required: true, description: 'this shard (1-based) of n' },
        { name: 'out', type: 'string', value: 'FILE', required: true, description: 'the shard file to write' },
        { name: 'sample-size', type: 'integer', value: 'N', description: "items per side (overrides the config's sample.size); the same in every shard" },
        ...COMMON,
    ],
    details: 'Every shard draws the same sample; run `transfer-risk merge --shards …` on all n shard files.',
    async run(args, ctx) {
        const o = args.options;
        const shard = parseShardSpec(o.shard);
        await checkCacheDir(o['cache-dir']);
        const out = o.out;
        const { ensureDir } = await import('../report/write.js');
        await ensureDir(path.dirname(path.resolve(out)));
        const started = Date.now();
        const file = await embedShard({
            repo: o.repo,
            base: o.base,
            head: o.head,
            shard,
            ...(o.config !== undefined ? { configPath: o.config } : {}),
            ...(o['sample-size'] !== undefined ? { sampleSize: o['sample-size'] } : {}),
            backend: o.backend,
            ...(o['cache-dir'] !== undefined ? { cacheDir: o['cache-dir'] } : {}),
        }, ctx);
        try {
            writeFileSync(out, `${JSON.stringify(file)}\n`);
        }
        catch (err) {
            throw new UserError(`cannot write ${out}: ${errorMessage(err)}`);
        }
        const items = file.datasets.reduce((n, d) => n + d.items.length, 0);
        ctx.log.info(`wrote ${out}: shard ${shard.index}/${shard.count}, ${items} item(s), ${Object.keys(file.embeddings).length} embedding(s) in ${((Date.now() - started) / 1000).toFixed(1)}s`);
        return 0;
    },
};
export const mergeCommand = {
    name: 'merge',
    summary: 'Merge the shard files of one sharded run into the report.',
    usage: 'merge --shards FILE[,FILE…]|DIR --repo DIR [--out DIR] [--format json|md] [--fail-on LEVEL]',
    options: [
        { name: 'shards', type: 'string', value: 'LIST', required: true, description: 'shard files, comma-separated, or a directory of them' },
        ...COMMON,
        ...OUTPUT_OPTIONS,
        { ...FAIL_ON_OPTION, description: "exit 1 at this level; may only tighten the base config's fail-on" },
    ],
    details: 'The merge needs the repository (both revisions) and runs the pipeline with every embedding taken from the shards: no model inference, and the report of an unsharded run.',
    async run(args, ctx) {
        const o = args.options;
        await checkOut(o.out);
        await checkCacheDir(o['cache-dir']);
        const result = await mergeShards({
            shards: [o.shards, ...args.positionals],
            repo: o.repo,
            ...(o.config !== undefined ? { configPath: o.config } : {}),
            ...(o['fail-on'] !== undefined ? { failOn: o['fail-on'] } : {}),
            backend: o.backend,
            ...(o['cache-dir'] !== undefined ? { cacheDir: o['cache-dir'] } : {}),
            log: ctx.log,
            progress: ctx.progress,
        });
        const failOn = result.report.meta.failOn ?? result.config.failOn;
        return emitReport(result.report, ctx, { format: o.format, ...(o.out ? { out: o.out } : {}), failOn });
    },
};
