/**
 * Parquet through hyparquet: row group by row group (memory bounded by one group plus the sample),
 * columns in schema order. Values: numbers stay numbers (bigint → number when safe), strings go
 * through the cell rules, booleans → "true"/"false", dates → ISO text, bytes → hex, nested → JSON.
 */
import { open } from 'node:fs/promises';
import {
  parquetMetadataAsync,
  parquetRead,
  parquetSchema,
  type AsyncBuffer,
  type ColumnData,
  type DecodedArray,
  type FileMetaData,
  type SchemaTree,
} from 'hyparquet';
import { InputError, errorMessage } from '../../errors.js';
import type { FeatureValue } from '../item.js';
import { cutText } from './cells.js';
import { jsonValue } from './jsonl.js';
import { RowSampler, hashHex, textRowKey } from './sampler.js';
import { seededHash } from '../sample.js';
import { PARQUET_DECOMPRESSORS } from './parquet-codecs.js';
import { checkColumnChunk, type ColumnLevels } from './parquet-pages.js';
import { MAX_CELL_BYTES, MAX_COLUMNS, type ReadTableOptions, type TableInput, type TableSample } from './types.js';

/**
 * Rows a Parquet file may claim (docs/config.md "Limits"): its encodings store a constant column in a few
 * bytes, so a 150-byte file can claim 40 M rows, which hyparquet materializes. Beyond it the file is
 * unreadable.
 */
export const MAX_PARQUET_ROWS = 20_000_000;
/**
 * Cells decoded at once: a row group's flat columns are read in slices of at most this many rows × columns
 * (its repeated columns, lists and maps, once and whole: see readParquet).
 */
const SLICE_CELLS = 1 << 20;

/** column path (path_in_schema joined by a NUL) → its maximum repetition and definition levels, as hyparquet counts them */
function columnLevels(tree: SchemaTree): Map<string, ColumnLevels> {
  const out = new Map<string, ColumnLevels>();
  const walk = (node: SchemaTree, path: string[], rep: number, def: number) => {
    const r = rep + (node.element.repetition_type === 'REPEATED' ? 1 : 0);
    const d = def + (node.element.repetition_type !== 'REQUIRED' ? 1 : 0);
    if (node.children.length === 0) out.set(path.join('\0'), { maxRepetition: r, maxDefinition: d, boolean: node.element.type === 'BOOLEAN' });
    for (const c of node.children) walk(c, [...path, c.element.name], r, d);
  };
  for (const c of tree.children) walk(c, [c.element.name], 0, 0);
  return out;
}

/**
 * Walks the page headers of one row group's column chunks before hyparquet decodes them (see
 * parquet-pages.ts); a header that claims more than its chunk holds refuses the file.
 */
async function checkRowGroup(
  buf: AsyncBuffer,
  metadata: FileMetaData,
  group: FileMetaData['row_groups'][number],
  index: number,
  reps: Map<string, ColumnLevels>,
  file: string,
): Promise<void> {
  const dataEnd = buf.byteLength - 8 - metadata.metadata_length;
  for (const chunk of group.columns) {
    const meta = chunk.meta_data;
    if (!meta) throw new InputError(file, `unreadable Parquet data in row group ${index} (a column chunk without metadata)`);
    const path = meta.path_in_schema.join('.');
    const column = path.length > 80 ? `${path.slice(0, 80)}…` : path;
    const levels = reps.get(meta.path_in_schema.join('\0'));
    let problem: string | null;
    try {
      problem = levels === undefined ? 'a column chunk not in the schema' : await checkColumnChunk(buf, meta, Number(group.num_rows), levels, dataEnd);
    } catch (err) {
      problem = errorMessage(err);
    }
    if (problem) throw new InputError(file, `unreadable Parquet data in row group ${index}, column ${JSON.stringify(column)}: ${problem}`);
  }
}

/** whether a schema subtree holds a REPEATED field (a list, a map, a repeated primitive) */
function repeated(node: SchemaTree): boolean {
  return node.element.repetition_type === 'REPEATED' || node.children.some(repeated);
}

/**
 * One top-level column of a row group, decoded whole, as hyparquet hands it over (chunks with their first
 * row); rows are asked for in order, so a cursor finds each in constant time.
 */
class ColumnParts {
  private readonly parts: { start: number; data: DecodedArray }[] = [];
  private at = 0;

  add(start: number, data: DecodedArray): void {
    this.parts.push({ start, data });
  }

  /** the value of absolute row `row` (undefined where hyparquet gave none, as its rows would) */
  value(row: number): unknown {
    while (this.at < this.parts.length && row >= this.parts[this.at]!.start + this.parts[this.at]!.data.length) this.at++;
    const p = this.parts[this.at];
    return p && row >= p.start ? p.data[row - p.start] : undefined;
  }
}

/** A row in schema order from a slice's values of the other columns (`part`, in their order) and the repeated columns read whole. */
function joinRow(names: string[], nested: boolean[], part: unknown[], whole: ColumnParts[], row: number): unknown[] {
  const out = new Array<unknown>(names.length);
  let f = 0;
  let w = 0;
  for (let j = 0; j < names.length; j++) out[j] = nested[j] ? whole[w++]!.value(row) : part[f++];
  return out;
}

function parquetValue(v: unknown, raw: boolean, maxBytes: number | undefined): FeatureValue {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  // bytes as hex, of at most the cell cap's worth (a long value keeps its start plus `…`, as text cells do)
  if (v instanceof Uint8Array) {
    const max = maxBytes ?? MAX_CELL_BYTES;
    return v.length * 2 > max ? cutText(Buffer.from(v.subarray(0, Math.ceil(max / 2) + 1)).toString('hex'), max) : Buffer.from(v).toString('hex');
  }
  return jsonValue(v, raw, maxBytes);
}

function keyText(row: unknown[]): string {
  return JSON.stringify(row, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
}

async function fileBuffer(path: string): Promise<{ buf: AsyncBuffer; close: () => Promise<void> }> {
  const fh = await open(path, 'r');
  const { size } = await fh.stat();
  return {
    buf: {
      byteLength: size,
      async slice(start: number, end?: number): Promise<ArrayBuffer> {
        // a column chunk's range comes from the file's metadata: never allocate past the file
        const stop = Math.min(end ?? size, size);
        const out = new Uint8Array(Math.max(0, stop - start));
        let off = 0;
        while (off < out.length) {
          const { bytesRead } = await fh.read(out, off, out.length - off, start + off);
          if (bytesRead === 0) break;
          off += bytesRead;
        }
        return out.buffer;
      },
    },
    close: () => fh.close(),
  };
}

function memoryBuffer(data: Uint8Array): AsyncBuffer {
  const ab = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
  return { byteLength: ab.byteLength, slice: (s: number, e?: number) => ab.slice(s, e) };
}

export async function readParquet(input: TableInput, file: string, opts: ReadTableOptions): Promise<TableSample> {
  const src = 'path' in input ? await fileBuffer(input.path) : { buf: memoryBuffer(input.data), close: async () => {} };
  try {
    let metadata: FileMetaData;
    try {
      metadata = await parquetMetadataAsync(src.buf);
    } catch (err) {
      throw new InputError(file, `not a readable Parquet file (${errorMessage(err)})`);
    }
    const tree = parquetSchema(metadata);
    const names = tree.children.map((c) => c.element.name);
    if (names.length > MAX_COLUMNS) throw new InputError(file, `${names.length} columns (at most ${MAX_COLUMNS.toLocaleString('en-US')} per table)`);
    const raw = names.map((nm) => (opts.rawColumns ?? []).includes(nm));
    const total = Number(metadata.num_rows);
    if (total === 0) throw new InputError(file, 'no data rows');
    const claimed = metadata.row_groups.reduce((s, g) => s + Number(g.num_rows), 0);
    const maxRows = opts.maxParquetRows ?? MAX_PARQUET_ROWS;
    if (Math.max(total, claimed) > maxRows) {
      throw new InputError(
        file,
        `claims ${Math.max(total, claimed).toLocaleString('en-US')} rows (at most ${maxRows.toLocaleString('en-US')} per Parquet file)`,
      );
    }
    const slice = Math.max(1, Math.floor((opts.parquetSliceCells ?? SLICE_CELLS) / Math.max(1, names.length)));
    const sampler = opts.sampleSize > 0 ? new RowSampler<FeatureValue[]>(opts.sampleSize, opts.seed) : null;
    const cols: FeatureValue[][] = names.map(() => []);
    const keys: number[] | null = !sampler && opts.rowKeys !== false ? [] : null;
    let rowStart = 0;
    let seen = 0;
    const reps = columnLevels(tree);
    // hyparquet decodes a repeated column's whole chunk, a row's list each, for any range of rows (its rows
    // are found by walking the repetition levels): such columns (lists, maps) are read once per row group,
    // which holds no more than each slice's read did. The others are read slice by slice; a struct without
    // lists too, whose leaves are decoded whole for each slice but its objects made for the slice's rows only.
    const nested = tree.children.map(repeated);
    const once = new Set(names).size === names.length ? names.filter((_, j) => nested[j]) : [];
    const sliced = once.length ? names.filter((_, j) => !nested[j]) : names;
    const read = async (
      columns: string[] | undefined,
      from: number,
      to: number,
      into: { onChunk?: (c: ColumnData) => void; onComplete?: (rows: unknown[][]) => void },
    ) => {
      try {
        await parquetRead({ ...into, file: src.buf, metadata, compressors: PARQUET_DECOMPRESSORS, columns, rowStart: from, rowEnd: to });
      } catch (err) {
        throw new InputError(file, `unreadable Parquet data in rows ${from}–${to} (${errorMessage(err)})`);
      }
    };
    for (const [gi, group] of metadata.row_groups.entries()) {
      await checkRowGroup(src.buf, metadata, group, gi, reps, file);
      const groupEnd = rowStart + Number(group.num_rows);
      const whole = once.map(() => new ColumnParts());
      if (once.length) {
        await read(once, rowStart, groupEnd, {
          onChunk: (c) => whole[once.indexOf(c.columnName)]?.add(c.rowStart, c.columnData),
        });
      }
      while (rowStart < groupEnd) {
        const rowEnd = Math.min(groupEnd, rowStart + slice);
        let rows: unknown[][] = [];
        if (sliced.length) {
          await read(once.length ? sliced : undefined, rowStart, rowEnd, {
            onComplete: (r: unknown[][]) => {
              rows = r;
            },
          });
        } else {
          rows = Array.from({ length: rowEnd - rowStart }, () => []);
        }
        if (once.length) rows = rows.map((part, i) => joinRow(names, nested, part, whole, rowStart + i));
        for (const row of rows) {
          seen++;
          if (sampler) {
            const key = keyText(row);
            const h = seededHash(key, opts.seed);
            if (sampler.accepts(h))
              sampler.offer(
                h,
                textRowKey(key),
                row.map((v, j) => parquetValue(v, raw[j]!, opts.maxCellBytes)),
              );
          } else {
            if (keys) keys.push(seededHash(keyText(row), opts.seed));
            for (let j = 0; j < names.length; j++) cols[j]!.push(parquetValue(row[j], raw[j]!, opts.maxCellBytes));
          }
        }
        rowStart = rowEnd;
      }
    }
    if (seen === 0) throw new InputError(file, 'no data rows');
    const columns = new Map<string, FeatureValue[]>();
    let rowKeys: string[] = [];
    if (sampler) {
      const entries = sampler.entries();
      rowKeys = entries.map((e) => hashHex(e.hash));
      names.forEach((nm, j) =>
        columns.set(
          nm,
          entries.map((e) => e.value[j] ?? null),
        ),
      );
    } else {
      names.forEach((nm, j) => columns.set(nm, cols[j]!));
      if (keys) rowKeys = keys.map(hashHex);
    }
    return { columns, rowKeys, totalRows: seen, format: 'parquet' };
  } finally {
    await src.close();
  }
}
