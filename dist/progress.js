export function createProgress(label, total, opts = {}) {
    const stream = opts.stream ?? process.stderr;
    const tty = Boolean(stream.isTTY);
    const interval = opts.intervalMs ?? (tty ? 100 : 10_000);
    const now = opts.now ?? Date.now;
    const start = now();
    let count = 0;
    let last = 0;
    let finished = false;
    const render = (final) => {
        const secs = (now() - start) / 1000;
        const rate = secs > 0 ? count / secs : 0;
        const pct = total > 0 ? Math.min(100, (100 * count) / total) : 100;
        if (tty) {
            const width = 24;
            const filled = Math.round((pct / 100) * width);
            const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
            stream.write(`\r${label} [${bar}] ${count}/${total} ${rate.toFixed(1)}/s${final ? '\n' : ''}`);
        }
        else {
            stream.write(`${label}: ${count}/${total} (${pct.toFixed(0)}%, ${rate.toFixed(1)}/s, ${secs.toFixed(1)}s)\n`);
        }
    };
    return {
        tick(n = 1) {
            count += n;
            const t = now();
            if (t - last >= interval) {
                last = t;
                render(false);
            }
        },
        done() {
            if (finished)
                return;
            finished = true;
            render(true);
        },
    };
}
export const noProgress = () => ({ tick: () => { }, done: () => { } });
