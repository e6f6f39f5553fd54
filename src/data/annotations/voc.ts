/**
 * Pascal VOC annotations: one XML file per image,
 * `<annotation><filename>…</filename><size><width/><height/></size><object><name/><bndbox>
 * <xmin/><ymin/><xmax/><ymax/></bndbox></object>…</annotation>`. VOC pixel indices are 1-based and
 * inclusive, so a box covers [xmin − 1, xmax) × [ymin − 1, ymax) in 0-based pixel edges (as
 * Detectron2's and torchvision's VOC loaders read them). Parsed with the safe XML parser (no DTD,
 * no entities), with file:line errors.
 */
import { boundName } from '../../contracts/index.js';
import { InputError } from '../../errors.js';
import { checkPixelBox, parseDecimal, type Box, type ImageBoxes } from './types.js';
import { child, children, parseXml, XmlError, type XmlElement } from './xml.js';

export interface VocAnnotation extends ImageBoxes {
  /** the <filename> element, when present */
  filename?: string;
  size: { width: number; height: number };
}

export interface VocOptions {
  maxBoxes?: number;
}

/** Parse one VOC XML file; an InputError naming `file:line` when it is malformed. */
export function parseVoc(file: string, data: Uint8Array, opts: VocOptions = {}): VocAnnotation {
  const maxBoxes = opts.maxBoxes ?? 5000;
  let root: XmlElement;
  try {
    root = parseXml(new TextDecoder('utf-8', { fatal: true }).decode(data), { maxDepth: 32, maxNodes: 20 * maxBoxes + 100 });
  } catch (e) {
    if (e instanceof XmlError) throw new InputError(file, `not valid VOC XML: ${e.reason}`, e.line);
    if (e instanceof TypeError) throw new InputError(file, 'not UTF-8 text');
    throw e;
  }
  if (root.name !== 'annotation') throw new InputError(file, `root element is <${root.name}>, expected <annotation>`, root.line);
  const sizeEl = child(root, 'size');
  if (!sizeEl) throw new InputError(file, '<size> is missing (width and height are needed to place the boxes)', root.line);
  const width = intOf(file, sizeEl, 'width');
  const height = intOf(file, sizeEl, 'height');
  const objects = children(root, 'object');
  if (objects.length > maxBoxes) throw new InputError(file, `${objects.length} objects (more than ${maxBoxes})`, objects[maxBoxes]!.line);
  const boxes: Box[] = objects.map((o) => {
    const name = child(o, 'name')?.text.trim();
    if (!name) throw new InputError(file, '<object> has no <name>', o.line);
    const bb = child(o, 'bndbox');
    if (!bb) throw new InputError(file, `<object> ${name} has no <bndbox>`, o.line);
    const [xmin, ymin, xmax, ymax] = (['xmin', 'ymin', 'xmax', 'ymax'] as const).map((k) => numberOf(file, bb, k));
    const c = checkPixelBox(xmin! - 1, ymin! - 1, xmax!, ymax!, width, height);
    if (typeof c === 'string') throw new InputError(file, `<object> ${name}: ${c}`, bb.line);
    return { label: boundName(name), x: c.x0 / width, y: c.y0 / height, w: (c.x1 - c.x0) / width, h: (c.y1 - c.y0) / height, line: o.line };
  });
  const filename = child(root, 'filename')?.text.trim();
  const out: VocAnnotation = { file, boxes, size: { width, height } };
  if (filename) out.filename = filename;
  return out;
}

function numberOf(file: string, parent: XmlElement, name: string): number {
  const el = child(parent, name);
  if (!el) throw new InputError(file, `<${parent.name}> has no <${name}>`, parent.line);
  const v = parseDecimal(el.text.trim());
  if (v === undefined) throw new InputError(file, `<${name}> is not a number: "${el.text.trim().slice(0, 40)}"`, el.line);
  return v;
}

function intOf(file: string, parent: XmlElement, name: string): number {
  const v = numberOf(file, parent, name);
  if (!Number.isInteger(v) || v <= 0)
    throw new InputError(file, `<size><${name}> must be a positive whole number of pixels (got ${v})`, child(parent, name)!.line);
  return v;
}
