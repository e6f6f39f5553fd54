/** File-extension rules: which files belong to which modality, and `auto` detection. */
import { posix } from 'node:path';
import type { Modality } from '../contracts/index.js';
import { AUDIO_EXTENSIONS } from './audio.js';
import { IMAGE_EXTENSIONS } from './image.js';
import { isTableFile as isTableName } from './table/read.js';
import { TEXT_EXTENSIONS } from './text.js';

export function extOf(path: string): string {
  return posix.extname(path).toLowerCase();
}

/** Table files by name, as the table reader detects them: `.csv .tsv .tab .jsonl .ndjson .parquet .pq`, each also gzipped (`x.csv.gz`). */
export function isTableFile(path: string): boolean {
  return isTableName(path);
}

/** Whether a file is data of this modality (text datasets also read JSONL/CSV text columns). */
export function belongsTo(modality: Modality, path: string): boolean {
  const ext = extOf(path);
  switch (modality) {
    case 'image':
      return IMAGE_EXTENSIONS.includes(ext);
    case 'audio':
      return AUDIO_EXTENSIONS.includes(ext);
    case 'text':
      return TEXT_EXTENSIONS.includes(ext) || isTableFile(path);
    case 'tabular':
      return isTableFile(path);
  }
}

/** The modality most files have by extension; undefined when none is recognized. */
export function detectModality(paths: Iterable<string>): Modality | undefined {
  const counts: Record<Modality, number> = { image: 0, audio: 0, text: 0, tabular: 0 };
  for (const p of paths) {
    const ext = extOf(p);
    if (IMAGE_EXTENSIONS.includes(ext)) counts.image++;
    else if (AUDIO_EXTENSIONS.includes(ext)) counts.audio++;
    else if (isTableFile(p)) counts.tabular++;
    else if (TEXT_EXTENSIONS.includes(ext)) counts.text++;
  }
  let best: Modality | undefined;
  let n = 0;
  for (const m of ['image', 'audio', 'tabular', 'text'] as const) {
    if (counts[m] > n) {
      best = m;
      n = counts[m];
    }
  }
  return best;
}
