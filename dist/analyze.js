export async function analyze(_opts) {
    throw new Error('analyze: not wired yet');
}
