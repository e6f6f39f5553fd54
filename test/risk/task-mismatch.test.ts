import { describe, expect, it } from '@jest/globals';
import { taskFamily, taskMismatch } from '../../src/risk/task-mismatch.js';
import { createRng } from '../../src/stats/rng.js';
import { clusters, ctx, ds, report } from './fixtures.js';

describe('task-mismatch: declared tasks', () => {
  it('classification model for a detection target is high and cites Zoph et al. 2020 and He et al. 2019', () => {
    const s = taskMismatch([ds(report())], ctx({}, { task: 'classification' }, 'detection'));
    expect(s.level).toBe('high');
    const text = s.evidence.join(' ');
    expect(text).toMatch(/Zoph et al\. 2020/);
    expect(text).toMatch(/He et al\. 2019/);
    expect(s.recommendations.length).toBeGreaterThan(0);
    expect(taskMismatch([ds(report())], ctx({}, { task: 'image-classification' }, 'instance segmentation')).level).toBe('high');
  });
  it('same task is low; other differences are medium; an undeclared task is low with a note', () => {
    expect(taskMismatch([ds(report())], ctx()).level).toBe('low');
    expect(taskMismatch([ds(report())], ctx({}, { task: 'classification' }, 'regression')).level).toBe('medium');
    const u = taskMismatch([ds(report())], ctx({}, { task: '' }, 'classification'));
    expect(u.level).toBe('low');
    expect(u.evidence.join(' ')).toMatch(/not declared/);
  });
  it('an image-pretrained model on audio data is medium', () => {
    expect(taskMismatch([ds(report({ modality: 'audio' }))], ctx()).level).toBe('medium');
  });
  it('maps task names to families', () => {
    expect(taskFamily('object-detection')).toBe('detection');
    expect(taskFamily('Semantic Segmentation')).toBe('segmentation');
    expect(taskFamily('pose estimation')).toBe('keypoints');
    expect(taskFamily('multi-label classification')).toBe('classification');
    expect(taskFamily(undefined)).toBe('unknown');
  });
});

describe('task-mismatch: transferability of the head labels', () => {
  const { m, labels } = clusters(20, 3, 10, 21);
  const parts = labels.map((l) => ['bolt', 'gear', 'nut'][l]!);
  const rng = createRng(4);
  const random = labels.map(() => ['a', 'b', 'c'][rng.int(3)]!);

  it('labels unchanged but no better than shuffled in the embedding: medium, with LogME/H-score vs baseline', () => {
    const s = taskMismatch([ds(report(), { embeddings: { base: m, head: m, baseLabels: random, headLabels: random } })], ctx());
    expect(s.level).toBe('medium');
    const text = s.evidence.join('\n');
    expect(text).toMatch(/LogME on head labels .* on shuffled labels/);
    expect(text).toMatch(/shrinkage H-score .* on shuffled labels/);
  });
  it('separable labels: low', () => {
    const s = taskMismatch([ds(report(), { embeddings: { base: m, head: m, baseLabels: parts, headLabels: parts } })], ctx());
    expect(s.level).toBe('low');
  });
  it('a changed labeling is left to roi-shift', () => {
    const s = taskMismatch([ds(report(), { embeddings: { base: m, head: m, baseLabels: parts, headLabels: random } })], ctx());
    expect(s.level).toBe('low');
  });
  it('reports LEEP and NCE when the model gives class probabilities', () => {
    const probs = { rows: m.rows, cols: 4, data: new Float64Array(m.rows * 4) };
    labels.forEach((l, i) => {
      for (let k = 0; k < 4; k++) probs.data[i * 4 + k] = k === l ? 0.7 : 0.1;
    });
    const s = taskMismatch([ds(report(), { embeddings: { base: m, head: m, baseLabels: parts, headLabels: parts, headProbs: probs } })], ctx());
    expect(s.evidence.join(' ')).toMatch(/LEEP −?[0-9.]+ \(shuffled −?[0-9.]+\), NCE/);
  });
});
