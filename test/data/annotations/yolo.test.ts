import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../../src/errors.js';
import { parseYoloLabels, parseYoloNames, yoloLabelPath, yoloLayout } from '../../../src/data/annotations/yolo.js';

const FIX = new URL('../../fixtures/annotations/yolo/', import.meta.url);
const read = (p: string): Buffer => readFileSync(new URL(p, FIX));
const NAMES = ['scratch', 'dent', 'crack'];

function thrown(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

describe('YOLO annotations', () => {
  it('reads class names from classes.txt and from data.yaml (map or list)', () => {
    expect(parseYoloNames('d/classes.txt', read('classes.txt'))).toEqual(NAMES);
    expect(parseYoloNames('d/data.yaml', read('data.yaml'))).toEqual(NAMES);
    expect(parseYoloNames('d/data.yaml', Buffer.from('names: [a, b]\n'))).toEqual(['a', 'b']);
    expect(thrown(() => parseYoloNames('d/data.yaml', Buffer.from('names:\n  0: a\n  2: c\n'))).message).toBe('d/data.yaml: names: class id 1 has no name');
    expect(thrown(() => parseYoloNames('d/data.yaml', Buffer.from('train: images\n'))).message).toMatch(/^d\/data\.yaml: has no names/);
    expect(thrown(() => parseYoloNames('d/classes.txt', Buffer.from('a\n\nc\n'))).message).toBe('d/classes.txt:2: class id 1 has an empty name');
  });

  it('reads normalized center/size boxes as top-left corner and size', () => {
    const a = parseYoloLabels('labels/part-0001.txt', read('labels/part-0001.txt'), NAMES);
    expect(a.boxes).toHaveLength(2);
    const [b0, b1] = a.boxes;
    expect(b0!.label).toBe('scratch');
    expect(b0!.x).toBeCloseTo(0.4, 12);
    expect(b0!.y).toBeCloseTo(0.45, 12);
    expect(b0!.w).toBeCloseTo(0.2, 12);
    expect(b0!.h).toBeCloseTo(0.1, 12);
    expect(b0!.line).toBe(1);
    expect(b1!.label).toBe('crack');
    expect([b1!.x, b1!.y, b1!.w, b1!.h].map((v) => +v.toFixed(12))).toEqual([0.2, 0.6, 0.1, 0.3]);
    expect(b1!.line).toBe(2);
  });

  it('an empty label file is an image without objects', () => {
    expect(parseYoloLabels('labels/part-0002.txt', read('labels/part-0002.txt'), NAMES).boxes).toEqual([]);
  });

  it('a segmentation polygon is read as its bounding box', () => {
    const [b] = parseYoloLabels('labels/polygon.txt', read('labels/polygon.txt'), NAMES).boxes;
    expect(b!.label).toBe('dent');
    expect([b!.x, b!.y, b!.w, b!.h].map((v) => +v.toFixed(12))).toEqual([0.1, 0.2, 0.3, 0.4]);
  });

  it('malformed files: unknown class ids, non-numeric values, boxes outside the image, with file:line', () => {
    expect(thrown(() => parseYoloLabels('labels/bad-class.txt', read('labels/bad-class.txt'), NAMES)).message).toBe(
      'labels/bad-class.txt:2: class id 7 is not in the class names (3 classes: 0..2)',
    );
    expect(thrown(() => parseYoloLabels('labels/bad-number.txt', read('labels/bad-number.txt'), NAMES)).message).toBe(
      'labels/bad-number.txt:1: "abc" is not a number',
    );
    const out = thrown(() => parseYoloLabels('labels/outside.txt', read('labels/outside.txt'), NAMES));
    expect(out.line).toBe(3);
    expect(out.message).toMatch(/^labels\/outside\.txt:3: box \(0\.8, 0\.4\)–\(1\.1, 0\.6\) lies outside the image/);
    const bad = (text: string): string => thrown(() => parseYoloLabels('l.txt', Buffer.from(text), NAMES)).message;
    expect(bad('0 0.5 0.5 0.2\n')).toMatch(/^l\.txt:1: expected "class x_center y_center width height" \(5 values\)/);
    expect(bad('-1 0.5 0.5 0.2 0.2\n')).toBe('l.txt:1: class id "-1" is not a non-negative whole number');
    expect(bad('1.5 0.5 0.5 0.2 0.2\n')).toBe('l.txt:1: class id "1.5" is not a non-negative whole number');
    expect(bad('0 0.5 0.5 0 0.2\n')).toBe('l.txt:1: box has no area (width 0, height 0.2)');
    expect(bad('0 0.5 0.5 0x1 0.2\n')).toBe('l.txt:1: "0x1" is not a number');
    expect(bad('0 0.5 0.5 Infinity 0.2\n')).toBe('l.txt:1: "Infinity" is not a number');
    expect(thrown(() => parseYoloLabels('l.txt', Buffer.from('0 0.5 0.5 0.2 0.2\n'.repeat(3)), NAMES, { maxBoxes: 2 })).message).toBe(
      'l.txt:3: more than 2 boxes',
    );
    expect(thrown(() => parseYoloLabels('l.txt', Buffer.from([0x30, 0x20, 0xff, 0xfe]), NAMES)).message).toBe('l.txt: not UTF-8 text');
  });

  it('clamps boxes that poke out of the image by less than the tolerance', () => {
    const [b] = parseYoloLabels('l.txt', Buffer.from('0 0.101 0.5 0.204 0.2\r\n'), NAMES).boxes;
    expect(b!.x).toBe(0);
    expect(b!.w).toBeCloseTo(0.203, 12);
  });

  it('without a names file, classes are their ids and any id is accepted', () => {
    const a = parseYoloLabels('l.txt', Buffer.from('12 0.5 0.5 0.2 0.2\n'), undefined);
    expect(a.boxes[0]!.label).toBe('12');
  });

  it('finds the label file of an image by replacing the last images/ folder with labels/', () => {
    const layout = yoloLayout('data/defects');
    expect(layout.labels).toBe('data/defects/labels');
    expect(yoloLabelPath('data/defects/images/a.jpg', layout)).toBe('data/defects/labels/a.txt');
    expect(yoloLabelPath('data/defects/images/train/b.v2.png', layout)).toBe('data/defects/labels/train/b.v2.txt');
    expect(yoloLabelPath('data/defects/train/images/c.jpg', layout)).toBe('data/defects/train/labels/c.txt');
    expect(yoloLabelPath('data/other/images/a.jpg', layout)).toBeUndefined();
    expect(yoloLabelPath('data/defects/a.jpg', layout)).toBeUndefined();
    // the labels folder itself may be named
    expect(yoloLayout('data/defects/labels/').root).toBe('data/defects');
    expect(yoloLayout('labels').root).toBe('');
    expect(yoloLabelPath('images/x.jpg', yoloLayout('labels'))).toBe('labels/x.txt');
  });
});

describe('parseDecimal (YOLO, VOC and COCO numbers)', () => {
  it('reads decimals and refuses the rest; a 1 MiB token of digits and a letter is refused at once (the old pattern backtracked for minutes)', async () => {
    const { parseDecimal } = await import('../../../src/data/annotations/types.js');
    expect(parseDecimal('0.5')).toBe(0.5);
    expect(parseDecimal('3.')).toBe(3);
    expect(parseDecimal('.25')).toBe(0.25);
    expect(parseDecimal('-1e2')).toBe(-100);
    expect(parseDecimal('Infinity')).toBeUndefined();
    expect(parseDecimal('0x1')).toBeUndefined();
    expect(parseDecimal('')).toBeUndefined();
    expect(parseDecimal(`${'1'.repeat(1 << 20)}x`)).toBeUndefined();
  });
});
