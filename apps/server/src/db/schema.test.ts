import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SQL_STATE, sqlStateOf } from '../lib/db-errors.js';
import { createTestDatabase, type TestDatabase, testDrivers } from '../test-support/databases.js';
import type { Db } from './client.js';
import { runMigrations } from './migrate.js';
import { cartLines, carts, categories, orderLines, orders, products, users } from './schema.js';

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
      stock: 3,
    });
  });
  afterAll(() => testDb.dispose());

  test('migrations are idempotent', async () => {
    await runMigrations(testDb.database);
    const [row] = await db.select({ id: products.id }).from(products);
    expect(row?.id).toBe('match-ball');
  });

  test('the database refuses negative stock, even through a raw decrement', async () => {
    expect(
      await sqlState(db.update(products).set({ stock: -1 }).where(eq(products.id, 'match-ball'))),
    ).toBe(CHECK_VIOLATION);
    expect(
      await sqlState(
        db
          .update(products)
          .set({ stock: sql`${products.stock} - 4` })
          .where(eq(products.id, 'match-ball')),
      ),
    ).toBe(CHECK_VIOLATION);
    const [row] = await db.select().from(products).where(eq(products.id, 'match-ball'));
    expect(row?.stock).toBe(3);
  });

  test('negative prices and ids that are not slugs are refused', async () => {
    const base = { title: 'x', description: 'x', categoryId: 'balls', stock: 1 };
    expect(
      await sqlState(db.insert(products).values({ ...base, id: 'cheap', priceCents: -1 })),
    ).toBe(CHECK_VIOLATION);
    expect(
      await sqlState(db.insert(products).values({ ...base, id: 'Not A Slug', priceCents: 1 })),
    ).toBe(CHECK_VIOLATION);
  });

  test('emails are unique regardless of case', async () => {
    const user = { name: 'Ada', passwordHash: 'x' };
    await db.insert(users).values({ ...user, email: 'ada@example.com' });
    expect(await sqlState(db.insert(users).values({ ...user, email: 'ADA@Example.COM' }))).toBe(
      UNIQUE_VIOLATION,
    );
  });

  test('cart lines need a positive quantity and a real product', async () => {
    const [cart] = await db.insert(carts).values({ guestSessionId: 'guest-1' }).returning();
    if (!cart) throw new Error('no cart');
    expect(
      await sqlState(
        db.insert(cartLines).values({ cartId: cart.id, productId: 'match-ball', quantity: 0 }),
      ),
    ).toBe(CHECK_VIOLATION);
    expect(
      await sqlState(
        db.insert(cartLines).values({ cartId: cart.id, productId: 'no-such-thing', quantity: 1 }),
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
          title: 'Match ball',
          unitPriceCents: 500,
          quantity: 2,
          lineTotalCents: 999,
        }),
      ),
    ).toBe(CHECK_VIOLATION);
  });
});
