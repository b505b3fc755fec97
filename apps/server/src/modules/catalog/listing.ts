import { HttpError } from '../../lib/errors.js';
import { parseDecimal } from '../../lib/money.js';
import { type CursorKeys, type CursorSort, decodeCursor } from './cursor.js';
import type { ProductListQuery, ProductSort } from './schemas.js';
import { prefixQuery } from './search.js';
import { skuOf } from './variants.js';

/** The query of GET /api/v1/products after schema validation (limit has its default). */
export type ListProductsInput = ProductListQuery & { limit: number };

/**
 * What selects the products of a listing, reduced to what decides the answer: the search text
 * as the words searched for and the SKU it could be, prices in cents, option values in lower
 * case, absent and false inStock alike. Fields in a fixed order and `null` for "none", so two
 * queries meaning the same thing serialise to the same text (the cache key of their answers).
 */
export interface ListingFilter {
  words: string | null;
  sku: string | null;
  category: string | null;
  inStock: boolean;
  size: string | null;
  colour: string | null;
  minCents: number | null;
  maxCents: number | null;
}

/** A listing page: the filter, the sort actually used, the page size and where it resumes. */
export interface Listing {
  filter: ListingFilter;
  sort: CursorSort;
  limit: number;
  /** The cursor as sent (part of the key) and as read. */
  cursor: { text: string; keys: CursorKeys } | null;
}

/** The sort actually used: relevance needs words to rank by; without, the listing is newest. */
export function effectiveSort(requested: ProductSort | undefined, hasText: boolean): CursorSort {
  if (requested === undefined || requested === 'relevance') return hasText ? 'relevance' : 'newest';
  return requested;
}

function invalidPrice(field: 'minPrice' | 'maxPrice', message: string): HttpError {
  return new HttpError(400, 'invalid_request', `querystring/${field} ${message}`, [
    { path: `querystring/${field}`, message },
  ]);
}

function priceCents(field: 'minPrice' | 'maxPrice', text: string | undefined): number | null {
  if (text === undefined) return null;
  const cents = parseDecimal(text);
  if (cents === undefined) throw invalidPrice(field, 'must be a decimal amount like "10.00"');
  return cents;
}

/**
 * Reads a validated listing query: the checks the schema cannot make (price bounds in order,
 * a cursor of this sort) are 400 invalid_request here, before any cache or database is asked.
 */
export function normaliseListing(query: ListProductsInput): Listing {
  const minCents = priceCents('minPrice', query.minPrice);
  const maxCents = priceCents('maxPrice', query.maxPrice);
  if (minCents !== null && maxCents !== null && minCents > maxCents) {
    throw invalidPrice('minPrice', 'must not be more than maxPrice');
  }
  const words = query.q === undefined ? undefined : prefixQuery(query.q);
  const sort = effectiveSort(query.sort, words !== undefined);
  return {
    filter: {
      words: words ?? null,
      // A text with no words filters nothing, not even by SKU.
      sku: (words !== undefined && query.q !== undefined && skuOf(query.q)) || null,
      category: query.category ?? null,
      inStock: query.inStock === true,
      size: query.size?.toLowerCase() ?? null,
      colour: query.colour?.toLowerCase() ?? null,
      minCents,
      maxCents,
    },
    sort,
    limit: query.limit,
    cursor:
      query.cursor === undefined
        ? null
        : { text: query.cursor, keys: decodeCursor(query.cursor, sort) },
  };
}

/** The text a filter is known by: equal for equal filters (normaliseListing orders the fields). */
export function filterText(filter: ListingFilter): string {
  return JSON.stringify(filter);
}

/** The text a page is known by: its filter, sort, size and cursor. */
export function listingText(listing: Listing): string {
  return JSON.stringify([
    listing.filter,
    listing.sort,
    listing.limit,
    listing.cursor?.text ?? null,
  ]);
}
