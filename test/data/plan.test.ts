import { describe, expect, it } from '@jest/globals';
import { parseConfig } from '../../src/data/config.js';
import { planChanges, possibleSubmodules } from '../../src/data/plan.js';

const config = parseConfig(`datasets:
  - name: parts
    paths: ["data/parts/**"]
    augmentation: configs/augment.yaml
  - name: audio
    paths: ["data/audio/**/*.wav"]
    labels: file:meta/audio-labels.csv
  - name: text
    paths: ["corpus/*.txt"]
  - name: defects
    paths: ["data/defects/images/**"]
    labels: yolo:data/defects
  - name: coco
    paths: ["data/coco/**/*.jpg"]
    labels: coco:annotations/instances_train.json
  - name: voc
    paths: ["voc/JPEGImages/**"]
    labels: voc:voc/Annotations
`);

describe('planChanges', () => {
  it('a changed data path touches its dataset only', () => {
    const p = planChanges(config, [
      { status: 'modified', path: 'data/parts/a/1.png' },
      { status: 'added', path: 'README.md' },
    ]);
    expect(p.untouched).toBe(false);
    expect(p.datasets.map((d) => d.dataset.name)).toEqual(['parts']);
    expect(p.datasets[0]!.dataChanges).toEqual([{ status: 'modified', path: 'data/parts/a/1.png' }]);
    expect(p.augmentationChanged).toEqual([]);
  });

  it('an augmentation config or a label file change touches the dataset', () => {
    const p = planChanges(config, [
      { status: 'modified', path: 'configs/augment.yaml' },
      { status: 'modified', path: 'meta/audio-labels.csv' },
    ]);
    expect(p.datasets.map((d) => [d.dataset.name, d.augmentationChanged, d.labelsFileChanged, d.dataChanges.length])).toEqual([
      ['parts', true, false, 0],
      ['audio', false, true, 0],
    ]);
    expect(p.augmentationChanged).toEqual(['configs/augment.yaml']);
  });

  it('a change to box annotations alone touches the dataset (YOLO labels, the COCO file, VOC XML)', () => {
    const p = planChanges(config, [
      { status: 'modified', path: 'data/defects/labels/a.txt' },
      { status: 'modified', path: 'annotations/instances_train.json' },
      { status: 'added', path: 'voc/Annotations/x.xml' },
      { status: 'modified', path: 'annotations/instances_val.json' },
    ]);
    expect(p.datasets.map((d) => [d.dataset.name, d.labelsFileChanged, d.dataChanges.length])).toEqual([
      ['defects', true, 0],
      ['coco', true, 0],
      ['voc', true, 0],
    ]);
    expect(planChanges(config, [{ status: 'modified', path: 'data/defects-old/labels/a.txt' }]).untouched).toBe(true);
  });

  it('a rename out of (or into) a dataset touches it', () => {
    const p = planChanges(config, [{ status: 'renamed', path: 'archive/1.wav', previousPath: 'data/audio/x/1.wav' }]);
    expect(p.datasets.map((d) => d.dataset.name)).toEqual(['audio']);
  });

  it('nothing relevant: untouched ("no dataset changes")', () => {
    const p = planChanges(config, [
      { status: 'modified', path: 'src/train.py' },
      { status: 'added', path: 'corpus/sub/deep.txt' },
      { status: 'deleted', path: 'data/audio/x.mp3' },
    ]);
    expect(p.untouched).toBe(true);
    expect(p.datasets).toEqual([]);
    expect(planChanges(config, []).untouched).toBe(true);
  });

  it("a changed submodule where a dataset's globs may match files touches the dataset; elsewhere it does not", () => {
    const changed = [
      { status: 'added' as const, path: 'data/audio/extra' },
      { status: 'added' as const, path: 'vendor/lib' },
    ];
    expect(planChanges(config, changed).untouched).toBe(true);
    const p = planChanges(config, changed, undefined, new Set(['data/audio/extra', 'vendor/lib']));
    expect(p.datasets.map((d) => d.dataset.name)).toEqual(['audio']);
    expect(p.datasets[0]!.dataChanges).toEqual([{ status: 'added', path: 'data/audio/extra' }]);
    // corpus/*.txt cannot match anything under corpus/sub
    expect(planChanges(config, [{ status: 'added', path: 'corpus/sub' }], undefined, new Set(['corpus/sub'])).untouched).toBe(true);
  });

  it("possibleSubmodules: changed paths inside a dataset's folders that match no glob (the bot cannot tell them from files)", () => {
    expect(
      possibleSubmodules(config, [
        { status: 'added', path: 'data/audio/extra' },
        { status: 'modified', path: 'data/audio/x/1.wav' },
        { status: 'added', path: 'corpus/sub' },
        { status: 'modified', path: 'README.md' },
        { status: 'renamed', path: 'src/x', previousPath: 'data/coco/imgs' },
      ]),
    ).toEqual(['data/audio/extra', 'data/coco/imgs']);
  });
});
