import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Db } from '../../db/client.js';
import { insertProducts, setStock, stockOf } from '../../test-support/catalog.js';
import {
  createTestDatabase,
  type TestDatabase,
  testDrivers,
} from '../../test-support/databases.js';
import { categories, products } from '../catalog/tables.js';
import { OutOfStock, type PurchasedLine, recordOrder, returnStock } from './recording.js';
import { orderLines, orders } from './tables.js';

const ids = ['rec-c', 'rec-a', 'rec-b'];
const line = (variantId: string, quantity: number): PurchasedLine => ({
  variantId,
  productId: variantId,
  title: `Recorded ${variantId}`,
  variantLabel: '',
  sku: variantId.toUpperCase(),
  unitPriceCents: 500,
  quantity,
});
const order = (lines: PurchasedLine[], now: Date) => {
  const subtotalCents = lines.reduce((sum, l) => sum + l.unitPriceCents * l.quantity, 0);
  return {
    id: randomUUID(),
    source: 'legacy' as const,
    status: 'awaiting_payment' as const,
    currency: 'USD',
    subtotalCents,
    totalCents: subtotalCents,
    createdAt: now,
    updatedAt: now,
  };
};

describe.each(testDrivers)('recording orders on %s', (driver) => {
  let t: TestDatabase;
  let db: Db;
  const stocks = async () => Promise.all(ids.map((id) => stockOf(db, id)));

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    db = t.database.db;
    await db.insert(categories).values({ id: 'rec-gear', name: 'Recorded gear' });
    await insertProducts(
      db,
      ids.map((id) => ({ id, title: id, priceCents: 500, stock: 5, categoryId: 'rec-gear' })),
    );
  });
  afterAll(() => t.dispose());
  beforeEach(async () => {
    for (const id of ids) await setStock(db, id, 5);
    await db.update(products).set({ archived: false });
  });

  test('takes every line in one statement, records the order and its lines, and gives them back', async () => {
    const now = new Date();
    const lines = [line('rec-c', 1), line('rec-a', 2), line('rec-b', 5)];
    const placed = order(lines, now);
    const recorded = await db.transaction((tx) => recordOrder(tx, placed, lines, now));
    expect(recorded.number).toBeGreaterThan(100_000);
    expect(recorded.lines.map((l) => [l.lineNo, l.variantId, l.lineTotalCents])).toEqual([
      [1, 'rec-c', 500],
      [2, 'rec-a', 1000],
      [3, 'rec-b', 2500],
    ]);
    expect(await stocks()).toEqual([4, 3, 0]);
    const stored = await db.select().from(orderLines).where(eq(orderLines.orderId, placed.id));
    expect(stored.sort((a, b) => a.lineNo - b.lineNo)).toEqual(recorded.lines);
    const [row] = await db.select().from(orders).where(eq(orders.id, placed.id));
    expect(row?.number).toBe(recorded.number);

    await db.transaction((tx) => returnStock(tx, placed.id, new Date()));
    expect(await stocks()).toEqual([5, 5, 5]);
  });

  test('a short line takes nothing and records nothing', async () => {
    const short = line('rec-b', 6);
    const now = new Date();
    const lines = [line('rec-c', 1), short, line('rec-a', 2)];
    const placed = order(lines, now);
    const refused = await db
      .transaction((tx) => recordOrder(tx, placed, lines, now))
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OutOfStock);
    expect(refused).toMatchObject({ line: short, available: 5 });
    expect(await stocks()).toEqual([5, 5, 5]);
    expect(await db.select().from(orders).where(eq(orders.id, placed.id))).toEqual([]);
  });

  test('a product no longer for sale is short, whatever its stock', async () => {
    await db.update(products).set({ archived: true }).where(eq(products.id, 'rec-a'));
    const now = new Date();
    const lines = [line('rec-a', 1), line('rec-b', 1)];
    await expect(
      db.transaction((tx) => recordOrder(tx, order(lines, now), lines, now)),
    ).rejects.toMatchObject({ line: { variantId: 'rec-a' }, available: 5 });
    expect(await stocks()).toEqual([5, 5, 5]);
  });
});
