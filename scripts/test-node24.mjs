#!/usr/bin/env node
/**
 * `npm run test:node24`: the suites that depend on the Node.js version, run under Node.js 24, the
 * runtime action.yml declares (`runs.using: node24`). `npm test` runs on whatever Node the machine has
 * (20 here), so without this the action's own runtime never ran in CI, and the branches that only
 * exist on newer Node (ZSTD Parquet pages need zlib.zstdDecompressSync, Node >= 22.15) were tested
 * only for their refusal.
 *
 * Node 24 comes from the npm registry (the `node-<platform>-<arch>` package, an official build), the
 * one registry CI reaches; it is unpacked once into node_modules/.cache and reused. On a machine whose
 * own Node is already 24 or newer that Node is used and nothing is fetched. `$NODE24` points at a
 * Node 24 binary to use instead.
 *
 * The suites: the e2e tests spawn the built entries (dist/action.js, dist/cli.js, dist/bot.js) with
 * process.execPath, so they run the shipped action on Node 24; the native addons (onnxruntime-node,
 * sharp) load there; the pyarrow Parquet fixtures exercise every codec, ZSTD included.
 * Extra arguments go to jest (`npm run test:node24 -- -t zstd`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const VERSION = '24.22.3';
const SUITES = [
  'test/e2e/action.test.ts',
  'test/e2e/action-packaging.test.ts',
  'test/e2e/bot.test.ts',
  'test/e2e/repo-models.test.ts',
  'test/cli/e2e.test.ts',
  'test/data/table/parquet-writers.test.ts',
  'test/embed/builtin-onnx.test.ts',
  'test/embed/onnx-models.test.ts',
  'test/package/engines.test.ts',
];

function fail(message) {
  console.error(`test:node24: ${message}`);
  process.exit(2);
}

function packageName() {
  const platform = process.platform === 'win32' ? 'win' : process.platform;
  return `node-${platform}-${process.arch}`;
}

function fetchNode() {
  const dir = join(ROOT, 'node_modules', '.cache', 'transfer-risk', `node-${VERSION}`);
  const bin = join(dir, 'package', 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  if (existsSync(bin)) return bin;
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const spec = `${packageName()}@${VERSION}`;
  console.log(`test:node24: fetching ${spec} from the npm registry`);
  try {
    execFileSync('npm', ['pack', spec, '--pack-destination', tmp, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
    const tgz = readdirSync(tmp).find((f) => f.endsWith('.tgz'));
    if (!tgz) throw new Error(`npm pack left no tarball in ${tmp}`);
    execFileSync('tar', ['-xzf', tgz], { cwd: tmp, stdio: 'inherit' });
    rmSync(join(tmp, tgz));
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    fail(`could not fetch ${spec} (${err.message.split('\n')[0]}); set $NODE24 to a Node.js 24 binary`);
  }
  mkdirSync(dirname(dir), { recursive: true });
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  if (!existsSync(bin)) fail(`${spec} holds no ${bin.slice(dir.length + 1)}`);
  return bin;
}

function nodeBinary() {
  if (process.env.NODE24) return process.env.NODE24;
  if (Number(process.versions.node.split('.')[0]) >= 24) return process.execPath;
  return fetchNode();
}

const node = nodeBinary();
const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
if (Number(version.replace(/^v/, '').split('.')[0]) < 24) fail(`${node} is ${version}, not Node.js 24 or newer`);
console.log(`test:node24: ${SUITES.length} suites on Node.js ${version} (${node})`);
const run = spawnSync(node, ['--experimental-vm-modules', join(ROOT, 'node_modules/jest/bin/jest.js'), ...SUITES, ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
});
if (run.error) fail(`could not start ${node}: ${run.error.message}`);
process.exit(run.status ?? 1);
