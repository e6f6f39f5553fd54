import { describe, expect, it } from '@jest/globals';
import { createProgress } from '../src/progress.js';

describe('progress', () => {
  it('prints periodic lines when not a TTY', () => {
    const out: string[] = [];
    let t = 0;
    const p = createProgress('embed', 10, { stream: { write: (s: string) => out.push(s), isTTY: false }, intervalMs: 1000, now: () => t });
    for (let i = 0; i < 10; i++) {
      t += 400;
      p.tick();
    }
    p.done();
    expect(out.length).toBeGreaterThanOrEqual(3);
    expect(out.at(-1)).toMatch(/^embed: 10\/10 \(100%/);
  });

  it('redraws a bar on a TTY', () => {
    const out: string[] = [];
    const p = createProgress('decode', 4, { stream: { write: (s: string) => out.push(s), isTTY: true }, intervalMs: 0, now: () => 0 });
    p.tick(2);
    p.done();
    expect(out[0]).toMatch(/^\rdecode \[#{12}-{12}\] 2\/4/);
    expect(out.at(-1)).toMatch(/\n$/);
  });
});
