/**
 * Builds a dataset repository with a base and a head commit from a declarative spec: rendered part
 * photographs under `data/parts/<label>/`, an augmentation config and `.github/transfer-risk.yml`.
 * Used by the demo and by the scenario checks of the risk verdicts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { UserError, errorMessage } from '../errors.js';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { renderPart, type Camera, type DefectKind, type PartKind, REFERENCE_CAMERA } from './render.js';

export interface ImageSpec {
  /** path inside the repository */
  path: string;
  part: PartKind;
  defect: DefectKind;
  seed: number;
  camera: Camera;
  /** multiplies the defect's size (default 1) */
  defectScale?: number;
  /** write a YOLO label file for the image: its path and the class list the defect's id comes from */
  yolo?: { labels: string; classes: readonly string[] };
}

export interface RevisionSpec {
  images: ImageSpec[];
  /** file path → text content (configs) */
  files: Record<string, string>;
}

export interface RepoSpec {
  base: RevisionSpec;
  head: RevisionSpec;
}

/** The author and committer of every demo commit (also how a demo repository made before the marker is recognized). */
const DEMO_EMAIL = 'demo@transfer-risk.invalid';

const PARTS: PartKind[] = ['gear', 'nut', 'bolt'];
const DEFECTS: DefectKind[] = ['scratch', 'dent', 'crack'];

/** `count` part photographs labelled by part type (folder = part), seeds from `seed0`. */
export function partImages(count: number, seed0: number, camera: Camera = REFERENCE_CAMERA, dir = 'data/parts'): ImageSpec[] {
  return Array.from({ length: count }, (_, i) => {
    const part = PARTS[i % PARTS.length]!;
    return { path: `${dir}/${part}/${part}-${String(seed0 + i).padStart(4, '0')}.jpg`, part, defect: 'none' as DefectKind, seed: seed0 + i, camera };
  });
}

/**
 * `count` part photographs labelled by surface defect (folder = ok | scratch | dent | crack): the
 * parts are the same mix, the label is a tiny mark on them.
 */
export function defectImages(count: number, seed0: number, camera: Camera = REFERENCE_CAMERA, dir = 'data/parts'): ImageSpec[] {
  return Array.from({ length: count }, (_, i) => {
    const part = PARTS[i % PARTS.length]!;
    const k = Math.floor(i / PARTS.length) % (DEFECTS.length + 1);
    const defect: DefectKind = k === 0 ? 'none' : DEFECTS[k - 1]!;
    const label = defect === 'none' ? 'ok' : defect;
    return { path: `${dir}/${label}/${part}-${String(seed0 + i).padStart(4, '0')}.jpg`, part, defect, seed: seed0 + i, camera };
  });
}

/** The defect classes of the YOLO demo datasets, in class-id order (classes.txt). */
export const DEFECT_CLASSES: readonly DefectKind[] = ['scratch', 'dent', 'crack', 'spot'];

/** classes.txt of a YOLO dataset: one class name per line, line k = class id k. */
export function yoloClassesFile(classes: readonly string[] = DEFECT_CLASSES): string {
  return classes.join('\n') + '\n';
}

export interface YoloDefectOptions {
  camera?: Camera;
  /** multiplies the defects' size (default 1) */
  defectScale?: number;
  /** defect kinds, cycled over the images ('none' = an image without objects); default none, scratch, dent, crack */
  defects?: readonly DefectKind[];
  /** dataset root holding images/ and labels/ (default data/defects) */
  dir?: string;
  classes?: readonly string[];
}

/**
 * `count` part photographs as a YOLO detection dataset: `<dir>/images/<part>-<seed>.jpg` with the
 * defect's box in `<dir>/labels/<part>-<seed>.txt` (an empty file for a clean part).
 */
export function yoloDefectImages(count: number, seed0: number, opts: YoloDefectOptions = {}): ImageSpec[] {
  const dir = opts.dir ?? 'data/defects';
  const defects = opts.defects ?? (['none', 'scratch', 'dent', 'crack'] as const);
  const classes = opts.classes ?? DEFECT_CLASSES;
  return Array.from({ length: count }, (_, i) => {
    const part = PARTS[i % PARTS.length]!;
    const defect = defects[Math.floor(i / PARTS.length) % defects.length]!;
    const name = `${part}-${String(seed0 + i).padStart(4, '0')}`;
    const spec: ImageSpec = {
      path: `${dir}/images/${name}.jpg`,
      part,
      defect,
      seed: seed0 + i,
      camera: opts.camera ?? REFERENCE_CAMERA,
      yolo: { labels: `${dir}/labels/${name}.txt`, classes },
    };
    if (opts.defectScale !== undefined) spec.defectScale = opts.defectScale;
    return spec;
  });
}

/** The YOLO label line of a rendered defect: class id, then centre and size as shares of the image, the box padded by 1 px. */
export function yoloLine(spec: ImageSpec, box: { x0: number; y0: number; x1: number; y1: number } | undefined, size: number): string {
  if (spec.defect === 'none' || !box || !spec.yolo) return '';
  const id = spec.yolo.classes.indexOf(spec.defect);
  if (id < 0) throw new Error(`defect ${spec.defect} is not in the class list ${spec.yolo.classes.join(', ')}`);
  const x0 = Math.max(0, box.x0 - 1);
  const y0 = Math.max(0, box.y0 - 1);
  const x1 = Math.min(size, box.x1 + 1);
  const y1 = Math.min(size, box.y1 + 1);
  const f = (v: number): string => (v / size).toFixed(6);
  return `${id} ${f((x0 + x1) / 2)} ${f((y0 + y1) / 2)} ${f(x1 - x0)} ${f(y1 - y0)}\n`;
}

/** Render and encode one image (JPEG), with its defect's bounding box in pixels. */
export async function renderImage(spec: ImageSpec, size = 160): Promise<{ bytes: Buffer; defectBox?: { x0: number; y0: number; x1: number; y1: number } }> {
  const img = renderPart({
    part: spec.part,
    defect: spec.defect,
    seed: spec.seed,
    camera: spec.camera,
    size,
    ...(spec.defectScale !== undefined ? { defectScale: spec.defectScale } : {}),
  });
  const bytes = await sharp(Buffer.from(img.data), { raw: { width: img.width, height: img.height, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
  return img.defectBox ? { bytes, defectBox: img.defectBox } : { bytes };
}

export async function encodeImage(spec: ImageSpec, size = 160): Promise<Buffer> {
  return (await renderImage(spec, size)).bytes;
}

function git(dir: string, args: string[]): string {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'transfer-risk demo',
      GIT_AUTHOR_EMAIL: DEMO_EMAIL,
      GIT_COMMITTER_NAME: 'transfer-risk demo',
      GIT_COMMITTER_EMAIL: DEMO_EMAIL,
      GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z',
      GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

type Rendered = Awaited<ReturnType<typeof renderImage>>;

async function writeRevision(dir: string, rev: RevisionSpec, cache: Map<string, Rendered>): Promise<void> {
  const write = (path: string, data: string | Buffer): void => {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, data);
  };
  for (const img of rev.images) {
    const key = JSON.stringify([img.part, img.defect, img.seed, img.camera, ...(img.defectScale !== undefined ? [img.defectScale] : [])]);
    let r = cache.get(key);
    if (!r) {
      r = await renderImage(img);
      cache.set(key, r);
    }
    write(img.path, r.bytes);
    if (img.yolo) write(img.yolo.labels, yoloLine(img, r.defectBox, 160));
  }
  for (const [path, text] of Object.entries(rev.files)) {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}

/** Written into `.git/` of every repository buildRepo creates: only such a directory is ever replaced. */
export const DEMO_MARKER = 'transfer-risk-demo';

/**
 * Whether `dir` may be (re)created: it does not exist, is an empty directory, or is a repository
 * buildRepo made (its `.git/transfer-risk-demo` marker). Anything else is not deleted: a UserError.
 */
export function checkReplaceable(dir: string): void {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'ENOENT') return;
    if (code === 'ENOTDIR') throw new UserError(`refusing to replace ${dir}: it is a file, not a demo repository created by transfer-risk`);
    throw new UserError(`cannot use ${dir}: ${errorMessage(err)}`);
  }
  if (entries.length === 0 || isDemoRepo(dir)) return;
  throw new UserError(`refusing to replace ${dir}: it was not created by transfer-risk demo (move it away or choose another --out)`);
}

/** A repository buildRepo made: its marker, or (made before the marker) every commit by the demo's author. */
export function isDemoRepo(dir: string): boolean {
  if (existsSync(join(dir, '.git', DEMO_MARKER))) return true;
  if (!existsSync(join(dir, '.git'))) return false;
  try {
    const emails = execFileSync('git', ['log', '--all', '--format=%ae%n%ce'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\n')
      .filter(Boolean);
    return emails.length > 0 && emails.every((e) => e === DEMO_EMAIL);
  } catch {
    return false;
  }
}

/** Create (or recreate) a git repository at `dir` with the two commits; returns their SHAs. Never deletes a directory it did not create. */
export async function buildRepo(dir: string, spec: RepoSpec): Promise<{ base: string; head: string }> {
  checkReplaceable(dir);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  git(dir, ['init', '-q', '-b', 'main']);
  writeFileSync(join(dir, '.git', DEMO_MARKER), 'created by transfer-risk demo: `transfer-risk demo` may replace this repository\n');
  const cache = new Map<string, Rendered>();
  await writeRevision(dir, spec.base, cache);
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', 'base: dataset and configs']);
  const base = git(dir, ['rev-parse', 'HEAD']);
  git(dir, ['checkout', '-q', '-b', 'dataset-update']);
  // the head revision is written from scratch: remove every tracked file first
  git(dir, ['rm', '-q', '-r', '--cached', '.']);
  for (const f of git(dir, ['ls-files', '--others']).split('\n').filter(Boolean)) rmSync(join(dir, f), { force: true });
  await writeRevision(dir, spec.head, cache);
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '--allow-empty', '-m', 'head: dataset update']);
  const head = git(dir, ['rev-parse', 'HEAD']);
  return { base, head };
}
