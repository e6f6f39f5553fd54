import { readFileSync } from 'node:fs';
/** The tool's name and version, read from package.json next to dist/ or src/. */
export const TOOL_NAME = 'transfer-risk';
export const TOOL_VERSION = (() => {
    try {
        const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
        return pkg.version ?? '0.0.0';
    }
    catch {
        return '0.0.0';
    }
})();
