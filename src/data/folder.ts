/**
 * One dataset as two folders on disk (`compare --base DIR --head DIR`): list the files of each side
 * recursively, detect the modality from extensions, sample each side (seeded bottom-k on the
 * relative path, stratified by label), read and featurize the sample, and record what was skipped
 * and why. The same `CollectedDataset` as the git collector (src/data/collect.ts) comes out, so the
 * evaluation stage (src/evaluate.ts) does not know where the data came from.
 *
 * Item status compares the sha256 of the file at the same relative path on the other side
 * (unchanged / modified / added / deleted); a file on one side only whose content is on the other
 * side only, under another path, is `renamed`.
 */
import { createHash } from 'node:crypto';
import { createReadStream, type Dirent } from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { UserError, errorMessage } from '../errors.js';
import { silentLogger, type Logger } from '../log.js';
import { noProgress, type ProgressFactory } from '../progress.js';
import { boundName, type Modality, type Side, type SkippedItem } from '../contracts/index.js';
import { audioFeatures } from './audio.js';
import { mapLimit, sampleSides, type CollectedDataset } from './collect.js';
import type { LabelSource } from './config-types.js';
import { formatBytes } from './git.js';
import { imageFeatures, type ImageOptions } from './image.js';
import type { FeatureValue, Item, ItemStatus } from './item.js';
import { countLabels, directoryLabel, unlabelledOf } from './labels.js';
import { belongsTo, detectModality, extOf, isTableFile } from './modality.js';
import { noCounts } from './unreadable.js';
import { addUnseenTokenShare, TEXT_EXTENSIONS, textFileFeatures } from './text.js';

/** the modalities a folder comparison reads (tables are compared file against file) */
export type FolderModality = Exclude<Modality, 'tabular'>;
export const FOLDER_MODALITIES: readonly FolderModality[] = ['image', 'audio', 'text'];
export type FolderLabels = 'directory' | 'none';

export interface FolderOptions {
  /** `auto` (default): the modality most files of base (else head) have by extension */
  modality?: FolderModality | 'auto';
  /** `directory`: an item's label is its parent folder's name (default none) */
  labels?: FolderLabels;
  /** files per side; 0 = every file */
  sampleSize: number;
  seed: number;
  /** dataset name (default: the head folder's name) */
  name?: string;
  /** files above this are skipped (default 100 MiB) */
  maxFileBytes?: number;
  /** reads in flight (default 3) */
  concurrency?: number;
  image?: ImageOptions;
  /** keep raw bytes on image/audio items for embedding (default true) */
  keepBytes?: boolean;
  log?: Logger;
  progress?: ProgressFactory;
}

/** A regular file under a folder. */
export interface FolderFile {
  /** relative to the folder, `/`-separated */
  path: string;
  /** absolute path to read */
  abs: string;
  size: number;
}

export const DEFAULT_MAX_FILE_BYTES = 100 * 1024 * 1024;

/** Absolute, symlink-resolved path of a folder; a UserError naming it when it is not one. */
export async function resolveFolder(dir: string, side: Side): Promise<string> {
  let real: string;
  try {
    real = await fsp.realpath(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`${dir}: ${code === 'ENOENT' ? 'no such folder' : `cannot open (${errorMessage(err)})`} (--${side})`);
  }
  const st = await fsp.stat(real);
  if (!st.isDirectory()) throw new UserError(`${dir}: not a folder (--${side})`);
  return real;
}

const inside = (root: string, p: string): boolean => p === root || p.startsWith(root.endsWith(path.sep) ? root : root + path.sep);

/**
 * Every regular file under `root` (an absolute, resolved folder), sorted by relative path. Names
 * starting with `.` (files and folders) are left out. Symbolic links are followed only to files
 * inside the folder; links that leave it, and unreadable folders, become `skipped` entries; links
 * to folders are not followed (their files are listed under the link's target, or not at all).
 */
export async function listFolder(root: string, side: Side, log: Logger = silentLogger): Promise<{ files: FolderFile[]; skipped: SkippedItem[] }> {
  const files: FolderFile[] = [];
  const skipped: SkippedItem[] = [];
  const walk = async (absDir: string, relDir: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await fsp.readdir(absDir, { withFileTypes: true });
    } catch (err) {
      skipped.push({ path: relDir === '' ? '.' : relDir, side, reason: `cannot list folder (${errorMessage(err)})` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // sizes of this folder's regular files, a few stats in flight
    const plain = entries.filter((e) => e.isFile() && !e.name.startsWith('.'));
    const sizes = new Map<string, number | Error>();
    await mapLimit(plain, 16, async (e) => {
      try {
        sizes.set(e.name, (await fsp.stat(path.join(absDir, e.name))).size);
      } catch (err) {
        sizes.set(e.name, err instanceof Error ? err : new Error(String(err)));
      }
    });
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const abs = path.join(absDir, e.name);
      const rel = relDir === '' ? e.name : `${relDir}/${e.name}`;
      if (e.isDirectory()) {
        await walk(abs, rel);
      } else if (e.isFile()) {
        const size = sizes.get(e.name)!;
        if (typeof size === 'number') files.push({ path: rel, abs, size });
        else skipped.push({ path: rel, side, reason: `cannot read (${errorMessage(size)})` });
      } else if (e.isSymbolicLink()) {
        let target: string;
        try {
          target = await fsp.realpath(abs);
        } catch {
          skipped.push({ path: rel, side, reason: 'broken symbolic link' });
          continue;
        }
        if (!inside(root, target)) {
          skipped.push({ path: rel, side, reason: 'symbolic link to outside the folder (not followed)' });
          continue;
        }
        let st;
        try {
          st = await fsp.stat(target);
        } catch (err) {
          skipped.push({ path: rel, side, reason: `cannot read (${errorMessage(err)})` });
          continue;
        }
        if (st.isFile()) files.push({ path: rel, abs: target, size: st.size });
        else if (st.isDirectory()) log.debug(`${rel}: symbolic link to a folder inside ${root}; not followed`);
      }
      // sockets, FIFOs, devices: not data
    }
  };
  await walk(root, '');
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, skipped };
}

/** Whether a file is data of this modality in a folder comparison (text means .txt/.md files). */
export function folderFileBelongs(modality: FolderModality, p: string): boolean {
  return modality === 'text' ? TEXT_EXTENSIONS.includes(extOf(p)) : belongsTo(modality, p);
}

/**
 * The modality of two folders from their files' extensions (base first, then head); a UserError
 * when neither holds image, audio or text files.
 */
export function detectFolderModality(headPaths: readonly string[], basePaths: readonly string[], dirs: { base: string; head: string }): FolderModality {
  const notTable = (ps: readonly string[]) => ps.filter((p) => !isTableFile(p));
  const m = detectModality(notTable(basePaths)) ?? detectModality(notTable(headPaths));
  if (m && m !== 'tabular') return m;
  const tables = [...headPaths, ...basePaths].filter(isTableFile).length;
  if (tables > 0) {
    throw new UserError(
      `${dirs.head}, ${dirs.base}: the folders hold table files only (${tables}); compare two table files with compare --base FILE --head FILE`,
    );
  }
  throw new UserError(`${dirs.base}, ${dirs.head}: no image, audio or text files in either folder`);
}

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** sha256 of a file, streamed (files not in the sample are hashed without being held in memory). */
async function hashFile(abs: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(abs)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

type ReadOutcome =
  | { ok: true; hash: string; features: Record<string, FeatureValue>; bytes?: Uint8Array; text?: string; truncated?: true }
  | { ok: false; hash?: string; reason: string };

async function featurize(
  modality: FolderModality,
  data: Uint8Array,
  image?: ImageOptions,
): Promise<{ features: Record<string, FeatureValue>; bytes?: Uint8Array; text?: string; truncated?: true } | { reason: string }> {
  switch (modality) {
    case 'image':
      return { features: await imageFeatures(data, image), bytes: data };
    case 'audio':
      return { features: audioFeatures(data), bytes: data };
    case 'text': {
      const t = textFileFeatures(data);
      if (t === undefined) return { reason: 'not a text file (binary content)' };
      return t;
    }
  }
}

/** Collect two folders as one dataset (base = reference, head = current). */
export async function collectFolders(baseDir: string, headDir: string, opts: FolderOptions): Promise<CollectedDataset> {
  const log = opts.log ?? silentLogger;
  const progress = opts.progress ?? noProgress;
  const labelsSetting: FolderLabels = opts.labels ?? 'none';
  const labelSource: LabelSource = labelsSetting === 'directory' ? { kind: 'directory' } : { kind: 'none' };
  const maxBytes = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const concurrency = opts.concurrency ?? 3;
  if (!Number.isInteger(opts.sampleSize) || opts.sampleSize < 0) throw new UserError(`--sample-size must be a whole number ≥ 0, got ${opts.sampleSize}`);
  const roots = { base: await resolveFolder(baseDir, 'base'), head: await resolveFolder(headDir, 'head') };
  const name = opts.name ?? path.basename(roots.head);

  const listed = { base: await listFolder(roots.base, 'base', log), head: await listFolder(roots.head, 'head', log) };
  const skipped: SkippedItem[] = [...listed.base.skipped, ...listed.head.skipped];

  const requested = opts.modality ?? 'auto';
  if (requested !== 'auto' && !FOLDER_MODALITIES.includes(requested)) {
    throw new UserError(`--modality must be one of auto, ${FOLDER_MODALITIES.join(', ')}; got ${String(requested)}`);
  }
  const modality: FolderModality =
    requested === 'auto'
      ? detectFolderModality(
          listed.head.files.map((f) => f.path),
          listed.base.files.map((f) => f.path),
          { base: baseDir, head: headDir },
        )
      : requested;
  const files = {
    base: listed.base.files.filter((f) => folderFileBelongs(modality, f.path)),
    head: listed.head.files.filter((f) => folderFileBelongs(modality, f.path)),
  };
  for (const side of ['base', 'head'] as const) {
    const ignored = listed[side].files.length - files[side].length;
    if (ignored > 0) log.info(`${side} ${side === 'base' ? baseDir : headDir}: ${ignored} file(s) are not ${modality} data; ignored`);
  }
  log.info(`${name}: ${modality} folders, ${files.base.length} base and ${files.head.length} head file(s)`);

  // content hashes, computed once per file (the sampled files' hashes come from reading them)
  const hashes: Record<Side, Map<string, Promise<string | undefined>>> = { base: new Map(), head: new Map() };
  const hashOf = (side: Side, f: FolderFile): Promise<string | undefined> => {
    let h = hashes[side].get(f.path);
    if (!h) {
      h = f.size > maxBytes ? Promise.resolve(undefined) : hashFile(f.abs).catch(() => undefined);
      hashes[side].set(f.path, h);
    }
    return h;
  };

  // statuses and change counts over every file: same-path pairs by content, then renames among the
  // one-sided files (same size and content)
  const byPath = { base: new Map(files.base.map((f) => [f.path, f])), head: new Map(files.head.map((f) => [f.path, f])) };
  const common = files.head.filter((f) => byPath.base.has(f.path));
  const onlyHead = files.head.filter((f) => !byPath.base.has(f.path));
  const onlyBase = files.base.filter((f) => !byPath.head.has(f.path));
  const status: Record<Side, Map<string, ItemStatus>> = { base: new Map(), head: new Map() };
  const changes = { added: 0, modified: 0, deleted: 0, renamed: 0 };
  const sameSize = common.filter((f) => byPath.base.get(f.path)!.size === f.size);
  const baseSizes = new Set(onlyBase.map((f) => f.size));
  const renameCandidates = onlyHead.filter((f) => baseSizes.has(f.size));
  const headSizes = new Set(renameCandidates.map((f) => f.size));
  const baseCandidates = onlyBase.filter((f) => headSizes.has(f.size));
  const toHash = sameSize.length * 2 + renameCandidates.length + baseCandidates.length;
  const hashBar = toHash > 0 ? progress(`${name} (hashing)`, toHash) : null;
  const tick = <T>(p: Promise<T>): Promise<T> => p.finally(() => hashBar?.tick());
  await mapLimit(sameSize, concurrency, async (f) => {
    await Promise.all([tick(hashOf('base', byPath.base.get(f.path)!)), tick(hashOf('head', f))]);
  });
  await mapLimit([...renameCandidates.map((f) => ['head', f] as const), ...baseCandidates.map((f) => ['base', f] as const)], concurrency, ([side, f]) =>
    tick(hashOf(side, f)),
  );
  hashBar?.done();
  for (const f of common) {
    const b = byPath.base.get(f.path)!;
    let same = false;
    if (b.size === f.size) {
      const [hb, hh] = await Promise.all([hashOf('base', b), hashOf('head', f)]);
      same = hb !== undefined && hb === hh;
    }
    const s: ItemStatus = same ? 'unchanged' : 'modified';
    status.base.set(f.path, s);
    status.head.set(f.path, s);
    if (!same) changes.modified++;
  }
  const baseByContent = new Map<string, FolderFile[]>();
  for (const f of baseCandidates) {
    const h = await hashOf('base', f);
    if (h === undefined) continue;
    const key = `${f.size}:${h}`;
    const list = baseByContent.get(key);
    if (list) list.push(f);
    else baseByContent.set(key, [f]);
  }
  for (const f of onlyHead) {
    let renamedFrom: FolderFile | undefined;
    if (baseSizes.has(f.size)) {
      const h = await hashOf('head', f);
      renamedFrom = h === undefined ? undefined : baseByContent.get(`${f.size}:${h}`)?.shift();
    }
    if (renamedFrom) {
      status.head.set(f.path, 'renamed');
      status.base.set(renamedFrom.path, 'renamed');
      changes.renamed++;
    } else {
      status.head.set(f.path, 'added');
      changes.added++;
    }
  }
  for (const f of onlyBase) {
    if (!status.base.has(f.path)) {
      status.base.set(f.path, 'deleted');
      changes.deleted++;
    }
  }

  // sample: coordinated seeded sampling on the relative path (same decision for a file on both sides)
  const labelOf = labelSource.kind === 'directory' ? (_side: Side, f: FolderFile) => directoryLabel(f.path) : undefined;
  const sampled = sampleSides(files, opts.sampleSize, opts.seed, labelOf);

  // read + featurize; identical content is featurized once
  const featureCache = new Map<string, Promise<Awaited<ReturnType<typeof featurize>>>>();
  const readOne = async (side: Side, f: FolderFile): Promise<ReadOutcome> => {
    if (f.size > maxBytes) return { ok: false, reason: `file too large (${formatBytes(f.size)} > ${formatBytes(maxBytes)})` };
    let data: Buffer;
    try {
      data = await fsp.readFile(f.abs);
    } catch (err) {
      return { ok: false, reason: `cannot read (${errorMessage(err)})` };
    }
    const hash = sha256Hex(data);
    if (!hashes[side].has(f.path)) hashes[side].set(f.path, Promise.resolve(hash));
    let p = featureCache.get(hash);
    if (!p) {
      p = featurize(modality, data, opts.image).catch((err: unknown) => ({ reason: errorMessage(err) }));
      featureCache.set(hash, p);
    }
    const r = await p;
    if ('reason' in r) return { ok: false, hash, reason: r.reason };
    return {
      ok: true,
      hash,
      features: r.features,
      ...(r.bytes ? { bytes: data } : {}),
      ...(r.text !== undefined ? { text: r.text } : {}),
      ...('truncated' in r && r.truncated ? { truncated: r.truncated } : {}),
    };
  };

  const items: Record<Side, Item[]> = { base: [], head: [] };
  const failed: Record<Side, SkippedItem[]> = { base: [], head: [] };
  for (const side of ['base', 'head'] as const) {
    const list = sampled[side];
    const bar = progress(`${name} (${side})`, list.length);
    const outcomes = await mapLimit(list, concurrency, async (f) => {
      const r = await readOne(side, f);
      bar.tick();
      return r;
    });
    bar.done();
    list.forEach((f, i) => {
      const r = outcomes[i]!;
      if (!r.ok) {
        failed[side].push({ path: f.path, side, reason: r.reason });
        return;
      }
      const item: Item = {
        id: f.path,
        path: f.path,
        side,
        status: status[side].get(f.path) ?? (side === 'head' ? 'added' : 'deleted'),
        contentHash: r.hash,
        features: { ...r.features },
      };
      const label = labelOf?.(side, f);
      if (label !== undefined) item.label = boundName(label);
      if (r.bytes && opts.keepBytes !== false) item.bytes = r.bytes;
      if (r.text !== undefined) item.text = r.text;
      if (r.truncated) item.textTruncated = true;
      items[side].push(item);
    });
    skipped.push(...failed[side]);
  }
  if (modality === 'text') addUnseenTokenShare(items.base, items.head);

  const result: CollectedDataset = {
    name,
    modality,
    labelSource,
    labelsSetting,
    base: items.base,
    head: items.head,
    total: { base: files.base.length, head: files.head.length },
    changes,
    skipped,
    unreadable: {
      base: { ...noCounts(), items: { tried: sampled.base.length, failed: failed.base.length } },
      head: { ...noCounts(), items: { tried: sampled.head.length, failed: failed.head.length } },
    },
  };
  if (labelSource.kind !== 'none') {
    result.labels = { source: labelsSetting, base: countLabels(items.base), head: countLabels(items.head) };
    const unlabelled = unlabelledOf(items.base, items.head);
    if (unlabelled) result.labels.unlabelled = unlabelled;
  }
  const error =
    sideError('base', baseDir, files.base.length, sampled.base.length, items.base.length, failed.base, modality) ??
    sideError('head', headDir, files.head.length, sampled.head.length, items.head.length, failed.head, modality);
  if (error !== undefined) result.error = error;
  return result;
}

/**
 * Why one side cannot be analyzed at all: no files of the modality, or none of the sampled ones
 * readable. Some unreadable files are evidence, not a reason (src/data/unreadable.ts).
 */
function sideError(
  side: Side,
  dir: string,
  available: number,
  attempted: number,
  readable: number,
  failed: SkippedItem[],
  modality: FolderModality,
): string | undefined {
  if (available === 0) return `no ${modality} files in ${dir} (${side})`;
  if (readable === 0 && attempted > 0) {
    const byReason = new Map<string, number>();
    for (const f of failed) {
      const key = f.reason.replace(/ \(.*\)$/, '');
      byReason.set(key, (byReason.get(key) ?? 0) + 1);
    }
    const [top] = [...byReason.entries()].sort((a, b) => b[1] - a[1]);
    return `none of the ${attempted} sampled ${side} item${attempted === 1 ? '' : 's'} could be read${top ? ` (most common: ${top[0]}, ${top[1]}×)` : ''}`;
  }
  return undefined;
}
