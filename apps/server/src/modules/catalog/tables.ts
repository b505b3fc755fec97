import { type SQL, sql } from 'drizzle-orm';
import {
  boolean,
  char,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { bytea, createdAt, updatedAt } from '../../db/columns.js';

export interface ProductSpec {
  name: string;
  value: string;
}

/** A text-search document. Only the database reads it: the API never selects this column. */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * The search document of a product, weighted: title A, the words of the category id B
 * (`football-jerseys` → football jerseys), description C; English stemming. Kept by the
 * database itself (a STORED generated column), so every write path keeps it up to date.
 * The query side is in search.ts and must use the same configuration.
 */
export const SEARCH_CONFIG = 'english';
const searchDocument = sql.raw(
  `setweight(to_tsvector('${SEARCH_CONFIG}'::regconfig, "title"), 'A') || ` +
    `setweight(to_tsvector('${SEARCH_CONFIG}'::regconfig, replace("category_id", '-', ' ')), 'B') || ` +
    `setweight(to_tsvector('${SEARCH_CONFIG}'::regconfig, "description"), 'C')`,
);

/** Slugs are stable, human-readable ids: `argentina-home-jersey`. */
const slugCheck = (column: string) => sql.raw(`${column} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`);

export const categories = pgTable(
  'categories',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  () => [check('categories_id_slug', slugCheck('id'))],
);

export const products = pgTable(
  'products',
  {
    id: text('id').primaryKey(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    specs: jsonb('specs').$type<ProductSpec[]>().notNull().default([]),
    categoryId: text('category_id')
      .notNull()
      .references(() => categories.id, { onDelete: 'restrict' }),
    /** The base price: what a variant costs unless it overrides it (product_variants.price_cents). */
    priceCents: integer('price_cents').notNull(),
    /**
     * The lowest price of the product's sellable variants ("from $84.99"), or the base price when
     * none is sellable: what the catalog sorts and filters by. Kept by catalog/variants.ts
     * (`refreshPriceFrom`), called by every write that changes a price or a variant's sale.
     */
    priceFromCents: integer('price_from_cents').notNull(),
    currency: char('currency', { length: 3 }).notNull().default('USD'),
    /** The main image (served at `/images/<name>`); an image in use cannot be deleted. */
    imageName: text('image_name').references(() => images.name, { onDelete: 'restrict' }),
    archived: boolean('archived').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    search: tsvector('search').generatedAlwaysAs((): SQL => searchDocument),
  },
  (t) => [
    check('products_id_slug', slugCheck('id')),
    check('products_price_non_negative', sql`${t.priceCents} >= 0`),
    check('products_price_from_non_negative', sql`${t.priceFromCents} >= 0`),
    check('products_currency_code', sql`${t.currency} ~ '^[A-Z]{3}$'`),
    index('products_category_idx').on(t.categoryId),
    // The catalog lists only products for sale, so its indexes leave archived ones out. Each
    // keyset index matches one sort order exactly, id last (compared byte-wise, COLLATE "C",
    // so the order is the same whatever the database's default collation): a page is an index
    // range scan however deep it is. See service.ts.
    index('products_search_idx').using('gin', t.search).where(sql`${t.archived} = false`),
    index('products_price_keyset_idx')
      .on(t.priceFromCents, sql`${t.id} collate "C"`)
      .where(sql`${t.archived} = false`),
    index('products_name_keyset_idx')
      .on(sql`lower(${t.title}) collate "C"`, sql`${t.id} collate "C"`)
      .where(sql`${t.archived} = false`),
    index('products_newest_keyset_idx')
      .on(t.createdAt, sql`${t.id} collate "C"`)
      .where(sql`${t.archived} = false`),
  ],
);

/** What a SKU may be: upper case letters and digits, then also `.`, `_` and `-`; 64 at most. */
export const SKU_PATTERN = '^[A-Z0-9][A-Z0-9._-]{0,63}$';

/**
 * The longest variant id: a product id and up to three value slugs. Every input that names a
 * variant (cart routes, the admin, the legacy API) takes ids up to this length, so whatever the
 * shop lists can be bought.
 */
export const MAX_VARIANT_ID_LENGTH = 200;

/** At most this many options (Size, Colour, ...) per product. */
export const MAX_OPTIONS = 3;

/**
 * A product's options, 0 to 3 (`position` 1 to 3): a name (Size) and its values in shop order
 * (XS, S, M, L, XL, 2XL). A variant picks one value of each (`option1` .. `option3`).
 */
export const productOptions = pgTable(
  'product_options',
  {
    productId: text('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    position: smallint('position').notNull(),
    name: text('name').notNull(),
    values: text('values').array().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.productId, t.position] }),
    check(
      'product_options_position_range',
      sql`${t.position} between 1 and ${sql.raw(String(MAX_OPTIONS))}`,
    ),
    check('product_options_name_length', sql`char_length(${t.name}) between 1 and 40`),
    check('product_options_has_values', sql`cardinality(${t.values}) between 1 and 100`),
    uniqueIndex('product_options_name_unique').on(t.productId, sql`lower(${t.name})`),
  ],
);

/**
 * What is actually sold: one combination of a product's option values, with its own SKU, stock
 * and (optionally) price. A product without options has exactly one variant, its default, whose
 * id is the product's id; the variants of a product with options have ids made of the product id
 * and the values (`portugal-home-jersey-m-navy`). Cart lines, order lines and every stock
 * movement name a variant. Stock only moves by conditional updates of these rows,
 * rows locked in id order (orders/recording.ts).
 */
export const productVariants = pgTable(
  'product_variants',
  {
    id: text('id').primaryKey(),
    productId: text('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'restrict' }),
    /** Stock keeping unit, upper case, unique in the shop: what the warehouse picks by. */
    sku: text('sku').notNull(),
    option1: text('option1'),
    option2: text('option2'),
    option3: text('option3'),
    /** Overrides the product's base price when set. */
    priceCents: integer('price_cents'),
    stock: integer('stock').notNull().default(0),
    /** An archived variant is no longer sold (its product may still be). */
    archived: boolean('archived').notNull().default(false),
    /** Display order among the product's variants (the options' value order). */
    position: integer('position').notNull().default(0),
    /** Its own image (a colour's), else the product's. */
    imageName: text('image_name').references(() => images.name, { onDelete: 'restrict' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('product_variants_id_slug', slugCheck('id')),
    check('product_variants_sku_format', sql`${t.sku} ~ ${sql.raw(`'${SKU_PATTERN}'`)}`),
    check(
      'product_variants_price_non_negative',
      sql`${t.priceCents} is null or ${t.priceCents} >= 0`,
    ),
    check('product_variants_stock_non_negative', sql`${t.stock} >= 0`),
    check(
      'product_variants_options_in_order',
      sql`(${t.option2} is null or ${t.option1} is not null) and (${t.option3} is null or ${t.option2} is not null)`,
    ),
    uniqueIndex('product_variants_sku_unique').on(t.sku),
    unique('product_variants_combination_unique')
      .on(t.productId, t.option1, t.option2, t.option3)
      .nullsNotDistinct(),
    index('product_variants_product_idx').on(t.productId, t.position),
  ],
);

/**
 * Image bytes live in the database so that every app instance serves the same files.
 * Names carry a content hash, so a changed image gets a new URL and caches never go stale.
 */
export const images = pgTable(
  'images',
  {
    name: text('name').primaryKey(),
    contentType: text('content_type').notNull(),
    data: bytea('data').notNull(),
    /** Pixel size, so pages can reserve the image's space before it loads. */
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    check('images_name_safe', sql`${t.name} ~ '^[a-z0-9][a-z0-9-]*\\.(svg|png|jpg|webp)$'`),
    check('images_size_positive', sql`${t.width} > 0 and ${t.height} > 0`),
  ],
);
