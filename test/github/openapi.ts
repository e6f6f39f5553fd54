/* eslint-disable @typescript-eslint/no-explicit-any -- OpenAPI documents and JSON bodies are free-form */
/**
 * GitHub's published REST description (`@octokit/openapi`, api.github.com, OpenAPI 3.0) as a test
 * oracle: which operation a request is, whether its body is one GitHub accepts, and whether a stand-in's
 * response is one GitHub could send. The tests' stand-ins (nock scopes through `strictFetch`, the e2e
 * servers) answer 422 to a request body this rejects, and every test file checks each recorded exchange
 * here, so a request GitHub would refuse (or a stand-in answer GitHub would never give) fails the suite.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

const require = createRequire(import.meta.url);
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const SPEC_ID = 'github-rest';

export interface Operation {
  id: string;
  method: string;
  /** the path template, e.g. /repos/{owner}/{repo}/check-runs/{check_run_id} */
  template: string;
  params: Record<string, string>;
}

export interface Exchange {
  method: string;
  /** path (with query) below the API root, e.g. /repos/o/r/pulls/2?per_page=100 */
  path: string;
  requestBody?: unknown;
  status: number;
  responseBody?: unknown;
  /** response content type ('' when none) */
  contentType?: string;
  /** the app whose token made the request, when the stand-in knows it */
  app?: number;
}

/**
 * Statuses GitHub sends that the api.github.com description does not list. The dispatch endpoint
 * answers 204 unless `return_run_details` is set (GHES 3.17's description lists only the 204).
 */
const EXTRA_STATUSES: Record<string, number[]> = {
  'actions/create-workflow-dispatch': [204],
};

interface Route {
  re: RegExp;
  names: string[];
  template: string;
}

class GitHubOpenApi {
  private readonly spec: any;
  private readonly ajv: Ajv;
  private readonly routes: Route[] = [];
  private readonly compiled = new Map<string, ValidateFunction | null>();
  private readonly examples = new Map<string, unknown>();

  constructor() {
    this.spec = JSON.parse(readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.json'), 'utf8'));
    allowNullInNullableEnums(this.spec);
    this.ajv = new Ajv({ strict: false, allErrors: false, validateFormats: true, discriminator: false });
    addFormats(this.ajv);
    for (const f of ['int32', 'int64', 'binary', 'repo.nwo', 'ssh-key', 'ssh-key fingerprint', 'uri-template']) this.ajv.addFormat(f, true);
    this.ajv.addSchema(this.spec, SPEC_ID);
    // literal segments first, so /repos/{owner}/{repo}/pulls/comments wins over /pulls/{pull_number}
    const templates = Object.keys(this.spec.paths).sort((a, b) => a.split('{').length - b.split('{').length);
    for (const template of templates) {
      const names: string[] = [];
      const re = new RegExp(
        `^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_m, n: string) => {
          names.push(n);
          // a content path may hold slashes; nothing else does
          return n === 'path' ? '(.+)' : '([^/]+)';
        })}$`,
      );
      this.routes.push({ re, names, template });
    }
  }

  /** The operation a method and path (query allowed) are, or undefined when GitHub has no such endpoint. */
  operation(method: string, path: string): Operation | undefined {
    const pathname = path.split('?')[0]!.replace(/^\/api\/v3(?=\/)/, '');
    const m = method.toLowerCase();
    for (const r of this.routes) {
      const hit = r.re.exec(pathname);
      if (!hit) continue;
      const op = this.spec.paths[r.template][m];
      if (!op) continue;
      const params: Record<string, string> = {};
      r.names.forEach((n, i) => (params[n] = decodeURIComponent(hit[i + 1]!)));
      return { id: op.operationId, method: m, template: r.template, params };
    }
    return undefined;
  }

  private validator(pointer: string): ValidateFunction | null {
    if (!this.compiled.has(pointer)) {
      const node = pointer
        .split('/')
        .slice(1)
        .reduce((o: any, k) => o?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], this.spec);
      this.compiled.set(pointer, node === undefined ? null : this.ajv.compile({ $ref: `${SPEC_ID}#${pointer}` }));
    }
    return this.compiled.get(pointer)!;
  }

  private static escape(s: string): string {
    return s.replace(/~/g, '~0').replace(/\//g, '~1');
  }

  private errorsOf(v: ValidateFunction): string {
    return (v.errors ?? [])
      .slice(0, 3)
      .map(
        (e) => `${e.instancePath || '(body)'} ${e.message ?? ''}${e.params && 'allowedValues' in e.params ? ` ${JSON.stringify(e.params.allowedValues)}` : ''}`,
      )
      .join('; ');
  }

  /** Problems GitHub would answer 422 (or 404) for; [] when the request is acceptable. */
  requestProblems(method: string, path: string, body: unknown): string[] {
    const op = this.operation(method, path);
    if (!op) return [`${method.toUpperCase()} ${path.split('?')[0]}: no such endpoint in GitHub's REST API`];
    const rb = this.spec.paths[op.template][op.method].requestBody;
    if (!rb) return [];
    const json = rb.content?.['application/json'];
    if (!json) return [];
    if (body === undefined) return rb.required ? [`${op.id}: the request needs a JSON body`] : [];
    const pointer = `/paths/${GitHubOpenApi.escape(op.template)}/${op.method}/requestBody/content/application~1json/schema`;
    const v = this.validator(pointer);
    if (v && !v(body)) return [`${op.id}: ${this.errorsOf(v)}`];
    return [];
  }

  /** Problems with a response GitHub would never send in that shape; [] when it is plausible. */
  responseProblems(x: Exchange): string[] {
    const op = this.operation(x.method, x.path);
    if (!op) return [`${x.method.toUpperCase()} ${x.path}: no such endpoint`];
    const responses = this.spec.paths[op.template][op.method].responses as Record<string, any>;
    const declared = responses[String(x.status)];
    if (!declared) {
      if ((EXTRA_STATUSES[op.id] ?? []).includes(x.status)) return [];
      // errors GitHub may answer on any endpoint: a basic-error body
      if (x.status >= 400) return this.basicError(op, x);
      return [`${op.id}: GitHub does not answer ${x.status} here (declared: ${Object.keys(responses).join(', ')})`];
    }
    const resolved = declared.$ref ? this.resolve(declared.$ref) : declared;
    const content = resolved.content as Record<string, any> | undefined;
    if (!content || x.responseBody === undefined || x.responseBody === '') return [];
    if (!/json/.test(x.contentType ?? 'application/json')) return [];
    const media = content['application/json'] ? 'application/json' : Object.keys(content).find((k) => /json/.test(k));
    if (!media || !content[media].schema) return [];
    const pointer = declared.$ref
      ? `${declared.$ref.slice(1)}/content/${GitHubOpenApi.escape(media)}/schema`
      : `/paths/${GitHubOpenApi.escape(op.template)}/${op.method}/responses/${x.status}/content/${GitHubOpenApi.escape(media)}/schema`;
    const v = this.validator(pointer);
    if (v && !v(x.responseBody)) return [`${op.id} ${x.status} response: ${this.errorsOf(v)}`];
    return [];
  }

  private basicError(op: Operation, x: Exchange): string[] {
    const v = this.validator('/components/schemas/basic-error');
    if (x.responseBody === undefined || x.responseBody === '' || (v && v(x.responseBody))) return [];
    return [`${op.id} ${x.status} error body: ${v ? this.errorsOf(v) : 'not an error object'}`];
  }

  private resolve(ref: string): any {
    return ref
      .slice(2)
      .split('/')
      .reduce((o: any, k) => o?.[k], this.spec);
  }

  /** An example response from the description (a realistic, complete object to start a stand-in reply from). */
  example(operationId: string, status: number): any {
    const key = `${operationId} ${status}`;
    if (!this.examples.has(key)) this.examples.set(key, this.findExample(operationId, status));
    return structuredClone(this.examples.get(key));
  }

  private findExample(operationId: string, status: number): any {
    for (const [template, ops] of Object.entries(this.spec.paths as Record<string, Record<string, any>>)) {
      for (const op of Object.values(ops)) {
        if (op?.operationId !== operationId) continue;
        const r = op.responses[String(status)];
        const resolved = r?.$ref ? this.resolve(r.$ref) : r;
        const ex = resolved?.content?.['application/json']?.examples;
        const first = ex ? (Object.values(ex)[0] as any) : undefined;
        const value = first?.$ref ? this.resolve(first.$ref).value : first?.value;
        if (value === undefined) throw new Error(`no example for ${operationId} ${status} (${template})`);
        return value;
      }
    }
    throw new Error(`no operation ${operationId}`);
  }
}

/**
 * OpenAPI 3.0's `nullable: true` next to an `enum` that lacks null means null is allowed (the 3.0.3
 * clarification); JSON Schema validators read the enum strictly, so add the null.
 */
function allowNullInNullableEnums(node: unknown): void {
  const stack: unknown[] = [node];
  while (stack.length) {
    const n = stack.pop();
    if (!n || typeof n !== 'object') continue;
    if (Array.isArray(n)) {
      for (const x of n) stack.push(x);
      continue;
    }
    const o = n as Record<string, unknown>;
    if (o.nullable === true && Array.isArray(o.enum) && !o.enum.includes(null)) o.enum = [...o.enum, null];
    for (const v of Object.values(o)) if (v && typeof v === 'object') stack.push(v);
  }
}

let instance: GitHubOpenApi | undefined;
/** The description, parsed once per test file. */
export function githubOpenApi(): GitHubOpenApi {
  instance ??= new GitHubOpenApi();
  return instance;
}

/** Every problem of every exchange (requests GitHub would refuse, answers GitHub would not give). */
export function exchangeProblems(exchanges: readonly Exchange[]): string[] {
  const api = githubOpenApi();
  const out: string[] = [];
  for (const x of exchanges) {
    const where = `${x.method.toUpperCase()} ${x.path.split('?')[0]}`;
    for (const p of api.requestProblems(x.method, x.path, x.requestBody)) out.push(`${where}: request: ${p}`);
    for (const p of api.responseProblems(x)) out.push(`${where}: ${p}`);
  }
  return out;
}
