import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { orderLines, orders } from '../orders/tables.js';

/**
 * What one API client holds in legacy orders awaiting payment: stock off the shelves, unpaid,
 * for up to LEGACY_RESERVATION_HOURS. The per-checkout limits alone do not bound it (a client
 * checks out again and again), so every checkout adds its units and total to the client's
 * and must stay within LEGACY_MAX_OUTSTANDING_UNITS and LEGACY_MAX_OUTSTANDING_AMOUNT_CENTS.
 *
 * Demo-mode orders (LEGACY_OPEN_TOKENS) have no client, and a new demo token costs nothing, so
 * they all count together as one client's: demo mode can keep at most one client's worth of
 * stock awaiting payment, however many tokens or addresses ask.
 *
 * The figures are recomputed from the orders, not kept as counters: a confirm, a cancel or the
 * reservation sweeper frees the room by changing the order's status, with nothing to keep in
 * step.
 */

export interface Outstanding {
  units: number;
  amountCents: number;
}

/**
 * Takes the client's checkout lock (`clientId` null: the demo-mode orders') until the caller's
 * transaction ends, then measures what its orders awaiting payment hold. Checkouts of one
 * client thus measure and add one after another (READ COMMITTED: the next measure, a new
 * statement, sees the previous checkout's committed order), so concurrent checkouts cannot pass
 * the caps together. A transaction-level advisory lock rather than the client's row: the demo
 * bucket has no row, and it leaves the row free for token issuance and revocation. The key is a
 * 64-bit hash of the bucket; two buckets sharing one only wait for each other.
 */
export async function lockOutstanding(tx: Db, clientId: string | null): Promise<Outstanding> {
  const bucket = `ironcart.legacy_outstanding:${clientId ?? 'demo'}`;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${bucket}, 0))`);
  const held = and(
    eq(orders.source, 'legacy'),
    eq(orders.status, 'awaiting_payment'),
    clientId === null ? isNull(orders.legacyClientId) : eq(orders.legacyClientId, clientId),
  );
  // sum() of 32-bit columns is a bigint in SQL, so no total can overflow there.
  const [amount] = await tx
    .select({ cents: sql`coalesce(sum(${orders.totalCents}), 0)`.mapWith(Number) })
    .from(orders)
    .where(held);
  const [units] = await tx
    .select({ n: sql`coalesce(sum(${orderLines.quantity}), 0)`.mapWith(Number) })
    .from(orderLines)
    .innerJoin(orders, eq(orders.id, orderLines.orderId))
    .where(held);
  return { units: units?.n ?? 0, amountCents: amount?.cents ?? 0 };
}
