/** The message of anything thrown, first line only (also for errors from another realm). */
export function errorText(err) {
    const m = err && typeof err === 'object' && typeof err.message === 'string' ? err.message : String(err);
    return m.split('\n')[0] ?? m;
}
