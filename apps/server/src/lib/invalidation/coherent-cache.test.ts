import { describe, expect, test } from 'vitest';
import { ControlledFeed } from '../../test-support/controlled-feed.js';
import { CoherentCache, type CoherentCacheOptions, keysUnder } from './cache.js';
import { ALL_KEYS } from './feed.js';

function cacheOf<V>(options: Partial<CoherentCacheOptions<V>> = {}) {
  const feed = new ControlledFeed();
  const cache = new CoherentCache<V>(feed, 'catalog', {
    maxEntries: 100,
    maxAgeMs: 60_000,
    now: () => 0,
    ...options,
  });
  return { feed, cache };
}

/** A load the test finishes by hand (every call of it at once), counting its calls. */
function gate<V>() {
  const waiting: ((value: V) => void)[] = [];
  const load = () => new Promise<V>((resolve) => waiting.push(resolve));
  return {
    load,
    release: (value: V) => {
      for (const resolve of waiting) resolve(value);
    },
    calls: () => waiting.length,
  };
}

describe('CoherentCache', () => {
  test('a published prefix drops every key under it and no other; ALL_KEYS drops all', async () => {
    const { feed, cache } = cacheOf<string>();
    for (const key of ['lists:a', 'lists:b', 'listsx', 'product:a']) cache.set(key, key);
    await feed.publish('catalog', [keysUnder('lists:')]);
    expect(['lists:a', 'lists:b', 'listsx', 'product:a'].map((k) => cache.get(k))).toEqual([
      undefined,
      undefined,
      'listsx',
      'product:a',
    ]);
    await feed.publish('catalog', ['product:a']);
    expect(cache.get('product:a')).toBeUndefined();
    expect(cache.get('listsx')).toBe('listsx');
    await feed.publish('catalog', [ALL_KEYS]);
    expect(cache.size).toBe(0);
    // Another topic's messages leave it alone.
    cache.set('lists:a', 'a');
    await feed.publish('channel-session', [ALL_KEYS]);
    expect(cache.get('lists:a')).toBe('a');
  });

  test('the weight bound drops the oldest entries until a new one fits, and keeps count', async () => {
    const { feed, cache } = cacheOf<string>({ maxWeight: 10, weigh: (v) => v.length });
    cache.set('a', 'aaaa');
    cache.set('b', 'bbbb');
    expect(cache.weight).toBe(8);
    cache.set('c', 'ccc');
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, 'bbbb', 'ccc']);
    expect(cache.weight).toBe(7);
    // Replacing a key counts its new weight only.
    cache.set('b', 'b');
    expect(cache.weight).toBe(4);
    // Heavier than the whole bound: not stored, nothing else dropped for it.
    cache.set('d', 'd'.repeat(11));
    expect(cache.get('d')).toBeUndefined();
    expect(cache.size).toBe(2);
    await feed.publish('catalog', ['c']);
    expect(cache.weight).toBe(1);
    await feed.publish('catalog', [ALL_KEYS]);
    expect(cache.weight).toBe(0);
  });

  test('dropping by value (a login session ended) takes the weight with it', () => {
    const { cache } = cacheOf<string>({ maxWeight: 10, weigh: (v) => v.length });
    for (const key of ['a', 'b']) cache.set(key, `${key}${key}${key}`);
    cache.deleteWhere((value) => value.startsWith('a'));
    expect([cache.get('a'), cache.get('b')]).toEqual([undefined, 'bbb']);
    expect(cache.weight).toBe(3);
  });

  test('the entry bound still holds with a weight', () => {
    const { cache } = cacheOf<string>({ maxEntries: 2, maxWeight: 100, weigh: (v) => v.length });
    for (const key of ['a', 'b', 'c']) cache.set(key, key);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, 'b', 'c']);
  });

  test('concurrent misses share one load; a miss after an invalidation starts its own', async () => {
    const { feed, cache } = cacheOf<string>();
    const first = gate<string>();
    const a = cache.through('k', first.load);
    const b = cache.through('k', first.load);
    expect(first.calls()).toBe(1);
    // A change lands while the load is reading: later readers must not get what it reads.
    await feed.publish('catalog', ['k']);
    const second = gate<string>();
    const c = cache.through('k', second.load);
    expect(second.calls()).toBe(1);
    first.release('old');
    second.release('new');
    expect(await Promise.all([a, b, c])).toEqual(['old', 'old', 'new']);
    // The load that saw the change go by was not stored; the one begun after it was.
    expect(cache.get('k')).toBe('new');
  });

  test('while the feed is untrusted nothing is served, shared or stored; back, it caches again', async () => {
    const { feed, cache } = cacheOf<string>();
    cache.set('k', 'cached');
    feed.drop();
    expect(feed.trusted).toBe(false);
    expect(cache.get('k')).toBeUndefined();
    const load = gate<string>();
    const a = cache.through('k', load.load);
    const b = cache.through('k', load.load);
    expect(load.calls()).toBe(2);
    load.release('read');
    await Promise.all([a, b]);
    expect(cache.size).toBe(0);
    feed.restore();
    expect(await cache.through('k', async () => 'again')).toBe('again');
    expect(cache.get('k')).toBe('again');
  });
});
