/** Which datasets a pull request touches, from its changed files and the config's globs. */
import { createRequire } from 'node:module';
import type { BotConfig } from './config.js';

type Matcher = (path: string) => boolean;
type Picomatch = (globs: string | string[], options?: { dot?: boolean }) => Matcher;
// picomatch ships CommonJS without type declarations; load it through require and type it here.
const picomatch = createRequire(import.meta.url)('picomatch') as Picomatch;

export interface ChangedFile {
  filename: string;
  previous_filename?: string;
  status?: string;
}

export interface TouchedDataset {
  name: string;
  /** changed files that match the dataset's globs or its augmentation config */
  files: string[];
  augmentationChanged: boolean;
}

function normalize(p: string): string {
  return p.replace(/^\.\//, '');
}

/** Datasets whose data paths or augmentation config appear in the changed files (renames count both names). */
export function touchedDatasets(config: BotConfig, files: readonly ChangedFile[]): TouchedDataset[] {
  const out: TouchedDataset[] = [];
  for (const ds of config.datasets) {
    const isData = picomatch(ds.paths.map(normalize), { dot: true });
    const aug = ds.augmentation !== undefined ? normalize(ds.augmentation) : undefined;
    const isAug = aug !== undefined ? picomatch(aug, { dot: true }) : () => false;
    const hit: string[] = [];
    let augmentationChanged = false;
    for (const f of files) {
      const names = [f.filename, ...(f.previous_filename ? [f.previous_filename] : [])];
      let matched = false;
      for (const n of names) {
        if (isAug(n)) {
          augmentationChanged = true;
          matched = true;
        } else if (isData(n)) matched = true;
      }
      if (matched) hit.push(f.filename);
    }
    if (hit.length > 0) out.push({ name: ds.name, files: hit, augmentationChanged });
  }
  return out;
}
