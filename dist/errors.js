/**
 * Errors the user can act on: bad input, bad config, usage. Shells (CLI, action, bot) print their
 * message as one line (no stack trace unless --debug) and the CLI exits 2.
 */
export class UserError extends Error {
    exitCode = 2;
    constructor(message, options) {
        super(message, options);
        this.name = 'UserError';
    }
}
/** A problem with one input file; `where` names the file (and line when known). */
export class InputError extends UserError {
    file;
    line;
    constructor(file, reason, line) {
        super(`${file}${line !== undefined ? `:${line}` : ''}: ${reason}`);
        this.file = file;
        this.line = line;
        this.name = 'InputError';
    }
}
export function errorMessage(err) {
    if (err instanceof Error)
        return err.message;
    return String(err);
}
