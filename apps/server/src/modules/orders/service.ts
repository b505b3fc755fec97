import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { HttpError } from '../../lib/errors.js';
import { money } from '../../lib/money.js';
import type { BillingAddress, OrderDetail, OrderSummary, TimelineEvent } from './schemas.js';
import { orderLines, orders } from './tables.js';

export type OrderRow = typeof orders.$inferSelect;
type OrderLineRow = typeof orderLines.$inferSelect;

const noSuchOrder = () => new HttpError(404, 'not_found', 'There is no such order.');

/** A shopper's orders: only their own, and any other id is the same 404 as a missing one. */
export class OrderService {
  constructor(private readonly db: Db) {}

  async list(userId: string): Promise<OrderSummary[]> {
    const rows = await this.db
      .select()
      .from(orders)
      .where(eq(orders.userId, userId))
      .orderBy(desc(orders.createdAt), desc(orders.number))
      .limit(200);
    const counts = await this.itemCounts(rows.map((row) => row.id));
    return rows.map((row) => orderSummary(row, counts.get(row.id) ?? 0));
  }

  async detail(userId: string, orderId: string): Promise<OrderDetail> {
    const [row] = await this.db
      .select()
      .from(orders)
      .where(and(eq(orders.id, orderId), eq(orders.userId, userId)));
    if (!row) throw noSuchOrder();
    return this.detailOf(row);
  }

  /** The newest order that was paid (or later refunded): what "my last order" means to a shopper. */
  async latest(userId: string): Promise<OrderDetail> {
    const [row] = await this.db
      .select()
      .from(orders)
      .where(and(eq(orders.userId, userId), inArray(orders.status, ['paid', 'refunded'])))
      .orderBy(desc(orders.paidAt), desc(orders.number))
      .limit(1);
    if (!row) throw new HttpError(404, 'not_found', 'You have no orders yet.');
    return this.detailOf(row);
  }

  /** Any order by id, for the parts of the server that act on orders (checkout, invoices). */
  async detailById(orderId: string): Promise<OrderDetail> {
    const [row] = await this.db.select().from(orders).where(eq(orders.id, orderId));
    if (!row) throw noSuchOrder();
    return this.detailOf(row);
  }

  /** An order row with its lines, as the API shows it. */
  async detailOf(row: OrderRow): Promise<OrderDetail> {
    const lines = await this.db
      .select()
      .from(orderLines)
      .where(eq(orderLines.orderId, row.id))
      .orderBy(asc(orderLines.lineNo));
    return orderDetail(row, lines);
  }

  /** Units per order, for lists of orders. */
  async itemCounts(orderIds: string[]): Promise<Map<string, number>> {
    if (orderIds.length === 0) return new Map();
    const rows = await this.db
      .select({ orderId: orderLines.orderId, count: sql<number>`sum(${orderLines.quantity})::int` })
      .from(orderLines)
      .where(inArray(orderLines.orderId, orderIds))
      .groupBy(orderLines.orderId);
    return new Map(rows.map((row) => [row.orderId, row.count]));
  }
}

/**
 * An order as the API shows it, from its row and its lines in line order: for an order read back
 * and for one whose rows the caller has just written (checkout answers without reading them).
 */
export function orderDetail(row: OrderRow, lines: readonly OrderLineRow[]): OrderDetail {
  const itemCount = lines.reduce((sum, line) => sum + line.quantity, 0);
  const billing: BillingAddress | null =
    row.billingName && row.billingAddress ? { name: row.billingName, ...row.billingAddress } : null;
  return {
    ...orderSummary(row, itemCount),
    lines: lines.map((line) => ({
      productId: line.productId,
      variantId: line.variantId,
      sku: line.sku,
      variantLabel: line.variantLabel,
      title: line.title,
      quantity: line.quantity,
      unitPrice: money(line.unitPriceCents, row.currency),
      lineTotal: money(line.lineTotalCents, row.currency),
    })),
    subtotal: money(row.subtotalCents, row.currency),
    tax: money(row.taxCents, row.currency),
    shipping: money(row.shippingCents, row.currency),
    billing,
    payment:
      row.cardBrand && row.cardLast4 && row.cardExpMonth && row.cardExpYear
        ? {
            brand: row.cardBrand,
            last4: row.cardLast4,
            expMonth: row.cardExpMonth,
            expYear: row.cardExpYear,
          }
        : null,
    refundedAt: row.refundedAt?.toISOString() ?? null,
    fulfilment: {
      status: row.fulfilment,
      carrier: row.carrier,
      trackingNumber: row.trackingNumber,
      trackingUrl: row.trackingUrl,
      shippedAt: row.shippedAt?.toISOString() ?? null,
      deliveredAt: row.deliveredAt?.toISOString() ?? null,
    },
    timeline: timelineOf(row),
  };
}

/** An order's events from its own columns, oldest first. */
function timelineOf(row: OrderRow): TimelineEvent[] {
  const events: { at: Date | null; event: TimelineEvent['event']; label: string }[] = [
    { at: row.createdAt, event: 'placed', label: 'Order placed' },
    { at: row.paidAt, event: 'paid', label: 'Payment received' },
    {
      at: row.shippedAt,
      event: 'shipped',
      label: `Shipped with ${row.carrier ?? 'the carrier'}${row.trackingNumber ? ` (${row.trackingNumber})` : ''}`,
    },
    { at: row.deliveredAt, event: 'delivered', label: 'Delivered' },
    { at: row.refundedAt, event: 'refunded', label: 'Refunded' },
    { at: row.cancelledAt, event: 'cancelled', label: 'Cancelled' },
  ];
  return events
    .filter((event): event is typeof event & { at: Date } => event.at !== null)
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .map((event) => ({ ...event, at: event.at.toISOString() }));
}

/** An order in a list: the shopper's, and (with its customer) the admin's. */
export function orderSummary(row: OrderRow, itemCount: number): OrderSummary {
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    paidAt: row.paidAt?.toISOString() ?? null,
    itemCount,
    total: money(row.totalCents, row.currency),
    fulfilment: row.fulfilment,
  };
}
