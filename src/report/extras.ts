/**
 * Plot data for the HTML report that does not belong in report.json (it is bulky and only drawn):
 * histograms of the most drifted features, a 2-D PCA projection of the embeddings, thumbnails of the
 * most atypical head images. The analysis produces it next to the report; all of it is optional.
 */
export interface HistogramExtra {
  dataset: string;
  feature: string;
  /**
   * Bin edges. Either `counts.length === edges.length + 1` (open-ended bins: below edges[0], between
   * edges, above the last edge — the quantile bins of the PSI) or `counts.length === edges.length - 1`
   * (closed bins [edges[i], edges[i+1]]).
   */
  edges: number[];
  /** counts per bin, base side */
  base: number[];
  /** counts per bin, head side */
  head: number[];
}

export interface ScatterExtra {
  dataset: string;
  /** 2-D points (PCA of the embeddings, fitted on base) */
  base: [number, number][];
  head: [number, number][];
  /** axis labels, e.g. "PC1 (23%)" */
  axes?: [string, string];
}

export interface ThumbnailExtra {
  dataset: string;
  /** repository path of the image */
  path: string;
  /** data:image/(png|jpeg|webp|gif);base64,… — anything else is not shown */
  dataUri: string;
  /** why it is shown, e.g. "farthest from base (kNN distance 3.2× the base 95th percentile)" */
  note: string;
}

export interface ReportExtras {
  histograms?: HistogramExtra[];
  scatter?: ScatterExtra[];
  thumbnails?: ThumbnailExtra[];
  /** detection datasets: box sizes at the model's input (closed bins, the last up to the input size) */
  boxSizes?: HistogramExtra[];
  /** detection datasets: crops of the head objects farthest from every base object */
  objects?: ThumbnailExtra[];
}

/** Only inline raster images are allowed into the report (no network, no SVG scripts). */
export function isSafeImageDataUri(uri: string): boolean {
  return uri.length <= 2_000_000 && /^data:image\/(png|jpeg|webp|gif);base64,[A-Za-z0-9+/]+={0,2}$/.test(uri);
}
