import { createHash } from 'node:crypto';
import { and, asc, eq, isNotNull, lt, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { HttpError } from '../../lib/errors.js';
import { money } from '../../lib/money.js';
import { requireOwned } from '../../lib/ownership.js';
import { imageUrl } from '../catalog/images.js';
import { productOptions, products, productVariants } from '../catalog/tables.js';
import {
  variantLabelSql,
  variantName,
  variantPrice,
  variantRowForSale,
} from '../catalog/variants.js';
import { MAX_ORDER_TOTAL_CENTS, orderLimitExceeded } from '../orders/limits.js';
import type { PurchasedLine } from '../orders/recording.js';
import { type OrderStatus, orders } from '../orders/tables.js';
import { type PricedLine, type PricingRules, priceLines } from './pricing.js';
import type { Cart, CartLine } from './schemas.js';
import { cartLines, carts } from './tables.js';

/** Whose cart: a logged-in user's, or a guest's (by the id of their channel session). */
export type CartOwner = { userId: string } | { guestSessionId: string };

export interface CheckoutSnapshot {
  cartId: string;
  /** The cart's `version`: what the shopper must have been shown to buy it. */
  version: string;
  lines: (PurchasedLine & Pick<CartLine, 'state' | 'problem'>)[];
}

/** One change of a legacy modifyCart request (its product_id names a variant). */
export interface LegacyCartChange {
  action: 'add' | 'remove';
  variantId: string;
  quantity: number;
}

/** A legacy cart's lines (in the order they were added) with current database prices. */
export type LegacyCartLine = PurchasedLine;

/** Why a legacy change set was refused (nothing of it was applied). */
export type LegacyChangeRefusal =
  | { reason: 'no_cart' }
  | { reason: 'no_product'; variantId: string }
  | { reason: 'over_remove'; variantId: string }
  | { reason: 'no_stock'; variantId: string };

/** Thrown inside the change transaction so that it rolls back. */
class LegacyChangeRefused extends Error {
  constructor(readonly refusal: LegacyChangeRefusal) {
    super(refusal.reason);
  }
}

export interface CartServiceDeps {
  db: Db;
  pricing: PricingRules;
  currency: string;
  guestCartMaxAgeMs: number;
  now: () => number;
}

const ownerColumn = (owner: CartOwner) =>
  'userId' in owner
    ? eq(carts.userId, owner.userId)
    : eq(carts.guestSessionId, owner.guestSessionId);

const ownerKey = (owner: CartOwner) =>
  'userId' in owner ? `user:${owner.userId}` : `guest:${owner.guestSessionId}`;

/**
 * Carts for guests and users. Every change is one conditional statement, so quantities can
 * never pass the stock at the time of the change, however many requests race; prices always
 * come from the database.
 */
export class CartService {
  constructor(private readonly deps: CartServiceDeps) {}

  /** The owner's open cart (made on first use). */
  async view(owner: CartOwner): Promise<Cart> {
    return this.#render(await this.#openCartId(owner));
  }

  /**
   * The owner's cart lines that can be bought, at their current net prices (none without a
   * cart): what shipping quotes and tax estimates price, as the cart's `subtotal` does.
   */
  async buyableLines(owner: CartOwner): Promise<(PricedLine & { variantId: string })[]> {
    const cartId = await this.#existingCartId(owner);
    if (!cartId) return [];
    return buyableRows(await this.#lineRows(cartId)).map((row) => ({
      variantId: row.variantId,
      ...pricedLine(row),
    }));
  }

  /** A cart by id, only for its owner: any other id is a 404. */
  async viewById(owner: CartOwner, cartId: string): Promise<Cart> {
    const [row] = await this.deps.db.select().from(carts).where(eq(carts.id, cartId));
    requireOwned(
      row && {
        ownerId: row.userId
          ? `user:${row.userId}`
          : row.guestSessionId
            ? `guest:${row.guestSessionId}`
            : null,
      },
      ownerKey(owner),
      'cart',
    );
    return this.#render(cartId);
  }

  /**
   * Adds units of a variant (to its line if there is one), within its stock. A first add opens
   * the cart in the same transaction, so a refused one leaves nothing behind.
   */
  async add(owner: CartOwner, variantId: string, quantity: number): Promise<Cart> {
    try {
      return await this.#change(
        (tx) => this.#openCartId(owner, tx),
        async (tx, cartId) => {
          const added = await tx.execute(sql`
            insert into ${cartLines} (cart_id, variant_id, quantity)
            select ${cartId}, v.id, ${quantity} from ${productVariants} v
            where v.id = ${variantId} and v.stock >= ${quantity} and ${variantRowForSale(sql`v`)}
            on conflict (cart_id, variant_id) do update
              set quantity = ${cartLines.quantity} + excluded.quantity
              where ${cartLines.quantity} + excluded.quantity <= ${stockForSale(sql`excluded.variant_id`)}
            returning quantity`);
          if (rowCount(added) === 0) throw new ChangeRefused();
          return true;
        },
      );
    } catch (error) {
      if (!(error instanceof ChangeRefused)) throw error;
      const existing = await this.#existingCartId(owner);
      const inCart = existing ? await this.#lineQuantity(existing, variantId) : 0;
      throw await this.#refusal(variantId, inCart + quantity, inCart);
    }
  }

  /** Sets a line's quantity (at least 1, at most its variant's stock). */
  async setQuantity(owner: CartOwner, variantId: string, quantity: number): Promise<Cart> {
    const cartId = await this.#cartIdHolding(owner);
    try {
      return await this.#change(cartId, async (tx) => {
        const before = await this.#lineQuantity(cartId, variantId, tx);
        const updated = await tx
          .update(cartLines)
          .set({ quantity })
          .where(
            and(
              eq(cartLines.cartId, cartId),
              eq(cartLines.variantId, variantId),
              sql`${quantity} <= ${stockForSale(sql`${variantId}`)}`,
            ),
          )
          .returning({ quantity: cartLines.quantity });
        if (updated.length === 0) throw new ChangeRefused();
        // Lowering is always allowed, even in a cart that a price rise took past the limit.
        return quantity > before;
      });
    } catch (error) {
      if (!(error instanceof ChangeRefused)) throw error;
      const inCart = await this.#lineQuantity(cartId, variantId);
      if (inCart === 0) throw notInCart();
      throw await this.#refusal(variantId, quantity, inCart);
    }
  }

  /** One more unit of a line already in the cart. */
  async increment(owner: CartOwner, variantId: string): Promise<Cart> {
    const cartId = await this.#cartIdHolding(owner);
    if ((await this.#lineQuantity(cartId, variantId)) === 0) throw notInCart();
    return this.add(owner, variantId, 1);
  }

  /** One unit less; a line never goes below 1 (remove it instead): the storefront matches. */
  async decrement(owner: CartOwner, variantId: string): Promise<Cart> {
    const cartId = await this.#cartIdHolding(owner);
    try {
      return await this.#change(cartId, async (tx) => {
        const updated = await tx
          .update(cartLines)
          .set({ quantity: sql`${cartLines.quantity} - 1` })
          .where(
            and(
              eq(cartLines.cartId, cartId),
              eq(cartLines.variantId, variantId),
              sql`${cartLines.quantity} > 1`,
            ),
          )
          .returning({ quantity: cartLines.quantity });
        if (updated.length === 0) throw new ChangeRefused();
        return false;
      });
    } catch (error) {
      if (!(error instanceof ChangeRefused)) throw error;
      if ((await this.#lineQuantity(cartId, variantId)) === 0) throw notInCart();
      throw new HttpError(
        409,
        'minimum_quantity',
        'The quantity cannot go below 1. Remove the item instead.',
      );
    }
  }

  async remove(owner: CartOwner, variantId: string): Promise<Cart> {
    const cartId = await this.#cartIdHolding(owner);
    try {
      return await this.#change(cartId, async (tx) => {
        const removed = await tx
          .delete(cartLines)
          .where(and(eq(cartLines.cartId, cartId), eq(cartLines.variantId, variantId)))
          .returning({ variantId: cartLines.variantId });
        if (removed.length === 0) throw new ChangeRefused();
        return false;
      });
    } catch (error) {
      if (!(error instanceof ChangeRefused)) throw error;
      throw notInCart();
    }
  }

  async empty(owner: CartOwner): Promise<Cart> {
    return this.#change(
      (tx) => this.#openCartId(owner, tx),
      async (tx, cartId) => {
        await tx.delete(cartLines).where(eq(cartLines.cartId, cartId));
        return false;
      },
    );
  }

  /**
   * One change of one cart, in one transaction: locks the cart (refused while a checkout holds
   * it) and marks it changed in the same statement, runs `change`, and answers the cart as the
   * change left it, read in the same transaction. `change` resolves whether it added to the
   * cart, and then the cart is held to the order limit; it throws ChangeRefused to undo
   * everything, the mark too.
   */
  async #change(
    cart: string | ((tx: Db) => Promise<string>),
    change: (tx: Db, cartId: string) => Promise<boolean>,
  ): Promise<Cart> {
    return this.deps.db.transaction(async (tx) => {
      const cartId = typeof cart === 'string' ? cart : await cart(tx);
      await lockForChange(cartId, tx, new Date(this.deps.now()));
      const grew = await change(tx, cartId);
      const rows = await this.#lineRows(cartId, tx);
      if (grew) this.#requireWithinOrderLimit(rows);
      return this.#cartFrom(cartId, rows);
    });
  }

  /**
   * At login: the guest's lines join the account's cart, quantities added per variant and
   * capped at its stock (lines with nothing left, or no longer sold, are dropped); the guest cart is closed. While a checkout
   * holds the account's cart (another device is paying for it) nothing merges: the login goes
   * on and the guest cart is left as it was, since what a paid order consumes must be exactly
   * what it paid for.
   */
  async mergeGuestCart(guestSessionId: string, userId: string): Promise<void> {
    await this.deps.db.transaction(async (tx) => {
      const [guest] = await tx
        .select({ id: carts.id })
        .from(carts)
        .where(and(eq(carts.guestSessionId, guestSessionId), eq(carts.status, 'open')));
      if (!guest) return;
      const userCartId = await this.#openCartId({ userId }, tx);
      if (!(await lockUnlessInCheckout(userCartId, tx))) return;
      await tx.execute(sql`
        insert into ${cartLines} (cart_id, variant_id, quantity)
        select ${userCartId}, g.variant_id, least(g.quantity, v.stock)
        from ${cartLines} g join ${productVariants} v on v.id = g.variant_id
        where g.cart_id = ${guest.id} and v.stock > 0 and ${variantRowForSale(sql`v`)}
        on conflict (cart_id, variant_id) do update
          set quantity = least(
            ${cartLines.quantity} + excluded.quantity,
            (select stock from ${productVariants} where id = excluded.variant_id))`);
      await tx.delete(cartLines).where(eq(cartLines.cartId, guest.id));
      await tx
        .update(carts)
        .set({ status: 'merged', updatedAt: new Date(this.deps.now()) })
        .where(eq(carts.id, guest.id));
      await tx
        .update(carts)
        .set({ updatedAt: new Date(this.deps.now()) })
        .where(eq(carts.id, userCartId));
    });
  }

  /**
   * What checkout buys: the user's open cart with current database prices and each line's
   * state (checkout refuses unless every line is 'ok').
   */
  async checkoutSnapshot(userId: string, db: Db = this.deps.db): Promise<CheckoutSnapshot> {
    return this.snapshotOf(await this.#openCartId({ userId }, db), db);
  }

  /** The checkout snapshot of cart `cartId` (one statement), e.g. once a checkout claimed it. */
  async snapshotOf(cartId: string, db: Db = this.deps.db): Promise<CheckoutSnapshot> {
    const rows = await this.#lineRows(cartId, db);
    return {
      cartId,
      version: this.#versionOf(cartId, rows),
      lines: rows.map((row) => ({ ...purchasedLine(row), ...lineState(row) })),
    };
  }

  /**
   * The statement that claims the user's open cart for the checkout making order `orderId`, for
   * that checkout to run inside its reservation transaction (as a part of a larger statement:
   * `onlyIf` may name its other parts). It returns the cart's `id` when claimed, nothing when
   * there is no open cart or another checkout holds it. One conditional update: of any number
   * of racing checkouts exactly one claims the cart; the others wait on its row, then find it
   * taken. A claim holds while its order is pending: payment consumes the cart (checkoutConsumed,
   * in the same statement), and an order that failed or was cancelled (a decline, the sweeper
   * settling a crashed attempt, an admin) no longer holds it, so there is no release step to
   * forget. An order this statement cannot see yet (a racing claim just committed) never counts
   * as ended, so a live claim is never taken over.
   */
  checkoutClaim(userId: string, orderId: string, onlyIf: SQL = sql`true`): SQL {
    const now = new Date(this.deps.now()).toISOString();
    return sql`update ${carts} set checkout_order_id = ${orderId}, updated_at = ${now}::timestamptz
      where ${carts.userId} = ${userId} and ${carts.status} = 'open'
        and (${carts.checkoutOrderId} is null or exists (
          select 1 from ${orders} o
          where o.id = ${carts.checkoutOrderId} and o.status in (${sql.join(
            ENDED_UNPAID.map((status) => sql`${status}`),
            sql`, `,
          )})))
        and ${onlyIf}
      returning ${carts.id}`;
  }

  /**
   * The statement by which the paid order(s) `orderIds` (a subquery) consume the carts they
   * claimed, as a part of the payment's statement.
   */
  checkoutConsumed(orderIds: SQL): SQL {
    const now = new Date(this.deps.now()).toISOString();
    return sql`update ${carts} set status = 'checked_out', updated_at = ${now}::timestamptz
      where ${carts.checkoutOrderId} in ${orderIds} and ${carts.status} = 'open'`;
  }

  /** Closes a legacy cart that became an order (inside its checkout's transaction). */
  async markCheckedOut(cartId: string, db: Db = this.deps.db): Promise<void> {
    await db
      .update(carts)
      .set({ status: 'checked_out', updatedAt: new Date(this.deps.now()) })
      .where(eq(carts.id, cartId));
  }

  /** Deletes guest carts nobody touched for the configured age. */
  async deleteAbandonedGuestCarts(): Promise<number> {
    const cutoff = new Date(this.deps.now() - this.deps.guestCartMaxAgeMs);
    const gone = await this.deps.db
      .delete(carts)
      .where(and(isNotNull(carts.guestSessionId), lt(carts.updatedAt, cutoff)))
      .returning({ id: carts.id });
    return gone.length;
  }

  // ---- Legacy cart API (modules/legacy): many carts per access token, made explicitly ----

  /** A new, empty cart owned by a legacy access token. */
  async createLegacyCart(legacyTokenId: string): Promise<string> {
    const now = new Date(this.deps.now());
    const [cart] = await this.deps.db
      .insert(carts)
      .values({ legacyTokenId, createdAt: now, updatedAt: now })
      .returning({ id: carts.id });
    if (!cart) throw new Error('cart insert returned nothing');
    return cart.id;
  }

  /**
   * Locks a legacy token's open cart (for the rest of the transaction `db` runs) and returns
   * its lines; undefined when the cart is not this token's or no longer open.
   */
  async lockLegacyCart(
    legacyTokenId: string,
    cartId: string,
    db: Db = this.deps.db,
  ): Promise<LegacyCartLine[] | undefined> {
    const [cart] = await db
      .select({ id: carts.id })
      .from(carts)
      .where(openLegacyCart(legacyTokenId, cartId))
      .for('update');
    if (!cart) return undefined;
    return this.#legacyLines(cartId, db);
  }

  /**
   * Applies every change of a legacy modifyCart request, in order, or none of them: one
   * transaction holding the cart's row lock. An add never takes a line past the stock; a
   * remove never takes more than the line holds (a line reaching 0 is deleted).
   */
  async applyLegacyChanges(
    legacyTokenId: string,
    cartId: string,
    changes: readonly LegacyCartChange[],
  ): Promise<{ ok: true; lines: LegacyCartLine[] } | ({ ok: false } & LegacyChangeRefusal)> {
    try {
      const lines = await this.deps.db.transaction(async (tx) => {
        if (!(await this.lockLegacyCart(legacyTokenId, cartId, tx))) {
          throw new LegacyChangeRefused({ reason: 'no_cart' });
        }
        for (const { action, variantId, quantity } of changes) {
          const forSaleNow = await tx.execute(
            sql`select 1 from ${productVariants} v where v.id = ${variantId} and ${variantRowForSale(sql`v`)}`,
          );
          if (rowCount(forSaleNow) === 0) {
            throw new LegacyChangeRefused({ reason: 'no_product', variantId });
          }
          if (action === 'add') {
            const added = await tx.execute(sql`
              insert into ${cartLines} (cart_id, variant_id, quantity)
              select ${cartId}, v.id, ${quantity} from ${productVariants} v
              where v.id = ${variantId} and v.stock >= ${quantity}
              on conflict (cart_id, variant_id) do update
                set quantity = ${cartLines.quantity} + excluded.quantity
                where ${cartLines.quantity}::bigint + excluded.quantity <=
                  (select stock from ${productVariants} where id = excluded.variant_id)
              returning quantity`);
            if (rowCount(added) === 0) {
              throw new LegacyChangeRefused({ reason: 'no_stock', variantId });
            }
          } else {
            const line = and(eq(cartLines.cartId, cartId), eq(cartLines.variantId, variantId));
            const taken = await tx
              .update(cartLines)
              .set({ quantity: sql`${cartLines.quantity} - ${quantity}` })
              .where(and(line, sql`${cartLines.quantity} > ${quantity}`))
              .returning({ quantity: cartLines.quantity });
            if (taken.length === 0) {
              const gone = await tx
                .delete(cartLines)
                .where(and(line, eq(cartLines.quantity, quantity)))
                .returning({ variantId: cartLines.variantId });
              if (gone.length === 0) {
                throw new LegacyChangeRefused({ reason: 'over_remove', variantId });
              }
            }
          }
        }
        await tx
          .update(carts)
          .set({ updatedAt: new Date(this.deps.now()) })
          .where(eq(carts.id, cartId));
        return this.#legacyLines(cartId, tx);
      });
      return { ok: true, lines };
    } catch (error) {
      if (error instanceof LegacyChangeRefused) return { ok: false, ...error.refusal };
      throw error;
    }
  }

  /** Whether the cart is this legacy token's and open. */
  async hasOpenLegacyCart(legacyTokenId: string, cartId: string): Promise<boolean> {
    const [cart] = await this.deps.db
      .select({ id: carts.id })
      .from(carts)
      .where(openLegacyCart(legacyTokenId, cartId));
    return cart !== undefined;
  }

  /** Closes a legacy token's open cart; false when it is not this token's or not open. */
  async discardLegacyCart(legacyTokenId: string, cartId: string): Promise<boolean> {
    const discarded = await this.deps.db
      .update(carts)
      .set({ status: 'discarded', updatedAt: new Date(this.deps.now()) })
      .where(openLegacyCart(legacyTokenId, cartId))
      .returning({ id: carts.id });
    if (discarded.length === 0) return false;
    await this.deps.db.delete(cartLines).where(eq(cartLines.cartId, cartId));
    return true;
  }

  async #legacyLines(cartId: string, db: Db): Promise<LegacyCartLine[]> {
    return (await this.#lineRows(cartId, db)).map(purchasedLine);
  }

  async #existingCartId(owner: CartOwner): Promise<string | undefined> {
    const [existing] = await this.deps.db
      .select({ id: carts.id })
      .from(carts)
      .where(and(ownerColumn(owner), eq(carts.status, 'open')));
    return existing?.id;
  }

  /** The open cart, for changes to its lines: none means the line is not in the cart (404). */
  async #cartIdHolding(owner: CartOwner): Promise<string> {
    const cartId = await this.#existingCartId(owner);
    if (!cartId) throw notInCart();
    return cartId;
  }

  async #openCartId(owner: CartOwner, db: Db = this.deps.db): Promise<string> {
    const open = and(ownerColumn(owner), eq(carts.status, 'open'));
    const [existing] = await db.select({ id: carts.id }).from(carts).where(open);
    if (existing) return existing.id;
    const now = new Date(this.deps.now());
    // Two first requests may race: the partial unique index lets one insert win.
    await db
      .insert(carts)
      .values({ ...owner, createdAt: now, updatedAt: now })
      .onConflictDoNothing();
    const [created] = await db.select({ id: carts.id }).from(carts).where(open);
    if (!created) throw new Error('could not open a cart');
    return created.id;
  }

  async #lineQuantity(cartId: string, variantId: string, db: Db = this.deps.db): Promise<number> {
    const [line] = await db
      .select({ quantity: cartLines.quantity })
      .from(cartLines)
      .where(and(eq(cartLines.cartId, cartId), eq(cartLines.variantId, variantId)));
    return line?.quantity ?? 0;
  }

  /**
   * Why a change was refused: no such variant (or the id of a product whose options must be
   * chosen first), no longer sold, or not enough stock.
   */
  async #refusal(variantId: string, wanted: number, inCart: number): Promise<HttpError> {
    const [variant] = await this.deps.db
      .select({
        stock: productVariants.stock,
        archived: sql<boolean>`${productVariants.archived} or ${products.archived}`,
        title: products.title,
        label: variantLabelSql,
        isDefault: sql<boolean>`${productVariants.option1} is null`,
      })
      .from(productVariants)
      .innerJoin(products, eq(products.id, productVariants.productId))
      .where(eq(productVariants.id, variantId));
    if (!variant) {
      return (
        (await this.#variantRequired(variantId)) ??
        new HttpError(404, 'not_found', 'There is no such product.')
      );
    }
    const name = variantName(variant.title, variant.label);
    if (variant.archived) {
      // A product that was given options keeps its default variant, archived, under its own
      // id: that id asks for a choice, as for a product that always had options.
      const required = variant.isDefault ? await this.#variantRequired(variantId) : undefined;
      return required ?? new HttpError(409, 'product_unavailable', `${name} is no longer sold.`);
    }
    const error = new HttpError(
      409,
      'insufficient_stock',
      variant.stock === 0
        ? `${name} is sold out.`
        : `Only ${variant.stock} of ${name} in stock${inCart ? ` (${inCart} already in your cart)` : ''}; you asked for ${wanted}.`,
    );
    error.available = variant.stock;
    return error;
  }

  /** 409 variant_required (naming the options) when `id` is a product for sale in options. */
  async #variantRequired(id: string): Promise<HttpError | undefined> {
    const [product] = await this.deps.db
      .select({
        title: products.title,
        options: sql<
          string[]
        >`array(select lower(o.name) from ${productOptions} o where o.product_id = ${products.id} order by o.position)`,
      })
      .from(products)
      .where(and(eq(products.id, id), eq(products.archived, false)));
    if (!product || product.options.length === 0) return undefined;
    return new HttpError(
      409,
      'variant_required',
      `Choose a ${product.options.join(' and ')} of ${product.title} to add it to the cart.`,
    );
  }

  /**
   * Refuses (inside the change's transaction, which then rolls back) a change after which the
   * cart would total more than one order may.
   */
  #requireWithinOrderLimit(rows: readonly LineRow[]): void {
    const { totalCents } = priceLines(rows.map(pricedLine), this.deps.pricing);
    if (totalCents > MAX_ORDER_TOTAL_CENTS) {
      throw orderLimitExceeded(totalCents, this.deps.currency);
    }
  }

  /**
   * The cart's version: a fingerprint of the cart, its lines at their current prices and its
   * totals. It changes whenever what checkout would charge changes (a line, or a price an
   * admin edited), so checkout can tell whether the shopper saw what they are paying for.
   */
  #versionOf(cartId: string, rows: readonly LineRow[]): string {
    const lines = rows
      .map((row) => [row.variantId, row.quantity, row.priceCents] as const)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    const totals = priceLines(rows.map(pricedLine), this.deps.pricing);
    return createHash('sha256')
      .update(JSON.stringify({ cartId, lines, totals }))
      .digest('base64url');
  }

  /** A cart's lines in the order they were added, with their variants' current facts. */
  #lineRows(cartId: string, db: Db = this.deps.db): Promise<LineDetail[]> {
    return db
      .select({
        variantId: cartLines.variantId,
        productId: productVariants.productId,
        quantity: cartLines.quantity,
        title: products.title,
        variantLabel: variantLabelSql,
        sku: productVariants.sku,
        imageName: sql<
          string | null
        >`coalesce(${productVariants.imageName}, ${products.imageName})`,
        priceCents: variantPrice,
        stock: productVariants.stock,
        archived: sql<boolean>`${productVariants.archived} or ${products.archived}`,
      })
      .from(cartLines)
      .innerJoin(productVariants, eq(productVariants.id, cartLines.variantId))
      .innerJoin(products, eq(products.id, productVariants.productId))
      .where(eq(cartLines.cartId, cartId))
      .orderBy(asc(cartLines.addedAt), asc(cartLines.variantId));
  }

  async #render(cartId: string): Promise<Cart> {
    return this.#cartFrom(cartId, await this.#lineRows(cartId));
  }

  #cartFrom(cartId: string, rows: readonly LineDetail[]): Cart {
    const { currency } = this.deps;
    const lines: CartLine[] = rows.map((row) => {
      const { state, problem } = lineState(row);
      return {
        variantId: row.variantId,
        productId: row.productId,
        title: row.title,
        variantLabel: row.variantLabel,
        sku: row.sku,
        image: row.imageName === null ? null : imageUrl(row.imageName),
        unitPrice: money(row.priceCents, currency),
        quantity: row.quantity,
        lineTotal: money(row.priceCents * row.quantity, currency),
        available: row.stock,
        state,
        problem,
      };
    });
    const totals = priceLines(buyableRows(rows).map(pricedLine), this.deps.pricing);
    return {
      id: cartId,
      version: this.#versionOf(cartId, rows),
      lines,
      itemCount: rows.reduce((sum, row) => sum + row.quantity, 0),
      subtotal: money(totals.subtotalCents, currency),
      tax: money(totals.taxCents, currency),
      shipping: money(totals.shippingCents, currency),
      total: money(totals.totalCents, currency),
      checkoutBlocked: lines.length === 0 || lines.some((line) => line.state !== 'ok'),
    };
  }
}

function lineState(row: {
  quantity: number;
  stock: number;
  archived: boolean;
}): Pick<CartLine, 'state' | 'problem'> {
  if (row.archived)
    return {
      state: 'unavailable',
      problem: 'This product is no longer sold. Remove it to check out.',
    };
  if (row.stock === 0) return { state: 'sold_out', problem: 'Sold out. Remove it to check out.' };
  if (row.quantity > row.stock) {
    return {
      state: 'insufficient_stock',
      problem: `Only ${row.stock} left. Lower the quantity to check out.`,
    };
  }
  return { state: 'ok', problem: null };
}

/** Only lines that can be bought count towards what the shopper would pay. */
function buyableRows<T extends { quantity: number; stock: number; archived: boolean }>(
  rows: readonly T[],
): T[] {
  return rows.filter((row) => lineState(row).state === 'ok');
}

const notInCart = () => new HttpError(404, 'not_found', 'This item is not in your cart.');

/** A cart line as an order records it. */
const purchasedLine = (row: Omit<PurchasedLine, 'unitPriceCents'> & { priceCents: number }) => ({
  variantId: row.variantId,
  productId: row.productId,
  title: row.title,
  variantLabel: row.variantLabel,
  sku: row.sku,
  unitPriceCents: row.priceCents,
  quantity: row.quantity,
});

/** The stock of variant `id` if it is for sale (null, so no quantity fits, if not). */
const stockForSale = (id: SQL) =>
  sql`(select v.stock from ${productVariants} v where v.id = ${id} and ${variantRowForSale(sql`v`)})`;

/** The states in which a storefront order no longer holds the cart it claimed, unpaid. */
const ENDED_UNPAID: OrderStatus[] = ['failed', 'cancelled'];

/** A cart line with its variant's current facts, as the cart shows it. */
interface LineDetail {
  variantId: string;
  productId: string;
  quantity: number;
  title: string;
  variantLabel: string;
  sku: string;
  imageName: string | null;
  priceCents: number;
  stock: number;
  archived: boolean;
}

/** A cart line as the version sees it: which variant, how many, at what price. */
type LineRow = { variantId: string; quantity: number; priceCents: number };

const pricedLine = (row: { priceCents: number; quantity: number }) => ({
  unitPriceCents: row.priceCents,
  quantity: row.quantity,
});

/** The cart `cartId` if it is the legacy token's and open. */
const openLegacyCart = (legacyTokenId: string, cartId: string) =>
  and(eq(carts.id, cartId), eq(carts.legacyTokenId, legacyTokenId), eq(carts.status, 'open'));

/**
 * Locks a cart's row for the rest of a change's transaction (changes to one cart run one at a
 * time, and after or before a checkout's claim, never beside it) and refuses the change while a
 * checkout holds the cart: what a paid order consumes is exactly what it paid for. The lock is
 * taken by the change's own mark (`updated_at`), so locking and marking are one statement; a
 * refused change rolls the mark back with everything else.
 */
async function lockForChange(cartId: string, tx: Db, changedAt: Date): Promise<void> {
  const [cart] = await tx
    .update(carts)
    .set({ updatedAt: changedAt })
    .where(eq(carts.id, cartId))
    .returning({ claimedBy: carts.checkoutOrderId });
  if (!(await claimHasEnded(cart?.claimedBy ?? null, tx))) throw cartInCheckout();
}

/** Locks the cart's row as lockForChange does; false (nothing to change) while a checkout holds it. */
async function lockUnlessInCheckout(cartId: string, tx: Db): Promise<boolean> {
  const [cart] = await tx
    .select({ claimedBy: carts.checkoutOrderId })
    .from(carts)
    .where(eq(carts.id, cartId))
    .for('update');
  return claimHasEnded(cart?.claimedBy ?? null, tx);
}

/**
 * Whether a cart's checkout claim no longer holds it (or it has none). A claim whose order
 * cannot be found counts as live, as in checkoutClaim.
 */
async function claimHasEnded(claimedBy: string | null, tx: Db): Promise<boolean> {
  if (!claimedBy) return true;
  const [order] = await tx
    .select({ status: orders.status })
    .from(orders)
    .where(eq(orders.id, claimedBy));
  return order !== undefined && ENDED_UNPAID.includes(order.status);
}

/** The answer to a change or a second checkout while a checkout holds the cart. */
export function cartInCheckout(): HttpError {
  return new HttpError(
    409,
    'cart_in_checkout',
    'This cart is being paid for in another window or tab. Check your orders before changing or paying for it again.',
  );
}

/** Thrown inside a change's transaction to roll it back; answered outside with the reason. */
class ChangeRefused extends Error {}

/** Rows affected by a raw statement, whichever driver ran it. */
function rowCount(result: unknown): number {
  const {
    rows,
    affectedRows,
    rowCount: count,
  } = result as { rows?: unknown[]; affectedRows?: number; rowCount?: number };
  return rows?.length ?? affectedRows ?? count ?? 0;
}
