import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../../src/errors.js';
import { CocoMatcher, parseCoco } from '../../../src/data/annotations/coco.js';
import { jsonErrorOffset, locateElements, linesOf } from '../../../src/data/annotations/json-locate.js';

const FILE = 'annotations/instances_val.json';
const DATA = readFileSync(new URL('../../fixtures/annotations/coco/instances_val.json', import.meta.url));

function thrown(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

const round = (b: { x: number; y: number; w: number; h: number }): number[] => [b.x, b.y, b.w, b.h].map((v) => +v.toFixed(12));

describe('COCO annotations', () => {
  const index = parseCoco(FILE, DATA);
  const m = new CocoMatcher(index);

  it('reads images, categories and pixel boxes; crowd annotations are left out', () => {
    expect([...index.categories]).toEqual([
      ['1', 'scratch'],
      ['2', 'dent'],
      ['3', 'crack'],
    ]);
    const a = m.match('data/images/part-0001.jpg');
    expect(a.kind).toBe('boxes');
    if (a.kind !== 'boxes') return;
    expect(a.value.size).toEqual({ width: 200, height: 100 });
    expect(a.value.boxes.map((b) => b.label)).toEqual(['scratch', 'crack']);
    expect(round(a.value.boxes[0]!)).toEqual([0.05, 0.2, 0.25, 0.2]);
    expect(round(a.value.boxes[1]!)).toEqual([0.5, 0, 0.5, 1]);
    expect(index.crowd).toBe(1);
    expect(index.orphans).toBe(1);
  });

  it('an image with no annotations has no objects; an image not in the file is missing', () => {
    expect(m.match('data/train/part-0002.jpg')).toEqual({ kind: 'boxes', value: { file: FILE, boxes: [], size: { width: 200, height: 100 } } });
    expect(m.match('data/part-0099.jpg')).toEqual({ kind: 'missing', reason: `not in ${FILE}` });
  });

  it('malformed entries make their image a problem with file:line, the rest is read', () => {
    expect(m.match('d/part-0003.jpg')).toEqual({
      kind: 'problem',
      reason: `${FILE}:15: annotation 13 of part-0003.jpg: category_id 9 is not in categories`,
      file: FILE,
    });
    expect(m.match('d/part-0004.jpg')).toEqual({
      kind: 'problem',
      reason: `${FILE}:16: annotation 14 of part-0004.jpg: bbox must be 4 numbers [x, y, width, height]`,
      file: FILE,
    });
    expect(m.match('d/part-0005.jpg')).toEqual({
      kind: 'problem',
      reason: `${FILE}:17: annotation 15 of part-0005.jpg: box (150, 10)–(230, 20) lies outside the 200×100 image`,
      file: FILE,
    });
    expect(m.match('d/part-0006.jpg')).toEqual({
      kind: 'problem',
      reason: `${FILE}:9: image 6 (part-0006.jpg): width and height must be positive whole numbers of pixels`,
      file: FILE,
    });
  });

  it('matches file_name by the longest path suffix; equal matches are a problem', () => {
    const text = JSON.stringify({
      images: [
        { id: 1, file_name: 'a/x.jpg', width: 10, height: 10 },
        { id: 2, file_name: 'b/x.jpg', width: 10, height: 10 },
      ],
      annotations: [{ id: 1, image_id: 2, category_id: 1, bbox: [0, 0, 5, 5] }],
      categories: [{ id: 1, name: 'c' }],
    });
    const mm = new CocoMatcher(parseCoco('i.json', Buffer.from(text)));
    const b = mm.match('data/b/x.jpg');
    expect(b.kind === 'boxes' && b.value.boxes.length).toBe(1);
    expect(mm.match('data/x.jpg')).toEqual({
      kind: 'problem',
      reason: 'i.json: 2 images match data/x.jpg (file_name a/x.jpg); give them distinct paths',
      file: 'i.json',
    });
  });

  it('a file that is not COCO is an InputError naming the file (and line)', () => {
    expect(thrown(() => parseCoco('i.json', Buffer.from('{\n  "images": [],\n  "annotations": [,]\n}'))).message).toBe(
      "i.json:3: not valid JSON: Unexpected token ','",
    );
    expect(thrown(() => parseCoco('i.json', Buffer.from('[1, 2]'))).message).toBe(
      'i.json:1: a COCO file is a JSON object with images, annotations and categories',
    );
    expect(thrown(() => parseCoco('i.json', Buffer.from('{"images": [], "annotations": []}'))).message).toBe(
      'i.json:1: "categories" must be an array (COCO detection format)',
    );
    const dup = '{"images": [],\n "annotations": [],\n "categories": [\n {"id": 1, "name": "a"},\n {"id": 1, "name": "b"}]}';
    expect(thrown(() => parseCoco('i.json', Buffer.from(dup))).message).toBe('i.json:5: categories[1]: duplicate category id 1');
    const noName = '{"images": [\n{"id": 1}], "annotations": [], "categories": []}';
    expect(thrown(() => parseCoco('i.json', Buffer.from(noName))).message).toBe('i.json:2: images[0]: an image needs an id and a file_name');
  });

  it('bounds size and entry counts before and after parsing', () => {
    expect(thrown(() => parseCoco('big.json', DATA, { maxCocoBytes: 1000 })).message).toMatch(/^big\.json: COCO file too large \(0\.0 MiB > 0\.0 MiB limit\)$/);
    expect(thrown(() => parseCoco('i.json', DATA, { maxCocoEntries: 5 })).message).toBe('i.json: 16 entries (more than 5)');
    expect(thrown(() => parseCoco('x.json', Buffer.from([0x7b, 0xff]))).message).toBe('x.json: not UTF-8 text');
  });
});

describe('JSON locator', () => {
  it('finds where elements of a top-level array start, skipping strings with brackets and escapes', () => {
    const text = '{"a": {"x": "]}\\"["}, "items": [\n 1,\n {"k": [1, {"z": "}"}]},\n "s"\n]}';
    const at = locateElements(text, 'items', new Set([0, 1, 2]));
    const lines = linesOf(text, at.values());
    expect([0, 1, 2].map((i) => lines.get(at.get(i)!))).toEqual([2, 3, 4]);
    expect(text.slice(at.get(2)!, at.get(2)! + 3)).toBe('"s"');
    expect(locateElements(text, 'missing', new Set([0])).size).toBe(0);
  });
});

describe('JSON syntax error offsets', () => {
  it('agrees with JSON.parse on valid and invalid texts', () => {
    const valid = ['{}', '[]', ' {"a": [1, -2.5e3, true, false, null, "x\\"\\u00e9"], "b": {}} ', '"s"', '0'];
    for (const t of valid) {
      expect(() => JSON.parse(t)).not.toThrow();
      expect(jsonErrorOffset(t)).toBeUndefined();
    }
    const invalid: Array<[string, number]> = [
      ['{"a": [,]}', 7],
      ['{"a": 1,}', 8],
      ['{"a" 1}', 5],
      ['[1, 2', 5],
      ['[01]', 2],
      ['{"a": "x\ny"}', 8],
      ['{"a": "\\q"}', 7],
      ['[1] 2', 4],
      ['', 0],
      ['[tru]', 1],
    ];
    for (const [t, at] of invalid) {
      expect(() => JSON.parse(t)).toThrow(SyntaxError);
      expect([t, jsonErrorOffset(t)]).toEqual([t, at]);
    }
  });

  it('deep nesting costs no stack', () => {
    const deep = '['.repeat(200000) + ']'.repeat(200000);
    expect(jsonErrorOffset(deep)).toBeUndefined();
    expect(jsonErrorOffset(deep.slice(0, -1))).toBe(deep.length - 1);
  });
});
