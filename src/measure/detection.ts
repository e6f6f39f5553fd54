/**
 * Detection datasets in the measure stage: the box statistics (boxes.ts), the object-level
 * separability and drift of the crops (objects.ts) into `report.boxes`, and the plot data of the
 * HTML report (box sizes at the model input, the most atypical head objects).
 */
import type { BoxesReport } from '../contracts/index.js';
import type { HistogramExtra } from '../report/extras.js';
import { measureBoxes } from './boxes.js';
import { atypicalObjects, measureObjects } from './objects.js';
import type { AtypicalItem, MeasureContext, MeasureInput } from './types.js';

export interface DetectionMeasures {
  boxes: BoxesReport;
  boxSizes: HistogramExtra[];
  atypicalObjects: AtypicalItem[];
}

/** Undefined for a dataset without box annotations. */
export function measureDetection(input: MeasureInput, ctx: MeasureContext, opts: { atypical?: number } = {}): DetectionMeasures | undefined {
  const c = input.collected;
  const geometry = ctx.model.input;
  const boxes = measureBoxes(c, { t: ctx.t, seed: ctx.seed, ...(geometry ? { input: geometry } : {}) });
  if (!boxes) return undefined;
  const out: DetectionMeasures = { boxes, boxSizes: [], atypicalObjects: [] };
  const h = boxes.sizeHistogram;
  if (h && boxes.input) {
    // closed bins for the plot: the last one up to the input size (or twice the last edge)
    const top = Math.max(boxes.input.width, boxes.input.height, h.edges[h.edges.length - 1]! * 2);
    out.boxSizes.push({
      dataset: c.name,
      feature: `box size √(w·h) at the ${boxes.input.width}×${boxes.input.height} input (px)`,
      edges: [...h.edges, top],
      base: h.base,
      head: h.head,
    });
  }
  const o = input.objects;
  if (boxes.error || !o) return out;
  boxes.objects = measureObjects(o.base, o.head, ctx.t, ctx.seed);
  const items = o.head.items;
  if (items) {
    for (const a of atypicalObjects(o.base.crops, o.head.crops, opts.atypical ?? 6)) {
      const item = items[a.index];
      if (item) out.atypicalObjects.push({ item, distance: a.distance, ratio: a.ratio, object: { label: o.head.labels[a.index]! } });
    }
  }
  return out;
}
