import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../../src/errors.js';
import { parseVoc } from '../../../src/data/annotations/voc.js';

const FIX = new URL('../../fixtures/annotations/voc/', import.meta.url);
const read = (p: string): Buffer => readFileSync(new URL(p, FIX));

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

describe('Pascal VOC annotations', () => {
  it('reads size, filename and boxes (1-based inclusive pixel indices)', () => {
    const a = parseVoc('ann/part-0001.xml', read('part-0001.xml'));
    expect(a.filename).toBe('part-0001.jpg');
    expect(a.size).toEqual({ width: 200, height: 100 });
    expect(a.boxes.map((b) => b.label)).toEqual(['scratch', 'dent & pit']);
    // xmin 11..xmax 60 covers pixels 10..59: x = 10/200, w = 50/200
    expect(round(a.boxes[0]!)).toEqual([0.05, 0.2, 0.25, 0.2]);
    expect(round(a.boxes[1]!)).toEqual([0.5, 0, 0.5, 1]);
    expect(a.boxes[0]!.line).toBe(11);
  });

  it('malformed files: boxes outside the image, non-numeric values, with file:line', () => {
    expect(thrown(() => parseVoc('ann/outside.xml', read('outside.xml'))).message).toBe(
      'ann/outside.xml:6: <object> scratch: box (149, 9)–(230, 40) lies outside the 200×100 image',
    );
    expect(thrown(() => parseVoc('ann/bad-number.xml', read('bad-number.xml'))).message).toBe('ann/bad-number.xml:6: <xmin> is not a number: "1O"');
    expect(thrown(() => parseVoc('ann/unclosed.xml', read('unclosed.xml'))).message).toBe(
      'ann/unclosed.xml:5: not valid VOC XML: closing tag </annotation> does not match <object> (line 3)',
    );
    expect(thrown(() => parseVoc('a.xml', Buffer.from('<annotation><object><name>x</name></object></annotation>'))).message).toBe(
      'a.xml:1: <size> is missing (width and height are needed to place the boxes)',
    );
    expect(thrown(() => parseVoc('a.xml', Buffer.from('<annotation>\n<size><width>0</width><height>5</height></size></annotation>'))).message).toBe(
      'a.xml:2: <size><width> must be a positive whole number of pixels (got 0)',
    );
    expect(thrown(() => parseVoc('a.xml', Buffer.from('<doc/>'))).message).toBe('a.xml:1: root element is <doc>, expected <annotation>');
    const inverted =
      '<annotation><size><width>50</width><height>50</height></size><object><name>x</name><bndbox><xmin>30</xmin><ymin>1</ymin><xmax>10</xmax><ymax>5</ymax></bndbox></object></annotation>';
    expect(thrown(() => parseVoc('a.xml', Buffer.from(inverted))).message).toBe('a.xml:1: <object> x: box has no width (x from 29 to 10)');
  });

  it('refuses DTDs: entity expansion (billion laughs) and external entities never run', () => {
    const bomb = thrown(() => parseVoc('ann/billion-laughs.xml', read('billion-laughs.xml')));
    expect(bomb.message).toBe(
      'ann/billion-laughs.xml:2: not valid VOC XML: <!DOCTYPE is not accepted: DTDs and entity declarations are refused in annotation files',
    );
    expect(thrown(() => parseVoc('ann/external-entity.xml', read('external-entity.xml'))).message).toMatch(
      /^ann\/external-entity\.xml:2: not valid VOC XML: unknown entity &xxe;/,
    );
  });

  it('bounds the number of objects', () => {
    const many = `<annotation><size><width>10</width><height>10</height></size>${'<object><name>a</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>2</xmax><ymax>2</ymax></bndbox></object>'.repeat(4)}</annotation>`;
    expect(parseVoc('a.xml', Buffer.from(many)).boxes).toHaveLength(4);
    expect(thrown(() => parseVoc('a.xml', Buffer.from(many), { maxBoxes: 3 })).message).toBe('a.xml:1: 4 objects (more than 3)');
  });
});
