import { describe, expect, it } from '@jest/globals';
import { formatOptions, parseArgs, UsageError, type OptionSpec } from '../../src/cli/args.js';

const specs: OptionSpec[] = [
  { name: 'base', type: 'string', required: true, description: 'b' },
  { name: 'format', type: 'string', choices: ['json', 'md'], default: 'json', description: 'f' },
  { name: 'sample-size', type: 'integer', default: 10, description: 'n' },
  { name: 'debug', type: 'boolean', description: 'd' },
  { name: 'help', short: 'h', type: 'boolean', description: 'h' },
];

function usage(argv: string[]): string {
  try {
    parseArgs(argv, specs, 'compare');
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error('expected a usage error');
}

describe('parseArgs', () => {
  it('reads --name value, --name=value, flags, defaults and positionals after --', () => {
    const a = parseArgs(['--base', 'a.csv', '--format=md', '--debug', '--', '--not-an-option'], specs, 'compare');
    expect(a.options).toEqual({ base: 'a.csv', format: 'md', 'sample-size': 10, debug: true, help: undefined });
    expect(a.positionals).toEqual(['--not-an-option']);
    expect(parseArgs(['--base', 'x', '-h', '--sample-size', '0'], specs, 'c').options).toMatchObject({ help: true, 'sample-size': 0 });
  });
  it('accepts values that start with a dash when they are not options', () => {
    expect(parseArgs(['--base', '-'], specs, 'c').options.base).toBe('-');
  });
  it('rejects unknown options, missing values, bad choices, bad numbers and missing required options', () => {
    expect(usage(['--base', 'a', '--nope'])).toBe('unknown option --nope for compare (see --help)');
    expect(usage(['--base'])).toMatch(/--base needs a value/);
    expect(usage(['--base', '--format', 'md'])).toMatch(/--base needs a value/);
    expect(usage(['--base', 'a', '--format', 'xml'])).toBe('--format must be one of json, md, got "xml"');
    expect(usage(['--base', 'a', '--sample-size', '-1'])).toMatch(/--sample-size must be a whole number/);
    expect(usage(['--base', 'a', '--sample-size', '1.5'])).toMatch(/--sample-size must be a whole number/);
    expect(usage(['--format', 'md'])).toBe('missing --base for compare (see --help)');
    expect(usage(['--base', 'a', '--debug=yes'])).toMatch(/--debug takes no value/);
  });
  it('formats help with choices, defaults and required marks', () => {
    const text = formatOptions(specs);
    expect(text).toMatch(/--format VALUE\s+f \(json \| md\) \[default: json\]/);
    expect(text).toMatch(/--base VALUE\s+b \(required\)/);
    expect(text).toMatch(/-h, --help/);
  });
});

describe('parseArgs on util.parseArgs', () => {
  it('rejects a single-value option given twice, in either spelling', () => {
    expect(usage(['--base', 'a', '--base', 'b'])).toBe('--base is given more than once for compare; give it once');
    expect(usage(['--base=a', '--format', 'md', '--format=json'])).toMatch(/--format is given more than once/);
    expect(usage(['--base', 'a', '-h', '--help'])).toMatch(/--help is given more than once/);
  });
  it('reads short groups and names an unknown short option as typed', () => {
    const two: OptionSpec[] = [...specs, { name: 'quiet', short: 'q', type: 'boolean', description: 'q' }];
    expect(parseArgs(['--base', 'a', '-hq'], two, 'c').options).toMatchObject({ help: true, quiet: true });
    expect(usage(['--base', 'a', '-z'])).toBe('unknown option -z for compare (see --help)');
  });
  it('keeps an inline value that starts with dashes', () => {
    expect(parseArgs(['--base=--odd-name.csv'], specs, 'c').options.base).toBe('--odd-name.csv');
  });
});
