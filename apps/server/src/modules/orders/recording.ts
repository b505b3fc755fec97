import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { products } from '../catalog/tables.js';
import { orderLines } from './tables.js';

/** A line being bought, with the title and price it is bought at. */
export interface PurchasedLine {
  productId: string;
  title: string;
  unitPriceCents: number;
  quantity: number;
}

/**
 * Takes the stock for every line, inside the caller's transaction: products in id order (so
 * concurrent purchases lock rows in one sequence), each update conditional on enough stock
 * being left, so nothing can be oversold. Returns the line that could not be served, for the
 * caller to refuse and roll back, or undefined when all were taken.
 */
export async function takeStock(
  tx: Db,
  lines: readonly PurchasedLine[],
  now: Date,
): Promise<PurchasedLine | undefined> {
  for (const line of [...lines].sort((a, b) => (a.productId < b.productId ? -1 : 1))) {
    const taken = await tx
      .update(products)
      .set({ stock: sql`${products.stock} - ${line.quantity}`, updatedAt: now })
      .where(
        and(
          eq(products.id, line.productId),
          eq(products.archived, false),
          sql`${products.stock} >= ${line.quantity}`,
        ),
      )
      .returning({ id: products.id });
    if (taken.length === 0) return line;
  }
  return undefined;
}

/** Records an order's lines with the title and price at purchase time. */
export async function insertOrderLines(
  tx: Db,
  orderId: string,
  lines: readonly PurchasedLine[],
): Promise<void> {
  await tx.insert(orderLines).values(
    lines.map((line, index) => ({
      orderId,
      lineNo: index + 1,
      productId: line.productId,
      title: line.title,
      unitPriceCents: line.unitPriceCents,
      quantity: line.quantity,
      lineTotalCents: line.unitPriceCents * line.quantity,
    })),
  );
}

/**
 * Puts an order's units back in stock, inside the caller's transaction (products in id order,
 * like takeStock). The caller guards it with the order's status transition, so it runs once.
 */
export async function returnStock(tx: Db, orderId: string, now: Date): Promise<void> {
  const lines = await tx
    .select({
      productId: orderLines.productId,
      quantity: sql<number>`sum(${orderLines.quantity})::int`,
    })
    .from(orderLines)
    .where(eq(orderLines.orderId, orderId))
    .groupBy(orderLines.productId);
  for (const line of lines.sort((a, b) => (a.productId < b.productId ? -1 : 1))) {
    await tx
      .update(products)
      .set({ stock: sql`${products.stock} + ${line.quantity}`, updatedAt: now })
      .where(eq(products.id, line.productId));
  }
}
