import { and, count, inArray, notInArray, sql } from 'drizzle-orm';
import { storeImage } from '../../modules/catalog/images.js';
import {
  categories,
  productOptions,
  products,
  productVariants,
} from '../../modules/catalog/tables.js';
import { refreshPriceFrom } from '../../modules/catalog/variants.js';
import type { Db } from '../client.js';
import {
  categories as categorySeeds,
  type ProductSeed,
  products as productSeeds,
} from './catalog-data.js';
import { PRODUCT_IMAGE_HEIGHT, PRODUCT_IMAGE_WIDTH, renderProductSvg } from './product-art.js';
import { optionsOf, variantsOf } from './variant-data.js';

export interface SeedResult {
  categories: number;
  products: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Puts the demo catalog in the database.
 *
 * Without `reset` it only acts on a database that has no products yet, so it is safe to run at
 * every start (and from several instances at once: inserts skip rows that already exist).
 * With `reset` every demo category and product is restored to its seed values (title, price,
 * options, image, not archived) and its variants too (SKU, price, stock; variants the shop added
 * to a demo product are archived); orders, carts, users and products added by the shop are kept.
 */
export async function seedDemoCatalog(db: Db, { reset = false } = {}): Promise<SeedResult> {
  if (!reset) {
    const [row] = await db.select({ n: count() }).from(products);
    if ((row?.n ?? 0) > 0) return { categories: 0, products: 0 };
  }
  const now = Date.now();
  return db.transaction(async (tx) => {
    const categoryRows = categorySeeds.map((c) => ({ ...c, updatedAt: new Date(now) }));
    const categoryInsert = tx.insert(categories).values(categoryRows);
    await (reset
      ? categoryInsert.onConflictDoUpdate({
          target: categories.id,
          set: {
            name: sql`excluded.name`,
            description: sql`excluded.description`,
            sortOrder: sql`excluded.sort_order`,
            updatedAt: sql`excluded.updated_at`,
          },
        })
      : categoryInsert.onConflictDoNothing());

    const artImage = (slug: string, seed: ProductSeed) =>
      storeImage(tx, {
        slug,
        extension: 'svg',
        contentType: 'image/svg+xml',
        data: new TextEncoder().encode(renderProductSvg(seed)),
        width: PRODUCT_IMAGE_WIDTH,
        height: PRODUCT_IMAGE_HEIGHT,
      });
    const productRows = [];
    const optionRows = [];
    const variantRows = [];
    for (const [index, seed] of productSeeds.entries()) {
      const imageName = await artImage(seed.id, seed);
      optionRows.push(
        ...optionsOf(seed).map((option, i) => ({ productId: seed.id, position: i + 1, ...option })),
      );
      for (const variant of variantsOf(seed, index)) {
        variantRows.push({
          id: variant.id,
          productId: seed.id,
          sku: variant.sku,
          option1: variant.values[0] ?? null,
          option2: variant.values[1] ?? null,
          option3: variant.values[2] ?? null,
          priceCents: variant.priceCents,
          stock: variant.stock,
          archived: false,
          position: variant.position,
          imageName: variant.art
            ? await artImage(variant.art.slug, { ...seed, art: variant.art.art })
            : null,
          updatedAt: new Date(now),
        });
      }
      productRows.push({
        id: seed.id,
        title: seed.title,
        description: seed.description,
        specs: seed.specs,
        categoryId: seed.categoryId,
        priceCents: seed.priceCents,
        priceFromCents: seed.priceCents,
        imageName,
        archived: false,
        createdAt: new Date(now - seed.createdDaysAgo * DAY_MS),
        updatedAt: new Date(now),
      });
    }
    const productInsert = tx.insert(products).values(productRows);
    await (reset
      ? productInsert.onConflictDoUpdate({
          target: products.id,
          set: {
            title: sql`excluded.title`,
            description: sql`excluded.description`,
            specs: sql`excluded.specs`,
            categoryId: sql`excluded.category_id`,
            priceCents: sql`excluded.price_cents`,
            imageName: sql`excluded.image_name`,
            archived: sql`false`,
            updatedAt: sql`excluded.updated_at`,
          },
        })
      : productInsert.onConflictDoNothing());

    const demoIds = productRows.map((row) => row.id);
    if (reset) await tx.delete(productOptions).where(inArray(productOptions.productId, demoIds));
    await tx.insert(productOptions).values(optionRows).onConflictDoNothing();
    const variantInsert = tx.insert(productVariants).values(variantRows);
    await (reset
      ? variantInsert.onConflictDoUpdate({
          target: productVariants.id,
          set: {
            sku: sql`excluded.sku`,
            option1: sql`excluded.option1`,
            option2: sql`excluded.option2`,
            option3: sql`excluded.option3`,
            priceCents: sql`excluded.price_cents`,
            stock: sql`excluded.stock`,
            archived: sql`false`,
            position: sql`excluded.position`,
            imageName: sql`excluded.image_name`,
            updatedAt: sql`excluded.updated_at`,
          },
        })
      : variantInsert.onConflictDoNothing());
    if (reset) {
      await tx
        .update(productVariants)
        .set({ archived: true, updatedAt: new Date(now) })
        .where(
          and(
            inArray(productVariants.productId, demoIds),
            notInArray(
              productVariants.id,
              variantRows.map((row) => row.id),
            ),
          ),
        );
    }
    await refreshPriceFrom(tx, demoIds);
    return { categories: categoryRows.length, products: productRows.length };
  });
}
