import { describe, expect, it } from '@jest/globals';
import type { BotConfig } from '../../src/bot/config.js';
import { touchedDatasets } from '../../src/bot/paths.js';

const config: BotConfig = {
  failOn: 'high',
  workflow: 'transfer-risk.yml',
  datasets: [
    { name: 'parts', paths: ['data/parts/**'], augmentation: 'configs/augment.yaml' },
    { name: 'audio', paths: ['audio/**/*.wav', './extra/*.flac'] },
  ],
};

describe('touchedDatasets', () => {
  it('matches globs, including dot files, per dataset', () => {
    const t = touchedDatasets(config, [
      { filename: 'data/parts/a/.hidden.png' },
      { filename: 'data/parts/b.png' },
      { filename: 'audio/x/y.wav' },
      { filename: 'audio/x/y.mp3' },
      { filename: 'README.md' },
    ]);
    expect(t).toEqual([
      { name: 'parts', files: ['data/parts/a/.hidden.png', 'data/parts/b.png'], augmentationChanged: false },
      { name: 'audio', files: ['audio/x/y.wav'], augmentationChanged: false },
    ]);
  });

  it('an augmentation config change touches its dataset', () => {
    expect(touchedDatasets(config, [{ filename: 'configs/augment.yaml' }])).toEqual([
      { name: 'parts', files: ['configs/augment.yaml'], augmentationChanged: true },
    ]);
  });

  it('a rename out of a dataset still touches it; a leading ./ in a glob is ignored', () => {
    expect(touchedDatasets(config, [{ filename: 'attic/b.png', previous_filename: 'data/parts/b.png', status: 'renamed' }])).toHaveLength(1);
    expect(touchedDatasets(config, [{ filename: 'extra/a.flac' }]).map((t) => t.name)).toEqual(['audio']);
  });

  it('nothing matching → empty (docs, code, a similarly named folder)', () => {
    expect(touchedDatasets(config, [{ filename: 'docs/data/parts.md' }, { filename: 'data/partsX/a.png' }, { filename: 'configs/augment.yaml.bak' }])).toEqual([]);
  });
});
