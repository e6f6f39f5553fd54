/**
 * The `transfer-risk` command line: global flags, a command table, exit codes (DESIGN.md "CLI"):
 * 0 done and below fail-on; 1 done and at or above fail-on; 2 usage, config or input error (one
 * line on stderr, no stack trace unless --debug); 3 internal error (a bug: one line, --debug for
 * the stack).
 *
 * Commands live one per module under src/cli/ and are loaded on demand, so `compare` does not pay
 * for TensorFlow.js.
 */
import { EXIT } from '../contracts/index.js';
import { UserError, errorMessage } from '../errors.js';
import type { Logger } from '../log.js';
import { createProgress, noProgress, type ProgressFactory } from '../progress.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { formatOptions, parseArgs, UsageError, type OptionSpec } from './args.js';
import type { CliIO, Command } from './command.js';

interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<Command>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'compare',
    summary: 'compare two snapshots on disk: table files (CSV, TSV, JSONL, Parquet) or folders of images, audio or text',
    load: async () => (await import('./compare.js')).compareCommand,
  },
  { name: 'analyze', summary: 'analyze two git revisions of a repository', load: async () => (await import('./analyze.js')).analyzeCommand },
  { name: 'demo', summary: 'build the demo dataset repository offline and analyze it', load: async () => (await import('./demo.js')).demoCommand },
  { name: 'embed', summary: 'embed one shard of a dataset sample (sharded runs)', load: async () => (await import('./shard.js')).embedCommand },
  { name: 'merge', summary: 'merge shard outputs into one report (sharded runs)', load: async () => (await import('./shard.js')).mergeCommand },
];

export const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  { name: 'help', short: 'h', type: 'boolean', description: 'show help (for a command: transfer-risk COMMAND --help)' },
  { name: 'version', short: 'V', type: 'boolean', description: 'print the version' },
  { name: 'debug', type: 'boolean', description: 'debug logs and stack traces' },
  { name: 'quiet', short: 'q', type: 'boolean', description: 'no progress or info logs on stderr' },
];

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    `${TOOL_NAME} ${TOOL_VERSION} — transfer-learning risk verdicts for dataset changes`,
    '',
    `usage: ${TOOL_NAME} COMMAND [options]`,
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'global options:',
    formatOptions(GLOBAL_OPTIONS),
    '',
    'exit codes: 0 done, below fail-on; 1 done, at or above fail-on; 2 usage, config or input error; 3 internal error',
    '',
  ].join('\n');
}

export function commandHelp(cmd: Command): string {
  return [
    `usage: ${TOOL_NAME} ${cmd.usage}`,
    '',
    cmd.summary,
    '',
    'options:',
    formatOptions([...cmd.options, ...GLOBAL_OPTIONS]),
    ...(cmd.details ? ['', cmd.details] : []),
    '',
  ].join('\n');
}

const defaultIO: CliIO = { stdout: process.stdout, stderr: process.stderr };

/**
 * A reader that closes the pipe early (`| head`) makes writes fail with EPIPE, and an unhandled
 * 'error' event would crash the process with a stack trace and exit code 1. What is left to write
 * is dropped instead, so the exit code stays the verdict's.
 */
export function ignoreClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') return;
    throw err;
  });
}

/** Run the CLI; resolves to the exit code (never throws). */
export async function main(argv: readonly string[], io: CliIO = defaultIO): Promise<number> {
  const debug = argv.includes('--debug');
  const quiet = argv.includes('--quiet') || argv.includes('-q');
  try {
    const first = argv.findIndex((a) => !a.startsWith('-'));
    const name = first >= 0 ? argv[first]! : undefined;
    const rest = first >= 0 ? [...argv.slice(0, first), ...argv.slice(first + 1)] : [...argv];
    if (name === undefined) {
      const g = parseArgs(rest, GLOBAL_OPTIONS, '');
      if (g.options.version) {
        io.stdout.write(`${TOOL_VERSION}\n`);
        return EXIT.ok;
      }
      if (!g.options.help) throw new UsageError(`no command given (commands: ${COMMANDS.map((c) => c.name).join(', ')}); see transfer-risk --help`);
      io.stdout.write(mainHelp());
      return EXIT.ok;
    }
    if (name === 'help') {
      const topic = rest.find((a) => !a.startsWith('-'));
      const entry = topic ? COMMANDS.find((c) => c.name === topic) : undefined;
      if (topic && !entry) throw new UsageError(`unknown command "${topic}" (commands: ${COMMANDS.map((c) => c.name).join(', ')})`);
      io.stdout.write(entry ? commandHelp(await entry.load()) : mainHelp());
      return EXIT.ok;
    }
    const entry = COMMANDS.find((c) => c.name === name);
    if (!entry) throw new UsageError(`unknown command "${name}" (commands: ${COMMANDS.map((c) => c.name).join(', ')})`);
    const cmd = await entry.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(commandHelp(cmd));
      return EXIT.ok;
    }
    if (rest.includes('--version') || rest.includes('-V')) {
      io.stdout.write(`${TOOL_VERSION}\n`);
      return EXIT.ok;
    }
    const args = parseArgs(rest, [...cmd.options, ...GLOBAL_OPTIONS], name);
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}" for ${name} (see --help)`);
    const log = ioLogger(io, { debug, quiet });
    const progress: ProgressFactory = quiet ? noProgress : (label, total) => createProgress(label, total, { stream: io.stderr });
    return await cmd.run(args, { io, log, progress, debug, quiet });
  } catch (err) {
    return reportError(err, io, debug);
  }
}

/** Like stderrLogger (src/log.ts), but on the CLI's stderr stream (tests capture it). */
export function ioLogger(io: CliIO, opts: { debug: boolean; quiet: boolean }): Logger {
  return {
    info: (m) => {
      if (!opts.quiet) io.stderr.write(`${m}\n`);
    },
    warn: (m) => io.stderr.write(`warning: ${m}\n`),
    debug: (m) => {
      if (opts.debug) io.stderr.write(`debug: ${m}\n`);
    },
  };
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}

export function reportError(err: unknown, io: CliIO, debug: boolean): number {
  if (err instanceof UserError) {
    io.stderr.write(`${TOOL_NAME}: ${oneLine(err.message)}\n`);
    if (debug && err.stack) io.stderr.write(`${err.stack}\n`);
    return EXIT.usage;
  }
  io.stderr.write(`${TOOL_NAME}: internal error: ${oneLine(errorMessage(err))}${debug ? '' : ' (run with --debug for the stack trace)'}\n`);
  if (debug && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
  return EXIT.internal;
}
