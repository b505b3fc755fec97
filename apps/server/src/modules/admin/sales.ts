import { and, desc, eq, gte, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { money } from '../../lib/money.js';
import { orderLines, orders } from '../orders/tables.js';
import type { SalesSummary } from './schemas.js';

const DAY_MS = 86_400_000;
const TOP_PRODUCTS = 10;

/** `YYYY-MM-DD` of an instant, in UTC: the shop's business day. */
const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A timestamp column's UTC day as text, to group by. */
const dayOf = (column: typeof orders.paidAt | typeof orders.refundedAt) =>
  sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD')`;

/**
 * Sales of the last `days` days (UTC, today included): orders and revenue by the day they were
 * paid, refunds by the day they were made, and the best sellers. Revenue counts every order
 * that was paid, refunds are shown beside it, so the two together read like a till roll.
 */
export async function salesSummary(
  db: Db,
  input: { days: number; now: number; currency: string },
): Promise<SalesSummary> {
  const today = Date.parse(`${utcDay(input.now)}T00:00:00Z`);
  const start = new Date(today - (input.days - 1) * DAY_MS);
  const end = new Date(today + DAY_MS);
  const paidStatuses = inArray(orders.status, ['paid', 'refunded']);

  const [paidByDay, refundsByDay, top] = await Promise.all([
    db
      .select({
        day: dayOf(orders.paidAt),
        orders: sql<number>`count(*)::int`,
        cents: sql<number>`sum(${orders.totalCents})::bigint`.mapWith(Number),
      })
      .from(orders)
      .where(and(paidStatuses, gte(orders.paidAt, start), lt(orders.paidAt, end)))
      .groupBy(dayOf(orders.paidAt)),
    db
      .select({
        day: dayOf(orders.refundedAt),
        cents: sql<number>`sum(${orders.totalCents})::bigint`.mapWith(Number),
      })
      .from(orders)
      .where(
        and(
          eq(orders.status, 'refunded'),
          isNotNull(orders.refundedAt),
          gte(orders.refundedAt, start),
          lt(orders.refundedAt, end),
        ),
      )
      .groupBy(dayOf(orders.refundedAt)),
    db
      .select({
        productId: orderLines.productId,
        // The most recent title it was sold under.
        title: sql<string>`(array_agg(${orderLines.title} order by ${orders.paidAt} desc))[1]`,
        units: sql<number>`sum(${orderLines.quantity})::int`,
        cents: sql<number>`sum(${orderLines.lineTotalCents})::bigint`.mapWith(Number),
      })
      .from(orderLines)
      .innerJoin(orders, eq(orders.id, orderLines.orderId))
      .where(and(eq(orders.status, 'paid'), gte(orders.paidAt, start), lt(orders.paidAt, end)))
      .groupBy(orderLines.productId)
      .orderBy(desc(sql`sum(${orderLines.lineTotalCents})`), orderLines.productId)
      .limit(TOP_PRODUCTS),
  ]);

  const paid = new Map(paidByDay.map((row) => [row.day, row]));
  const refunded = new Map(refundsByDay.map((row) => [row.day, row.cents]));
  const { currency } = input;
  const days = Array.from({ length: input.days }, (_, i) => {
    const date = utcDay(start.getTime() + i * DAY_MS);
    return {
      date,
      orders: paid.get(date)?.orders ?? 0,
      revenueCents: paid.get(date)?.cents ?? 0,
      refundCents: refunded.get(date) ?? 0,
    };
  });
  const sum = (pick: (day: (typeof days)[number]) => number) =>
    days.reduce((total, day) => total + pick(day), 0);
  return {
    from: utcDay(start.getTime()),
    to: utcDay(today),
    currency,
    days: days.map((day) => ({
      date: day.date,
      orders: day.orders,
      revenue: money(day.revenueCents, currency),
      refunds: money(day.refundCents, currency),
    })),
    totals: {
      orders: sum((day) => day.orders),
      revenue: money(
        sum((day) => day.revenueCents),
        currency,
      ),
      refunds: money(
        sum((day) => day.refundCents),
        currency,
      ),
    },
    topProducts: top.map((row) => ({
      productId: row.productId,
      title: row.title,
      units: row.units,
      revenue: money(row.cents, currency),
    })),
  };
}
