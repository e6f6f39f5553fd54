/**
 * Command-line options on top of Node's `util.parseArgs` (its tokenizer: `--name value`, `--name=value`,
 * boolean `--flag`, short aliases and groups such as `-hq`, `--` ends options), with the checks a
 * command line owes its users: unknown options, missing values, bad choices and numbers, a single-value
 * option given twice and missing required options are usage errors (one line, exit 2).
 */
import { parseArgs as tokenize } from 'node:util';
import { UserError } from '../errors.js';

export type OptionType = 'string' | 'boolean' | 'integer';

export interface OptionSpec {
  name: string;
  type: OptionType;
  short?: string;
  /** value placeholder in help, e.g. PATH */
  value?: string;
  description: string;
  /** allowed values (strings) */
  choices?: readonly string[];
  required?: boolean;
  default?: string | number | boolean;
}

export type ParsedValue = string | number | boolean;

export interface ParsedArgs {
  options: Record<string, ParsedValue | undefined>;
  positionals: string[];
}

/** A usage error: printed as one line, exit code 2. */
export class UsageError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[], command: string): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const where = command ? ` for ${command}` : '';
  // Non-strict tokenizing: every check (and its message) is ours, so the same mistakes read the same way.
  const { tokens } = tokenize({
    args: [...argv],
    options: Object.fromEntries(specs.map((s) => [s.name, { type: s.type === 'boolean' ? 'boolean' : 'string', ...(s.short ? { short: s.short } : {}) }])),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const options: Record<string, ParsedValue | undefined> = {};
  const positionals: string[] = [];
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind === 'positional') {
      positionals.push(token.value);
      continue;
    }
    if (token.kind === 'option-terminator') continue;
    const spec = byName.get(token.name);
    if (!spec) throw new UsageError(`unknown option ${token.rawName}${where} (see --help)`);
    const shown = `--${spec.name}`;
    if (seen.has(spec.name)) throw new UsageError(`${shown} is given more than once${where}; give it once`);
    seen.add(spec.name);
    if (spec.type === 'boolean') {
      if (token.inlineValue) {
        if (token.value !== 'true' && token.value !== 'false') throw new UsageError(`${shown} takes no value (or =true/=false)`);
        options[spec.name] = token.value === 'true';
      } else options[spec.name] = true;
      continue;
    }
    const raw = token.value;
    // `--base --head x`: the tokenizer takes "--head" as --base's value; a value that looks like an option is a missing value.
    if (raw === undefined || (!token.inlineValue && raw.startsWith('--') && raw.length > 2)) {
      throw new UsageError(`${shown} needs a value${spec.value ? ` (${spec.value})` : ''}`);
    }
    options[spec.name] = convert(spec, raw, shown);
  }
  for (const spec of specs) {
    if (options[spec.name] === undefined && spec.default !== undefined) options[spec.name] = spec.default;
  }
  for (const spec of specs) {
    if (spec.required && options[spec.name] === undefined) throw new UsageError(`missing --${spec.name}${where} (see --help)`);
  }
  return { options, positionals };
}

function convert(spec: OptionSpec, raw: string, shown: string): ParsedValue {
  if (spec.type === 'integer') {
    if (!/^\d+$/.test(raw.trim())) throw new UsageError(`${shown} must be a whole number ≥ 0, got "${raw}"`);
    const n = Number(raw.trim());
    if (!Number.isSafeInteger(n)) throw new UsageError(`${shown} is too large: ${raw}`);
    return n;
  }
  if (spec.choices && !spec.choices.includes(raw)) {
    throw new UsageError(`${shown} must be one of ${spec.choices.join(', ')}, got "${raw}"`);
  }
  return raw;
}

/** Help text for a command's options. */
export function formatOptions(specs: readonly OptionSpec[]): string {
  const rows = specs.map((s) => {
    const flag = `${s.short ? `-${s.short}, ` : '    '}--${s.name}${s.type === 'boolean' ? '' : ` ${s.value ?? 'VALUE'}`}`;
    let desc = s.description;
    if (s.choices) desc += ` (${s.choices.join(' | ')})`;
    if (s.default !== undefined && s.type !== 'boolean') desc += ` [default: ${s.default}]`;
    if (s.required) desc += ' (required)';
    return [flag, desc] as const;
  });
  const width = Math.max(...rows.map((r) => r[0].length)) + 2;
  return rows.map(([f, d]) => `  ${f.padEnd(width)}${d}`).join('\n');
}
