/** Which datasets and augmentation configs a set of changed paths touches. */
import type { ChangedPath } from '../contracts/index.js';
import type { Config, DatasetConfig } from './config-types.js';
import { parseLabelSource } from './config.js';
import { dirMatcher, globMatcher } from './git.js';

export interface DatasetPlan {
  dataset: DatasetConfig;
  /** changed paths matching the dataset's globs (the trusted definition's, and head's when it differs) */
  dataChanges: ChangedPath[];
  augmentationChanged: boolean;
  labelsFileChanged: boolean;
  /** head's config defines this dataset differently (the trusted definition is analyzed) */
  definitionChanged: boolean;
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

/**
 * Which datasets of the (trusted) config a change touches: a changed file matching its globs, its
 * augmentation config or its label file changed. With `headDatasets` (head's definitions by name),
 * what head's definition of a dataset covers counts too, and so does a changed definition: a pull
 * request cannot keep a dataset out of the analysis by editing its definition in the config. With
 * `submodules` (paths that are git submodules at base or head), a changed submodule where a dataset's
 * globs may match files touches that dataset (its collection then fails closed: src/data/collect.ts).
 */
export function planChanges(
  config: Config,
  changed: readonly ChangedPath[],
  headDatasets?: ReadonlyMap<string, DatasetConfig>,
  submodules?: ReadonlySet<string>,
): Plan {
  const changedSet = new Set(changed.flatMap(pathsOf));
  const datasets: DatasetPlan[] = [];
  const augmentationChanged = new Set<string>();
  for (const dataset of config.datasets) {
    const headDef = headDatasets?.get(dataset.name);
    const definitionChanged = headDef !== undefined && JSON.stringify(headDef) !== JSON.stringify(dataset);
    const defs = definitionChanged ? [dataset, headDef] : [dataset];
    const globs = [...new Set(defs.flatMap((d) => d.paths))];
    const match = globMatcher(globs);
    // a submodule's path names no file, yet the data it holds lands where the globs match
    const inDirs = submodules && submodules.size > 0 ? dirMatcher(globs) : undefined;
    const dataChanges = changed.filter((c) => pathsOf(c).some((p) => match(p) || (inDirs !== undefined && submodules!.has(p) && inDirs(p))));
    let augChanged = false;
    let labelsFileChanged = false;
    for (const d of defs) {
      if (d.augmentation !== undefined && changedSet.has(normalize(d.augmentation))) {
        augChanged = true;
        augmentationChanged.add(normalize(d.augmentation));
      }
      const label = parseLabelSource(d.labels);
      if (label.kind === 'file' && changedSet.has(normalize(label.path))) labelsFileChanged = true;
      if (label.kind === 'boxes' && annotationsChanged(label.format, normalize(label.path), changedSet)) labelsFileChanged = true;
    }
    if (dataChanges.length > 0 || augChanged || labelsFileChanged || definitionChanged) {
      datasets.push({ dataset, dataChanges, augmentationChanged: augChanged, labelsFileChanged, definitionChanged });
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

/**
 * Changed paths that match no dataset's globs but lie where a dataset's globs may match files
 * (src/data/git.ts dirMatcher): each could be a git submodule, which holds that dataset's data in
 * another repository. A caller without the git trees (the bot, planning from GitHub's file list)
 * cannot tell a submodule from a file there, so it has the analysis run decide with git.
 */
export function possibleSubmodules(config: Config, changed: readonly ChangedPath[]): string[] {
  const out = new Set<string>();
  for (const dataset of config.datasets) {
    const match = globMatcher(dataset.paths);
    const inDirs = dirMatcher(dataset.paths);
    for (const c of changed) for (const p of pathsOf(c)) if (!match(p) && inDirs(p)) out.add(p);
  }
  return [...out].sort();
}
