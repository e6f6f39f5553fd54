/**
 * Validation of report JSON against schemaVersion 1. Every report written is validated, and so is every
 * report read back (the bot reads artifacts that a pull request's workflow produced: untrusted input).
 */
import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { UserError } from '../errors.js';
import { REPORT_LIMITS, REPORT_SCHEMA } from './schema.js';
import { maxLevel, type Report } from '../contracts/index.js';

// ajv and ajv-formats are CommonJS; under NodeNext their default export is the module object.
const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;

/** How many schema problems an error message lists. */
const MAX_LISTED = 5;

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
    addFormats(ajv, ['date-time']);
    compiled = ajv.compile(REPORT_SCHEMA);
  }
  return compiled;
}

function describeError(e: ErrorObject): string {
  const where = e.instancePath === '' ? '(root)' : e.instancePath;
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return `${where}: unknown property "${String(p.additionalProperty).slice(0, 60)}"`;
    case 'required':
      return `${where}: missing required property "${String(p.missingProperty)}"`;
    case 'enum':
      return `${where} must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `${where} must be ${JSON.stringify(p.allowedValue)}`;
    case 'contains':
      return `${where} must contain every scenario (task-mismatch, data-drift, roi-shift, augmentation-drift) exactly once`;
    default:
      return `${where} ${e.message ?? 'is invalid'}`;
  }
}

/** Drops errors that only restate another one (ajv reports `allOf`/`if` wrappers alongside the cause). */
function usefulErrors(errors: ErrorObject[]): ErrorObject[] {
  const out: ErrorObject[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'allOf' || e.keyword === 'if') continue;
    const line = describeError(e);
    if (seen.has(line)) continue;
    seen.add(line);
    out.push(e);
  }
  return out;
}

/**
 * Checks `json` (a parsed report) against the schema and the contract's invariants and returns it typed.
 * Throws UserError with one line that names the first few problems.
 * @param source what the JSON came from, for the message (e.g. a file name or "artifact transfer-risk-report")
 */
export function validateReport(json: unknown, source = 'report'): Report {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new UserError(
      `${source} is not a transfer-risk report: expected a JSON object, got ${json === null ? 'null' : Array.isArray(json) ? 'an array' : typeof json}`,
    );
  }
  const version = (json as { schemaVersion?: unknown }).schemaVersion;
  if (version !== 1) {
    throw new UserError(
      version === undefined
        ? `${source} is not a transfer-risk report: schemaVersion is missing`
        : `${source} has schemaVersion ${JSON.stringify(version)?.slice(0, 40)}; this transfer-risk reads schemaVersion 1`,
    );
  }
  const validate = validator();
  if (!validate(json)) {
    const errors = usefulErrors(validate.errors ?? []);
    const listed = errors.slice(0, MAX_LISTED).map(describeError);
    const more = errors.length > MAX_LISTED ? ` (and ${errors.length - MAX_LISTED} more)` : '';
    throw new UserError(`${source} is not a valid transfer-risk report (schemaVersion 1): ${listed.join('; ')}${more}`);
  }
  const report = json as unknown as Report;
  const expected = maxLevel(report.risk.scenarios.map((s) => s.level));
  if (report.risk.level !== expected) {
    throw new UserError(
      `${source} is not a valid transfer-risk report (schemaVersion 1): /risk/level is "${report.risk.level}" but the highest scenario level is "${expected}"`,
    );
  }
  return report;
}

/** Parses report JSON text (size-limited, untrusted) and validates it. */
export function parseReport(text: string, source = 'report'): Report {
  if (text.length > REPORT_LIMITS.maxBytes) {
    throw new UserError(`${source} is too large to be a transfer-risk report (${text.length} characters; the limit is ${REPORT_LIMITS.maxBytes})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const message = typeof (err as { message?: unknown } | null)?.message === 'string' ? (err as { message: string }).message : String(err);
    throw new UserError(`${source} is not valid JSON: ${message.split('\n')[0]}`);
  }
  return validateReport(json, source);
}
