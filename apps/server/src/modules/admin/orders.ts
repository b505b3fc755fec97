import { and, asc, count, desc, eq, gte, ilike, lt, ne, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { HttpError } from '../../lib/errors.js';
import { money } from '../../lib/money.js';
import { users } from '../accounts/tables.js';
import { markDelivered, markShipped, type Shipment } from '../orders/fulfilment.js';
import { returnStock } from '../orders/recording.js';
import { type OrderService, orderSummary } from '../orders/service.js';
import { orders } from '../orders/tables.js';
import {
  declineMessage,
  GatewayUnavailableError,
  type PaymentGateway,
} from '../payments/gateway.js';
import { orderPaymentKeys } from '../payments/order-keys.js';
import { payments } from '../payments/tables.js';
import { type Actor, recordAudit } from './audit.js';
import { MANUAL_PAYMENT_GATEWAY } from './legacy-orders.js';
import type { AdminOrderDetail, AdminOrderListQuery, AdminOrderPage } from './schemas.js';

export interface OrderAdminDeps {
  db: Db;
  orders: OrderService;
  gateway: PaymentGateway;
  now: () => number;
}

type ListInput = AdminOrderListQuery & { page: number; pageSize: number };

const DAY_MS = 86_400_000;

const gatewayDown = () =>
  new HttpError(
    503,
    'gateway_unavailable',
    'The payment provider did not answer. Nothing was changed on our side; try again in a moment.',
  );

const notInState = (action: string, status: string) =>
  new HttpError(409, 'invalid_order_state', `This order is ${status}: it cannot be ${action}.`);

/**
 * Orders as the shop owner sees them (every customer's, with filters) and the two actions that
 * undo a sale: cancelling an unpaid order and refunding a paid one. Both go through the payment
 * gateway BEFORE the order changes, with the order's own idempotency keys (order-keys.ts), so a
 * retry after any failure repeats the same gateway call instead of moving money again.
 */
export class OrderAdmin {
  constructor(private readonly deps: OrderAdminDeps) {}

  async list(query: ListInput): Promise<AdminOrderPage> {
    const { db } = this.deps;
    const filters: SQL[] = [];
    if (query.status) filters.push(eq(orders.status, query.status));
    if (query.fulfilment) {
      filters.push(eq(orders.status, 'paid'), eq(orders.fulfilment, query.fulfilment));
    }
    if (query.from) filters.push(gte(orders.createdAt, new Date(`${query.from}T00:00:00Z`)));
    if (query.to) {
      filters.push(lt(orders.createdAt, new Date(Date.parse(`${query.to}T00:00:00Z`) + DAY_MS)));
    }
    const customer = query.customer?.trim();
    if (customer) {
      const pattern = `%${customer.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const byNumber = /^\d{1,15}$/.test(customer) ? [eq(orders.number, Number(customer))] : [];
      const matched = or(ilike(users.email, pattern), ilike(users.name, pattern), ...byNumber);
      if (matched) filters.push(matched);
    }
    const where = and(...filters);
    const [rows, [counted]] = await Promise.all([
      db
        .select({
          order: orders,
          customer: { id: users.id, email: users.email, name: users.name },
        })
        .from(orders)
        .leftJoin(users, eq(users.id, orders.userId))
        .where(where)
        .orderBy(desc(orders.createdAt), desc(orders.number))
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize),
      db
        .select({ n: count() })
        .from(orders)
        .leftJoin(users, eq(users.id, orders.userId))
        .where(where),
    ]);
    const itemCounts = await this.deps.orders.itemCounts(rows.map((row) => row.order.id));
    return {
      items: rows.map(({ order, customer }) => ({
        ...orderSummary(order, itemCounts.get(order.id) ?? 0),
        source: order.source,
        customer: customer?.id ? customer : null,
      })),
      total: counted?.n ?? 0,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  async detail(orderId: string): Promise<AdminOrderDetail> {
    const { db } = this.deps;
    const [row] = await db
      .select({
        order: orders,
        customer: { id: users.id, email: users.email, name: users.name },
      })
      .from(orders)
      .leftJoin(users, eq(users.id, orders.userId))
      .where(eq(orders.id, orderId));
    if (!row) throw new HttpError(404, 'not_found', 'There is no such order.');
    const base = await this.deps.orders.detailOf(row.order);
    const records = await db
      .select()
      .from(payments)
      .where(eq(payments.orderId, orderId))
      .orderBy(asc(payments.createdAt));
    return {
      ...base,
      source: row.order.source,
      customer: row.customer?.id ? row.customer : null,
      cancelledAt: row.order.cancelledAt?.toISOString() ?? null,
      reservedUntil: row.order.reservedUntil?.toISOString() ?? null,
      payments: records.map((p) => ({
        status: p.status,
        amount: money(p.amountCents, p.currency),
        reference: p.gatewayReference,
        failureCode: p.failureCode,
        createdAt: p.createdAt.toISOString(),
      })),
      canRefund: row.order.status === 'paid',
      canCancel: row.order.status === 'pending' || row.order.status === 'awaiting_payment',
      canConfirmPayment: row.order.status === 'awaiting_payment',
      canShip: row.order.status === 'paid' && row.order.fulfilment === 'unfulfilled',
      canMarkDelivered: row.order.fulfilment === 'shipped',
    };
  }

  /** Marks a paid order shipped, with its carrier and tracking; audited in the same transaction. */
  async ship(actor: Actor, orderId: string, shipment: Shipment): Promise<AdminOrderDetail> {
    const now = new Date(this.deps.now());
    await this.deps.db.transaction(async (tx) => {
      await markShipped(tx, orderId, shipment, now);
      await recordAudit(
        tx,
        actor,
        {
          action: 'order.ship',
          targetType: 'order',
          targetId: orderId,
          details: { carrier: shipment.carrier, trackingNumber: shipment.trackingNumber },
        },
        now,
      );
    });
    return this.detail(orderId);
  }

  /**
   * Ships many orders, each on its own (one refused, say already shipped, does not hold up the
   * others): the answer says, per order, whether it was shipped or why not.
   */
  async shipMany(actor: Actor, shipments: readonly (Shipment & { orderId: string })[]) {
    const results = [];
    for (const { orderId, ...shipment } of shipments) {
      try {
        await this.ship(actor, orderId, shipment);
        results.push({ orderId, shipped: true, error: null });
      } catch (error) {
        if (!(error instanceof HttpError)) throw error;
        results.push({
          orderId,
          shipped: false,
          error: { code: error.code, message: error.message },
        });
      }
    }
    return { results };
  }

  async markDelivered(actor: Actor, orderId: string): Promise<AdminOrderDetail> {
    const now = new Date(this.deps.now());
    await this.deps.db.transaction(async (tx) => {
      await markDelivered(tx, orderId, now);
      await recordAudit(
        tx,
        actor,
        { action: 'order.deliver', targetType: 'order', targetId: orderId },
        now,
      );
    });
    return this.detail(orderId);
  }

  /**
   * Cancels an unpaid order: a storefront order still pending (whatever authorization the
   * gateway holds is voided first; if the payment was captured meanwhile, the order is not
   * cancelled: it is about to be paid, and is then refunded instead) or a legacy API order
   * awaiting payment (no gateway involved). Then, in one transaction: status, stock back, audit
   * entry.
   */
  async cancel(actor: Actor, orderId: string, reason: string): Promise<AdminOrderDetail> {
    const order = await this.#order(orderId);
    const { status } = order;
    if (status !== 'pending' && status !== 'awaiting_payment')
      throw notInState('cancelled', status);
    const voided = status === 'pending' ? await this.#voidAuthorization(orderId) : null;
    const now = new Date(this.deps.now());
    await this.deps.db.transaction(async (tx) => {
      const updated = await tx
        .update(orders)
        .set({ status: 'cancelled', cancelledAt: now, reservedUntil: null, updatedAt: now })
        .where(and(eq(orders.id, orderId), eq(orders.status, status)))
        .returning({ id: orders.id });
      if (updated.length === 0) throw notInState('cancelled', (await this.#order(orderId)).status);
      await returnStock(tx, orderId, now);
      if (voided) {
        await tx
          .insert(payments)
          .values({
            orderId,
            gateway: this.deps.gateway.name,
            gatewayReference: voided,
            status: 'voided',
            amountCents: order.totalCents,
            currency: order.currency,
            idempotencyKey: orderPaymentKeys(orderId).void,
            createdAt: now,
            updatedAt: now,
          })
          .onConflictDoNothing();
      }
      await recordAudit(
        tx,
        actor,
        {
          action: 'order.cancel',
          targetType: 'order',
          targetId: orderId,
          details: { number: order.number, reason, voided: voided !== null },
        },
        now,
      );
    });
    return this.detail(orderId);
  }

  /**
   * Refunds a paid order in full: the gateway first (the order's one refund key: repeating it
   * after a crash or a double click returns the same refund), then, in one transaction, status,
   * stock back, the refund's payment record and the audit entry. Legacy API orders were never
   * charged by card (an admin confirmed their payment by hand), so theirs is only the
   * bookkeeping.
   */
  async refund(actor: Actor, orderId: string, reason: string): Promise<AdminOrderDetail> {
    const order = await this.#order(orderId);
    if (order.status !== 'paid') throw notInState('refunded', order.status);
    const keys = orderPaymentKeys(orderId);
    const [capture] = await this.deps.db
      .select({ reference: payments.gatewayReference, gateway: payments.gateway })
      .from(payments)
      .where(
        and(
          eq(payments.orderId, orderId),
          eq(payments.status, 'captured'),
          // A payment an admin confirmed by hand never went through a gateway.
          ne(payments.gateway, MANUAL_PAYMENT_GATEWAY),
        ),
      );
    if (capture && capture.gateway !== this.deps.gateway.name) {
      // Marking it refunded would send no money back: refund it where it was charged.
      throw new HttpError(
        409,
        'refund_elsewhere',
        `This order was charged through the "${capture.gateway}" payment provider, not the one configured now ("${this.deps.gateway.name}"). Refund it there.`,
      );
    }
    const reference = capture?.reference ?? null;
    const refundReference = reference
      ? await this.#gateway(async () => {
          const result = await this.deps.gateway.refund({
            idempotencyKey: keys.refund,
            reference,
            amountCents: order.totalCents,
          });
          if (!result.ok) throw new HttpError(409, result.decline, declineMessage(result.decline));
          return result.refundReference;
        })
      : null;
    const now = new Date(this.deps.now());
    await this.deps.db.transaction(async (tx) => {
      const updated = await tx
        .update(orders)
        .set({ status: 'refunded', refundedAt: now, updatedAt: now })
        .where(and(eq(orders.id, orderId), eq(orders.status, 'paid')))
        .returning({ id: orders.id });
      if (updated.length === 0) throw notInState('refunded', (await this.#order(orderId)).status);
      await returnStock(tx, orderId, now);
      if (refundReference) {
        await tx.insert(payments).values({
          orderId,
          gateway: this.deps.gateway.name,
          gatewayReference: refundReference,
          status: 'refunded',
          amountCents: order.totalCents,
          currency: order.currency,
          idempotencyKey: keys.refund,
          createdAt: now,
          updatedAt: now,
        });
      }
      await recordAudit(
        tx,
        actor,
        {
          action: 'order.refund',
          targetType: 'order',
          targetId: orderId,
          details: {
            number: order.number,
            reason,
            amount: money(order.totalCents, order.currency).amount,
            refundReference,
          },
        },
        now,
      );
    });
    return this.detail(orderId);
  }

  /**
   * Voids the authorization the gateway holds for a pending order, if any: its reference, or
   * null when there was none to void. A captured payment refuses the cancel.
   */
  async #voidAuthorization(orderId: string): Promise<string | null> {
    const keys = orderPaymentKeys(orderId);
    return this.#gateway(async () => {
      const found = await this.deps.gateway.lookup({ idempotencyKey: keys.authorize });
      if (!found.ok) return null;
      if (found.status === 'captured') {
        throw new HttpError(
          409,
          'payment_captured',
          'The payment for this order went through. Wait until the order shows as paid, then refund it.',
        );
      }
      if (found.status !== 'authorized') return null;
      const result = await this.deps.gateway.void({
        idempotencyKey: keys.void,
        reference: found.reference,
      });
      if (!result.ok && result.decline !== 'already_voided') {
        throw new HttpError(409, result.decline, declineMessage(result.decline));
      }
      return found.reference;
    });
  }

  /** A gateway call whose unknown outcome (timeout) becomes a 503 the admin can retry. */
  async #gateway<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof GatewayUnavailableError) throw gatewayDown();
      throw error;
    }
  }

  async #order(orderId: string) {
    const [order] = await this.deps.db.select().from(orders).where(eq(orders.id, orderId));
    if (!order) throw new HttpError(404, 'not_found', 'There is no such order.');
    return order;
  }
}
