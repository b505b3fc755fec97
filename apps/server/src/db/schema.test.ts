import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SQL_STATE, sqlStateOf } from '../lib/db-errors.js';
import { createTestDatabase, type TestDatabase, testDrivers } from '../test-support/databases.js';
import type { Db } from './client.js';
import { runMigrations } from './migrate.js';
import {
  cartLines,
  carts,
  categories,
  orderLines,
  orders,
  productOptions,
  products,
  productVariants,
  users,
} from './schema.js';

async function sqlState(statement: Promise<unknown>): Promise<string | undefined> {
  try {
    await statement;
  } catch (error) {
    const state = sqlStateOf(error);
    if (state) return state;
    throw error;
  }
  return undefined;
}

const {
  checkViolation: CHECK_VIOLATION,
  uniqueViolation: UNIQUE_VIOLATION,
  foreignKeyViolation: FOREIGN_KEY_VIOLATION,
} = SQL_STATE;

describe.each(testDrivers)('schema constraints on %s', (driver) => {
  let testDb: TestDatabase;
  let db: Db;

  beforeAll(async () => {
    testDb = await createTestDatabase(driver);
    db = testDb.database.db;
    await db.insert(categories).values({ id: 'balls', name: 'Balls' });
    await db.insert(products).values({
      id: 'match-ball',
      title: 'Match ball',
      description: 'A ball.',
      categoryId: 'balls',
      priceCents: 2999,
      priceFromCents: 2999,
    });
    await db
      .insert(productVariants)
      .values({ id: 'match-ball', productId: 'match-ball', sku: 'MATCH-BALL', stock: 3 });
  });
  afterAll(() => testDb.dispose());

  test('migrations are idempotent', async () => {
    await runMigrations(testDb.database);
    const [row] = await db.select({ id: products.id }).from(products);
    expect(row?.id).toBe('match-ball');
  });

  test('the database refuses negative stock, even through a raw decrement', async () => {
    const ball = eq(productVariants.id, 'match-ball');
    expect(await sqlState(db.update(productVariants).set({ stock: -1 }).where(ball))).toBe(
      CHECK_VIOLATION,
    );
    expect(
      await sqlState(
        db
          .update(productVariants)
          .set({ stock: sql`${productVariants.stock} - 4` })
          .where(ball),
      ),
    ).toBe(CHECK_VIOLATION);
    const [row] = await db.select().from(productVariants).where(ball);
    expect(row?.stock).toBe(3);
  });

  test('negative prices and ids that are not slugs are refused', async () => {
    const base = { title: 'x', description: 'x', categoryId: 'balls', priceFromCents: 1 };
    expect(
      await sqlState(db.insert(products).values({ ...base, id: 'cheap', priceCents: -1 })),
    ).toBe(CHECK_VIOLATION);
    expect(
      await sqlState(db.insert(products).values({ ...base, id: 'Not A Slug', priceCents: 1 })),
    ).toBe(CHECK_VIOLATION);
  });

  test('variants: SKUs unique and well-formed, one per combination, options in order', async () => {
    const variant = { productId: 'match-ball', stock: 0 };
    expect(
      await sqlState(
        db.insert(productVariants).values({ ...variant, id: 'mb-2', sku: 'MATCH-BALL' }),
      ),
    ).toBe(UNIQUE_VIOLATION);
    for (const sku of ['lower-case', '-LEADING', 'WITH SPACE', 'X'.repeat(65)]) {
      expect(
        await sqlState(db.insert(productVariants).values({ ...variant, id: 'mb-2', sku })),
        sku,
      ).toBe(CHECK_VIOLATION);
    }
    // The default variant already is the combination "no options".
    expect(
      await sqlState(db.insert(productVariants).values({ ...variant, id: 'mb-2', sku: 'MB-2' })),
    ).toBe(UNIQUE_VIOLATION);
    expect(
      await sqlState(
        db.insert(productVariants).values({ ...variant, id: 'mb-2', sku: 'MB-2', option2: 'Red' }),
      ),
    ).toBe(CHECK_VIOLATION);
    expect(
      await sqlState(
        db
          .insert(productVariants)
          .values({ ...variant, id: 'mb-2', sku: 'MB-2', option1: 'Big', priceCents: -1 }),
      ),
    ).toBe(CHECK_VIOLATION);
  });

  test('options: 1 to 3 per product, names unique regardless of case, at least one value', async () => {
    const option = { productId: 'match-ball', values: ['S', 'M'] };
    expect(
      await sqlState(db.insert(productOptions).values({ ...option, position: 4, name: 'Size' })),
    ).toBe(CHECK_VIOLATION);
    expect(
      await sqlState(
        db.insert(productOptions).values({ ...option, position: 1, name: 'Size', values: [] }),
      ),
    ).toBe(CHECK_VIOLATION);
    await db.insert(productOptions).values({ ...option, position: 1, name: 'Size' });
    expect(
      await sqlState(db.insert(productOptions).values({ ...option, position: 2, name: 'SIZE' })),
    ).toBe(UNIQUE_VIOLATION);
    await db.delete(productOptions).where(eq(productOptions.productId, 'match-ball'));
  });

  test('emails are unique regardless of case', async () => {
    const user = { name: 'Ada', passwordHash: 'x' };
    await db.insert(users).values({ ...user, email: 'ada@example.com' });
    expect(await sqlState(db.insert(users).values({ ...user, email: 'ADA@Example.COM' }))).toBe(
      UNIQUE_VIOLATION,
    );
  });

  test('cart lines need a positive quantity and a real variant', async () => {
    const [cart] = await db.insert(carts).values({ guestSessionId: 'guest-1' }).returning();
    if (!cart) throw new Error('no cart');
    expect(
      await sqlState(
        db.insert(cartLines).values({ cartId: cart.id, variantId: 'match-ball', quantity: 0 }),
      ),
    ).toBe(CHECK_VIOLATION);
    expect(
      await sqlState(
        db.insert(cartLines).values({ cartId: cart.id, variantId: 'no-such-thing', quantity: 1 }),
      ),
    ).toBe(FOREIGN_KEY_VIOLATION);
  });

  test('a cart has exactly one owner', async () => {
    expect(await sqlState(db.insert(carts).values({}))).toBe(CHECK_VIOLATION);
    expect(
      await sqlState(
        db
          .insert(carts)
          .values({ guestSessionId: 'g', legacyTokenId: '00000000-0000-4000-8000-000000000000' }),
      ),
    ).toBe(CHECK_VIOLATION);
  });

  test('an order total must add up and its lines keep the price paid', async () => {
    const money = { subtotalCents: 1000, taxCents: 100, shippingCents: 500 };
    expect(
      await sqlState(
        db.insert(orders).values({ source: 'legacy', currency: 'USD', ...money, totalCents: 1 }),
      ),
    ).toBe(CHECK_VIOLATION);
    const [order] = await db
      .insert(orders)
      .values({ source: 'legacy', currency: 'USD', ...money, totalCents: 1600 })
      .returning();
    if (!order) throw new Error('no order');
    expect(order.number).toBeGreaterThan(100000);
    expect(
      await sqlState(
        db.insert(orderLines).values({
          orderId: order.id,
          lineNo: 1,
          productId: 'match-ball',
          variantId: 'match-ball',
          sku: 'MATCH-BALL',
          title: 'Match ball',
          unitPriceCents: 500,
          quantity: 2,
          lineTotalCents: 999,
        }),
      ),
    ).toBe(CHECK_VIOLATION);
  });
});
