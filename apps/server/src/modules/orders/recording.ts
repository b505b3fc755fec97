import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { productVariants } from '../catalog/tables.js';
import { variantRowForSale } from '../catalog/variants.js';
import { orderLines } from './tables.js';

/** A line being bought: the variant, and the title, label, SKU and price it is bought at. */
export interface PurchasedLine {
  variantId: string;
  productId: string;
  title: string;
  variantLabel: string;
  sku: string;
  unitPriceCents: number;
  quantity: number;
}

const byVariantId = (a: { variantId: string }, b: { variantId: string }) =>
  a.variantId < b.variantId ? -1 : a.variantId > b.variantId ? 1 : 0;

/**
 * Takes the stock for every line, inside the caller's transaction: variants in id order (so
 * concurrent purchases lock rows in one sequence and cannot deadlock), each update conditional
 * on the variant and its product being for sale and enough stock being left, so nothing can be
 * oversold. Returns the line that could not be served, for the caller to refuse and roll back,
 * or undefined when all were taken.
 */
export async function takeStock(
  tx: Db,
  lines: readonly PurchasedLine[],
  now: Date,
): Promise<PurchasedLine | undefined> {
  for (const line of [...lines].sort(byVariantId)) {
    const taken = await tx
      .update(productVariants)
      .set({ stock: sql`${productVariants.stock} - ${line.quantity}`, updatedAt: now })
      .where(
        and(
          eq(productVariants.id, line.variantId),
          sql`${productVariants.stock} >= ${line.quantity}`,
          variantRowForSale(sql`${productVariants}`),
        ),
      )
      .returning({ id: productVariants.id });
    if (taken.length === 0) return line;
  }
  return undefined;
}

/** Records an order's lines with the title, variant, SKU and price at purchase time. */
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
      variantId: line.variantId,
      sku: line.sku,
      variantLabel: line.variantLabel,
      title: line.title,
      unitPriceCents: line.unitPriceCents,
      quantity: line.quantity,
      lineTotalCents: line.unitPriceCents * line.quantity,
    })),
  );
}

/**
 * Puts an order's units back in stock, inside the caller's transaction (variants in id order,
 * like takeStock). The caller guards it with the order's status transition, so it runs once.
 */
export async function returnStock(tx: Db, orderId: string, now: Date): Promise<void> {
  const lines = await tx
    .select({
      variantId: orderLines.variantId,
      quantity: sql<number>`sum(${orderLines.quantity})::int`,
    })
    .from(orderLines)
    .where(eq(orderLines.orderId, orderId))
    .groupBy(orderLines.variantId);
  for (const line of lines.sort(byVariantId)) {
    await tx
      .update(productVariants)
      .set({ stock: sql`${productVariants.stock} + ${line.quantity}`, updatedAt: now })
      .where(eq(productVariants.id, line.variantId));
  }
}
