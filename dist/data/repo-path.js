/** Paths inside a repository, as configs and manifests name them. */
/** Why `p` is not a path relative to the repository root that stays inside it, or undefined when it is. */
export function checkRepoPath(p) {
    if (p.startsWith('/') || p.startsWith('\\') || /^[A-Za-z]:/.test(p))
        return 'must be relative to the repository root';
    const segs = p.split(/[\\/]/);
    if (segs.includes('..'))
        return 'must not contain ..';
    return undefined;
}
