import { randomBytes, randomUUID } from 'node:crypto';
import { and, asc, eq, gt, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { AppConfig } from '../../config.js';
import type { Db } from '../../db/client.js';
import { formatCents } from '../../lib/money.js';
import { type PricingRules, priceLines } from '../cart/pricing.js';
import type { CartService, LegacyCartChange, LegacyCartLine } from '../cart/service.js';
import { products, productVariants } from '../catalog/tables.js';
import { variantForSale, variantLabelSql, variantName, variantPrice } from '../catalog/variants.js';
import { MAX_ORDER_TOTAL_CENTS } from '../orders/limits.js';
import { OutOfStock, recordOrder } from '../orders/recording.js';
import { clientOfKey, hashLegacySecret } from './clients.js';
import { lockOutstanding } from './outstanding.js';
import { legacyApiClients, legacyTokens } from './tables.js';

/** A token lives this long, as the seed documented (its implementation said 60 s). */
export const LEGACY_TOKEN_TTL_MS = 3 * 3_600_000;

/** An expected refusal: `{"response": code}` with this status. */
export class LegacyError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
  ) {
    super(code);
    this.name = 'LegacyError';
  }
}

export const lackOfInventory = (productId: string) =>
  new LegacyError(409, `LACK_INVENTORY_FOR_(${productId})`);

/** The legacy product shape. */
export interface LegacyProduct {
  title: string;
  price: string;
  inventory_count: number;
  product_id: string;
}

/** The legacy cart shape (sent inside a one-element array). */
export interface LegacyCart {
  items: string[];
  item_quantities: number[];
  cost: string;
  cart_id: string;
}

export interface LegacyServiceDeps {
  db: Db;
  carts: CartService;
  pricing: PricingRules;
  currency: string;
  /** Config `legacy`: demo-mode token issuance, reservations, per-checkout limits and caps. */
  rules: AppConfig['legacy'];
  /**
   * Tells every instance's catalog cache which products' stock changed (after the commit).
   * catalog/answer-cache.ts catalogChanged over the app's feed.
   */
  catalogChanged: (productIds: Iterable<string>) => Promise<void>;
  now: () => number;
}

export function legacyCart(cartId: string, lines: readonly LegacyCartLine[]): LegacyCart {
  return {
    items: lines.map((line) => line.variantId),
    item_quantities: lines.map((line) => line.quantity),
    cost: formatCents(lines.reduce((sum, line) => sum + line.unitPriceCents * line.quantity, 0)),
    cart_id: cartId,
  };
}

/**
 * The legacy cart API on the store's own catalog, carts, stock and orders. Routes (plugin.ts)
 * validate the input; this class decides.
 */
export class LegacyService {
  constructor(private readonly deps: LegacyServiceDeps) {}

  /**
   * A new token for the API client whose key is presented (`undefined`: none was), or, in demo
   * mode (LEGACY_OPEN_TOKENS) and without a key, for nobody in particular: 24 random bytes as
   * 48 hex characters; only its hash is stored. A key that is presented must be valid, in
   * either mode.
   */
  async issueToken(clientKey: string | undefined): Promise<string> {
    const now = this.deps.now();
    let clientId: string | null = null;
    if (clientKey !== undefined) {
      clientId = (await clientOfKey(this.deps.db, clientKey, new Date(now))) ?? null;
      if (!clientId) throw new LegacyError(401, 'INVALID_CLIENT_KEY');
    } else if (!this.deps.rules.openTokens) {
      throw new LegacyError(401, 'MISSING_CLIENT_KEY');
    }
    const token = randomBytes(24).toString('hex');
    await this.deps.db.insert(legacyTokens).values({
      tokenHash: hashLegacySecret(token),
      clientId,
      createdAt: new Date(now),
      expiresAt: new Date(now + LEGACY_TOKEN_TTL_MS),
    });
    return token;
  }

  /** The id of a live token (not expired, not invalidated); 401 otherwise. */
  async authenticate(token: string | undefined): Promise<string> {
    if (!token) throw new LegacyError(401, 'INVALID_ACCESS_TOKEN');
    const [row] = await this.deps.db
      .select({ id: legacyTokens.id })
      .from(legacyTokens)
      .where(this.#live(token));
    if (!row) throw new LegacyError(401, 'INVALID_ACCESS_TOKEN');
    return row.id;
  }

  /** Invalidates a live token; 404 TOKEN_DOES_NOT_EXIST when there is none to invalidate. */
  async invalidate(token: string | undefined): Promise<void> {
    if (!token) throw new LegacyError(404, 'TOKEN_DOES_NOT_EXIST');
    const done = await this.deps.db
      .update(legacyTokens)
      .set({ invalidatedAt: new Date(this.deps.now()) })
      .where(this.#live(token))
      .returning({ id: legacyTokens.id });
    if (done.length === 0) throw new LegacyError(404, 'TOKEN_DOES_NOT_EXIST');
  }

  /**
   * Ends every token issued in demo mode (without a client), for good. Run at start when demo
   * mode is off: a token is live only while demo mode is on, and without this, turning demo
   * mode off and on again within their 3 hours would bring them back.
   */
  async endDemoTokens(): Promise<number> {
    const ended = await this.deps.db
      .update(legacyTokens)
      .set({ invalidatedAt: new Date(this.deps.now()) })
      .where(and(isNull(legacyTokens.clientId), isNull(legacyTokens.invalidatedAt)))
      .returning({ id: legacyTokens.id });
    return ended.length;
  }

  /** Forgets tokens that expired more than a day ago (their carts stay, ownerless for good). */
  async deleteOldTokens(): Promise<number> {
    const gone = await this.deps.db
      .delete(legacyTokens)
      .where(lt(legacyTokens.expiresAt, new Date(this.deps.now() - 86_400_000)))
      .returning({ id: legacyTokens.id });
    return gone.length;
  }

  /**
   * The variants for sale (archived ones, or those of an archived product, never), by id: the
   * legacy API's "products". A product without options is its one variant, under the product's
   * own id; a jersey in six sizes is six legacy products (`portugal-home-jersey-m`, titled
   * "Portugal Home Jersey (Size M)"), each with its own inventory_count. `ids` narrows the list
   * (unknown ids are left out); `availableOnly` keeps only those with stock.
   */
  async products(options: { ids?: string[]; availableOnly: boolean }): Promise<LegacyProduct[]> {
    const conditions = [variantForSale];
    if (options.ids) {
      if (options.ids.length === 0) return [];
      conditions.push(inArray(productVariants.id, options.ids));
    }
    if (options.availableOnly) conditions.push(gt(productVariants.stock, 0));
    const rows = await this.deps.db
      .select({
        title: products.title,
        label: variantLabelSql,
        priceCents: variantPrice,
        stock: productVariants.stock,
        id: productVariants.id,
      })
      .from(productVariants)
      .innerJoin(products, eq(products.id, productVariants.productId))
      .where(and(...conditions))
      .orderBy(asc(sql`${productVariants.id} collate "C"`));
    return rows.map((row) => ({
      title: variantName(row.title, row.label),
      price: formatCents(row.priceCents),
      inventory_count: row.stock,
      product_id: row.id,
    }));
  }

  createCart(tokenId: string): Promise<string> {
    return this.deps.carts.createLegacyCart(tokenId);
  }

  /** INVALID_CART_ID unless the cart is the token's and open. */
  async requireOpenCart(tokenId: string, cartId: string): Promise<void> {
    if (!(await this.deps.carts.hasOpenLegacyCart(tokenId, cartId))) {
      throw new LegacyError(404, 'INVALID_CART_ID');
    }
  }

  async modifyCart(
    tokenId: string,
    cartId: string,
    changes: readonly LegacyCartChange[],
  ): Promise<LegacyCart> {
    const result = await this.deps.carts.applyLegacyChanges(tokenId, cartId, changes);
    if (result.ok) return legacyCart(cartId, result.lines);
    switch (result.reason) {
      case 'no_cart':
        throw new LegacyError(404, 'INVALID_CART_ID');
      case 'no_product':
        throw new LegacyError(404, 'INVALID_PRODUCT');
      case 'over_remove':
        throw new LegacyError(400, 'INVALID_QUANTITY');
      case 'no_stock':
        throw lackOfInventory(result.variantId);
    }
  }

  /**
   * One transaction: locks the cart, checks the per-checkout limits, then (under the client's
   * checkout lock) that the client's orders awaiting payment with this one stay within the
   * outstanding caps, takes the stock of every line (variant rows in id order, each update
   * conditional on enough stock) or of none, records an order awaiting payment (source
   * 'legacy', the token's client, no user, no card; tax and shipping by the shop's rules) whose
   * stock stays reserved until an admin confirms or cancels it or the reservation expires, and
   * closes the cart. No money moved, so nothing is `paid`.
   */
  async checkoutCart(tokenId: string, cartId: string): Promise<LegacyCart> {
    const { rules } = this.deps;
    const lines = await this.deps.db.transaction(async (tx) => {
      const lines = await this.deps.carts.lockLegacyCart(tokenId, cartId, tx);
      if (!lines) throw new LegacyError(404, 'INVALID_CART_ID');
      if (lines.length === 0) throw new LegacyError(409, 'EMPTY_CART');
      const units = lines.reduce((sum, line) => sum + line.quantity, 0);
      if (units > rules.maxUnitsPerCheckout) throw new LegacyError(409, 'TOO_MANY_UNITS');
      const totals = priceLines(lines, this.deps.pricing);
      // Also the guard of the 32-bit money columns, whatever the configuration says.
      if (totals.totalCents > Math.min(rules.maxAmountCents, MAX_ORDER_TOTAL_CENTS)) {
        throw new LegacyError(409, 'AMOUNT_TOO_LARGE');
      }
      const clientId = await this.#clientOfToken(tx, tokenId);
      const held = await lockOutstanding(tx, clientId);
      if (held.units + units > rules.maxOutstandingUnits) {
        throw new LegacyError(409, 'TOO_MANY_UNITS_AWAITING_PAYMENT');
      }
      if (held.amountCents + totals.totalCents > rules.maxOutstandingAmountCents) {
        throw new LegacyError(409, 'AMOUNT_AWAITING_PAYMENT_TOO_LARGE');
      }
      const now = new Date(this.deps.now());
      try {
        await recordOrder(
          tx,
          {
            id: randomUUID(),
            userId: null,
            source: 'legacy',
            legacyClientId: clientId,
            status: 'awaiting_payment',
            currency: this.deps.currency,
            ...totals,
            createdAt: now,
            updatedAt: now,
            reservedUntil: new Date(now.getTime() + rules.reservationMs),
          },
          lines,
          now,
        );
      } catch (error) {
        // Rethrown inside the transaction, which rolls back the order with the stock.
        if (error instanceof OutOfStock) throw lackOfInventory(error.line.variantId);
        throw error;
      }
      await this.deps.carts.markCheckedOut(cartId, tx);
      return lines;
    });
    await this.deps.catalogChanged(lines.map((line) => line.productId));
    return legacyCart(cartId, lines);
  }

  async discardCart(tokenId: string, cartId: string): Promise<void> {
    if (!(await this.deps.carts.discardLegacyCart(tokenId, cartId))) {
      throw new LegacyError(404, 'INVALID_CART_ID');
    }
  }

  /** The API client a token was issued to; null for a demo-mode token. */
  async #clientOfToken(tx: Db, tokenId: string): Promise<string | null> {
    const [token] = await tx
      .select({ clientId: legacyTokens.clientId })
      .from(legacyTokens)
      .where(eq(legacyTokens.id, tokenId));
    return token?.clientId ?? null;
  }

  /**
   * A live token: this one, not invalidated, not expired, and its client not revoked (so a
   * revocation ends the client's tokens at once). A demo-mode token, which has no client, is
   * live only while demo mode is on.
   */
  #live(token: string) {
    const liveClients = this.deps.db
      .select({ id: legacyApiClients.id })
      .from(legacyApiClients)
      .where(isNull(legacyApiClients.revokedAt));
    const clientLive = inArray(legacyTokens.clientId, liveClients);
    return and(
      eq(legacyTokens.tokenHash, hashLegacySecret(token)),
      isNull(legacyTokens.invalidatedAt),
      gt(legacyTokens.expiresAt, new Date(this.deps.now())),
      this.deps.rules.openTokens ? or(isNull(legacyTokens.clientId), clientLive) : clientLive,
    );
  }
}
