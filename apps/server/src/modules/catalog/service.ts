import { and, asc, count, desc, eq, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { HttpError } from '../../lib/errors.js';
import { money } from '../../lib/money.js';
import type { CatalogAnswers } from './answer-cache.js';
import { type CursorKeys, type CursorSort, encodeCursor } from './cursor.js';
import { imageUrl } from './images.js';
import type { Listing } from './listing.js';
import type {
  CategoryList,
  ProductDetail,
  ProductImage,
  ProductPage,
  ProductSummary,
  ProductVariant,
  StockInfo,
  StockState,
} from './schemas.js';
import { matches, rank } from './search.js';
import { categories, images, products } from './tables.js';
import {
  hasSku,
  hasVariantWhere,
  optionsOf,
  summaryOfRows,
  type VariantSummary,
  valuesOf,
  variantLabel,
  variantRowsOf,
  variantSummaries,
} from './variants.js';

/**
 * The stock rule, shared with the cart: nothing left is `out`, up to `lowStockThreshold` units
 * (config.shop.lowStockThreshold) is `low`, more is `in_stock`.
 */
export function stockState(available: number, lowStockThreshold: number): StockState {
  if (available <= 0) return 'out';
  if (available <= lowStockThreshold) return 'low';
  return 'in_stock';
}

/** `{ state, available }` as the API shows a product's stock. */
export function stockInfo(available: number, lowStockThreshold: number): StockInfo {
  return { state: stockState(available, lowStockThreshold), available: Math.max(0, available) };
}

export interface CatalogServiceDeps {
  db: Db;
  lowStockThreshold: number;
  /** Where a filter's `total` is kept between its pages. */
  answers: Pick<CatalogAnswers, 'total'>;
}

const PRODUCT_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

// Sort keys. Text keys compare byte-wise (COLLATE "C"), whatever the database's default
// collation, so PGlite and every PostgreSQL order alike and the keyset indexes of tables.ts
// (declared with the same expressions) serve the ORDER BY and the cursor condition.
const idKey = sql`${products.id} collate "C"`;
const nameKey = sql<string>`lower(${products.title}) collate "C"`;
/** created_at to the microsecond, in UTC: exact in a cursor (a JS Date has milliseconds only). */
const createdKey = sql<string>`to_char(${products.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
/** Products for sale: the condition of every partial index on products. */
const forSale = sql`${products.archived} = false`;
/**
 * ... that have a variant for sale. The admin keeps every product for sale with one (see
 * listProducts), so only the product page checks it, where it costs one row.
 */
const sellable = and(forSale, hasVariantWhere({ inStock: false, optionValues: [] })) as SQL;

interface Row {
  id: string;
  title: string;
  categoryId: string;
  categoryName: string;
  priceFromCents: number;
  currency: string;
  imageName: string | null;
  imageWidth: number | null;
  imageHeight: number | null;
  createdAt: Date;
  createdKey: string;
  nameKey: string;
  rank: number | null;
}

/**
 * One sort order for keyset pagination: the ORDER BY (every key in the same direction, id
 * last, so the order is total), the condition "after this cursor" as one row comparison (an
 * index range condition), and the cursor of a row.
 */
interface SortPlan {
  orderBy: SQL[];
  after(cursor: CursorKeys): SQL;
  cursorOf(row: Row): CursorKeys;
}

function sortPlan(sort: CursorSort, text: string | undefined): SortPlan {
  const mismatch = () => new Error(`a ${sort} plan was given another cursor`);
  switch (sort) {
    case 'price_asc':
    case 'price_desc': {
      const up = sort === 'price_asc';
      return {
        orderBy: up
          ? [asc(products.priceFromCents), asc(idKey)]
          : [desc(products.priceFromCents), desc(idKey)],
        after: (c) => {
          if (c.sort !== sort) throw mismatch();
          return up
            ? sql`(${products.priceFromCents}, ${idKey}) > (${c.priceCents}, ${c.id})`
            : sql`(${products.priceFromCents}, ${idKey}) < (${c.priceCents}, ${c.id})`;
        },
        cursorOf: (row) => ({ sort, priceCents: row.priceFromCents, id: row.id }),
      };
    }
    case 'name':
      return {
        orderBy: [asc(nameKey), asc(idKey)],
        after: (c) => {
          if (c.sort !== 'name') throw mismatch();
          return sql`(${nameKey}, ${idKey}) > (${c.name}, ${c.id})`;
        },
        cursorOf: (row) => ({ sort, name: row.nameKey, id: row.id }),
      };
    case 'newest':
      return {
        orderBy: [desc(products.createdAt), desc(idKey)],
        after: (c) => {
          if (c.sort !== 'newest') throw mismatch();
          return sql`(${products.createdAt}, ${idKey}) < (${c.createdAt}::timestamptz, ${c.id})`;
        },
        cursorOf: (row) => ({ sort, createdAt: row.createdKey, id: row.id }),
      };
    case 'relevance': {
      if (text === undefined) throw new Error('relevance needs a text query');
      // Equally relevant products come newest first, then by id. The rank is a float4 and the
      // cursor holds it as JSON: PostgreSQL prints float4 exactly enough that it reads back
      // (::real) as the same value, so the comparison resumes exactly after the last row.
      const score = rank(text);
      return {
        orderBy: [desc(score), desc(products.createdAt), desc(idKey)],
        after: (c) => {
          if (c.sort !== 'relevance') throw mismatch();
          return sql`(${score}, ${products.createdAt}, ${idKey}) < (${c.rank}::real, ${c.createdAt}::timestamptz, ${c.id})`;
        },
        cursorOf: (row) => ({
          sort,
          rank: row.rank ?? 0,
          createdAt: row.createdKey,
          id: row.id,
        }),
      };
    }
  }
}

/** The columns a product summary is made of (list pages, the product page, the admin's lists). */
export const summaryColumns = {
  id: products.id,
  title: products.title,
  categoryId: products.categoryId,
  categoryName: categories.name,
  priceFromCents: products.priceFromCents,
  currency: products.currency,
  imageName: products.imageName,
  imageWidth: images.width,
  imageHeight: images.height,
  createdAt: products.createdAt,
};

/** The image of a product row selected with `summaryColumns`, as the API shows it. */
export function productImage(row: {
  imageName: string | null;
  imageWidth: number | null;
  imageHeight: number | null;
}): ProductImage | null {
  if (row.imageName === null || row.imageWidth === null || row.imageHeight === null) return null;
  return { url: imageUrl(row.imageName), width: row.imageWidth, height: row.imageHeight };
}

/** The catalog as shoppers see it: products for sale (never archived ones) and categories. */
export class CatalogService {
  constructor(private readonly deps: CatalogServiceDeps) {}

  /**
   * One page of the catalog, filtered and sorted; see docs/api.md. `total` is counted once per
   * filter and kept in the answer cache until the catalog changes, not counted for every page.
   */
  async listProducts(listing: Listing): Promise<ProductPage> {
    const { db } = this.deps;
    const { filter, sort, limit } = listing;
    const plan = sortPlan(sort, filter.words ?? undefined);

    // Stock and option filters apply to one variant together: "in stock in M" is a variant M
    // with stock, not a product with some M and some stock.
    const optionValues = [
      ...(filter.size === null ? [] : [{ name: 'size', value: filter.size }]),
      ...(filter.colour === null ? [] : [{ name: 'colour', value: filter.colour }]),
    ];
    // A product for sale always has a variant for sale (the admin refuses to archive its last
    // one), so the plain listing needs no look at variants: its count and pages stay scans of
    // products and their indexes alone.
    const filters: SQL[] = [forSale];
    if (filter.inStock || optionValues.length > 0) {
      filters.push(hasVariantWhere({ inStock: filter.inStock, optionValues }));
    }
    if (filter.words !== null) {
      // A query that is a variant's SKU finds its product too (a shop owner's or a returning
      // shopper's search), whatever the words match.
      const words = matches(filter.words);
      filters.push(filter.sku === null ? words : (or(words, hasSku(filter.sku)) as SQL));
    }
    if (filter.category !== null) filters.push(eq(products.categoryId, filter.category));
    // The price filters compare the lowest price of the product's variants ("from $X"). Bounds
    // may exceed an int4 ("999999999.99"): compared as bigint, which the index serves too.
    if (filter.minCents !== null)
      filters.push(sql`${products.priceFromCents} >= ${filter.minCents}::bigint`);
    if (filter.maxCents !== null)
      filters.push(sql`${products.priceFromCents} <= ${filter.maxCents}::bigint`);
    const page = [...filters];
    if (listing.cursor) page.push(plan.after(listing.cursor.keys));

    const rowsQuery = db
      .select({
        ...summaryColumns,
        createdKey,
        nameKey,
        rank: (filter.words === null ? sql`null` : rank(filter.words)).mapWith((value) =>
          value === null ? null : Number(value),
        ),
      })
      .from(products)
      .innerJoin(categories, eq(categories.id, products.categoryId))
      .leftJoin(images, eq(images.name, products.imageName))
      .where(and(...page))
      .orderBy(...plan.orderBy)
      // One more than asked: whether there is a next page, without a second query.
      .limit(limit + 1);
    const countQuery = async () => {
      const [counted] = await db
        .select({ n: count() })
        .from(products)
        .where(and(...filters));
      return counted?.n ?? 0;
    };
    const [rows, total] = await Promise.all([
      rowsQuery,
      this.deps.answers.total(filter, countQuery),
    ]);
    const more = rows.length > limit;
    const items = more ? rows.slice(0, limit) : rows;
    const last = items.at(-1);
    const summaries = await variantSummaries(
      db,
      items.map((row) => row.id),
      this.deps.lowStockThreshold,
    );
    return {
      items: items.map((row) => this.#summary(row, summaries.get(row.id))),
      nextCursor: more && last ? encodeCursor(plan.cursorOf(last)) : null,
      total,
    };
  }

  /** A product for sale; 404 not_found for an unknown or archived one. */
  async getProduct(id: string): Promise<ProductDetail> {
    const notFound = () => new HttpError(404, 'not_found', 'There is no such product.');
    if (!PRODUCT_ID.test(id)) throw notFound();
    const [row] = await this.deps.db
      .select({
        ...summaryColumns,
        description: products.description,
        specs: products.specs,
        updatedAt: products.updatedAt,
      })
      .from(products)
      .innerJoin(categories, eq(categories.id, products.categoryId))
      .leftJoin(images, eq(images.name, products.imageName))
      .where(and(eq(products.id, id), sellable));
    if (!row) throw notFound();
    const [options, variants] = await Promise.all([
      optionsOf(this.deps.db, [id]),
      variantRowsOf(this.deps.db, id),
    ]);
    const productOptions = options.get(id) ?? [];
    const names = productOptions.map((option) => option.name);
    return {
      ...this.#summary(row, summaryOfRows(variants, this.deps.lowStockThreshold)),
      description: row.description,
      specs: row.specs.map(({ name, value }) => ({ name, value })),
      options: productOptions,
      variants: variants.map(
        ({ variant, priceCents, ...image }): ProductVariant => ({
          id: variant.id,
          sku: variant.sku,
          values: valuesOf(variant),
          label: variantLabel(names, valuesOf(variant)),
          price: money(priceCents, row.currency),
          stock: stockInfo(variant.stock, this.deps.lowStockThreshold),
          image: productImage(image),
        }),
      ),
      updatedAt: row.updatedAt.toISOString(),
    };
  }

  /** Every category in shop order, with how many products it has for sale. */
  async listCategories(): Promise<CategoryList> {
    const items = await this.deps.db
      .select({
        id: categories.id,
        name: categories.name,
        description: categories.description,
        productCount: count(products.id),
      })
      .from(categories)
      .leftJoin(products, and(eq(products.categoryId, categories.id), forSale))
      .groupBy(categories.id)
      .orderBy(asc(categories.sortOrder), asc(sql`${categories.id} collate "C"`));
    return { items };
  }

  /**
   * A product as lists show it. `variants` is missing only when its last variant was archived
   * between the page's two queries: then it shows as one sold-out variant at its from-price.
   */
  #summary(
    row: Omit<Row, 'createdKey' | 'nameKey' | 'rank'>,
    variants: VariantSummary | undefined,
  ): ProductSummary {
    const { minPriceCents, maxPriceCents, stock, inStock } = variants ?? {
      minPriceCents: row.priceFromCents,
      maxPriceCents: row.priceFromCents,
      stock: 0,
      inStock: 0,
    };
    return {
      id: row.id,
      title: row.title,
      category: { id: row.categoryId, name: row.categoryName },
      price: money(minPriceCents, row.currency),
      maxPrice: money(maxPriceCents, row.currency),
      stock: stockInfo(stock, this.deps.lowStockThreshold),
      availability: { variants: variants?.variants ?? 1, inStock },
      image: productImage(row),
      createdAt: row.createdAt.toISOString(),
    };
  }
}
