/** Logging to stderr (stdout is reserved for the report in `--format json`). */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
}

export function stderrLogger(opts: { debug?: boolean; quiet?: boolean } = {}): Logger {
  return {
    info: (m) => {
      if (!opts.quiet) process.stderr.write(`${m}\n`);
    },
    warn: (m) => process.stderr.write(`warning: ${m}\n`),
    debug: (m) => {
      if (opts.debug) process.stderr.write(`debug: ${m}\n`);
    },
  };
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, debug: () => {} };
