/** Which datasets a pull request touches, from its changed files and the config's globs. */
import { createRequire } from 'node:module';
// picomatch ships CommonJS without type declarations; load it through require and type it here.
const picomatch = createRequire(import.meta.url)('picomatch');
function normalize(p) {
    return p.replace(/^\.\//, '');
}
/** Datasets whose data paths or augmentation config appear in the changed files (renames count both names). */
export function touchedDatasets(config, files) {
    const out = [];
    for (const ds of config.datasets) {
        const isData = picomatch(ds.paths.map(normalize), { dot: true });
        const aug = ds.augmentation !== undefined ? normalize(ds.augmentation) : undefined;
        const isAug = aug !== undefined ? picomatch(aug, { dot: true }) : () => false;
        const hit = [];
        let augmentationChanged = false;
        for (const f of files) {
            const names = [f.filename, ...(f.previous_filename ? [f.previous_filename] : [])];
            let matched = false;
            for (const n of names) {
                if (isAug(n)) {
                    augmentationChanged = true;
                    matched = true;
                }
                else if (isData(n))
                    matched = true;
            }
            if (matched)
                hit.push(f.filename);
        }
        if (hit.length > 0)
            out.push({ name: ds.name, files: hit, augmentationChanged });
    }
    return out;
}
