import { describe, expect, it } from '@jest/globals';
import { DeliveryCache, KeyedLock } from '../../src/bot/deliveries.js';
import { parseExternalId, externalId, duplicateOf, retryable, checkSuiteTrigger } from '../../src/bot/keys.js';

describe('DeliveryCache', () => {
  it('claims an id once; a repeat is refused until released', () => {
    const c = new DeliveryCache(10);
    expect(c.claim('a')).toBe(true);
    expect(c.claim('a')).toBe(false);
    c.release('a');
    expect(c.claim('a')).toBe(true);
  });

  it('is bounded: the oldest ids are forgotten first', () => {
    const c = new DeliveryCache(3);
    for (const id of ['a', 'b', 'c', 'd']) expect(c.claim(id)).toBe(true);
    expect(c.size).toBe(3);
    expect(c.claim('a')).toBe(true); // evicted, so new again
    expect(c.claim('d')).toBe(false);
  });

  it('forgets ids after the TTL', () => {
    let now = 0;
    const c = new DeliveryCache(10, 1000, () => now);
    expect(c.claim('a')).toBe(true);
    now = 999;
    expect(c.claim('a')).toBe(false);
    now = 2000;
    expect(c.claim('a')).toBe(true);
  });
});

describe('KeyedLock', () => {
  it('runs one at a time per key, in order; other keys run alongside; a failure does not block the next', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const step =
      (name: string, ms: number, fail = false) =>
      async () => {
        log.push(`${name}+`);
        await new Promise((r) => setTimeout(r, ms));
        log.push(`${name}-`);
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([lock.run('k', step('a', 30, true)), lock.run('k', step('b', 5)), lock.run('other', step('x', 5))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    // b starts only after a ended; x did not wait for a
    expect(log.indexOf('b+')).toBeGreaterThan(log.indexOf('a-'));
    expect(log.indexOf('x-')).toBeLessThan(log.indexOf('a-'));
    expect(lock.pending).toBe(0);
  });
});

describe('external ids', () => {
  it('round-trip trigger and outcome', () => {
    expect(parseExternalId(externalId('pr'))).toEqual({ trigger: 'pr' });
    expect(parseExternalId(externalId('rerun:comment:5', 'run:9:2'))).toEqual({ trigger: 'rerun:comment:5', outcome: 'run:9:2' });
    expect(duplicateOf(parseExternalId('pr|duplicate:77')!.outcome)).toBe(77);
    expect(retryable(parseExternalId('pr|error')!.outcome)).toBe(true);
    expect(retryable(parseExternalId('pr|no-changes')!.outcome)).toBe(false);
  });

  it("read the earlier bot's ids", () => {
    expect(parseExternalId('pr:2')).toEqual({ trigger: 'pr' });
    expect(parseExternalId('run:9001:1')).toEqual({ trigger: 'pr', outcome: 'run:9001:1' });
    expect(parseExternalId('no-changes')).toEqual({ trigger: 'pr', outcome: 'no-changes' });
    expect(parseExternalId('draft')).toEqual({ trigger: 'pr-draft', outcome: 'draft' });
    expect(parseExternalId(null)).toBeUndefined();
  });

  it('a check suite request keeps only safe characters of its stamp', () => {
    expect(checkSuiteTrigger(5, '2026-11-27T12:00:00Z')).toBe('rerun:suite:5:2026-11-27T12:00:00Z');
    expect(checkSuiteTrigger(5, 'a|b c')).toBe('rerun:suite:5:abc');
  });
});
