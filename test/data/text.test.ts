import { describe, expect, it } from '@jest/globals';
import type { Item } from '../../src/data/item.js';
import { addUnseenTokenShare, decodeText, textFeatures, tokenize } from '../../src/data/text.js';

function item(side: 'base' | 'head', text: string): Item {
  return { id: text, path: text, side, status: 'unchanged', contentHash: text, features: textFeatures(text), text };
}

describe('text features', () => {
  it('counts characters (code points), tokens, non-ASCII and digit shares', () => {
    const f = textFeatures('Héllo wörld 42!');
    expect(f.chars).toBe(15);
    expect(f.tokens).toBe(3);
    expect(f.nonAsciiShare).toBeCloseTo(2 / 15, 12);
    expect(f.digitShare).toBeCloseTo(2 / 15, 12);
    expect(textFeatures('😀a').chars).toBe(2);
    expect(textFeatures('')).toEqual({ chars: 0, tokens: 0, nonAsciiShare: 0, digitShare: 0 });
    expect(tokenize("Don't STOP 3.14")).toEqual(['don', 't', 'stop', '3', '14']);
  });

  it('unseen token share: against the other base items, on both sides', () => {
    const base = [item('base', 'the cat sat'), item('base', 'the dog sat'), item('base', 'a bird')];
    const head = [item('head', 'the cat sat'), item('head', 'the zebra ran'), item('head', '')];
    addUnseenTokenShare(base, head);
    // unchanged: measured without its own base copy, as base measures it ('cat' is in no other base item)
    expect(head[0]!.features.unseenTokenShare).toBeCloseTo(1 / 3, 12);
    expect(head[1]!.features.unseenTokenShare).toBeCloseTo(2 / 3, 12);
    expect(head[2]!.features.unseenTokenShare).toBe(0);
    // 'cat' only in base[0]; 'the', 'sat' also in base[1]
    expect(base[0]!.features.unseenTokenShare).toBeCloseTo(1 / 3, 12);
    // 'a' and 'bird' only in base[2]
    expect(base[2]!.features.unseenTokenShare).toBe(1);
  });

  it('an edited item is compared with the rest of base, not with its own previous text', () => {
    const edited = (side: 'base' | 'head', text: string): Item => ({ ...item(side, text), id: 'notes/1.txt', path: 'notes/1.txt' });
    const base = [edited('base', 'valve torque spec'), item('base', 'the pump is fine')];
    const head = [edited('head', 'valve torque spec revised')];
    addUnseenTokenShare(base, head);
    expect(head[0]!.features.unseenTokenShare).toBe(1); // before: 1/4 (only 'revised' was unseen)
    expect(base[0]!.features.unseenTokenShare).toBe(1);
  });

  it('decodes UTF-8 (BOM stripped) and refuses binary', () => {
    expect(decodeText(Buffer.from('\ufeffhi'))).toBe('hi');
    expect(decodeText(Uint8Array.from([0x68, 0, 0x69]))).toBeUndefined();
  });
});
