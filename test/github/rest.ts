/* eslint-disable @typescript-eslint/no-explicit-any -- REST objects are free-form JSON */
/**
 * Complete REST objects for the stand-ins' answers, started from the examples in GitHub's own OpenAPI
 * description (so they carry every field a real answer has) with the fields a test cares about set.
 */
import { createHash } from 'node:crypto';
import { githubOpenApi } from './openapi.js';

const ex = (op: string, status: number): any => githubOpenApi().example(op, status);

export interface CheckRunFields {
  id: number;
  head_sha: string;
  status?: string;
  conclusion?: string | null;
  external_id?: string | null;
  name?: string;
  appId?: number;
  details_url?: string | null;
  output?: { title?: string | null; summary?: string | null; text?: string | null };
}

export function restCheckRun(f: CheckRunFields): any {
  const c = ex('checks/get', 200);
  c.id = f.id;
  c.node_id = `CR_${f.id}`;
  c.head_sha = f.head_sha;
  c.name = f.name ?? 'transfer-risk';
  c.status = f.status ?? 'queued';
  c.conclusion = f.conclusion ?? null;
  c.external_id = f.external_id ?? null;
  c.url = `https://api.github.com/repos/o/r/check-runs/${f.id}`;
  c.html_url = `https://github.com/o/r/runs/${f.id}`;
  c.details_url = f.details_url ?? null;
  c.started_at = '2026-11-27T12:00:00Z';
  c.completed_at = c.status === 'completed' ? '2026-11-27T12:05:00Z' : null;
  c.output = {
    title: f.output?.title ?? null,
    summary: f.output?.summary ?? null,
    text: f.output?.text ?? null,
    annotations_count: 0,
    annotations_url: `${c.url}/annotations`,
  };
  c.pull_requests = [];
  c.app = { ...c.app, id: f.appId ?? c.app.id, slug: f.appId === undefined ? c.app.slug : `app-${f.appId}` };
  return c;
}

export function restCheckRunList(runs: CheckRunFields[]): any {
  return { total_count: runs.length, check_runs: runs.map(restCheckRun) };
}

export interface PullFields {
  number: number;
  headSha: string;
  baseSha: string;
  state?: 'open' | 'closed';
  draft?: boolean;
  /** the head repository's full name; null: a deleted fork */
  headRepo?: string | null;
  baseRepo?: string;
  changedFiles?: number;
}

function pullBase(p: any, f: PullFields): any {
  const base = f.baseRepo ?? p.base.repo.full_name;
  const [owner, name] = base.split('/');
  p.number = f.number;
  p.state = f.state ?? 'open';
  p.draft = f.draft ?? false;
  p.html_url = `https://github.com/${base}/pull/${f.number}`;
  p.requested_teams = [];
  p.base = { ...p.base, sha: f.baseSha, repo: { ...p.base.repo, full_name: base, name, owner: { ...p.base.repo.owner, login: owner } } };
  const head = f.headRepo === undefined ? base : f.headRepo;
  p.head = { ...p.head, sha: f.headSha, repo: head === null ? null : { ...p.head.repo, full_name: head, name: head.split('/')[1] } };
  return p;
}

export function restPull(f: PullFields): any {
  const p = pullBase(ex('pulls/get', 200), f);
  p.changed_files = f.changedFiles ?? 1;
  return p;
}

export function restPullSimple(f: PullFields): any {
  return pullBase(ex('pulls/list', 200)[0], f);
}

export interface FileFields {
  filename: string;
  status?: string;
  previous_filename?: string;
}

export function restFile(f: FileFields): any {
  const d = ex('pulls/list-files', 200)[0];
  d.filename = f.filename;
  d.status = f.status ?? 'modified';
  if (f.previous_filename !== undefined) d.previous_filename = f.previous_filename;
  else delete d.previous_filename;
  return d;
}

export interface CommentFields {
  id: number;
  body: string;
  login: string;
  type?: string;
}

export function restComment(f: CommentFields): any {
  const c = ex('issues/get-comment', 200);
  c.id = f.id;
  c.node_id = `IC_${f.id}`;
  c.body = f.body;
  c.html_url = `https://github.com/o/r/pull/1#issuecomment-${f.id}`;
  c.url = `https://api.github.com/repos/o/r/issues/comments/${f.id}`;
  c.user = { ...c.user, login: f.login, type: f.type ?? (/\[bot\]$/.test(f.login) ? 'Bot' : 'User') };
  return c;
}

export interface ArtifactFields {
  id: number;
  name?: string;
  size_in_bytes?: number;
  expired?: boolean;
}

export function restArtifact(f: ArtifactFields): any {
  const a = ex('actions/list-workflow-run-artifacts', 200).artifacts[0];
  a.id = f.id;
  a.node_id = `A_${f.id}`;
  a.name = f.name ?? 'transfer-risk-report';
  a.size_in_bytes = f.size_in_bytes ?? 1000;
  a.expired = f.expired ?? false;
  return a;
}

export function restArtifactList(list: ArtifactFields[]): any {
  return { total_count: list.length, artifacts: list.map(restArtifact) };
}

export function restAccessToken(token: string): any {
  return { ...ex('apps/create-installation-access-token', 201), token, expires_at: '2099-01-01T00:00:00Z' };
}

export function restApp(id: number, slug: string): any {
  return { ...ex('apps/get-authenticated', 200), id, slug, name: slug };
}

export function restPermission(login: string, permission: string, role = permission): any {
  const p = ex('repos/get-collaborator-permission-level', 200);
  p.permission = permission;
  p.role_name = role;
  p.user = { ...p.user, login, role_name: role };
  return p;
}

export function restReaction(id = 1): any {
  return { ...ex('reactions/create-for-issue-comment', 201), id, content: 'eyes' };
}

export function restUser(login: string): any {
  return { ...ex('users/get-authenticated', 200), login };
}

/**
 * GET /repos/{owner}/{repo}/contents/{path} for a file, as GitHub answers it in JSON: the content in
 * base64 with a line break every 60 characters, its size, blob sha and links at `ref`.
 */
export function restContentFile(path: string, text: string, repoApi: string, ref: string): any {
  const bytes = Buffer.from(text, 'utf8');
  const f = ex('repos/get-content', 200);
  const sha = createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
  const name = path.split('/').pop()!;
  const html = `https://github.com/${repoApi.split('/repos/')[1]}/blob/${ref}/${path}`;
  f.type = 'file';
  f.encoding = 'base64';
  f.size = bytes.length;
  f.name = name;
  f.path = path;
  f.content = (bytes.toString('base64').match(/.{1,60}/g) ?? []).join('\n') + '\n';
  f.sha = sha;
  f.url = `${repoApi}/contents/${path}?ref=${ref}`;
  f.git_url = `${repoApi}/git/blobs/${sha}`;
  f.html_url = html;
  f.download_url = `https://raw.githubusercontent.com/${repoApi.split('/repos/')[1]}/${ref}/${path}`;
  f._links = { self: f.url, git: f.git_url, html };
  return f;
}
