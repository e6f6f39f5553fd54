/** The unreadable share's arithmetic (src/data/unreadable.ts): items, table rows estimated from line counts. */
import { describe, expect, it } from '@jest/globals';
import { gzipSync } from 'node:zlib';
import { estimateTableRows, noCounts, unreadableReport, unreadableSide, withLaterFailures } from '../../src/data/unreadable.js';

describe('estimateTableRows', () => {
  it('counts data lines of CSV/TSV (minus the header) and JSONL, gzipped too; Parquet is unknown', () => {
    const csv = Buffer.from('a,b\n1,2\n3,4\n5\n');
    expect(estimateTableRows('x.csv', csv)).toBe(3);
    expect(estimateTableRows('x.csv', Buffer.from('a,b\n'))).toBe(0); // header only: no rows lost
    expect(estimateTableRows('x.tsv', Buffer.from('a\tb\n1\t2'))).toBe(1); // no final newline
    expect(estimateTableRows('x.jsonl', Buffer.from('{"a":1}\n{"a":2}\n'))).toBe(2);
    expect(estimateTableRows('x.csv.gz', gzipSync(csv))).toBe(3);
    expect(estimateTableRows('x.csv.gz', Buffer.from('not gzip'))).toBeUndefined();
    expect(estimateTableRows('x.parquet', Buffer.from('PAR1'))).toBeUndefined();
    expect(estimateTableRows('x.csv', undefined)).toBeUndefined();
  });
});

describe('unreadableSide', () => {
  it('items share for files; rows share for tables, unknown rows taken as the mean of the readable tables', () => {
    expect(unreadableSide({ ...noCounts(), items: { tried: 40, failed: 10 } })).toEqual({ items: 10, of: 40, share: 0.25 });
    // two readable tables of 100 rows each, one unreadable Parquet file (rows unknown: 100), one header-only CSV (0)
    const t = unreadableSide({ ...noCounts(), tables: { tried: 4, failed: 2, rowsRead: 200, failedRows: [undefined, 0] } });
    expect(t).toEqual({ items: 2, of: 4, rows: { unreadable: 100, of: 300 }, share: 100 / 300 });
    expect(unreadableReport({ base: noCounts(), head: noCounts() })).toBeUndefined();
  });

  it('items that fail after reading (embedding) count too', () => {
    const c = { base: { ...noCounts(), items: { tried: 10, failed: 0 } }, head: { ...noCounts(), items: { tried: 10, failed: 1 } } };
    const u = unreadableReport(
      withLaterFailures(c, [
        { path: 'a', side: 'head', reason: 'cannot decode' },
        { path: 'b', side: 'base', reason: 'cannot decode' },
      ]),
    )!;
    expect(u.head).toEqual({ items: 2, of: 10, share: 0.2 });
    expect(u.base).toEqual({ items: 1, of: 10, share: 0.1 });
    expect(c.head.items.failed).toBe(1); // the input is not changed
  });
});
