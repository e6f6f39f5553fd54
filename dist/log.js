export function stderrLogger(opts = {}) {
    return {
        info: (m) => {
            if (!opts.quiet)
                process.stderr.write(`${m}\n`);
        },
        warn: (m) => process.stderr.write(`warning: ${m}\n`),
        debug: (m) => {
            if (opts.debug)
                process.stderr.write(`debug: ${m}\n`);
        },
    };
}
export const silentLogger = { info: () => { }, warn: () => { }, debug: () => { } };
