import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { HttpError } from '../../lib/errors.js';
import { money } from '../../lib/money.js';
import { orders } from '../orders/tables.js';
import { payments } from '../payments/tables.js';
import { type Actor, recordAudit } from './audit.js';

/**
 * The `gateway` of a payment an admin recorded by hand (a bank transfer, an invoice paid to the
 * integration partner): no payment provider was involved, so nothing is ever sent to one for it
 * (a refund of such an order is bookkeeping only).
 */
export const MANUAL_PAYMENT_GATEWAY = 'manual';

/**
 * Confirms that a legacy API order awaiting payment was paid, and how: in one transaction the
 * order becomes `paid` (its reserved stock is then sold), a captured payment record keeps the
 * admin's reference, and the audit log says who confirmed it. The status transition guards it,
 * so a confirm racing a cancel or the reservation sweeper happens once or not at all.
 */
export async function confirmLegacyPayment(
  db: Db,
  actor: Actor,
  orderId: string,
  reference: string,
  at: Date,
): Promise<void> {
  await db.transaction(async (tx) => {
    const [order] = await tx
      .update(orders)
      .set({ status: 'paid', paidAt: at, reservedUntil: null, updatedAt: at })
      .where(and(eq(orders.id, orderId), eq(orders.status, 'awaiting_payment')))
      .returning();
    if (!order) {
      const [existing] = await tx
        .select({ status: orders.status })
        .from(orders)
        .where(eq(orders.id, orderId));
      if (!existing) throw new HttpError(404, 'not_found', 'There is no such order.');
      throw new HttpError(
        409,
        'invalid_order_state',
        `This order is ${existing.status}: only an order awaiting payment can be confirmed as paid.`,
      );
    }
    const text = reference.trim();
    await tx.insert(payments).values({
      orderId,
      gateway: MANUAL_PAYMENT_GATEWAY,
      gatewayReference: text,
      status: 'captured',
      amountCents: order.totalCents,
      currency: order.currency,
      idempotencyKey: `order-${orderId}-manual-capture`,
      createdAt: at,
      updatedAt: at,
    });
    await recordAudit(
      tx,
      actor,
      {
        action: 'order.confirm_payment',
        targetType: 'order',
        targetId: orderId,
        details: {
          number: order.number,
          reference: text,
          amount: money(order.totalCents, order.currency).amount,
        },
      },
      at,
    );
  });
}
