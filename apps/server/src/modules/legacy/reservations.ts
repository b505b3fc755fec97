import { and, asc, eq, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { returnStock } from '../orders/recording.js';
import { orders } from '../orders/tables.js';

/** Most orders one run releases; the next run (a minute later) takes the rest. */
const BATCH = 100;

/**
 * Cancels the legacy orders awaiting payment whose reservation expired before `now`, and puts
 * their stock back: each in its own transaction guarded by the status transition, so an admin's
 * confirm or cancel at the same moment either wins or loses cleanly, never both. Orders with no
 * reservation end (those the 0006 migration found marked paid without a payment) wait for the
 * admin. Answers how many were released; the catalog hears of the stock after the commits. The legacy module runs it every minute.
 */
export async function releaseExpiredReservations(
  db: Db,
  now: Date,
  catalogChanged: (productIds: Iterable<string>) => Promise<void>,
): Promise<number> {
  const expired = and(eq(orders.status, 'awaiting_payment'), lt(orders.reservedUntil, now));
  const due = await db
    .select({ id: orders.id })
    .from(orders)
    .where(expired)
    .orderBy(asc(orders.reservedUntil))
    .limit(BATCH);
  let released = 0;
  const returned: string[] = [];
  for (const { id } of due) {
    await db.transaction(async (tx) => {
      const cancelled = await tx
        .update(orders)
        .set({ status: 'cancelled', cancelledAt: now, reservedUntil: null, updatedAt: now })
        .where(and(eq(orders.id, id), expired))
        .returning({ id: orders.id });
      if (cancelled.length === 0) return;
      returned.push(...(await returnStock(tx, id, now)));
      released++;
    });
  }
  await catalogChanged(returned);
  return released;
}
