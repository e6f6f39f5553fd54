import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../src/errors.js';
import { countLabels, directoryLabel, parseLabelFile } from '../../src/data/labels.js';

describe('labels', () => {
  it('directory: the parent folder name', () => {
    expect(directoryLabel('data/cats/1.png')).toBe('cats');
    expect(directoryLabel('data/train/dogs/x.jpg')).toBe('dogs');
    expect(directoryLabel('top.png')).toBeUndefined();
  });

  it('file: path,label CSV with or without header, relative to the root or the CSV folder', () => {
    const noHeader = parseLabelFile('labels.csv', Buffer.from('data/a.png,ok\ndata/b.png,defect\n'));
    expect([...noHeader]).toEqual([
      ['data/a.png', 'ok'],
      ['data/b.png', 'defect'],
    ]);
    const withHeader = parseLabelFile('data/labels.csv', Buffer.from('label,filename\nok,a.png\n"de,fect",./sub/b.png\n'));
    expect(withHeader.get('a.png')).toBe('ok');
    expect(withHeader.get('data/a.png')).toBe('ok');
    expect(withHeader.get('data/sub/b.png')).toBe('de,fect');
    expect(withHeader.has('label')).toBe(false);
  });

  it('a malformed label file names the file', () => {
    expect(() => parseLabelFile('l.csv', Buffer.from('a.png\n'))).toThrow(InputError);
    expect(() => parseLabelFile('l.csv', Buffer.from('a.png\n'))).toThrow(/^l\.csv:1: expected two columns/);
    expect(() => parseLabelFile('l.csv', Buffer.from('a,"b\n'))).toThrow(/^l\.csv:\d+: label file is not valid CSV/);
  });

  it('counts labels', () => {
    expect(countLabels([{ label: 'a' }, { label: 'b' }, { label: 'a' }, {}])).toEqual({ a: 2, b: 1 });
  });
});
