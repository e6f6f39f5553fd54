/** Which datasets and augmentation configs a set of changed paths touches. */
import type { ChangedPath } from '../contracts/index.js';
import type { Config, DatasetConfig } from './config-types.js';
import { parseLabelSource } from './config.js';
import { globMatcher } from './git.js';

export interface DatasetPlan {
  dataset: DatasetConfig;
  /** changed paths matching the dataset's globs */
  dataChanges: ChangedPath[];
  augmentationChanged: boolean;
  labelsFileChanged: boolean;
}

export interface Plan {
  /** touched datasets, in config order */
  datasets: DatasetPlan[];
  /** augmentation config paths that changed */
  augmentationChanged: string[];
  /** true when no dataset is touched: the run can end with "no dataset changes" */
  untouched: boolean;
}

function pathsOf(c: ChangedPath): string[] {
  return c.previousPath ? [c.path, c.previousPath] : [c.path];
}

export function planChanges(config: Config, changed: readonly ChangedPath[]): Plan {
  const changedSet = new Set(changed.flatMap(pathsOf));
  const datasets: DatasetPlan[] = [];
  const augmentationChanged = new Set<string>();
  for (const dataset of config.datasets) {
    const match = globMatcher(dataset.paths);
    const dataChanges = changed.filter((c) => pathsOf(c).some((p) => match(p)));
    const augChanged = dataset.augmentation !== undefined && changedSet.has(normalize(dataset.augmentation));
    if (augChanged) augmentationChanged.add(normalize(dataset.augmentation!));
    const label = parseLabelSource(dataset.labels);
    const labelsFileChanged =
      (label.kind === 'file' && changedSet.has(normalize(label.path))) || (label.kind === 'boxes' && annotationsChanged(label.format, normalize(label.path), changedSet));
    if (dataChanges.length > 0 || augChanged || labelsFileChanged) {
      datasets.push({ dataset, dataChanges, augmentationChanged: augChanged, labelsFileChanged });
    }
  }
  return { datasets, augmentationChanged: [...augmentationChanged], untouched: datasets.length === 0 };
}

/** A change to the dataset's box annotations: the COCO file, or any file under the YOLO root / VOC folder. */
function annotationsChanged(format: 'yolo' | 'coco' | 'voc', path: string, changed: ReadonlySet<string>): boolean {
  if (format === 'coco') return changed.has(path);
  const dir = path.replace(/\/+$/, '');
  const root = format === 'yolo' && /(^|\/)labels$/.test(dir) ? dir.replace(/\/?labels$/, '') : dir;
  const prefix = root ? `${root}/` : '';
  for (const p of changed) if (p.startsWith(prefix)) return true;
  return false;
}

function normalize(p: string): string {
  return p.replace(/^\.\//, '');
}
