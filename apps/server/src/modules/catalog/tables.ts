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
  text,
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
    priceCents: integer('price_cents').notNull(),
    currency: char('currency', { length: 3 }).notNull().default('USD'),
    stock: integer('stock').notNull().default(0),
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
    check('products_stock_non_negative', sql`${t.stock} >= 0`),
    check('products_currency_code', sql`${t.currency} ~ '^[A-Z]{3}$'`),
    index('products_category_idx').on(t.categoryId),
    // The catalog lists only products for sale, so its indexes leave archived ones out. Each
    // keyset index matches one sort order exactly, id last (compared byte-wise, COLLATE "C",
    // so the order is the same whatever the database's default collation): a page is an index
    // range scan however deep it is. See service.ts.
    index('products_search_idx').using('gin', t.search).where(sql`${t.archived} = false`),
    index('products_price_keyset_idx')
      .on(t.priceCents, sql`${t.id} collate "C"`)
      .where(sql`${t.archived} = false`),
    index('products_name_keyset_idx')
      .on(sql`lower(${t.title}) collate "C"`, sql`${t.id} collate "C"`)
      .where(sql`${t.archived} = false`),
    index('products_newest_keyset_idx')
      .on(t.createdAt, sql`${t.id} collate "C"`)
      .where(sql`${t.archived} = false`),
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
