import { asc, eq, gt, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { productOptions, products, productVariants } from '../modules/catalog/tables.js';
import { refreshPriceFrom, variantId } from '../modules/catalog/variants.js';

/**
 * Small catalogs for tests, written the way the shop holds them: every product with its
 * variants (a product without options has its default one, id = product id, holding its stock).
 */

export interface TestProduct {
  id: string;
  title: string;
  priceCents: number;
  /** The default variant's stock (products without `sizes`). */
  stock?: number;
  /** A Size option: each value's stock, in shop order (`{ S: 3, M: 1 }`). */
  sizes?: Record<string, number>;
  categoryId: string;
  description?: string;
  archived?: boolean;
  createdAt?: Date;
}

/** The SKU tests give a variant: its id, upper-cased. */
export const testSku = (id: string) => id.toUpperCase();

/** Inserts the products, their Size option when given, and their variants. */
export async function insertProducts(db: Db, rows: readonly TestProduct[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(products).values(
    rows.map((p) => ({
      id: p.id,
      title: p.title,
      description: p.description ?? `${p.title}.`,
      categoryId: p.categoryId,
      priceCents: p.priceCents,
      priceFromCents: p.priceCents,
      archived: p.archived ?? false,
      ...(p.createdAt ? { createdAt: p.createdAt } : {}),
    })),
  );
  const sized = rows.filter((p) => p.sizes !== undefined);
  if (sized.length > 0) {
    await db.insert(productOptions).values(
      sized.map((p) => ({
        productId: p.id,
        position: 1,
        name: 'Size',
        values: Object.keys(p.sizes ?? {}),
      })),
    );
  }
  await db.insert(productVariants).values(
    rows.flatMap((p) =>
      p.sizes === undefined
        ? [{ id: p.id, productId: p.id, sku: testSku(p.id), stock: p.stock ?? 0 }]
        : Object.entries(p.sizes).map(([size, stock], position) => {
            const id = variantId(p.id, [size]);
            return { id, productId: p.id, sku: testSku(id), option1: size, stock, position };
          }),
    ),
  );
}

/** Sets a variant's stock (a product without options: its id is the product's). */
export async function setStock(db: Db, id: string, stock: number): Promise<void> {
  await db.update(productVariants).set({ stock }).where(eq(productVariants.id, id));
}

/** A variant's stock now. */
export async function stockOf(db: Db, id: string): Promise<number> {
  const [row] = await db
    .select({ stock: productVariants.stock })
    .from(productVariants)
    .where(eq(productVariants.id, id));
  if (!row) throw new Error(`no variant ${id}`);
  return row.stock;
}

/** Several variants' stock now, by id. */
export async function stocksOf(db: Db, ids: readonly string[]): Promise<Record<string, number>> {
  const rows = await db
    .select({ id: productVariants.id, stock: productVariants.stock })
    .from(productVariants)
    .where(inArray(productVariants.id, [...ids]));
  return Object.fromEntries(rows.map((row) => [row.id, row.stock]));
}

/** Sets a product's base price (and so its variants' without an override). */
export async function setBasePrice(db: Db, id: string, priceCents: number): Promise<void> {
  await db.update(products).set({ priceCents }).where(eq(products.id, id));
  await refreshPriceFrom(db, id);
}

/** The first variant in stock (by id): what a test adds when any buyable line will do. */
export async function firstVariantInStock(db: Db): Promise<{ id: string; productId: string }> {
  const [first] = await db
    .select({ id: productVariants.id, productId: productVariants.productId })
    .from(productVariants)
    .where(gt(productVariants.stock, 0))
    .orderBy(asc(productVariants.id))
    .limit(1);
  if (!first) throw new Error('no variant in stock: is the catalog seeded?');
  return first;
}
