/**
 * Cross-validated k-nearest-neighbour probe: how well the pretrained embedding separates the
 * labels without any training. k = 5 neighbours by cosine similarity; stratified folds (the j-th
 * item of class c, in input order, goes to fold (j + offset_c) mod K, offset_c = number of items
 * of earlier classes); majority vote, ties broken by the nearest tied neighbour; equal
 * similarities by lower index. Reported beside chance = the majority-class share.
 * The similarity matrix is label-independent: compute it once with `cosineSimilarity` and call
 * `knnProbeFromSimilarity` for several labelings (e.g. shuffled-label baselines).
 */
import { rowGram, type Matrix } from '../stats/matrix.js';
import { checkCodes, majorityShare } from './labels.js';

export interface KnnProbeResult {
  accuracy: number;
  /** majority-class share: the accuracy of always guessing the most frequent label */
  chance: number;
  /** (accuracy − chance) / (1 − chance), 0 when chance is 1; negative when worse than chance */
  lift: number;
  k: number;
  folds: number;
  n: number;
}

export interface KnnProbeOptions {
  k?: number;
  folds?: number;
}

/** Cosine similarity matrix (n×n) of the rows of `f`; zero rows have similarity 0 to everything. */
export function cosineSimilarity(f: Matrix): Float64Array {
  const n = f.rows;
  const d = f.cols;
  const norm = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += f.data[i * d + j]! * f.data[i * d + j]!;
    norm[i] = Math.sqrt(s) || 1;
  }
  const sim = rowGram(f.data, n, d);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const v = sim[i * n + j]! / (norm[i]! * norm[j]!);
      sim[i * n + j] = v;
      sim[j * n + i] = v;
    }
  }
  return sim;
}

export function stratifiedFolds(codes: ArrayLike<number>, folds: number): Int32Array {
  const n = codes.length;
  const classes = checkCodes(codes, n, 'stratifiedFolds');
  const counts = new Int32Array(classes);
  for (let i = 0; i < n; i++) counts[codes[i]!]!++;
  const offset = new Int32Array(classes);
  for (let c = 1; c < classes; c++) offset[c] = offset[c - 1]! + counts[c - 1]!;
  const seen = new Int32Array(classes);
  const fold = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = codes[i]!;
    fold[i] = (seen[c]! + offset[c]!) % folds;
    seen[c]!++;
  }
  return fold;
}

/** Probe accuracy from a precomputed similarity matrix (see `cosineSimilarity`). */
export function knnProbeFromSimilarity(sim: Float64Array, codes: ArrayLike<number>, opts: KnnProbeOptions = {}): KnnProbeResult {
  const n = codes.length;
  if (sim.length !== n * n) throw new RangeError(`knnProbe: similarity matrix is not ${n}×${n}`);
  if (n < 2) throw new RangeError('knnProbe: need at least 2 items');
  const k = opts.k ?? 5;
  const folds = Math.max(2, Math.min(opts.folds ?? 5, n));
  const fold = stratifiedFolds(codes, folds);
  const nbSim = new Float64Array(k);
  const nbIdx = new Int32Array(k);
  let correct = 0;
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (let j = 0; j < n; j++) {
      if (fold[j] === fold[i]) continue;
      const s = sim[i * n + j]!;
      // insert j keeping order (sim desc, index asc); j increases so equal sims keep lower index first
      if (m < k) {
        let p = m++;
        while (p > 0 && nbSim[p - 1]! < s) {
          nbSim[p] = nbSim[p - 1]!;
          nbIdx[p] = nbIdx[p - 1]!;
          p--;
        }
        nbSim[p] = s;
        nbIdx[p] = j;
      } else if (s > nbSim[k - 1]!) {
        let p = k - 1;
        while (p > 0 && nbSim[p - 1]! < s) {
          nbSim[p] = nbSim[p - 1]!;
          nbIdx[p] = nbIdx[p - 1]!;
          p--;
        }
        nbSim[p] = s;
        nbIdx[p] = j;
      }
    }
    if (m === 0) continue;
    const votes = new Map<number, number>();
    let best = 0;
    for (let q = 0; q < m; q++) {
      const c = codes[nbIdx[q]!]!;
      const v = (votes.get(c) ?? 0) + 1;
      votes.set(c, v);
      if (v > best) best = v;
    }
    let pred = -1;
    for (let q = 0; q < m; q++) {
      const c = codes[nbIdx[q]!]!;
      if (votes.get(c) === best) {
        pred = c;
        break;
      }
    }
    if (pred === codes[i]) correct++;
  }
  const accuracy = correct / n;
  const chance = majorityShare(codes);
  const lift = chance >= 1 ? 0 : (accuracy - chance) / (1 - chance);
  return { accuracy, chance, lift, k, folds, n };
}

/** Cross-validated kNN probe accuracy of class codes on the rows of `f`. */
export function knnProbe(f: Matrix, codes: ArrayLike<number>, opts: KnnProbeOptions = {}): KnnProbeResult {
  checkCodes(codes, f.rows, 'knnProbe');
  return knnProbeFromSimilarity(cosineSimilarity(f), codes, opts);
}
