import type { Db } from '../../db/client.js';
import { CoherentCache, keysUnder } from '../../lib/invalidation/cache.js';
import type { InvalidationFeed } from '../../lib/invalidation/feed.js';
import { filterText, type Listing, type ListingFilter, listingText } from './listing.js';

/**
 * The catalog's answers from memory. What shoppers read (listing pages, product pages, the
 * categories) is kept rendered, as the JSON bytes the route sends, on each instance; every
 * catalog write on any instance drops what it may have changed through the invalidation feed
 * (topic `catalog`), so the next read is the database's again. The rule is deliberately
 * coarse: a change drops every list-like answer (pages, totals, categories), since a product's
 * price, stock, title or sale moves it in or out of filters, sorts and counts, plus the product
 * pages of the products it changed. See docs/decisions.md, "Catalog answers from memory".
 */

/** Everything list-like: one prefix, so one published key drops it all. */
const LISTS = 'lists:';
const keys = {
  page: (listing: Listing) => `${LISTS}page:${listingText(listing)}`,
  total: (filter: ListingFilter) => `${LISTS}total:${filterText(filter)}`,
  categories: `${LISTS}categories`,
  product: (id: string) => `product:${id}`,
};

/**
 * Tells every instance that these products changed (price, stock, title, images, options,
 * sale): call it after the transaction that changed them committed. Every list answer goes
 * too, so a change that touches the lists only (a category's name) passes no id.
 */
export async function catalogChanged(
  feed: InvalidationFeed,
  productIds: Iterable<string>,
): Promise<void> {
  await feed.publish('catalog', [keysUnder(LISTS), ...new Set([...productIds].map(keys.product))]);
}

export interface CatalogAnswerLimits {
  /** Rendered answers kept (pages, product pages, the categories). */
  maxAnswers: number;
  /** Their bytes together (JSON bodies; keys and Map overhead come on top, about 1 KiB each). */
  maxBytes: number;
  /** Totals kept, one per filter. */
  maxTotals: number;
  /** Backstop for a change committed by an instance that died before publishing it. */
  maxAgeMs: number;
}

/**
 * About 60 pages of 24 (≈ 15 KiB each) per MiB: 16 MiB holds every page a shopper can reach
 * in a 10,000-product catalog's default listing, and more than the hot ones of any other.
 */
export const defaultAnswerLimits: CatalogAnswerLimits = {
  maxAnswers: 4000,
  maxBytes: 16 * 1024 * 1024,
  maxTotals: 2000,
  maxAgeMs: 60_000,
};

export class CatalogAnswers {
  readonly #bytes: CoherentCache<Buffer>;
  readonly #totals: CoherentCache<number>;

  constructor(feed: InvalidationFeed, now: () => number, limits = defaultAnswerLimits) {
    this.#bytes = new CoherentCache(feed, 'catalog', {
      maxEntries: limits.maxAnswers,
      maxWeight: limits.maxBytes,
      weigh: (bytes) => bytes.byteLength,
      maxAgeMs: limits.maxAgeMs,
      now,
    });
    this.#totals = new CoherentCache(feed, 'catalog', {
      maxEntries: limits.maxTotals,
      maxAgeMs: limits.maxAgeMs,
      now,
    });
  }

  /** How much is held: answers, their bytes, totals. */
  get held(): { answers: number; bytes: number; totals: number } {
    return { answers: this.#bytes.size, bytes: this.#bytes.weight, totals: this.#totals.size };
  }

  page(listing: Listing, render: () => Promise<Buffer>): Promise<Buffer> {
    return this.#answer(keys.page(listing), render);
  }

  product(id: string, render: () => Promise<Buffer>): Promise<Buffer> {
    return this.#answer(keys.product(id), render);
  }

  categories(render: () => Promise<Buffer>): Promise<Buffer> {
    return this.#answer(keys.categories, render);
  }

  /** A filter's `total`, counted on the first page asked for since the catalog last changed. */
  total(filter: ListingFilter, count: () => Promise<number>): Promise<number> {
    return this.#totals.through(keys.total(filter), count);
  }

  #answer(key: string, render: () => Promise<Buffer>): Promise<Buffer> {
    return this.#bytes.through(key, render);
  }
}

/**
 * How a write path changes one product: its transaction, then, once committed, catalogChanged
 * for the product its answer names (`id`). The admin's product and variant changes all go
 * through one of these, so none can forget to tell the other instances, or tell them too early.
 */
export function productChanges(db: Db, feed: InvalidationFeed) {
  return async <T extends { id: string }>(change: (tx: Db) => Promise<T>): Promise<T> => {
    const changed = await db.transaction(change);
    await catalogChanged(feed, [changed.id]);
    return changed;
  };
}
export type ProductChanges = ReturnType<typeof productChanges>;
