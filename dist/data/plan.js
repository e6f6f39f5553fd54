import { parseLabelSource } from './config.js';
import { globMatcher } from './git.js';
function pathsOf(c) {
    return c.previousPath ? [c.path, c.previousPath] : [c.path];
}
export function planChanges(config, changed) {
    const changedSet = new Set(changed.flatMap(pathsOf));
    const datasets = [];
    const augmentationChanged = new Set();
    for (const dataset of config.datasets) {
        const match = globMatcher(dataset.paths);
        const dataChanges = changed.filter((c) => pathsOf(c).some((p) => match(p)));
        const augChanged = dataset.augmentation !== undefined && changedSet.has(normalize(dataset.augmentation));
        if (augChanged)
            augmentationChanged.add(normalize(dataset.augmentation));
        const label = parseLabelSource(dataset.labels);
        const labelsFileChanged = (label.kind === 'file' && changedSet.has(normalize(label.path))) || (label.kind === 'boxes' && annotationsChanged(label.format, normalize(label.path), changedSet));
        if (dataChanges.length > 0 || augChanged || labelsFileChanged) {
            datasets.push({ dataset, dataChanges, augmentationChanged: augChanged, labelsFileChanged });
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
