/* eslint-disable @typescript-eslint/no-explicit-any -- webhook payloads and API bodies are free-form JSON */
/** Shared fixtures for the bot's tests: webhook payloads, a private key, reports and artifact zips. */
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { strToU8, zipSync } from 'fflate';
import type { Level, Report } from '../../src/contracts/index.js';

const require = createRequire(import.meta.url);

interface ExampleGroup {
  name: string;
  examples: Array<Record<string, unknown> & { action?: string }>;
}

let examples: ExampleGroup[] | undefined;
/** A deep copy of an example payload from @octokit/webhooks-examples. */
export function example(event: string, action: string, pick: (p: Record<string, unknown>) => boolean = () => true): Record<string, any> {
  examples ??= JSON.parse(readFileSync(require.resolve('@octokit/webhooks-examples'), 'utf8')) as ExampleGroup[];
  const group = examples.find((g) => g.name === event);
  const found = group?.examples.find((e) => e.action === action && pick(e));
  if (!found) throw new Error(`no ${event}.${action} example in @octokit/webhooks-examples`);
  return structuredClone(found) as Record<string, any>;
}

export const OWNER = 'Codertocat';
export const REPO = 'Hello-World';
export const INSTALLATION_ID = 4242;
export const APP_ID = 123;
export const BASE_SHA = 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e';
export const HEAD_SHA = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';
export const NEWER_SHA = '1111111111111111111111111111111111111111';
export const DEFAULT_BRANCH_SHA = '2222222222222222222222222222222222222222';
export const PR_NUMBER = 2;

let key: string | undefined;
export function privateKey(): string {
  key ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  return key;
}

/** The repository object every payload gets (the pull_request example's), default branch `master`. */
function repository(): Record<string, any> {
  return example('pull_request', 'opened').repository;
}

export function pullRequestPayload(
  action: 'opened' | 'synchronize' | 'reopened' | 'ready_for_review' = 'opened',
  over: { headSha?: string; draft?: boolean; number?: number; headRepo?: string | null } = {},
) {
  const p = example('pull_request', action);
  p.repository = repository();
  p.installation = { id: INSTALLATION_ID };
  p.number = over.number ?? PR_NUMBER;
  p.pull_request.number = p.number;
  p.pull_request.head.sha = over.headSha ?? HEAD_SHA;
  p.pull_request.base.sha = BASE_SHA;
  p.pull_request.draft = over.draft ?? false;
  p.pull_request.state = 'open';
  if (over.headRepo === null) p.pull_request.head.repo = null;
  else if (over.headRepo !== undefined) p.pull_request.head.repo = { ...p.pull_request.head.repo, full_name: over.headRepo, name: over.headRepo.split('/')[1] };
  return p;
}

export interface RunOver {
  conclusion?: string | null;
  branch?: string;
  headRepository?: string;
  headSha?: string;
  title?: string | null;
  path?: string;
  event?: string;
  pullRequests?: unknown[];
  runId?: number;
  attempt?: number;
}

export const RUN_ID = 9001;
export const RUN_URL = `https://github.com/${OWNER}/${REPO}/actions/runs/${RUN_ID}`;

/** workflow_run.completed of the dispatched workflow: title carries PR, head SHA and check id. */
export function workflowRunPayload(over: RunOver = {}, checkRunId = 77) {
  const p = example('workflow_run', 'completed', (e) => (e as any).workflow_run?.conclusion === 'success');
  p.repository = repository();
  p.installation = { id: INSTALLATION_ID };
  const r = p.workflow_run;
  const runId = over.runId ?? RUN_ID;
  r.id = runId;
  r.run_number = 5;
  r.run_attempt = over.attempt ?? 1;
  r.html_url = `https://github.com/${OWNER}/${REPO}/actions/runs/${runId}`;
  r.path = over.path ?? '.github/workflows/transfer-risk.yml';
  r.name = 'transfer-risk';
  r.event = over.event ?? 'workflow_dispatch';
  r.conclusion = over.conclusion === undefined ? 'success' : over.conclusion;
  r.status = 'completed';
  r.head_sha = over.headSha ?? DEFAULT_BRANCH_SHA;
  r.head_branch = over.branch ?? 'master';
  r.repository = p.repository;
  r.head_repository = over.headRepository ? { ...p.repository, full_name: over.headRepository } : p.repository;
  r.display_title = over.title === undefined ? `transfer-risk PR #${PR_NUMBER} head ${HEAD_SHA} check ${checkRunId}` : over.title;
  r.pull_requests = over.pullRequests ?? [];
  return p;
}

export function checkRunRerequestedPayload(over: { appId?: number; name?: string; pullRequests?: unknown[]; checkRunId?: number; sender?: string } = {}) {
  const p = example('check_run', 'rerequested');
  p.repository = repository();
  p.installation = { id: INSTALLATION_ID };
  p.check_run.id = over.checkRunId ?? 77;
  p.check_run.name = over.name ?? 'transfer-risk';
  p.check_run.head_sha = HEAD_SHA;
  p.check_run.app = { ...(p.check_run.app ?? {}), id: over.appId ?? APP_ID };
  p.check_run.pull_requests = over.pullRequests ?? [];
  p.sender = { ...p.sender, login: over.sender ?? 'maintainer' };
  return p;
}

/** check_suite.rerequested ("Re-run all checks") of our app's suite on the head commit. */
export function checkSuiteRerequestedPayload(over: { appId?: number; pullRequests?: unknown[]; updatedAt?: string; sender?: string } = {}) {
  const p = example('check_suite', 'rerequested');
  p.repository = repository();
  p.installation = { id: INSTALLATION_ID };
  p.check_suite.head_sha = HEAD_SHA;
  p.check_suite.app = { ...p.check_suite.app, id: over.appId ?? APP_ID };
  p.check_suite.pull_requests = over.pullRequests ?? [];
  p.check_suite.updated_at = over.updatedAt ?? '2026-11-27T12:00:00Z';
  p.sender = { ...p.sender, login: over.sender ?? 'maintainer', type: 'User' };
  return p;
}

export function issueCommentPayload(body: string, over: { onPullRequest?: boolean; userType?: string; login?: string } = {}) {
  const p = example('issue_comment', 'created');
  p.repository = repository();
  p.installation = { id: INSTALLATION_ID };
  p.issue.number = PR_NUMBER;
  if (over.onPullRequest ?? true) p.issue.pull_request = { url: `https://api.github.com/repos/${OWNER}/${REPO}/pulls/${PR_NUMBER}` };
  else delete p.issue.pull_request;
  p.comment.body = body;
  p.comment.id = 555;
  p.comment.user.type = over.userType ?? 'User';
  p.comment.user.login = over.login ?? 'maintainer';
  p.sender = { ...p.sender, login: over.login ?? 'maintainer', type: over.userType ?? 'User' };
  return p;
}

/** A schema-valid report (schemaVersion 1) for `headSha` whose overall level is `level`. */
export function makeReport(over: { headSha?: string; level?: Level; datasetError?: string } = {}): Report {
  const level = over.level ?? 'high';
  const scenario = (id: Report['risk']['scenarios'][number]['id'], l: Level) => ({
    id,
    level: l,
    score: l === 'high' ? 0.9 : l === 'medium' ? 0.5 : 0.1,
    evidence: l === 'low' ? [] : [`${id}: brightness PSI 0.84 (base mean 0.41, head mean 0.57)`],
    recommendations: l === 'low' ? [] : [`Review ${id} before fine-tuning.`],
  });
  return {
    schemaVersion: 1,
    tool: { name: 'transfer-risk', version: '0.1.0' },
    createdAt: '2026-11-27T12:00:00.000Z',
    base: { ref: 'master', sha: BASE_SHA },
    head: { ref: 'changes', sha: over.headSha ?? HEAD_SHA },
    meta: { backend: 'cpu', model: 'builtin:default', sampleSize: 100, seconds: 3.2, seed: 42, failOn: 'none' },
    datasets: [
      {
        name: 'parts',
        modality: 'tabular',
        sample: { base: 100, head: 100 },
        features: [
          {
            name: 'brightness',
            kind: 'numeric',
            metrics: { psi: 0.84, kl: 0.61, js: 0.36, ks: { statistic: 0.41, pValue: 1e-9 }, wasserstein: 0.16, wassersteinNormed: 1.37 },
            drift: true,
          },
        ],
        skipped: [],
        ...(over.datasetError ? { error: over.datasetError } : {}),
      },
    ],
    risk: {
      level,
      scenarios: [scenario('task-mismatch', 'low'), scenario('data-drift', level), scenario('roi-shift', 'low'), scenario('augmentation-drift', 'low')],
    },
  };
}

/** A zip like upload-artifact's: report.json, comment.md, report.html at the root. */
export function reportZip(report: unknown, extra: Record<string, Uint8Array> = {}): Uint8Array {
  return zipSync({
    'report.json': strToU8(typeof report === 'string' ? report : JSON.stringify(report)),
    'comment.md': strToU8('<!-- transfer-risk:comment -->\nINJECTED comment.md from the artifact'),
    'report.html': strToU8('<html></html>'),
    ...extra,
  });
}

export const CONFIG_YAML = `datasets:
  - name: parts
    paths: ["data/**"]
    modality: tabular
    augmentation: configs/augment.yaml
  - name: tickets
    paths: ["tickets/*.jsonl"]
    modality: text
    labels: file:meta/labels.csv
fail-on: high
`;

/** A zip as upload-artifact makes it of a run that found nothing to analyze. */
export function statusZip(status: unknown = { schemaVersion: 1, status: 'no-changes', base: { sha: BASE_SHA }, head: { sha: HEAD_SHA } }): Uint8Array {
  return zipSync({ 'status.json': strToU8(JSON.stringify(status)) });
}
