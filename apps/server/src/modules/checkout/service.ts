import { createHash, randomUUID } from 'node:crypto';
import { type ValidCard, validateCard } from '@ironcart/cards';
import { and, asc, eq, isNull, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { errorBody, HttpError } from '../../lib/errors.js';
import { type PricingRules, priceLines } from '../cart/pricing.js';
import { type CartService, type CheckoutSnapshot, cartInCheckout } from '../cart/service.js';
import { productVariants } from '../catalog/tables.js';
import { variantName } from '../catalog/variants.js';
import { MAX_ORDER_TOTAL_CENTS, orderLimitExceeded } from '../orders/limits.js';
import { insertOrderLines, returnStock, takeStock } from '../orders/recording.js';
import type { OrderService } from '../orders/service.js';
import { orders } from '../orders/tables.js';
import {
  declineMessage,
  GatewayUnavailableError,
  isDeclineCode,
  type PaymentGateway,
} from '../payments/gateway.js';
import { orderPaymentKeys } from '../payments/order-keys.js';
import { payments } from '../payments/tables.js';
import type { CheckoutBody } from './schemas.js';
import { idempotencyRecords } from './tables.js';

export interface CheckoutServiceDeps {
  db: Db;
  carts: CartService;
  orders: OrderService;
  gateway: PaymentGateway;
  pricing: PricingRules;
  currency: string;
  /** How long a pending order holds its stock before the sweeper settles it. */
  reservationMs: number;
  /** How long an idempotency key is remembered. */
  idempotencyTtlMs: number;
  now: () => number;
}

/** A checkout answer, stored under the idempotency key and replayed for retries. */
export interface CheckoutAnswer {
  status: number;
  body: unknown;
}

/** Everything one checkout attempt is about. */
interface Purchase {
  user: { id: string };
  snapshot: CheckoutSnapshot;
  body: CheckoutBody;
  card: ValidCard;
  scope: string;
  key: string;
}

type PendingOrder = {
  id: string;
  number: number;
  totalCents: number;
};

const authorizeKey = (orderId: string) => orderPaymentKeys(orderId).authorize;
const captureKey = (orderId: string) => orderPaymentKeys(orderId).capture;
const voidKey = (orderId: string) => orderPaymentKeys(orderId).void;
const sha256 = (text: string) => createHash('sha256').update(text).digest();

/**
 * Checkout, designed so that no failure anywhere oversells, double-charges or loses stock:
 *
 * 1. The idempotency key is claimed (a retry replays the stored answer; the same key with
 *    another purchase is refused). The cart must be the one the shopper was shown (its version).
 * 2. One short transaction claims the cart (one checkout in flight per cart), creates the order
 *    `pending` at the prices the shopper saw and takes the stock with conditional updates, rows
 *    in product-id order.
 * 3. The gateway is called outside any transaction (authorize, then capture), with keys derived
 *    from the order id, so any retry of a call is idempotent at the gateway too.
 * 4. A conditional transition settles the order: `paid` (consuming the cart), or `failed` with
 *    its stock returned (which ends the cart's claim).
 *
 * Any failure after step 1 leaves the key answerable: a refusal is stored under it, a passing
 * conflict or a fault before the order frees it, a fault after settles the order at once.
 * A crash between 2 and 4 leaves a pending order whose reservation expires; the sweeper asks the
 * gateway what happened to its authorization and finishes the job either way.
 */
export class CheckoutService {
  constructor(private readonly deps: CheckoutServiceDeps) {}

  async checkout(
    user: { id: string },
    idempotencyKey: string,
    body: CheckoutBody,
  ): Promise<CheckoutAnswer> {
    const validation = validateCard(body.card, new Date(this.deps.now()));
    if (!validation.ok) {
      const [first] = validation.errors;
      throw new HttpError(
        400,
        'invalid_card',
        first?.message ?? 'The card details are not valid.',
        validation.errors.map((e) => ({ path: `body/card/${e.field}`, message: e.message })),
      );
    }
    const card = validation.card;
    const snapshot = await this.deps.carts.checkoutSnapshot(user.id);
    const { totalCents } = priceLines(snapshot.lines, this.deps.pricing);
    if (totalCents > MAX_ORDER_TOTAL_CENTS)
      throw orderLimitExceeded(totalCents, this.deps.currency);
    // What makes two requests "the same purchase": the billing address, which card (never the
    // number itself) and the cart the shopper confirmed (its version). A retry after success
    // finds that cart consumed and still gets the stored answer.
    const requestHash = sha256(
      JSON.stringify({
        billing: body.billing,
        card: [card.brand, card.last4, card.expMonth, card.expYear, card.holder],
        cartVersion: body.cartVersion,
      }),
    );
    const scope = `user:${user.id}`;
    const replay = await this.#claim(scope, idempotencyKey, requestHash);
    if (replay) return replay;
    const purchase = { user, snapshot, body, card, scope, key: idempotencyKey };
    try {
      return await this.#purchase(purchase);
    } catch (error) {
      await this.#settleKeyAfter(error, purchase);
      throw error;
    }
  }

  /** The checks that need the claimed key, then the reservation and the payment. */
  async #purchase(purchase: Purchase): Promise<CheckoutAnswer> {
    const { snapshot, body } = purchase;
    if (snapshot.lines.length === 0) {
      throw new HttpError(409, 'cart_empty', 'Your cart is empty.');
    }
    if (snapshot.version !== body.cartVersion) return this.#cartChanged(purchase);
    const blocked = snapshot.lines.find((line) => line.state !== 'ok');
    if (blocked) {
      const code = blocked.state === 'unavailable' ? 'product_unavailable' : 'insufficient_stock';
      throw new HttpError(
        409,
        code,
        `${variantName(blocked.title, blocked.variantLabel)}: ${blocked.problem}`,
      );
    }
    return this.#reserveAndPay(purchase);
  }

  /**
   * Leaves the key of an attempt that failed answerable, never stuck "in progress":
   * - a refusal about this purchase (out of stock, empty cart, ...) is stored: the same key
   *   gives it again;
   * - another checkout holding the cart is a passing state: the key is freed for a retry;
   * - a payment whose outcome is unknown (503, or the gateway unreachable) stays pending: the
   *   sweeper settles the order with the gateway and answers the key;
   * - any other fault frees the key if no order was made, or settles the order at once.
   */
  async #settleKeyAfter(error: unknown, purchase: Purchase): Promise<void> {
    const { scope, key } = purchase;
    if (error instanceof GatewayUnavailableError) return;
    if (error instanceof HttpError) {
      if (error.statusCode === 503) return;
      if (error.code === 'cart_in_checkout') return this.#release(purchase);
      await this.#complete(scope, key, {
        status: error.statusCode,
        body: errorBody(error.code, error.message, error.details, error.available),
      });
      return;
    }
    try {
      const [record] = await this.deps.db
        .select({ state: idempotencyRecords.state, orderId: idempotencyRecords.orderId })
        .from(idempotencyRecords)
        .where(and(eq(idempotencyRecords.scope, scope), eq(idempotencyRecords.key, key)));
      if (record?.state !== 'in_progress') return;
      if (!record.orderId) return await this.#release(purchase);
      const order = await this.#pendingOrder(record.orderId);
      if (order) await this.#settleWithGateway(order);
      const answer = await this.#answerFromOrder(record.orderId);
      if (answer) await this.#complete(scope, key, answer);
    } catch {
      // The store or the gateway is failing too: the sweeper settles the order and the key
      // later. The caller reports the original fault.
    }
  }

  /** Frees a key whose attempt made no order, so a retry with it starts afresh. */
  async #release({ scope, key }: Purchase): Promise<void> {
    await this.deps.db
      .delete(idempotencyRecords)
      .where(
        and(
          eq(idempotencyRecords.scope, scope),
          eq(idempotencyRecords.key, key),
          eq(idempotencyRecords.state, 'in_progress'),
          isNull(idempotencyRecords.orderId),
        ),
      );
  }

  /**
   * Settles pending orders whose reservation has expired (a crash, or a gateway that never
   * answered): an authorization the gateway has is captured and the order paid; otherwise the
   * order fails and its stock returns. Then answers the idempotency keys whose first attempt
   * died, and forgets expired keys.
   */
  async sweep(): Promise<{ settled: number }> {
    const now = new Date(this.deps.now());
    const stale = await this.deps.db
      .select({ id: orders.id })
      .from(orders)
      .where(and(eq(orders.status, 'pending'), lt(orders.reservedUntil, now)))
      .orderBy(asc(orders.reservedUntil))
      .limit(100);
    for (const { id } of stale) {
      const order = await this.#pendingOrder(id);
      if (order) await this.#settleWithGateway(order);
    }
    await this.#answerAbandonedKeys(now);
    await this.deps.db.delete(idempotencyRecords).where(lt(idempotencyRecords.expiresAt, now));
    return { settled: stale.length };
  }

  /**
   * Settles a pending order whose attempt can no longer finish it: an authorization the gateway
   * has is captured and the order paid; otherwise the order fails and its stock returns.
   */
  async #settleWithGateway(order: PendingOrder): Promise<void> {
    const found = await this.deps.gateway.lookup({ idempotencyKey: authorizeKey(order.id) });
    const authorized = found.ok && (found.status === 'authorized' || found.status === 'captured');
    if (authorized) await this.#captureAndSettle(order, found.reference);
    else await this.#fail(order, 'processing_error');
  }

  /**
   * Keys whose first attempt died (the process was killed) stay `in_progress`. Once their order
   * is settled they get its answer, so a retry with the key is answered instead of being told
   * "in progress" for a day (settling the order consumed or freed the cart already).
   * A key that died before its order was made is released, so a retry starts afresh; it waits
   * two reservation periods first, far longer than a live attempt takes to make its order.
   */
  async #answerAbandonedKeys(now: Date): Promise<void> {
    const stuck = await this.deps.db
      .select()
      .from(idempotencyRecords)
      .where(
        and(
          eq(idempotencyRecords.state, 'in_progress'),
          lt(idempotencyRecords.createdAt, new Date(now.getTime() - this.deps.reservationMs)),
        ),
      )
      .limit(100);
    for (const record of stuck) {
      const which = and(
        eq(idempotencyRecords.scope, record.scope),
        eq(idempotencyRecords.key, record.key),
        eq(idempotencyRecords.state, 'in_progress'),
      );
      if (!record.orderId) {
        const releaseBefore = new Date(now.getTime() - 2 * this.deps.reservationMs);
        if (record.createdAt < releaseBefore) {
          await this.deps.db
            .delete(idempotencyRecords)
            .where(and(which, isNull(idempotencyRecords.orderId)));
        }
        continue;
      }
      const answer = await this.#answerFromOrder(record.orderId);
      if (!answer) continue;
      await this.deps.db
        .update(idempotencyRecords)
        .set({ state: 'completed', responseStatus: answer.status, responseBody: answer.body })
        .where(which);
    }
  }

  /**
   * Claims the key, or answers from it: the stored answer for a retry of the same purchase
   * (same card, billing and cart version); 422 when the key was used for another purchase; 409
   * while the first attempt still runs. A first attempt that died after its order was settled
   * (a crash before its answer was stored) is answered from the order.
   */
  async #claim(
    scope: string,
    key: string,
    requestHash: Buffer,
  ): Promise<CheckoutAnswer | undefined> {
    const now = this.deps.now();
    const inserted = await this.deps.db
      .insert(idempotencyRecords)
      .values({
        scope,
        key,
        requestHash,
        state: 'in_progress',
        createdAt: new Date(now),
        expiresAt: new Date(now + this.deps.idempotencyTtlMs),
      })
      .onConflictDoNothing()
      .returning({ key: idempotencyRecords.key });
    if (inserted.length === 1) return undefined;
    const [record] = await this.deps.db
      .select()
      .from(idempotencyRecords)
      .where(and(eq(idempotencyRecords.scope, scope), eq(idempotencyRecords.key, key)));
    if (record && !Buffer.from(record.requestHash).equals(requestHash)) {
      throw new HttpError(
        422,
        'idempotency_key_reused',
        'This Idempotency-Key was used for a different purchase. Use a new key for a new purchase.',
      );
    }
    if (record?.state === 'completed' && record.responseStatus !== null) {
      return { status: record.responseStatus, body: record.responseBody };
    }
    if (record?.orderId) {
      const answer = await this.#answerFromOrder(record.orderId);
      if (answer) return this.#complete(scope, key, answer);
    }
    throw new HttpError(
      409,
      'checkout_in_progress',
      'This checkout is being processed. Try again in a moment.',
    );
  }

  /**
   * The answer a checkout gets for an order that is settled: 201 with the order when paid, the
   * decline when not; undefined while it is pending.
   */
  async #answerFromOrder(orderId: string): Promise<CheckoutAnswer | undefined> {
    const order = await this.deps.orders.detailById(orderId);
    if (order.status === 'pending') return undefined;
    if (order.status === 'paid' || order.status === 'refunded') return { status: 201, body: order };
    const [failure] = await this.deps.db
      .select({ code: payments.failureCode })
      .from(payments)
      .where(and(eq(payments.orderId, orderId), eq(payments.status, 'failed')));
    const decline = isDeclineCode(failure?.code) ? failure.code : 'processing_error';
    return { status: 402, body: errorBody(decline, declineMessage(decline)) };
  }

  async #complete(
    scope: string,
    key: string,
    answer: CheckoutAnswer,
    orderId?: string,
  ): Promise<CheckoutAnswer> {
    await this.deps.db
      .update(idempotencyRecords)
      .set({
        state: 'completed',
        responseStatus: answer.status,
        responseBody: answer.body,
        ...(orderId ? { orderId } : {}),
      })
      .where(and(eq(idempotencyRecords.scope, scope), eq(idempotencyRecords.key, key)));
    return answer;
  }

  /**
   * 409 cart_changed with the cart as it is now. Not an answer about this purchase: the shopper
   * confirms the new cart, with this key or another, so the key is freed.
   */
  async #cartChanged(purchase: Purchase): Promise<CheckoutAnswer> {
    await this.#release(purchase);
    return {
      status: 409,
      body: {
        ...errorBody(
          'cart_changed',
          'Your cart changed since you last saw it (a price, a quantity or an item). Please check the new total and confirm again.',
        ),
        cart: await this.deps.carts.view({ userId: purchase.user.id }),
      },
    };
  }

  async #reserveAndPay(purchase: Purchase): Promise<CheckoutAnswer> {
    const { card, scope, key } = purchase;
    let order: PendingOrder;
    try {
      order = await this.#reserve(purchase);
    } catch (error) {
      if (error instanceof CartChangedMeanwhile) return this.#cartChanged(purchase);
      throw error;
    }

    let authorization: Awaited<ReturnType<PaymentGateway['authorize']>>;
    try {
      authorization = await this.deps.gateway.authorize({
        idempotencyKey: authorizeKey(order.id),
        amountCents: order.totalCents,
        currency: this.deps.currency,
        card,
        description: `Ironcart order ${order.number}`,
      });
    } catch (error) {
      if (!(error instanceof GatewayUnavailableError)) throw error;
      // Unknown outcome: the order stays pending and the sweeper settles it with the gateway.
      throw new HttpError(
        503,
        'payment_pending',
        'We could not reach the payment provider. Your order is pending; check your orders in a few minutes before trying again.',
      );
    }
    if (!authorization.ok) {
      await this.#fail(order, authorization.decline);
      return this.#complete(
        scope,
        key,
        {
          status: 402,
          body: errorBody(authorization.decline, declineMessage(authorization.decline)),
        },
        order.id,
      );
    }
    const settled = await this.#captureAndSettle(order, authorization.reference);
    if (!settled.ok) {
      return this.#complete(
        scope,
        key,
        { status: 402, body: errorBody(settled.decline, declineMessage(settled.decline)) },
        order.id,
      );
    }
    const detail = await this.deps.orders.detailById(order.id);
    return this.#complete(scope, key, { status: 201, body: detail }, order.id);
  }

  async #reserve({ user, snapshot, body, card, scope, key }: Purchase): Promise<PendingOrder> {
    const now = this.deps.now();
    const lines = snapshot.lines;
    const totals = priceLines(lines, this.deps.pricing);
    const orderId = randomUUID();
    return this.deps.db.transaction(async (tx) => {
      // First, so that racing checkouts of this cart wait here and take no stock.
      if (!(await this.deps.carts.claimForCheckout(snapshot.cartId, orderId, tx))) {
        throw cartInCheckout();
      }
      // The claim holds the cart's lock, which every change takes: a change that committed
      // after the snapshot was read shows now, and none can come after.
      const current = await this.deps.carts.checkoutSnapshot(user.id, tx);
      if (current.version !== snapshot.version) throw new CartChangedMeanwhile();
      const short = await takeStock(tx, lines, new Date(now));
      if (short) {
        const [variant] = await tx
          .select({ stock: productVariants.stock })
          .from(productVariants)
          .where(eq(productVariants.id, short.variantId));
        const name = variantName(short.title, short.variantLabel);
        const error = new HttpError(
          409,
          'insufficient_stock',
          variant?.stock
            ? `Only ${variant.stock} of ${name} left; your cart has ${short.quantity}. Please update your cart.`
            : `${name} just sold out. Please remove it from your cart.`,
        );
        error.available = variant?.stock ?? 0;
        throw error;
      }
      const [order] = await tx
        .insert(orders)
        .values({
          id: orderId,
          userId: user.id,
          source: 'storefront',
          status: 'pending',
          currency: this.deps.currency,
          ...totals,
          billingName: body.billing.name,
          billingAddress: {
            line1: body.billing.line1,
            ...(body.billing.line2 ? { line2: body.billing.line2 } : {}),
            city: body.billing.city,
            postalCode: body.billing.postalCode,
            country: body.billing.country,
          },
          cardBrand: card.brand,
          cardLast4: card.last4,
          cardExpMonth: card.expMonth,
          cardExpYear: card.expYear,
          createdAt: new Date(now),
          updatedAt: new Date(now),
          reservedUntil: new Date(now + this.deps.reservationMs),
        })
        .returning({ id: orders.id, number: orders.number, totalCents: orders.totalCents });
      if (!order) throw new Error('order insert returned nothing');
      await insertOrderLines(tx, order.id, lines);
      await tx
        .update(idempotencyRecords)
        .set({ orderId: order.id })
        .where(and(eq(idempotencyRecords.scope, scope), eq(idempotencyRecords.key, key)));
      return order;
    });
  }

  /** Captures an authorization and marks the order paid; voids it if the order was settled meanwhile. */
  async #captureAndSettle(order: PendingOrder, reference: string) {
    const capture = await this.deps.gateway.capture({
      idempotencyKey: captureKey(order.id),
      reference,
      amountCents: order.totalCents,
    });
    if (!capture.ok) {
      await this.deps.gateway.void({ idempotencyKey: voidKey(order.id), reference });
      await this.#fail(order, capture.decline);
      return capture;
    }
    const now = new Date(this.deps.now());
    const paid = await this.deps.db.transaction(async (tx) => {
      const updated = await tx
        .update(orders)
        .set({ status: 'paid', paidAt: now, updatedAt: now, reservedUntil: null })
        .where(and(eq(orders.id, order.id), eq(orders.status, 'pending')))
        .returning({ id: orders.id });
      if (updated.length === 0) return false;
      await this.deps.carts.consumeCheckout(order.id, tx);
      await tx.insert(payments).values({
        orderId: order.id,
        gateway: this.deps.gateway.name,
        gatewayReference: reference,
        status: 'captured',
        amountCents: order.totalCents,
        currency: this.deps.currency,
        idempotencyKey: captureKey(order.id),
        createdAt: now,
        updatedAt: now,
      });
      return true;
    });
    if (!paid) {
      // The sweeper failed this order while the gateway was slow: give the money back.
      await this.deps.gateway.refund({
        idempotencyKey: orderPaymentKeys(order.id).refund,
        reference,
        amountCents: order.totalCents,
      });
      return { ok: false as const, decline: 'processing_error' as const, retryable: true };
    }
    return capture;
  }

  /** Fails a pending order and returns its stock, once (the status transition guards it). */
  async #fail(order: PendingOrder, reason: string): Promise<void> {
    const now = new Date(this.deps.now());
    await this.deps.db.transaction(async (tx) => {
      const updated = await tx
        .update(orders)
        .set({ status: 'failed', updatedAt: now, reservedUntil: null })
        .where(and(eq(orders.id, order.id), eq(orders.status, 'pending')))
        .returning({ id: orders.id });
      if (updated.length === 0) return;
      await returnStock(tx, order.id, now);
      await tx
        .insert(payments)
        .values({
          orderId: order.id,
          gateway: this.deps.gateway.name,
          status: 'failed',
          amountCents: order.totalCents,
          currency: this.deps.currency,
          idempotencyKey: authorizeKey(order.id),
          failureCode: reason,
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing();
    });
  }

  async #pendingOrder(id: string): Promise<PendingOrder | undefined> {
    const [order] = await this.deps.db
      .select({ id: orders.id, number: orders.number, totalCents: orders.totalCents })
      .from(orders)
      .where(and(eq(orders.id, id), eq(orders.status, 'pending')));
    return order;
  }
}

/** Thrown inside the reservation transaction (rolling it back) when the cart changed since its snapshot. */
class CartChangedMeanwhile extends Error {}
