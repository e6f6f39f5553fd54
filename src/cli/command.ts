/** What every command module implements and receives: the command table's entry type and the run context. */
import type { Logger } from '../log.js';
import type { ProgressFactory } from '../progress.js';
import type { OptionSpec, ParsedArgs } from './args.js';

export interface CliIO {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown; isTTY?: boolean };
}

export interface CliContext {
  io: CliIO;
  log: Logger;
  progress: ProgressFactory;
  debug: boolean;
  quiet: boolean;
}

/** One command. Modules under src/cli/ export these (e.g. `compareCommand`). */
export interface Command {
  name: string;
  summary: string;
  /** the line after "usage: transfer-risk " */
  usage: string;
  options: readonly OptionSpec[];
  /** extra help text after the options */
  details?: string;
  run(args: ParsedArgs, ctx: CliContext): Promise<number>;
}
