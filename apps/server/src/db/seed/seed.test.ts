import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildApp } from '../../app.js';
import {
  categories,
  images,
  productOptions,
  products,
  productVariants,
} from '../../modules/catalog/tables.js';
import { LogCapture, testConfig } from '../../test-support/app.js';
import { insertProducts, stockOf } from '../../test-support/catalog.js';
import {
  createTestDatabase,
  type TestDatabase,
  testDrivers,
} from '../../test-support/databases.js';
import { products as productSeeds } from './catalog-data.js';
import { seedDemoCatalog } from './seed.js';
import { variantsOf } from './variant-data.js';

const seedVariants = productSeeds.flatMap((seed, index) => variantsOf(seed, index));
/** The colour images: one per product and colour that has its own art. */
const colourImages = new Set(seedVariants.flatMap((v) => (v.art ? [v.art.slug] : []))).size;

describe.each(testDrivers)('demo catalog seeding on %s', (driver) => {
  let testDb: TestDatabase;
  const counts = async () => {
    const { db } = testDb.database;
    const [p] = await db.select({ n: count() }).from(products);
    const [c] = await db.select({ n: count() }).from(categories);
    const [i] = await db.select({ n: count() }).from(images);
    const [v] = await db.select({ n: count() }).from(productVariants);
    const [o] = await db.select({ n: count() }).from(productOptions);
    return { products: p?.n, categories: c?.n, images: i?.n, variants: v?.n, options: o?.n };
  };

  beforeAll(async () => {
    testDb = await createTestDatabase(driver);
  });
  afterAll(() => testDb.dispose());

  test('seeds an empty database once, and only once', async () => {
    const first = await seedDemoCatalog(testDb.database.db);
    expect(first.products).toBe(productSeeds.length);
    expect(first.products).toBeGreaterThanOrEqual(40);
    expect(first.categories).toBeGreaterThanOrEqual(6);
    const after = await counts();
    expect(after.products).toBe(productSeeds.length);
    expect(after.images).toBe(productSeeds.length + colourImages);
    expect(colourImages).toBe(2);
    expect(after.variants).toBe(seedVariants.length);
    expect(after.variants).toBeGreaterThan(300);

    expect(await seedDemoCatalog(testDb.database.db)).toEqual({ categories: 0, products: 0 });
    // Two instances starting together both try: nothing is duplicated or fails.
    await Promise.all([
      seedDemoCatalog(testDb.database.db, { reset: true }),
      seedDemoCatalog(testDb.database.db, { reset: true }),
    ]);
    expect(await counts()).toEqual(after);
  });

  test('a reset restores demo products and keeps what the shop added', async () => {
    const { db } = testDb.database;
    const [seed] = productSeeds;
    if (!seed) throw new Error('no seed');
    const [firstSize] = variantsOf(seed, 0);
    if (!firstSize) throw new Error('no variant');
    await db
      .update(products)
      .set({ priceCents: 1, archived: true })
      .where(eq(products.id, seed.id));
    await db
      .update(productVariants)
      .set({ stock: 0, archived: true, sku: 'CHANGED' })
      .where(eq(productVariants.id, firstSize.id));
    await insertProducts(db, [
      {
        id: 'shop-own-product',
        title: 'Own product',
        categoryId: seed.categoryId,
        priceCents: 500,
        stock: 2,
      },
    ]);

    await seedDemoCatalog(db, { reset: true });

    const [restored] = await db.select().from(products).where(eq(products.id, seed.id));
    expect(restored).toMatchObject({
      priceCents: seed.priceCents,
      priceFromCents: seed.priceCents,
      archived: false,
      title: seed.title,
    });
    const [size] = await db
      .select()
      .from(productVariants)
      .where(eq(productVariants.id, firstSize.id));
    expect(size).toMatchObject({ stock: firstSize.stock, archived: false, sku: firstSize.sku });
    expect(await stockOf(db, 'shop-own-product')).toBe(2);
  });

  test('every product image is served, as a sandboxed, cacheable SVG', async () => {
    const app = await buildApp(testConfig(), {
      database: testDb.database,
      logStream: new LogCapture(),
    });
    try {
      const rows = await testDb.database.db.select({ image: products.imageName }).from(products);
      const seeded = rows.filter((r) => r.image !== null);
      expect(seeded).toHaveLength(productSeeds.length);
      const variantImages = await testDb.database.db
        .select({ image: productVariants.imageName })
        .from(productVariants);
      const colours = new Set(variantImages.flatMap((r) => (r.image === null ? [] : [r.image])));
      expect(colours.size).toBe(colourImages);
      seeded.push(...[...colours].map((image) => ({ image })));
      for (const { image } of seeded) {
        const res = await app.inject({ method: 'GET', url: `/images/${image}` });
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toBe('image/svg+xml');
        expect(res.headers['content-security-policy']).toContain('sandbox');
        expect(res.headers['cache-control']).toContain('immutable');
        expect(res.body.startsWith('<svg')).toBe(true);
      }
      const missing = await app.inject({ method: 'GET', url: '/images/nothing-here.svg' });
      expect(missing.statusCode).toBe(404);
      const traversal = await app.inject({ method: 'GET', url: '/images/..%2F..%2Fetc%2Fpasswd' });
      expect(traversal.statusCode).toBe(400);
    } finally {
      await app.close();
    }
  });
});
