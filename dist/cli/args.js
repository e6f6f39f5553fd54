/**
 * A small argument parser: `--name value`, `--name=value`, boolean `--flag`, short aliases (`-h`),
 * `--` ends options. Unknown options and missing values are usage errors (exit 2).
 */
import { UserError } from '../errors.js';
/** A usage error: printed as one line, exit code 2. */
export class UsageError extends UserError {
    constructor(message) {
        super(message);
        this.name = 'UsageError';
    }
}
export function parseArgs(argv, specs, command) {
    const byName = new Map(specs.map((s) => [s.name, s]));
    const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short, s]));
    const options = {};
    const positionals = [];
    const where = command ? ` for ${command}` : '';
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === '--') {
            positionals.push(...argv.slice(i + 1));
            break;
        }
        let spec;
        let inline;
        let shown = arg;
        if (arg.startsWith('--')) {
            const eq = arg.indexOf('=');
            const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
            if (eq >= 0)
                inline = arg.slice(eq + 1);
            shown = `--${name}`;
            spec = byName.get(name);
        }
        else if (arg.startsWith('-') && arg.length > 1 && !/^-\d/.test(arg)) {
            spec = byShort.get(arg.slice(1));
        }
        else {
            positionals.push(arg);
            continue;
        }
        if (!spec)
            throw new UsageError(`unknown option ${shown}${where} (see --help)`);
        if (spec.type === 'boolean') {
            if (inline !== undefined) {
                if (inline !== 'true' && inline !== 'false')
                    throw new UsageError(`${shown} takes no value (or =true/=false)`);
                options[spec.name] = inline === 'true';
            }
            else
                options[spec.name] = true;
            continue;
        }
        let raw = inline;
        if (raw === undefined) {
            const next = argv[i + 1];
            if (next === undefined || (next.startsWith('--') && next.length > 2))
                throw new UsageError(`${shown} needs a value${spec.value ? ` (${spec.value})` : ''}`);
            raw = next;
            i++;
        }
        options[spec.name] = convert(spec, raw, shown);
    }
    for (const spec of specs) {
        if (options[spec.name] === undefined && spec.default !== undefined)
            options[spec.name] = spec.default;
    }
    for (const spec of specs) {
        if (spec.required && options[spec.name] === undefined)
            throw new UsageError(`missing --${spec.name}${where} (see --help)`);
    }
    return { options, positionals };
}
function convert(spec, raw, shown) {
    if (spec.type === 'integer') {
        if (!/^\d+$/.test(raw.trim()))
            throw new UsageError(`${shown} must be a whole number ≥ 0, got "${raw}"`);
        const n = Number(raw.trim());
        if (!Number.isSafeInteger(n))
            throw new UsageError(`${shown} is too large: ${raw}`);
        return n;
    }
    if (spec.choices && !spec.choices.includes(raw)) {
        throw new UsageError(`${shown} must be one of ${spec.choices.join(', ')}, got "${raw}"`);
    }
    return raw;
}
/** Help text for a command's options. */
export function formatOptions(specs) {
    const rows = specs.map((s) => {
        const flag = `${s.short ? `-${s.short}, ` : '    '}--${s.name}${s.type === 'boolean' ? '' : ` ${s.value ?? 'VALUE'}`}`;
        let desc = s.description;
        if (s.choices)
            desc += ` (${s.choices.join(' | ')})`;
        if (s.default !== undefined && s.type !== 'boolean')
            desc += ` [default: ${s.default}]`;
        if (s.required)
            desc += ' (required)';
        return [flag, desc];
    });
    const width = Math.max(...rows.map((r) => r[0].length)) + 2;
    return rows.map(([f, d]) => `  ${f.padEnd(width)}${d}`).join('\n');
}
