import { ALL_KEYS, type InvalidationFeed, type InvalidationTopic } from './feed.js';

export interface CoherentCacheOptions<V = unknown> {
  /** Most entries kept; the oldest goes first. */
  maxEntries: number;
  /**
   * Longest an entry is served without reading the database again. The feed makes changes
   * visible at once; this bounds the one case it cannot see: an instance that committed a
   * change and died before publishing it.
   */
  maxAgeMs: number;
  now: () => number;
  /**
   * Optional second bound, in whatever unit `weigh` counts (bytes, say): the oldest entries go
   * until the new one fits, and a value heavier than the bound alone is not stored.
   */
  maxWeight?: number;
  weigh?: (value: V) => number;
}

/**
 * A published key that drops every key starting with `prefix` (`lists:*` drops `lists:a` and
 * `lists:b`). ALL_KEYS is the empty prefix. Keys of a cache must not themselves end in `*`.
 */
export const keysUnder = (prefix: string): string => `${prefix}${ALL_KEYS}`;

interface Entry<V> {
  value: V;
  storedAt: number;
  weight: number;
}

/**
 * A per-instance cache kept coherent by an invalidation feed: an entry is dropped when any
 * instance publishes its key (or a prefix of it, see {@link keysUnder}, or ALL_KEYS), nothing
 * is served while the feed is not trusted, and an answer read while an invalidation of the
 * topic went by is returned but not stored. Concurrent misses of one key share one load
 * (while nothing of the topic has been invalidated since it began), so a hot key that was just
 * dropped costs one database read, not one per waiting request.
 */
export class CoherentCache<V> {
  readonly #entries = new Map<string, Entry<V>>();
  readonly #loading = new Map<string, { version: number; value: Promise<V | undefined> }>();
  #weight = 0;

  constructor(
    private readonly feed: InvalidationFeed,
    private readonly topic: InvalidationTopic,
    private readonly options: CoherentCacheOptions<V>,
  ) {
    feed.subscribe(topic, (keys) => {
      for (const key of keys) {
        if (key.endsWith(ALL_KEYS)) this.#deleteUnder(key.slice(0, -ALL_KEYS.length));
        else this.delete(key);
      }
    });
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The sum of the entries' weights (0 without `weigh`). */
  get weight(): number {
    return this.#weight;
  }

  /** The cached value, if it may be trusted now. */
  get(key: string): V | undefined {
    if (!this.feed.trusted) return undefined;
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (this.options.now() - entry.storedAt >= this.options.maxAgeMs) {
      this.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /**
   * The cached value, or `load()`'s answer, stored when nothing of the topic was invalidated
   * while it loaded. `undefined` answers are not stored (an unknown key stays a read).
   */
  through(key: string, load: () => Promise<V>): Promise<V>;
  through(key: string, load: () => Promise<V | undefined>): Promise<V | undefined>;
  async through(key: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const cached = this.get(key);
    if (cached !== undefined) return cached;
    const version = this.feed.version(this.topic);
    // Joining a load is serving memory too: only while trusted, and only a load that began
    // after the last invalidation (one begun earlier may have read what was just changed).
    const pending = this.#loading.get(key);
    if (pending && pending.version === version && this.feed.trusted) return pending.value;
    const value = load();
    const loading = { version, value };
    this.#loading.set(key, loading);
    try {
      const loaded = await value;
      if (loaded !== undefined && this.feed.trusted && this.feed.version(this.topic) === version) {
        this.set(key, loaded);
      }
      return loaded;
    } finally {
      if (this.#loading.get(key) === loading) this.#loading.delete(key);
    }
  }

  set(key: string, value: V): void {
    const weight = this.options.weigh?.(value) ?? 0;
    const maxWeight = this.options.maxWeight ?? Number.POSITIVE_INFINITY;
    this.delete(key);
    if (weight > maxWeight) return;
    // Maps iterate in insertion order: drop the oldest entries until the new one fits.
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size < this.options.maxEntries && this.#weight + weight <= maxWeight) break;
      this.delete(oldest);
    }
    this.#entries.set(key, { value, storedAt: this.options.now(), weight });
    this.#weight += weight;
  }

  /** Drops, on this instance, every entry whose value matches (index-free: a scan). */
  deleteWhere(matches: (value: V) => boolean): void {
    for (const [key, entry] of this.#entries) if (matches(entry.value)) this.delete(key);
  }

  /** Drops a key on this instance only (the caller publishes when others must drop it too). */
  delete(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#weight -= entry.weight;
  }

  #deleteUnder(prefix: string): void {
    if (prefix === '') {
      this.#entries.clear();
      this.#weight = 0;
      return;
    }
    for (const key of this.#entries.keys()) if (key.startsWith(prefix)) this.delete(key);
  }
}
