/**
 * `merge`: checks that the shard files belong together (same revisions, config and sample; shards 1..n
 * each exactly once), unpacks their embeddings into an embedding cache and runs the ordinary pipeline on
 * the repository: every embedding is then a cache hit, so the merge does no model inference (it loads
 * the model once) and the merged report is the report an unsharded run would give, by construction.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyze } from '../analyze.js';
import { checkShards, expandShardArgs, readShardFile, unpackEmbeddings } from './format.js';
/** Merge one sharded run's shard files into the run's report. */
export async function mergeShards(opts) {
    const files = expandShardArgs(opts.shards);
    const shards = checkShards(files.map((file) => ({ file, shard: readShardFile(file) })));
    const s0 = shards[0].shard;
    const cacheDir = opts.cacheDir ?? mkdtempSync(path.join(os.tmpdir(), 'transfer-risk-merge-'));
    try {
        const entries = unpackEmbeddings(shards.map((s) => s.shard), cacheDir);
        opts.log.info(`merging ${shards.length} shard(s) of ${s0.base.sha.slice(0, 7)} → ${s0.head.sha.slice(0, 7)}: ${entries} embedding(s)`);
        const result = await analyze({
            repo: opts.repo,
            base: s0.base.sha,
            head: s0.head.sha,
            configPath: opts.configPath ?? s0.configPath,
            sampleSize: s0.sampleSize,
            ...(opts.failOn ? { failOn: opts.failOn } : {}),
            ...(opts.backend ? { backend: opts.backend } : {}),
            cacheDir,
            log: opts.log,
            progress: opts.progress,
        });
        result.report.base.ref = s0.base.ref;
        result.report.head.ref = s0.head.ref;
        result.report.meta.shards = shards.length;
        return result;
    }
    finally {
        if (opts.cacheDir === undefined)
            rmSync(cacheDir, { recursive: true, force: true });
    }
}
