import { count, sql } from 'drizzle-orm';
import { storeImage } from '../../modules/catalog/images.js';
import { categories, products } from '../../modules/catalog/tables.js';
import type { Db } from '../client.js';
import { categories as categorySeeds, products as productSeeds } from './catalog-data.js';
import { PRODUCT_IMAGE_HEIGHT, PRODUCT_IMAGE_WIDTH, renderProductSvg } from './product-art.js';

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
 * stock, image, not archived); orders, carts, users and products added by the shop are kept.
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

    const productRows = [];
    for (const seed of productSeeds) {
      const svg = new TextEncoder().encode(renderProductSvg(seed));
      const imageName = await storeImage(tx, {
        slug: seed.id,
        extension: 'svg',
        contentType: 'image/svg+xml',
        data: svg,
        width: PRODUCT_IMAGE_WIDTH,
        height: PRODUCT_IMAGE_HEIGHT,
      });
      productRows.push({
        id: seed.id,
        title: seed.title,
        description: seed.description,
        specs: seed.specs,
        categoryId: seed.categoryId,
        priceCents: seed.priceCents,
        stock: seed.stock,
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
            stock: sql`excluded.stock`,
            imageName: sql`excluded.image_name`,
            archived: sql`false`,
            updatedAt: sql`excluded.updated_at`,
          },
        })
      : productInsert.onConflictDoNothing());
    return { categories: categoryRows.length, products: productRows.length };
  });
}
