import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { images, productOptions, products, productVariants, SKU_PATTERN } from './tables.js';

/**
 * The one place that knows how variants are named, labelled, priced and counted: the catalog,
 * the cart, checkout, the legacy API and the admin all ask here.
 */

/** A variant's price: its override, else its product's base price. */
export const variantPrice = sql<number>`coalesce(${productVariants.priceCents}, ${products.priceCents})`;

/** A variant a shopper can buy: neither it nor its product is archived. Needs `products` joined. */
export const variantForSale = and(
  eq(productVariants.archived, false),
  eq(products.archived, false),
) as SQL;

/**
 * The same rule for a variant row `v` without `products` joined (conditional updates and
 * inserts that name one variant): it is not archived and neither is its product.
 */
export const variantRowForSale = (v: SQL) =>
  sql`not ${v}.archived and exists (select 1 from ${products} p where p.id = ${v}.product_id and not p.archived)`;

/** The values a variant row holds, in option order, without the unused slots. */
export function valuesOf(row: {
  option1: string | null;
  option2: string | null;
  option3: string | null;
}): string[] {
  return [row.option1, row.option2, row.option3].filter((value): value is string => value !== null);
}

/**
 * How a variant is shown on every line (cart, order, invoice, admin, activity): each option's
 * name and value, "Size M · Colour Navy"; '' for a product without options.
 */
export function variantLabel(optionNames: readonly string[], values: readonly string[]): string {
  return values.map((value, i) => `${optionNames[i] ?? ''} ${value}`.trim()).join(' · ');
}

/** A variant as a sentence names it: "Portugal Home Jersey (Size M)", or just the title. */
export function variantName(title: string, label: string): string {
  return label === '' ? title : `${title} (${label})`;
}

/**
 * The variant row's product id, always qualified: Drizzle leaves a column unqualified when a
 * query selects from one table, and an unqualified `product_id` inside the subquery below would
 * be the option's own.
 */
const variantProductId = sql.raw('"product_variants"."product_id"');

/**
 * {@link variantLabel} in SQL, for queries that select `product_variants` rows (cart, checkout,
 * legacy, admin lines): the same text without fetching the option names first.
 */
export const variantLabelSql = sql<string>`array_to_string(array(
  select o.name || ' ' || (array[${productVariants.option1}, ${productVariants.option2}, ${productVariants.option3}])[o.position]
  from ${productOptions} o where o.product_id = ${variantProductId} order by o.position), ' · ')`;

/** The slug of an option value in a variant id: "UK 9.5" → "uk-9-5", "2XL" → "2xl". */
export function valueSlug(value: string): string {
  const slug = value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'x' : slug;
}

/**
 * A variant's id: the product id for a product without options (its default variant), else the
 * product id and the slugs of its values (`portugal-home-jersey-m-navy`).
 */
export function variantId(productId: string, values: readonly string[]): string {
  return [productId, ...values.map(valueSlug)].join('-');
}

/**
 * Every combination of the options' values, the first option outermost: the shop's order of a
 * product's variants (S Green, S Navy, M Green...). No options: one empty combination.
 */
export function variantGrid(options: readonly { values: readonly string[] }[]): string[][] {
  return options.reduce<string[][]>(
    (grid, option) => grid.flatMap((values) => option.values.map((v) => [...values, v])),
    [[]],
  );
}

/**
 * A product's variants with their price and image, in shop order: those for sale only, or all
 * of them (the admin's, archived ones last). Each side shapes them (ProductVariant, AdminVariant).
 */
export function variantRowsOf(db: Db, productId: string, { includeArchived = false } = {}) {
  return db
    .select({
      variant: productVariants,
      priceCents: variantPrice,
      currency: products.currency,
      imageName: images.name,
      imageWidth: images.width,
      imageHeight: images.height,
    })
    .from(productVariants)
    .innerJoin(products, eq(products.id, productVariants.productId))
    .leftJoin(images, eq(images.name, productVariants.imageName))
    .where(
      and(eq(productVariants.productId, productId), includeArchived ? undefined : variantForSale),
    )
    .orderBy(
      asc(productVariants.archived),
      asc(productVariants.position),
      asc(sql`${productVariants.id} collate "C"`),
    );
}

/** A product's options (names and ordered values), by position. */
export async function optionsOf(
  db: Db,
  productIds: readonly string[],
): Promise<Map<string, { name: string; values: string[] }[]>> {
  const byProduct = new Map<string, { name: string; values: string[] }[]>();
  if (productIds.length === 0) return byProduct;
  const rows = await db
    .select()
    .from(productOptions)
    .where(inArray(productOptions.productId, [...productIds]))
    .orderBy(asc(productOptions.productId), asc(productOptions.position));
  for (const row of rows) {
    const list = byProduct.get(row.productId) ?? [];
    list.push({ name: row.name, values: row.values });
    byProduct.set(row.productId, list);
  }
  return byProduct;
}

/** What a list shows of a product's variants for sale: price range, stock and how many. */
export interface VariantSummary {
  minPriceCents: number;
  maxPriceCents: number;
  /** Units of all its variants for sale. */
  stock: number;
  variants: number;
  /** Of those, how many have stock. */
  inStock: number;
  /** Whether one of them is at or below the low-stock threshold. */
  lowStock: boolean;
}

/**
 * The summaries of some products' variants for sale (not archived), in one grouped query: a
 * page of the catalog, of the admin's list. A product with no variant for sale is missing.
 */
export async function variantSummaries(
  db: Db,
  productIds: readonly string[],
  lowStockThreshold: number,
): Promise<Map<string, VariantSummary>> {
  const summaries = new Map<string, VariantSummary>();
  if (productIds.length === 0) return summaries;
  const rows = await db
    .select({
      productId: productVariants.productId,
      minPriceCents: sql<number>`min(${variantPrice})::int`,
      maxPriceCents: sql<number>`max(${variantPrice})::int`,
      stock: sql<number>`sum(${productVariants.stock})::int`,
      variants: sql<number>`count(*)::int`,
      inStock: sql<number>`count(*) filter (where ${productVariants.stock} > 0)::int`,
      lowStock: sql<boolean>`bool_or(${productVariants.stock} <= ${lowStockThreshold})`,
    })
    .from(productVariants)
    .innerJoin(products, eq(products.id, productVariants.productId))
    .where(
      and(inArray(productVariants.productId, [...productIds]), eq(productVariants.archived, false)),
    )
    .groupBy(productVariants.productId);
  for (const { productId, ...summary } of rows) summaries.set(productId, summary);
  return summaries;
}

/**
 * {@link variantSummaries} of one product from its variant rows already read (the product
 * page): the same figures without a second query. catalog.test.ts checks the two agree.
 */
export function summaryOfRows(
  rows: readonly { priceCents: number; variant: { stock: number } }[],
  lowStockThreshold: number,
): VariantSummary | undefined {
  if (rows.length === 0) return undefined;
  const prices = rows.map((row) => row.priceCents);
  const stocks = rows.map((row) => row.variant.stock);
  return {
    minPriceCents: Math.min(...prices),
    maxPriceCents: Math.max(...prices),
    stock: stocks.reduce((sum, stock) => sum + stock, 0),
    variants: rows.length,
    inStock: stocks.filter((stock) => stock > 0).length,
    lowStock: stocks.some((stock) => stock <= lowStockThreshold),
  };
}

/**
 * Recomputes a product's `price_from_cents` (what the catalog sorts and filters by) from its
 * variants for sale, inside the caller's transaction. Every write that changes a base price, a
 * variant's price or which variants are for sale calls it.
 */
export async function refreshPriceFrom(
  db: Db,
  productIds: string | readonly string[],
): Promise<void> {
  const ids = typeof productIds === 'string' ? [productIds] : productIds;
  if (ids.length === 0) return;
  await db.execute(sql`
    update ${products} p set price_from_cents = coalesce(
      (select min(coalesce(v.price_cents, p.price_cents)) from ${productVariants} v
        where v.product_id = p.id and not v.archived),
      p.price_cents)
    where p.id in (${sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    )})`);
}

/**
 * The condition "this product has a variant for sale with stock (when `inStock`) whose Size and
 * Colour (when given) are these values", for the catalog's filters: every condition applies to
 * the same variant. Option names and values compare case-insensitively.
 */
export function hasVariantWhere(filter: {
  inStock: boolean;
  optionValues: { name: string; value: string }[];
}): SQL {
  const conditions: SQL[] = [
    sql`v.product_id = ${products.id}`,
    sql`not v.archived`,
    ...(filter.inStock ? [sql`v.stock > 0`] : []),
    ...filter.optionValues.map(
      ({ name, value }) => sql`exists (
        select 1 from ${productOptions} o
        where o.product_id = v.product_id and lower(o.name) = ${name.toLowerCase()}
          and lower((array[v.option1, v.option2, v.option3])[o.position]) = ${value.toLowerCase()})`,
    ),
  ];
  return sql`exists (select 1 from ${productVariants} v where ${sql.join(conditions, sql` and `)})`;
}

/** The SKU a search text could be (trimmed, upper-cased), or undefined when it cannot be one. */
export function skuOf(text: string): string | undefined {
  const sku = text.trim().toUpperCase();
  return new RegExp(SKU_PATTERN).test(sku) ? sku : undefined;
}

/**
 * The condition "this product has a variant whose SKU is `sku`" (from {@link skuOf}), for
 * search by SKU. A condition of the listing's own query rather than a lookup before it: a
 * search costs no extra round trip.
 */
export function hasSku(sku: string): SQL {
  return sql`exists (select 1 from ${productVariants} v where v.product_id = ${products.id} and v.sku = ${sku})`;
}
