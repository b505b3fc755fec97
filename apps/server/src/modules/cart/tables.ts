import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, instant, updatedAt } from '../../db/columns.js';
import { users } from '../accounts/tables.js';
import { productVariants } from '../catalog/tables.js';

export const cartStatuses = ['open', 'merged', 'checked_out', 'discarded'] as const;

/**
 * A cart belongs to exactly one owner: a signed-in user, a guest's channel session, or
 * (for the legacy API) an access token. The owner columns are plain identifiers so the
 * owning modules can evolve their own tables.
 */
export const carts = pgTable(
  'carts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    guestSessionId: text('guest_session_id'),
    legacyTokenId: uuid('legacy_token_id'),
    status: text('status', { enum: cartStatuses }).notNull().default('open'),
    /**
     * The storefront order whose checkout claimed this cart (a plain id, like the owners). While
     * that order is pending no other checkout may take the cart; paid, it consumed the cart
     * (`checked_out`); failed or cancelled, the claim is dead and the next checkout takes over.
     */
    checkoutOrderId: uuid('checkout_order_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check(
      'carts_single_owner',
      sql`num_nonnulls(${t.userId}, ${t.guestSessionId}, ${t.legacyTokenId}) = 1`,
    ),
    check('carts_status_known', sql`${t.status} in ('open', 'merged', 'checked_out', 'discarded')`),
    uniqueIndex('carts_one_open_per_user')
      .on(t.userId)
      .where(sql`${t.status} = 'open' and ${t.userId} is not null`),
    uniqueIndex('carts_one_open_per_guest')
      .on(t.guestSessionId)
      .where(sql`${t.status} = 'open' and ${t.guestSessionId} is not null`),
    index('carts_legacy_token_idx').on(t.legacyTokenId),
    index('carts_checkout_order_idx')
      .on(t.checkoutOrderId)
      .where(sql`${t.checkoutOrderId} is not null`),
    index('carts_updated_idx').on(t.updatedAt),
  ],
);

export const cartLines = pgTable(
  'cart_lines',
  {
    cartId: uuid('cart_id')
      .notNull()
      .references(() => carts.id, { onDelete: 'cascade' }),
    /** What is in the cart is a variant (a product without options has one, its default). */
    variantId: text('variant_id')
      .notNull()
      .references(() => productVariants.id, { onDelete: 'restrict' }),
    quantity: integer('quantity').notNull(),
    addedAt: instant('added_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.cartId, t.variantId] }),
    check('cart_lines_quantity_positive', sql`${t.quantity} > 0`),
    index('cart_lines_variant_idx').on(t.variantId),
  ],
);
