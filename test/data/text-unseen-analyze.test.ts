/**
 * Unchanged text measures the same on both sides. The unseen-token share was measured leave-one-out on
 * base and against the whole base sample on head, so every unchanged head note with a rare word read
 * lower than its base copy: a pull request that edited one note of a corpus of notes with unique words
 * came out high ("share of tokens unseen in base" drifting) with the rest untouched.
 */
import { describe, expect, it } from '@jest/globals';
import { analyze } from '../../src/analyze.js';
import { makeRepo } from './git-helpers.js';

describe('unseen-token share through the pipeline', () => {
  it('editing one note of a corpus whose notes each have a unique word is not drift', async () => {
    const r = makeRepo('tr-unseen-');
    try {
      r.write('.github/transfer-risk.yml', 'datasets:\n  - name: notes\n    paths: ["notes/**"]\n    modality: text\n');
      const words = ['pump', 'valve', 'seal', 'gasket', 'rotor', 'stator', 'bearing', 'shaft', 'impeller', 'housing'];
      for (let i = 0; i < 60; i++) r.write(`notes/${i}.txt`, `inspection of the ${words[i % 10]} found no fault, reference code${i}x`);
      const b = r.commit('base');
      r.write('notes/0.txt', 'inspection of the pump found no fault, reference code0x, checked twice');
      const h = r.commit('one note edited');
      const { report } = await analyze({ repo: r.dir, base: b, head: h, cacheDir: null });
      const ds = report.datasets[0]!;
      expect(ds.sample).toEqual({ base: 60, head: 60 });
      const unseen = ds.features.find((f) => f.name === 'unseenTokenShare');
      expect(unseen?.drift ?? false).toBe(false);
      expect(report.risk.scenarios.find((s) => s.id === 'data-drift')!.level).toBe('low');
    } finally {
      r.cleanup();
    }
  }, 120_000);
});
