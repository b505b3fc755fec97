import { sql } from 'drizzle-orm';
import { char, check, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from '../../db/columns.js';
import { orders } from '../orders/tables.js';

export const paymentStatuses = ['authorized', 'captured', 'failed', 'refunded', 'voided'] as const;

/** One row per gateway operation outcome for an order; never any card data beyond the order's. */
export const payments = pgTable(
  'payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'restrict' }),
    gateway: text('gateway').notNull(),
    gatewayReference: text('gateway_reference'),
    status: text('status', { enum: paymentStatuses }).notNull(),
    amountCents: integer('amount_cents').notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    /** The idempotency key sent to the gateway, so a retried call is never charged twice. */
    idempotencyKey: text('idempotency_key').notNull(),
    failureCode: text('failure_code'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check(
      'payments_status_known',
      sql`${t.status} in ('authorized', 'captured', 'failed', 'refunded', 'voided')`,
    ),
    check('payments_amount_non_negative', sql`${t.amountCents} >= 0`),
    uniqueIndex('payments_gateway_key_unique').on(t.gateway, t.idempotencyKey),
    index('payments_order_idx').on(t.orderId),
  ],
);
