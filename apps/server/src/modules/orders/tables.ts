import { sql } from 'drizzle-orm';
import {
  bigint,
  char,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, instant, updatedAt } from '../../db/columns.js';
import { users } from '../accounts/tables.js';
import { products, productVariants } from '../catalog/tables.js';
import { legacyApiClients } from '../legacy/tables.js';

/**
 * `pending`: a storefront order while its card payment is under way. `awaiting_payment`: a legacy
 * API order, its stock reserved, until an admin confirms how it was paid (then `paid`) or cancels
 * it, or its reservation expires (then `cancelled`).
 */
export const orderStatuses = [
  'pending',
  'awaiting_payment',
  'paid',
  'failed',
  'refunded',
  'cancelled',
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

/** Beside the payment status (fulfilment.ts): a paid order is unfulfilled, shipped, delivered. */
export const fulfilmentStatuses = ['unfulfilled', 'shipped', 'delivered'] as const;
export type FulfilmentStatus = (typeof fulfilmentStatuses)[number];

/** Where the order came from: the storefront (card payment) or the legacy cart API (none). */
export const orderSources = ['storefront', 'legacy'] as const;

export interface BillingAddress {
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  country: string;
}

export const orders = pgTable(
  'orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Human-friendly, increasing order number shown on invoices. */
    number: bigint('number', { mode: 'number' }).generatedAlwaysAsIdentity({ startWith: 100001 }),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'restrict' }),
    source: text('source', { enum: orderSources }).notNull(),
    status: text('status', { enum: orderStatuses }).notNull().default('pending'),
    currency: char('currency', { length: 3 }).notNull(),
    subtotalCents: integer('subtotal_cents').notNull(),
    taxCents: integer('tax_cents').notNull().default(0),
    shippingCents: integer('shipping_cents').notNull().default(0),
    totalCents: integer('total_cents').notNull(),
    billingName: text('billing_name'),
    billingAddress: jsonb('billing_address').$type<BillingAddress>(),
    // Only what PCI DSS lets us keep: never the full number, never the CVC.
    cardBrand: text('card_brand'),
    cardLast4: char('card_last4', { length: 4 }),
    cardExpMonth: smallint('card_exp_month'),
    cardExpYear: smallint('card_exp_year'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    paidAt: instant('paid_at'),
    /**
     * While pending or awaiting payment, the reserved stock is held until then; a sweeper
     * settles it after (checkout's for pending orders, the legacy module's for the others).
     */
    reservedUntil: instant('reserved_until'),
    refundedAt: instant('refunded_at'),
    cancelledAt: instant('cancelled_at'),
    /** Beside the payment status: fulfilment.ts. */
    fulfilment: text('fulfilment', { enum: fulfilmentStatuses }).notNull().default('unfulfilled'),
    /** The carrier's name as the shopper sees it, and the parcel's tracking. */
    carrier: text('carrier'),
    trackingNumber: text('tracking_number'),
    trackingUrl: text('tracking_url'),
    shippedAt: instant('shipped_at'),
    deliveredAt: instant('delivered_at'),
    /**
     * The legacy API client whose token made the order; null for storefront orders and for
     * legacy orders made without a client (demo mode, or before 0009 where it was not known),
     * which count together against the caps of what awaits payment (legacy/outstanding.ts).
     * Clients are revoked, never deleted, so an order keeps its client.
     */
    legacyClientId: uuid('legacy_client_id').references(() => legacyApiClients.id, {
      onDelete: 'restrict',
    }),
  },
  (t) => [
    check(
      'orders_status_known',
      sql.raw(`status in (${orderStatuses.map((s) => `'${s}'`).join(', ')})`),
    ),
    check('orders_source_known', sql`${t.source} in ('storefront', 'legacy')`),
    check(
      'orders_fulfilment_known',
      sql.raw(`fulfilment in (${fulfilmentStatuses.map((s) => `'${s}'`).join(', ')})`),
    ),
    // The admin's list of what is still to ship.
    index('orders_to_ship_idx')
      .on(t.paidAt)
      .where(sql`${t.status} = 'paid' and ${t.fulfilment} = 'unfulfilled'`),
    check(
      'orders_amounts_non_negative',
      sql`${t.subtotalCents} >= 0 and ${t.taxCents} >= 0 and ${t.shippingCents} >= 0`,
    ),
    check(
      'orders_total_adds_up',
      sql`${t.totalCents} = ${t.subtotalCents} + ${t.taxCents} + ${t.shippingCents}`,
    ),
    check(
      'orders_legacy_client_legacy_only',
      sql`${t.legacyClientId} is null or ${t.source} = 'legacy'`,
    ),
    check('orders_card_last4_digits', sql`${t.cardLast4} is null or ${t.cardLast4} ~ '^[0-9]{4}$'`),
    check(
      'orders_card_exp_month_range',
      sql`${t.cardExpMonth} is null or ${t.cardExpMonth} between 1 and 12`,
    ),
    index('orders_user_created_idx').on(t.userId, t.createdAt),
    index('orders_status_idx').on(t.status),
    // The admin order list (newest first) and the sales summary (paid orders by day).
    index('orders_created_idx').on(t.createdAt),
    index('orders_paid_idx').on(t.paidAt),
    index('orders_pending_reservation_idx').on(t.reservedUntil).where(sql`${t.status} = 'pending'`),
    index('orders_awaiting_payment_reservation_idx')
      .on(t.reservedUntil)
      .where(sql`${t.status} = 'awaiting_payment'`),
    // What each legacy API client holds in orders awaiting payment (checked at every checkout).
    index('orders_awaiting_payment_client_idx')
      .on(t.legacyClientId)
      .where(sql`${t.status} = 'awaiting_payment'`),
  ],
);

/**
 * Lines copy title, variant, SKU and unit price at purchase time, so later catalog edits never
 * change an order. `product_id` is the variant's product, kept for sales by product.
 */
export const orderLines = pgTable(
  'order_lines',
  {
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    lineNo: smallint('line_no').notNull(),
    productId: text('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'restrict' }),
    variantId: text('variant_id')
      .notNull()
      .references(() => productVariants.id, { onDelete: 'restrict' }),
    sku: text('sku').notNull(),
    /** The chosen options as the shopper saw them ("Size M · Colour Navy"); '' for a default variant. */
    variantLabel: text('variant_label').notNull().default(''),
    title: text('title').notNull(),
    unitPriceCents: integer('unit_price_cents').notNull(),
    quantity: integer('quantity').notNull(),
    lineTotalCents: integer('line_total_cents').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orderId, t.lineNo] }),
    check('order_lines_quantity_positive', sql`${t.quantity} > 0`),
    check('order_lines_price_non_negative', sql`${t.unitPriceCents} >= 0`),
    check(
      'order_lines_total_adds_up',
      sql`${t.lineTotalCents} = ${t.unitPriceCents} * ${t.quantity}`,
    ),
    index('order_lines_product_idx').on(t.productId),
    index('order_lines_variant_idx').on(t.variantId),
  ],
);
