import { parseLabelSource } from './config.js';
import { globMatcher } from './git.js';
function pathsOf(c) {
    return c.previousPath ? [c.path, c.previousPath] : [c.path];
}
/**
 * Which datasets of the (trusted) config a change touches: a changed file matching its globs, its
 * augmentation config or its label file changed. With `headDatasets` (head's definitions by name),
 * what head's definition of a dataset covers counts too, and so does a changed definition: a pull
 * request cannot keep a dataset out of the analysis by editing its definition in the config.
 */
export function planChanges(config, changed, headDatasets) {
    const changedSet = new Set(changed.flatMap(pathsOf));
    const datasets = [];
    const augmentationChanged = new Set();
    for (const dataset of config.datasets) {
        const headDef = headDatasets?.get(dataset.name);
        const definitionChanged = headDef !== undefined && JSON.stringify(headDef) !== JSON.stringify(dataset);
        const defs = definitionChanged ? [dataset, headDef] : [dataset];
        const globs = [...new Set(defs.flatMap((d) => d.paths))];
        const match = globMatcher(globs);
        const dataChanges = changed.filter((c) => pathsOf(c).some((p) => match(p)));
        let augChanged = false;
        let labelsFileChanged = false;
        for (const d of defs) {
            if (d.augmentation !== undefined && changedSet.has(normalize(d.augmentation))) {
                augChanged = true;
                augmentationChanged.add(normalize(d.augmentation));
            }
            const label = parseLabelSource(d.labels);
            if (label.kind === 'file' && changedSet.has(normalize(label.path)))
                labelsFileChanged = true;
            if (label.kind === 'boxes' && annotationsChanged(label.format, normalize(label.path), changedSet))
                labelsFileChanged = true;
        }
        if (dataChanges.length > 0 || augChanged || labelsFileChanged || definitionChanged) {
            datasets.push({ dataset, dataChanges, augmentationChanged: augChanged, labelsFileChanged, definitionChanged });
        }
    }
    return { datasets, augmentationChanged: [...augmentationChanged], untouched: datasets.length === 0 };
}
/** A change to the dataset's box annotations: the COCO file, or any file under the YOLO root / VOC folder. */
function annotationsChanged(format, path, changed) {
    if (format === 'coco')
        return changed.has(path);
    const dir = path.replace(/\/+$/, '');
    const root = format === 'yolo' && /(^|\/)labels$/.test(dir) ? dir.replace(/\/?labels$/, '') : dir;
    const prefix = root ? `${root}/` : '';
    for (const p of changed)
        if (p.startsWith(prefix))
            return true;
    return false;
}
function normalize(p) {
    return p.replace(/^\.\//, '');
}
