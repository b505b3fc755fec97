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

export const testGatewayOperations = ['authorize', 'capture', 'refund', 'void'] as const;
export const testGatewayOutcomes = ['succeeded', 'failed'] as const;

/**
 * The built-in test gateway's own records. It stands in for an external payment provider whose
 * books must survive our process being killed, so it writes one row per operation it performed
 * (declines included) and answers a repeated idempotency key from here. Card data is limited to
 * brand and last 4: never the full number, never the CVC (the request fingerprint is made
 * without them too).
 */
export const testGatewayLedger = pgTable(
  'test_gateway_ledger',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    operation: text('operation', { enum: testGatewayOperations }).notNull(),
    /** Unique per operation: `authorize` and `capture` keys live in separate namespaces. */
    idempotencyKey: text('idempotency_key').notNull(),
    /** SHA-256 (hex) of the request's parameters, to refuse a reused key with another request. */
    requestFingerprint: text('request_fingerprint').notNull(),
    /** The authorization this row is about: made by `authorize`, named by the other operations. */
    reference: text('reference').notNull(),
    /** Refunds only: the refund's own reference. */
    refundReference: text('refund_reference'),
    amountCents: integer('amount_cents').notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    status: text('status', { enum: testGatewayOutcomes }).notNull(),
    /** Why a failed operation failed (a gateway decline code); null when it succeeded. */
    declineCode: text('decline_code'),
    /** Authorizations only. */
    cardBrand: text('card_brand'),
    cardLast4: char('card_last4', { length: 4 }),
    description: text('description'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('test_gateway_ledger_operation_key_unique').on(t.operation, t.idempotencyKey),
    uniqueIndex('test_gateway_ledger_authorization_unique')
      .on(t.reference)
      .where(sql`${t.operation} = 'authorize'`),
    index('test_gateway_ledger_reference_idx').on(t.reference),
    check(
      'test_gateway_ledger_operation_known',
      sql`${t.operation} in ('authorize', 'capture', 'refund', 'void')`,
    ),
    check('test_gateway_ledger_status_known', sql`${t.status} in ('succeeded', 'failed')`),
    check(
      'test_gateway_ledger_decline_iff_failed',
      sql`(${t.status} = 'failed') = (${t.declineCode} is not null)`,
    ),
    check('test_gateway_ledger_amount_non_negative', sql`${t.amountCents} >= 0`),
    check(
      'test_gateway_ledger_card_on_authorize_only',
      sql`(${t.operation} = 'authorize') = (${t.cardLast4} is not null and ${t.cardBrand} is not null)`,
    ),
    check('test_gateway_ledger_last4_digits', sql`${t.cardLast4} ~ '^[0-9]{4}$'`),
    check(
      'test_gateway_ledger_refund_reference',
      sql`(${t.refundReference} is not null) = (${t.operation} = 'refund' and ${t.status} = 'succeeded')`,
    ),
  ],
);
