/**
 * Sharded runs: the pure parts in-process; the whole flow (`embed` ×2, `merge`, and an unsharded
 * `analyze` to compare with) through the built CLI (`npx tsc -p tsconfig.json` first).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { checkShards, expandShardArgs, parseShardSpec, readShardFile, shardOf, unpackEmbeddings, type ShardFile } from '../../src/shard/format.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'dist/cli.js');

function shardFile(index: number, count: number, over: Partial<ShardFile> = {}): ShardFile {
  return {
    format: 'transfer-risk-shard',
    version: 1,
    tool: { name: 'transfer-risk', version: '0' },
    createdAt: '2026-01-01T00:00:00Z',
    shard: { index, count },
    base: { ref: 'main', sha: 'a'.repeat(40) },
    head: { ref: 'pr', sha: 'b'.repeat(40) },
    configPath: '.github/transfer-risk.yml',
    sampleSize: 10,
    seed: 1,
    fingerprint: 'fp',
    datasets: [],
    embeddings: {},
    ...over,
  };
}

describe('parseShardSpec', () => {
  it('reads i/n', () => {
    expect(parseShardSpec('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShardSpec(' 1 / 1 ')).toEqual({ index: 1, count: 1 });
  });
  it('rejects the rest with one line', () => {
    expect(() => parseShardSpec('0/4')).toThrow('--shard: i must be between 1 and 4, got 0');
    expect(() => parseShardSpec('5/4')).toThrow('--shard: i must be between 1 and 4, got 5');
    expect(() => parseShardSpec('1/0')).toThrow(/n must be between 1 and 1024/);
    expect(() => parseShardSpec('2')).toThrow('--shard must look like i/n (e.g. 2/4), got "2"');
  });
});

describe('shardOf', () => {
  it('is deterministic, in 1..n and roughly balanced', () => {
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) {
      const s = shardOf(`blob-${i}`, 4);
      expect(s).toBe(shardOf(`blob-${i}`, 4));
      counts[s - 1]!++;
    }
    // binomial(4000, 1/4): mean 1000, sd ≈ 27; ±150 is > 5 sd
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(150);
    expect(shardOf('x', 1)).toBe(1);
  });
});

describe('checkShards / readShardFile / expandShardArgs / unpackEmbeddings', () => {
  it('wants each shard 1..n exactly once, all from one run', () => {
    const ok = checkShards([
      { file: 'b', shard: shardFile(2, 2) },
      { file: 'a', shard: shardFile(1, 2) },
    ]);
    expect(ok.map((s) => s.file)).toEqual(['a', 'b']);
    expect(() => checkShards([{ file: 'a', shard: shardFile(1, 3) }])).toThrow('missing shards 2/3, 3/3');
    expect(() =>
      checkShards([
        { file: 'a', shard: shardFile(1, 2) },
        { file: 'a2', shard: shardFile(1, 2) },
      ]),
    ).toThrow('shard 1/2 given twice: a and a2');
    expect(() =>
      checkShards([
        { file: 'a', shard: shardFile(1, 2) },
        { file: 'b', shard: shardFile(2, 2, { fingerprint: 'other' }) },
      ]),
    ).toThrow('b is from another run than a (revisions, config, sample size or shard count differ)');
    expect(() => checkShards([])).toThrow(/no shard files given/);
  });

  it('refuses foreign files and entries that would escape the cache dir', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tr-shard-'));
    const write = (name: string, data: unknown): string => {
      const f = path.join(dir, name);
      writeFileSync(f, JSON.stringify(data));
      return f;
    };
    expect(() => readShardFile(write('r.json', { schemaVersion: 1 }))).toThrow(/is not a transfer-risk shard file/);
    expect(() => readShardFile(write('v.json', { ...shardFile(1, 1), version: 2 }))).toThrow(/shard format version 2, this build reads 1/);
    expect(() => readShardFile(write('t.json', shardFile(1, 1, { embeddings: { '../../etc/x.bin': 'AAAA' } })))).toThrow(
      /unexpected embedding entry "..\/..\/etc\/x.bin"/,
    );
    expect(() => readShardFile(path.join(dir, 'none.json'))).toThrow(/^cannot read shard/);
    const good = write('s1.json', shardFile(1, 1));
    expect(readShardFile(good).shard).toEqual({ index: 1, count: 1 });
    mkdirSync(path.join(dir, 'sub'));
    writeFileSync(path.join(dir, 'sub', 'b.json'), '{}');
    writeFileSync(path.join(dir, 'sub', 'a.json'), '{}');
    writeFileSync(path.join(dir, 'sub', 'notes.txt'), '');
    expect(expandShardArgs([`${good},${path.join(dir, 'sub')}`])).toEqual([good, path.join(dir, 'sub', 'a.json'), path.join(dir, 'sub', 'b.json')]);
  });

  it('unpacks embedding entries into the cache layout', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tr-shard-cache-'));
    const key = 'ab' + 'c'.repeat(62);
    const n = unpackEmbeddings([shardFile(1, 1, { embeddings: { [`embeddings/v1/ab/${key}.bin`]: Buffer.from('hello').toString('base64') } })], dir);
    expect(n).toBe(1);
    expect(readFileSync(path.join(dir, 'embeddings', 'v1', 'ab', `${key}.bin`), 'utf8')).toBe('hello');
  });
});

// ---------------------------------------------------------------------------------------------

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' },
  }).trim();
}

async function image(i: number, dark: boolean): Promise<Buffer> {
  const s = 32;
  const d = Buffer.alloc(s * s * 3);
  for (let k = 0; k < d.length; k++) d[k] = Math.max(0, Math.min(255, (dark ? 60 : 150) + ((k * 7 + i * 13) % 50) + (dark ? ((k * 31) % 90) - 45 : 0)));
  return sharp(d, { raw: { width: s, height: s, channels: 3 } })
    .png()
    .toBuffer();
}

function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('embed --shard i/n and merge (built CLI)', () => {
  let root: string;
  let repo: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npx tsc -p tsconfig.json\` first`);
    root = mkdtempSync(path.join(os.tmpdir(), 'tr-shard-e2e-'));
    repo = path.join(root, 'repo');
    mkdirSync(path.join(repo, '.github'), { recursive: true });
    git(repo, 'init', '-q', '-b', 'main');
    writeFileSync(
      path.join(repo, '.github/transfer-risk.yml'),
      'datasets:\n  - name: parts\n    paths: ["data/**"]\n    modality: image\n    labels: directory\nsample: {size: 8, seed: 3}\nfail-on: none\n',
    );
    const names: string[] = [];
    for (let i = 0; i < 10; i++) {
      const n = `data/${i % 2 ? 'a' : 'b'}/${i}.png`;
      mkdirSync(path.join(repo, path.dirname(n)), { recursive: true });
      writeFileSync(path.join(repo, n), await image(i, false));
      names.push(n);
    }
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'base');
    for (let i = 0; i < 10; i++) writeFileSync(path.join(repo, names[i]!), await image(i, true));
    git(repo, 'commit', '-q', '-am', 'head');
    env = { PATH: process.env.PATH, HOME: root, XDG_CACHE_HOME: path.join(root, 'xdg') };
  }, 60_000);

  it('shards partition the sample; the merge does no inference and equals an unsharded run', async () => {
    const common = ['--repo', repo, '--base', 'HEAD~1', '--head', 'HEAD', '--backend', 'wasm'];
    const outs = [1, 2].map((i) => path.join(root, 'shards', `shard-${i}.json`));
    for (const [i, out] of outs.entries()) {
      const r = await cli(['embed', ...common, '--shard', `${i + 1}/2`, '--out', out, '--cache-dir', path.join(root, `cache-${i}`)], env);
      expect({ code: r.code, err: r.code === 0 ? '' : r.stderr }).toEqual({ code: 0, err: '' });
    }
    const shards = outs.map((f) => JSON.parse(readFileSync(f, 'utf8')) as ShardFile);
    const ids = shards.flatMap((s) => s.datasets[0]!.items.map((it) => `${it.side}:${it.id}`));
    const sample = shards[0]!.datasets[0]!.sample;
    expect(sample).toEqual({ base: 8, head: 8 });
    expect(new Set(ids).size).toBe(ids.length); // disjoint
    expect(ids).toHaveLength(sample.base + sample.head); // complete
    for (const s of shards) {
      // one embedding entry per distinct content hash in the shard
      expect(Object.keys(s.embeddings)).toHaveLength(new Set(s.datasets[0]!.items.map((it) => it.contentHash)).size);
      for (const it of s.datasets[0]!.items) expect(shardOf(it.contentHash, 2)).toBe(s.shard.index);
    }

    const merged = await cli(['merge', '--shards', path.join(root, 'shards'), '--repo', repo, '--backend', 'wasm', '--out', path.join(root, 'out')], env);
    expect({ code: merged.code, err: merged.code === 0 ? '' : merged.stderr }).toEqual({ code: 0, err: '' });
    const m = JSON.parse(merged.stdout) as { meta: Record<string, unknown>; createdAt: string };
    expect(readdirSync(path.join(root, 'out')).sort()).toEqual(['comment.md', 'report.html', 'report.json']);
    expect(m.meta.shards).toBe(2);
    // every embedding came from the shards (when the pipeline reports its cache use)
    if (m.meta.cache) expect(m.meta.cache).toEqual({ hits: 16, misses: 0 });

    const single = await cli(['analyze', ...common, '--format', 'json', '--cache-dir', path.join(root, 'cache-single')], env);
    expect({ code: single.code, err: single.code === 0 ? '' : single.stderr }).toEqual({ code: 0, err: '' });
    const u = JSON.parse(single.stdout) as typeof m;
    const strip = (r: typeof m): unknown => {
      const c = JSON.parse(JSON.stringify(r)) as typeof m;
      delete (c as Partial<typeof m>).createdAt;
      for (const k of ['seconds', 'cache', 'shards', 'imagesPerSecond']) delete c.meta[k];
      return c;
    };
    expect(strip(m)).toEqual(strip(u));

    // a shard missing: one clear line, exit 2
    const partial = await cli(['merge', '--shards', outs[0]!, '--repo', repo], env);
    expect(partial.code).toBe(2);
    expect(partial.stderr.trim()).toBe('transfer-risk: missing shard 2/2');
  }, 240_000);
});
