import { ALL_KEYS, type InvalidationFeed, type InvalidationTopic } from './feed.js';

export interface CoherentCacheOptions {
  /** Most entries kept; the oldest goes first. */
  maxEntries: number;
  /**
   * Longest an entry is served without reading the database again. The feed makes changes
   * visible at once; this bounds the one case it cannot see: an instance that committed a
   * change and died before publishing it.
   */
  maxAgeMs: number;
  now: () => number;
}

/**
 * A per-instance cache kept coherent by an invalidation feed: an entry is dropped when any
 * instance publishes its key (or ALL_KEYS), nothing is served while the feed is not trusted,
 * and an answer read while an invalidation of the topic went by is returned but not stored.
 */
export class CoherentCache<V> {
  readonly #entries = new Map<string, { value: V; storedAt: number }>();

  constructor(
    private readonly feed: InvalidationFeed,
    private readonly topic: InvalidationTopic,
    private readonly options: CoherentCacheOptions,
  ) {
    feed.subscribe(topic, (keys) => {
      if (keys.includes(ALL_KEYS)) this.#entries.clear();
      else for (const key of keys) this.#entries.delete(key);
    });
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The cached value, if it may be trusted now. */
  get(key: string): V | undefined {
    if (!this.feed.trusted) return undefined;
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (this.options.now() - entry.storedAt >= this.options.maxAgeMs) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /**
   * The cached value, or `load()`'s answer, stored when nothing of the topic was invalidated
   * while it loaded. `undefined` answers are not stored (an unknown key stays a read).
   */
  async through(key: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const cached = this.get(key);
    if (cached !== undefined) return cached;
    const version = this.feed.version(this.topic);
    const value = await load();
    if (value !== undefined && this.feed.trusted && this.feed.version(this.topic) === version) {
      this.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    if (this.#entries.size >= this.options.maxEntries && !this.#entries.has(key)) {
      // Maps iterate in insertion order: drop the oldest entry.
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(key, { value, storedAt: this.options.now() });
  }

  /** Drops, on this instance, every entry whose value matches (index-free: a scan). */
  deleteWhere(matches: (value: V) => boolean): void {
    for (const [key, entry] of this.#entries) if (matches(entry.value)) this.#entries.delete(key);
  }

  /** Drops a key on this instance only (the caller publishes when others must drop it too). */
  delete(key: string): void {
    this.#entries.delete(key);
  }
}
