import type {
  CategorySummary,
  ProductListQuery,
  ProductSort,
  ProductSummary,
} from '@ironcart/server/api';
import { useCallback, useEffect, useId, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ProductCard, ProductCardSkeleton } from '../components/ProductCard.js';
import { SIZE_FILTERS } from '../components/SizeGuide.js';
import { errorMessage } from '../format.js';
import { useShop } from '../shop.js';
import { useTitle } from '../use-title.js';

const PAGE_SIZE = 12;
const SORTS: { value: ProductSort | ''; label: string }[] = [
  { value: '', label: 'Recommended' },
  { value: 'newest', label: 'Newest' },
  { value: 'price_asc', label: 'Price: low to high' },
  { value: 'price_desc', label: 'Price: high to low' },
  { value: 'name', label: 'Name: A to Z' },
];
const SORT_VALUES = new Set<string>(SORTS.map((sort) => sort.value));
const SIZE_VALUES = new Set<string>(SIZE_FILTERS.flatMap((group) => group.sizes));

interface Listing {
  /** The query these items answer (the URL's), so a stale answer is never shown. */
  key: string;
  items: ProductSummary[];
  nextCursor: string | null;
  total: number;
}

/** The catalog query the URL describes; unknown or malformed values are ignored. */
function queryFrom(params: URLSearchParams): ProductListQuery {
  const query: ProductListQuery = { limit: PAGE_SIZE };
  const q = params.get('q')?.trim();
  if (q) query.q = q.slice(0, 200);
  const category = params.get('category');
  if (category && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(category)) query.category = category;
  const sort = params.get('sort');
  if (sort && SORT_VALUES.has(sort)) query.sort = sort as ProductSort;
  const size = params.get('size');
  if (size && SIZE_VALUES.has(size)) query.size = size;
  if (params.get('inStock') === 'true') query.inStock = true;
  return query;
}

export function CatalogPage() {
  const { client } = useShop();
  const [params, setParams] = useSearchParams();
  const query = queryFrom(params);
  const key = JSON.stringify(query);
  const [listing, setListing] = useState<Listing | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [categories, setCategories] = useState<CategorySummary[]>([]);
  const [attempt, setAttempt] = useState(0);
  const ids = useId();

  const category = categories.find((c) => c.id === query.category);
  const heading = query.q
    ? `Results for “${query.q}”`
    : category
      ? category.name
      : query.category
        ? 'Category'
        : 'All products';
  useTitle(query.q ? `Search: ${query.q}` : (category?.name ?? 'Shop sports gear'));

  useEffect(() => {
    let live = true;
    client.categories().then(
      (list) => live && setCategories(list.items),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` is the query, `attempt` retries
  useEffect(() => {
    let live = true;
    setError(null);
    client.products(JSON.parse(key) as ProductListQuery).then(
      (page) => live && setListing({ key, ...page }),
      (failure: unknown) => live && setError(errorMessage(failure)),
    );
    return () => {
      live = false;
    };
  }, [client, key, attempt]);

  const loadMore = useCallback(async () => {
    if (!listing?.nextCursor) return;
    setLoadingMore(true);
    try {
      const page = await client.products({ ...query, cursor: listing.nextCursor });
      setListing((current) =>
        current && current.key === key
          ? {
              key,
              items: [...current.items, ...page.items],
              nextCursor: page.nextCursor,
              total: page.total,
            }
          : current,
      );
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setLoadingMore(false);
    }
  }, [client, listing, query, key]);

  function update(name: string, value: string | null) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next);
  }

  const current = listing?.key === key ? listing : null;
  const filtered = Boolean(query.q || query.category || query.size || query.inStock);

  return (
    <div className="container catalog">
      <div className="catalog-head">
        <div>
          <h1>{heading}</h1>
          <p className="result-count" aria-live="polite">
            {current
              ? `${current.total} ${current.total === 1 ? 'product' : 'products'}`
              : '\u00a0'}
          </p>
        </div>
        <fieldset className="filters">
          <legend className="visually-hidden">Filter and sort</legend>
          <div className="field">
            <label htmlFor={`${ids}-category`}>Category</label>
            <select
              id={`${ids}-category`}
              value={query.category ?? ''}
              onChange={(event) => update('category', event.target.value || null)}
            >
              <option value="">All categories</option>
              {categories.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({c.productCount})
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${ids}-sort`}>Sort by</label>
            <select
              id={`${ids}-sort`}
              value={query.sort ?? ''}
              onChange={(event) => update('sort', event.target.value || null)}
            >
              {SORTS.map((sort) => (
                <option key={sort.value} value={sort.value}>
                  {sort.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${ids}-size`}>Size</label>
            <select
              id={`${ids}-size`}
              value={query.size ?? ''}
              onChange={(event) => update('size', event.target.value || null)}
            >
              <option value="">Any size</option>
              {SIZE_FILTERS.map((group) => (
                <optgroup key={group.label} label={group.label}>
                  {group.sizes.map((size) => (
                    <option key={size} value={size}>
                      {size}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </div>
          {/* With a size, "in stock" means in stock in that size (the server checks per variant). */}
          <label className="checkbox">
            <input
              type="checkbox"
              checked={query.inStock === true}
              onChange={(event) => update('inStock', event.target.checked ? 'true' : null)}
            />
            In stock only
          </label>
        </fieldset>
      </div>

      {error && !current ? (
        <div className="notice notice-error" role="alert">
          <p>{error}</p>
          <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </button>
        </div>
      ) : !current ? (
        <ul className="grid" aria-busy="true" aria-label="Loading products">
          {Array.from({ length: 8 }, (_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
            <ProductCardSkeleton key={i} />
          ))}
        </ul>
      ) : current.items.length === 0 ? (
        <div className="empty">
          <h2>
            No products match {query.q ? `“${query.q}”` : 'these filters'}
            {query.q && (query.category || query.size || query.inStock)
              ? ' with these filters'
              : ''}
            .
          </h2>
          <p>Try other words, or look through the whole catalog.</p>
          {filtered && (
            <button type="button" className="button" onClick={() => setParams({})}>
              Reset filters
            </button>
          )}
        </div>
      ) : (
        <>
          <ul className="grid" aria-label="Products">
            {current.items.map((product) => (
              <ProductCard key={product.id} product={product} />
            ))}
          </ul>
          <div className="more">
            {error && (
              <p className="inline-error" role="alert">
                {error}
              </p>
            )}
            <p className="more-count">
              Showing {current.items.length} of {current.total}
            </p>
            {current.nextCursor && (
              <button
                type="button"
                className="button button-outline"
                onClick={loadMore}
                disabled={loadingMore}
              >
                {loadingMore ? 'Loading…' : 'Load more'}
              </button>
            )}
          </div>
        </>
      )}
    </div>
  );
}
